//! Logs (tracing to stderr, so stdout stays clean for command output) and the
//! process-wide Prometheus recorder.

use std::io::IsTerminal;
use std::sync::OnceLock;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

use crate::config::{ConfigError, LogFormat};

/// Installs the log subscriber. The filter comes from `TESSERA_LOG`, else
/// `RUST_LOG`, else `default_filter`. Calling it twice is harmless (tests start
/// several servers in one process): the first subscriber stays.
pub fn init_logs(format: LogFormat, default_filter: &str) -> Result<(), ConfigError> {
    let filter = log_filter(default_filter)?;
    // Colours only for a person at a terminal, never into files or collectors.
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr);
    // `try_init` fails only when a subscriber is already set, which is fine.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    Ok(())
}

fn log_filter(default_filter: &str) -> Result<EnvFilter, ConfigError> {
    for var in ["TESSERA_LOG", "RUST_LOG"] {
        if let Ok(directives) = std::env::var(var) {
            if directives.trim().is_empty() {
                continue;
            }
            return EnvFilter::try_new(&directives).map_err(|e| {
                ConfigError::new(format!("{var}={directives:?} is not a log filter: {e}"))
            });
        }
    }
    EnvFilter::try_new(default_filter).map_err(|e| ConfigError::new(e.to_string()))
}

/// The handle of the process's Prometheus recorder, installed on first use.
///
/// A process has one global `metrics` recorder; every server started in it (one in
/// production, several in tests) shares it. If some other recorder was installed
/// first, `/metrics` still renders from a private recorder, just without the
/// values that went to the other one.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| match PrometheusBuilder::new().install_recorder() {
            Ok(handle) => handle,
            Err(e) => {
                tracing::warn!(error = %e, "could not install the Prometheus recorder");
                PrometheusBuilder::new().build_recorder().handle()
            }
        })
        .clone()
}
