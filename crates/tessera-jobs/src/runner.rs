//! The runner: claims due jobs, runs their handlers, records the outcomes, and
//! drives the periodic schedules and the queue gauges.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use futures_util::{FutureExt, Stream, StreamExt};
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use tessera_store::{Job, Store, StoreResult};
use tokio::sync::watch;
use tokio::task::{self, JoinSet};
use tracing::Instrument;

use crate::config::{Backoff, RunnerConfig};
use crate::handler::{Clock, JobContext, JobError, JobHandler, Registry};
use crate::schedule::{ScheduleTick, Schedules};
use crate::telemetry::{self, Outcome};
use crate::waker::Waker;

/// Wake-ups from outside this process, e.g. PostgreSQL `LISTEN/NOTIFY` when another
/// node enqueues. Each item makes the runner claim at once; without a stream (or
/// once it ends) other nodes' jobs are found by polling.
pub type ExternalWakeups = Pin<Box<dyn Stream<Item = ()> + Send>>;

/// The shortest idle wait. A job can be due and yet not claimed (another node's
/// claim had it locked a moment): look again after a short pause, not in a hot loop.
const MIN_IDLE: Duration = Duration::from_millis(10);

/// Runs the jobs of one store with the handlers registered on it. See the crate
/// documentation for the lease model.
pub struct Runner {
    parts: Parts,
    /// The hook for cross-node wake-ups (see [`ExternalWakeups`]); polling only
    /// until the PostgreSQL backend offers a `LISTEN` stream.
    external_wakeups: Option<ExternalWakeups>,
}

/// Everything of a runner but its external wake-ups. The loops of [`Runner::run`]
/// share these by reference from one task, which needs them `Sync`; a stream need
/// not be, so it is moved into the claim loop instead.
struct Parts {
    store: Arc<dyn Store>,
    clock: Clock,
    config: RunnerConfig,
    registry: Registry,
    schedules: Schedules,
    waker: Waker,
}

impl Runner {
    pub fn new(store: Arc<dyn Store>, clock: Clock, config: RunnerConfig) -> Runner {
        telemetry::describe();
        Runner {
            parts: Parts {
                store,
                clock,
                config,
                registry: Registry::new(),
                schedules: Schedules::new(),
                waker: Waker::new(),
            },
            external_wakeups: None,
        }
    }

    /// Adds a handler; see [`Registry::register`] (panics on a duplicate kind).
    pub fn register(&mut self, handler: impl JobHandler) -> &mut Runner {
        self.parts.registry.register(handler);
        self
    }

    /// Replaces the handlers with `registry`.
    #[must_use]
    pub fn with_registry(mut self, registry: Registry) -> Runner {
        self.parts.registry = registry;
        self
    }

    /// The periodic schedules this runner's scheduler keeps (every node may keep
    /// the same ones: each occurrence is enqueued once).
    #[must_use]
    pub fn with_schedules(mut self, schedules: Schedules) -> Runner {
        self.parts.schedules = schedules;
        self
    }

    /// Uses a waker made before the runner, e.g. one the service already holds.
    #[must_use]
    pub fn with_waker(mut self, waker: Waker) -> Runner {
        self.parts.waker = waker;
        self
    }

    /// Plugs in cross-node wake-ups (see [`ExternalWakeups`]).
    #[must_use]
    pub fn with_external_wakeups(
        mut self,
        wakeups: impl Stream<Item = ()> + Send + 'static,
    ) -> Runner {
        self.external_wakeups = Some(Box::pin(wakeups));
        self
    }

    /// The handle enqueuers call after committing jobs.
    pub fn waker(&self) -> Waker {
        self.parts.waker.clone()
    }

    pub fn worker_id(&self) -> &str {
        &self.parts.config.worker_id
    }

    pub fn registry(&self) -> &Registry {
        &self.parts.registry
    }

    /// Runs until `shutdown` completes: claims due jobs (at most
    /// [`RunnerConfig::concurrency`] at once), runs them, records their outcomes,
    /// enqueues due schedule occurrences and refreshes the queue gauges. Then stops
    /// claiming, waits up to [`RunnerConfig::shutdown_timeout`] for running jobs,
    /// cancels the rest and releases them (queued again at once, the attempt
    /// counted, so another node need not wait for their leases), and returns.
    ///
    /// Wakes on the [`Waker`], on an external wake-up, when the earliest queued job
    /// falls due, and every [`RunnerConfig::poll_interval`] regardless. Times come
    /// from the clock but sleeps are real: with a stepped test clock, expect the
    /// poll interval to be what notices a step.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let Runner {
            parts,
            external_wakeups,
        } = self;
        let (stop_tx, stop_rx) = watch::channel(false);
        let executor = Arc::new(parts.executor());
        tracing::info!(
            worker = %parts.config.worker_id,
            kinds = ?parts.registry.kinds(),
            schedules = parts.schedules.len(),
            "job runner started"
        );
        let signal = async move {
            shutdown.await;
            // No receiver left only means every loop has already stopped.
            let _ = stop_tx.send(true);
        };
        tokio::join!(
            signal,
            parts.work(executor, stop_rx.clone(), external_wakeups),
            parts.keep_schedules(stop_rx.clone()),
            parts.keep_gauges(stop_rx),
        );
        tracing::info!(worker = %parts.config.worker_id, "job runner stopped");
    }

    /// Runs every job due now, in batches of [`RunnerConfig::concurrency`], until a
    /// claim finds none (jobs enqueued by those jobs included); returns how many
    /// attempts ran. For tests; due schedules are enqueued separately by
    /// [`Runner::run_due_schedules`]. A store error ends the drain early (logged).
    pub async fn run_pending(&self) -> usize {
        let executor = Arc::new(self.parts.executor());
        let mut ran = 0;
        loop {
            let jobs = match executor.claim(self.parts.config.batch()).await {
                Ok(jobs) => jobs,
                Err(error) => {
                    tracing::error!(%error, "run_pending: claiming jobs failed");
                    break;
                }
            };
            if jobs.is_empty() {
                break;
            }
            ran += jobs.len();
            join_all(jobs.into_iter().map(|job| executor.clone().execute(job))).await;
        }
        ran
    }

    /// One pass of the scheduler: enqueues the occurrences that are due now (those
    /// this node wins) and says when the next one is due.
    pub async fn run_due_schedules(&self) -> ScheduleTick {
        self.parts.run_due_schedules().await
    }

    /// Reads the job counts and sets the queue-depth gauges.
    pub async fn refresh_queue_gauges(&self) -> StoreResult<()> {
        self.parts.refresh_queue_gauges().await
    }
}

impl Parts {
    fn executor(&self) -> Executor {
        Executor {
            store: self.store.clone(),
            clock: self.clock.clone(),
            registry: self.registry.clone(),
            worker: Arc::from(self.config.worker_id.as_str()),
            lease: self.config.lease(),
            timeout: self.config.job_timeout(),
            backoff: self.config.backoff,
        }
    }

    async fn run_due_schedules(&self) -> ScheduleTick {
        self.schedules
            .run_due(
                self.store.as_ref(),
                (self.clock)(),
                self.config.default_max_attempts,
            )
            .await
    }

    async fn refresh_queue_gauges(&self) -> StoreResult<()> {
        let counts = self.store.job_counts().await?;
        telemetry::queue_depth(&counts);
        Ok(())
    }

    /// The claim loop: keeps up to `concurrency` jobs running until told to stop,
    /// then drains.
    async fn work(
        &self,
        executor: Arc<Executor>,
        mut stop: watch::Receiver<bool>,
        mut wakeups: Option<ExternalWakeups>,
    ) {
        let mut running = Running::default();
        loop {
            if *stop.borrow() {
                break;
            }
            let busy = u32::try_from(running.tasks.len()).unwrap_or(u32::MAX);
            let free = self.config.batch().saturating_sub(busy);
            let mut idle = self.config.poll_interval;
            if free > 0 {
                match executor.claim(free).await {
                    Ok(jobs) => {
                        let drained = jobs.len() < free as usize;
                        for job in jobs {
                            running.spawn(&executor, job);
                        }
                        // With slots left over the queue is empty for now: sleep until
                        // its next job is due. Otherwise a finishing job wakes us.
                        if drained {
                            idle = self.until_next_due().await;
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "claiming jobs failed; trying again at the next poll");
                    }
                }
            }
            tokio::select! {
                biased;
                () = stopped(&mut stop) => break,
                Some(joined) = running.tasks.join_next_with_id(), if !running.tasks.is_empty() => {
                    running.finished(joined);
                }
                () = self.waker.woken() => {}
                () = external(&mut wakeups) => {}
                () = tokio::time::sleep(idle) => {}
            }
        }
        drain(running, &executor, self.config.shutdown_timeout).await;
    }

    /// How long an idle runner may sleep: until the earliest queued job is due, at
    /// most the poll interval.
    async fn until_next_due(&self) -> Duration {
        let poll = self.config.poll_interval;
        match self.store.next_job_due().await {
            Ok(Some(due)) => until((self.clock)(), due).min(poll).max(MIN_IDLE),
            Ok(None) => poll,
            Err(error) => {
                tracing::warn!(%error, "reading the next due job failed");
                poll
            }
        }
    }

    /// The scheduler loop: a pass whenever the next occurrence is due, and at least
    /// every poll interval (another node may have moved a schedule on).
    async fn keep_schedules(&self, mut stop: watch::Receiver<bool>) {
        if self.schedules.is_empty() {
            return;
        }
        loop {
            let tick = self.run_due_schedules().await;
            if tick.enqueued > 0 {
                self.waker.wake();
            }
            let poll = self.config.poll_interval;
            let wait = tick
                .next_due
                .map_or(poll, |due| until((self.clock)(), due).min(poll));
            tokio::select! {
                biased;
                () = stopped(&mut stop) => break,
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    async fn keep_gauges(&self, mut stop: watch::Receiver<bool>) {
        let interval = self.config.gauge_interval;
        if interval.is_zero() {
            return;
        }
        loop {
            if let Err(error) = self.refresh_queue_gauges().await {
                tracing::warn!(%error, "refreshing the job queue gauges failed");
            }
            tokio::select! {
                biased;
                () = stopped(&mut stop) => break,
                () = tokio::time::sleep(interval) => {}
            }
        }
    }
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts = &self.parts;
        f.debug_struct("Runner")
            .field("backend", &parts.store.backend())
            .field("config", &parts.config)
            .field("registry", &parts.registry)
            .field("schedules", &parts.schedules)
            .field("external_wakeups", &self.external_wakeups.is_some())
            .finish_non_exhaustive()
    }
}

/// Everything one attempt needs, shared by the tasks of one run.
struct Executor {
    store: Arc<dyn Store>,
    clock: Clock,
    registry: Registry,
    worker: Arc<str>,
    lease: SignedDuration,
    timeout: Duration,
    backoff: Backoff,
}

impl Executor {
    async fn claim(&self, limit: u32) -> StoreResult<Vec<Job>> {
        self.store
            .claim_jobs(&self.worker, limit, (self.clock)(), self.lease)
            .await
    }

    /// Runs one claimed job and records its outcome.
    async fn execute(self: Arc<Self>, mut job: Job) -> Outcome {
        let span =
            tracing::info_span!("job", id = job.id, kind = %job.kind, attempt = job.attempts);
        async move {
            let payload = std::mem::take(&mut job.payload);
            let started = Instant::now();
            let verdict = self.attempt(&job, payload).await;
            let took = started.elapsed();
            let outcome = self.record(&job, verdict).await;
            telemetry::attempt_finished(&job.kind, outcome, took);
            outcome
        }
        .instrument(span)
        .await
    }

    async fn attempt(&self, job: &Job, payload: Value) -> Result<(), JobError> {
        if job.attempts > max_attempts(job) {
            return Err(JobError::Permanent(abandoned(job)));
        }
        let Some(handler) = self.registry.get(&job.kind) else {
            return Err(JobError::Permanent(format!(
                "unknown job kind `{}`: worker {} has no handler registered for it",
                job.kind, self.worker
            )));
        };
        let ctx = JobContext::new(job, self.worker.clone(), self.clock.clone());
        // A panicking handler fails its attempt like an error would, rather than
        // taking the job's task (and the outcome it must record) down with it.
        let run = AssertUnwindSafe(handler.run(&ctx, payload)).catch_unwind();
        match tokio::time::timeout(self.timeout, run).await {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => Err(JobError::Retry(format!(
                "the handler panicked: {}",
                panic_message(panic.as_ref())
            ))),
            Err(_) => Err(JobError::Retry(format!(
                "timed out after {:?}: the lease is ending, so another worker may claim the job",
                self.timeout
            ))),
        }
    }

    /// Stores the outcome: done, queued again after the back-off, or dead.
    async fn record(&self, job: &Job, verdict: Result<(), JobError>) -> Outcome {
        let now = (self.clock)();
        let (stored, outcome) = match verdict {
            Ok(()) => (
                self.store.complete_job(job.id, &self.worker, now).await,
                Outcome::Done,
            ),
            Err(JobError::Retry(error)) if job.attempts < max_attempts(job) => {
                let retry_at = self.backoff.retry_at(now, job.attempts);
                tracing::warn!(%error, %retry_at, "job attempt failed; will retry");
                let stored = self
                    .store
                    .fail_job(job.id, &self.worker, &error, Some(retry_at), now)
                    .await;
                (stored, Outcome::Retry)
            }
            Err(error) => {
                let error = error.message();
                tracing::error!(%error, "job failed for good");
                let stored = self
                    .store
                    .fail_job(job.id, &self.worker, error, None, now)
                    .await;
                (stored, Outcome::Dead)
            }
        };
        match stored {
            Ok(true) => {
                tracing::debug!(outcome = outcome.as_str(), "job attempt recorded");
                outcome
            }
            Ok(false) => {
                tracing::warn!(
                    outcome = outcome.as_str(),
                    "the job's lease ended before its outcome was recorded; another worker holds it now"
                );
                Outcome::Lost
            }
            Err(error) => {
                tracing::error!(%error, outcome = outcome.as_str(),
                    "recording the job's outcome failed; it runs again when its lease ends");
                Outcome::Unrecorded
            }
        }
    }
}

impl Executor {
    /// Gives up a job this worker holds but will not finish (shutdown): the
    /// attempt counts as failed, and the job is due again at once. A job that
    /// finished meanwhile, or whose lease already ended, is left alone by the store.
    async fn release(&self, job: &InFlight) {
        let now = (self.clock)();
        let retry_at = (job.attempts < job.max_attempts).then_some(now);
        let error = "interrupted: the worker shut down before the job finished";
        match self
            .store
            .fail_job(job.id, &self.worker, error, retry_at, now)
            .await
        {
            Ok(true) => tracing::info!(job = job.id, "released an interrupted job"),
            Ok(false) => {}
            Err(error) => tracing::error!(%error, job = job.id,
                "releasing an interrupted job failed; it runs again when its lease ends"),
        }
    }
}

/// A job's attempt limit; a stored value below 1 still allows one attempt (as in
/// [`JobContext::new`]).
fn max_attempts(job: &Job) -> i32 {
    job.max_attempts.max(1)
}

/// The error of a job claimed past its last attempt: a worker died running it.
fn abandoned(job: &Job) -> String {
    let mut message = format!(
        "abandoned: the worker running attempt {} of {} stopped before recording an outcome \
         (its lease expired)",
        job.attempts - 1,
        max_attempts(job)
    );
    if let Some(previous) = &job.last_error {
        message.push_str("; the error before that: ");
        message.push_str(previous);
    }
    message
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    if let Some(message) = panic.downcast_ref::<&str>() {
        message
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message
    } else {
        "(no message)"
    }
}

/// The time from `now` to `due`, zero if it has passed.
fn until(now: Timestamp, due: Timestamp) -> Duration {
    Duration::try_from(now.duration_until(due)).unwrap_or(Duration::ZERO)
}

/// Completes once the stop flag is set (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Completes at the next external wake-up; never, without a stream.
async fn external(wakeups: &mut Option<ExternalWakeups>) {
    let Some(stream) = wakeups.as_mut() else {
        return std::future::pending().await;
    };
    if stream.next().await.is_none() {
        tracing::warn!("the external wake-up stream ended; other nodes' jobs are found by polling");
        *wakeups = None;
        std::future::pending::<()>().await;
    }
}

/// The job tasks of a claim loop, and which job each one runs.
#[derive(Default)]
struct Running {
    tasks: JoinSet<Outcome>,
    jobs: HashMap<task::Id, InFlight>,
}

/// What releasing a job needs to know about it.
struct InFlight {
    id: i64,
    attempts: i32,
    max_attempts: i32,
}

impl Running {
    fn spawn(&mut self, executor: &Arc<Executor>, job: Job) {
        let in_flight = InFlight {
            id: job.id,
            attempts: job.attempts,
            max_attempts: max_attempts(&job),
        };
        let handle = self.tasks.spawn(executor.clone().execute(job));
        self.jobs.insert(handle.id(), in_flight);
    }

    fn finished(&mut self, joined: Result<(task::Id, Outcome), task::JoinError>) {
        match joined {
            Ok((id, _)) => {
                self.jobs.remove(&id);
            }
            Err(error) => {
                self.jobs.remove(&error.id());
                // Handler panics are caught in `execute`; this is ours.
                tracing::error!(%error, "a job task failed");
            }
        }
    }
}

/// Waits up to `timeout` for the running jobs, then cancels the rest and
/// releases them: queued again at once (or dead, if that was their last attempt),
/// so that no node has to wait for their leases to end.
async fn drain(mut running: Running, executor: &Executor, timeout: Duration) {
    if running.tasks.is_empty() {
        return;
    }
    tracing::info!(
        jobs = running.tasks.len(),
        "stopping: waiting for running jobs"
    );
    let finished = tokio::time::timeout(timeout, async {
        while let Some(joined) = running.tasks.join_next_with_id().await {
            running.finished(joined);
        }
    })
    .await;
    if finished.is_ok() {
        return;
    }
    tracing::warn!(
        jobs = running.tasks.len(),
        "shutdown timeout: cancelling the running jobs and queueing them again"
    );
    running.tasks.shutdown().await;
    for job in running.jobs.values() {
        executor.release(job).await;
    }
}
