//! `/api/v1/tokens`: API tokens (shown once, stored hashed, revocable).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::dto::ApiTokenDto;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, Auth};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    pub tokens: Vec<ApiTokenDto>,
}

/// Your tokens (admins: everyone's).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "auth", responses((status = 200, body = TokenList)))]
async fn list_tokens(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<TokenList>> {
    let tokens = state.service.list_api_tokens(&auth.actor).await?;
    Ok(Json(TokenList {
        tokens: tokens.into_iter().map(ApiTokenDto::from).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenBody {
    pub name: String,
    /// Admins may create a token for another user.
    pub user_id: Option<i64>,
}

/// Create a token; the response's `token` is the only time it is shown.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "auth", request_body = CreateTokenBody,
    responses((status = 201, body = ApiTokenDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<CreateTokenBody>,
) -> ApiResult<(StatusCode, Json<ApiTokenDto>)> {
    let created = state
        .service
        .create_api_token(&auth.actor, &b.name, b.user_id)
        .await?;
    let mut dto = ApiTokenDto::from(created.token);
    dto.token = Some(created.secret);
    Ok((StatusCode::CREATED, Json(dto)))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "auth", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.service.revoke_api_token(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
