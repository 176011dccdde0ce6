//! The SLA compliance report for supervisors and admins: tickets created in a
//! period, grouped by policy, priority or group, with the share of targets
//! met, the breaches and the median business times.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use tessera_core::Priority;
use tessera_service::sla::{ComplianceRow, ReportGroupBy};

use super::i18n::Tr;
use super::page::{Chrome, UiError, UiResult, UiResultExt};
use super::session::Manager;
use super::sla_ticket::{human_duration, target_label};
use super::views::{Choice, priority_label};
use crate::state::AppState;

/// The targets in the order the report's columns show them.
const TARGET_KINDS: [&str; 4] = [
    "first_response",
    "next_response",
    "periodic_update",
    "resolution",
];

/// Days shown when the period is not given.
const DEFAULT_DAYS: i64 = 30;

pub struct ReportRow {
    pub label: String,
    pub tickets: u64,
    /// Per target in [`TARGET_KINDS`] order: "93.5 %" or "—".
    pub achieved: Vec<String>,
    pub breaches: u64,
    pub median_first_response: String,
    pub median_resolution: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/sla.html")]
struct ReportPage {
    c: Chrome,
    from: String,
    to: String,
    groupings: Vec<Choice>,
    targets: Vec<String>,
    rows: Vec<ReportRow>,
    /// "Dates are days in Europe/Zagreb": whose days the period counts.
    zone_hint: String,
}

fn percent(tr: &Tr, value: Option<f64>) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |p| tr.args("report-percent", &[("value", &format!("{p:.1}"))]),
    )
}

fn median(tr: &Tr, seconds: Option<i64>) -> String {
    seconds.map_or_else(|| "—".to_owned(), |s| human_duration(tr, s))
}

fn row_label(tr: &Tr, group_by: ReportGroupBy, row: &ComplianceRow) -> String {
    if row.key == "none" {
        return tr.get(match group_by {
            ReportGroupBy::Policy => "report-no-policy",
            ReportGroupBy::Priority | ReportGroupBy::Group => "report-no-group",
        });
    }
    match group_by {
        ReportGroupBy::Priority => row
            .key
            .parse::<Priority>()
            .map_or_else(|_| row.label.clone(), |p| priority_label(tr, p)),
        ReportGroupBy::Policy | ReportGroupBy::Group => row.label.clone(),
    }
}

/// The start of `date` in the viewer's zone.
fn start_of(tr: &Tr, date: Date) -> Option<Timestamp> {
    date.to_zoned(tr.tz.clone()).ok().map(|z| z.timestamp())
}

/// `/reports/sla?from=2026-03-01&to=2026-03-31&group_by=policy`: both dates
/// inclusive, read in the viewer's time zone.
pub async fn sla(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Query(q): Query<HashMap<String, String>>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let today = Timestamp::now().to_zoned(tr.tz.clone()).date();
    let invalid = |field: &str| UiError::Invalid {
        tr: tr.clone(),
        message: tr.args("report-bad-date", &[("field", field)]),
        back: "/reports/sla".to_owned(),
    };
    let date_param = |name: &str, default: Date| -> UiResult<Date> {
        match q.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            Some(text) => text.parse::<Date>().map_err(|_| invalid(name)),
            None => Ok(default),
        }
    };
    let to = date_param("to", today)?;
    let from = date_param(
        "from",
        to.checked_sub((DEFAULT_DAYS - 1).days()).unwrap_or(to),
    )?;
    let group_by = q
        .get("group_by")
        .and_then(|g| g.parse::<ReportGroupBy>().ok())
        .unwrap_or(ReportGroupBy::Policy);
    let start = start_of(tr, from).ok_or_else(|| invalid("from"))?;
    let end = to
        .tomorrow()
        .ok()
        .and_then(|d| start_of(tr, d))
        .ok_or_else(|| invalid("to"))?;
    let report = state
        .service
        .sla_compliance_report(&viewer.actor, start, end, group_by)
        .await
        .ui(tr, "/reports/sla")?;
    let rows = report
        .rows
        .iter()
        .map(|row| ReportRow {
            label: row_label(tr, group_by, row),
            tickets: row.tickets,
            achieved: TARGET_KINDS
                .iter()
                .map(|kind| {
                    let value = row
                        .targets
                        .iter()
                        .find(|t| t.kind == *kind)
                        .and_then(|t| t.achieved_percent);
                    percent(tr, value)
                })
                .collect(),
            breaches: row.breaches,
            median_first_response: median(tr, row.median_first_response_seconds),
            median_resolution: median(tr, row.median_resolution_seconds),
        })
        .collect();
    let groupings = [
        ReportGroupBy::Policy,
        ReportGroupBy::Priority,
        ReportGroupBy::Group,
    ]
    .into_iter()
    .map(|g| {
        Choice::new(
            g.as_str(),
            tr.get(&format!("report-group-{}", g.as_str())),
            g == group_by,
        )
    })
    .collect();
    Ok(ReportPage {
        c: Chrome::for_viewer(&viewer, "reports")
            .with_unread(&state.service, &viewer)
            .await,
        from: from.to_string(),
        to: to.to_string(),
        groupings,
        targets: TARGET_KINDS.iter().map(|k| target_label(tr, k)).collect(),
        rows,
        zone_hint: tr.args("report-zone-hint", &[("zone", &tr.zone_name())]),
    }
    .into_response())
}
