//! Tessera's HTTP edge: the JSON API under `/api/v1`, health and metrics endpoints,
//! the one error type that becomes HTTP responses, and authentication extractors.
//! Only this crate knows HTTP, JSON wire shapes and cookies.

pub mod api;
pub mod error;
pub mod extract;
mod login_limit;
mod ops;
mod shutdown;
pub mod state;
pub mod ui;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::PrometheusHandle;
use tessera_service::Service;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use crate::shutdown::ShutdownSignal;
pub use crate::ui::live::{PeerViewer, Presence};

use crate::error::ApiError;
use crate::state::AppState;

/// Web-layer settings from configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (on unless explicitly serving plain HTTP in development).
    pub secure_cookies: bool,
    /// Largest accepted JSON body, in bytes (larger: 413).
    pub max_body_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: true,
            max_body_bytes: 10 * 1024 * 1024,
        }
    }
}

/// The whole HTTP application. `metrics` renders `/metrics`; the binary installs
/// the Prometheus recorder once per process and passes its handle.
pub fn router(service: Service, metrics: PrometheusHandle, config: WebConfig) -> Router {
    router_with_shutdown(service, metrics, config, ShutdownSignal::new())
}

/// Like [`router`]; triggering `shutdown` ends the live event streams so that a
/// graceful shutdown does not wait for them.
pub fn router_with_shutdown(
    service: Service,
    metrics: PrometheusHandle,
    config: WebConfig,
    shutdown: ShutdownSignal,
) -> Router {
    router_with_live(service, metrics, config, shutdown, Arc::default())
}

/// Like [`router_with_shutdown`], with the presence registry given: the binary
/// shares it with the other nodes of a PostgreSQL cluster.
pub fn router_with_live(
    service: Service,
    metrics: PrometheusHandle,
    config: WebConfig,
    shutdown: ShutdownSignal,
    presence: Arc<Presence>,
) -> Router {
    let max_body = config.max_body_bytes;
    let state = AppState {
        service,
        metrics,
        config: Arc::new(config),
        login_limiter: Arc::default(),
    };
    let (api, openapi) = api::router().split_for_parts();
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(api)
        .merge(ui::router(shutdown, presence))
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = Arc::clone(&openapi);
                async move { Json(doc.as_ref().clone()) }
            }),
        )
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(ops::record_metrics))
        .layer(DefaultBodyLimit::max(max_body))
        // gzip or brotli by Accept-Encoding; the default predicate skips tiny
        // bodies, images and event streams (which must flush each event).
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::custom(
            |_panic: Box<dyn std::any::Any + Send>| {
                tracing::error!("a request handler panicked");
                ApiError::internal().into_response()
            },
        ))
        .with_state(state)
}

async fn not_found() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint").into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method not allowed on this endpoint",
    )
    .into_response()
}
