//! `/api/v1/session`: sign in and out with email and password (cookie sessions for
//! the web UI), and password change.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::dto::UserDto;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, Auth, SESSION_COOKIE, cookie};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login, current_session, logout))
        .routes(routes!(change_password))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    pub user: UserDto,
    /// Send as `X-CSRF-Token` on every state-changing request made with the cookie.
    pub csrf_token: String,
}

fn session_cookie(state: &AppState, value: &str, max_age_secs: i64) -> ApiResult<HeaderValue> {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .map_err(|_| ApiError::internal())
}

/// Sign in. Sets the session cookie. Five wrong passwords lock the address for 15 minutes.
#[utoipa::path(post, path = "/api/v1/session", tag = "auth", request_body = LoginBody,
    responses((status = 200, body = SessionDto), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ApiJson(b): ApiJson<LoginBody>,
) -> ApiResult<Response> {
    if let Some(wait) = state.login_limiter.locked(&b.email) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "locked_out",
            format!(
                "too many failed sign-ins; try again in {} minutes",
                wait.as_secs().div_ceil(60)
            ),
        ));
    }
    let outcome = match state.service.login(&b.email, &b.password).await {
        Ok(o) => o,
        Err(tessera_service::ServiceError::Unauthenticated) => {
            state.login_limiter.record_failure(&b.email);
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong email or password",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    state.login_limiter.record_success(&b.email);
    let max_age = outcome.session.expires_at.as_second() - outcome.session.created_at.as_second();
    let cookie = session_cookie(&state, &outcome.session_secret, max_age)?;
    let body = SessionDto {
        user: outcome.user.into(),
        csrf_token: outcome.session.csrf_token,
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// The current session (for the web UI to learn its CSRF token).
#[utoipa::path(get, path = "/api/v1/session", tag = "auth",
    responses((status = 200, body = SessionDto), (status = 401, body = ErrorBody)))]
async fn current_session(auth: Auth) -> ApiResult<Json<SessionDto>> {
    let csrf_token = auth.csrf_token.ok_or_else(|| {
        ApiError::validation(
            "session",
            "this request is authenticated by token, not by a session",
        )
    })?;
    Ok(Json(SessionDto {
        user: auth.user.into(),
        csrf_token,
    }))
}

/// Sign out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "auth", responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(
    State(state): State<AppState>,
    _auth: Auth,
    headers: axum::http::HeaderMap,
) -> ApiResult<Response> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        state.service.logout(&secret).await?;
    }
    let cookie = session_cookie(&state, "", 0)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordBody {
    pub current_password: String,
    pub new_password: String,
}

#[utoipa::path(put, path = "/api/v1/users/me/password", tag = "auth", request_body = ChangePasswordBody,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<ChangePasswordBody>,
) -> ApiResult<StatusCode> {
    state
        .service
        .change_password(&auth.actor, &b.current_password, &b.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
