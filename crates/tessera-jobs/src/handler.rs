//! What a job definition implements ([`JobHandler`]), what it is told about the
//! attempt ([`JobContext`]), how it fails ([`JobError`]), and the [`Registry`] that
//! maps job kinds to handlers.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::Timestamp;
use serde_json::Value;
use tessera_store::Job;

/// The time source of a runner. The service passes its own clock, tests a
/// controllable one; the runner never reads the system clock for job times.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// How a job attempt failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// Might succeed later (a timeout, a 5xx, a lock): queued again after a back-off,
    /// until the job runs out of attempts.
    #[error("{0}")]
    Retry(String),
    /// Will fail the same way every time (a malformed payload, a ticket that no
    /// longer exists): the job is dead at once.
    #[error("{0}")]
    Permanent(String),
}

impl JobError {
    pub fn retry(error: impl fmt::Display) -> JobError {
        JobError::Retry(error.to_string())
    }

    pub fn permanent(error: impl fmt::Display) -> JobError {
        JobError::Permanent(error.to_string())
    }

    /// The message stored as the job's `last_error`.
    pub fn message(&self) -> &str {
        match self {
            JobError::Retry(message) | JobError::Permanent(message) => message,
        }
    }
}

/// What a handler knows about the attempt it is running.
#[derive(Clone)]
pub struct JobContext {
    pub id: i64,
    pub kind: String,
    /// 1 for the first attempt.
    pub attempt: i32,
    pub max_attempts: i32,
    /// When the job was due; for a periodic job, the occurrence it stands for.
    pub run_at: Timestamp,
    /// The worker running it (see [`RunnerConfig::worker_id`](crate::RunnerConfig::worker_id)).
    pub worker: Arc<str>,
    clock: Clock,
}

impl JobContext {
    /// The context of an attempt at `job` (as claimed: `attempts` counts this one)
    /// by `worker`. The runner builds it; handler tests can too.
    pub fn new(job: &Job, worker: Arc<str>, clock: Clock) -> JobContext {
        JobContext {
            id: job.id,
            kind: job.kind.clone(),
            attempt: job.attempts,
            // A stored limit below 1 still allows one attempt.
            max_attempts: job.max_attempts.max(1),
            run_at: job.run_at,
            worker,
            clock,
        }
    }

    /// The runner's clock: handlers take "now" from here, never from the system.
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// True when a `Retry` error from this attempt would kill the job.
    pub fn is_last_attempt(&self) -> bool {
        self.attempt >= self.max_attempts
    }
}

impl fmt::Debug for JobContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobContext")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("attempt", &self.attempt)
            .field("max_attempts", &self.max_attempts)
            .field("run_at", &self.run_at)
            .field("worker", &self.worker)
            .finish_non_exhaustive()
    }
}

/// A job definition: runs every job of one kind.
///
/// Handlers should be idempotent: a job whose worker dies after the handler's
/// effect but before the outcome is recorded runs again on another worker.
#[async_trait]
pub trait JobHandler: Send + Sync + 'static {
    /// The `kind` of the jobs it runs, e.g. `"send_email"`.
    fn kind(&self) -> &'static str;

    async fn run(&self, ctx: &JobContext, payload: Value) -> Result<(), JobError>;
}

/// A handler made of an async function, for definitions that need no state of
/// their own beyond what the closure captures (e.g. a clone of the service):
///
/// ```
/// use tessera_jobs::{JobError, Registry, handler_fn};
///
/// let mut registry = Registry::new();
/// registry.register(handler_fn("report.daily", |ctx, _payload| async move {
///     tracing::info!(at = %ctx.now(), "building the daily report");
///     Ok::<(), JobError>(())
/// }));
/// ```
pub fn handler_fn<F, Fut>(kind: &'static str, run: F) -> impl JobHandler
where
    F: Fn(JobContext, Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), JobError>> + Send + 'static,
{
    FnHandler { kind, run }
}

struct FnHandler<F> {
    kind: &'static str,
    run: F,
}

#[async_trait]
impl<F, Fut> JobHandler for FnHandler<F>
where
    F: Fn(JobContext, Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), JobError>> + Send + 'static,
{
    fn kind(&self) -> &'static str {
        self.kind
    }

    async fn run(&self, ctx: &JobContext, payload: Value) -> Result<(), JobError> {
        (self.run)(ctx.clone(), payload).await
    }
}

/// The handlers a runner knows, by kind. Cheap to clone.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Arc<dyn JobHandler>>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Adds a handler for its kind.
    ///
    /// # Panics
    /// When a handler for the same kind is already registered: two definitions of
    /// one kind is a wiring mistake that must not start silently.
    pub fn register(&mut self, handler: impl JobHandler) -> &mut Registry {
        let kind = handler.kind();
        let previous = self.handlers.insert(kind, Arc::new(handler));
        assert!(
            previous.is_none(),
            "two job handlers are registered for kind `{kind}`"
        );
        self
    }

    pub fn get(&self, kind: &str) -> Option<&Arc<dyn JobHandler>> {
        self.handlers.get(kind)
    }

    /// The registered kinds, sorted.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<_> = self.handlers.keys().copied().collect();
        kinds.sort_unstable();
        kinds
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("kinds", &self.kinds())
            .finish()
    }
}
