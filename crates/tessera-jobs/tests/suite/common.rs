//! The harness: both backends, a controllable clock, scripted handlers.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use tessera_jobs::{Backoff, Clock, JobContext, JobError, JobHandler, RunnerConfig};
use tessera_store::{Job, NewJob, Store};
use tessera_store_postgres::PgOptions;
use tessera_store_postgres::testing::{TestDatabase, fresh_database};
use tessera_store_sqlite::SqliteOptions;
use tokio::sync::watch;

/// Runs each named `async fn(Backend)` as a test on SQLite (a temp file) and on
/// PostgreSQL (a fresh database).
macro_rules! on_both_backends {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test(crate::common::Backend::sqlite().await).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    if let Some(backend) = crate::common::Backend::postgres().await {
                        super::$test(backend).await;
                    }
                }
            )+
        }
    };
}
pub(crate) use on_both_backends;

/// One database, and a way to open more "nodes" on it.
pub struct Backend {
    pub store: Arc<dyn Store>,
    // Dropped after the store: removes the file or the database.
    place: Place,
}

enum Place {
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        url: String,
        _database: TestDatabase,
    },
}

impl Backend {
    pub async fn sqlite() -> Backend {
        let dir = tempfile::tempdir().unwrap();
        let store =
            tessera_store_sqlite::open(&dir.path().join("jobs.db"), SqliteOptions::default())
                .await
                .unwrap();
        Backend {
            store: Arc::new(store),
            place: Place::Sqlite { _dir: dir },
        }
    }

    pub async fn postgres() -> Option<Backend> {
        let (url, database) = fresh_database().await?;
        Some(Backend {
            store: pg_node(&url).await,
            place: Place::Postgres {
                url,
                _database: database,
            },
        })
    }

    /// Another node on the same data. PostgreSQL: a separate connection pool, as a
    /// second `tessera serve` would have. SQLite: the same store, since one file has
    /// one writer (and one server process).
    pub async fn node(&self) -> Arc<dyn Store> {
        match &self.place {
            Place::Sqlite { .. } => self.store.clone(),
            Place::Postgres { url, .. } => pg_node(url).await,
        }
    }
}

async fn pg_node(url: &str) -> Arc<dyn Store> {
    let options = PgOptions { max_connections: 4 };
    Arc::new(tessera_store_postgres::connect(url, options).await.unwrap())
}

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<Timestamp>>);

impl TestClock {
    pub fn at(time: &str) -> TestClock {
        TestClock(Arc::new(Mutex::new(ts(time))))
    }

    pub fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }

    pub fn set(&self, time: Timestamp) {
        *self.0.lock().unwrap() = time;
    }

    pub fn advance(&self, secs: i64) {
        let mut now = self.0.lock().unwrap();
        *now = now.checked_add(SignedDuration::from_secs(secs)).unwrap();
    }

    pub fn clock(&self) -> Clock {
        let me = self.clone();
        Arc::new(move || me.now())
    }
}

pub fn system_clock() -> Clock {
    Arc::new(Timestamp::now)
}

pub fn ts(time: &str) -> Timestamp {
    time.parse().unwrap()
}

pub fn secs(n: i64) -> SignedDuration {
    SignedDuration::from_secs(n)
}

/// A runner configuration for tests: deterministic back-off (10 s doubling, no
/// jitter), quick polling, no gauge loop.
pub fn config(worker: &str) -> RunnerConfig {
    RunnerConfig {
        worker_id: worker.to_owned(),
        concurrency: 4,
        lease: Duration::from_secs(60),
        poll_interval: Duration::from_millis(50),
        backoff: Backoff {
            base: Duration::from_secs(10),
            max: Duration::from_secs(600),
            jitter: 0.0,
        },
        default_max_attempts: 5,
        shutdown_timeout: Duration::from_secs(5),
        gauge_interval: Duration::ZERO,
    }
}

pub async fn enqueue(store: &Arc<dyn Store>, kind: &str, payload: Value, run_at: Timestamp) -> i64 {
    enqueue_with(store, kind, payload, run_at, 5).await
}

pub async fn enqueue_with(
    store: &Arc<dyn Store>,
    kind: &str,
    payload: Value,
    run_at: Timestamp,
    max_attempts: i32,
) -> i64 {
    let job = NewJob {
        kind: kind.to_owned(),
        payload,
        run_at,
        max_attempts,
        dedupe_key: None,
    };
    store.enqueue_jobs(vec![job]).await.unwrap()[0]
}

pub async fn job(store: &Arc<dyn Store>, id: i64) -> Job {
    all_jobs(store)
        .await
        .into_iter()
        .find(|j| j.id == id)
        .unwrap()
}

/// Every job, oldest first.
pub async fn all_jobs(store: &Arc<dyn Store>) -> Vec<Job> {
    let mut jobs = store.list_jobs(None, 500).await.unwrap();
    jobs.reverse();
    jobs
}

/// One handler invocation, as the handler saw it.
#[derive(Debug, Clone)]
pub struct Run {
    pub id: i64,
    pub attempt: i32,
    pub last: bool,
    pub run_at: Timestamp,
    pub at: Timestamp,
    pub worker: String,
    pub payload: Value,
}

/// The runs of a handler, with a way to wait for them.
pub struct Runs {
    list: Mutex<Vec<Run>>,
    count: watch::Sender<usize>,
}

impl Runs {
    pub fn new() -> Arc<Runs> {
        Arc::new(Runs {
            list: Mutex::new(Vec::new()),
            count: watch::Sender::new(0),
        })
    }

    pub fn record(&self, ctx: &JobContext, payload: &Value) {
        self.list.lock().unwrap().push(Run {
            id: ctx.id,
            attempt: ctx.attempt,
            last: ctx.is_last_attempt(),
            run_at: ctx.run_at,
            at: ctx.now(),
            worker: ctx.worker.to_string(),
            payload: payload.clone(),
        });
        self.count.send_modify(|n| *n += 1);
    }

    pub fn all(&self) -> Vec<Run> {
        self.list.lock().unwrap().clone()
    }

    pub fn len(&self) -> usize {
        self.list.lock().unwrap().len()
    }

    /// Waits (at most 10 s) until at least `n` runs have started.
    pub async fn wait_for(&self, n: usize) {
        let mut count = self.count.subscribe();
        tokio::time::timeout(Duration::from_secs(10), count.wait_for(|c| *c >= n))
            .await
            .unwrap_or_else(|_| panic!("waited 10 s for {n} runs, saw {}", self.len()))
            .unwrap();
    }
}

/// Answers each run with the next scripted result; `Ok` once the script is out.
pub struct Scripted {
    kind: &'static str,
    script: Mutex<VecDeque<Result<(), JobError>>>,
    runs: Arc<Runs>,
}

impl Scripted {
    pub fn new(
        kind: &'static str,
        script: impl IntoIterator<Item = Result<(), JobError>>,
    ) -> (Scripted, Arc<Runs>) {
        let runs = Runs::new();
        let handler = Scripted {
            kind,
            script: Mutex::new(script.into_iter().collect()),
            runs: runs.clone(),
        };
        (handler, runs)
    }
}

#[async_trait]
impl JobHandler for Scripted {
    fn kind(&self) -> &'static str {
        self.kind
    }

    async fn run(&self, ctx: &JobContext, payload: Value) -> Result<(), JobError> {
        self.runs.record(ctx, &payload);
        let next = self.script.lock().unwrap().pop_front();
        next.unwrap_or(Ok(()))
    }
}
