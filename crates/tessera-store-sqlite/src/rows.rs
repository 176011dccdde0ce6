//! Mapping between rows and records. Each record has a column list and a mapper
//! reading the columns in that order. The lists are unqualified, as `RETURNING`
//! requires; queries joining tables qualify them with [`qualified`].

use std::str::FromStr;

use jiff::Timestamp;
use rusqlite::Row;
use rusqlite::types::FromSql;
use serde::de::DeserializeOwned;
use tessera_core::{Impact, Priority, Urgency};
use tessera_store::{
    ApiToken, Attachment, Comment, Event, EventKind, Group, Identity, IdentityKind, Job, JobStatus,
    Notification, Organization, SavedView, Schedule, Session, SlaCalendarRecord, SlaFacts,
    SlaPolicyRecord, Ticket, TicketSla, User,
};

use crate::error::corrupt;

/// Reads a row's columns left to right, so a mapper follows its column list
/// without hand-numbered indexes.
pub(crate) struct Columns<'a, 'r> {
    row: &'a Row<'r>,
    next: usize,
}

impl<'a, 'r> Columns<'a, 'r> {
    pub(crate) fn new(row: &'a Row<'r>) -> Self {
        Columns { row, next: 0 }
    }

    fn index(&mut self) -> usize {
        let i = self.next;
        self.next += 1;
        i
    }

    pub(crate) fn get<T: FromSql>(&mut self) -> rusqlite::Result<T> {
        let i = self.index();
        self.row.get(i)
    }

    pub(crate) fn timestamp(&mut self) -> rusqlite::Result<Timestamp> {
        let i = self.index();
        micros_to_timestamp(i, self.row.get(i)?)
    }

    pub(crate) fn opt_timestamp(&mut self) -> rusqlite::Result<Option<Timestamp>> {
        let i = self.index();
        self.row
            .get::<_, Option<i64>>(i)?
            .map(|us| micros_to_timestamp(i, us))
            .transpose()
    }

    /// A text column holding one of the domain's string enums.
    pub(crate) fn parse<T>(&mut self) -> rusqlite::Result<T>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        let i = self.index();
        self.text_ref(i)?.parse().map_err(|e| corrupt(i, e))
    }

    /// A text column holding JSON, parsed in place (no copy of the text).
    pub(crate) fn json<T: DeserializeOwned>(&mut self) -> rusqlite::Result<T> {
        let i = self.index();
        serde_json::from_str(self.text_ref(i)?).map_err(|e| corrupt(i, e))
    }

    /// Column `i` as text borrowed from the row.
    fn text_ref(&self, i: usize) -> rusqlite::Result<&str> {
        self.row.get_ref(i)?.as_str().map_err(|e| match e {
            rusqlite::types::FromSqlError::InvalidType => rusqlite::Error::InvalidColumnType(
                i,
                String::new(),
                self.row
                    .get_ref(i)
                    .map_or(rusqlite::types::Type::Null, |v| v.data_type()),
            ),
            other => rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                Box::new(other),
            ),
        })
    }

    fn level<T>(
        &mut self,
        make: impl FnOnce(i64) -> Result<T, tessera_core::CoreError>,
    ) -> rusqlite::Result<T> {
        let i = self.index();
        make(self.row.get(i)?).map_err(|e| corrupt(i, e))
    }

    fn priority(&mut self) -> rusqlite::Result<Priority> {
        let i = self.index();
        let rank: i64 = self.row.get(i)?;
        u8::try_from(rank)
            .ok()
            .and_then(Priority::from_rank)
            .ok_or_else(|| corrupt(i, Invalid("priority rank")))
    }

    fn identity_kind(&mut self) -> rusqlite::Result<IdentityKind> {
        let i = self.index();
        let text: String = self.row.get(i)?;
        IdentityKind::parse(&text).ok_or_else(|| corrupt(i, Invalid("identity kind")))
    }

    pub(crate) fn job_status(&mut self) -> rusqlite::Result<JobStatus> {
        let i = self.index();
        let text: String = self.row.get(i)?;
        JobStatus::parse(&text).ok_or_else(|| corrupt(i, Invalid("job status")))
    }

    fn event_kind(&mut self) -> rusqlite::Result<EventKind> {
        let i = self.index();
        let text: String = self.row.get(i)?;
        EventKind::parse(&text).ok_or_else(|| corrupt(i, Invalid("event kind")))
    }
}

#[derive(Debug)]
struct Invalid(&'static str);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid {}", self.0)
    }
}

impl std::error::Error for Invalid {}

/// `columns` with each name prefixed by `alias.`.
pub(crate) fn qualified(alias: &str, columns: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn micros_to_timestamp(column: usize, us: i64) -> rusqlite::Result<Timestamp> {
    Timestamp::from_microsecond(us).map_err(|e| corrupt(column, e))
}

/// Timestamps are stored as microseconds since the epoch (see the schema).
pub(crate) fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

pub(crate) fn opt_micros(t: Option<Timestamp>) -> Option<i64> {
    t.map(micros)
}

// ----- tickets -------------------------------------------------------------------

pub(crate) const TICKET_COLUMNS: &str = "id, number, subject, description, status, \
     ticket_type, impact, urgency, priority, priority_overridden, category, tags, \
     custom_fields, requester_id, organization_id, assignee_id, group_id, tier, \
     channel, language, created_at, updated_at, first_response_at, solved_at, \
     closed_at, version";

pub(crate) fn ticket(row: &Row<'_>) -> rusqlite::Result<Ticket> {
    ticket_from(&mut Columns::new(row))
}

pub(crate) fn ticket_from(c: &mut Columns<'_, '_>) -> rusqlite::Result<Ticket> {
    Ok(Ticket {
        id: c.get()?,
        number: c.get()?,
        subject: c.get()?,
        description: c.get()?,
        status: c.parse()?,
        ticket_type: c.parse()?,
        impact: c.level(Impact::new)?,
        urgency: c.level(Urgency::new)?,
        priority: c.priority()?,
        priority_overridden: c.get()?,
        category: c.get()?,
        tags: c.json()?,
        custom_fields: c.json()?,
        requester_id: c.get()?,
        organization_id: c.get()?,
        assignee_id: c.get()?,
        group_id: c.get()?,
        tier: c.parse()?,
        channel: c.parse()?,
        language: c.get()?,
        created_at: c.timestamp()?,
        updated_at: c.timestamp()?,
        first_response_at: c.opt_timestamp()?,
        solved_at: c.opt_timestamp()?,
        closed_at: c.opt_timestamp()?,
        version: c.get()?,
    })
}

pub(crate) const COMMENT_COLUMNS: &str = "id, ticket_id, author_id, body, public, created_at";

/// A comment without its attachments (the caller adds them).
pub(crate) fn comment(row: &Row<'_>) -> rusqlite::Result<Comment> {
    let mut c = Columns::new(row);
    Ok(Comment {
        id: c.get()?,
        ticket_id: c.get()?,
        author_id: c.get()?,
        body: c.get()?,
        public: c.get()?,
        attachments: Vec::new(),
        created_at: c.timestamp()?,
    })
}

pub(crate) const ATTACHMENT_COLUMNS: &str = "id, comment_id, filename, content_type, size";

pub(crate) fn attachment(row: &Row<'_>) -> rusqlite::Result<Attachment> {
    let mut c = Columns::new(row);
    Ok(Attachment {
        id: c.get()?,
        comment_id: c.get()?,
        filename: c.get()?,
        content_type: c.get()?,
        size: c.get()?,
    })
}

pub(crate) const EVENT_COLUMNS: &str =
    "id, ticket_id, actor_id, kind, field, old_value, new_value, comment_id, internal, created_at";

pub(crate) fn event(row: &Row<'_>) -> rusqlite::Result<Event> {
    let mut c = Columns::new(row);
    Ok(Event {
        id: c.get()?,
        ticket_id: c.get()?,
        actor_id: c.get()?,
        kind: c.event_kind()?,
        field: c.get()?,
        old_value: c.get()?,
        new_value: c.get()?,
        comment_id: c.get()?,
        internal: c.get()?,
        created_at: c.timestamp()?,
    })
}

// ----- people --------------------------------------------------------------------

pub(crate) const USER_COLUMNS: &str = "id, name, email, role, organization_id, \
     language, time_zone, active, created_at";

pub(crate) fn user(row: &Row<'_>) -> rusqlite::Result<User> {
    user_from(&mut Columns::new(row))
}

pub(crate) fn user_from(c: &mut Columns<'_, '_>) -> rusqlite::Result<User> {
    Ok(User {
        id: c.get()?,
        name: c.get()?,
        email: c.get()?,
        role: c.parse()?,
        organization_id: c.get()?,
        language: c.get()?,
        time_zone: c.get()?,
        active: c.get()?,
        created_at: c.timestamp()?,
    })
}

pub(crate) const IDENTITY_COLUMNS: &str = "id, user_id, kind, value";

pub(crate) fn identity(row: &Row<'_>) -> rusqlite::Result<Identity> {
    let mut c = Columns::new(row);
    Ok(Identity {
        id: c.get()?,
        user_id: c.get()?,
        kind: c.identity_kind()?,
        value: c.get()?,
    })
}

pub(crate) const ORGANIZATION_COLUMNS: &str = "id, name, domains, shares_tickets, created_at";

pub(crate) fn organization(row: &Row<'_>) -> rusqlite::Result<Organization> {
    let mut c = Columns::new(row);
    Ok(Organization {
        id: c.get()?,
        name: c.get()?,
        domains: c.json()?,
        shares_tickets: c.get()?,
        created_at: c.timestamp()?,
    })
}

pub(crate) const GROUP_COLUMNS: &str = "id, name, description, tier, created_at";

pub(crate) fn group(row: &Row<'_>) -> rusqlite::Result<Group> {
    let mut c = Columns::new(row);
    Ok(Group {
        id: c.get()?,
        name: c.get()?,
        description: c.get()?,
        tier: c.parse()?,
        created_at: c.timestamp()?,
    })
}

// ----- credentials ---------------------------------------------------------------

pub(crate) const API_TOKEN_COLUMNS: &str =
    "id, user_id, name, prefix, created_at, last_used_at, revoked_at";

pub(crate) fn api_token(row: &Row<'_>) -> rusqlite::Result<ApiToken> {
    api_token_from(&mut Columns::new(row))
}

pub(crate) fn api_token_from(c: &mut Columns<'_, '_>) -> rusqlite::Result<ApiToken> {
    Ok(ApiToken {
        id: c.get()?,
        user_id: c.get()?,
        name: c.get()?,
        prefix: c.get()?,
        created_at: c.timestamp()?,
        last_used_at: c.opt_timestamp()?,
        revoked_at: c.opt_timestamp()?,
    })
}

pub(crate) const SESSION_COLUMNS: &str = "user_id, csrf_token, created_at, expires_at";

pub(crate) fn session_from(c: &mut Columns<'_, '_>) -> rusqlite::Result<Session> {
    Ok(Session {
        user_id: c.get()?,
        csrf_token: c.get()?,
        created_at: c.timestamp()?,
        expires_at: c.timestamp()?,
    })
}

// ----- saved views ---------------------------------------------------------------

pub(crate) const VIEW_COLUMNS: &str =
    "id, owner_id, name, filters, sort, columns, position, created_at";

pub(crate) fn view(row: &Row<'_>) -> rusqlite::Result<SavedView> {
    let mut c = Columns::new(row);
    Ok(SavedView {
        id: c.get()?,
        owner_id: c.get()?,
        name: c.get()?,
        filters: c.json()?,
        sort: c.get()?,
        columns: c.json()?,
        position: c.get()?,
        created_at: c.timestamp()?,
    })
}

// ----- jobs and schedules --------------------------------------------------------

pub(crate) const JOB_COLUMNS: &str = "id, kind, payload, run_at, attempts, max_attempts, \
     status, last_error, locked_by, locked_until, dedupe_key, created_at, finished_at";

pub(crate) fn job(row: &Row<'_>) -> rusqlite::Result<Job> {
    let mut c = Columns::new(row);
    Ok(Job {
        id: c.get()?,
        kind: c.get()?,
        payload: c.json()?,
        run_at: c.timestamp()?,
        attempts: c.get()?,
        max_attempts: c.get()?,
        status: c.job_status()?,
        last_error: c.get()?,
        locked_by: c.get()?,
        locked_until: c.opt_timestamp()?,
        dedupe_key: c.get()?,
        created_at: c.timestamp()?,
        finished_at: c.opt_timestamp()?,
    })
}

pub(crate) const SCHEDULE_COLUMNS: &str = "name, next_run_at, last_run_at";

pub(crate) fn schedule(row: &Row<'_>) -> rusqlite::Result<Schedule> {
    let mut c = Columns::new(row);
    Ok(Schedule {
        name: c.get()?,
        next_run_at: c.timestamp()?,
        last_run_at: c.opt_timestamp()?,
    })
}

// ----- SLA and notifications -----------------------------------------------------

pub(crate) const SLA_CALENDAR_COLUMNS: &str = "id, name, definition, version, updated_at";

pub(crate) fn sla_calendar(row: &Row<'_>) -> rusqlite::Result<SlaCalendarRecord> {
    let mut c = Columns::new(row);
    Ok(SlaCalendarRecord {
        id: c.get()?,
        name: c.get()?,
        definition: c.json()?,
        version: c.get()?,
        updated_at: c.timestamp()?,
    })
}

pub(crate) const SLA_POLICY_COLUMNS: &str =
    "id, name, position, active, calendar_id, definition, version, updated_at";

pub(crate) fn sla_policy(row: &Row<'_>) -> rusqlite::Result<SlaPolicyRecord> {
    let mut c = Columns::new(row);
    Ok(SlaPolicyRecord {
        id: c.get()?,
        name: c.get()?,
        position: c.get()?,
        active: c.get()?,
        calendar_id: c.get()?,
        definition: c.json()?,
        version: c.get()?,
        updated_at: c.timestamp()?,
    })
}

pub(crate) const TICKET_SLA_COLUMNS: &str = "ticket_id, policy_id, timeline, state, \
     next_due_at, next_check_at, breached, computed_at";

pub(crate) fn ticket_sla(row: &Row<'_>) -> rusqlite::Result<TicketSla> {
    ticket_sla_from(&mut Columns::new(row))
}

pub(crate) fn ticket_sla_from(c: &mut Columns<'_, '_>) -> rusqlite::Result<TicketSla> {
    Ok(TicketSla {
        ticket_id: c.get()?,
        policy_id: c.get()?,
        timeline: c.json()?,
        state: c.json()?,
        next_due_at: c.opt_timestamp()?,
        next_check_at: c.opt_timestamp()?,
        breached: c.get()?,
        computed_at: c.timestamp()?,
    })
}

/// A ticket followed by the columns of its left-joined `ticket_sla` row, which are
/// all NULL when it has none.
pub(crate) fn ticket_with_sla(row: &Row<'_>) -> rusqlite::Result<(Ticket, Option<TicketSla>)> {
    let mut c = Columns::new(row);
    let ticket = ticket_from(&mut c)?;
    let sla_ticket_id: Option<i64> = row.get(c.next)?;
    let sla = match sla_ticket_id {
        Some(_) => Some(ticket_sla_from(&mut c)?),
        None => None,
    };
    Ok((ticket, sla))
}

/// The ticket columns `sla_facts` reads, in its order (qualify with `t`).
pub(crate) const SLA_FACTS_TICKET_COLUMNS: &str = "id, status, priority, ticket_type, \
     organization_id, tags, channel, category, created_at, updated_at, \
     first_response_at, solved_at, closed_at";

/// `SLA_FACTS_TICKET_COLUMNS` followed by the left-joined `ticket_sla` columns
/// (all NULL when the ticket has no row).
pub(crate) fn sla_facts(row: &Row<'_>) -> rusqlite::Result<SlaFacts> {
    let mut c = Columns::new(row);
    let ticket_id = c.get()?;
    let status = c.parse()?;
    let priority = c.priority()?;
    let ticket_type = c.parse()?;
    let organization_id = c.get()?;
    let tags = c.json()?;
    let channel = c.parse()?;
    let category = c.get()?;
    let created_at = c.timestamp()?;
    let updated_at = c.timestamp()?;
    let first_response_at = c.opt_timestamp()?;
    let solved_at = c.opt_timestamp()?;
    let closed_at = c.opt_timestamp()?;
    let sla_ticket_id: Option<i64> = row.get(c.next)?;
    let sla = match sla_ticket_id {
        Some(_) => Some(ticket_sla_from(&mut c)?),
        None => None,
    };
    Ok(SlaFacts {
        ticket_id,
        status,
        priority,
        ticket_type,
        organization_id,
        tags,
        channel,
        category,
        created_at,
        updated_at,
        first_response_at,
        solved_at,
        closed_at,
        sla,
    })
}

pub(crate) const NOTIFICATION_COLUMNS: &str =
    "id, user_id, ticket_id, kind, body, created_at, read_at";

pub(crate) fn notification(row: &Row<'_>) -> rusqlite::Result<Notification> {
    let mut c = Columns::new(row);
    Ok(Notification {
        id: c.get()?,
        user_id: c.get()?,
        ticket_id: c.get()?,
        kind: c.get()?,
        body: c.get()?,
        created_at: c.timestamp()?,
        read_at: c.opt_timestamp()?,
    })
}
