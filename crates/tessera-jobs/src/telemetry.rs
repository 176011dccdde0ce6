//! The runner's metrics, through the `metrics` facade: whatever recorder the
//! binary installs (Prometheus for `/metrics`) receives them.

use std::collections::BTreeSet;
use std::sync::{Mutex, Once};
use std::time::Duration;

use tessera_store::JobStatus;

/// Counter of finished attempts, labelled `kind` and `outcome` (see [`Outcome`]).
pub const JOBS_RUN_TOTAL: &str = "tessera_jobs_run_total";
/// Histogram of attempt durations in seconds, labelled `kind`.
pub const JOB_DURATION_SECONDS: &str = "tessera_job_duration_seconds";
/// Gauge of the jobs in the store per `kind` and `status`: one shared queue, so
/// every node reports the same numbers.
pub const JOBS_QUEUE_DEPTH: &str = "tessera_jobs_queue_depth";

/// How an attempt ended, as recorded in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Done,
    /// Failed, queued again after a back-off.
    Retry,
    /// Failed for good: a permanent error, out of attempts, an unknown kind, or a
    /// worker that died on the last attempt.
    Dead,
    /// The lease ran out first and another worker holds the job: nothing recorded.
    Lost,
    /// The store failed to record the outcome; the lease will bring the job back.
    Unrecorded,
}

impl Outcome {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Retry => "retry",
            Outcome::Dead => "dead",
            Outcome::Lost => "lost",
            Outcome::Unrecorded => "unrecorded",
        }
    }
}

/// Registers descriptions once per process (a recorder may show them as `# HELP`).
pub(crate) fn describe() {
    static DESCRIBED: Once = Once::new();
    DESCRIBED.call_once(|| {
        metrics::describe_counter!(
            JOBS_RUN_TOTAL,
            "Job attempts finished, by kind and outcome."
        );
        metrics::describe_histogram!(
            JOB_DURATION_SECONDS,
            metrics::Unit::Seconds,
            "Time a job attempt took, by kind."
        );
        metrics::describe_gauge!(JOBS_QUEUE_DEPTH, "Jobs in the store, by kind and status.");
    });
}

pub(crate) fn attempt_finished(kind: &str, outcome: Outcome, took: Duration) {
    metrics::counter!(JOBS_RUN_TOTAL, "kind" => kind.to_owned(), "outcome" => outcome.as_str())
        .increment(1);
    metrics::histogram!(JOB_DURATION_SECONDS, "kind" => kind.to_owned()).record(took.as_secs_f64());
}

/// Sets the depth gauge of every kind and status: zero where the store has none,
/// so a drained queue reads 0 rather than its last non-zero value, including for
/// kinds that have left the store entirely (finished jobs may be purged).
pub(crate) fn queue_depth(counts: &[(String, JobStatus, u64)]) {
    // The recorder is process-wide, so the kinds it has seen are too.
    static REPORTED_KINDS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let mut kinds = REPORTED_KINDS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    kinds.extend(counts.iter().map(|(kind, _, _)| kind.clone()));
    for kind in kinds.iter() {
        for status in JobStatus::ALL {
            let total: u64 = counts
                .iter()
                .filter(|(k, s, _)| k == kind && *s == status)
                .map(|(_, _, n)| n)
                .sum();
            // Exact up to 2^53 jobs.
            metrics::gauge!(JOBS_QUEUE_DEPTH, "kind" => kind.clone(), "status" => status.as_str())
                .set(total as f64);
        }
    }
}
