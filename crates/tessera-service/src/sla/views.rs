//! What the SLA use cases return: stored calendars and policies with their
//! ids and versions, a ticket's SLA clocks, queue summaries, sweep and
//! recompute reports, the compliance report and notifications. All serialise
//! to the JSON the API sends; times are RFC 3339 instants.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::spec::{CalendarSpec, PolicySpec};
use crate::ServiceError;

/// A stored business calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlaCalendar {
    pub id: i64,
    /// Pass it back with an update: a stale version is a conflict.
    pub version: i64,
    pub updated_at: Timestamp,
    #[serde(flatten)]
    pub spec: CalendarSpec,
}

/// A stored SLA policy; `spec.position` is always set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlaPolicyView {
    pub id: i64,
    pub version: i64,
    pub updated_at: Timestamp,
    #[serde(flatten)]
    pub spec: PolicySpec,
}

/// "A ticket of this priority opened at this instant under this policy":
/// the question a calendar preview answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub policy_id: i64,
    /// `urgent`, `high`, `normal` or `low`.
    pub priority: String,
    pub opened_at: Timestamp,
}

/// The due times the preview computed, per target of the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlaPreview {
    pub calendar_id: i64,
    pub policy_id: i64,
    pub priority: String,
    pub opened_at: Timestamp,
    pub time_zone: String,
    pub targets: Vec<PreviewTarget>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewTarget {
    /// `first_response`, `next_response`, `periodic_update` or `resolution`.
    pub kind: String,
    pub business_minutes: i64,
    /// For next response and periodic update: due if their cycle started at
    /// `opened_at`.
    pub due_at: Timestamp,
    pub warn_at: Timestamp,
}

/// How a ticket's SLA stands, worst first when ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaHealth {
    Breached,
    Warning,
    Ok,
    Paused,
    Met,
}

impl SlaHealth {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaHealth::Breached => "breached",
            SlaHealth::Warning => "warning",
            SlaHealth::Ok => "ok",
            SlaHealth::Paused => "paused",
            SlaHealth::Met => "met",
        }
    }
}

/// The SLA clocks of one ticket, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketSlaView {
    pub ticket_id: i64,
    pub policy_id: i64,
    pub policy_name: String,
    /// `None` for a policy counting around the clock.
    pub calendar_name: Option<String>,
    /// The priority whose targets apply.
    pub priority: String,
    /// The calendar's zone, for showing times.
    pub time_zone: String,
    pub computed_at: Timestamp,
    pub health: SlaHealth,
    pub next_due_at: Option<Timestamp>,
    pub targets: Vec<TargetView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetView {
    pub kind: String,
    /// `active`, `paused`, `met` or `breached`.
    pub status: String,
    pub business_minutes: i64,
    pub started_at: Timestamp,
    pub due_at: Option<Timestamp>,
    pub warn_at: Option<Timestamp>,
    pub met_at: Option<Timestamp>,
    pub breached_at: Option<Timestamp>,
    /// Business seconds left; negative once overdue.
    pub remaining_seconds: i64,
    /// Business seconds spent in pause statuses during this cycle.
    pub paused_seconds: i64,
    pub elapsed_seconds: i64,
    pub cycles: u32,
    pub breached_cycles: u32,
    /// e.g. "policy Gold, P2 (high): first response 2 business hours on
    /// calendar Zagreb office; due Tue 2025-03-04 10:40 Europe/Zagreb".
    pub explanation: String,
}

/// One ticket's SLA at a glance, for queues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlaSummary {
    pub ticket_id: i64,
    pub health: SlaHealth,
    pub next_due_at: Option<Timestamp>,
}

/// What one sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    /// Tickets looked at.
    pub examined: usize,
    pub warnings: usize,
    pub breaches: usize,
    /// Escalation steps that changed a ticket (priority, group, assignee).
    pub escalations: usize,
    pub notifications: usize,
    /// Tickets changed by someone else meanwhile: left for the next sweep.
    pub skipped: usize,
}

/// What one recomputation did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecomputeReport {
    /// Open tickets walked.
    pub tickets: usize,
    /// Rows rewritten because their state changed.
    pub rows_written: usize,
    /// Of those, rows built for tickets that had none (older tickets).
    pub rows_created: usize,
    /// Tickets no active policy applies to.
    pub without_policy: usize,
}

/// How compliance rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportGroupBy {
    Policy,
    Priority,
    Group,
}

impl ReportGroupBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportGroupBy::Policy => "policy",
            ReportGroupBy::Priority => "priority",
            ReportGroupBy::Group => "group",
        }
    }
}

impl fmt::Display for ReportGroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReportGroupBy {
    type Err = ServiceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            ReportGroupBy::Policy,
            ReportGroupBy::Priority,
            ReportGroupBy::Group,
        ]
        .into_iter()
        .find(|g| g.as_str() == s)
        .ok_or_else(|| ServiceError::invalid("group_by", "must be policy, priority or group"))
    }
}

/// SLA compliance of the tickets created in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplianceReport {
    pub from: Timestamp,
    pub to: Timestamp,
    pub group_by: ReportGroupBy,
    /// Durations are `business` time of each ticket's policy calendar.
    pub durations: &'static str,
    pub rows: Vec<ComplianceRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplianceRow {
    /// Policy id, priority name or group id as text; `none` for tickets
    /// without a policy or group.
    pub key: String,
    /// What people call it: policy name, priority, group name.
    pub label: String,
    pub tickets: u64,
    /// Breached target cycles, over all targets.
    pub breaches: u64,
    pub targets: Vec<TargetCompliance>,
    /// Median business seconds from creation to the first response.
    pub median_first_response_seconds: Option<i64>,
    /// Median business seconds from creation to solved (solved tickets).
    pub median_resolution_seconds: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetCompliance {
    pub kind: String,
    /// Cycles that are decided (met, or breached).
    pub measured: u64,
    pub met: u64,
    pub breached: u64,
    /// `met / measured` in percent; `None` when nothing was measured.
    pub achieved_percent: Option<f64>,
}

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationView {
    pub id: i64,
    pub ticket_id: Option<i64>,
    /// `sla_warning`, `sla_breach`, `escalated`.
    pub kind: String,
    pub body: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

impl From<tessera_store::Notification> for NotificationView {
    fn from(n: tessera_store::Notification) -> Self {
        NotificationView {
            id: n.id,
            ticket_id: n.ticket_id,
            kind: n.kind,
            body: n.body,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}
