//! Sign in and out (staff at `/login`, customers at `/portal/login`), customer
//! sign-up, and the personal settings page (language, time zone, password).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tessera_core::Role;
use tessera_service::{LoginOutcome, ServiceError, UpdateUser};

use super::forms::{CsrfForm, GuestForm};
use super::i18n::{Lang, Tr};
use super::page::{Chrome, UiError, UiResult, UiResultExt, see_other};
use super::session::{Guest, LANG_COOKIE, Viewer};
use super::views::Choice;
use crate::extract::{SESSION_COOKIE, cookie};
use crate::state::AppState;

/// Time zones offered on the settings page (any IANA name is accepted).
pub(super) const ZONES: &[&str] = &[
    "UTC",
    "Europe/London",
    "Europe/Warsaw",
    "Europe/Zagreb",
    "Europe/Berlin",
    "Europe/Athens",
    "Europe/Moscow",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
];

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    portal: bool,
    email: String,
    error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "signup.html")]
struct SignupPage {
    c: Chrome,
    name: String,
    email: String,
    error: Option<String>,
}

/// `/`: the workspace for staff, the portal for customers, else sign-in.
pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let role = match cookie(&headers, SESSION_COOKIE) {
        Some(secret) => state
            .service
            .authenticate_session(&secret)
            .await
            .ok()
            .map(|(_, u)| u.role),
        None => None,
    };
    match role {
        Some(Role::Customer) => see_other("/portal"),
        Some(_) => see_other("/tickets"),
        None => see_other("/login"),
    }
}

fn lang_cookie(guest: &Guest) -> Option<HeaderValue> {
    let lang = guest.chosen?;
    HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    ))
    .ok()
}

fn render_login(guest: &Guest, portal: bool, email: String, error: Option<String>) -> Response {
    let page = LoginPage {
        c: Chrome::for_guest(guest, if portal { "portal" } else { "login" }),
        portal,
        email,
        error,
    };
    let mut response = page.into_response();
    if let Some(v) = lang_cookie(guest) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

pub async fn login_page(guest: Guest) -> Response {
    render_login(&guest, false, String::new(), None)
}

pub async fn portal_login_page(guest: Guest) -> Response {
    render_login(&guest, true, String::new(), None)
}

pub async fn login(
    State(state): State<AppState>,
    guest: Guest,
    GuestForm(form): GuestForm,
) -> Response {
    sign_in(&state, &guest, form, false).await
}

pub async fn portal_login(
    State(state): State<AppState>,
    guest: Guest,
    GuestForm(form): GuestForm,
) -> Response {
    sign_in(&state, &guest, form, true).await
}

async fn sign_in(
    state: &AppState,
    guest: &Guest,
    form: super::forms::FormData,
    portal: bool,
) -> Response {
    let email = form.text("email").unwrap_or_default();
    let password = form.get("password").unwrap_or_default();
    let tr = &guest.tr;
    if let Some(wait) = state.login_limiter.locked(&email) {
        let minutes = i64::try_from(wait.as_secs().div_ceil(60)).unwrap_or(15);
        let message = tr.count("login-locked", minutes);
        return with_status(
            render_login(guest, portal, email, Some(message)),
            axum::http::StatusCode::TOO_MANY_REQUESTS,
        );
    }
    match state.service.login(&email, password).await {
        Ok(outcome) => {
            state.login_limiter.record_success(&email);
            let to = if outcome.user.role == Role::Customer {
                "/portal"
            } else {
                "/tickets"
            };
            signed_in(state, &outcome, to)
        }
        Err(ServiceError::Unauthenticated) => {
            state.login_limiter.record_failure(&email);
            with_status(
                render_login(guest, portal, email, Some(tr.get("login-failed"))),
                axum::http::StatusCode::UNAUTHORIZED,
            )
        }
        Err(e) => UiError::service(e, tr, "/login").into_response(),
    }
}

fn with_status(mut response: Response, status: axum::http::StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

fn session_cookie(state: &AppState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

fn signed_in(state: &AppState, outcome: &LoginOutcome, to: &str) -> Response {
    let max_age = outcome.session.expires_at.as_second() - outcome.session.created_at.as_second();
    let mut response = see_other(to);
    if let Some(v) = session_cookie(state, &outcome.session_secret, max_age) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm,
) -> UiResult<Response> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        state.service.logout(&secret).await.ui(&viewer.tr, "/")?;
    }
    let to = if viewer.user.role == Role::Customer {
        "/portal/login"
    } else {
        "/login"
    };
    let mut response = see_other(to);
    if let Some(v) = session_cookie(&state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn signup_page(guest: Guest) -> Response {
    let page = SignupPage {
        c: Chrome::for_guest(&guest, "portal"),
        name: String::new(),
        email: String::new(),
        error: None,
    };
    let mut response = page.into_response();
    if let Some(v) = lang_cookie(&guest) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

pub async fn signup(
    State(state): State<AppState>,
    guest: Guest,
    GuestForm(form): GuestForm,
) -> Response {
    let name = form.text("name").unwrap_or_default();
    let email = form.text("email").unwrap_or_default();
    let password = form.get("password").unwrap_or_default().to_owned();
    let tr = &guest.tr;
    let refuse = |message: String| {
        let page = SignupPage {
            c: Chrome::for_guest(&guest, "portal"),
            name: name.clone(),
            email: email.clone(),
            error: Some(message),
        };
        with_status(
            page.into_response(),
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    if form.get("password2").unwrap_or_default() != password {
        return refuse(tr.get("signup-password-mismatch"));
    }
    match state.service.sign_up(&name, &email, &password).await {
        Ok(_) => {}
        Err(ServiceError::Conflict { .. }) => return refuse(tr.get("signup-email-taken")),
        Err(ServiceError::Invalid { field, message }) => {
            return refuse(format!("{}: {message}", tr.get(&format!("field-{field}"))));
        }
        Err(e) => return UiError::service(e, tr, "/portal/signup").into_response(),
    }
    match state.service.login(&email, &password).await {
        Ok(outcome) => signed_in(&state, &outcome, "/portal"),
        Err(e) => UiError::service(e, tr, "/portal/login").into_response(),
    }
}

// ----- personal settings ----------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
struct SettingsPage {
    c: Chrome,
    name: String,
    languages: Vec<Choice>,
    zones: Vec<Choice>,
    saved: bool,
}

pub async fn settings_page(
    viewer: Viewer,
    axum::extract::Query(q): axum::extract::Query<Vec<(String, String)>>,
) -> Response {
    render_settings(&viewer, q.iter().any(|(k, _)| k == "saved"))
}

fn render_settings(viewer: &Viewer, saved: bool) -> Response {
    let portal = viewer.user.role == Role::Customer;
    let time_zone = viewer.user.time_zone.as_deref().unwrap_or("UTC");
    let mut zones: Vec<Choice> = ZONES
        .iter()
        .map(|z| Choice::new(*z, *z, *z == time_zone))
        .collect();
    if !ZONES.contains(&time_zone) {
        // Keep the user's own zone selectable even when it is not in the short list.
        zones.push(Choice::new(time_zone, time_zone, true));
    }
    let preferred = viewer.user.language.as_deref().and_then(Lang::parse);
    let mut languages = vec![Choice::new(
        "",
        viewer.tr.get("language-auto"),
        preferred.is_none(),
    )];
    languages.extend(
        Lang::ALL
            .into_iter()
            .map(|l| Choice::new(l.code(), l.endonym(), preferred == Some(l))),
    );
    SettingsPage {
        c: Chrome::for_viewer(viewer, if portal { "portal" } else { "settings" }),
        name: viewer.user.name.clone(),
        languages,
        zones,
        saved,
    }
    .into_response()
}

pub async fn save_settings(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let language = form.text("language").and_then(|l| Lang::parse(&l));
    let update = UpdateUser {
        name: form.text("name"),
        language: Some(language.map(|l| l.code().to_owned())),
        time_zone: Some(form.text("time_zone").filter(|z| z != "UTC")),
        ..UpdateUser::default()
    };
    state
        .service
        .update_user(&viewer.actor, viewer.user.id, update)
        .await
        .ui(&viewer.tr, "/settings")?;
    Ok(see_other("/settings?saved=1"))
}

/// The language buttons of the user menu: saves the preference and returns to
/// the page the menu was opened on.
pub async fn set_language(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let language = form.text("language").and_then(|l| Lang::parse(&l));
    let update = UpdateUser {
        language: Some(language.map(|l| l.code().to_owned())),
        ..UpdateUser::default()
    };
    state
        .service
        .update_user(&viewer.actor, viewer.user.id, update)
        .await
        .ui(&viewer.tr, "/settings")?;
    Ok(see_other(
        &same_site_referer(&headers).unwrap_or_else(|| "/".to_owned()),
    ))
}

/// The path of a same-site `Referer` (the Referrer-Policy sends it only for
/// same-origin requests, but it is checked against `Host` all the same).
fn same_site_referer(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer.split_once("://")?.1.strip_prefix(host)?;
    rest.starts_with('/')
        .then(|| super::page::safe_back(Some(rest), "/"))
}

pub async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let tr: &Tr = &viewer.tr;
    if form.get("new_password") != form.get("new_password2") {
        return Err(UiError::Invalid {
            tr: tr.clone(),
            message: tr.get("signup-password-mismatch"),
            back: "/settings".to_owned(),
        });
    }
    state
        .service
        .change_password(
            &viewer.actor,
            form.get("current_password").unwrap_or_default(),
            form.get("new_password").unwrap_or_default(),
        )
        .await
        .ui(tr, "/settings")?;
    Ok(see_other("/settings?saved=1"))
}
