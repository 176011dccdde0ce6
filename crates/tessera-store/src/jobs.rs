//! Records of the durable job queue and of periodic schedules. The runner (claim,
//! run, retry with back-off) lives elsewhere; the store only keeps the rows and
//! makes every state change atomic.

use jiff::Timestamp;
use serde_json::Value;

/// Where a job is in its life: `Queued` → `Running` → `Done`, or back to `Queued`
/// for a retry, or `Dead` when it failed for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JobStatus {
    /// Waiting for `run_at`.
    Queued,
    /// Claimed by a worker until `locked_until`.
    Running,
    Done,
    /// Failed without a retry; only an admin's "retry now" queues it again.
    Dead,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Dead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Dead => "dead",
        }
    }

    pub fn parse(s: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    /// Which job definition runs it, e.g. `send_email`.
    pub kind: String,
    /// The job's arguments, opaque to the store.
    pub payload: Value,
    /// Not claimable before this time.
    pub run_at: Timestamp,
    /// Attempts the runner allows before the job is dead.
    pub max_attempts: i32,
    /// While a job with this key is queued or running, enqueuing another one with
    /// the same key adds nothing and returns the existing job's id. The key is
    /// global: job definitions should start it with their kind.
    pub dedupe_key: Option<String>,
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: Value,
    pub run_at: Timestamp,
    /// Claims so far (each claim counts, including one whose worker died). When a
    /// claim returns a job with `attempts > max_attempts`, its earlier worker died
    /// on the last allowed attempt: the runner should fail it without retry.
    pub attempts: i32,
    pub max_attempts: i32,
    pub status: JobStatus,
    /// The error of the latest failed attempt.
    pub last_error: Option<String>,
    /// The worker holding the job while it is `Running`.
    pub locked_by: Option<String>,
    /// The end of the running worker's lease; after it another worker may claim it.
    pub locked_until: Option<Timestamp>,
    pub dedupe_key: Option<String>,
    /// When the store accepted the job (its own clock; scheduling uses `run_at`).
    pub created_at: Timestamp,
    /// When it became `Done` or `Dead`.
    pub finished_at: Option<Timestamp>,
}

/// A periodic schedule: the next time its job is due. Nodes race to advance it with
/// [`Store::advance_schedule`](crate::Store::advance_schedule); one wins per occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub name: String,
    pub next_run_at: Timestamp,
    /// The occurrence most recently advanced past (the `expected_next` of the last
    /// successful advance), if any.
    pub last_run_at: Option<Timestamp>,
}
