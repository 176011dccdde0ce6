//! Several nodes on one queue, one of them killed mid-run: every job takes effect
//! exactly once, and the dead node's jobs are taken over when their leases end.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use tessera_jobs::{JobContext, JobError, JobHandler, Runner, RunnerConfig};
use tessera_store::{JobStatus, NewJob};
use tokio::sync::{oneshot, watch};

use crate::common::*;

on_both_backends!(three_nodes_run_each_job_once_in_effect);

const JOBS: usize = 300;
const LEASE: Duration = Duration::from_secs(1);
/// Jobs the doomed node completes before it starts hanging.
const VICTIM_SERVES: usize = 6;
const CONCURRENCY: u32 = 4;

/// What every node's handler writes: the effects (a set, so that a re-run after a
/// crash is harmless, as real handlers must be) and every run.
#[derive(Default)]
struct Ledger {
    effects: Mutex<HashSet<i64>>,
    runs: Mutex<HashMap<i64, Vec<(String, Timestamp)>>>,
    /// Jobs the victim took effect on and then hung in, never to record.
    hung: Mutex<Vec<i64>>,
    hung_count: watch::Sender<usize>,
}

struct Effect {
    ledger: Arc<Ledger>,
    /// The victim: after this many jobs, it hangs in every further one.
    hang_after: Option<usize>,
    served: AtomicUsize,
}

#[async_trait]
impl JobHandler for Effect {
    fn kind(&self) -> &'static str {
        "effect"
    }

    async fn run(&self, ctx: &JobContext, _: Value) -> Result<(), JobError> {
        let ledger = &self.ledger;
        ledger
            .runs
            .lock()
            .unwrap()
            .entry(ctx.id)
            .or_default()
            .push((ctx.worker.to_string(), ctx.now()));
        // A little work, so that nodes overlap.
        tokio::time::sleep(Duration::from_millis(1)).await;
        ledger.effects.lock().unwrap().insert(ctx.id);
        if let Some(limit) = self.hang_after
            && self.served.fetch_add(1, Ordering::SeqCst) >= limit
        {
            // The effect happened but the outcome is never recorded: the worst
            // moment to die.
            ledger.hung.lock().unwrap().push(ctx.id);
            ledger.hung_count.send_modify(|n| *n += 1);
            std::future::pending::<()>().await;
        }
        Ok(())
    }
}

fn node_config(worker: &str) -> RunnerConfig {
    RunnerConfig {
        concurrency: CONCURRENCY,
        lease: LEASE,
        ..config(worker)
    }
}

async fn node(
    backend: &Backend,
    worker: &str,
    ledger: &Arc<Ledger>,
    hang_after: Option<usize>,
) -> Runner {
    let mut runner = Runner::new(backend.node().await, system_clock(), node_config(worker));
    runner.register(Effect {
        ledger: ledger.clone(),
        hang_after,
        served: AtomicUsize::new(0),
    });
    runner
}

async fn three_nodes_run_each_job_once_in_effect(backend: Backend) {
    let store = backend.store.clone();
    let now = Timestamp::now();
    let jobs = (0..JOBS)
        .map(|n| NewJob {
            kind: "effect".to_owned(),
            payload: json!({ "n": n }),
            run_at: now,
            max_attempts: 5,
            dedupe_key: None,
        })
        .collect();
    let ids: HashSet<i64> = store
        .enqueue_jobs(jobs)
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(ids.len(), JOBS);
    let ledger = Arc::new(Ledger::default());

    // The victim starts first, serves a few jobs, then hangs holding a full batch.
    let victim = node(&backend, "victim", &ledger, Some(VICTIM_SERVES)).await;
    let victim_task = tokio::spawn(victim.run(std::future::pending()));
    let mut hung = ledger.hung_count.subscribe();
    tokio::time::timeout(
        Duration::from_secs(10),
        hung.wait_for(|n| *n == CONCURRENCY as usize),
    )
    .await
    .expect("the victim fills its slots with hanging jobs")
    .unwrap();

    // The survivors start; the victim is killed mid-run, its claims still held.
    let mut survivors = Vec::new();
    for worker in ["node-a", "node-b"] {
        let runner = node(&backend, worker, &ledger, None).await;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(runner.run(async {
            let _ = stopped.await;
        }));
        survivors.push((stop, task));
    }
    victim_task.abort();
    assert!(victim_task.await.unwrap_err().is_cancelled());

    // Everything ends up done, the victim's jobs once their leases have run out.
    tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            let counts = store.job_counts().await.unwrap();
            if counts
                .iter()
                .any(|(_, s, n)| *s == JobStatus::Done && *n == JOBS as u64)
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("all jobs done within 15 s");
    for (stop, task) in survivors {
        stop.send(()).unwrap();
        task.await.unwrap();
    }

    // Every job took effect.
    assert_eq!(*ledger.effects.lock().unwrap(), ids);
    let hung: HashSet<i64> = ledger.hung.lock().unwrap().iter().copied().collect();
    assert_eq!(hung.len(), CONCURRENCY as usize);
    let runs = ledger.runs.lock().unwrap().clone();
    let stored: HashMap<i64, i32> = all_jobs(&store)
        .await
        .into_iter()
        .map(|j| (j.id, j.attempts))
        .collect();
    let mut victim_runs = 0;
    for id in &ids {
        let job_runs = &runs[id];
        victim_runs += job_runs.iter().filter(|(w, _)| w == "victim").count();
        if hung.contains(id) {
            // Run by the victim, then exactly once more, by a survivor, after the
            // victim's lease ended.
            assert_eq!(job_runs.len(), 2, "job {id}: {job_runs:?}");
            let (first, second) = (&job_runs[0], &job_runs[1]);
            assert_eq!(first.0, "victim");
            assert_ne!(second.0, "victim");
            let waited = second.1.duration_since(first.1);
            let lease = SignedDuration::try_from(LEASE).unwrap();
            assert!(
                waited >= lease - SignedDuration::from_millis(200),
                "job {id} was taken over after {waited}, before the lease of {lease} ended"
            );
            assert_eq!(stored[id], 2);
        } else {
            // Nobody else ever ran it.
            assert_eq!(
                job_runs.len(),
                1,
                "job {id} ran more than once: {job_runs:?}"
            );
            assert_eq!(stored[id], 1);
        }
    }
    assert_eq!(victim_runs, VICTIM_SERVES + CONCURRENCY as usize);
}
