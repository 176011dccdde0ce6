//! Form bodies: URL-encoded or multipart, checked against the session's CSRF token
//! before a handler sees them.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use tessera_store::NewAttachment;

use super::i18n::{Lang, Tr};
use super::page::UiError;
use super::session::CsrfToken;
use crate::extract::constant_time_eq;

/// The hidden field every state-changing form carries.
pub const CSRF_FIELD: &str = "csrf";

/// Name/value pairs of a form, in order; a name may repeat (checkboxes).
#[derive(Debug, Default, Clone)]
pub struct FormData {
    pairs: Vec<(String, String)>,
}

impl FormData {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> FormData {
        FormData { pairs }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed value, `None` when missing or blank.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Fields named `prefix` + key, as (key, value), in form order.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.pairs
            .iter()
            .filter_map(move |(k, v)| Some((k.strip_prefix(prefix)?, v.as_str())))
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some("1" | "on" | "true"))
    }
}

fn rejection_tr() -> Tr {
    Tr::new(Lang::En, jiff::tz::TimeZone::UTC)
}

fn check_csrf(expected: Option<&CsrfToken>, form: &FormData) -> Result<(), UiError> {
    let sent = form.get(CSRF_FIELD).unwrap_or("");
    match expected {
        Some(CsrfToken(token, _)) if constant_time_eq(sent.as_bytes(), token.as_bytes()) => Ok(()),
        Some(CsrfToken(_, tr)) => Err(UiError::Csrf(tr.clone())),
        None => Err(UiError::Csrf(rejection_tr())),
    }
}

/// A URL-encoded form whose `csrf` field matched the session. Must follow a
/// session extractor (`Viewer`, `Staff`, …) in the handler's arguments.
pub struct CsrfForm(pub FormData);

impl<S: Send + Sync> FromRequest<S> for CsrfForm {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, UiError> {
        let expected = req.extensions().get::<CsrfToken>().cloned();
        let form = read_urlencoded(req, state).await?;
        check_csrf(expected.as_ref(), &form)?;
        Ok(CsrfForm(form))
    }
}

async fn read_urlencoded<S: Send + Sync>(req: Request, state: &S) -> Result<FormData, UiError> {
    let bytes = axum::body::Bytes::from_request(req, state)
        .await
        .map_err(|_| UiError::Internal(rejection_tr()))?;
    let pairs = form_urlencoded::parse(&bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Ok(FormData::from_pairs(pairs))
}

/// A sign-in or sign-up form: there is no session yet, so instead of a token the
/// browser's `Origin` (sent with every POST by current browsers) must be this site.
pub struct GuestForm(pub FormData);

impl<S: Send + Sync> FromRequest<S> for GuestForm {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, UiError> {
        let headers = req.headers();
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        if let (Some(origin), Some(host)) = (origin, host) {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            if origin_host != host {
                return Err(UiError::Csrf(rejection_tr()));
            }
        }
        Ok(GuestForm(read_urlencoded(req, state).await?))
    }
}

/// A multipart form (text fields and files) whose `csrf` field matched.
pub struct CsrfMultipart {
    pub form: FormData,
    pub files: Vec<NewAttachment>,
}

impl<S: Send + Sync> FromRequest<S> for CsrfMultipart {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, UiError> {
        let expected = req.extensions().get::<CsrfToken>().cloned();
        let is_multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !is_multipart {
            let form = read_urlencoded(req, state).await?;
            check_csrf(expected.as_ref(), &form)?;
            return Ok(CsrfMultipart {
                form,
                files: Vec::new(),
            });
        }
        let mut multipart = Multipart::from_request(req, state)
            .await
            .map_err(|_| UiError::Csrf(rejection_tr()))?;
        let mut pairs = Vec::new();
        let mut files = Vec::new();
        let too_large = || UiError::Invalid {
            tr: rejection_tr(),
            message: "the upload could not be read (too large?)".to_owned(),
            back: "/".to_owned(),
        };
        while let Some(field) = multipart.next_field().await.map_err(|_| too_large())? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(filename) => {
                    let content_type = field
                        .content_type()
                        .unwrap_or("application/octet-stream")
                        .to_owned();
                    let bytes = field.bytes().await.map_err(|_| too_large())?;
                    // An empty file input still sends a part with no name and no bytes.
                    if !filename.is_empty() && !bytes.is_empty() {
                        files.push(NewAttachment {
                            filename,
                            content_type,
                            bytes: bytes.to_vec(),
                        });
                    }
                }
                None => {
                    let value = field.text().await.map_err(|_| too_large())?;
                    pairs.push((name, value));
                }
            }
        }
        let form = FormData::from_pairs(pairs);
        check_csrf(expected.as_ref(), &form)?;
        Ok(CsrfMultipart { form, files })
    }
}
