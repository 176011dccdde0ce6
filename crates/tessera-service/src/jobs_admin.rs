//! The background job queue as administrators see it: how many jobs of each kind
//! are in each state, how far behind the queue is, what failed and why, and
//! "retry now" for jobs that failed for good. Administrators only: payloads and
//! errors may name customers and internal systems.

use jiff::{SignedDuration, Timestamp};
use tessera_store::{Job, JobStatus, StoreError};

use crate::policy::{self, Action};
use crate::{Actor, Service, ServiceError, ServiceResult};

/// Dead jobs shown, newest first.
const RECENT_DEAD: u32 = 50;
/// Queued jobs searched for ones waiting to retry after a failed attempt.
const RECENT_QUEUED: u32 = 200;

/// Jobs of one kind in one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobCount {
    pub kind: String,
    pub status: JobStatus,
    pub count: u64,
}

/// The state of the queue at `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct JobsOverview {
    pub now: Timestamp,
    /// By kind, then status; pairs with no jobs are left out.
    pub counts: Vec<JobCount>,
    /// Jobs waiting to run (queued, due or not), over all kinds.
    pub queue_depth: u64,
    /// When the queued job that is due earliest was (or will be) due.
    pub oldest_queued_due_at: Option<Timestamp>,
    /// How long that job has waited since it fell due: the queue's lag. Zero when
    /// no queued job is overdue; `None` when nothing is queued.
    pub oldest_queued_age: Option<SignedDuration>,
    /// Jobs that failed: dead ones (which only "retry now" revives) and queued ones
    /// waiting to retry, each with its `last_error`; newest first.
    pub recent_failures: Vec<Job>,
}

impl Service {
    /// Counts, lag and recent failures of the job queue.
    pub async fn jobs_overview(&self, actor: &Actor) -> ServiceResult<JobsOverview> {
        policy::authorize(actor, Action::ManageJobs)?;
        let store = self.store();
        let counts: Vec<JobCount> = store
            .job_counts()
            .await?
            .into_iter()
            .map(|(kind, status, count)| JobCount {
                kind,
                status,
                count,
            })
            .collect();
        let queue_depth = counts
            .iter()
            .filter(|c| c.status == JobStatus::Queued)
            .map(|c| c.count)
            .sum();
        let now = self.now();
        let oldest_queued_due_at = store.next_job_due().await?;
        let oldest_queued_age =
            oldest_queued_due_at.map(|due| due.duration_until(now).max(SignedDuration::ZERO));

        let mut recent_failures = store.list_jobs(Some(JobStatus::Dead), RECENT_DEAD).await?;
        let retrying = store
            .list_jobs(Some(JobStatus::Queued), RECENT_QUEUED)
            .await?
            .into_iter()
            .filter(|job| job.last_error.is_some());
        recent_failures.extend(retrying);
        recent_failures.sort_by_key(|job| std::cmp::Reverse(job.id));

        Ok(JobsOverview {
            now,
            counts,
            queue_depth,
            oldest_queued_due_at,
            oldest_queued_age,
            recent_failures,
        })
    }

    /// Queues a dead job again, due now, with its attempts starting over.
    /// `NotFound` unless the job exists and is dead; `Conflict { code:
    /// "job_dedupe" }` if a live job already does the same work.
    pub async fn retry_dead_job(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        policy::authorize(actor, Action::ManageJobs)?;
        match self.store().retry_job(id, self.now()).await {
            Ok(true) => {
                tracing::info!(job = id, by = actor.user_id, "dead job queued again");
                self.jobs_committed();
                Ok(())
            }
            Ok(false) => Err(ServiceError::NotFound("dead job")),
            Err(StoreError::Conflict {
                constraint: "job_dedupe",
            }) => Err(ServiceError::Conflict {
                code: "job_dedupe",
                message: "a job doing the same work is already queued or running".to_owned(),
            }),
            Err(e) => Err(e.into()),
        }
    }
}
