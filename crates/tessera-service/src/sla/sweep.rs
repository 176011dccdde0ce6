//! The sweeper: announces each warning and breach once, with history events,
//! notifications and the policy's escalation steps.
//!
//! Exactly-once rests on the ticket's version: each ticket's announcement is
//! one `update_ticket` carrying the new SLA row (which records what was
//! announced). The ticket is read before its SLA row, so a row read here is at
//! least as new as the ticket version the write is checked against; if another
//! node announced meanwhile, the version moved and this write fails.
//!
//! Beside each in-app notification, the same write enqueues one
//! [`NOTIFY_EMAIL_JOB`](crate::NOTIFY_EMAIL_JOB) per recipient with an email
//! address: the message is rendered here (English; the due time in the
//! recipient's time zone, else the calendar's), and the binary sends it. With
//! `notify_in_business_hours` the job waits for the next business instant of
//! the policy's calendar (one calendar per ticket: the simplest reading of
//! "business hours of the recipient", as recipients have no calendars of their
//! own).

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::json;
use tessera_core::sla::BusinessCalendar;
use tessera_core::sla::{SlaEventKind, SlaState, TargetKind};
use tessera_store::{NewJob, StoreError, Ticket, TicketSla, TicketWrite, User};

use super::escalation::{self, Directory, StepOutcome, system_event};
use super::rules::{SlaRules, row_from_state};
use super::spec::EscalationTrigger;
use super::state::Announced;
use super::timeline::Timeline;
use super::views::SweepReport;
use crate::{Service, ServiceError, ServiceResult};

/// Tickets per batch, and batches per sweep (the next sweep takes the rest).
const BATCH: u32 = 200;
const MAX_BATCHES: usize = 25;
/// Attempts of one notification email before it is dead-lettered.
const EMAIL_ATTEMPTS: i32 = 8;

pub(super) async fn sweep(service: &Service, now: Timestamp) -> ServiceResult<SweepReport> {
    let rules = service
        .inner
        .sla_cache
        .rules(service.store().as_ref())
        .await?;
    let mut report = SweepReport::default();
    let mut directory = Directory::default();
    let mut users = Users::default();
    for _ in 0..MAX_BATCHES {
        let due = service.store().ticket_slas_due(now, BATCH).await?;
        let before = report.clone();
        let mut tickets = Vec::with_capacity(due.len());
        for row in &due {
            match service.store().get_ticket(row.ticket_id).await {
                Ok(ticket) => tickets.push(ticket),
                Err(StoreError::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        // Rows read after their tickets (see the module docs).
        let ids: Vec<i64> = tickets.iter().map(|t| t.id).collect();
        let mut rows: HashMap<i64, TicketSla> = service
            .store()
            .get_ticket_slas(&ids)
            .await?
            .into_iter()
            .map(|r| (r.ticket_id, r))
            .collect();
        report.examined += tickets.len();
        for ticket in tickets {
            let Some(row) = rows.remove(&ticket.id) else {
                continue;
            };
            let id = ticket.id;
            match sweep_ticket(
                service,
                &rules,
                &mut directory,
                &mut users,
                ticket,
                row,
                now,
            )
            .await
            {
                Ok(done) => {
                    report.warnings += done.warnings;
                    report.breaches += done.breaches;
                    report.escalations += done.escalations;
                    report.notifications += done.notifications;
                }
                Err(ServiceError::Conflict { .. }) => report.skipped += 1,
                Err(e) => {
                    tracing::warn!(ticket = id, error = %e, "SLA sweep could not update ticket");
                    report.skipped += 1;
                }
            }
        }
        let progressed = report.warnings + report.breaches > before.warnings + before.breaches
            || report.skipped == before.skipped;
        if due.len() < BATCH as usize || !progressed {
            break;
        }
    }
    Ok(report)
}

#[derive(Default)]
struct Swept {
    warnings: usize,
    breaches: usize,
    escalations: usize,
    notifications: usize,
}

fn headline(trigger: EscalationTrigger, kind: TargetKind) -> String {
    format!("SLA {} on {}", trigger.as_str(), kind.label())
}

fn local(ts: Timestamp, tz: &TimeZone) -> String {
    let zoned = ts.to_zoned(tz.clone());
    let zone = tz.iana_name().unwrap_or("UTC");
    format!("{} {zone}", zoned.strftime("%a %Y-%m-%d %H:%M"))
}

/// Recipients' accounts, read at most once per sweep (`None`: gone).
#[derive(Default)]
struct Users(HashMap<i64, Option<User>>);

impl Users {
    async fn get(&mut self, service: &Service, id: i64) -> ServiceResult<Option<&User>> {
        let user = match self.0.entry(id) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let user = match service.store().get_user(id).await {
                    Ok(user) => Some(user),
                    Err(StoreError::NotFound { .. }) => None,
                    Err(e) => return Err(e.into()),
                };
                entry.insert(user)
            }
        };
        Ok(user.as_ref())
    }
}

/// When a notification email may go out: at once, or with
/// `notify_in_business_hours` at the calendar's next business instant (at once
/// when the calendar has no business time left).
fn email_run_at(in_business_hours: bool, calendar: &BusinessCalendar, now: Timestamp) -> Timestamp {
    if !in_business_hours {
        return now;
    }
    let at = calendar.next_business_instant(now);
    if at == Timestamp::MAX { now } else { at }
}

/// What one notification email says.
struct EmailText<'a> {
    ticket: &'a Ticket,
    kind: &'a str,
    headline: &'a str,
    due_at: Option<Timestamp>,
    fallback_zone: &'a TimeZone,
}

impl EmailText<'_> {
    /// The `notify.email` job for `user`, or `None` when they have no address.
    fn job(&self, user: &User, run_at: Timestamp) -> Option<NewJob> {
        let to = user.email.as_deref().filter(|e| !e.trim().is_empty())?;
        if !user.active {
            return None;
        }
        let zone = user
            .time_zone
            .as_deref()
            .and_then(|name| TimeZone::get(name).ok())
            .unwrap_or_else(|| self.fallback_zone.clone());
        let number = self.ticket.number;
        let due = self
            .due_at
            .map(|at| format!("Due: {}\n", local(at, &zone)))
            .unwrap_or_default();
        let subject = format!("[#{number}] {}: {}", self.headline, self.ticket.subject);
        let body = format!(
            "Ticket #{number} \"{}\"\n{}.\n{due}\n/tickets/{number}\n",
            self.ticket.subject, self.headline
        );
        Some(NewJob {
            kind: crate::NOTIFY_EMAIL_JOB.to_owned(),
            payload: json!({
                "user_id": user.id,
                "ticket_id": self.ticket.id,
                "ticket_number": number,
                "kind": self.kind,
                "to": to,
                "subject": subject,
                "body": body,
            }),
            run_at,
            max_attempts: EMAIL_ATTEMPTS,
            dedupe_key: None,
        })
    }
}

async fn sweep_ticket(
    service: &Service,
    rules: &SlaRules,
    directory: &mut Directory,
    users: &mut Users,
    ticket: Ticket,
    row: TicketSla,
    now: Timestamp,
) -> ServiceResult<Swept> {
    let mut timeline =
        Timeline::from_value(&row.timeline).unwrap_or_else(|| Timeline::reconstruct(&ticket));
    let Some((compiled, state)) = rules.compute(&ticket, &timeline, now) else {
        // No policy applies any more: clear what the sweeper would look at.
        let cleared = rules.row(&ticket, &timeline, Some(&row.state), now);
        write(service, ticket, Vec::new(), cleared, Vec::new(), Vec::new()).await?;
        return Ok(Swept::default());
    };
    let mut announced = Announced::from_state(&row.state, Some(compiled.policy.id));
    let due = announced.due(&state);
    announced.mark(&state, &due);

    let mut swept = Swept::default();
    let mut next = ticket.clone();
    let mut events = Vec::new();
    let mut notifications = Vec::new();
    let mut jobs = Vec::new();
    let run_at = email_run_at(
        service.config().notify_in_business_hours,
        &compiled.calendar,
        now,
    );
    for d in &due {
        let headline = headline(d.trigger, d.kind);
        let target = state.target(d.kind);
        let due_at = target.and_then(|t| t.breached_at.or(t.due_at));
        let due_text = due_at
            .map(|at| local(at, &state.time_zone))
            .unwrap_or_default();
        let (field, kind) = match d.trigger {
            EscalationTrigger::Warning => {
                swept.warnings += 1;
                ("sla_warning", "sla_warning")
            }
            EscalationTrigger::Breach => {
                swept.breaches += 1;
                ("sla_breach", "sla_breach")
            }
        };
        events.push(system_event(
            field,
            None,
            Some(format!("{headline} (due {due_text})")),
            now,
        ));
        let mut outcome = StepOutcome::default();
        for step in compiled
            .escalations
            .iter()
            .filter(|s| s.applies(d.trigger, d.kind))
        {
            escalation::run_step(
                service,
                directory,
                &mut next,
                step.action,
                &headline,
                now,
                &mut outcome,
            )
            .await?;
        }
        if !outcome.notified {
            outcome.recipients.extend(next.assignee_id);
        }
        let body = format!(
            "Ticket #{} \"{}\": {headline}, due {due_text}",
            ticket.number, ticket.subject
        );
        notifications.extend(escalation::notifications(
            &outcome.recipients,
            ticket.id,
            kind,
            &body,
            now,
        ));
        let text = EmailText {
            ticket: &ticket,
            kind,
            headline: &headline,
            due_at,
            fallback_zone: &state.time_zone,
        };
        for &user_id in &outcome.recipients {
            if let Some(job) = users
                .get(service, user_id)
                .await?
                .and_then(|user| text.job(user, run_at))
            {
                jobs.push(job);
            }
        }
        swept.escalations += outcome.changes;
        events.extend(outcome.events);
    }
    swept.notifications = notifications.len();

    let sla_row = if next.priority == ticket.priority {
        row_from_state(ticket.id, &timeline, &state, announced)
    } else {
        // A raised priority re-targets the clocks; a breach that this makes
        // immediate is announced by the next sweep.
        timeline.push(now, SlaEventKind::PriorityChanged { to: next.priority });
        let state = SlaState::compute(&compiled.policy, &compiled.calendar, &timeline.events, now)
            .unwrap_or(state);
        row_from_state(ticket.id, &timeline, &state, announced)
    };
    if next != ticket {
        next.updated_at = now;
    }
    write(service, next, events, sla_row, notifications, jobs).await?;
    Ok(swept)
}

async fn write(
    service: &Service,
    ticket: Ticket,
    events: Vec<tessera_store::NewEvent>,
    sla: TicketSla,
    notifications: Vec<tessera_store::NewNotification>,
    jobs: Vec<NewJob>,
) -> ServiceResult<()> {
    let has_jobs = !jobs.is_empty();
    let (saved, _) = service
        .store()
        .update_ticket(TicketWrite {
            ticket,
            comment: None,
            events,
            jobs,
            sla: Some(sla),
            notifications,
        })
        .await?;
    service.publish(crate::Change::TicketUpdated {
        ticket_id: saved.id,
    });
    if has_jobs {
        service.jobs_committed();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tessera_core::sla::Interval;

    /// Weekdays 09:00–17:00 in Zagreb (UTC+1 in early March).
    fn office() -> BusinessCalendar {
        let hours: Interval = "09:00-17:00".parse().expect("interval");
        let mut weekly: [Vec<Interval>; 7] = Default::default();
        for day in weekly.iter_mut().take(5) {
            day.push(hours);
        }
        let zone = TimeZone::get("Europe/Zagreb").expect("zone");
        BusinessCalendar::new(zone, weekly, Vec::new()).expect("calendar")
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("instant")
    }

    #[test]
    fn emails_wait_for_business_hours_only_when_asked() {
        let calendar = office();
        // Friday 2025-03-07 20:00 local: after hours, before a weekend.
        let friday_evening = at("2025-03-07T19:00:00Z");
        assert_eq!(
            email_run_at(false, &calendar, friday_evening),
            friday_evening
        );
        // Monday 09:00 Zagreb.
        assert_eq!(
            email_run_at(true, &calendar, friday_evening),
            at("2025-03-10T08:00:00Z")
        );
        // Within hours: at once.
        let tuesday_noon = at("2025-03-04T11:00:00Z");
        assert_eq!(email_run_at(true, &calendar, tuesday_noon), tuesday_noon);
        // A 24/7 calendar never holds anything back.
        let always = BusinessCalendar::always();
        assert_eq!(email_run_at(true, &always, friday_evening), friday_evening);
    }
}
