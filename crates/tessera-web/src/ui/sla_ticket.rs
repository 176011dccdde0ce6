//! SLA on the agent's screens: the ticket page's SLA card (each target with its
//! state, due time and a countdown the script keeps current), the health badge
//! of the header and the queue, the manual "escalate to the next tier" form and
//! the sentences of the SLA history events.

use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use tessera_service::policy::{Action, allows};
use tessera_service::sla::{SlaHealth, TargetView, TicketSlaView};
use tessera_store::Event;

use super::forms::CsrfForm;
use super::i18n::Tr;
use super::page::{UiError, UiResult, UiResultExt, see_other};
use super::session::{Staff, Viewer};
use crate::state::AppState;

/// The words the countdown is written in, handed to the script through data
/// attributes so that it never carries UI strings of its own. `{}` stands for
/// the number or the duration.
pub struct CountdownWords {
    pub due_in: String,
    pub overdue_by: String,
    pub days: String,
    pub hours: String,
    pub minutes: String,
}

impl CountdownWords {
    pub fn new(tr: &Tr) -> CountdownWords {
        let slot = [("time", "{}")];
        let n = [("n", "{}")];
        CountdownWords {
            due_in: tr.args("sla-due-in", &slot),
            overdue_by: tr.args("sla-overdue-by", &slot),
            days: tr.args("sla-dur-days", &n),
            hours: tr.args("sla-dur-hours", &n),
            minutes: tr.args("sla-dur-minutes", &n),
        }
    }
}

/// `1 h 20 min`, `2 d 3 h`, `5 min`: the two largest units, never below a minute.
pub fn human_duration(tr: &Tr, seconds: i64) -> String {
    let minutes = (seconds.unsigned_abs() / 60).max(1);
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    let part = |key: &str, n: u64| tr.args(key, &[("n", &n.to_string())]);
    if days > 0 {
        let mut text = part("sla-dur-days", days);
        if hours > 0 {
            text.push(' ');
            text.push_str(&part("sla-dur-hours", hours));
        }
        text
    } else if hours > 0 {
        let mut text = part("sla-dur-hours", hours);
        if mins > 0 {
            text.push(' ');
            text.push_str(&part("sla-dur-minutes", mins));
        }
        text
    } else {
        part("sla-dur-minutes", mins)
    }
}

/// "in 1 h 20 min" or "overdue by 5 min", measured on the wall clock.
pub fn relative_to(tr: &Tr, due: Timestamp, now: Timestamp) -> String {
    let seconds = due.as_second() - now.as_second();
    let time = human_duration(tr, seconds);
    if seconds >= 0 {
        tr.args("sla-due-in", &[("time", &time)])
    } else {
        tr.args("sla-overdue-by", &[("time", &time)])
    }
}

pub fn health_label(tr: &Tr, health: SlaHealth) -> String {
    tr.get(&format!("sla-health-{}", health.as_str()))
}

/// A health badge: the queue's SLA column and the ticket header.
pub struct SlaBadge {
    /// `ok`, `warning`, `breached`, `paused` or `met` (the CSS class).
    pub health: &'static str,
    pub label: String,
    pub due: Option<DueTime>,
}

/// A due time as shown: local text, machine-readable instant, countdown text.
pub struct DueTime {
    pub text: String,
    pub iso: String,
    pub relative: String,
}

impl DueTime {
    pub fn new(tr: &Tr, at: Timestamp, now: Timestamp) -> DueTime {
        DueTime {
            text: tr.datetime(at),
            iso: tr.iso(at),
            relative: relative_to(tr, at, now),
        }
    }
}

impl SlaBadge {
    pub fn new(
        tr: &Tr,
        health: SlaHealth,
        next_due: Option<Timestamp>,
        now: Timestamp,
    ) -> SlaBadge {
        SlaBadge {
            health: health.as_str(),
            label: health_label(tr, health),
            due: next_due
                .filter(|_| !matches!(health, SlaHealth::Met))
                .map(|at| DueTime::new(tr, at, now)),
        }
    }
}

/// One target of the SLA card.
pub struct TargetRow {
    pub label: String,
    /// `ok`, `warning`, `breached`, `paused` or `met`.
    pub state: &'static str,
    pub state_label: String,
    pub due: Option<DueTime>,
    /// "met at …", for met targets.
    pub met: Option<String>,
    pub explanation: String,
}

/// The state a target is in *now*: the stored status says active/paused/met/
/// breached; an active one past its warning instant is a warning, and one past
/// its due time is breached even before the sweep announced it.
fn target_state(target: &TargetView, now: Timestamp) -> SlaHealth {
    match target.status.as_str() {
        "met" => SlaHealth::Met,
        "paused" => SlaHealth::Paused,
        "breached" => SlaHealth::Breached,
        _ => match (target.due_at, target.warn_at) {
            (Some(due), _) if due <= now => SlaHealth::Breached,
            (_, Some(warn)) if warn <= now => SlaHealth::Warning,
            _ => SlaHealth::Ok,
        },
    }
}

pub fn target_label(tr: &Tr, kind: &str) -> String {
    tr.get(&format!("sla-target-{kind}"))
}

/// The SLA card of the ticket page.
pub struct SlaCard {
    pub number: i64,
    pub version: i64,
    /// `None`: no policy applies to this ticket.
    pub view: Option<SlaSummaryLine>,
    pub targets: Vec<TargetRow>,
    pub words: CountdownWords,
    pub can_escalate: bool,
}

/// What the card's heading says about the policy.
pub struct SlaSummaryLine {
    pub badge: SlaBadge,
    pub policy: String,
    pub calendar: String,
}

impl SlaCard {
    pub fn new(
        tr: &Tr,
        viewer: &Viewer,
        number: i64,
        version: i64,
        sla: Option<&TicketSlaView>,
        now: Timestamp,
    ) -> SlaCard {
        let targets = sla
            .map(|s| {
                s.targets
                    .iter()
                    .map(|t| {
                        let state = target_state(t, now);
                        TargetRow {
                            label: target_label(tr, &t.kind),
                            state: state.as_str(),
                            state_label: health_label(tr, state),
                            due: t
                                .due_at
                                .filter(|_| state != SlaHealth::Met)
                                .map(|at| DueTime::new(tr, at, now)),
                            met: t
                                .met_at
                                .filter(|_| state == SlaHealth::Met)
                                .map(|at| tr.args("sla-met-at", &[("time", &tr.datetime(at))])),
                            explanation: t.explanation.clone(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The card's health is the worst of its targets as they stand now.
        let view = sla.map(|s| {
            let worst = s
                .targets
                .iter()
                .map(|t| target_state(t, now))
                .min()
                .unwrap_or(s.health);
            // A breached ticket's badge counts from its most overdue target,
            // not from the next one still running.
            let shown_due = if worst == SlaHealth::Breached {
                s.targets
                    .iter()
                    .filter(|t| target_state(t, now) == SlaHealth::Breached)
                    .filter_map(|t| t.due_at)
                    .min()
            } else {
                s.next_due_at
            };
            SlaSummaryLine {
                badge: SlaBadge::new(tr, worst, shown_due, now),
                policy: s.policy_name.clone(),
                calendar: s
                    .calendar_name
                    .clone()
                    .unwrap_or_else(|| tr.get("sla-always")),
            }
        });
        SlaCard {
            number,
            version,
            view,
            targets,
            words: CountdownWords::new(tr),
            can_escalate: allows(viewer.actor.role, Action::EscalateTicket),
        }
    }
}

/// The ticket's SLA for its page. The SLA is an aid on this page, so a
/// failure to compute it is logged and the page shows it as unavailable
/// instead of failing as a whole.
pub async fn ticket_sla(
    state: &AppState,
    viewer: &Viewer,
    ticket_id: i64,
) -> Option<TicketSlaView> {
    match state.service.ticket_sla(&viewer.actor, ticket_id).await {
        Ok(view) => view,
        Err(e) => {
            tracing::warn!(error = %e, ticket_id, "computing the ticket's SLA failed");
            None
        }
    }
}

/// `POST /tickets/{n}/escalate`: moves the ticket one tier up with a reason.
pub async fn escalate(
    State(state): State<AppState>,
    Staff(viewer): Staff,
    Path(number): Path<i64>,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let back = format!("/tickets/{number}");
    let ticket = state
        .service
        .get_ticket_by_number(&viewer.actor, number)
        .await
        .ui(&viewer.tr, &back)?;
    // The version the form was rendered with: escalating a ticket someone has
    // changed since is refused rather than applied to a state not seen.
    let version = form
        .text("version")
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(ticket.version);
    let reason = form.get("reason").unwrap_or_default();
    state
        .service
        .escalate_ticket(&viewer.actor, ticket.id, reason, version)
        .await
        .map_err(|e| UiError::service(e, &viewer.tr, &back))?;
    Ok(see_other(&back))
}

/// The sentence of an SLA history event, or `None` if `e` is not one. The
/// service records the details in English; the sentence around them, and the
/// target's name where it can be recognised, are translated.
pub fn event_text(e: &Event, tr: &Tr, who: &str) -> Option<String> {
    let field = e.field.as_deref()?;
    let detail = e.new_value.clone().unwrap_or_default();
    let target = || {
        // "SLA breach on first response (due …)": the core's words for the target.
        [
            ("first response", "first_response"),
            ("next response", "next_response"),
            ("periodic update", "periodic_update"),
            ("resolution", "resolution"),
        ]
        .into_iter()
        .find(|(words, _)| detail.contains(words))
        .map_or_else(
            || tr.get("sla-target-any"),
            |(_, kind)| target_label(tr, kind),
        )
    };
    match field {
        "sla_warning" => Some(tr.args("event-sla-warning", &[("target", &target())])),
        "sla_breach" => Some(tr.args("event-sla-breach", &[("target", &target())])),
        "sla_escalation" => Some(tr.args("event-sla-escalation", &[("detail", &detail)])),
        "escalated" => Some(tr.args("event-escalated", &[("who", who), ("detail", &detail)])),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::i18n::Lang;
    use super::*;
    use jiff::tz::TimeZone;

    fn en() -> Tr {
        Tr::new(Lang::En, TimeZone::UTC)
    }

    #[test]
    fn durations_keep_the_two_largest_units() {
        let tr = en();
        assert_eq!(human_duration(&tr, 80 * 60), "1 h 20 min");
        assert_eq!(human_duration(&tr, 2 * 86_400 + 3 * 3600 + 59), "2 d 3 h");
        assert_eq!(human_duration(&tr, 20), "1 min");
        assert_eq!(human_duration(&tr, -5 * 60), "5 min");
    }

    #[test]
    fn countdown_reads_ahead_and_overdue() {
        let tr = en();
        let now: Timestamp = "2026-03-02T10:00:00Z".parse().unwrap();
        let later: Timestamp = "2026-03-02T11:20:00Z".parse().unwrap();
        let earlier: Timestamp = "2026-03-02T09:55:00Z".parse().unwrap();
        assert_eq!(relative_to(&tr, later, now), "in 1 h 20 min");
        assert_eq!(relative_to(&tr, earlier, now), "overdue by 5 min");
    }

    fn target(status: &str, due: &str, warn: &str) -> TargetView {
        TargetView {
            kind: "first_response".into(),
            status: status.into(),
            business_minutes: 60,
            started_at: "2026-03-02T09:00:00Z".parse().unwrap(),
            due_at: Some(due.parse().unwrap()),
            warn_at: Some(warn.parse().unwrap()),
            met_at: None,
            breached_at: None,
            remaining_seconds: 0,
            paused_seconds: 0,
            elapsed_seconds: 0,
            cycles: 1,
            breached_cycles: 0,
            explanation: String::new(),
        }
    }

    #[test]
    fn active_targets_turn_amber_then_red_on_the_clock() {
        let now: Timestamp = "2026-03-02T10:00:00Z".parse().unwrap();
        let t = target("active", "2026-03-02T11:00:00Z", "2026-03-02T10:30:00Z");
        assert_eq!(target_state(&t, now), SlaHealth::Ok);
        let t = target("active", "2026-03-02T11:00:00Z", "2026-03-02T09:50:00Z");
        assert_eq!(target_state(&t, now), SlaHealth::Warning);
        let t = target("active", "2026-03-02T09:59:00Z", "2026-03-02T09:50:00Z");
        assert_eq!(target_state(&t, now), SlaHealth::Breached);
        let t = target("paused", "2026-03-02T09:59:00Z", "2026-03-02T09:50:00Z");
        assert_eq!(target_state(&t, now), SlaHealth::Paused);
    }
}
