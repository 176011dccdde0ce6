use std::sync::Arc;

use metrics_exporter_prometheus::PrometheusHandle;
use tessera_service::Service;

use crate::WebConfig;
use crate::login_limit::LoginLimiter;

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub service: Service,
    pub metrics: PrometheusHandle,
    pub config: Arc<WebConfig>,
    pub login_limiter: Arc<LoginLimiter>,
}
