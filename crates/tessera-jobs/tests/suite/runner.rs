//! One job's life, driven by `run_pending` and a controllable clock.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Value, json};
use tessera_jobs::{JobContext, JobError, JobHandler, Runner};
use tessera_store::{JobStatus, NewJob, Store};

use crate::common::*;

on_both_backends!(
    a_handler_that_succeeds_completes_its_job,
    a_retry_waits_for_its_back_off_then_succeeds,
    a_permanent_error_kills_the_job_and_keeps_the_error,
    an_unknown_kind_is_dead_at_once,
    running_out_of_attempts_kills_the_job,
    a_job_whose_worker_died_on_its_last_attempt_is_dead,
    a_panicking_handler_fails_its_attempt,
    run_pending_drains_everything_due,
);

const T0: &str = "2026-03-02T09:00:00Z";

fn runner(backend: &Backend, clock: &TestClock) -> Runner {
    Runner::new(backend.store.clone(), clock.clock(), config("w1"))
}

async fn a_handler_that_succeeds_completes_its_job(backend: Backend) {
    let clock = TestClock::at(T0);
    let mut runner = runner(&backend, &clock);
    let (handler, runs) = Scripted::new("greet", []);
    runner.register(handler);
    let id = enqueue(&backend.store, "greet", json!({"to": "Ana"}), clock.now()).await;

    assert_eq!(runner.run_pending().await, 1);

    let job = job(&backend.store, id).await;
    assert_eq!(job.status, JobStatus::Done);
    assert_eq!(job.attempts, 1);
    assert_eq!(job.finished_at, Some(clock.now()));
    assert_eq!(job.locked_by, None);
    let runs = runs.all();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].id, id);
    assert_eq!(runs[0].attempt, 1);
    assert_eq!(runs[0].worker, "w1");
    assert_eq!(runs[0].payload, json!({"to": "Ana"}));
    assert_eq!(runner.run_pending().await, 0);
}

async fn a_retry_waits_for_its_back_off_then_succeeds(backend: Backend) {
    let clock = TestClock::at(T0);
    let mut runner = runner(&backend, &clock);
    let (handler, runs) = Scripted::new(
        "send",
        [
            Err(JobError::retry("451 try later")),
            Err(JobError::retry("451 still busy")),
        ],
    );
    runner.register(handler);
    let id = enqueue(&backend.store, "send", json!({}), clock.now()).await;

    // Attempt 1 fails: back 10 s later (base * 2^0).
    assert_eq!(runner.run_pending().await, 1);
    let queued = job(&backend.store, id).await;
    assert_eq!(queued.status, JobStatus::Queued);
    assert_eq!(queued.run_at, ts(T0) + secs(10));
    assert_eq!(queued.last_error.as_deref(), Some("451 try later"));
    assert_eq!(runner.run_pending().await, 0, "not due yet");
    clock.advance(9);
    assert_eq!(runner.run_pending().await, 0, "not due yet");

    // Attempt 2 fails: back 20 s later (base * 2^1).
    clock.advance(1);
    assert_eq!(runner.run_pending().await, 1);
    assert_eq!(job(&backend.store, id).await.run_at, ts(T0) + secs(30));
    clock.advance(19);
    assert_eq!(runner.run_pending().await, 0, "not due yet");

    // Attempt 3 succeeds.
    clock.advance(1);
    assert_eq!(runner.run_pending().await, 1);
    let done = job(&backend.store, id).await;
    assert_eq!(done.status, JobStatus::Done);
    assert_eq!(done.attempts, 3);
    let at: Vec<_> = runs.all().iter().map(|r| (r.attempt, r.at)).collect();
    assert_eq!(
        at,
        [(1, ts(T0)), (2, ts(T0) + secs(10)), (3, ts(T0) + secs(30))]
    );
}

async fn a_permanent_error_kills_the_job_and_keeps_the_error(backend: Backend) {
    let clock = TestClock::at(T0);
    let mut runner = runner(&backend, &clock);
    let (handler, runs) = Scripted::new(
        "notify",
        [Err(JobError::permanent("ticket 42 no longer exists"))],
    );
    runner.register(handler);
    let id = enqueue(&backend.store, "notify", json!({"ticket": 42}), clock.now()).await;

    assert_eq!(runner.run_pending().await, 1);
    let dead = job(&backend.store, id).await;
    assert_eq!(dead.status, JobStatus::Dead);
    assert_eq!(dead.attempts, 1, "no retry after a permanent error");
    assert_eq!(
        dead.last_error.as_deref(),
        Some("ticket 42 no longer exists")
    );
    assert_eq!(dead.finished_at, Some(clock.now()));
    clock.advance(24 * 3600);
    assert_eq!(runner.run_pending().await, 0);
    assert_eq!(runs.len(), 1);
}

async fn an_unknown_kind_is_dead_at_once(backend: Backend) {
    let clock = TestClock::at(T0);
    let mut runner = runner(&backend, &clock);
    let (handler, runs) = Scripted::new("greet", []);
    runner.register(handler);
    let id = enqueue(&backend.store, "gret", json!({}), clock.now()).await;

    assert_eq!(runner.run_pending().await, 1);
    let dead = job(&backend.store, id).await;
    assert_eq!(dead.status, JobStatus::Dead);
    let error = dead.last_error.unwrap();
    assert!(error.contains("unknown job kind `gret`"), "{error}");
    assert_eq!(runs.len(), 0);
}

async fn running_out_of_attempts_kills_the_job(backend: Backend) {
    let clock = TestClock::at(T0);
    let mut runner = runner(&backend, &clock);
    let (handler, runs) = Scripted::new(
        "webhook",
        (1..=3).map(|n| Err(JobError::Retry(format!("502 from the receiver ({n})")))),
    );
    runner.register(handler);
    let id = enqueue_with(&backend.store, "webhook", json!({}), clock.now(), 3).await;

    for _ in 0..3 {
        assert_eq!(runner.run_pending().await, 1);
        clock.advance(3600);
    }
    let dead = job(&backend.store, id).await;
    assert_eq!(dead.status, JobStatus::Dead);
    assert_eq!(dead.attempts, 3);
    assert_eq!(
        dead.last_error.as_deref(),
        Some("502 from the receiver (3)")
    );
    let last: Vec<_> = runs.all().iter().map(|r| r.last).collect();
    assert_eq!(
        last,
        [false, false, true],
        "the handler knows its last attempt"
    );
    assert_eq!(runner.run_pending().await, 0);
}

async fn a_job_whose_worker_died_on_its_last_attempt_is_dead(backend: Backend) {
    let clock = TestClock::at(T0);
    let mut runner = runner(&backend, &clock);
    let (handler, runs) = Scripted::new("export", [Err(JobError::retry("disk full"))]);
    runner.register(handler);
    let id = enqueue_with(&backend.store, "export", json!({}), clock.now(), 2).await;

    // Attempt 1 fails here; attempt 2 is claimed by a worker that then dies.
    assert_eq!(runner.run_pending().await, 1);
    clock.advance(10);
    let ghost = backend
        .store
        .claim_jobs("ghost", 10, clock.now(), secs(30))
        .await
        .unwrap();
    assert_eq!(ghost.len(), 1);
    assert_eq!(
        runner.run_pending().await,
        0,
        "the ghost's lease still holds"
    );

    // Claimed again after the lease: attempt 3 of 2, so dead without running.
    clock.advance(31);
    assert_eq!(runner.run_pending().await, 1);
    let dead = job(&backend.store, id).await;
    assert_eq!(dead.status, JobStatus::Dead);
    assert_eq!(dead.attempts, 3);
    let error = dead.last_error.unwrap();
    assert!(error.starts_with("abandoned"), "{error}");
    assert!(
        error.contains("disk full"),
        "the earlier error is kept: {error}"
    );
    assert_eq!(runs.len(), 1);
}

struct Panics;

#[async_trait]
impl JobHandler for Panics {
    fn kind(&self) -> &'static str {
        "panics"
    }

    async fn run(&self, _: &JobContext, _: Value) -> Result<(), JobError> {
        panic!("index out of bounds (on purpose)");
    }
}

async fn a_panicking_handler_fails_its_attempt(backend: Backend) {
    let clock = TestClock::at(T0);
    let mut runner = runner(&backend, &clock);
    runner.register(Panics);
    let id = enqueue(&backend.store, "panics", json!({}), clock.now()).await;

    assert_eq!(runner.run_pending().await, 1);
    let failed = job(&backend.store, id).await;
    assert_eq!(failed.status, JobStatus::Queued, "retried like any failure");
    let error = failed.last_error.unwrap();
    assert!(
        error.contains("panicked") && error.contains("on purpose"),
        "{error}"
    );
}

/// Enqueues a `count` job due now: work that makes more work.
struct Chain {
    store: Arc<dyn Store>,
}

#[async_trait]
impl JobHandler for Chain {
    fn kind(&self) -> &'static str {
        "chain"
    }

    async fn run(&self, ctx: &JobContext, _: Value) -> Result<(), JobError> {
        let next = NewJob {
            kind: "count".to_owned(),
            payload: json!({"from": ctx.id}),
            run_at: ctx.now(),
            max_attempts: 1,
            dedupe_key: None,
        };
        self.store
            .enqueue_jobs(vec![next])
            .await
            .map_err(JobError::retry)?;
        Ok(())
    }
}

async fn run_pending_drains_everything_due(backend: Backend) {
    let clock = TestClock::at(T0);
    let mut runner = runner(&backend, &clock);
    let (counter, runs) = Scripted::new("count", []);
    runner.register(counter);
    runner.register(Chain {
        store: backend.store.clone(),
    });
    let store = &backend.store;
    for n in 0..25 {
        enqueue(store, "count", json!({"n": n}), clock.now()).await;
    }
    enqueue(store, "chain", json!({}), clock.now()).await;
    let later = enqueue(store, "count", json!({}), clock.now() + secs(3600)).await;

    // 25 + the chain + the job it enqueued, over several batches of 4.
    assert_eq!(runner.run_pending().await, 27);
    assert_eq!(runs.len(), 26);
    assert_eq!(job(store, later).await.status, JobStatus::Queued);
    let counts = store.job_counts().await.unwrap();
    let done: u64 = counts
        .iter()
        .filter(|(_, s, _)| *s == JobStatus::Done)
        .map(|(_, _, n)| n)
        .sum();
    assert_eq!(done, 27);
    assert_eq!(runner.run_pending().await, 0);
}
