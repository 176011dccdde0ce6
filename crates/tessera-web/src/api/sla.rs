//! `/api/v1/sla/…`, a ticket's SLA and escalation, the SLA report and in-app
//! notifications. The request and response bodies are the service's SLA types
//! (`tessera_service::sla`), which own their JSON shape; their OpenAPI schemas
//! are free-form objects described here.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tessera_service::sla::{
    CalendarSpec, ComplianceReport, NotificationView, PolicySpec, PreviewRequest, ReportGroupBy,
    SlaCalendar, SlaPolicyView, SlaPreview, TicketSlaView,
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::dto::TicketDto;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, Auth, JsonBytes, parse_json};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_calendars, create_calendar))
        .routes(routes!(get_calendar, update_calendar, delete_calendar))
        .routes(routes!(import_holidays))
        .routes(routes!(preview_calendar))
        .routes(routes!(list_policies, create_policy))
        .routes(routes!(get_policy, update_policy, delete_policy))
        .routes(routes!(reorder_policies))
        .routes(routes!(ticket_sla))
        .routes(routes!(escalate_ticket))
        .routes(routes!(sla_report))
        .routes(routes!(list_notifications))
        .routes(routes!(mark_notifications_read))
}

/// Splits an update body into the expected `version` and the spec: a client
/// may send back what it read (`id` and `updated_at` are ignored).
fn versioned<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> ApiResult<(i64, T)> {
    let mut object: serde_json::Map<String, Value> = parse_json(bytes)?;
    let version = match object.remove("version") {
        Some(value) => value
            .as_i64()
            .ok_or_else(|| ApiError::validation("version", "must be an integer"))?,
        None => return Err(ApiError::validation("version", "missing field `version`")),
    };
    object.remove("id");
    object.remove("updated_at");
    let spec_bytes = serde_json::to_vec(&Value::Object(object))
        .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    Ok((version, parse_json(&spec_bytes)?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarList {
    #[schema(value_type = Vec<Object>)]
    pub calendars: Vec<SlaCalendar>,
}

/// Business calendars, by name. Staff only.
#[utoipa::path(get, path = "/api/v1/sla/calendars", tag = "sla",
    responses((status = 200, body = CalendarList), (status = 403, body = ErrorBody)))]
async fn list_calendars(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<CalendarList>> {
    let calendars = state.service.list_sla_calendars(&auth.actor).await?;
    Ok(Json(CalendarList { calendars }))
}

/// Create a business calendar: `{name, time_zone, always, weekly: {monday:
/// ["09:00-17:00"], …}, holidays: [{name, date, yearly}]}`. Admins only.
#[utoipa::path(post, path = "/api/v1/sla/calendars", tag = "sla", request_body = Object,
    responses((status = 201, body = Object), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_calendar(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(spec): ApiJson<CalendarSpec>,
) -> ApiResult<(StatusCode, Json<SlaCalendar>)> {
    let calendar = state.service.create_sla_calendar(&auth.actor, spec).await?;
    Ok((StatusCode::CREATED, Json(calendar)))
}

#[utoipa::path(get, path = "/api/v1/sla/calendars/{id}", tag = "sla", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
async fn get_calendar(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<SlaCalendar>> {
    Ok(Json(state.service.get_sla_calendar(&auth.actor, id).await?))
}

/// Replace a calendar; the body is the calendar with the `version` read.
/// Open tickets' due times are recomputed shortly after. Admins only.
#[utoipa::path(put, path = "/api/v1/sla/calendars/{id}", tag = "sla", params(("id" = i64, Path)),
    request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_calendar(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    JsonBytes(bytes): JsonBytes,
) -> ApiResult<Json<SlaCalendar>> {
    let (version, spec): (i64, CalendarSpec) = versioned(&bytes)?;
    let calendar = state
        .service
        .update_sla_calendar(&auth.actor, id, version, spec)
        .await?;
    Ok(Json(calendar))
}

/// Delete a calendar no policy uses. Admins only.
#[utoipa::path(delete, path = "/api/v1/sla/calendars/{id}", tag = "sla", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_calendar(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.service.delete_sla_calendar(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// Refuse the import if the calendar's version is no longer this.
    pub version: Option<i64>,
}

/// Add the all-day events of an iCalendar file (`Content-Type:
/// text/calendar`) as holidays. Admins only.
#[utoipa::path(post, path = "/api/v1/sla/calendars/{id}/holidays/import", tag = "sla",
    params(("id" = i64, Path), ImportParams),
    request_body(content = String, content_type = "text/calendar"),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn import_holidays(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiQuery(params): ApiQuery<ImportParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<SlaCalendar>> {
    let is_calendar = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("text/calendar"));
    if !is_calendar {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "expected Content-Type: text/calendar",
        ));
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::validation("ical", "must be UTF-8 text"))?;
    let calendar = state
        .service
        .import_sla_holidays(&auth.actor, id, text, params.version)
        .await?;
    Ok(Json(calendar))
}

/// When a ticket of `priority` opened at `opened_at` under policy `policy_id`
/// would be due, counted on this calendar. Staff only.
#[utoipa::path(get, path = "/api/v1/sla/calendars/{id}/preview", tag = "sla",
    params(("id" = i64, Path), ("policy_id" = i64, Query), ("priority" = String, Query),
        ("opened_at" = String, Query, description = "RFC 3339 instant")),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn preview_calendar(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiQuery(req): ApiQuery<PreviewRequest>,
) -> ApiResult<Json<SlaPreview>> {
    Ok(Json(
        state
            .service
            .preview_sla_calendar(&auth.actor, id, req)
            .await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyList {
    #[schema(value_type = Vec<Object>)]
    pub policies: Vec<SlaPolicyView>,
}

/// SLA policies in the order they are tried (the first match applies). Staff only.
#[utoipa::path(get, path = "/api/v1/sla/policies", tag = "sla",
    responses((status = 200, body = PolicyList), (status = 403, body = ErrorBody)))]
async fn list_policies(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<PolicyList>> {
    let policies = state.service.list_sla_policies(&auth.actor).await?;
    Ok(Json(PolicyList { policies }))
}

/// Create a policy: `{name, active, position, calendar_id, conditions,
/// targets: {"high": {"first_response": 60, …}}, pause_statuses, warn,
/// escalations}` (targets in business minutes). Admins only.
#[utoipa::path(post, path = "/api/v1/sla/policies", tag = "sla", request_body = Object,
    responses((status = 201, body = Object), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_policy(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(spec): ApiJson<PolicySpec>,
) -> ApiResult<(StatusCode, Json<SlaPolicyView>)> {
    let policy = state.service.create_sla_policy(&auth.actor, spec).await?;
    Ok((StatusCode::CREATED, Json(policy)))
}

#[utoipa::path(get, path = "/api/v1/sla/policies/{id}", tag = "sla", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
async fn get_policy(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<SlaPolicyView>> {
    Ok(Json(state.service.get_sla_policy(&auth.actor, id).await?))
}

/// Replace a policy; the body is the policy with the `version` read. Admins only.
#[utoipa::path(put, path = "/api/v1/sla/policies/{id}", tag = "sla", params(("id" = i64, Path)),
    request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_policy(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    JsonBytes(bytes): JsonBytes,
) -> ApiResult<Json<SlaPolicyView>> {
    let (version, spec): (i64, PolicySpec) = versioned(&bytes)?;
    let policy = state
        .service
        .update_sla_policy(&auth.actor, id, version, spec)
        .await?;
    Ok(Json(policy))
}

#[utoipa::path(delete, path = "/api/v1/sla/policies/{id}", tag = "sla", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody)))]
async fn delete_policy(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.service.delete_sla_policy(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyOrderBody {
    /// Policy ids in the new order; unlisted policies follow.
    pub ids: Vec<i64>,
}

/// Reorder policies. Admins only.
#[utoipa::path(post, path = "/api/v1/sla/policies/order", tag = "sla", request_body = PolicyOrderBody,
    responses((status = 200, body = PolicyList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reorder_policies(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<PolicyOrderBody>,
) -> ApiResult<Json<PolicyList>> {
    let policies = state
        .service
        .reorder_sla_policies(&auth.actor, &b.ids)
        .await?;
    Ok(Json(PolicyList { policies }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketSlaBody {
    /// `null` when no SLA policy applies to the ticket.
    #[schema(value_type = Option<Object>)]
    pub sla: Option<TicketSlaView>,
}

/// The ticket's SLA clocks now: per target status, due, warning, met and
/// breach times, remaining and paused business time, and an explanation. Staff only.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/sla", tag = "sla", params(("id" = i64, Path)),
    responses((status = 200, body = TicketSlaBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn ticket_sla(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<TicketSlaBody>> {
    let sla = state.service.ticket_sla(&auth.actor, id).await?;
    Ok(Json(TicketSlaBody { sla }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalateBody {
    /// Why; recorded in the ticket's history.
    pub reason: String,
    /// The ticket version the escalation is based on.
    pub version: i64,
}

/// Move the ticket to the next support tier (and a group of that tier).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/escalate", tag = "sla", params(("id" = i64, Path)),
    request_body = EscalateBody,
    responses((status = 200, body = TicketDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn escalate_ticket(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<EscalateBody>,
) -> ApiResult<Json<TicketDto>> {
    let ticket = state
        .service
        .escalate_ticket(&auth.actor, id, &b.reason, b.version)
        .await?;
    Ok(Json(TicketDto::from_ticket(
        ticket,
        auth.actor.role.is_staff(),
    )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportParams {
    /// Tickets created at or after (RFC 3339).
    #[param(value_type = String)]
    pub from: Timestamp,
    /// Tickets created before (RFC 3339).
    #[param(value_type = String)]
    pub to: Timestamp,
    /// `policy` (default), `priority` or `group`.
    pub group_by: Option<String>,
}

/// SLA compliance of tickets created in `[from, to)`: per group, tickets,
/// breaches, achieved % per target and median business time to first
/// response and resolution. Supervisors and admins.
#[utoipa::path(get, path = "/api/v1/reports/sla", tag = "sla", params(ReportParams),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn sla_report(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> ApiResult<Json<ComplianceReport>> {
    let group_by = match p.group_by.as_deref() {
        None => ReportGroupBy::Policy,
        Some(text) => text.parse::<ReportGroupBy>()?,
    };
    let report = state
        .service
        .sla_compliance_report(&auth.actor, p.from, p.to, group_by)
        .await?;
    Ok(Json(report))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NotificationParams {
    /// Only unread ones.
    #[serde(default)]
    pub unread_only: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationList {
    #[schema(value_type = Vec<Object>)]
    pub notifications: Vec<NotificationView>,
    /// How many are unread in total.
    pub unread: u64,
}

/// Your in-app notifications, newest first (at most 200).
#[utoipa::path(get, path = "/api/v1/notifications", tag = "sla", params(NotificationParams),
    responses((status = 200, body = NotificationList)))]
async fn list_notifications(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<NotificationParams>,
) -> ApiResult<Json<NotificationList>> {
    let notifications = state
        .service
        .notifications(&auth.actor, p.unread_only)
        .await?;
    let unread = state.service.unread_notification_count(&auth.actor).await?;
    Ok(Json(NotificationList {
        notifications,
        unread,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkReadBody {
    /// Notification ids; empty marks all of yours read.
    #[serde(default)]
    pub ids: Vec<i64>,
}

#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "sla", request_body = MarkReadBody,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn mark_notifications_read(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<MarkReadBody>,
) -> ApiResult<StatusCode> {
    state
        .service
        .mark_notifications_read(&auth.actor, &b.ids)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
