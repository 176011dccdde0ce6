//! Periodic jobs: cron expressions evaluated in an IANA time zone.
//!
//! A schedule's next occurrence lives in the store (`schedules` row), not in
//! memory, so that every node can run the scheduler: when an occurrence is due,
//! each node tries to move the row from that occurrence to the next one with a
//! compare-and-set that also enqueues the job, and exactly one succeeds.
//!
//! Occurrences are computed by croner on zoned times, so they follow the zone's
//! wall clock across DST changes: a daily 02:30 job runs once on both change days
//! (at 03:00 on the spring-forward day, whose 02:30 does not exist; at the first
//! 02:30 on the fall-back day), an hourly one runs every real hour.
//!
//! Missed occurrences (every node was down) are coalesced: the first pass after
//! the outage enqueues one job for the earliest missed occurrence and moves on to
//! the next one in the future, so a sweeper that was down for an hour runs once,
//! not sixty times.

use std::str::FromStr;

use croner::Cron;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use tessera_store::{NewJob, Store, StoreError};

/// A schedule that cannot be defined, or could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("schedule `{name}`: invalid cron expression `{expression}`: {reason}")]
    InvalidCron {
        name: String,
        expression: String,
        reason: String,
    },
    #[error("schedule `{name}`: unknown time zone `{zone}`")]
    UnknownZone { name: String, zone: String },
    #[error("schedule `{name}` is defined twice")]
    Duplicate { name: String },
    #[error("schedule `{name}` has no occurrence after {after}: {reason}")]
    NoOccurrence {
        name: String,
        after: Timestamp,
        reason: String,
    },
    #[error("schedule `{name}`: {source}")]
    Store {
        name: String,
        #[source]
        source: StoreError,
    },
}

/// What one scheduler pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScheduleTick {
    /// Occurrences this node enqueued (the compare-and-sets it won).
    pub enqueued: usize,
    /// The earliest next occurrence over the schedules checked.
    pub next_due: Option<Timestamp>,
    /// Schedules that could not be checked (logged); tried again next pass.
    pub failed: usize,
}

/// The periodic schedules of a runner.
#[derive(Debug, Clone, Default)]
pub struct Schedules {
    entries: Vec<Periodic>,
}

impl Schedules {
    pub fn new() -> Schedules {
        Schedules::default()
    }

    /// Adds a schedule: a job of `kind` with `payload` at every occurrence of the
    /// cron `expression` (5 fields, or 6 with seconds first) in the IANA `zone`.
    /// `name` identifies it in the store across nodes and restarts.
    ///
    /// A new schedule first runs at its next occurrence, not at once. Changing an
    /// existing schedule's expression or zone takes effect from its next pass.
    pub fn add(
        &mut self,
        name: &str,
        expression: &str,
        zone: &str,
        kind: &str,
        payload: Value,
    ) -> Result<&mut Schedules, ScheduleError> {
        if self.entries.iter().any(|p| p.name == name) {
            return Err(ScheduleError::Duplicate {
                name: name.to_owned(),
            });
        }
        let cron = Cron::from_str(expression).map_err(|e| ScheduleError::InvalidCron {
            name: name.to_owned(),
            expression: expression.to_owned(),
            reason: e.to_string(),
        })?;
        let zone = TimeZone::get(zone).map_err(|_| ScheduleError::UnknownZone {
            name: name.to_owned(),
            zone: zone.to_owned(),
        })?;
        self.entries.push(Periodic {
            name: name.to_owned(),
            expression: expression.to_owned(),
            cron,
            zone,
            kind: kind.to_owned(),
            payload,
        });
        Ok(self)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The first occurrence of schedule `name` strictly after `after`; `None` if
    /// there is no such schedule. For "next run" displays.
    pub fn next_occurrence(
        &self,
        name: &str,
        after: Timestamp,
    ) -> Option<Result<Timestamp, ScheduleError>> {
        self.entries
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.next_after(after))
    }

    /// Checks every schedule at `now`: enqueues the due occurrences this node wins.
    /// One schedule failing does not stop the others.
    pub(crate) async fn run_due(
        &self,
        store: &dyn Store,
        now: Timestamp,
        max_attempts: i32,
    ) -> ScheduleTick {
        let mut tick = ScheduleTick::default();
        for periodic in &self.entries {
            match periodic.check(store, now, max_attempts).await {
                Ok((enqueued, next)) => {
                    tick.enqueued += usize::from(enqueued);
                    tick.next_due = Some(tick.next_due.map_or(next, |due| due.min(next)));
                }
                Err(error) => {
                    tick.failed += 1;
                    tracing::warn!(%error, "checking a periodic schedule failed");
                }
            }
        }
        tick
    }
}

#[derive(Debug, Clone)]
struct Periodic {
    name: String,
    expression: String,
    cron: Cron,
    zone: TimeZone,
    kind: String,
    payload: Value,
}

impl Periodic {
    /// The first occurrence strictly after `after`.
    fn next_after(&self, after: Timestamp) -> Result<Timestamp, ScheduleError> {
        self.cron
            .find_next_occurrence(&after.to_zoned(self.zone.clone()), false)
            .map(|next| next.timestamp())
            .map_err(|e| ScheduleError::NoOccurrence {
                name: self.name.clone(),
                after,
                reason: e.to_string(),
            })
    }

    /// Whether `at` is one of this schedule's occurrences. Occurrences are whole
    /// seconds apart, so the first one after the second before `at` is `at` itself
    /// exactly when it is one.
    fn is_occurrence(&self, at: Timestamp) -> bool {
        at.checked_sub(SignedDuration::from_secs(1))
            .ok()
            .and_then(|before| self.next_after(before).ok())
            == Some(at)
    }

    /// Enqueues the due occurrence if this node wins it. Returns whether it did,
    /// and when the schedule is due next.
    async fn check(
        &self,
        store: &dyn Store,
        now: Timestamp,
        max_attempts: i32,
    ) -> Result<(bool, Timestamp), ScheduleError> {
        let upcoming = self.next_after(now)?;
        let stored = store
            .ensure_schedule(&self.name, upcoming)
            .await
            .map_err(|source| self.store_error(source))?;
        let expected = stored.next_run_at;

        if expected <= now {
            let job = NewJob {
                kind: self.kind.clone(),
                payload: self.payload.clone(),
                // The occurrence it stands for, which also puts it ahead of
                // jobs enqueued since.
                run_at: expected,
                max_attempts,
                dedupe_key: None,
            };
            let won = store
                .advance_schedule(&self.name, expected, upcoming, Some(job))
                .await
                .map_err(|source| self.store_error(source))?;
            if won {
                tracing::info!(schedule = %self.name, occurrence = %expected, next = %upcoming,
                    "enqueued a periodic job");
            }
            // Lost: another node enqueued this occurrence and moved the row on.
            return Ok((won, upcoming));
        }

        if expected != upcoming && !self.is_occurrence(expected) {
            // Stored by an earlier definition (the expression or zone changed):
            // aim at this definition's next occurrence rather than wait for the
            // old one. Only a time that is no occurrence at all is moved, so nodes
            // whose clocks differ slightly never pull a schedule back over an
            // occurrence another node has just enqueued.
            tracing::info!(schedule = %self.name, expression = %self.expression,
                from = %expected, to = %upcoming, "re-aiming a schedule whose definition changed");
            store
                .advance_schedule(&self.name, expected, upcoming, None)
                .await
                .map_err(|source| self.store_error(source))?;
            return Ok((false, upcoming));
        }

        Ok((false, expected))
    }

    fn store_error(&self, source: StoreError) -> ScheduleError {
        ScheduleError::Store {
            name: self.name.clone(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn one(expression: &str, zone: &str) -> Schedules {
        let mut schedules = Schedules::new();
        schedules
            .add("s", expression, zone, "kind", json!({}))
            .unwrap();
        schedules
    }

    fn occurrences(schedules: &Schedules, from: &str, n: usize) -> Vec<String> {
        let mut at = ts(from);
        (0..n)
            .map(|_| {
                at = schedules.next_occurrence("s", at).unwrap().unwrap();
                at.to_string()
            })
            .collect()
    }

    #[test]
    fn every_minute_is_strictly_after() {
        let s = one("* * * * *", "UTC");
        assert_eq!(
            occurrences(&s, "2026-01-01T12:00:00Z", 2),
            ["2026-01-01T12:01:00Z", "2026-01-01T12:02:00Z"]
        );
        // A fraction of a second past an occurrence is after it.
        assert_eq!(
            occurrences(&s, "2026-01-01T12:00:00.5Z", 1),
            ["2026-01-01T12:01:00Z"]
        );
        assert_eq!(
            occurrences(&s, "2026-01-01T11:59:59.999Z", 1),
            ["2026-01-01T12:00:00Z"]
        );
    }

    #[test]
    fn daily_times_follow_the_zone_across_dst() {
        // Warsaw springs forward on 2026-03-29 at 02:00 (+01 -> +02) and falls
        // back on 2026-10-25 at 03:00 (+02 -> +01).
        let s = one("30 2 * * *", "Europe/Warsaw");
        assert_eq!(
            occurrences(&s, "2026-03-27T12:00:00Z", 3),
            [
                "2026-03-28T01:30:00Z", // 02:30+01
                "2026-03-29T01:00:00Z", // 02:30 does not exist: 03:00+02
                "2026-03-30T00:30:00Z", // 02:30+02
            ]
        );
        assert_eq!(
            occurrences(&s, "2026-10-23T12:00:00Z", 3),
            [
                "2026-10-24T00:30:00Z", // 02:30+02
                "2026-10-25T00:30:00Z", // the first of the two 02:30s only
                "2026-10-26T01:30:00Z", // 02:30+01
            ]
        );
    }

    #[test]
    fn hourly_runs_every_real_hour_across_dst() {
        let s = one("0 * * * *", "Europe/Warsaw");
        assert_eq!(
            occurrences(&s, "2026-10-24T23:30:00Z", 4),
            [
                "2026-10-25T00:00:00Z", // 02:00+02
                "2026-10-25T01:00:00Z", // 02:00+01, the repeated hour
                "2026-10-25T02:00:00Z",
                "2026-10-25T03:00:00Z",
            ]
        );
        assert_eq!(
            occurrences(&s, "2026-03-28T23:30:00Z", 3),
            [
                "2026-03-29T00:00:00Z", // 01:00+01
                "2026-03-29T01:00:00Z", // 03:00+02: 02:00 does not exist
                "2026-03-29T02:00:00Z",
            ]
        );
    }

    #[test]
    fn occurrences_are_recognised() {
        let s = one("*/15 * * * *", "UTC");
        let p = &s.entries[0];
        assert!(p.is_occurrence(ts("2026-01-01T12:15:00Z")));
        assert!(!p.is_occurrence(ts("2026-01-01T12:07:00Z")));
        assert!(!p.is_occurrence(ts("2026-01-01T12:15:00.5Z")));
    }

    #[test]
    fn bad_definitions_are_refused() {
        let mut s = Schedules::new();
        let bad_cron = s.add("a", "61 * * * *", "UTC", "k", json!(null));
        assert!(
            matches!(bad_cron, Err(ScheduleError::InvalidCron { .. })),
            "{bad_cron:?}"
        );
        let bad_zone = s.add("a", "* * * * *", "Mars/Olympus", "k", json!(null));
        assert!(
            matches!(bad_zone, Err(ScheduleError::UnknownZone { .. })),
            "{bad_zone:?}"
        );
        s.add("a", "* * * * *", "UTC", "k", json!(null)).unwrap();
        let twice = s.add("a", "0 * * * *", "UTC", "k", json!(null));
        assert!(matches!(twice, Err(ScheduleError::Duplicate { .. })));
        assert_eq!(s.len(), 1);
    }
}
