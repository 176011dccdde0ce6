//! What every page shares: the layout data ([`Chrome`]), the error type that
//! turns into a redirect or an error page, and small helpers.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use tessera_service::ServiceError;
use tessera_service::policy::{self, Action};
use tessera_store::StoreError;

use super::assets;
use super::i18n::{Lang, Tr};
use super::session::{Guest, Viewer};

/// Shown where no instance settings were read (error pages).
const DEFAULT_INSTANCE_NAME: &str = "Tessera";

/// The signed-in user as the header shows them.
pub struct ChromeUser {
    pub name: String,
    pub initials: String,
    pub manager: bool,
    /// May change instance settings (the admin tab is shown only then).
    pub admin: bool,
}

/// Layout data of every page.
pub struct Chrome {
    pub t: Tr,
    pub csrf: String,
    pub user: Option<ChromeUser>,
    /// Which top-level section is active: `tickets`, `admin`, `settings`, `portal`.
    pub section: &'static str,
    /// The instance's name from its settings: header and page titles.
    pub instance: String,
    pub css: &'static str,
    pub js: &'static str,
    /// The search box's current text.
    pub search: String,
    pub langs: Vec<LangChoice>,
    /// Unread notifications for the header's bell; `None` when the page did not
    /// read them (the script then fetches the bell once).
    pub unread: Option<u64>,
}

pub struct LangChoice {
    pub code: &'static str,
    pub name: &'static str,
    pub current: bool,
}

impl Chrome {
    pub fn for_viewer(viewer: &Viewer, section: &'static str) -> Chrome {
        let mut chrome = Chrome::guest(viewer.tr.clone(), section);
        chrome.csrf.clone_from(&viewer.csrf);
        chrome.instance.clone_from(&viewer.instance);
        chrome.user = Some(ChromeUser {
            name: viewer.user.name.clone(),
            initials: initials(&viewer.user.name),
            manager: viewer.is_manager(),
            admin: policy::allows(viewer.actor.role, Action::ManageSettings),
        });
        chrome
    }

    /// A sign-in or sign-up page.
    pub fn for_guest(guest: &Guest, section: &'static str) -> Chrome {
        let mut chrome = Chrome::guest(guest.tr.clone(), section);
        chrome.instance.clone_from(&guest.instance);
        chrome
    }

    pub fn guest(t: Tr, section: &'static str) -> Chrome {
        let langs = Lang::ALL
            .into_iter()
            .map(|l| LangChoice {
                code: l.code(),
                name: l.endonym(),
                current: l == t.lang,
            })
            .collect();
        Chrome {
            t,
            csrf: String::new(),
            user: None,
            section,
            instance: DEFAULT_INSTANCE_NAME.to_owned(),
            css: assets::url("app.css"),
            js: assets::url("app.js"),
            search: String::new(),
            langs,
            unread: None,
        }
    }

    /// The same chrome with the viewer's unread notification count read, for
    /// pages that can afford one more small query. A failed read leaves the
    /// count unknown rather than failing the page.
    pub async fn with_unread(
        mut self,
        service: &tessera_service::Service,
        viewer: &Viewer,
    ) -> Chrome {
        if viewer.user.role.is_staff() {
            self.unread = service.unread_notification_count(&viewer.actor).await.ok();
        }
        self
    }

    pub fn unread_count(&self) -> i64 {
        self.unread
            .map_or(0, |n| i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// The count as the bell shows it (`99+` beyond two digits).
    pub fn unread_label(&self) -> String {
        match self.unread {
            Some(n) if n > 99 => "99+".to_owned(),
            Some(n) => n.to_string(),
            None => String::new(),
        }
    }

    pub fn lang(&self) -> &'static str {
        self.t.lang.code()
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    title: String,
    message: String,
    back: String,
}

/// Why a UI request did not produce its page.
#[derive(Debug)]
pub enum UiError {
    /// No session: go to the staff or portal sign-in page.
    SignIn {
        portal: bool,
    },
    /// Go elsewhere (e.g. a customer asking for the workspace).
    Redirect(String),
    Forbidden(Tr),
    NotFound(Tr),
    /// A form arrived without the session's CSRF token.
    Csrf(Tr),
    /// The input was refused; `message` says why, `back` is where to retry.
    Invalid {
        tr: Tr,
        message: String,
        back: String,
    },
    Unavailable(Tr),
    Internal(Tr),
}

impl UiError {
    /// A service error in the viewer's language; `back` is where the form was.
    pub fn service(e: ServiceError, tr: &Tr, back: &str) -> UiError {
        let tr = tr.clone();
        match e {
            ServiceError::Unauthenticated => UiError::SignIn { portal: false },
            ServiceError::Forbidden(_) => UiError::Forbidden(tr),
            ServiceError::NotFound(_) => UiError::NotFound(tr),
            ServiceError::Invalid { .. } | ServiceError::Conflict { .. } => UiError::Invalid {
                message: e.to_string(),
                back: back.to_owned(),
                tr,
            },
            ServiceError::Store(StoreError::Unavailable(cause)) => {
                tracing::error!(%cause, "store unavailable");
                UiError::Unavailable(tr)
            }
            ServiceError::Store(cause) => {
                tracing::error!(%cause, "store error");
                UiError::Internal(tr)
            }
        }
    }
}

fn english() -> Tr {
    Tr::new(Lang::En, TimeZone::UTC)
}

impl From<ServiceError> for UiError {
    fn from(e: ServiceError) -> Self {
        UiError::service(e, &english(), "/")
    }
}

/// `result.ui(&tr, back)`: service errors as localized UI errors.
pub trait UiResultExt<T> {
    fn ui(self, tr: &Tr, back: &str) -> Result<T, UiError>;
}

impl<T> UiResultExt<T> for Result<T, ServiceError> {
    fn ui(self, tr: &Tr, back: &str) -> Result<T, UiError> {
        self.map_err(|e| UiError::service(e, tr, back))
    }
}

pub type UiResult<T> = Result<T, UiError>;

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let (status, tr, title_key, message, back) = match self {
            UiError::SignIn { portal } => {
                let to = if portal { "/portal/login" } else { "/login" };
                return Redirect::to(to).into_response();
            }
            UiError::Redirect(to) => return Redirect::to(&to).into_response(),
            UiError::Forbidden(tr) => {
                let m = tr.get("error-forbidden-text");
                (
                    StatusCode::FORBIDDEN,
                    tr,
                    "error-forbidden",
                    m,
                    "/".to_owned(),
                )
            }
            UiError::NotFound(tr) => {
                let m = tr.get("error-not-found-text");
                (
                    StatusCode::NOT_FOUND,
                    tr,
                    "error-not-found",
                    m,
                    "/".to_owned(),
                )
            }
            UiError::Csrf(tr) => {
                let m = tr.get("error-csrf-text");
                (StatusCode::FORBIDDEN, tr, "error-csrf", m, "/".to_owned())
            }
            UiError::Invalid { tr, message, back } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                tr,
                "error-invalid",
                message,
                back,
            ),
            UiError::Unavailable(tr) => {
                let m = tr.get("error-unavailable-text");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    tr,
                    "error-unavailable",
                    m,
                    "/".to_owned(),
                )
            }
            UiError::Internal(tr) => {
                let m = tr.get("error-internal-text");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    tr,
                    "error-internal",
                    m,
                    "/".to_owned(),
                )
            }
        };
        let page = ErrorPage {
            title: tr.get(title_key),
            c: Chrome::guest(tr, "error"),
            message,
            back,
        };
        (status, page).into_response()
    }
}

/// A `303 See Other` after a successful POST (post/redirect/get).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Only same-site relative paths are followed after a form (no open redirects).
pub fn safe_back(candidate: Option<&str>, fallback: &str) -> String {
    match candidate {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_owned(),
        _ => fallback.to_owned(),
    }
}
