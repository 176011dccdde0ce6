//! Background recomputation: every open ticket's SLA row against the current
//! calendars and policies, in batches of 5,000 by ticket id.
//!
//! Per ticket the work is pure (decode the timeline, select the policy, run
//! the clock, encode the state) and spread over the cores; the next batch is
//! read while the current one is computed and written, and rows whose content
//! did not change are not written at all. Tickets from before SLA tracking get
//! a row built from their stored fields.
//!
//! Caveat: `put_ticket_slas` is not version-checked, so a ticket written while
//! its batch is in flight can have that write's SLA row replaced by the
//! recomputed one (its timeline then misses that write's event until the next
//! change of the ticket).

use std::sync::Arc;

use jiff::Timestamp;
use tessera_core::{Impact, Tier, Urgency};
use tessera_store::{SlaFacts, Ticket, TicketSla, TicketWithSla};

use super::rules::SlaRules;
use super::state::{self, Announced};
use super::timeline::Timeline;
use super::views::RecomputeReport;
use crate::{Service, ServiceError, ServiceResult};

const BATCH: u32 = 5_000;
/// A rules edit during a pass triggers another pass, this many at most.
const MAX_PASSES: usize = 3;

pub(super) async fn recompute(service: &Service, now: Timestamp) -> ServiceResult<RecomputeReport> {
    let mut report = RecomputeReport::default();
    let mut rules = service
        .inner
        .sla_cache
        .fresh_rules(service.store().as_ref())
        .await?;
    for _ in 0..MAX_PASSES {
        report = pass(service, &rules, now).await?;
        let latest = service
            .inner
            .sla_cache
            .fresh_rules(service.store().as_ref())
            .await?;
        if latest.fingerprint == rules.fingerprint {
            break;
        }
        rules = latest;
    }
    Ok(report)
}

async fn pass(
    service: &Service,
    rules: &Arc<SlaRules>,
    now: Timestamp,
) -> ServiceResult<RecomputeReport> {
    let store = service.store();
    let mut report = RecomputeReport::default();
    let mut batch = store.scan_open_sla_facts(0, BATCH).await?;
    while let Some(last) = batch.last().map(|f| f.ticket_id) {
        let full = batch.len() == BATCH as usize;
        report.tickets += batch.len();
        let work = async {
            let (rows, counts) = compute_parallel(rules, batch, now).await?;
            if !rows.is_empty() {
                store.put_ticket_slas(rows).await?;
            }
            Ok::<_, ServiceError>(counts)
        };
        let next = async {
            if full {
                store.scan_open_sla_facts(last, BATCH).await
            } else {
                Ok(Vec::new())
            }
        };
        let (counts, next) = tokio::join!(work, next);
        let counts = counts?;
        report.rows_written += counts.rows_written;
        report.rows_created += counts.rows_created;
        report.without_policy += counts.without_policy;
        batch = next?;
    }
    Ok(report)
}

/// Splits the batch over the cores (blocking threads: this is CPU work).
async fn compute_parallel(
    rules: &Arc<SlaRules>,
    mut batch: Vec<SlaFacts>,
    now: Timestamp,
) -> ServiceResult<(Vec<TicketSla>, RecomputeReport)> {
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = batch.len().div_ceil(workers).max(1);
    let mut handles = Vec::new();
    while !batch.is_empty() {
        let rest = batch.split_off(chunk.min(batch.len()));
        let part = std::mem::replace(&mut batch, rest);
        let rules = rules.clone();
        handles.push(tokio::task::spawn_blocking(move || {
            let part = part.into_iter().map(facts_ticket).collect();
            compute_rows(&rules, part, now)
        }));
    }
    let mut rows = Vec::new();
    let mut counts = RecomputeReport::default();
    for handle in handles {
        let (part, c) = handle
            .await
            .map_err(|e| ServiceError::Store(tessera_store::StoreError::Other(e.to_string())))?;
        rows.extend(part);
        counts.rows_written += c.rows_written;
        counts.rows_created += c.rows_created;
        counts.without_policy += c.without_policy;
    }
    Ok((rows, counts))
}

/// A ticket carrying only the facts (the fields policy selection and timeline
/// reconstruction read; the others are left empty), with its SLA row.
fn facts_ticket(facts: SlaFacts) -> TicketWithSla {
    let ticket = Ticket {
        id: facts.ticket_id,
        number: 0,
        subject: String::new(),
        description: String::new(),
        status: facts.status,
        ticket_type: facts.ticket_type,
        impact: Impact::DEFAULT,
        urgency: Urgency::DEFAULT,
        priority: facts.priority,
        priority_overridden: false,
        category: facts.category,
        tags: facts.tags,
        custom_fields: serde_json::Map::new(),
        requester_id: 0,
        organization_id: facts.organization_id,
        assignee_id: None,
        group_id: None,
        tier: Tier::L1,
        channel: facts.channel,
        language: None,
        created_at: facts.created_at,
        updated_at: facts.updated_at,
        first_response_at: facts.first_response_at,
        solved_at: facts.solved_at,
        closed_at: facts.closed_at,
        version: 0,
    };
    (ticket, facts.sla)
}

/// The rows of `batch` that change, and counts.
pub(super) fn compute_rows(
    rules: &SlaRules,
    batch: Vec<TicketWithSla>,
    now: Timestamp,
) -> (Vec<TicketSla>, RecomputeReport) {
    let mut counts = RecomputeReport::default();
    let mut rows = Vec::new();
    for (ticket, mut existing) in batch {
        let parsed = existing
            .as_ref()
            .and_then(|r| Timeline::from_value(&r.timeline));
        // An existing timeline is written back as it was read: no re-encoding.
        let (timeline, timeline_value) = match (parsed, existing.as_mut()) {
            (Some(timeline), Some(row)) => (timeline, Some(std::mem::take(&mut row.timeline))),
            _ => (Timeline::reconstruct(&ticket), None),
        };
        let (policy_id, state_value, next_due_at, next_check_at, breached) =
            match rules.compute(&ticket, &timeline, now) {
                Some((compiled, sla)) => {
                    let announced = match existing.as_ref() {
                        Some(row) => Announced::from_state(&row.state, Some(compiled.policy.id)),
                        // A ticket from before SLA tracking: what its history
                        // already reached is not news; announce only what
                        // comes next.
                        None => {
                            let mut announced = Announced::default();
                            announced.mark(&sla, &announced.due(&sla));
                            announced
                        }
                    };
                    (
                        Some(sla.policy_id),
                        state::to_value(&sla, announced),
                        sla.next_due(),
                        announced.next_check(&sla),
                        sla.targets.iter().any(|t| t.breached_at.is_some()),
                    )
                }
                None => {
                    counts.without_policy += 1;
                    (None, serde_json::Value::Null, None, None, false)
                }
            };
        if let Some(row) = &existing
            && timeline_value.is_some()
            && row.policy_id == policy_id
            && row.next_due_at == next_due_at
            && row.next_check_at == next_check_at
            && row.breached == breached
            && row.state == state_value
        {
            continue;
        }
        if existing.is_none() {
            counts.rows_created += 1;
        }
        counts.rows_written += 1;
        rows.push(TicketSla {
            ticket_id: ticket.id,
            policy_id,
            timeline: timeline_value.unwrap_or_else(|| timeline.to_value()),
            state: state_value,
            next_due_at,
            next_check_at,
            breached,
            computed_at: now,
        });
    }
    (rows, counts)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use jiff::{SignedDuration, Timestamp};
    use serde_json::json;
    use tessera_core::{Channel, Priority, Status, TicketType};
    use tessera_store::{SlaCalendarRecord, SlaPolicyRecord};

    use super::*;

    fn rules() -> SlaRules {
        let calendar = SlaCalendarRecord {
            id: 1,
            name: "office".into(),
            definition: json!({"name": "office", "time_zone": "Europe/Zagreb",
                "weekly": {"monday": ["09:00-17:00"], "tuesday": ["09:00-17:00"],
                    "wednesday": ["09:00-17:00"], "thursday": ["09:00-17:00"], "friday": ["09:00-17:00"]}}),
            version: 1,
            updated_at: Timestamp::UNIX_EPOCH,
        };
        let policy = SlaPolicyRecord {
            id: 1,
            name: "standard".into(),
            position: 0,
            active: true,
            calendar_id: Some(1),
            definition: json!({"name": "standard", "targets": {
                "normal": {"first_response": 240, "next_response": 480, "resolution": 1440},
                "high": {"first_response": 60, "resolution": 480}}}),
            version: 1,
            updated_at: Timestamp::UNIX_EPOCH,
        };
        SlaRules::compile(&[calendar], &[policy])
    }

    fn ticket(id: i64, created_at: Timestamp, status: Status) -> Ticket {
        Ticket {
            id,
            number: id + 1000,
            subject: "s".into(),
            description: String::new(),
            status,
            ticket_type: TicketType::Question,
            impact: Impact::DEFAULT,
            urgency: Urgency::DEFAULT,
            priority: if id % 3 == 0 {
                Priority::High
            } else {
                Priority::Normal
            },
            priority_overridden: false,
            category: None,
            tags: vec!["vpn".into()],
            custom_fields: serde_json::Map::new(),
            requester_id: 1,
            organization_id: None,
            assignee_id: None,
            group_id: None,
            tier: Tier::L1,
            channel: Channel::Email,
            language: None,
            created_at,
            updated_at: created_at + SignedDuration::from_hours(5),
            first_response_at: (id % 2 == 0).then(|| created_at + SignedDuration::from_hours(2)),
            solved_at: None,
            closed_at: None,
            version: 1,
        }
    }

    #[test]
    fn historic_breaches_are_not_announced_again() {
        let rules = rules();
        let created: Timestamp = "2025-03-03T08:00:00Z".parse().expect("ts");
        let now: Timestamp = "2025-06-03T08:00:00Z".parse().expect("ts");
        let (rows, counts) =
            compute_rows(&rules, vec![(ticket(1, created, Status::Open), None)], now);
        assert_eq!(counts.rows_created, 1);
        assert!(rows[0].breached);
        assert_eq!(rows[0].next_check_at, None);
    }

    #[test]
    fn facts_compute_like_the_full_ticket() {
        let rules = rules();
        let created: Timestamp = "2025-03-03T08:00:00Z".parse().expect("ts");
        let now: Timestamp = "2025-03-05T08:00:00Z".parse().expect("ts");
        let tickets: Vec<Ticket> = [Status::New, Status::Open, Status::Pending, Status::OnHold]
            .into_iter()
            .enumerate()
            .map(|(i, status)| ticket(i as i64 + 1, created, status))
            .collect();
        let full: Vec<TicketWithSla> = tickets.iter().map(|t| (t.clone(), None)).collect();
        let slim: Vec<TicketWithSla> = tickets
            .into_iter()
            .map(|t| facts_ticket(SlaFacts::from_ticket(t, None)))
            .collect();
        let (expected, _) = compute_rows(&rules, full, now);
        let (got, _) = compute_rows(&rules, slim, now);
        assert_eq!(got, expected);
    }

    /// `cargo test --release -p tessera-service recompute_speed -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement, not a check"]
    fn recompute_speed() {
        let rules = rules();
        let now: Timestamp = "2026-11-23T12:00:00Z".parse().expect("ts");
        let n = 100_000;
        let batch: Vec<TicketWithSla> = (0..n)
            .map(|i| {
                let created = now - SignedDuration::from_secs(i * 315);
                let status = [Status::New, Status::Open, Status::Pending, Status::OnHold]
                    [usize::try_from(i % 4).unwrap_or(0)];
                (ticket(i, created, status), None)
            })
            .collect();
        let started = Instant::now();
        let (rows, _) = compute_rows(&rules, batch.clone(), now);
        let first = started.elapsed();
        let with_rows: Vec<TicketWithSla> = batch
            .into_iter()
            .zip(rows)
            .map(|((t, _), r)| (t, Some(r)))
            .collect();
        let started = Instant::now();
        let (rewritten, _) = compute_rows(&rules, with_rows, now);
        let second = started.elapsed();
        println!(
            "no rows: {:.2} µs/ticket; unchanged rows: {:.2} µs/ticket ({} rewritten)",
            first.as_secs_f64() * 1e6 / n as f64,
            second.as_secs_f64() * 1e6 / n as f64,
            rewritten.len()
        );
    }
}
