//! Extractors: JSON bodies and query strings that fail with our error shape and
//! name the offending field, and the authenticated caller.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use serde::de::DeserializeOwned;
use tessera_service::{Actor, ServiceError};
use tessera_store::User;

use crate::error::ApiError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "tessera_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A JSON body: malformed JSON is 400, a wrong shape (unknown field, wrong type,
/// missing field) is 422 naming the field, a non-JSON content type is 415 and a body
/// over the limit is 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBytes(bytes) = JsonBytes::from_request(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The raw bytes of a JSON body (content type and size checked), for handlers that
/// also need the exact bytes (idempotency fingerprints).
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v.eq_ignore_ascii_case("application/json") || v.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "expected Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "the request body is too large",
                )
            } else {
                ApiError::bad_request(format!("could not read the request body: {rejection}"))
            }
        })?;
        Ok(JsonBytes(bytes))
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        json_error(err.into_inner(), &path)
    })?;
    // Trailing bytes after the value make the body malformed.
    de.end().map_err(|e| json_error(e, "."))?;
    Ok(value)
}

fn json_error(inner: serde_json::Error, path: &str) -> ApiError {
    match inner.classify() {
        serde_json::error::Category::Data => {
            let message = strip_position(&inner.to_string());
            let at_root = path == "." || path.is_empty();
            let field = match field_from_message(&message) {
                Some(name) if at_root => name,
                // Unknown fields already end the path; missing ones do not.
                Some(name) if path == name || path.ends_with(&format!(".{name}")) => {
                    path.to_owned()
                }
                Some(name) => format!("{path}.{name}"),
                None if at_root => "body".to_owned(),
                None => path.to_owned(),
            };
            ApiError::validation(field, message)
        }
        _ => ApiError::bad_request(format!("malformed JSON: {inner}")),
    }
}

/// serde names unknown and missing fields in backticks: "unknown field `x`, …".
fn field_from_message(message: &str) -> Option<String> {
    if !(message.starts_with("unknown field") || message.starts_with("missing field")) {
        return None;
    }
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A query string: unknown parameters and bad values are 422 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|err| {
                let message = err.inner().to_string();
                let field = field_from_message(&message).unwrap_or_else(|| err.path().to_string());
                ApiError::validation(field, message)
            })
    }
}

/// The authenticated caller: a bearer API token, or a session cookie (then unsafe
/// methods must carry the session's CSRF token in `X-CSRF-Token`).
pub struct Auth {
    pub actor: Actor,
    pub user: User,
    /// The session's CSRF token when authenticated by cookie.
    pub csrf_token: Option<String>,
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| {
                    v.strip_prefix("Bearer ")
                        .or_else(|| v.strip_prefix("bearer "))
                })
                .map(str::trim)
                .ok_or_else(ApiError::unauthenticated)?;
            let user = state
                .service
                .authenticate_token(token)
                .await
                .map_err(auth_error)?;
            return Ok(Auth {
                actor: Actor::from_user(&user),
                user,
                csrf_token: None,
            });
        }
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(ApiError::unauthenticated());
        };
        let (session, user) = state
            .service
            .authenticate_session(&secret)
            .await
            .map_err(auth_error)?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if !sent.is_some_and(|t| constant_time_eq(t.as_bytes(), session.csrf_token.as_bytes()))
            {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf_failed",
                    "missing or wrong X-CSRF-Token for a cookie-authenticated request",
                ));
            }
        }
        Ok(Auth {
            actor: Actor::from_user(&user),
            user,
            csrf_token: Some(session.csrf_token),
        })
    }
}

fn auth_error(e: ServiceError) -> ApiError {
    match e {
        ServiceError::Unauthenticated => ApiError::unauthenticated(),
        other => other.into(),
    }
}

pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        subject: String,
        impact: Option<i64>,
    }

    #[test]
    fn malformed_json_is_bad_request() {
        let err = parse_json::<Body>(b"{\"subject\": ").unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn unknown_and_missing_fields_are_named() {
        let err = parse_json::<Body>(br#"{"subject":"a","colour":"red"}"#).unwrap_err();
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.details[0].field, "colour");
        let err = parse_json::<Body>(br#"{}"#).unwrap_err();
        assert_eq!(err.details[0].field, "subject");
        let err = parse_json::<Body>(br#"{"subject":"a","impact":"high"}"#).unwrap_err();
        assert_eq!(err.details[0].field, "impact");
    }
}
