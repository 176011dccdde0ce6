// SLA SERVICE API READY
//! Service levels: the use cases around `tessera_core::sla`.
//!
//! Admins define business calendars and ordered SLA policies ([`CalendarSpec`],
//! [`PolicySpec`]; stored as JSON `definition` documents whose shape this
//! module owns). Every ticket write carries the ticket's SLA row: the compact
//! SLA history (`timeline`) gets the write's event appended, the policy is
//! selected from the ticket's facts and the clocks are computed at the
//! service's `now` — so the row is always as current as the ticket, in the same
//! transaction. Two background use cases complete the picture:
//! [`Service::sla_sweep`] announces warnings and breaches exactly once and runs
//! the policy's escalation steps, and [`Service::run_sla_recompute`] rewrites
//! every open ticket's row after a calendar or policy edit (each edit enqueues
//! one coalescing [`SLA_RECOMPUTE_JOB`]).
//!
//! Customers never see SLA data. Calendars and policies are managed by admins
//! (`Action::ManageSla`); staff read them and tickets' clocks; reports are for
//! supervisors and admins.

mod admin;
mod cache;
mod escalation;
mod hooks;
mod notify;
mod recompute;
mod report;
mod rules;
mod spec;
mod state;
mod sweep;
mod timeline;
mod views;

use jiff::Timestamp;
use tessera_store::Ticket;

use crate::{Actor, Service, ServiceResult};

pub(crate) use cache::SlaCache;
pub(crate) use hooks::comment_event;
pub use spec::{
    CalendarSpec, ConditionsSpec, EscalationAction, EscalationStep, EscalationTrigger, HolidaySpec,
    PolicySpec, TargetMinutes, WarnSpec, WeeklyHours,
};
pub use views::{
    ComplianceReport, ComplianceRow, NotificationView, PreviewRequest, PreviewTarget,
    RecomputeReport, ReportGroupBy, SlaCalendar, SlaHealth, SlaPolicyView, SlaPreview, SlaSummary,
    SweepReport, TargetCompliance, TargetView, TicketSlaView,
};

/// Job kind of the background recomputation of every open ticket's SLA row.
pub const SLA_RECOMPUTE_JOB: &str = "sla.recompute";
/// Job kind of the periodic warning/breach sweep.
pub const SLA_SWEEP_JOB: &str = "sla.sweep";

impl Service {
    // ----- calendars -----------------------------------------------------------

    /// Every business calendar, by name. Staff only.
    pub async fn list_sla_calendars(&self, actor: &Actor) -> ServiceResult<Vec<SlaCalendar>> {
        admin::list_calendars(self, actor).await
    }

    /// One calendar. Staff only.
    pub async fn get_sla_calendar(&self, actor: &Actor, id: i64) -> ServiceResult<SlaCalendar> {
        admin::get_calendar(self, actor, id).await
    }

    /// Validates and stores a calendar (`Invalid` names the field, e.g.
    /// `time_zone` or `weekly.monday[0]`; a taken name is a conflict). Admins.
    pub async fn create_sla_calendar(
        &self,
        actor: &Actor,
        spec: CalendarSpec,
    ) -> ServiceResult<SlaCalendar> {
        admin::create_calendar(self, actor, spec).await
    }

    /// Replaces a calendar if `expected_version` is current (else a
    /// `ticket_version`-like `version` conflict) and queues the recomputation
    /// of open tickets. Admins.
    pub async fn update_sla_calendar(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        spec: CalendarSpec,
    ) -> ServiceResult<SlaCalendar> {
        admin::update_calendar(self, actor, id, expected_version, spec).await
    }

    /// Deletes a calendar no policy uses (else `Conflict { code: "reference" }`). Admins.
    pub async fn delete_sla_calendar(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        admin::delete_calendar(self, actor, id).await
    }

    /// Adds the holidays of an iCalendar file to a calendar (dates it already
    /// has are kept once). With `expected_version` the import is refused if the
    /// calendar changed meanwhile. Admins.
    pub async fn import_sla_holidays(
        &self,
        actor: &Actor,
        id: i64,
        ical: &str,
        expected_version: Option<i64>,
    ) -> ServiceResult<SlaCalendar> {
        admin::import_holidays(self, actor, id, ical, expected_version).await
    }

    /// When a ticket of `req.priority` opened at `req.opened_at` under policy
    /// `req.policy_id` would be due, counted on calendar `id`. Staff only.
    pub async fn preview_sla_calendar(
        &self,
        actor: &Actor,
        id: i64,
        req: PreviewRequest,
    ) -> ServiceResult<SlaPreview> {
        admin::preview(self, actor, id, req).await
    }

    // ----- policies ------------------------------------------------------------

    /// Every policy in the order they are tried. Staff only.
    pub async fn list_sla_policies(&self, actor: &Actor) -> ServiceResult<Vec<SlaPolicyView>> {
        admin::list_policies(self, actor).await
    }

    pub async fn get_sla_policy(&self, actor: &Actor, id: i64) -> ServiceResult<SlaPolicyView> {
        admin::get_policy(self, actor, id).await
    }

    /// Validates and stores a policy (last unless `spec.position` is given),
    /// then queues recomputation. Admins.
    pub async fn create_sla_policy(
        &self,
        actor: &Actor,
        spec: PolicySpec,
    ) -> ServiceResult<SlaPolicyView> {
        admin::create_policy(self, actor, spec).await
    }

    /// Replaces a policy if `expected_version` is current; `spec.position`
    /// `None` keeps its place. Queues recomputation. Admins.
    pub async fn update_sla_policy(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        spec: PolicySpec,
    ) -> ServiceResult<SlaPolicyView> {
        admin::update_policy(self, actor, id, expected_version, spec).await
    }

    /// Deletes a policy; tickets it applied to get another one (or none) at the
    /// queued recomputation. Admins.
    pub async fn delete_sla_policy(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        admin::delete_policy(self, actor, id).await
    }

    /// Puts policies in this order (positions 0, 1, …; unlisted ones follow)
    /// and returns the new order. Admins.
    pub async fn reorder_sla_policies(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> ServiceResult<Vec<SlaPolicyView>> {
        admin::reorder_policies(self, actor, ids).await
    }

    // ----- tickets -------------------------------------------------------------

    /// The ticket's SLA clocks computed now, with explanations; `None` when no
    /// policy applies. Customers get `NotFound` for the ticket's SLA whatever
    /// the ticket (they see no SLA at all).
    pub async fn ticket_sla(
        &self,
        actor: &Actor,
        ticket_id: i64,
    ) -> ServiceResult<Option<TicketSlaView>> {
        hooks::ticket_sla(self, actor, ticket_id).await
    }

    /// Health and next due time of each listed ticket that has SLA clocks, for
    /// queues (at most 500 ids). Staff only; one store read.
    pub async fn ticket_sla_summaries(
        &self,
        actor: &Actor,
        ticket_ids: &[i64],
    ) -> ServiceResult<Vec<SlaSummary>> {
        hooks::summaries(self, actor, ticket_ids).await
    }

    /// Moves the ticket one tier up (to a group of that tier, if one exists),
    /// recording `reason` in its history. Staff who may change tickets; a blank
    /// reason is `Invalid { field: "reason" }`, a stale `expected_version` a
    /// `ticket_version` conflict.
    pub async fn escalate_ticket(
        &self,
        actor: &Actor,
        ticket_id: i64,
        reason: &str,
        expected_version: i64,
    ) -> ServiceResult<Ticket> {
        escalation::escalate_manually(self, actor, ticket_id, reason, expected_version).await
    }

    // ----- background ----------------------------------------------------------

    /// Announces every warning and breach reached by `now` exactly once
    /// (history event, notifications, the policy's escalation steps), one
    /// version-checked ticket write each. Safe to run on several nodes at once.
    pub async fn sla_sweep(&self, now: Timestamp) -> ServiceResult<SweepReport> {
        sweep::sweep(self, now).await
    }

    /// Rewrites the SLA row of every open ticket for the current calendars and
    /// policies (what [`SLA_RECOMPUTE_JOB`] runs).
    pub async fn run_sla_recompute(&self, now: Timestamp) -> ServiceResult<RecomputeReport> {
        recompute::recompute(self, now).await
    }

    // ----- notifications -------------------------------------------------------

    /// The actor's in-app notifications, newest first (at most 200).
    pub async fn notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
    ) -> ServiceResult<Vec<NotificationView>> {
        notify::list(self, actor, unread_only).await
    }

    pub async fn unread_notification_count(&self, actor: &Actor) -> ServiceResult<u64> {
        notify::unread_count(self, actor).await
    }

    /// Marks the actor's notifications read; all of them when `ids` is empty.
    pub async fn mark_notifications_read(&self, actor: &Actor, ids: &[i64]) -> ServiceResult<()> {
        notify::mark_read(self, actor, ids).await
    }

    // ----- reports -------------------------------------------------------------

    /// SLA compliance of tickets created in `[from, to)`, grouped by policy,
    /// priority or group. Supervisors and admins.
    pub async fn sla_compliance_report(
        &self,
        actor: &Actor,
        from: Timestamp,
        to: Timestamp,
        group_by: ReportGroupBy,
    ) -> ServiceResult<ComplianceReport> {
        report::compliance(self, actor, from, to, group_by).await
    }
}
