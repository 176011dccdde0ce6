//! Who is asking: the signed-in viewer (from the same `tessera_session` cookie as
//! the API), their language and time zone; or a guest on the sign-in pages.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use jiff::tz::TimeZone;
use tessera_core::Role;
use tessera_service::{Actor, InstanceSettings, ServiceError};
use tessera_store::User;

use super::i18n::{self, Lang, Tr};
use super::page::UiError;
use crate::extract::{SESSION_COOKIE, cookie};
use crate::state::AppState;

/// Remembers a guest's language choice (`?lang=pl` on the sign-in pages).
pub const LANG_COOKIE: &str = "tessera_lang";

/// The CSRF token of the request's session (and the viewer's language, for the
/// refusal page), left in the request extensions by [`Viewer`] so that body
/// extractors can check the form field against it.
#[derive(Clone)]
pub struct CsrfToken(pub String, pub Tr);

/// A signed-in user of any role.
pub struct Viewer {
    pub actor: Actor,
    pub user: User,
    pub csrf: String,
    pub tr: Tr,
    /// The instance's name, for the header and page titles.
    pub instance: String,
}

impl Viewer {
    pub fn is_manager(&self) -> bool {
        matches!(self.user.role, Role::Admin | Role::Supervisor)
    }
}

/// Language for a request: the user's preference, then the guest cookie, then
/// the instance default, then `Accept-Language`, then English.
pub fn pick_lang(user_pref: Option<&str>, instance: Option<&str>, headers: &HeaderMap) -> Lang {
    user_pref
        .and_then(Lang::parse)
        .or_else(|| {
            cookie(headers, LANG_COOKIE)
                .as_deref()
                .and_then(Lang::parse)
        })
        .or_else(|| instance.and_then(Lang::parse))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(i18n::from_accept_language)
        })
        .unwrap_or(Lang::En)
}

/// The user's zone, else the instance's, else UTC.
fn zone(name: Option<&str>, instance: &str) -> TimeZone {
    name.and_then(|n| TimeZone::get(n).ok())
        .or_else(|| TimeZone::get(instance).ok())
        .unwrap_or(TimeZone::UTC)
}

/// The instance settings for this request. A failed read must not lock everyone
/// out, so it falls back to the defaults (and is logged).
async fn instance(state: &AppState) -> InstanceSettings {
    match state.service.instance_settings().await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "reading instance settings failed");
            InstanceSettings::default()
        }
    }
}

fn is_portal_path(path: &str) -> bool {
    path.starts_with("/portal")
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, UiError> {
        let path = parts.uri.path();
        let sign_in = || UiError::SignIn {
            portal: is_portal_path(path),
        };
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(sign_in());
        };
        let (session, user) = match state.service.authenticate_session(&secret).await {
            Ok(found) => found,
            Err(ServiceError::Unauthenticated) => return Err(sign_in()),
            Err(e) => return Err(e.into()),
        };
        let settings = instance(state).await;
        let lang = pick_lang(
            user.language.as_deref(),
            settings.default_language.as_deref(),
            &parts.headers,
        );
        let tr = Tr::new(
            lang,
            zone(user.time_zone.as_deref(), &settings.default_time_zone),
        );
        parts
            .extensions
            .insert(CsrfToken(session.csrf_token.clone(), tr.clone()));
        Ok(Viewer {
            actor: Actor::from_user(&user),
            user,
            csrf: session.csrf_token,
            tr,
            instance: settings.instance_name,
        })
    }
}

/// A signed-in staff member (agents and up); customers are sent to the portal.
pub struct Staff(pub Viewer);

impl FromRequestParts<AppState> for Staff {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, UiError> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        if viewer.user.role.is_staff() {
            Ok(Staff(viewer))
        } else {
            Err(UiError::Redirect("/portal".to_owned()))
        }
    }
}

/// A signed-in customer; staff are sent to the workspace.
pub struct Customer(pub Viewer);

impl FromRequestParts<AppState> for Customer {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, UiError> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        if viewer.user.role == Role::Customer {
            Ok(Customer(viewer))
        } else {
            Err(UiError::Redirect("/tickets".to_owned()))
        }
    }
}

/// An administrator or supervisor (the admin pages). Finer rules (who may manage
/// whom) are the service's policy.
pub struct Manager(pub Viewer);

impl FromRequestParts<AppState> for Manager {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, UiError> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        if viewer.is_manager() {
            Ok(Manager(viewer))
        } else {
            Err(UiError::Forbidden(viewer.tr))
        }
    }
}

/// A visitor of the sign-in pages: a language (times in the instance's zone).
pub struct Guest {
    pub tr: Tr,
    pub instance: String,
    /// Set when `?lang=` chose a language that should be remembered.
    pub chosen: Option<Lang>,
}

impl FromRequestParts<AppState> for Guest {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let settings = instance(state).await;
        let chosen = parts.uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| Lang::parse(&v))
        });
        let lang = chosen.unwrap_or_else(|| {
            pick_lang(None, settings.default_language.as_deref(), &parts.headers)
        });
        Ok(Guest {
            tr: Tr::new(lang, zone(None, &settings.default_time_zone)),
            instance: settings.instance_name,
            chosen,
        })
    }
}
