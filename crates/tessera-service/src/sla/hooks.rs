//! Keeping a ticket's SLA row current inside the ticket's own write, and
//! reading it back for people.

use jiff::Timestamp;
use tessera_core::sla::SlaEventKind;
use tessera_store::{Ticket, TicketSla};

use super::state::{self, stored_health};
use super::timeline::Timeline;
use super::views::{SlaSummary, TargetView, TicketSlaView};
use crate::policy::{self, Action};
use crate::{Actor, Service, ServiceError, ServiceResult};

const SUMMARIES_MAX: usize = 500;

/// What a comment means to SLA clocks: a public staff reply is a response, a
/// public reply from the customer's side starts next response, anything
/// internal is only noted.
pub(crate) fn comment_event(public: bool, customer_side: bool, staff: bool) -> SlaEventKind {
    match (public, customer_side) {
        (true, true) => SlaEventKind::CustomerPublicReply,
        (true, false) if staff => SlaEventKind::AgentPublicReply,
        _ => SlaEventKind::InternalNote,
    }
}

impl Service {
    /// The SLA row a new ticket is created with (`ticket.id` is filled in by
    /// the store).
    pub(crate) async fn sla_row_for_new_ticket(
        &self,
        ticket: &Ticket,
        requester_time_zone: Option<String>,
    ) -> ServiceResult<TicketSla> {
        let rules = self.inner.sla_cache.rules(self.store().as_ref()).await?;
        let timeline = Timeline::created(ticket, requester_time_zone);
        Ok(rules.row(ticket, &timeline, None, ticket.created_at))
    }

    /// The SLA row after `before` becomes `after` at `now`, with the reply or
    /// note the change carries. Call it after reading `before` (inside the
    /// retry loop): the row read here is then at least as new as `before`, and
    /// the write's version check keeps the pair consistent.
    pub(crate) async fn sla_row_for_change(
        &self,
        before: &Ticket,
        after: &Ticket,
        comment: Option<SlaEventKind>,
        now: Timestamp,
    ) -> ServiceResult<TicketSla> {
        let rules = self.inner.sla_cache.rules(self.store().as_ref()).await?;
        let existing = self.store().get_ticket_sla(before.id).await?;
        let mut timeline = match existing
            .as_ref()
            .and_then(|r| Timeline::from_value(&r.timeline))
        {
            Some(timeline) => timeline,
            None => {
                let mut timeline = Timeline::reconstruct(before);
                timeline.requester_time_zone = self.requester_time_zone(before.requester_id).await;
                timeline
            }
        };
        if before.requester_id != after.requester_id {
            timeline.requester_time_zone = self.requester_time_zone(after.requester_id).await;
        }
        timeline.record_change(before, after, comment, now);
        Ok(rules.row(after, &timeline, existing.as_ref().map(|r| &r.state), now))
    }

    /// The requester's IANA zone, which policy regions match; unknown users
    /// simply have none.
    pub(crate) async fn requester_time_zone(&self, user_id: i64) -> Option<String> {
        self.store()
            .get_user(user_id)
            .await
            .ok()
            .and_then(|u| u.time_zone)
    }
}

pub(super) async fn ticket_sla(
    service: &Service,
    actor: &Actor,
    ticket_id: i64,
) -> ServiceResult<Option<TicketSlaView>> {
    policy::authorize(actor, Action::ViewSla)?;
    let ticket = service.get_ticket(actor, ticket_id).await?;
    let row = service.store().get_ticket_sla(ticket_id).await?;
    let timeline = match row.as_ref().and_then(|r| Timeline::from_value(&r.timeline)) {
        Some(timeline) => timeline,
        None => {
            let mut timeline = Timeline::reconstruct(&ticket);
            timeline.requester_time_zone = service.requester_time_zone(ticket.requester_id).await;
            timeline
        }
    };
    let rules = service
        .inner
        .sla_cache
        .rules(service.store().as_ref())
        .await?;
    let now = service.now();
    let Some((compiled, sla)) = rules.compute(&ticket, &timeline, now) else {
        return Ok(None);
    };
    let calendar_name = compiled.calendar_name.clone();
    let explanation = sla.explain(&compiled.policy, calendar_name.as_deref().unwrap_or(""));
    let lines: Vec<&str> = explanation.lines().collect();
    let targets = sla
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| TargetView {
            kind: t.kind.as_str().to_owned(),
            status: t.status.as_str().to_owned(),
            business_minutes: t.target.as_mins(),
            started_at: t.started_at,
            due_at: t.due_at,
            warn_at: t.warn_at,
            met_at: t.met_at,
            breached_at: t.breached_at,
            remaining_seconds: t.remaining.as_secs(),
            paused_seconds: t.paused.as_secs(),
            elapsed_seconds: t.elapsed.as_secs(),
            cycles: t.cycles,
            breached_cycles: t.breached_cycles,
            explanation: lines.get(i).map(|l| (*l).to_owned()).unwrap_or_default(),
        })
        .collect();
    Ok(Some(TicketSlaView {
        ticket_id,
        policy_id: compiled.policy.id,
        policy_name: compiled.policy.name.clone(),
        calendar_name,
        priority: sla.priority.as_str().to_owned(),
        time_zone: sla.time_zone.iana_name().unwrap_or("UTC").to_owned(),
        computed_at: sla.computed_at,
        health: state::health(&sla),
        next_due_at: sla.next_due(),
        targets,
    }))
}

pub(super) async fn summaries(
    service: &Service,
    actor: &Actor,
    ticket_ids: &[i64],
) -> ServiceResult<Vec<SlaSummary>> {
    policy::authorize(actor, Action::ViewSla)?;
    if ticket_ids.len() > SUMMARIES_MAX {
        return Err(ServiceError::invalid(
            "ticket_ids",
            format!("at most {SUMMARIES_MAX} at once"),
        ));
    }
    if ticket_ids.is_empty() {
        return Ok(Vec::new());
    }
    let now = service.now();
    let rows = service.store().get_ticket_slas(ticket_ids).await?;
    let mut summaries: Vec<SlaSummary> = rows
        .into_iter()
        .filter(|r| r.policy_id.is_some())
        .filter_map(|r| {
            Some(SlaSummary {
                ticket_id: r.ticket_id,
                health: stored_health(&r.state, now)?,
                next_due_at: r.next_due_at,
            })
        })
        .collect();
    // In the order asked for, which is the queue's order.
    summaries.sort_by_key(|s| ticket_ids.iter().position(|&id| id == s.ticket_id));
    Ok(summaries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_staff_replies_respond() {
        assert_eq!(
            comment_event(true, false, true),
            SlaEventKind::AgentPublicReply
        );
        assert_eq!(
            comment_event(false, false, true),
            SlaEventKind::InternalNote
        );
        assert_eq!(
            comment_event(true, true, false),
            SlaEventKind::CustomerPublicReply
        );
        assert_eq!(
            comment_event(true, true, true),
            SlaEventKind::CustomerPublicReply
        );
        assert_eq!(
            comment_event(false, true, false),
            SlaEventKind::InternalNote
        );
    }
}
