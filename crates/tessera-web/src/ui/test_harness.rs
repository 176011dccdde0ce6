//! The router under test for the UI's handler tests: an app on a fresh SQLite
//! file, requests without a network, and signing in through `/login`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tessera_core::Role;
use tessera_service::{Service, ServiceConfig, SystemClock};
use tower::ServiceExt;

use crate::WebConfig;

pub(super) struct App {
    pub(super) router: Router,
    pub(super) service: Service,
    _dir: tempfile::TempDir,
}

pub(super) async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = tessera_store_sqlite::open(&dir.path().join("t.db"), Default::default())
        .await
        .unwrap();
    let service = Service::new(
        Arc::new(store),
        Arc::new(SystemClock),
        ServiceConfig::default(),
    );
    let metrics = metrics_exporter_prometheus::PrometheusBuilder::new()
        .build_recorder()
        .handle();
    let config = WebConfig {
        secure_cookies: false,
        ..WebConfig::default()
    };
    App {
        router: crate::router(service.clone(), metrics, config),
        service,
        _dir: dir,
    }
}

pub(super) struct Reply {
    pub(super) status: StatusCode,
    pub(super) location: Option<String>,
    pub(super) cookie: Option<String>,
    pub(super) csp: Option<String>,
    pub(super) body: String,
}

pub(super) async fn send(app: &App, req: Request<Body>) -> Reply {
    let res = app.router.clone().oneshot(req).await.unwrap();
    let h = res.headers();
    let location = h
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let cookie = h
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_owned());
    let csp = h
        .get(header::CONTENT_SECURITY_POLICY)
        .map(|v| v.to_str().unwrap().to_owned());
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .unwrap();
    Reply {
        status,
        location,
        cookie,
        csp,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub(super) fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

pub(super) fn post(path: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap()
}

pub(super) fn csrf_of(html: &str) -> String {
    let start = html.find("data-csrf=\"").unwrap() + "data-csrf=\"".len();
    let len = html[start..].find('"').unwrap();
    html[start..start + len].to_owned()
}

/// Creates a user with a password and signs in through `/login`; returns the
/// cookie header value and the CSRF token.
pub(super) async fn sign_in(app: &App, email: &str, role: Role) -> (String, String) {
    app.service
        .admin_create_token(email, "t", role)
        .await
        .unwrap();
    app.service
        .admin_set_password(email, "password123")
        .await
        .unwrap();
    let reply = send(
        app,
        post("/login", "", &format!("email={email}&password=password123")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let set = reply.cookie.expect("session cookie");
    let cookie = set.split(';').next().unwrap().to_owned();
    let home = if role == Role::Customer {
        "/portal"
    } else {
        "/tickets"
    };
    assert_eq!(reply.location.as_deref(), Some(home));
    let page = send(app, get(home, &cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = csrf_of(&page.body);
    (cookie, csrf)
}

/// A form post from `(name, value)` pairs, encoded.
pub(super) fn post_pairs(path: &str, cookie: &str, form: &[(&str, &str)]) -> Request<Body> {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    post(path, cookie, &body)
}
