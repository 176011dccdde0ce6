//! The durable job runner of `tessera serve`: which job kinds this binary runs
//! (the definitions are use cases of the service; this module only maps kinds to
//! them), their periodic schedules, and how the runner is wired: its settings,
//! and on PostgreSQL the `LISTEN`/`NOTIFY` wake-ups between nodes.
//!
//! Every node runs a runner; the store's claims with leases make each job run on
//! one node at a time, and the schedules' compare-and-set enqueues each periodic
//! occurrence once across nodes.

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use serde_json::Value;
use tessera_jobs::{
    JobError, PgNotifier, Registry, Runner, RunnerConfig, Schedules, Waker, handler_fn, pg_wakeups,
};
use tessera_service::sla::{SLA_RECOMPUTE_JOB, SLA_SWEEP_JOB};
use tessera_service::{MAIL_PROCESS_JOB, MailOutcome, Service, ServiceError};

use crate::config::{DatabaseUrl, JobsConfig, RelayConfig};
use crate::notify_mail;

/// How often the SLA sweep looks for warnings and breaches that fell due.
const SLA_SWEEP_EVERY: &str = "*/30 * * * * *";

/// The handlers of every job kind this binary runs.
///
/// `relay` is where `notify.email` sends; without one those jobs complete as
/// skipped (notifications stay in-app).
pub fn registry(service: &Service, relay: Option<&RelayConfig>) -> anyhow::Result<Registry> {
    let mut registry = Registry::new();
    registry.register(notify_mail::handler(relay).context("smtp_relay")?);
    registry.register(service_job(MAIL_PROCESS_JOB, service, process_mail));
    registry.register(service_job(
        SLA_RECOMPUTE_JOB,
        service,
        |service, now, _| async move {
            let report = service.run_sla_recompute(now).await.map_err(job_error)?;
            tracing::info!(?report, "SLA state recomputed");
            Ok(())
        },
    ));
    registry.register(service_job(
        SLA_SWEEP_JOB,
        service,
        |service, now, _| async move {
            let report = service.sla_sweep(now).await.map_err(job_error)?;
            tracing::debug!(?report, "SLA sweep");
            Ok(())
        },
    ));
    Ok(registry)
}

/// The periodic jobs every node keeps (each occurrence runs once across nodes).
pub fn schedules() -> Result<Schedules, tessera_jobs::ScheduleError> {
    let mut schedules = Schedules::new();
    // Warnings and breaches are announced within this interval of their time
    // (six fields, seconds first).
    schedules.add(
        SLA_SWEEP_JOB,
        SLA_SWEEP_EVERY,
        "UTC",
        SLA_SWEEP_JOB,
        serde_json::json!({}),
    )?;
    Ok(schedules)
}

/// A runner with this binary's job kinds and schedules, not yet running, and
/// the [`Waker`] enqueuers call after committing jobs (the SMTP listener does).
///
/// On PostgreSQL the waker also notifies the other nodes, and the runner listens
/// for theirs; if that listener cannot start, other nodes' jobs are still found
/// by polling (logged).
pub async fn runner(
    service: &Service,
    database: &DatabaseUrl,
    config: &JobsConfig,
    relay: Option<&RelayConfig>,
) -> anyhow::Result<(Runner, Waker)> {
    let runner_config = RunnerConfig {
        concurrency: config.concurrency,
        poll_interval: config.poll_interval,
        ..RunnerConfig::default()
    };
    let node = runner_config.worker_id.clone();
    let clock = Arc::new(jiff::Timestamp::now);
    let mut waker = Waker::new();
    let mut runner = Runner::new(service.store().clone(), clock, runner_config)
        .with_registry(registry(service, relay)?)
        .with_schedules(schedules().context("invalid job schedule")?);
    if let DatabaseUrl::Postgres(url) = database {
        let notifier = PgNotifier::start(url, &node).context("job wake-ups: bad database URL")?;
        waker = waker.with_peers(notifier);
        match pg_wakeups(url, &node).await {
            Ok(wakeups) => runner = runner.with_external_wakeups(wakeups),
            Err(error) => tracing::warn!(%error,
                "cannot LISTEN for other nodes' jobs; they are found by polling"),
        }
    }
    Ok((runner.with_waker(waker.clone()), waker))
}

/// A handler that runs a use case of the service with the runner's "now" and the
/// job's payload.
fn service_job<F, Fut>(
    kind: &'static str,
    service: &Service,
    run: F,
) -> impl tessera_jobs::JobHandler
where
    F: Fn(Service, jiff::Timestamp, Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), JobError>> + Send + 'static,
{
    let service = service.clone();
    handler_fn(kind, move |ctx, payload| {
        run(service.clone(), ctx.now(), payload)
    })
}

/// Whether a failed use case is worth another attempt: storage trouble and
/// concurrent changes pass; a bad payload or a missing record will not.
pub fn job_error(error: ServiceError) -> JobError {
    match error {
        ServiceError::Store(_) | ServiceError::Conflict { .. } => JobError::retry(error),
        ServiceError::Invalid { .. }
        | ServiceError::NotFound(_)
        | ServiceError::Forbidden(_)
        | ServiceError::Unauthenticated => JobError::permanent(error),
    }
}

/// `mail.process`: a stored raw message becomes a ticket or a comment, after
/// any earlier message still being processed. A message that cannot be processed
/// is marked failed on the message itself (for an admin to look at), which
/// completes the job.
async fn process_mail(
    service: Service,
    _now: jiff::Timestamp,
    payload: Value,
) -> Result<(), JobError> {
    if let Some(raw_message_id) = payload.get("raw_message_id").and_then(Value::as_i64) {
        crate::mail::wait_for_earlier_mail(service.store().as_ref(), raw_message_id).await;
    }
    match service.run_mail_process_job(&payload).await {
        Ok(MailOutcome::Failed { error }) => {
            tracing::warn!(%error, "inbound mail marked failed");
            Ok(())
        }
        Ok(outcome) => {
            tracing::debug!(?outcome, "inbound mail processed");
            Ok(())
        }
        Err(error) => Err(job_error(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tessera_store::StoreError;

    #[test]
    fn only_passing_failures_are_retried() {
        let retried = [
            ServiceError::Store(StoreError::Unavailable("down".into())),
            ServiceError::Conflict {
                code: "ticket_version",
                message: "changed".to_owned(),
            },
        ];
        for error in retried {
            assert!(matches!(job_error(error), JobError::Retry(_)));
        }
        let dead = [
            ServiceError::invalid("payload", "raw_message_id is missing"),
            ServiceError::NotFound("raw message"),
            ServiceError::forbidden("no"),
        ];
        for error in dead {
            assert!(matches!(job_error(error), JobError::Permanent(_)));
        }
    }

    #[tokio::test]
    async fn the_registry_runs_mail_intake_and_the_schedules_are_valid() {
        let dir = tempfile::tempdir().unwrap();
        let store = tessera_store_sqlite::open(
            &dir.path().join("jobs.db"),
            tessera_store_sqlite::SqliteOptions::default(),
        )
        .await
        .unwrap();
        let service = Service::new(
            Arc::new(store),
            Arc::new(tessera_service::SystemClock),
            tessera_service::ServiceConfig::default(),
        );
        let kinds = registry(&service, None).unwrap().kinds();
        for kind in [
            MAIL_PROCESS_JOB,
            SLA_RECOMPUTE_JOB,
            SLA_SWEEP_JOB,
            tessera_service::NOTIFY_EMAIL_JOB,
        ] {
            assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
        }
        assert!(schedules().is_ok());
    }
}
