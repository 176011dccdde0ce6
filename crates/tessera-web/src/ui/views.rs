//! View models: records turned into what templates print (translated labels,
//! local times, names instead of ids). Templates get strings, not domain types.

use std::collections::HashMap;

use tessera_core::{Channel, Priority, Status, TicketType, Tier};
use tessera_service::{Actor, Service};
use tessera_store::Ticket;

use super::i18n::Tr;

/// Resolves user ids to names, once per request.
pub struct Names<'a> {
    service: &'a Service,
    actor: &'a Actor,
    users: HashMap<i64, String>,
    /// Shown for people the viewer may not look up (customers see staff this way).
    unknown: String,
}

impl<'a> Names<'a> {
    pub fn new(service: &'a Service, actor: &'a Actor, tr: &Tr) -> Names<'a> {
        Names {
            service,
            actor,
            users: HashMap::new(),
            unknown: tr.get("author-support"),
        }
    }

    /// A user's name, or the "support team" label for one the viewer may not see.
    pub async fn user(&mut self, id: i64) -> String {
        if let Some(name) = self.users.get(&id) {
            return name.clone();
        }
        let name = match self.service.get_user(self.actor, id).await {
            Ok(u) => u.name,
            Err(_) => self.unknown.clone(),
        };
        self.users.insert(id, name.clone());
        name
    }

    /// Looks up many users in one service call (a list page's requesters and
    /// assignees), so rendering rows afterwards needs no further lookups.
    pub async fn preload(&mut self, ids: impl IntoIterator<Item = i64>) {
        let wanted: Vec<i64> = ids
            .into_iter()
            .filter(|id| !self.users.contains_key(id))
            .collect();
        if wanted.is_empty() {
            return;
        }
        // On failure the per-id lookups in `user` still run; nothing is lost.
        if let Ok(users) = self.service.get_users(self.actor, &wanted).await {
            for u in users {
                self.users.insert(u.id, u.name);
            }
        }
    }

    pub async fn user_opt(&mut self, id: Option<i64>) -> Option<String> {
        match id {
            Some(id) => Some(self.user(id).await),
            None => None,
        }
    }
}

pub fn status_label(tr: &Tr, s: Status) -> String {
    tr.get(&format!("status-{}", s.as_str()))
}

pub fn priority_label(tr: &Tr, p: Priority) -> String {
    tr.get(&format!("priority-{}", p.as_str()))
}

pub fn type_label(tr: &Tr, t: TicketType) -> String {
    tr.get(&format!("type-{}", t.as_str()))
}

pub fn channel_label(tr: &Tr, c: Channel) -> String {
    tr.get(&format!("channel-{}", c.as_str()))
}

pub fn tier_label(t: Tier) -> String {
    t.as_str().to_uppercase()
}

/// A `<select>` option.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

pub fn status_choices(tr: &Tr, current: Option<Status>) -> Vec<Choice> {
    Status::ALL
        .iter()
        .map(|s| Choice::new(s.as_str(), status_label(tr, *s), current == Some(*s)))
        .collect()
}

pub fn priority_choices(tr: &Tr, current: Option<Priority>) -> Vec<Choice> {
    Priority::ALL
        .iter()
        .map(|p| Choice::new(p.as_str(), priority_label(tr, *p), current == Some(*p)))
        .collect()
}

pub fn type_choices(tr: &Tr, current: Option<TicketType>) -> Vec<Choice> {
    TicketType::ALL
        .iter()
        .map(|t| Choice::new(t.as_str(), type_label(tr, *t), current == Some(*t)))
        .collect()
}

pub fn tier_choices(current: Tier) -> Vec<Choice> {
    Tier::ALL
        .iter()
        .map(|t| Choice::new(t.as_str(), tier_label(*t), current == *t))
        .collect()
}

/// One line of a ticket list.
pub struct TicketRow {
    pub id: i64,
    pub number: i64,
    pub subject: String,
    pub requester: String,
    pub status: &'static str,
    pub status_label: String,
    pub priority: &'static str,
    pub priority_label: String,
    pub assignee: String,
    pub updated: String,
    pub updated_iso: String,
}

impl TicketRow {
    pub async fn build(ticket: &Ticket, tr: &Tr, names: &mut Names<'_>) -> TicketRow {
        let assignee = match ticket.assignee_id {
            Some(id) => names.user(id).await,
            None => "—".to_owned(),
        };
        TicketRow {
            id: ticket.id,
            number: ticket.number,
            subject: ticket.subject.clone(),
            requester: names.user(ticket.requester_id).await,
            status: ticket.status.as_str(),
            status_label: status_label(tr, ticket.status),
            priority: ticket.priority.as_str(),
            priority_label: priority_label(tr, ticket.priority),
            assignee,
            updated: tr.datetime(ticket.updated_at),
            updated_iso: tr.iso(ticket.updated_at),
        }
    }

    pub async fn build_all(tickets: &[Ticket], tr: &Tr, names: &mut Names<'_>) -> Vec<TicketRow> {
        names
            .preload(
                tickets
                    .iter()
                    .flat_map(|t| std::iter::once(t.requester_id).chain(t.assignee_id)),
            )
            .await;
        let mut rows = Vec::with_capacity(tickets.len());
        for t in tickets {
            rows.push(TicketRow::build(t, tr, names).await);
        }
        rows
    }
}
