//! The SLA compliance report: tickets created in a period, their targets met
//! and breached, and median response and resolution times, grouped by policy,
//! priority or group. Clocks are replayed at `now` with the current policies,
//! so targets that ran out since the last sweep count as breached.

use std::collections::BTreeMap;

use jiff::Timestamp;
use tessera_core::sla::{TargetKind, TargetState, TargetStatus};
use tessera_store::SlaScan;

use super::timeline::Timeline;
use super::views::{ComplianceReport, ComplianceRow, ReportGroupBy, TargetCompliance};
use crate::policy::{self, Action};
use crate::{Actor, Service, ServiceError, ServiceResult};

const BATCH: u32 = 5_000;
const NONE_KEY: &str = "none";

#[derive(Default)]
struct Tally {
    tickets: u64,
    breaches: u64,
    /// Per target kind, in `TargetKind::ALL` order: (decided cycles, breached cycles).
    cycles: [(u64, u64); 4],
    first_response: Vec<i64>,
    resolution: Vec<i64>,
}

impl Tally {
    fn add(&mut self, target: &TargetState, now: Timestamp) {
        let Some(i) = TargetKind::ALL.iter().position(|&k| k == target.kind) else {
            return;
        };
        let overdue_now = target.status == TargetStatus::Active
            && target.breached_at.is_none()
            && target.due_at.is_some_and(|d| d <= now);
        let breached = u64::from(target.breached_cycles) + u64::from(overdue_now);
        let open = target.met_at.is_none() && target.breached_at.is_none() && !overdue_now;
        let decided = u64::from(target.cycles) - u64::from(open);
        self.cycles[i].0 += decided;
        self.cycles[i].1 += breached;
        self.breaches += breached;
        if target.met_at.is_some() {
            let elapsed = target.elapsed.as_secs();
            match target.kind {
                TargetKind::FirstResponse => self.first_response.push(elapsed),
                TargetKind::Resolution => self.resolution.push(elapsed),
                TargetKind::NextResponse | TargetKind::PeriodicUpdate => {}
            }
        }
    }
}

fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    })
}

pub(super) async fn compliance(
    service: &Service,
    actor: &Actor,
    from: Timestamp,
    to: Timestamp,
    group_by: ReportGroupBy,
) -> ServiceResult<ComplianceReport> {
    policy::authorize(actor, Action::ViewSlaReports)?;
    if to <= from {
        return Err(ServiceError::invalid("to", "must be after from"));
    }
    let rules = service
        .inner
        .sla_cache
        .rules(service.store().as_ref())
        .await?;
    let labels: BTreeMap<String, String> = match group_by {
        ReportGroupBy::Policy => service
            .store()
            .list_sla_policies()
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p.name))
            .collect(),
        ReportGroupBy::Group => service
            .store()
            .list_groups()
            .await?
            .into_iter()
            .map(|g| (g.id.to_string(), g.name))
            .collect(),
        ReportGroupBy::Priority => BTreeMap::new(),
    };
    let now = service.now();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut after_ticket_id = 0;
    loop {
        let batch = service
            .store()
            .scan_ticket_slas(&SlaScan {
                after_ticket_id,
                limit: BATCH,
                open_only: false,
                created_from: Some(from),
                created_to: Some(to),
            })
            .await?;
        let Some(last) = batch.last().map(|(t, _)| t.id) else {
            break;
        };
        after_ticket_id = last;
        let full = batch.len() == BATCH as usize;
        for (ticket, row) in batch {
            let timeline = row
                .as_ref()
                .and_then(|r| Timeline::from_value(&r.timeline))
                .unwrap_or_else(|| Timeline::reconstruct(&ticket));
            let computed = rules.compute(&ticket, &timeline, now);
            let key = match group_by {
                ReportGroupBy::Policy => computed
                    .as_ref()
                    .map_or_else(|| NONE_KEY.to_owned(), |(c, _)| c.policy.id.to_string()),
                ReportGroupBy::Priority => ticket.priority.as_str().to_owned(),
                ReportGroupBy::Group => ticket
                    .group_id
                    .map_or_else(|| NONE_KEY.to_owned(), |g| g.to_string()),
            };
            let tally = tallies.entry(key).or_default();
            tally.tickets += 1;
            if let Some((_, sla)) = &computed {
                for target in &sla.targets {
                    tally.add(target, now);
                }
            }
        }
        if !full {
            break;
        }
    }
    let rows = tallies
        .into_iter()
        .map(|(key, mut tally)| {
            let label = labels.get(&key).cloned().unwrap_or_else(|| key.clone());
            let targets = TargetKind::ALL
                .iter()
                .zip(tally.cycles)
                .map(|(kind, (measured, breached))| TargetCompliance {
                    kind: kind.as_str().to_owned(),
                    measured,
                    met: measured.saturating_sub(breached),
                    breached,
                    achieved_percent: (measured > 0).then(|| {
                        let met = measured.saturating_sub(breached);
                        (met as f64) * 100.0 / (measured as f64)
                    }),
                })
                .collect();
            ComplianceRow {
                key,
                label,
                tickets: tally.tickets,
                breaches: tally.breaches,
                targets,
                median_first_response_seconds: median(&mut tally.first_response),
                median_resolution_seconds: median(&mut tally.resolution),
            }
        })
        .collect();
    Ok(ComplianceReport {
        from,
        to,
        group_by,
        durations: "business",
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5));
        assert_eq!(median(&mut [9, 1, 5]), Some(5));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2));
    }
}
