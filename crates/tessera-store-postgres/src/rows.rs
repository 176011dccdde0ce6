//! Decoding rows into store records, and the column lists the queries select.
//!
//! Column lists are macros so they can be spliced into `concat!` and keep every
//! query a `&'static str` (sqlx 0.9 only accepts dynamic SQL through
//! `QueryBuilder` or an explicit `AssertSqlSafe`).

use std::str::FromStr;

use jiff::Timestamp;
use serde_json::{Map, Value};
use sqlx::Row;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use tessera_core::{Impact, Priority, Urgency};
use tessera_store::{
    ApiToken, Attachment, Comment, Event, EventKind, Group, Identity, IdentityKind, Job, JobStatus,
    Notification, Organization, SavedView, Schedule, Session, SlaCalendarRecord, SlaFacts,
    SlaPolicyRecord, StoreResult, Ticket, TicketSla, User,
};

use crate::errors::{corrupt, from_sqlx};

/// Every column of `tickets` (aliased `t`), in the order [`ticket`] reads them.
macro_rules! ticket_columns {
    () => {
        "t.id, t.number, t.subject, t.description, t.status, t.ticket_type, t.impact, \
         t.urgency, t.priority, t.priority_overridden, t.category, t.tags, t.custom_fields, \
         t.requester_id, t.organization_id, t.assignee_id, t.group_id, t.tier, t.channel, \
         t.language, t.created_at, t.updated_at, t.first_response_at, t.solved_at, \
         t.closed_at, t.version"
    };
}

/// The columns of `users` (aliased `u`) that make a [`User`].
macro_rules! user_columns {
    () => {
        "u.id, u.name, u.email, u.role, u.organization_id, u.language, u.time_zone, \
         u.active, u.created_at"
    };
}

/// Every column of `saved_views`, as [`view`] reads them.
macro_rules! view_columns {
    () => {
        "id, owner_id, name, filters, sort, columns, position, created_at"
    };
}

/// Every column of `jobs`, as [`job`] reads them.
macro_rules! job_columns {
    () => {
        "id, kind, payload, run_at, attempts, max_attempts, status, last_error, locked_by, \
         locked_until, dedupe_key, created_at, finished_at"
    };
}

/// Every column of `sla_calendars`, as [`sla_calendar`] reads them.
macro_rules! sla_calendar_columns {
    () => {
        "id, name, definition, version, updated_at"
    };
}

/// Every column of `sla_policies`, as [`sla_policy`] reads them.
macro_rules! sla_policy_columns {
    () => {
        "id, name, position, active, calendar_id, definition, version, updated_at"
    };
}

/// Every column of `ticket_sla` (aliased `s`), as [`ticket_sla`] reads them.
/// The columns of `tickets` (aliased `t`) that make the ticket half of
/// [`SlaFacts`].
macro_rules! sla_facts_ticket_columns {
    () => {
        "t.id, t.status, t.priority, t.ticket_type, t.organization_id, t.tags, t.channel, \
         t.category, t.created_at, t.updated_at, t.first_response_at, t.solved_at, t.closed_at"
    };
}

macro_rules! ticket_sla_columns {
    () => {
        "s.ticket_id, s.policy_id, s.timeline, s.state, s.next_due_at, s.next_check_at, \
         s.breached, s.computed_at"
    };
}

/// Every column of `notifications`, as [`notification`] reads them.
macro_rules! notification_columns {
    () => {
        "id, user_id, ticket_id, kind, body, created_at, read_at"
    };
}

pub(crate) use {
    job_columns, notification_columns, sla_calendar_columns, sla_facts_ticket_columns,
    sla_policy_columns, ticket_columns, ticket_sla_columns, user_columns, view_columns,
};

/// Microseconds since the epoch, as stored.
pub(crate) fn micros(at: Timestamp) -> i64 {
    at.as_microsecond()
}

pub(crate) fn opt_micros(at: Option<Timestamp>) -> Option<i64> {
    at.map(micros)
}

pub(crate) fn get<'r, T>(row: &'r PgRow, column: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(column).map_err(from_sqlx)
}

pub(crate) fn timestamp(row: &PgRow, column: &str) -> StoreResult<Timestamp> {
    let us: i64 = get(row, column)?;
    Timestamp::from_microsecond(us).map_err(|_| corrupt(column, us))
}

pub(crate) fn opt_timestamp(row: &PgRow, column: &str) -> StoreResult<Option<Timestamp>> {
    let us: Option<i64> = get(row, column)?;
    us.map(|us| Timestamp::from_microsecond(us).map_err(|_| corrupt(column, us)))
        .transpose()
}

/// A text column holding one of a domain enum's `as_str()` values.
fn parsed<T: FromStr>(row: &PgRow, column: &str) -> StoreResult<T> {
    let text: String = get(row, column)?;
    text.parse().map_err(|_| corrupt(column, &text))
}

fn level(row: &PgRow, column: &str) -> StoreResult<i64> {
    let value: i16 = get(row, column)?;
    Ok(i64::from(value))
}

pub(crate) fn ticket(row: &PgRow) -> StoreResult<Ticket> {
    let impact = level(row, "impact")?;
    let urgency = level(row, "urgency")?;
    let rank: i16 = get(row, "priority")?;
    let tags: Json<Vec<String>> = get(row, "tags")?;
    let custom_fields: Json<Map<String, Value>> = get(row, "custom_fields")?;
    Ok(Ticket {
        id: get(row, "id")?,
        number: get(row, "number")?,
        subject: get(row, "subject")?,
        description: get(row, "description")?,
        status: parsed(row, "status")?,
        ticket_type: parsed(row, "ticket_type")?,
        impact: Impact::new(impact).map_err(|_| corrupt("impact", impact))?,
        urgency: Urgency::new(urgency).map_err(|_| corrupt("urgency", urgency))?,
        priority: u8::try_from(rank)
            .ok()
            .and_then(Priority::from_rank)
            .ok_or_else(|| corrupt("priority", rank))?,
        priority_overridden: get(row, "priority_overridden")?,
        category: get(row, "category")?,
        tags: tags.0,
        custom_fields: custom_fields.0,
        requester_id: get(row, "requester_id")?,
        organization_id: get(row, "organization_id")?,
        assignee_id: get(row, "assignee_id")?,
        group_id: get(row, "group_id")?,
        tier: parsed(row, "tier")?,
        channel: parsed(row, "channel")?,
        language: get(row, "language")?,
        created_at: timestamp(row, "created_at")?,
        updated_at: timestamp(row, "updated_at")?,
        first_response_at: opt_timestamp(row, "first_response_at")?,
        solved_at: opt_timestamp(row, "solved_at")?,
        closed_at: opt_timestamp(row, "closed_at")?,
        version: get(row, "version")?,
    })
}

pub(crate) fn user(row: &PgRow) -> StoreResult<User> {
    Ok(User {
        id: get(row, "id")?,
        name: get(row, "name")?,
        email: get(row, "email")?,
        role: parsed(row, "role")?,
        organization_id: get(row, "organization_id")?,
        language: get(row, "language")?,
        time_zone: get(row, "time_zone")?,
        active: get(row, "active")?,
        created_at: timestamp(row, "created_at")?,
    })
}

pub(crate) fn identity(row: &PgRow) -> StoreResult<Identity> {
    let kind: String = get(row, "kind")?;
    Ok(Identity {
        id: get(row, "id")?,
        user_id: get(row, "user_id")?,
        kind: IdentityKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        value: get(row, "value")?,
    })
}

pub(crate) fn organization(row: &PgRow) -> StoreResult<Organization> {
    let domains: Json<Vec<String>> = get(row, "domains")?;
    Ok(Organization {
        id: get(row, "id")?,
        name: get(row, "name")?,
        domains: domains.0,
        shares_tickets: get(row, "shares_tickets")?,
        created_at: timestamp(row, "created_at")?,
    })
}

pub(crate) fn group(row: &PgRow) -> StoreResult<Group> {
    Ok(Group {
        id: get(row, "id")?,
        name: get(row, "name")?,
        description: get(row, "description")?,
        tier: parsed(row, "tier")?,
        created_at: timestamp(row, "created_at")?,
    })
}

/// A comment without its attachments (the caller attaches them).
pub(crate) fn comment(row: &PgRow) -> StoreResult<Comment> {
    Ok(Comment {
        id: get(row, "id")?,
        ticket_id: get(row, "ticket_id")?,
        author_id: get(row, "author_id")?,
        body: get(row, "body")?,
        public: get(row, "public")?,
        attachments: Vec::new(),
        created_at: timestamp(row, "created_at")?,
    })
}

pub(crate) fn attachment(row: &PgRow) -> StoreResult<Attachment> {
    Ok(Attachment {
        id: get(row, "id")?,
        comment_id: get(row, "comment_id")?,
        filename: get(row, "filename")?,
        content_type: get(row, "content_type")?,
        size: get(row, "size")?,
    })
}

pub(crate) fn event(row: &PgRow) -> StoreResult<Event> {
    let kind: String = get(row, "kind")?;
    Ok(Event {
        id: get(row, "id")?,
        ticket_id: get(row, "ticket_id")?,
        actor_id: get(row, "actor_id")?,
        kind: EventKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        field: get(row, "field")?,
        old_value: get(row, "old_value")?,
        new_value: get(row, "new_value")?,
        comment_id: get(row, "comment_id")?,
        internal: get(row, "internal")?,
        created_at: timestamp(row, "created_at")?,
    })
}

/// An API token from columns prefixed `token_` (so it can share a row with a user).
pub(crate) fn api_token(row: &PgRow) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: get(row, "token_id")?,
        user_id: get(row, "token_user_id")?,
        name: get(row, "token_name")?,
        prefix: get(row, "token_prefix")?,
        created_at: timestamp(row, "token_created_at")?,
        last_used_at: opt_timestamp(row, "token_last_used_at")?,
        revoked_at: opt_timestamp(row, "token_revoked_at")?,
    })
}

/// A session from columns prefixed `session_` (it always shares a row with a user).
pub(crate) fn session(row: &PgRow) -> StoreResult<Session> {
    Ok(Session {
        user_id: get(row, "session_user_id")?,
        csrf_token: get(row, "session_csrf_token")?,
        created_at: timestamp(row, "session_created_at")?,
        expires_at: timestamp(row, "session_expires_at")?,
    })
}

pub(crate) fn view(row: &PgRow) -> StoreResult<SavedView> {
    let filters: Json<Value> = get(row, "filters")?;
    let columns: Json<Vec<String>> = get(row, "columns")?;
    Ok(SavedView {
        id: get(row, "id")?,
        owner_id: get(row, "owner_id")?,
        name: get(row, "name")?,
        filters: filters.0,
        sort: get(row, "sort")?,
        columns: columns.0,
        position: get(row, "position")?,
        created_at: timestamp(row, "created_at")?,
    })
}

pub(crate) fn job_status(text: &str) -> StoreResult<JobStatus> {
    JobStatus::parse(text).ok_or_else(|| corrupt("status", text))
}

pub(crate) fn job(row: &PgRow) -> StoreResult<Job> {
    let payload: Json<Value> = get(row, "payload")?;
    let status: String = get(row, "status")?;
    Ok(Job {
        id: get(row, "id")?,
        kind: get(row, "kind")?,
        payload: payload.0,
        run_at: timestamp(row, "run_at")?,
        attempts: get(row, "attempts")?,
        max_attempts: get(row, "max_attempts")?,
        status: job_status(&status)?,
        last_error: get(row, "last_error")?,
        locked_by: get(row, "locked_by")?,
        locked_until: opt_timestamp(row, "locked_until")?,
        dedupe_key: get(row, "dedupe_key")?,
        created_at: timestamp(row, "created_at")?,
        finished_at: opt_timestamp(row, "finished_at")?,
    })
}

pub(crate) fn schedule(row: &PgRow) -> StoreResult<Schedule> {
    Ok(Schedule {
        name: get(row, "name")?,
        next_run_at: timestamp(row, "next_run_at")?,
        last_run_at: opt_timestamp(row, "last_run_at")?,
    })
}

pub(crate) fn sla_calendar(row: &PgRow) -> StoreResult<SlaCalendarRecord> {
    let definition: Json<Value> = get(row, "definition")?;
    Ok(SlaCalendarRecord {
        id: get(row, "id")?,
        name: get(row, "name")?,
        definition: definition.0,
        version: get(row, "version")?,
        updated_at: timestamp(row, "updated_at")?,
    })
}

pub(crate) fn sla_policy(row: &PgRow) -> StoreResult<SlaPolicyRecord> {
    let definition: Json<Value> = get(row, "definition")?;
    Ok(SlaPolicyRecord {
        id: get(row, "id")?,
        name: get(row, "name")?,
        position: get(row, "position")?,
        active: get(row, "active")?,
        calendar_id: get(row, "calendar_id")?,
        definition: definition.0,
        version: get(row, "version")?,
        updated_at: timestamp(row, "updated_at")?,
    })
}

pub(crate) fn ticket_sla(row: &PgRow) -> StoreResult<TicketSla> {
    let timeline: Json<Value> = get(row, "timeline")?;
    let state: Json<Value> = get(row, "state")?;
    Ok(TicketSla {
        ticket_id: get(row, "ticket_id")?,
        policy_id: get(row, "policy_id")?,
        timeline: timeline.0,
        state: state.0,
        next_due_at: opt_timestamp(row, "next_due_at")?,
        next_check_at: opt_timestamp(row, "next_check_at")?,
        breached: get(row, "breached")?,
        computed_at: timestamp(row, "computed_at")?,
    })
}

/// The SLA row of a left join, `None` where the ticket has none.
pub(crate) fn opt_ticket_sla(row: &PgRow) -> StoreResult<Option<TicketSla>> {
    let ticket_id: Option<i64> = get(row, "ticket_id")?;
    ticket_id.map(|_| ticket_sla(row)).transpose()
}

/// `sla_facts_ticket_columns` and the left-joined `ticket_sla_columns`.
pub(crate) fn sla_facts(row: &PgRow) -> StoreResult<SlaFacts> {
    let rank: i16 = get(row, "priority")?;
    let tags: Json<Vec<String>> = get(row, "tags")?;
    Ok(SlaFacts {
        ticket_id: get(row, "id")?,
        status: parsed(row, "status")?,
        priority: u8::try_from(rank)
            .ok()
            .and_then(Priority::from_rank)
            .ok_or_else(|| corrupt("priority", rank))?,
        ticket_type: parsed(row, "ticket_type")?,
        organization_id: get(row, "organization_id")?,
        tags: tags.0,
        channel: parsed(row, "channel")?,
        category: get(row, "category")?,
        created_at: timestamp(row, "created_at")?,
        updated_at: timestamp(row, "updated_at")?,
        first_response_at: opt_timestamp(row, "first_response_at")?,
        solved_at: opt_timestamp(row, "solved_at")?,
        closed_at: opt_timestamp(row, "closed_at")?,
        sla: opt_ticket_sla(row)?,
    })
}

pub(crate) fn notification(row: &PgRow) -> StoreResult<Notification> {
    Ok(Notification {
        id: get(row, "id")?,
        user_id: get(row, "user_id")?,
        ticket_id: get(row, "ticket_id")?,
        kind: get(row, "kind")?,
        body: get(row, "body")?,
        created_at: timestamp(row, "created_at")?,
        read_at: opt_timestamp(row, "read_at")?,
    })
}
