//! The runner's metrics, read back through the Prometheus exporter `/metrics` uses.
//! One test only: it installs the process-wide recorder.

use metrics_exporter_prometheus::PrometheusBuilder;
use serde_json::json;
use tessera_jobs::{JOB_DURATION_SECONDS, JOBS_QUEUE_DEPTH, JOBS_RUN_TOTAL, JobError, Runner};

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attempts_and_queue_depth_are_measured() {
    let recorder = PrometheusBuilder::new().install_recorder().unwrap();
    let backend = Backend::sqlite().await;
    let clock = TestClock::at("2026-03-02T09:00:00Z");
    let mut runner = Runner::new(backend.store.clone(), clock.clock(), config("w1"));
    let (ok, _) = Scripted::new("metered_ok", []);
    let (flaky, _) = Scripted::new("metered_flaky", [Err(JobError::retry("later"))]);
    runner.register(ok).register(flaky);
    for kind in ["metered_ok", "metered_ok", "metered_flaky"] {
        enqueue(&backend.store, kind, json!({}), clock.now()).await;
    }
    assert_eq!(runner.run_pending().await, 3);
    runner.refresh_queue_gauges().await.unwrap();

    let text = recorder.render();
    let line = |name: &str, labels: &[&str]| {
        text.lines()
            .find(|l| l.starts_with(name) && labels.iter().all(|label| l.contains(label)))
            .unwrap_or_else(|| panic!("no {name} {labels:?} in:\n{text}"))
            .to_owned()
    };
    let value = |line: String| line.rsplit(' ').next().unwrap().to_owned();
    let run_total = |kind: &str, outcome: &str| {
        let kind = format!("kind=\"{kind}\"");
        let outcome = format!("outcome=\"{outcome}\"");
        value(line(&format!("{JOBS_RUN_TOTAL}{{"), &[&kind, &outcome]))
    };
    assert_eq!(run_total("metered_ok", "done"), "2");
    assert_eq!(run_total("metered_flaky", "retry"), "1");
    let count = value(line(
        &format!("{JOB_DURATION_SECONDS}_count{{"),
        &["kind=\"metered_ok\""],
    ));
    assert_eq!(count, "2");
    let depth = |kind: &str, status: &str| {
        let kind = format!("kind=\"{kind}\"");
        let status = format!("status=\"{status}\"");
        value(line(&format!("{JOBS_QUEUE_DEPTH}{{"), &[&kind, &status]))
    };
    assert_eq!(depth("metered_ok", "done"), "2");
    assert_eq!(depth("metered_ok", "queued"), "0");
    assert_eq!(depth("metered_flaky", "queued"), "1");
    assert_eq!(depth("metered_flaky", "dead"), "0");
}
