//! Computing a ticket's next state from a patch, recording each change as a
//! history event ("who, what, old → new, when").

use jiff::Timestamp;
use tessera_core::ticket::check_transition;
use tessera_core::{Impact, PriorityMatrix, Status, Urgency};
use tessera_store::{EventKind, NewEvent, Ticket};

use super::UpdateTicket;
use crate::{Actor, ServiceError, ServiceResult};

/// Fields a customer may see change; everything else is internal.
const CUSTOMER_VISIBLE_FIELDS: &[&str] = &[
    "subject",
    "description",
    "status",
    "follow_up",
    "follow_up_of",
];

/// The events of one change, in order.
pub(crate) struct ChangeLog {
    actor_id: i64,
    at: Timestamp,
    events: Vec<NewEvent>,
}

impl ChangeLog {
    pub(crate) fn new(actor: &Actor, at: Timestamp) -> ChangeLog {
        ChangeLog {
            actor_id: actor.user_id,
            at,
            events: Vec::new(),
        }
    }

    pub(crate) fn event(
        actor: &Actor,
        field: &str,
        old: Option<String>,
        new: Option<String>,
        internal: bool,
        at: Timestamp,
    ) -> NewEvent {
        NewEvent {
            actor_id: Some(actor.user_id),
            kind: EventKind::FieldChanged,
            field: Some(field.to_owned()),
            old_value: old,
            new_value: new,
            for_comment: false,
            internal,
            created_at: at,
        }
    }

    /// Records `field: old → new` when the two differ.
    fn field<T: PartialEq + ToString>(&mut self, field: &str, old: &Option<T>, new: &Option<T>) {
        if old != new {
            let internal = !CUSTOMER_VISIBLE_FIELDS.contains(&field);
            self.events.push(NewEvent {
                actor_id: Some(self.actor_id),
                kind: EventKind::FieldChanged,
                field: Some(field.to_owned()),
                old_value: old.as_ref().map(ToString::to_string),
                new_value: new.as_ref().map(ToString::to_string),
                for_comment: false,
                internal,
                created_at: self.at,
            });
        }
    }

    pub(crate) fn push_comment(&mut self, internal: bool) {
        self.events.push(NewEvent {
            actor_id: Some(self.actor_id),
            kind: EventKind::CommentAdded,
            field: None,
            old_value: None,
            new_value: None,
            for_comment: true,
            internal,
            created_at: self.at,
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub(crate) fn into_events(self) -> Vec<NewEvent> {
        self.events
    }
}

/// Moves the ticket to `status`, keeping the solved/closed timestamps right.
/// The caller has checked the transition.
pub(crate) fn set_status(ticket: &mut Ticket, status: Status, now: Timestamp, log: &mut ChangeLog) {
    if ticket.status == status {
        return;
    }
    log.field("status", &Some(ticket.status), &Some(status));
    match status {
        Status::Solved => ticket.solved_at = Some(now),
        Status::Closed => ticket.closed_at = Some(now),
        _ => ticket.solved_at = None,
    }
    ticket.status = status;
}

fn join_tags(tags: &[String]) -> Option<String> {
    (!tags.is_empty()).then(|| tags.join(", "))
}

/// The ticket after `patch`, with every change logged. Pure apart from its inputs.
pub(crate) fn apply(
    current: &Ticket,
    patch: &UpdateTicket,
    matrix: &PriorityMatrix,
    log: &mut ChangeLog,
) -> ServiceResult<Ticket> {
    let mut t = current.clone();
    let now = log.at;

    if t.status == Status::Closed {
        let no_op =
            patch.touches_only_status() && matches!(patch.status, None | Some(Status::Closed));
        if !no_op {
            return Err(ServiceError::Conflict {
                code: "ticket_closed",
                message: format!(
                    "ticket #{} is closed; closed tickets cannot change",
                    t.number
                ),
            });
        }
    }
    if let Some(status) = patch.status {
        check_transition(t.status, status)?;
    }

    if let Some(subject) = &patch.subject {
        log.field("subject", &Some(&t.subject), &Some(subject));
        t.subject.clone_from(subject);
    }
    if let Some(description) = &patch.description {
        log.field("description", &Some(&t.description), &Some(description));
        t.description.clone_from(description);
    }
    if let Some(ticket_type) = patch.ticket_type {
        log.field("type", &Some(t.ticket_type), &Some(ticket_type));
        t.ticket_type = ticket_type;
    }
    if let Some(i) = patch.impact {
        let impact = Impact::new(i)?;
        log.field("impact", &Some(t.impact), &Some(impact));
        t.impact = impact;
    }
    if let Some(u) = patch.urgency {
        let urgency = Urgency::new(u)?;
        log.field("urgency", &Some(t.urgency), &Some(urgency));
        t.urgency = urgency;
    }
    let (priority, overridden) = match patch.priority {
        Some(Some(p)) => (p, true),
        Some(None) => (matrix.priority(t.impact, t.urgency), false),
        None if t.priority_overridden => (t.priority, true),
        None => (matrix.priority(t.impact, t.urgency), false),
    };
    log.field("priority", &Some(t.priority), &Some(priority));
    log.field(
        "priority_overridden",
        &Some(t.priority_overridden),
        &Some(overridden),
    );
    t.priority = priority;
    t.priority_overridden = overridden;

    if let Some(category) = &patch.category {
        log.field("category", &t.category, category);
        t.category.clone_from(category);
    }
    let mut tags = patch.tags.clone().unwrap_or_else(|| t.tags.clone());
    tags.extend(patch.add_tags.iter().cloned());
    tags.retain(|tag| !patch.remove_tags.contains(tag));
    tags.sort();
    tags.dedup();
    log.field("tags", &join_tags(&t.tags), &join_tags(&tags));
    t.tags = tags;

    if let Some(fields) = &patch.custom_fields {
        for (key, value) in fields {
            let old = t.custom_fields.get(key).cloned();
            let new = (!value.is_null()).then(|| value.clone());
            log.field(&format!("custom_fields.{key}"), &old, &new);
            match new {
                Some(v) => {
                    t.custom_fields.insert(key.clone(), v);
                }
                None => {
                    t.custom_fields.remove(key);
                }
            }
        }
    }
    if let Some(requester_id) = patch.requester_id {
        log.field("requester_id", &Some(t.requester_id), &Some(requester_id));
        t.requester_id = requester_id;
    }
    if let Some(assignee) = patch.assignee_id {
        log.field("assignee_id", &t.assignee_id, &assignee);
        t.assignee_id = assignee;
    }
    if let Some(group) = patch.group_id {
        log.field("group_id", &t.group_id, &group);
        t.group_id = group;
    }
    if let Some(tier) = patch.tier {
        log.field("tier", &Some(t.tier), &Some(tier));
        t.tier = tier;
    }
    if let Some(language) = &patch.language {
        log.field("language", &t.language, language);
        t.language.clone_from(language);
    }
    if let Some(status) = patch.status {
        set_status(&mut t, status, now, log);
    }
    Ok(t)
}
