//! `tessera bench jobs`: throughput of the durable job runner on a database.
//!
//! Enqueues N no-op jobs (in batches, as a burst of work would arrive), then
//! runs them with one runner at each concurrency asked for and measures jobs
//! completed per second: claim, run, record, i.e. the queue's own overhead.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use serde_json::json;
use tessera_jobs::{Runner, RunnerConfig, handler_fn};
use tessera_store::{JobStatus, NewJob, Store};
use tokio::sync::Notify;

use super::BenchDatabaseArgs;
use crate::config::{DatabaseUrl, SecretUrl};
use crate::database;

/// The kind of the benchmark's jobs; nothing else runs it.
const BENCH_JOB: &str = "bench.noop";

#[derive(Debug, Args)]
pub struct JobsArgs {
    /// Database to benchmark (sqlite://PATH or postgres://…); a throwaway SQLite
    /// file when omitted. Adds (and leaves) N done jobs per row: use a dedicated
    /// database.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<SecretUrl>,
    /// Jobs per measurement.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub jobs: usize,
    /// Runner concurrencies to measure, comma-separated.
    #[arg(
        long,
        value_name = "N,…",
        value_delimiter = ',',
        default_value = "1,8,32"
    )]
    pub concurrency: Vec<u32>,
    /// Jobs per enqueue call (one transaction each).
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub batch: usize,
    #[command(flatten)]
    pub database: BenchDatabaseArgs,
}

/// One measured phase.
struct Row {
    phase: String,
    jobs: usize,
    elapsed: Duration,
}

impl Row {
    fn rate(&self) -> f64 {
        self.jobs as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

pub async fn run(args: JobsArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.jobs > 0, "--jobs must be at least 1");
    anyhow::ensure!(args.batch > 0, "--batch must be at least 1");
    anyhow::ensure!(
        args.concurrency.iter().all(|&c| c > 0),
        "--concurrency values must be at least 1"
    );
    // Keeps the throwaway database alive for the whole run.
    let mut scratch = None;
    let url = match &args.database_url {
        Some(url) => DatabaseUrl::parse(url.expose())?,
        None => {
            let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
            let url = DatabaseUrl::Sqlite(dir.path().join("bench-jobs.db"));
            scratch = Some(dir);
            url
        }
    };
    let database = args.database.config(url);
    let backend = database.url.backend();
    eprintln!(
        "Benchmarking the job runner on {backend} ({})",
        database.url.location()
    );
    let store = database::open_store(&database).await?;
    anyhow::ensure!(
        pending(&*store).await? == 0,
        "the database already holds unfinished {BENCH_JOB} jobs; use a fresh one"
    );

    let mut rows = Vec::new();
    for &concurrency in &args.concurrency {
        eprintln!(
            "Enqueueing {} jobs, then running them with concurrency {concurrency}",
            args.jobs
        );
        rows.push(enqueue(&store, args.jobs, args.batch).await?);
        rows.push(drain(&store, args.jobs, concurrency).await?);
    }
    println!("{}", report(backend, &args, &rows));
    drop(store);
    drop(scratch);
    Ok(())
}

/// Unfinished benchmark jobs (a previous run that was interrupted).
async fn pending(store: &dyn Store) -> anyhow::Result<u64> {
    Ok(store
        .job_counts()
        .await?
        .iter()
        .filter(|(kind, status, _)| {
            kind == BENCH_JOB && matches!(status, JobStatus::Queued | JobStatus::Running)
        })
        .map(|(_, _, n)| n)
        .sum())
}

async fn enqueue(store: &Arc<dyn Store>, jobs: usize, batch: usize) -> anyhow::Result<Row> {
    let now = jiff::Timestamp::now();
    let started = Instant::now();
    let mut left = jobs;
    while left > 0 {
        let n = left.min(batch);
        let new_jobs = (0..n)
            .map(|i| NewJob {
                kind: BENCH_JOB.to_owned(),
                payload: json!({ "n": i }),
                run_at: now,
                max_attempts: 3,
                dedupe_key: None,
            })
            .collect();
        store.enqueue_jobs(new_jobs).await?;
        left -= n;
    }
    Ok(Row {
        phase: format!("enqueue (batches of {batch})"),
        jobs,
        elapsed: started.elapsed(),
    })
}

/// Runs the queued jobs with a fresh runner until `jobs` have run and the
/// runner has recorded them (it drains on stop).
async fn drain(store: &Arc<dyn Store>, jobs: usize, concurrency: u32) -> anyhow::Result<Row> {
    let ran = Arc::new(AtomicUsize::new(0));
    let all_ran = Arc::new(Notify::new());
    let config = RunnerConfig {
        concurrency,
        poll_interval: Duration::from_millis(100),
        gauge_interval: Duration::ZERO,
        ..RunnerConfig::default()
    };
    let mut runner = Runner::new(Arc::clone(store), Arc::new(jiff::Timestamp::now), config);
    let (counter, done) = (Arc::clone(&ran), Arc::clone(&all_ran));
    runner.register(handler_fn(BENCH_JOB, move |_ctx, _payload| {
        if counter.fetch_add(1, Ordering::Relaxed) + 1 == jobs {
            done.notify_one();
        }
        async { Ok(()) }
    }));
    let started = Instant::now();
    let stop = Arc::new(Notify::new());
    let stopped = Arc::clone(&stop);
    let task = tokio::spawn(runner.run(async move { stopped.notified().await }));
    all_ran.notified().await;
    stop.notify_one();
    task.await.context("the job runner failed")?;
    let elapsed = started.elapsed();
    let left = pending(&**store).await?;
    anyhow::ensure!(left == 0, "{left} benchmark jobs were left unfinished");
    Ok(Row {
        phase: format!("run no-op jobs, concurrency {concurrency}"),
        jobs: ran.load(Ordering::Relaxed),
        elapsed,
    })
}

fn report(backend: &str, args: &JobsArgs, rows: &[Row]) -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let mut out = format!(
        "## Tessera job runner benchmark: {backend}\n\n\
         {cores} CPU cores, one runner in this process, {} no-op jobs per row \
         (claim, run, record done).\n\n\
         | phase | backend | jobs | seconds | jobs/s |\n\
         | --- | --- | ---: | ---: | ---: |\n",
        args.jobs
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {backend} | {} | {:.2} | {:.0} |",
            row.phase,
            row.jobs,
            row.elapsed.as_secs_f64(),
            row.rate()
        );
    }
    out
}
