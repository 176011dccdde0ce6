//! The compact SLA history of a ticket (`TicketSla::timeline`): just the
//! events the SLA clock replays, so recomputation never reads comments or
//! history. Stored as
//! `{"tz": "Europe/Zagreb", "events": [[micros, "created", "high", "new"], …]}`
//! with one array per event: `[micros, "status", from, to]`,
//! `[micros, "priority", to]`, `[micros, "agent_reply"]`,
//! `[micros, "customer_reply"]`, `[micros, "note"]`.
//! `tz` is the requester's time zone, which policy regions match against.

use jiff::Timestamp;
use serde_json::{Value, json};
use tessera_core::sla::{SlaEvent, SlaEventKind};
use tessera_core::{Priority, Status};
use tessera_store::Ticket;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timeline {
    pub(crate) requester_time_zone: Option<String>,
    pub(crate) events: Vec<SlaEvent>,
}

impl Timeline {
    /// The history of a ticket just created.
    pub(crate) fn created(ticket: &Ticket, requester_time_zone: Option<String>) -> Timeline {
        Timeline {
            requester_time_zone,
            events: vec![SlaEvent::new(
                ticket.created_at,
                SlaEventKind::Created {
                    priority: ticket.priority,
                    status: ticket.status,
                },
            )],
        }
    }

    /// A best-effort history for a ticket stored before SLA tracking existed,
    /// from the fields it has: creation, first response, solve and close; a
    /// ticket waiting in a status other than new/open is taken to have entered
    /// it at its last update.
    pub(crate) fn reconstruct(ticket: &Ticket) -> Timeline {
        let mut events = vec![SlaEvent::new(
            ticket.created_at,
            SlaEventKind::Created {
                priority: ticket.priority,
                status: Status::New,
            },
        )];
        let mut status = Status::New;
        let mut move_to = |events: &mut Vec<SlaEvent>, at: Timestamp, to: Status| {
            if status != to {
                events.push(SlaEvent::new(
                    at,
                    SlaEventKind::StatusChanged { from: status, to },
                ));
                status = to;
            }
        };
        if let Some(at) = ticket.first_response_at {
            move_to(&mut events, at, Status::Open);
            events.push(SlaEvent::new(at, SlaEventKind::AgentPublicReply));
        }
        if let Some(at) = ticket.solved_at {
            move_to(&mut events, at, Status::Solved);
        }
        match ticket.status {
            Status::New => {}
            Status::Closed => {
                move_to(
                    &mut events,
                    ticket.closed_at.unwrap_or(ticket.updated_at),
                    Status::Closed,
                );
            }
            other => {
                let at = ticket.updated_at.max(ticket.created_at);
                move_to(&mut events, at, other);
            }
        }
        Timeline {
            requester_time_zone: None,
            events,
        }
    }

    pub(crate) fn push(&mut self, at: Timestamp, kind: SlaEventKind) {
        self.events.push(SlaEvent::new(at, kind));
    }

    /// The events a ticket change implies: status and priority changes, then
    /// the reply or note that came with it (if any).
    pub(crate) fn record_change(
        &mut self,
        before: &Ticket,
        after: &Ticket,
        reply: Option<SlaEventKind>,
        at: Timestamp,
    ) {
        if before.status != after.status {
            self.push(
                at,
                SlaEventKind::StatusChanged {
                    from: before.status,
                    to: after.status,
                },
            );
        }
        if before.priority != after.priority {
            self.push(at, SlaEventKind::PriorityChanged { to: after.priority });
        }
        if let Some(kind) = reply {
            self.push(at, kind);
        }
    }

    pub(crate) fn to_value(&self) -> Value {
        let events: Vec<Value> = self
            .events
            .iter()
            .map(|e| {
                let at = e.at.as_microsecond();
                match e.kind {
                    SlaEventKind::Created { priority, status } => {
                        json!([at, "created", priority.as_str(), status.as_str()])
                    }
                    SlaEventKind::StatusChanged { from, to } => {
                        json!([at, "status", from.as_str(), to.as_str()])
                    }
                    SlaEventKind::PriorityChanged { to } => json!([at, "priority", to.as_str()]),
                    SlaEventKind::AgentPublicReply => json!([at, "agent_reply"]),
                    SlaEventKind::CustomerPublicReply => json!([at, "customer_reply"]),
                    SlaEventKind::InternalNote => json!([at, "note"]),
                }
            })
            .collect();
        json!({ "tz": self.requester_time_zone, "events": events })
    }

    /// `None` when the document is not a timeline this code wrote.
    pub(crate) fn from_value(value: &Value) -> Option<Timeline> {
        let requester_time_zone = value.get("tz").and_then(Value::as_str).map(str::to_owned);
        let events = value
            .get("events")?
            .as_array()?
            .iter()
            .map(decode_event)
            .collect::<Option<Vec<_>>>()?;
        if events.is_empty() {
            return None;
        }
        Some(Timeline {
            requester_time_zone,
            events,
        })
    }
}

fn decode_event(value: &Value) -> Option<SlaEvent> {
    let parts = value.as_array()?;
    let at = Timestamp::from_microsecond(parts.first()?.as_i64()?).ok()?;
    let text = |i: usize| parts.get(i).and_then(Value::as_str);
    let priority = |i: usize| text(i)?.parse::<Priority>().ok();
    let status = |i: usize| text(i)?.parse::<Status>().ok();
    let kind = match text(1)? {
        "created" => SlaEventKind::Created {
            priority: priority(2)?,
            status: status(3)?,
        },
        "status" => SlaEventKind::StatusChanged {
            from: status(2)?,
            to: status(3)?,
        },
        "priority" => SlaEventKind::PriorityChanged { to: priority(2)? },
        "agent_reply" => SlaEventKind::AgentPublicReply,
        "customer_reply" => SlaEventKind::CustomerPublicReply,
        "note" => SlaEventKind::InternalNote,
        _ => return None,
    };
    Some(SlaEvent::new(at, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn round_trips_every_kind() {
        let mut timeline = Timeline {
            requester_time_zone: Some("Europe/Zagreb".into()),
            events: vec![SlaEvent::new(
                ts("2025-03-03T08:00:00.123456Z"),
                SlaEventKind::Created {
                    priority: Priority::High,
                    status: Status::New,
                },
            )],
        };
        let at = ts("2025-03-03T09:00:00Z");
        for kind in [
            SlaEventKind::StatusChanged {
                from: Status::New,
                to: Status::Pending,
            },
            SlaEventKind::PriorityChanged {
                to: Priority::Urgent,
            },
            SlaEventKind::AgentPublicReply,
            SlaEventKind::CustomerPublicReply,
            SlaEventKind::InternalNote,
        ] {
            timeline.push(at, kind);
        }
        let back = Timeline::from_value(&timeline.to_value()).expect("decodes");
        assert_eq!(back, timeline);
        assert!(Timeline::from_value(&json!({"events": [[1, "lunch"]]})).is_none());
        assert!(Timeline::from_value(&json!({"events": []})).is_none());
    }
}
