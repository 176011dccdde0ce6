//! Human explanations of SLA state: every due time must be accountable.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::clock::{SlaState, TargetState, TargetStatus};
use super::policy::{PolicyCalendar, SlaPolicy, TargetKind};

impl SlaState {
    /// One line per target, e.g. `policy Gold-EU, P2 (high): first response 2
    /// business hours on calendar Zagreb office; paused 3 h 10 min in pending;
    /// due Tue 2025-03-04 10:40 Europe/Zagreb`. Durations are business time.
    pub fn explain(&self, policy: &SlaPolicy, calendar_name: &str) -> String {
        let prefix = format!(
            "policy {}, P{} ({})",
            policy.name,
            self.priority.rank(),
            self.priority
        );
        if self.targets.is_empty() {
            return format!("{prefix}: no running SLA targets");
        }
        self.targets
            .iter()
            .map(|t| {
                format!(
                    "{prefix}: {}",
                    self.explain_target(t, policy, calendar_name)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn explain_target(&self, t: &TargetState, policy: &SlaPolicy, calendar_name: &str) -> String {
        let when = |ts: Timestamp| format_instant(ts, &self.time_zone);
        let mut parts = vec![match policy.calendar {
            PolicyCalendar::Always => {
                format!("{} {} around the clock", t.kind.label(), plain(t.target))
            }
            PolicyCalendar::Calendar(_) => format!(
                "{} {} on calendar {calendar_name}",
                t.kind.label(),
                business(t.target)
            ),
        }];
        match t.kind {
            TargetKind::NextResponse => {
                parts.push(format!(
                    "counting from the customer reply of {}",
                    when(t.started_at)
                ));
            }
            TargetKind::PeriodicUpdate => {
                parts.push(format!(
                    "counting from the agent reply of {}",
                    when(t.started_at)
                ));
            }
            TargetKind::FirstResponse | TargetKind::Resolution => {}
        }
        if !t.paused.is_zero() {
            let by_status: Vec<String> = t
                .paused_by_status
                .iter()
                .map(|(status, d)| format!("{} in {status}", human(*d)))
                .collect();
            parts.push(match by_status.as_slice() {
                [one] => format!("paused {one}"),
                many => format!("paused {} ({})", human(t.paused), many.join(", ")),
            });
        }
        parts.push(match t.status {
            TargetStatus::Active => match t.due_at {
                Some(due) => format!("due {}", when(due)),
                None => "due time unknown".to_owned(),
            },
            TargetStatus::Paused => format!("paused now, {} left", human(t.remaining)),
            TargetStatus::Met => match (t.met_at, t.due_at) {
                (Some(met), Some(due)) => format!("met {} (due {})", when(met), when(due)),
                (Some(met), None) => format!("met {}", when(met)),
                _ => "met".to_owned(),
            },
            TargetStatus::Breached => {
                let breached = t.breached_at.map(when).unwrap_or_default();
                match t.met_at {
                    Some(met) => format!("breached {breached}, met late {}", when(met)),
                    None => format!("breached {breached}, {} overdue", human(-t.remaining)),
                }
            }
        });
        if t.breached_cycles > 0 && t.cycles > 1 {
            parts.push(format!(
                "{} of {} cycles breached",
                t.breached_cycles, t.cycles
            ));
        }
        parts.join("; ")
    }
}

/// `Tue 2025-03-04 10:40 Europe/Zagreb`.
fn format_instant(ts: Timestamp, tz: &TimeZone) -> String {
    let zoned = ts.to_zoned(tz.clone());
    let zone = match tz.iana_name() {
        Some(name) => name.to_owned(),
        None => zoned.strftime("UTC%:z").to_string(),
    };
    format!("{} {zone}", zoned.strftime("%a %Y-%m-%d %H:%M"))
}

/// `3 h 10 min`, `45 min`, `2 h`, `20 s`.
fn human(d: SignedDuration) -> String {
    let sign = if d.is_negative() { "-" } else { "" };
    let secs = d.as_secs().unsigned_abs();
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let body = match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    };
    format!("{sign}{body}")
}

/// `2 business hours`, `30 business minutes`, `1 h 30 min of business time`.
fn business(d: SignedDuration) -> String {
    whole_units(d, "business ").unwrap_or_else(|| format!("{} of business time", human(d)))
}

/// `2 hours`, `30 minutes`, `1 h 30 min`.
fn plain(d: SignedDuration) -> String {
    whole_units(d, "").unwrap_or_else(|| human(d))
}

fn whole_units(d: SignedDuration, adjective: &str) -> Option<String> {
    let secs = d.as_secs();
    let plural = |n: i64| if n == 1 { "" } else { "s" };
    if secs > 0 && secs % 3600 == 0 && d.subsec_nanos() == 0 {
        let h = secs / 3600;
        Some(format!("{h} {adjective}hour{}", plural(h)))
    } else if secs > 0 && secs < 3600 && secs % 60 == 0 && d.subsec_nanos() == 0 {
        let m = secs / 60;
        Some(format!("{m} {adjective}minute{}", plural(m)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        let mins = SignedDuration::from_mins;
        assert_eq!(human(mins(190)), "3 h 10 min");
        assert_eq!(human(mins(45)), "45 min");
        assert_eq!(human(mins(120)), "2 h");
        assert_eq!(human(SignedDuration::from_secs(20)), "20 s");
        assert_eq!(human(-mins(5)), "-5 min");
        assert_eq!(business(mins(120)), "2 business hours");
        assert_eq!(business(mins(60)), "1 business hour");
        assert_eq!(business(mins(30)), "30 business minutes");
        assert_eq!(business(mins(90)), "1 h 30 min of business time");
        assert_eq!(plain(mins(90)), "1 h 30 min");
        assert_eq!(plain(mins(240)), "4 hours");
    }
}
