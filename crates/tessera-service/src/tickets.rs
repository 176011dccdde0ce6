//! Ticket use cases: create, read, change, converse, list, search.
//!
//! Each change is computed here (with the pure core) as a new ticket state plus the
//! history events describing it, then written by the store in one transaction.

pub(crate) mod changes;

use jiff::Timestamp;
use serde_json::{Map, Value};
use tessera_core::analysis;
use tessera_core::ticket::{ReplyEffect, check_transition, on_customer_reply};
use tessera_core::{Channel, Impact, Priority, Role, Status, TicketType, Tier, Urgency, validate};
use tessera_store::{
    AssigneeFilter, Comment, Created, Event, EventKind, IdempotencyKey, IdentityKind,
    NewAttachment, NewComment, NewEvent, NewTicket, NewUser, Page, SearchTickets, Ticket,
    TicketQuery, TicketSort, TicketWrite, User,
};

use crate::policy::{self, Action};
use crate::{Actor, Service, ServiceError, ServiceResult};
use changes::ChangeLog;

/// How often an update is retried when another writer bumped the version first.
const UPDATE_ATTEMPTS: usize = 5;
const ATTACHMENTS_MAX: usize = 20;

/// A request for a new ticket, already parsed from its channel's wire format.
#[derive(Debug, Clone, Default)]
pub struct CreateTicket {
    pub subject: String,
    pub description: String,
    /// Staff may name the requester by id or by email (created as a customer if new).
    pub requester_id: Option<i64>,
    pub requester_email: Option<String>,
    pub requester_name: Option<String>,
    pub status: Option<Status>,
    pub ticket_type: Option<TicketType>,
    pub impact: Option<i64>,
    pub urgency: Option<i64>,
    /// Overrides the matrix.
    pub priority: Option<Priority>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: Map<String, Value>,
    pub assignee_id: Option<i64>,
    pub group_id: Option<i64>,
    pub tier: Option<Tier>,
    pub channel: Option<Channel>,
    pub language: Option<String>,
    pub idempotency_key: Option<String>,
    /// A stable hash of the request body, for idempotency conflicts.
    pub request_fingerprint: String,
}

/// A partial change; `None` leaves a field as it is. `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct UpdateTicket {
    pub subject: Option<String>,
    pub description: Option<String>,
    pub status: Option<Status>,
    pub ticket_type: Option<TicketType>,
    pub impact: Option<i64>,
    pub urgency: Option<i64>,
    /// `Some(Some(p))` overrides; `Some(None)` returns to the matrix.
    pub priority: Option<Option<Priority>>,
    pub category: Option<Option<String>>,
    /// Replaces the tag list.
    pub tags: Option<Vec<String>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    /// Merged into the current values; a JSON `null` removes a key.
    pub custom_fields: Option<Map<String, Value>>,
    pub requester_id: Option<i64>,
    pub assignee_id: Option<Option<i64>>,
    pub group_id: Option<Option<i64>>,
    pub tier: Option<Tier>,
    pub language: Option<Option<String>>,
}

impl UpdateTicket {
    /// The only change a customer may make: marking their own ticket solved.
    fn is_customer_solve(&self) -> bool {
        self.status == Some(Status::Solved) && self.touches_only_status()
    }

    /// Whether the patch changes nothing but (possibly) the status.
    pub(crate) fn touches_only_status(&self) -> bool {
        UpdateTicket {
            status: None,
            ..self.clone()
        }
        .is_empty()
    }

    fn is_empty(&self) -> bool {
        self.subject.is_none()
            && self.description.is_none()
            && self.status.is_none()
            && self.ticket_type.is_none()
            && self.impact.is_none()
            && self.urgency.is_none()
            && self.priority.is_none()
            && self.category.is_none()
            && self.tags.is_none()
            && self.add_tags.is_empty()
            && self.remove_tags.is_empty()
            && self.custom_fields.is_none()
            && self.requester_id.is_none()
            && self.assignee_id.is_none()
            && self.group_id.is_none()
            && self.tier.is_none()
            && self.language.is_none()
    }
}

#[derive(Debug, Clone, Default)]
pub struct AddComment {
    pub body: String,
    pub public: bool,
    pub attachments: Vec<NewAttachment>,
    /// Status to set with the comment ("submit as pending").
    pub status: Option<Status>,
}

/// A comment as written, and the ticket it landed on: for a reply to a closed
/// ticket that is a new follow-up ticket.
#[derive(Debug, Clone)]
pub struct CommentAdded {
    pub comment: Comment,
    pub ticket: Ticket,
    pub follow_up_of: Option<i64>,
}

/// List filters as a channel states them; the scope is added from the actor.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub statuses: Vec<Status>,
    pub assignee: AssigneeFilter,
    pub group_id: Option<i64>,
    pub requester_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub priorities: Vec<Priority>,
    pub tags: Vec<String>,
    pub updated_since: Option<Timestamp>,
    pub sort: TicketSort,
    pub cursor: Option<tessera_store::Cursor>,
    pub limit: u32,
}

fn clean_optional_line(field: &str, value: Option<String>) -> ServiceResult<Option<String>> {
    match value {
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => Ok(Some(validate::line(field, &v, validate::NAME_MAX_CHARS)?)),
        None => Ok(None),
    }
}

fn check_custom_fields(fields: &Map<String, Value>) -> ServiceResult<()> {
    for (key, value) in fields {
        let ok_key = !key.is_empty()
            && key.len() <= 64
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok_key {
            return Err(ServiceError::invalid(
                "custom_fields",
                format!("key {key:?} must be 1-64 ASCII letters, digits, _ or -"),
            ));
        }
        if matches!(value, Value::Object(_) | Value::Array(_)) && !is_list_of_scalars(value) {
            return Err(ServiceError::invalid(
                format!("custom_fields.{key}"),
                "must be text, a number, true/false, null or a list of those",
            ));
        }
        if value.to_string().contains("\\u0000") {
            return Err(ServiceError::invalid(
                format!("custom_fields.{key}"),
                "must not contain NUL characters",
            ));
        }
    }
    Ok(())
}

fn is_list_of_scalars(value: &Value) -> bool {
    match value {
        Value::Array(items) => items
            .iter()
            .all(|v| !matches!(v, Value::Object(_) | Value::Array(_))),
        _ => false,
    }
}

fn check_attachments(attachments: &[NewAttachment], max_bytes: usize) -> ServiceResult<()> {
    if attachments.len() > ATTACHMENTS_MAX {
        return Err(ServiceError::invalid(
            "attachments",
            format!("at most {ATTACHMENTS_MAX} per comment"),
        ));
    }
    for (i, a) in attachments.iter().enumerate() {
        let field = format!("attachments[{i}]");
        if a.filename.trim().is_empty()
            || a.filename.chars().count() > 255
            || a.filename
                .chars()
                .any(|c| c.is_control() || c == '/' || c == '\\')
        {
            return Err(ServiceError::invalid(
                format!("{field}.filename"),
                "must be 1-255 characters without path separators or control characters",
            ));
        }
        let ct = &a.content_type;
        let ct_ok = ct.len() <= 127
            && ct
                .split_once('/')
                .is_some_and(|(t, s)| !t.is_empty() && !s.is_empty())
            && ct.chars().all(|c| c.is_ascii_graphic());
        if !ct_ok {
            return Err(ServiceError::invalid(
                format!("{field}.content_type"),
                "must be a MIME type like application/pdf",
            ));
        }
        if a.bytes.len() > max_bytes {
            return Err(ServiceError::invalid(
                format!("{field}.content"),
                format!("is {} bytes; the limit is {max_bytes}", a.bytes.len()),
            ));
        }
    }
    Ok(())
}

impl Service {
    /// Opens a ticket for `actor` (customers always for themselves).
    pub async fn create_ticket(
        &self,
        actor: &Actor,
        req: CreateTicket,
    ) -> ServiceResult<Created<Ticket>> {
        policy::authorize(actor, Action::CreateTicket)?;
        let subject = validate::subject(&req.subject)?;
        validate::body("description", &req.description)?;
        let tags = validate::tags(&req.tags)?;
        check_custom_fields(&req.custom_fields)?;
        let language = req
            .language
            .as_deref()
            .map(validate::language)
            .transpose()?;
        let category = clean_optional_line("category", req.category.clone())?;
        let impact = req
            .impact
            .map(Impact::new)
            .transpose()?
            .unwrap_or(Impact::DEFAULT);
        let urgency = req
            .urgency
            .map(Urgency::new)
            .transpose()?
            .unwrap_or(Urgency::DEFAULT);
        let status = req.status.unwrap_or(Status::New);
        if status == Status::Closed {
            return Err(ServiceError::invalid(
                "status",
                "a new ticket cannot start closed",
            ));
        }
        let staff_only_set = req.assignee_id.is_some()
            || req.group_id.is_some()
            || req.tier.is_some()
            || req.priority.is_some()
            || req.status.is_some()
            || req.requester_id.is_some_and(|id| id != actor.user_id);
        if actor.role == Role::Customer && staff_only_set {
            return Err(ServiceError::forbidden(
                "customers may not set requester, status, priority, assignee, group or tier",
            ));
        }

        let requester = self.resolve_requester(actor, &req).await?;
        if let Some(id) = req.assignee_id {
            self.check_assignable(id).await?;
        }
        if let Some(id) = req.group_id {
            self.store().get_group(id).await.map_err(|_| {
                ServiceError::invalid("group_id", format!("group {id} does not exist"))
            })?;
        }

        let now = self.now();
        let (priority, overridden) = match req.priority {
            Some(p) => (p, true),
            None => (
                self.config().priority_matrix.priority(impact, urgency),
                false,
            ),
        };
        let ticket = Ticket {
            id: 0,
            number: 0,
            subject,
            description: req.description.clone(),
            status,
            ticket_type: req.ticket_type.unwrap_or(TicketType::Question),
            impact,
            urgency,
            priority,
            priority_overridden: overridden,
            category,
            tags,
            custom_fields: req.custom_fields.clone(),
            requester_id: requester.id,
            organization_id: requester.organization_id,
            assignee_id: req.assignee_id,
            group_id: req.group_id,
            tier: req.tier.unwrap_or(Tier::L1),
            channel: req.channel.unwrap_or(Channel::Api),
            language,
            created_at: now,
            updated_at: now,
            first_response_at: None,
            solved_at: (status == Status::Solved).then_some(now),
            closed_at: None,
            version: 1,
        };
        let idempotency = match req.idempotency_key {
            Some(key) => {
                if key.is_empty() || key.len() > 255 || !key.chars().all(|c| c.is_ascii_graphic()) {
                    return Err(ServiceError::invalid(
                        "Idempotency-Key",
                        "must be 1-255 visible ASCII characters",
                    ));
                }
                Some(IdempotencyKey {
                    user_id: actor.user_id,
                    key,
                    request_fingerprint: req.request_fingerprint.clone(),
                })
            }
            None => None,
        };
        let mut events = vec![NewEvent {
            actor_id: Some(actor.user_id),
            kind: EventKind::Created,
            field: None,
            old_value: None,
            new_value: Some(ticket.channel.as_str().to_owned()),
            for_comment: false,
            internal: false,
            created_at: now,
        }];
        if overridden {
            events.push(ChangeLog::event(
                actor,
                "priority_override",
                None,
                Some(priority.as_str().to_owned()),
                true,
                now,
            ));
        }
        let sla = self
            .sla_row_for_new_ticket(&ticket, requester.time_zone.clone())
            .await?;
        let created = self
            .store()
            .create_ticket(NewTicket {
                ticket,
                comments: Vec::new(),
                events,
                idempotency,
                sla: Some(sla),
                jobs: Vec::new(),
            })
            .await?;
        if !created.replayed {
            self.publish(crate::Change::TicketCreated {
                ticket_id: created.value.id,
            });
            metrics::counter!("tessera_tickets_created_total", "channel" => created.value.channel.as_str()).increment(1);
        }
        Ok(created)
    }

    async fn resolve_requester(&self, actor: &Actor, req: &CreateTicket) -> ServiceResult<User> {
        if actor.role == Role::Customer {
            if let Some(email) = &req.requester_email {
                let user = self.store().get_user(actor.user_id).await?;
                if user.email.as_deref()
                    != Some(validate::email("requester_email", email)?.as_str())
                {
                    return Err(ServiceError::forbidden(
                        "customers may only open tickets for themselves",
                    ));
                }
            }
            return Ok(self.store().get_user(actor.user_id).await?);
        }
        if let Some(id) = req.requester_id {
            return self.store().get_user(id).await.map_err(|_| {
                ServiceError::invalid("requester_id", format!("user {id} does not exist"))
            });
        }
        let Some(email) = &req.requester_email else {
            return Err(ServiceError::invalid(
                "requester_email",
                "is required (or requester_id)",
            ));
        };
        let email = validate::email("requester_email", email)?;
        if let Some(user) = self
            .store()
            .find_user_by_identity(IdentityKind::Email, &email)
            .await?
        {
            return Ok(user);
        }
        policy::authorize(actor, Action::CreateCustomer)?;
        let name = match clean_optional_line("requester_name", req.requester_name.clone())? {
            Some(n) => n,
            None => email.split('@').next().unwrap_or(&email).to_owned(),
        };
        let created = self
            .store()
            .create_user(NewUser {
                name,
                email: Some(email.clone()),
                role: Role::Customer,
                organization_id: None,
                language: req.language.clone(),
                time_zone: None,
                phones: Vec::new(),
                created_at: self.now(),
            })
            .await;
        match created {
            Ok(user) => Ok(user),
            // Another request created the same customer a moment ago.
            Err(tessera_store::StoreError::Conflict { .. }) => self
                .store()
                .find_user_by_identity(IdentityKind::Email, &email)
                .await?
                .ok_or(ServiceError::NotFound("user")),
            Err(e) => Err(e.into()),
        }
    }

    async fn check_assignable(&self, user_id: i64) -> ServiceResult<()> {
        match self.store().get_user(user_id).await {
            Ok(u) if u.role.is_staff() && u.role != Role::LightAgent && u.active => Ok(()),
            Ok(_) => Err(ServiceError::invalid(
                "assignee_id",
                format!("user {user_id} is not an active agent"),
            )),
            Err(_) => Err(ServiceError::invalid(
                "assignee_id",
                format!("user {user_id} does not exist"),
            )),
        }
    }

    /// The ticket if the actor may see it; otherwise `NotFound` (existence does not leak).
    pub async fn get_ticket(&self, actor: &Actor, id: i64) -> ServiceResult<Ticket> {
        let ticket = self.store().get_ticket(id).await?;
        self.ensure_visible(actor, &ticket).await?;
        Ok(ticket)
    }

    pub async fn get_ticket_by_number(&self, actor: &Actor, number: i64) -> ServiceResult<Ticket> {
        let ticket = self.store().get_ticket_by_number(number).await?;
        self.ensure_visible(actor, &ticket).await?;
        Ok(ticket)
    }

    async fn ensure_visible(&self, actor: &Actor, ticket: &Ticket) -> ServiceResult<()> {
        if actor.role.is_staff() || ticket.requester_id == actor.user_id {
            return Ok(());
        }
        let shares = match (ticket.organization_id, actor.organization_id) {
            (Some(t), Some(a)) if t == a => self.store().get_organization(t).await?.shares_tickets,
            _ => false,
        };
        if policy::can_see_ticket(actor, ticket, shares) {
            Ok(())
        } else {
            Err(ServiceError::NotFound("ticket"))
        }
    }

    /// Applies a partial change; a change that changes nothing writes nothing.
    pub async fn update_ticket(
        &self,
        actor: &Actor,
        id: i64,
        patch: UpdateTicket,
    ) -> ServiceResult<Ticket> {
        let current = self.get_ticket(actor, id).await?;
        if actor.role == Role::Customer {
            if !patch.is_customer_solve() {
                return Err(ServiceError::forbidden(
                    "customers may only mark their own tickets solved",
                ));
            }
        } else {
            policy::authorize(actor, Action::UpdateTicketFields)?;
        }
        let patch = self.validate_patch(patch).await?;
        let mut current = current;
        for attempt in 1..=UPDATE_ATTEMPTS {
            let now = self.now();
            let mut log = ChangeLog::new(actor, now);
            let next = changes::apply(&current, &patch, &self.config().priority_matrix, &mut log)?;
            if log.is_empty() {
                return Ok(current);
            }
            let next = Ticket {
                updated_at: now,
                ..next
            };
            let sla = self.sla_row_for_change(&current, &next, None, now).await?;
            let write = TicketWrite {
                ticket: next,
                comment: None,
                events: log.into_events(),
                jobs: Vec::new(),
                sla: Some(sla),
                notifications: Vec::new(),
            };
            match self.store().update_ticket(write).await {
                Ok((ticket, _)) => {
                    self.publish(crate::Change::TicketUpdated {
                        ticket_id: ticket.id,
                    });
                    return Ok(ticket);
                }
                Err(tessera_store::StoreError::Conflict {
                    constraint: "ticket_version",
                }) if attempt < UPDATE_ATTEMPTS => {
                    current = self.store().get_ticket(id).await?;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Conflict {
            code: "ticket_version",
            message: "the ticket is being changed by others; try again".to_owned(),
        })
    }

    /// Validates and normalises the parts of a patch that need no ticket state.
    async fn validate_patch(&self, mut patch: UpdateTicket) -> ServiceResult<UpdateTicket> {
        if let Some(s) = &patch.subject {
            patch.subject = Some(validate::subject(s)?);
        }
        if let Some(d) = &patch.description {
            validate::body("description", d)?;
        }
        if let Some(i) = patch.impact {
            Impact::new(i)?;
        }
        if let Some(u) = patch.urgency {
            Urgency::new(u)?;
        }
        if let Some(cat) = patch.category.take() {
            patch.category = Some(clean_optional_line("category", cat)?);
        }
        if let Some(tags) = &patch.tags {
            patch.tags = Some(validate::tags(tags)?);
        }
        if !patch.add_tags.is_empty() {
            patch.add_tags = validate::tags(&patch.add_tags)?;
        }
        if !patch.remove_tags.is_empty() {
            patch.remove_tags = validate::tags(&patch.remove_tags)?;
        }
        if let Some(fields) = &patch.custom_fields {
            check_custom_fields(fields)?;
        }
        if let Some(Some(lang)) = &patch.language {
            patch.language = Some(Some(validate::language(lang)?));
        }
        if let Some(Some(id)) = patch.assignee_id {
            self.check_assignable(id).await?;
        }
        if let Some(Some(id)) = patch.group_id {
            self.store().get_group(id).await.map_err(|_| {
                ServiceError::invalid("group_id", format!("group {id} does not exist"))
            })?;
        }
        if let Some(id) = patch.requester_id {
            self.store().get_user(id).await.map_err(|_| {
                ServiceError::invalid("requester_id", format!("user {id} does not exist"))
            })?;
        }
        Ok(patch)
    }

    /// Adds a public reply or internal note, with its effects on the ticket: first
    /// response time, reopening on a customer reply, status-on-send. A customer reply
    /// to a closed ticket opens a follow-up ticket carrying the reply.
    pub async fn add_comment(
        &self,
        actor: &Actor,
        ticket_id: i64,
        req: AddComment,
    ) -> ServiceResult<CommentAdded> {
        let ticket = self.get_ticket(actor, ticket_id).await?;
        policy::authorize(
            actor,
            if req.public {
                Action::PublicReply
            } else {
                Action::InternalNote
            },
        )?;
        validate::body("body", &req.body)?;
        if req.body.trim().is_empty() && req.attachments.is_empty() {
            return Err(ServiceError::invalid("body", "must not be empty"));
        }
        check_attachments(&req.attachments, self.config().max_attachment_bytes)?;
        if req.status.is_some() && actor.role == Role::Customer {
            return Err(ServiceError::forbidden(
                "customers may not set a status with a reply",
            ));
        }

        let mut current = ticket;
        for attempt in 1..=UPDATE_ATTEMPTS {
            let now = self.now();
            let is_customer_side =
                actor.user_id == current.requester_id || actor.role == Role::Customer;
            if current.status == Status::Closed {
                if is_customer_side
                    && req.public
                    && matches!(on_customer_reply(current.status), ReplyEffect::FollowUp)
                {
                    return self.follow_up(actor, &current, &req, now).await;
                }
                return Err(ServiceError::Conflict {
                    code: "ticket_closed",
                    message: format!(
                        "ticket #{} is closed; open a follow-up instead",
                        current.number
                    ),
                });
            }
            let mut next = current.clone();
            let mut log = ChangeLog::new(actor, now);
            let target_status = if is_customer_side && req.public {
                match on_customer_reply(current.status) {
                    ReplyEffect::SetStatus(s) => Some(s),
                    _ => None,
                }
            } else if req.public && req.status.is_none() && current.status == Status::New {
                Some(Status::Open)
            } else {
                req.status
            };
            if let Some(status) = target_status {
                check_transition(current.status, status)?;
                changes::set_status(&mut next, status, now, &mut log);
            }
            if req.public
                && !is_customer_side
                && actor.role.is_staff()
                && next.first_response_at.is_none()
            {
                next.first_response_at = Some(now);
            }
            next.updated_at = now;
            log.push_comment(!req.public);
            let reply =
                crate::sla::comment_event(req.public, is_customer_side, actor.role.is_staff());
            let sla = self
                .sla_row_for_change(&current, &next, Some(reply), now)
                .await?;
            let write = TicketWrite {
                ticket: next,
                comment: Some(NewComment {
                    author_id: actor.user_id,
                    body: req.body.clone(),
                    public: req.public,
                    attachments: req.attachments.clone(),
                    created_at: now,
                }),
                events: log.into_events(),
                jobs: Vec::new(),
                sla: Some(sla),
                notifications: Vec::new(),
            };
            match self.store().update_ticket(write).await {
                Ok((ticket, Some(comment))) => {
                    self.publish(crate::Change::CommentAdded {
                        ticket_id: ticket.id,
                        comment_id: comment.id,
                        public: comment.public,
                    });
                    return Ok(CommentAdded {
                        comment,
                        ticket,
                        follow_up_of: None,
                    });
                }
                Ok((_, None)) => {
                    return Err(ServiceError::Store(tessera_store::StoreError::Other(
                        "store returned no comment".into(),
                    )));
                }
                Err(tessera_store::StoreError::Conflict {
                    constraint: "ticket_version",
                }) if attempt < UPDATE_ATTEMPTS => {
                    current = self.store().get_ticket(ticket_id).await?;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(ServiceError::Conflict {
            code: "ticket_version",
            message: "the ticket is being changed by others; try again".to_owned(),
        })
    }

    async fn follow_up(
        &self,
        actor: &Actor,
        closed: &Ticket,
        req: &AddComment,
        now: Timestamp,
    ) -> ServiceResult<CommentAdded> {
        let ticket = Ticket {
            id: 0,
            number: 0,
            subject: follow_up_subject(&closed.subject),
            description: req.body.clone(),
            status: Status::New,
            priority_overridden: false,
            tags: closed.tags.clone(),
            custom_fields: Map::new(),
            assignee_id: closed.assignee_id,
            created_at: now,
            updated_at: now,
            first_response_at: None,
            solved_at: None,
            closed_at: None,
            version: 1,
            ..closed.clone()
        };
        let events = vec![
            NewEvent {
                actor_id: Some(actor.user_id),
                kind: EventKind::Created,
                field: None,
                old_value: None,
                new_value: Some(closed.channel.as_str().to_owned()),
                for_comment: false,
                internal: false,
                created_at: now,
            },
            ChangeLog::event(
                actor,
                "follow_up_of",
                None,
                Some(format!("#{}", closed.number)),
                false,
                now,
            ),
            NewEvent {
                actor_id: Some(actor.user_id),
                kind: EventKind::CommentAdded,
                field: None,
                old_value: None,
                new_value: None,
                for_comment: true,
                internal: false,
                created_at: now,
            },
        ];
        let requester_time_zone = self.requester_time_zone(ticket.requester_id).await;
        let sla = self
            .sla_row_for_new_ticket(&ticket, requester_time_zone)
            .await?;
        let created = self
            .store()
            .create_ticket(NewTicket {
                ticket,
                comments: vec![NewComment {
                    author_id: actor.user_id,
                    body: req.body.clone(),
                    public: true,
                    attachments: req.attachments.clone(),
                    created_at: now,
                }],
                events,
                idempotency: None,
                sla: Some(sla),
                jobs: Vec::new(),
            })
            .await?;
        let new_ticket = created.value;
        // Record the link on the closed ticket too; its history stays append-only.
        let link = TicketWrite {
            ticket: closed.clone(),
            comment: None,
            events: vec![ChangeLog::event(
                actor,
                "follow_up",
                None,
                Some(format!("#{}", new_ticket.number)),
                false,
                now,
            )],
            jobs: Vec::new(),
            sla: None,
            notifications: Vec::new(),
        };
        if let Err(e) = self.store().update_ticket(link).await {
            tracing::warn!(ticket = closed.id, error = %e, "could not record follow-up link on closed ticket");
        }
        let comment = self
            .store()
            .list_comments(new_ticket.id, false)
            .await?
            .into_iter()
            .next()
            .ok_or(ServiceError::NotFound("comment"))?;
        metrics::counter!("tessera_tickets_created_total", "channel" => new_ticket.channel.as_str()).increment(1);
        self.publish(crate::Change::TicketCreated {
            ticket_id: new_ticket.id,
        });
        self.publish(crate::Change::TicketUpdated {
            ticket_id: closed.id,
        });
        Ok(CommentAdded {
            comment,
            ticket: new_ticket,
            follow_up_of: Some(closed.id),
        })
    }

    /// The conversation, oldest first; customers see public replies only.
    pub async fn list_comments(
        &self,
        actor: &Actor,
        ticket_id: i64,
    ) -> ServiceResult<Vec<Comment>> {
        self.get_ticket(actor, ticket_id).await?;
        let internal = policy::allows(actor.role, Action::ViewInternal);
        Ok(self.store().list_comments(ticket_id, internal).await?)
    }

    /// The history, oldest first; customers see non-internal events only.
    pub async fn list_events(&self, actor: &Actor, ticket_id: i64) -> ServiceResult<Vec<Event>> {
        self.get_ticket(actor, ticket_id).await?;
        let internal = policy::allows(actor.role, Action::ViewInternal);
        Ok(self.store().list_events(ticket_id, internal).await?)
    }

    /// An attachment of a ticket's comment, if the actor may see that comment.
    pub async fn get_attachment(
        &self,
        actor: &Actor,
        ticket_id: i64,
        attachment_id: i64,
    ) -> ServiceResult<(tessera_store::Attachment, Vec<u8>)> {
        let visible = self.list_comments(actor, ticket_id).await?;
        let belongs = visible
            .iter()
            .flat_map(|c| &c.attachments)
            .any(|a| a.id == attachment_id);
        if !belongs {
            return Err(ServiceError::NotFound("attachment"));
        }
        Ok(self.store().get_attachment(attachment_id).await?)
    }

    pub async fn list_tickets(
        &self,
        actor: &Actor,
        filter: TicketFilter,
    ) -> ServiceResult<Page<Ticket>> {
        if !(1..=500).contains(&filter.limit) {
            return Err(ServiceError::invalid("limit", "must be from 1 to 500"));
        }
        let tags = validate::tags(&filter.tags)?;
        Ok(self
            .store()
            .list_tickets(&TicketQuery {
                scope: policy::ticket_scope(actor),
                statuses: filter.statuses,
                assignee: filter.assignee,
                group_id: filter.group_id,
                requester_id: filter.requester_id,
                organization_id: filter.organization_id,
                priorities: filter.priorities,
                tags,
                updated_since: filter.updated_since,
                sort: filter.sort,
                cursor: filter.cursor,
                limit: filter.limit,
            })
            .await?)
    }

    /// Full-text search over the tickets the actor may see. `#1042` or `1042` also
    /// finds that ticket by number first.
    pub async fn search_tickets(
        &self,
        actor: &Actor,
        text: &str,
        limit: u32,
    ) -> ServiceResult<Vec<Ticket>> {
        validate::text("q", text)?;
        if text.len() > 1000 {
            return Err(ServiceError::invalid(
                "q",
                "must be at most 1000 characters",
            ));
        }
        if !(1..=200).contains(&limit) {
            return Err(ServiceError::invalid("limit", "must be from 1 to 200"));
        }
        let query = analysis::parse_query(text);
        let mut results = Vec::new();
        if let Some(number) = text
            .trim()
            .trim_start_matches('#')
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            && let Ok(ticket) = self.get_ticket_by_number(actor, number).await
        {
            results.push(ticket);
        }
        if query.is_empty() {
            return Ok(results);
        }
        let found = self
            .store()
            .search_tickets(&SearchTickets {
                query,
                scope: policy::ticket_scope(actor),
                include_internal: policy::allows(actor.role, Action::ViewInternal),
                limit,
            })
            .await?;
        for t in found {
            if !results.iter().any(|r: &Ticket| r.id == t.id) {
                results.push(t);
            }
        }
        results.truncate(limit as usize);
        Ok(results)
    }
}

fn follow_up_subject(subject: &str) -> String {
    let s = format!("Follow-up: {subject}");
    s.chars().take(validate::SUBJECT_MAX_CHARS).collect()
}
