//! `Runner::run`: waking, sleeping until due, graceful and bounded shutdown.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use jiff::Timestamp;
use serde_json::{Value, json};
use tessera_jobs::{JobContext, JobError, JobHandler, Runner, RunnerConfig};
use tessera_store::JobStatus;
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::common::*;

on_both_backends!(
    a_wake_makes_an_idle_runner_claim_at_once,
    an_idle_runner_sleeps_until_the_next_job_is_due,
    external_wakeups_are_heard,
    shutdown_lets_running_jobs_finish,
    shutdown_releases_jobs_that_outlast_its_timeout,
);

/// Polls so rarely that only a wake-up (or a due time) can explain a prompt run.
fn sleepy(worker: &str) -> RunnerConfig {
    RunnerConfig {
        poll_interval: Duration::from_secs(3600),
        ..config(worker)
    }
}

fn start(runner: Runner) -> (oneshot::Sender<()>, JoinHandle<()>) {
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(runner.run(async {
        let _ = stopped.await;
    }));
    (stop, task)
}

async fn stop(stop: oneshot::Sender<()>, task: JoinHandle<()>) {
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("the runner stops within 10 s")
        .unwrap();
}

async fn a_wake_makes_an_idle_runner_claim_at_once(backend: Backend) {
    let mut runner = Runner::new(backend.store.clone(), system_clock(), sleepy("w1"));
    let (handler, runs) = Scripted::new("greet", []);
    runner.register(handler);
    let waker = runner.waker();
    let (stop_tx, task) = start(runner);

    // The first job shows the loop is up (it may be found by the first claim).
    enqueue(&backend.store, "greet", json!(1), Timestamp::now()).await;
    waker.wake();
    runs.wait_for(1).await;

    // The runner is idle now, until the next poll in an hour: only the wake helps.
    let started = Instant::now();
    enqueue(&backend.store, "greet", json!(2), Timestamp::now()).await;
    waker.wake();
    runs.wait_for(2).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    stop(stop_tx, task).await;
}

async fn an_idle_runner_sleeps_until_the_next_job_is_due(backend: Backend) {
    let mut runner = Runner::new(backend.store.clone(), system_clock(), sleepy("w1"));
    let (handler, runs) = Scripted::new("remind", []);
    runner.register(handler);
    let waker = runner.waker();
    let (stop_tx, task) = start(runner);

    let due = Timestamp::now() + std::time::Duration::from_millis(300);
    enqueue(&backend.store, "remind", json!({}), due).await;
    waker.wake();
    runs.wait_for(1).await;
    let run = &runs.all()[0];
    assert!(
        run.at >= due,
        "ran at {} before it was due at {due}",
        run.at
    );
    stop(stop_tx, task).await;
}

async fn external_wakeups_are_heard(backend: Backend) {
    let (notify, notifications) = mpsc::unbounded_channel::<()>();
    let wakeups = futures_util::stream::unfold(notifications, |mut rx| async move {
        rx.recv().await.map(|()| ((), rx))
    });
    let mut runner = Runner::new(backend.store.clone(), system_clock(), sleepy("w1"))
        .with_external_wakeups(wakeups);
    let (handler, runs) = Scripted::new("greet", []);
    runner.register(handler);
    let (stop_tx, task) = start(runner);

    // As if another node enqueued and its NOTIFY arrived.
    let other_node = backend.node().await;
    enqueue(&other_node, "greet", json!({}), Timestamp::now()).await;
    notify.send(()).unwrap();
    runs.wait_for(1).await;
    stop(stop_tx, task).await;
}

/// Holds every run until the test opens the gate.
struct Gated {
    runs: Arc<Runs>,
    gate: Arc<Semaphore>,
}

#[async_trait]
impl JobHandler for Gated {
    fn kind(&self) -> &'static str {
        "gated"
    }

    async fn run(&self, ctx: &JobContext, payload: Value) -> Result<(), JobError> {
        self.runs.record(ctx, &payload);
        let _permit = self.gate.acquire().await.map_err(JobError::retry)?;
        Ok(())
    }
}

fn gated(backend: &Backend, shutdown_timeout: Duration) -> (Runner, Arc<Runs>, Arc<Semaphore>) {
    let config = RunnerConfig {
        shutdown_timeout,
        ..config("w1")
    };
    let mut runner = Runner::new(backend.store.clone(), system_clock(), config);
    let runs = Runs::new();
    let gate = Arc::new(Semaphore::new(0));
    runner.register(Gated {
        runs: runs.clone(),
        gate: gate.clone(),
    });
    (runner, runs, gate)
}

async fn shutdown_lets_running_jobs_finish(backend: Backend) {
    let (runner, runs, gate) = gated(&backend, Duration::from_secs(10));
    let id = enqueue(&backend.store, "gated", json!({}), Timestamp::now()).await;
    let (stop_tx, task) = start(runner);
    runs.wait_for(1).await;

    stop_tx.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!task.is_finished(), "shutdown waits for the running job");
    gate.add_permits(1);
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job(&backend.store, id).await.status, JobStatus::Done);
}

async fn shutdown_releases_jobs_that_outlast_its_timeout(backend: Backend) {
    let (runner, runs, _gate) = gated(&backend, Duration::from_millis(200));
    let id = enqueue(&backend.store, "gated", json!({}), Timestamp::now()).await;
    let (stop_tx, task) = start(runner);
    runs.wait_for(1).await;

    let stopping = Instant::now();
    stop(stop_tx, task).await;
    assert!(stopping.elapsed() < Duration::from_secs(5));
    // Released: due again at once, not after its lease, the attempt counted.
    let released = job(&backend.store, id).await;
    assert_eq!(released.status, JobStatus::Queued);
    assert_eq!(released.locked_by, None);
    assert_eq!(released.attempts, 1);
    assert!(
        released
            .last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("interrupted")),
        "{released:?}"
    );
    assert!(released.run_at <= Timestamp::now());
}
