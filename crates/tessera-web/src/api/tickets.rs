//! `/api/v1/tickets`: create, read, change, list; the conversation and the history.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use tessera_core::{Channel, Priority, Status, TicketType, Tier};
use tessera_service::{AddComment, CreateTicket, TicketFilter, UpdateTicket};
use tessera_store::{AssigneeFilter, Cursor, NewAttachment, TicketSort, TicketSortField};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::dto::{CommentDto, EventDto, TicketDto, double_option};
use super::{parse_enum, parse_list};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, Auth, JsonBytes, parse_json};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_ticket, list_tickets))
        .routes(routes!(get_ticket, update_ticket))
        .routes(routes!(add_comment, list_comments))
        .routes(routes!(list_events))
        .routes(routes!(get_attachment))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTicketBody {
    pub subject: String,
    #[serde(default)]
    pub description: String,
    /// The customer asking; created if unknown. Staff only (customers ask for themselves).
    pub requester_email: Option<String>,
    pub requester_name: Option<String>,
    pub requester_id: Option<i64>,
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub ticket_type: Option<String>,
    /// 1 (highest) to 4
    pub impact: Option<i64>,
    /// 1 (highest) to 4
    pub urgency: Option<i64>,
    /// Overrides impact × urgency: urgent, high, normal, low.
    pub priority: Option<String>,
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub custom_fields: Map<String, Value>,
    pub assignee_id: Option<i64>,
    pub group_id: Option<i64>,
    pub tier: Option<String>,
    pub channel: Option<String>,
    pub language: Option<String>,
}

/// Create a ticket. With an `Idempotency-Key` header, a retried request returns the
/// ticket the first one created (200) instead of creating another.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets",
    request_body = CreateTicketBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, body = TicketDto), (status = 200, description = "Replayed by Idempotency-Key", body = TicketDto),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_ticket(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Response> {
    let body_json: CreateTicketBody = parse_json(&body)?;
    let idempotency_key = match headers.get("idempotency-key") {
        Some(v) => Some(
            v.to_str()
                .map_err(|_| ApiError::validation("Idempotency-Key", "must be visible ASCII"))?
                .to_owned(),
        ),
        None => None,
    };
    let fingerprint = URL_SAFE_NO_PAD.encode(Sha256::digest(&body));
    let b = body_json;
    let req = CreateTicket {
        subject: b.subject,
        description: b.description,
        requester_id: b.requester_id,
        requester_email: b.requester_email,
        requester_name: b.requester_name,
        status: b.status.as_deref().map(parse_enum::<Status>).transpose()?,
        ticket_type: b
            .ticket_type
            .as_deref()
            .map(parse_enum::<TicketType>)
            .transpose()?,
        impact: b.impact,
        urgency: b.urgency,
        priority: b
            .priority
            .as_deref()
            .map(parse_enum::<Priority>)
            .transpose()?,
        category: b.category,
        tags: b.tags,
        custom_fields: b.custom_fields,
        assignee_id: b.assignee_id,
        group_id: b.group_id,
        tier: b.tier.as_deref().map(parse_enum::<Tier>).transpose()?,
        channel: b
            .channel
            .as_deref()
            .map(parse_enum::<Channel>)
            .transpose()?,
        language: b.language,
        idempotency_key,
        request_fingerprint: fingerprint,
    };
    let created = state.service.create_ticket(&auth.actor, req).await?;
    let status = if created.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let location = format!("/api/v1/tickets/{}", created.value.id);
    let dto = TicketDto::from_ticket(created.value, auth.actor.role.is_staff());
    Ok((status, [(header::LOCATION, location)], Json(dto)).into_response())
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, body = TicketDto), (status = 404, body = ErrorBody)))]
async fn get_ticket(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<TicketDto>> {
    let ticket = state.service.get_ticket(&auth.actor, id).await?;
    Ok(Json(TicketDto::from_ticket(
        ticket,
        auth.actor.role.is_staff(),
    )))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTicketBody {
    pub subject: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub ticket_type: Option<String>,
    pub impact: Option<i64>,
    pub urgency: Option<i64>,
    /// A priority overrides the matrix; `null` returns to impact × urgency.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub priority: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
    /// Replaces all tags.
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub add_tags: Vec<String>,
    #[serde(default)]
    pub remove_tags: Vec<String>,
    /// Merged into the current values; `null` removes a key.
    #[schema(value_type = Option<Object>)]
    pub custom_fields: Option<Map<String, Value>>,
    pub requester_id: Option<i64>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub assignee_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub group_id: Option<Option<i64>>,
    pub tier: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub language: Option<Option<String>>,
}

/// Change a ticket. Every change is recorded in its history.
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")), request_body = UpdateTicketBody,
    responses((status = 200, body = TicketDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_ticket(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<UpdateTicketBody>,
) -> ApiResult<Json<TicketDto>> {
    let patch = UpdateTicket {
        subject: b.subject,
        description: b.description,
        status: b.status.as_deref().map(parse_enum::<Status>).transpose()?,
        ticket_type: b
            .ticket_type
            .as_deref()
            .map(parse_enum::<TicketType>)
            .transpose()?,
        impact: b.impact,
        urgency: b.urgency,
        priority: match b.priority {
            Some(Some(p)) => Some(Some(parse_enum::<Priority>(&p)?)),
            Some(None) => Some(None),
            None => None,
        },
        category: b.category,
        tags: b.tags,
        add_tags: b.add_tags,
        remove_tags: b.remove_tags,
        custom_fields: b.custom_fields,
        requester_id: b.requester_id,
        assignee_id: b.assignee_id,
        group_id: b.group_id,
        tier: b.tier.as_deref().map(parse_enum::<Tier>).transpose()?,
        language: b.language,
    };
    let ticket = state.service.update_ticket(&auth.actor, id, patch).await?;
    Ok(Json(TicketDto::from_ticket(
        ticket,
        auth.actor.role.is_staff(),
    )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Comma-separated statuses, e.g. `open,pending`.
    pub status: Option<String>,
    /// An agent id, `none` for unassigned, or `me`.
    pub assignee_id: Option<String>,
    pub group_id: Option<i64>,
    pub requester_id: Option<i64>,
    pub organization_id: Option<i64>,
    /// Comma-separated priorities.
    pub priority: Option<String>,
    /// Comma-separated tags; tickets must have all of them.
    pub tags: Option<String>,
    /// RFC 3339 time; only tickets updated at or after it.
    pub updated_since: Option<String>,
    /// `updated_at` (default, newest first as `-updated_at`), `created_at`, `number`, `priority`; prefix `-` for descending.
    pub sort: Option<String>,
    /// Opaque `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// 1–500, default 25.
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketPage {
    pub tickets: Vec<TicketDto>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

fn parse_sort(sort: Option<&str>) -> ApiResult<TicketSort> {
    let Some(raw) = sort else {
        return Ok(TicketSort::default());
    };
    let (descending, name) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let field = match name {
        "updated_at" => TicketSortField::UpdatedAt,
        "created_at" => TicketSortField::CreatedAt,
        "number" => TicketSortField::Number,
        "priority" => TicketSortField::Priority,
        "sla_due_at" => TicketSortField::SlaDue,
        _ => {
            return Err(ApiError::validation(
                "sort",
                "must be updated_at, created_at, number, priority or sla_due_at, optionally prefixed with -",
            ));
        }
    };
    Ok(TicketSort { field, descending })
}

fn sort_key(sort: TicketSort) -> String {
    let name = match sort.field {
        TicketSortField::UpdatedAt => "u",
        TicketSortField::CreatedAt => "c",
        TicketSortField::Number => "n",
        TicketSortField::Priority => "p",
        TicketSortField::SlaDue => "d",
    };
    format!("{name}{}", if sort.descending { "-" } else { "+" })
}

fn encode_cursor(sort: TicketSort, cursor: Cursor) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "{}:{}:{}",
        sort_key(sort),
        cursor.sort_value,
        cursor.id
    ))
}

fn decode_cursor(sort: TicketSort, raw: &str) -> ApiResult<Cursor> {
    let bad = || ApiError::validation("cursor", "is not a cursor from this list (same sort)");
    let text = URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(bad)?;
    let mut parts = text.split(':');
    let (Some(key), Some(value), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if key != sort_key(sort) {
        return Err(bad());
    }
    Ok(Cursor {
        sort_value: value.parse().map_err(|_| bad())?,
        id: id.parse().map_err(|_| bad())?,
    })
}

/// List tickets the caller may see, filtered and sorted, a page at a time.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(ListParams),
    responses((status = 200, body = TicketPage), (status = 422, body = ErrorBody)))]
async fn list_tickets(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<ListParams>,
) -> ApiResult<Json<TicketPage>> {
    let sort = parse_sort(p.sort.as_deref())?;
    let assignee =
        match p.assignee_id.as_deref() {
            None => AssigneeFilter::Any,
            Some("none") => AssigneeFilter::Unassigned,
            Some("me") => AssigneeFilter::Is(auth.actor.user_id),
            Some(v) => AssigneeFilter::Is(v.parse().map_err(|_| {
                ApiError::validation("assignee_id", "must be a user id, none or me")
            })?),
        };
    let updated_since = p
        .updated_since
        .as_deref()
        .map(|s| {
            s.parse::<jiff::Timestamp>().map_err(|_| {
                ApiError::validation(
                    "updated_since",
                    "must be an RFC 3339 time like 2026-01-31T09:00:00Z",
                )
            })
        })
        .transpose()?;
    let filter = TicketFilter {
        statuses: parse_list::<Status>(p.status.as_deref())?,
        assignee,
        group_id: p.group_id,
        requester_id: p.requester_id,
        organization_id: p.organization_id,
        priorities: parse_list::<Priority>(p.priority.as_deref())?,
        tags: p
            .tags
            .as_deref()
            .map(|t| {
                t.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        updated_since,
        sort,
        cursor: p
            .cursor
            .as_deref()
            .map(|c| decode_cursor(sort, c))
            .transpose()?,
        limit: p.limit.unwrap_or(25),
    };
    let page = state.service.list_tickets(&auth.actor, filter).await?;
    let staff = auth.actor.role.is_staff();
    Ok(Json(TicketPage {
        next_cursor: page.next_cursor.map(|c| encode_cursor(sort, c)),
        tickets: page
            .items
            .into_iter()
            .map(|t| TicketDto::from_ticket(t, staff))
            .collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentBody {
    pub filename: String,
    pub content_type: String,
    /// The file, base64-encoded.
    pub content_base64: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddCommentBody {
    pub body: String,
    /// Public reply (default) or internal note (`false`).
    #[serde(default = "default_true")]
    pub public: bool,
    #[serde(default)]
    pub attachments: Vec<AttachmentBody>,
    /// Set this status with the comment (staff only).
    pub status: Option<String>,
}

fn default_true() -> bool {
    true
}

/// Add a public reply or an internal note. A customer's reply to a closed ticket
/// opens a follow-up ticket (the response's `ticket_id` and `follow_up_of` say so).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/comments", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")), request_body = AddCommentBody,
    responses((status = 201, body = CommentDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_comment(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AddCommentBody>,
) -> ApiResult<(StatusCode, Json<CommentDto>)> {
    let mut attachments = Vec::with_capacity(b.attachments.len());
    for (i, a) in b.attachments.into_iter().enumerate() {
        let bytes = STANDARD.decode(a.content_base64.as_bytes()).map_err(|_| {
            ApiError::validation(
                format!("attachments[{i}].content_base64"),
                "is not valid base64",
            )
        })?;
        attachments.push(NewAttachment {
            filename: a.filename,
            content_type: a.content_type,
            bytes,
        });
    }
    let req = AddComment {
        body: b.body,
        public: b.public,
        attachments,
        status: b.status.as_deref().map(parse_enum::<Status>).transpose()?,
    };
    let added = state.service.add_comment(&auth.actor, id, req).await?;
    let mut dto = CommentDto::from(added.comment);
    dto.follow_up_of = added.follow_up_of;
    Ok((StatusCode::CREATED, Json(dto)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentList {
    pub comments: Vec<CommentDto>,
}

/// The conversation, oldest first (customers see public replies only).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/comments", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, body = CommentList), (status = 404, body = ErrorBody)))]
async fn list_comments(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<CommentList>> {
    let comments = state.service.list_comments(&auth.actor, id).await?;
    Ok(Json(CommentList {
        comments: comments.into_iter().map(CommentDto::from).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    pub events: Vec<EventDto>,
}

/// The ticket's history, oldest first (customers see non-internal events only).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/events", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, body = EventList), (status = 404, body = ErrorBody)))]
async fn list_events(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<Json<EventList>> {
    let events = state.service.list_events(&auth.actor, id).await?;
    Ok(Json(EventList {
        events: events.into_iter().map(EventDto::from).collect(),
    }))
}

/// Download an attachment (always as a download, never rendered inline).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/attachments/{attachment_id}", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id"), ("attachment_id" = i64, Path, description = "Attachment id")),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
async fn get_attachment(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> ApiResult<Response> {
    let (meta, bytes) = state
        .service
        .get_attachment(&auth.actor, id, attachment_id)
        .await?;
    let safe_name: String = meta
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, meta.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe_name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
