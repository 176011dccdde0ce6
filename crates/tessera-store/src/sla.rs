//! SLA records: business calendars and policies as admins define them, the
//! derived SLA state of each ticket, and in-app notifications.
//!
//! Calendars and policies are stored as JSON documents whose shape the service
//! layer owns and validates (it turns them into `tessera_core::sla` values); the
//! store keeps them verbatim with a name, an order and a version.

use std::collections::HashSet;

use jiff::Timestamp;
use serde_json::Value;

use tessera_core::{Channel, Priority, Status, TicketType};

use crate::{StoreError, StoreResult, Ticket};

#[derive(Debug, Clone, PartialEq)]
pub struct SlaCalendarRecord {
    pub id: i64,
    /// Unique.
    pub name: String,
    pub definition: Value,
    /// Optimistic-concurrency counter: 1 on create, bumped by every update.
    pub version: i64,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewSlaCalendar {
    pub name: String,
    pub definition: Value,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SlaPolicyRecord {
    pub id: i64,
    /// Unique.
    pub name: String,
    /// Policies are tried by position, then id; the first that matches applies.
    pub position: i32,
    /// Inactive policies are never selected.
    pub active: bool,
    /// The calendar the targets count in; `None` for 24/7 (UTC).
    pub calendar_id: Option<i64>,
    pub definition: Value,
    pub version: i64,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewSlaPolicy {
    pub name: String,
    pub position: i32,
    pub active: bool,
    pub calendar_id: Option<i64>,
    pub definition: Value,
    pub updated_at: Timestamp,
}

/// A ticket's SLA state: derived data, rewritten by the service after every
/// relevant change and by background recomputation. Writing it never bumps the
/// ticket's version.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketSla {
    /// Ignored (filled in by the store) when written with a new ticket.
    pub ticket_id: i64,
    /// The policy that applies; `None` when no policy matches (the row then
    /// still keeps the timeline, so a later policy edit can apply one).
    pub policy_id: Option<i64>,
    /// The SLA-relevant history of the ticket in a compact form the service
    /// owns, so recomputation never replays comments and events.
    pub timeline: Value,
    /// The computed targets, for display; shape owned by the service.
    pub state: Value,
    /// Earliest due time of a running target: the queue's "sort by next due".
    pub next_due_at: Option<Timestamp>,
    /// When the sweeper must next look at this ticket (a warning or breach not
    /// yet announced); `None` when nothing is pending.
    pub next_check_at: Option<Timestamp>,
    /// Some target is breached (now or earlier).
    pub breached: bool,
    pub computed_at: Timestamp,
}

/// Which tickets `scan_ticket_slas` returns: by ascending ticket id after
/// `after_ticket_id`, at most `limit` (1..=5000).
#[derive(Debug, Clone, Default)]
pub struct SlaScan {
    pub after_ticket_id: i64,
    pub limit: u32,
    /// Only tickets that are not solved or closed.
    pub open_only: bool,
    /// Only tickets created at or after this instant.
    pub created_from: Option<Timestamp>,
    /// Only tickets created before this instant.
    pub created_to: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub id: i64,
    pub user_id: i64,
    pub ticket_id: Option<i64>,
    /// e.g. `sla_warning`, `sla_breach`, `escalated`.
    pub kind: String,
    /// Ready-to-show text in the recipient's language.
    pub body: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct NewNotification {
    pub user_id: i64,
    pub ticket_id: Option<i64>,
    pub kind: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// A ticket and its SLA row, as `scan_ticket_slas` returns them.
pub type TicketWithSla = (Ticket, Option<TicketSla>);

/// What SLA recomputation needs of an open ticket, as `scan_open_sla_facts`
/// returns it: the fields policy selection and timeline reconstruction read,
/// and the ticket's SLA row; no description, subject or custom fields.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaFacts {
    pub ticket_id: i64,
    pub status: Status,
    pub priority: Priority,
    pub ticket_type: TicketType,
    pub organization_id: Option<i64>,
    pub tags: Vec<String>,
    pub channel: Channel,
    pub category: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub first_response_at: Option<Timestamp>,
    pub solved_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub sla: Option<TicketSla>,
}

impl SlaFacts {
    /// The facts of a full ticket and its row (what the slim scan must equal).
    pub fn from_ticket(ticket: Ticket, sla: Option<TicketSla>) -> SlaFacts {
        SlaFacts {
            ticket_id: ticket.id,
            status: ticket.status,
            priority: ticket.priority,
            ticket_type: ticket.ticket_type,
            organization_id: ticket.organization_id,
            tags: ticket.tags,
            channel: ticket.channel,
            category: ticket.category,
            created_at: ticket.created_at,
            updated_at: ticket.updated_at,
            first_response_at: ticket.first_response_at,
            solved_at: ticket.solved_at,
            closed_at: ticket.closed_at,
            sla,
        }
    }
}

/// The positions `Store::reorder_sla_policies` gives: `(id, position)` of every
/// policy in `current` (`(id, position)` in the present order), the listed `ids`
/// first (a repeated id counts once), then the others in their present order.
/// An id not in `current` is `NotFound { entity: "sla_policy" }`. Shared by the
/// backends so both order alike.
pub fn reordered_sla_policies(current: &[(i64, i32)], ids: &[i64]) -> StoreResult<Vec<(i64, i32)>> {
    let known: HashSet<i64> = current.iter().map(|&(id, _)| id).collect();
    let mut placed = HashSet::with_capacity(current.len());
    let mut order = Vec::with_capacity(current.len());
    for &id in ids {
        if !known.contains(&id) {
            return Err(StoreError::not_found("sla_policy"));
        }
        if placed.insert(id) {
            order.push(id);
        }
    }
    order.extend(
        current
            .iter()
            .map(|&(id, _)| id)
            .filter(|id| !placed.contains(id)),
    );
    order
        .into_iter()
        .enumerate()
        .map(|(position, id)| {
            i32::try_from(position)
                .map(|position| (id, position))
                .map_err(|_| StoreError::Other("too many SLA policies".to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_policies_come_first_and_the_rest_keep_their_order() {
        let current = [(10, 0), (11, 1), (12, 2), (13, 3)];
        let order = reordered_sla_policies(&current, &[12, 10, 12]).expect("known ids");
        assert_eq!(order, vec![(12, 0), (10, 1), (11, 2), (13, 3)]);
    }

    #[test]
    fn an_unknown_policy_is_not_found() {
        let result = reordered_sla_policies(&[(1, 0)], &[2]);
        assert!(matches!(
            result,
            Err(StoreError::NotFound {
                entity: "sla_policy"
            })
        ));
    }
}
