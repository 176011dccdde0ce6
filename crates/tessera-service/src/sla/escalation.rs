//! Escalation: the steps a policy runs when a warning or breach is announced,
//! and the manual "escalate to the next tier" of an agent.

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;
use tessera_core::{Priority, Role, Status, Tier};
use tessera_store::{EventKind, Group, NewEvent, NewNotification, Ticket, TicketWrite, UserQuery};

use super::spec::EscalationAction;
use crate::policy::{self, Action};
use crate::tickets::changes::ChangeLog;
use crate::{Actor, Service, ServiceError, ServiceResult};

const REASON_MAX_CHARS: usize = 2_000;

/// Groups, group members and supervisors, read at most once per sweep.
#[derive(Default)]
pub(super) struct Directory {
    groups: Option<Vec<Group>>,
    members: HashMap<i64, Vec<i64>>,
    supervisors: Option<Vec<i64>>,
}

impl Directory {
    pub(super) async fn groups(&mut self, service: &Service) -> ServiceResult<&[Group]> {
        if self.groups.is_none() {
            let mut groups = service.store().list_groups().await?;
            groups.sort_by_key(|g| g.id);
            self.groups = Some(groups);
        }
        Ok(self.groups.as_deref().unwrap_or_default())
    }

    async fn members(&mut self, service: &Service, group_id: i64) -> ServiceResult<Vec<i64>> {
        if let Some(m) = self.members.get(&group_id) {
            return Ok(m.clone());
        }
        let members = service.store().group_members(group_id).await?;
        self.members.insert(group_id, members.clone());
        Ok(members)
    }

    async fn supervisors(&mut self, service: &Service) -> ServiceResult<Vec<i64>> {
        if let Some(s) = &self.supervisors {
            return Ok(s.clone());
        }
        let mut ids = Vec::new();
        let mut after_id = None;
        loop {
            let page = service
                .store()
                .list_users(&UserQuery {
                    role: Some(Role::Supervisor),
                    after_id,
                    limit: 500,
                    ..UserQuery::default()
                })
                .await?;
            ids.extend(page.items.iter().filter(|u| u.active).map(|u| u.id));
            match page.items.last() {
                Some(last) if page.next_cursor.is_some() => after_id = Some(last.id),
                _ => break,
            }
        }
        self.supervisors = Some(ids.clone());
        Ok(ids)
    }

    /// Supervisors who are members of the group, else every supervisor.
    async fn supervisors_for(
        &mut self,
        service: &Service,
        group_id: Option<i64>,
    ) -> ServiceResult<Vec<i64>> {
        let all = self.supervisors(service).await?;
        if let Some(g) = group_id {
            let members = self.members(service, g).await?;
            let in_group: Vec<i64> = all
                .iter()
                .copied()
                .filter(|s| members.contains(s))
                .collect();
            if !in_group.is_empty() {
                return Ok(in_group);
            }
        }
        Ok(all)
    }

    /// The group a ticket moves to one tier up: the lowest-id group of the
    /// next tier. `None` for the tier when the ticket is already at the top.
    pub(super) async fn next_tier(
        &mut self,
        service: &Service,
        tier: Tier,
    ) -> ServiceResult<Option<(Tier, Option<Group>)>> {
        let Some(next) = Tier::ALL
            .iter()
            .position(|&t| t == tier)
            .and_then(|i| Tier::ALL.get(i + 1))
            .copied()
        else {
            return Ok(None);
        };
        let group = self
            .groups(service)
            .await?
            .iter()
            .find(|g| g.tier == next)
            .cloned();
        Ok(Some((next, group)))
    }
}

/// An internal history entry written by the system.
pub(super) fn system_event(
    field: &str,
    old: Option<String>,
    new: Option<String>,
    at: Timestamp,
) -> NewEvent {
    NewEvent {
        actor_id: None,
        kind: EventKind::FieldChanged,
        field: Some(field.to_owned()),
        old_value: old,
        new_value: new,
        for_comment: false,
        internal: true,
        created_at: at,
    }
}

fn tier_number(tier: Tier) -> usize {
    Tier::ALL.iter().position(|&t| t == tier).unwrap_or(0)
}

/// What running escalation steps produced for one announcement.
#[derive(Default)]
pub(super) struct StepOutcome {
    pub(super) events: Vec<NewEvent>,
    pub(super) recipients: BTreeSet<i64>,
    /// Ticket fields changed (priority, group, tier, assignee).
    pub(super) changes: usize,
    /// Whether some step chose recipients (else the assignee is told).
    pub(super) notified: bool,
}

/// Applies one step to `ticket`, describing each change after `headline`
/// ("SLA breach on first response").
pub(super) async fn run_step(
    service: &Service,
    directory: &mut Directory,
    ticket: &mut Ticket,
    action: EscalationAction,
    headline: &str,
    now: Timestamp,
    out: &mut StepOutcome,
) -> ServiceResult<()> {
    match action {
        EscalationAction::NotifyAssignee => {
            out.notified = true;
            out.recipients.extend(ticket.assignee_id);
        }
        EscalationAction::NotifyGroup => {
            out.notified = true;
            if let Some(g) = ticket.group_id {
                out.recipients.extend(directory.members(service, g).await?);
            }
        }
        EscalationAction::NotifySupervisors => {
            out.notified = true;
            out.recipients
                .extend(directory.supervisors_for(service, ticket.group_id).await?);
        }
        EscalationAction::RaisePriority => {
            let Some(raised) = ticket
                .priority
                .rank()
                .checked_sub(1)
                .and_then(Priority::from_rank)
            else {
                return Ok(());
            };
            out.events.push(system_event(
                "priority",
                Some(ticket.priority.as_str().to_owned()),
                Some(raised.as_str().to_owned()),
                now,
            ));
            out.events.push(system_event(
                "sla_escalation",
                None,
                Some(format!(
                    "{headline}: priority raised P{} → P{}",
                    ticket.priority.rank(),
                    raised.rank()
                )),
                now,
            ));
            ticket.priority = raised;
            ticket.priority_overridden = true;
            out.changes += 1;
        }
        EscalationAction::MoveToNextTier { group_id } => {
            let (tier, group) = match group_id {
                Some(id) => match directory.groups(service).await?.iter().find(|g| g.id == id) {
                    Some(g) => (g.tier, Some(g.clone())),
                    None => {
                        tracing::warn!(group = id, "SLA escalation names a missing group");
                        return Ok(());
                    }
                },
                None => match directory.next_tier(service, ticket.tier).await? {
                    Some(next) => next,
                    None => return Ok(()),
                },
            };
            let description = move_to(ticket, tier, group.as_ref(), now, &mut out.events);
            if let Some(description) = description {
                out.events.push(system_event(
                    "sla_escalation",
                    None,
                    Some(format!("{headline}: {description}")),
                    now,
                ));
                out.changes += 1;
            }
        }
        EscalationAction::Reassign { agent_id } => {
            if ticket.assignee_id != Some(agent_id) {
                out.events.push(system_event(
                    "assignee_id",
                    ticket.assignee_id.map(|a| a.to_string()),
                    Some(agent_id.to_string()),
                    now,
                ));
                out.events.push(system_event(
                    "sla_escalation",
                    None,
                    Some(format!("{headline}: reassigned to user {agent_id}")),
                    now,
                ));
                ticket.assignee_id = Some(agent_id);
                out.recipients.insert(agent_id);
                out.changes += 1;
            }
        }
    }
    Ok(())
}

/// Moves the ticket to `tier` and `group` (if any), logging each changed field;
/// returns a description such as "moved to group L2 Network (tier 2)", or
/// `None` if nothing changed.
fn move_to(
    ticket: &mut Ticket,
    tier: Tier,
    group: Option<&Group>,
    now: Timestamp,
    events: &mut Vec<NewEvent>,
) -> Option<String> {
    let group_changes = group.is_some_and(|g| ticket.group_id != Some(g.id));
    if ticket.tier == tier && !group_changes {
        return None;
    }
    if ticket.tier != tier {
        events.push(system_event(
            "tier",
            Some(ticket.tier.as_str().to_owned()),
            Some(tier.as_str().to_owned()),
            now,
        ));
        ticket.tier = tier;
    }
    if let Some(g) = group.filter(|_| group_changes) {
        events.push(system_event(
            "group_id",
            ticket.group_id.map(|id| id.to_string()),
            Some(g.id.to_string()),
            now,
        ));
        ticket.group_id = Some(g.id);
    }
    Some(match group {
        Some(g) => format!("moved to group {} (tier {})", g.name, tier_number(tier)),
        None => format!("moved to tier {}", tier_number(tier)),
    })
}

pub(super) fn notifications(
    recipients: &BTreeSet<i64>,
    ticket_id: i64,
    kind: &str,
    body: &str,
    now: Timestamp,
) -> Vec<NewNotification> {
    recipients
        .iter()
        .map(|&user_id| NewNotification {
            user_id,
            ticket_id: Some(ticket_id),
            kind: kind.to_owned(),
            body: body.to_owned(),
            created_at: now,
        })
        .collect()
}

pub(super) async fn escalate_manually(
    service: &Service,
    actor: &Actor,
    ticket_id: i64,
    reason: &str,
    expected_version: i64,
) -> ServiceResult<Ticket> {
    policy::authorize(actor, Action::EscalateTicket)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::invalid("reason", "must not be empty"));
    }
    if reason.chars().count() > REASON_MAX_CHARS || reason.contains('\0') {
        return Err(ServiceError::invalid(
            "reason",
            format!("must be at most {REASON_MAX_CHARS} characters without NUL"),
        ));
    }
    let ticket = service.get_ticket(actor, ticket_id).await?;
    if ticket.version != expected_version {
        return Err(ServiceError::Conflict {
            code: "ticket_version",
            message: "the ticket was changed by someone else; reload and try again".to_owned(),
        });
    }
    if ticket.status == Status::Closed {
        return Err(ServiceError::Conflict {
            code: "ticket_closed",
            message: format!(
                "ticket #{} is closed; closed tickets cannot change",
                ticket.number
            ),
        });
    }
    let mut directory = Directory::default();
    let Some((tier, group)) = directory.next_tier(service, ticket.tier).await? else {
        return Err(ServiceError::invalid(
            "tier",
            "the ticket is already at the highest tier",
        ));
    };
    let now = service.now();
    let mut next = ticket.clone();
    let mut events = Vec::new();
    let description = move_to(&mut next, tier, group.as_ref(), now, &mut events)
        .unwrap_or_else(|| format!("moved to tier {}", tier_number(tier)));
    // The field events are the actor's, like any other change.
    for e in &mut events {
        e.actor_id = Some(actor.user_id);
    }
    events.push(ChangeLog::event(
        actor,
        "escalated",
        None,
        Some(format!("{description}: {reason}")),
        true,
        now,
    ));
    next.updated_at = now;
    let recipients: BTreeSet<i64> = match next.group_id {
        Some(g) if next.group_id != ticket.group_id => service
            .store()
            .group_members(g)
            .await?
            .into_iter()
            .filter(|&u| u != actor.user_id)
            .collect(),
        _ => BTreeSet::new(),
    };
    let body = format!(
        "Ticket #{} \"{}\" was escalated to you: {description}. Reason: {reason}",
        ticket.number, ticket.subject
    );
    let sla = service
        .sla_row_for_change(&ticket, &next, None, now)
        .await?;
    let (saved, _) = service
        .store()
        .update_ticket(TicketWrite {
            ticket: next,
            comment: None,
            events,
            jobs: Vec::new(),
            sla: Some(sla),
            notifications: notifications(&recipients, ticket.id, "escalated", &body, now),
        })
        .await?;
    service.publish(crate::Change::TicketUpdated {
        ticket_id: saved.id,
    });
    Ok(saved)
}
