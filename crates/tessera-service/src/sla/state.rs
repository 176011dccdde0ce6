//! The computed SLA state as stored (`TicketSla::state`), what has been
//! announced, and what the sweeper must look at next.
//!
//! Shape: `{"policy_id", "priority", "targets": [[kind, status, target_s,
//! started_at, due_at, warn_at, met_at, breached_at, elapsed_s (once met),
//! cycles, breached_cycles], …], "announced": {"first_response": [w, b], …}}`,
//! instants in microseconds. Nothing in it depends on when it was computed,
//! only on what happened. `announced[kind] = [w, b]` says the warning of
//! cycles up to `w` and the breach of cycles up to `b` were announced: next
//! response and periodic update run many cycles, each announced once.

use jiff::Timestamp;
use serde_json::{Map, Value, json};
use tessera_core::sla::{SlaState, TargetKind, TargetState, TargetStatus};

use super::spec::EscalationTrigger;
use super::views::SlaHealth;

/// Announced cycles per target kind, in `TargetKind::ALL` order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Announced {
    warned: [u32; 4],
    breached: [u32; 4],
}

fn kind_index(kind: TargetKind) -> usize {
    match kind {
        TargetKind::FirstResponse => 0,
        TargetKind::NextResponse => 1,
        TargetKind::PeriodicUpdate => 2,
        TargetKind::Resolution => 3,
    }
}

/// A warning or breach reached and not yet announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Due {
    pub(crate) kind: TargetKind,
    pub(crate) trigger: EscalationTrigger,
}

impl Announced {
    /// What the stored state says was announced; nothing for another policy
    /// (its cycles are not comparable).
    pub(crate) fn from_state(state: &Value, policy_id: Option<i64>) -> Announced {
        let mut announced = Announced::default();
        if policy_id.is_none() || state.get("policy_id").and_then(Value::as_i64) != policy_id {
            return announced;
        }
        let Some(map) = state.get("announced").and_then(Value::as_object) else {
            return announced;
        };
        for kind in TargetKind::ALL {
            if let Some([w, b]) = map.get(kind.as_str()).and_then(|v| {
                let pair = v.as_array()?;
                let n = |i: usize| pair.get(i)?.as_u64().and_then(|n| u32::try_from(n).ok());
                Some([n(0)?, n(1)?])
            }) {
                announced.warned[kind_index(kind)] = w;
                announced.breached[kind_index(kind)] = b;
            }
        }
        announced
    }

    fn to_value(self) -> Value {
        let mut map = Map::new();
        for kind in TargetKind::ALL {
            let i = kind_index(kind);
            if self.warned[i] > 0 || self.breached[i] > 0 {
                map.insert(
                    kind.as_str().to_owned(),
                    json!([self.warned[i], self.breached[i]]),
                );
            }
        }
        Value::Object(map)
    }

    /// Warnings and breaches reached by the state's `computed_at` and not yet
    /// announced. A breach found before its warning was announced makes the
    /// warning moot: only the breach is reported.
    pub(crate) fn due(&self, state: &SlaState) -> Vec<Due> {
        let now = state.computed_at;
        let mut due = Vec::new();
        for t in state.targets.iter().filter(|t| t.met_at.is_none()) {
            let i = kind_index(t.kind);
            if t.breached_at.is_some_and(|b| b <= now) && self.breached[i] < t.cycles {
                due.push(Due {
                    kind: t.kind,
                    trigger: EscalationTrigger::Breach,
                });
            } else if t.warn_at.is_some_and(|w| w <= now) && self.warned[i] < t.cycles {
                due.push(Due {
                    kind: t.kind,
                    trigger: EscalationTrigger::Warning,
                });
            }
        }
        due
    }

    /// Records `due` as announced for the state's current cycles.
    pub(crate) fn mark(&mut self, state: &SlaState, due: &[Due]) {
        for d in due {
            let Some(t) = state.target(d.kind) else {
                continue;
            };
            let i = kind_index(d.kind);
            self.warned[i] = self.warned[i].max(t.cycles);
            if d.trigger == EscalationTrigger::Breach {
                self.breached[i] = self.breached[i].max(t.cycles);
            }
        }
    }

    /// The earliest instant at which something will need announcing: a
    /// warning or due time of an unmet target not yet announced.
    pub(crate) fn next_check(&self, state: &SlaState) -> Option<Timestamp> {
        state
            .targets
            .iter()
            .filter(|t| t.met_at.is_none())
            .filter_map(|t| {
                let i = kind_index(t.kind);
                let breach = t.breached_at.or(t.due_at);
                let breach = breach.filter(|_| self.breached[i] < t.cycles);
                let warn = t.warn_at.filter(|_| self.warned[i] < t.cycles);
                match (warn, breach) {
                    (Some(w), Some(b)) => Some(w.min(b)),
                    (w, b) => w.or(b),
                }
            })
            .min()
    }
}

fn micros(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, |t| Value::from(t.as_microsecond()))
}

/// The stored form of a state.
pub(crate) fn to_value(state: &SlaState, announced: Announced) -> Value {
    let targets: Vec<Value> = state.targets.iter().map(target_value).collect();
    json!({
        "policy_id": state.policy_id,
        "priority": state.priority.as_str(),
        "targets": targets,
        "announced": announced.to_value(),
    })
}

/// One target as an array (cheaper to build, store and parse than an object):
/// `[kind, status, target_s, started_at, due_at, warn_at, met_at,
/// breached_at, elapsed_s, cycles, breached_cycles]`. Only values that stay
/// put while nothing happens to the ticket are stored (so recomputation can
/// skip unchanged rows): business time consumed is kept once a target is met,
/// when it no longer grows.
fn target_value(t: &TargetState) -> Value {
    let elapsed = t
        .met_at
        .map_or(Value::Null, |_| Value::from(t.elapsed.as_secs()));
    json!([
        t.kind.as_str(),
        t.status.as_str(),
        t.target.as_secs(),
        t.started_at.as_microsecond(),
        micros(t.due_at),
        micros(t.warn_at),
        micros(t.met_at),
        micros(t.breached_at),
        elapsed,
        t.cycles,
        t.breached_cycles,
    ])
}

/// Positions in a stored target array.
const STATUS: usize = 1;
const DUE_AT: usize = 4;
const WARN_AT: usize = 5;

/// The worst health of a computed state at its `computed_at`.
pub(crate) fn health(state: &SlaState) -> SlaHealth {
    let now = state.computed_at;
    state
        .targets
        .iter()
        .map(|t| match t.status {
            TargetStatus::Breached => SlaHealth::Breached,
            TargetStatus::Active if t.due_at.is_some_and(|d| d <= now) => SlaHealth::Breached,
            TargetStatus::Active if t.warn_at.is_some_and(|w| w <= now) => SlaHealth::Warning,
            TargetStatus::Active => SlaHealth::Ok,
            TargetStatus::Paused => SlaHealth::Paused,
            TargetStatus::Met => SlaHealth::Met,
        })
        .min()
        .unwrap_or(SlaHealth::Met)
}

/// The worst health of a stored state as of `now` (times move on after the
/// state was computed: an active target may have warned or breached since).
pub(crate) fn stored_health(state: &Value, now: Timestamp) -> Option<SlaHealth> {
    let now = now.as_microsecond();
    let targets = state.get("targets")?.as_array()?;
    let at = |t: &Value, i: usize| t.get(i).and_then(Value::as_i64);
    targets
        .iter()
        .map(|t| match t.get(STATUS).and_then(Value::as_str) {
            Some("breached") => SlaHealth::Breached,
            Some("active") if at(t, DUE_AT).is_some_and(|d| d <= now) => SlaHealth::Breached,
            Some("active") if at(t, WARN_AT).is_some_and(|w| w <= now) => SlaHealth::Warning,
            Some("active") => SlaHealth::Ok,
            Some("paused") => SlaHealth::Paused,
            _ => SlaHealth::Met,
        })
        .min()
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;
    use tessera_core::sla::{BusinessCalendar, SlaEvent, SlaEventKind, SlaPolicy, SlaTargets};
    use tessera_core::{Priority, Status};

    use super::*;

    fn state_at(minutes: i64) -> SlaState {
        let mut policy = SlaPolicy::new(1, "P");
        policy.targets.insert(
            Priority::High,
            SlaTargets {
                first_response: Some(SignedDuration::from_mins(100)),
                ..Default::default()
            },
        );
        let start: Timestamp = "2025-03-03T08:00:00Z".parse().expect("ts");
        let events = [SlaEvent::new(
            start,
            SlaEventKind::Created {
                priority: Priority::High,
                status: Status::New,
            },
        )];
        SlaState::compute(
            &policy,
            &BusinessCalendar::always(),
            &events,
            start + SignedDuration::from_mins(minutes),
        )
        .expect("state")
    }

    #[test]
    fn warning_then_breach_each_once() {
        let mut announced = Announced::default();
        let early = state_at(10);
        assert!(announced.due(&early).is_empty());
        assert_eq!(
            announced.next_check(&early),
            Some("2025-03-03T09:20:00Z".parse().expect("ts"))
        );
        let warned = state_at(85);
        let due = announced.due(&warned);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].trigger, EscalationTrigger::Warning);
        announced.mark(&warned, &due);
        assert!(announced.due(&warned).is_empty());
        assert_eq!(
            announced.next_check(&warned),
            Some("2025-03-03T09:40:00Z".parse().expect("ts"))
        );
        let late = state_at(120);
        let due = announced.due(&late);
        assert_eq!(due[0].trigger, EscalationTrigger::Breach);
        announced.mark(&late, &due);
        assert!(announced.due(&late).is_empty());
        assert_eq!(announced.next_check(&late), None);
        assert_eq!(health(&late), SlaHealth::Breached);

        let stored = to_value(&late, announced);
        assert_eq!(Announced::from_state(&stored, Some(1)), announced);
        assert_eq!(
            Announced::from_state(&stored, Some(2)),
            Announced::default()
        );
        assert_eq!(
            stored_health(&to_value(&early, Announced::default()), late.computed_at),
            Some(SlaHealth::Breached)
        );
    }

    #[test]
    fn breach_found_late_skips_the_warning() {
        let mut announced = Announced::default();
        let late = state_at(150);
        let due = announced.due(&late);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].trigger, EscalationTrigger::Breach);
        announced.mark(&late, &due);
        assert!(announced.due(&late).is_empty());
    }
}
