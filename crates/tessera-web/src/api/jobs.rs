//! `/api/v1/admin/jobs`: the background job queue for administrators (counts,
//! lag, recent failures) and "retry now" for dead jobs.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;
use tessera_service::jobs_admin::{JobCount, JobsOverview};
use tessera_store::Job;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiResult, ErrorBody};
use crate::extract::Auth;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(jobs_overview))
        .routes(routes!(retry_job))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobsOverviewDto {
    /// The server's time when the numbers were read.
    #[schema(value_type = String, format = DateTime)]
    pub now: Timestamp,
    /// Jobs per kind and status (pairs with none are left out), by kind.
    pub counts: Vec<JobCountDto>,
    /// Queued jobs of every kind, due or not.
    pub queue_depth: u64,
    /// When the earliest-due queued job was (or will be) due; null when none is queued.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub oldest_queued_due_at: Option<Timestamp>,
    /// How long that job has waited since it fell due, in seconds (0 when none is
    /// overdue); null when none is queued.
    pub oldest_queued_age_seconds: Option<i64>,
    /// Dead jobs and jobs waiting to retry, newest first, each with its last error.
    pub recent_failures: Vec<JobDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobCountDto {
    pub kind: String,
    /// queued, running, done or dead
    pub status: &'static str,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobDto {
    pub id: i64,
    pub kind: String,
    /// queued, running, done or dead
    pub status: &'static str,
    /// Attempts so far, and the most allowed.
    pub attempts: i32,
    pub max_attempts: i32,
    pub last_error: Option<String>,
    /// When it is due (for a job waiting to retry: its next attempt).
    #[schema(value_type = String, format = DateTime)]
    pub run_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// When it died (or finished).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub finished_at: Option<Timestamp>,
    /// The job's arguments, as enqueued.
    #[schema(value_type = Object)]
    pub payload: Value,
}

impl From<JobCount> for JobCountDto {
    fn from(c: JobCount) -> Self {
        JobCountDto {
            kind: c.kind,
            status: c.status.as_str(),
            count: c.count,
        }
    }
}

impl From<Job> for JobDto {
    fn from(j: Job) -> Self {
        JobDto {
            id: j.id,
            kind: j.kind,
            status: j.status.as_str(),
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            last_error: j.last_error,
            run_at: j.run_at,
            created_at: j.created_at,
            finished_at: j.finished_at,
            payload: j.payload,
        }
    }
}

impl From<JobsOverview> for JobsOverviewDto {
    fn from(o: JobsOverview) -> Self {
        JobsOverviewDto {
            now: o.now,
            counts: o.counts.into_iter().map(JobCountDto::from).collect(),
            queue_depth: o.queue_depth,
            oldest_queued_due_at: o.oldest_queued_due_at,
            oldest_queued_age_seconds: o.oldest_queued_age.map(|age| age.as_secs()),
            recent_failures: o.recent_failures.into_iter().map(JobDto::from).collect(),
        }
    }
}

/// The background job queue: counts by kind and status, depth, lag and recent
/// failures. Administrators only.
#[utoipa::path(get, path = "/api/v1/admin/jobs", tag = "admin",
    responses((status = 200, body = JobsOverviewDto), (status = 403, body = ErrorBody)))]
async fn jobs_overview(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<JobsOverviewDto>> {
    let overview = state.service.jobs_overview(&auth.actor).await?;
    Ok(Json(overview.into()))
}

/// Queue a dead job again, due now, with its attempts starting over.
/// Administrators only; 404 unless the job is dead, 409 `job_dedupe` if a live
/// job already does the same work.
#[utoipa::path(post, path = "/api/v1/admin/jobs/{id}/retry", tag = "admin", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn retry_job(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.service.retry_dead_job(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
