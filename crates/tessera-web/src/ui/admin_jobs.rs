//! The administrator's view of the background job queue: jobs per kind and
//! state, how long the oldest waiting job has waited, recent failures with their
//! errors, and "Retry now" for jobs that failed for good.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use jiff::SignedDuration;
use tessera_service::jobs_admin::JobsOverview;
use tessera_store::{Job, JobStatus};

use super::forms::CsrfForm;
use super::i18n::Tr;
use super::page::{Chrome, UiResult, UiResultExt, see_other};
use super::session::Manager;
use crate::state::AppState;

const BACK: &str = "/admin/jobs";
/// Waits up to this long are shown in seconds, longer ones in minutes.
const SECONDS_SHOWN_UP_TO: i64 = 120;

/// One job kind's counts, in [`JobStatus::ALL`] order.
pub struct KindRow {
    pub kind: String,
    pub counts: [u64; 4],
}

pub struct FailureRow {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub attempts: String,
    pub error: String,
    /// When it died, or when its next attempt is due.
    pub when: String,
    /// Only dead jobs can be retried by hand; others retry on their own.
    pub dead: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/jobs.html")]
struct JobsPage {
    c: Chrome,
    tab: &'static str,
    statuses: Vec<String>,
    kinds: Vec<KindRow>,
    queue_depth: u64,
    oldest_wait: String,
    failures: Vec<FailureRow>,
    retried: bool,
}

pub async fn page(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Query(q): Query<HashMap<String, String>>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let overview = state
        .service
        .jobs_overview(&viewer.actor)
        .await
        .ui(tr, "/admin")?;
    let JobsOverview {
        counts,
        queue_depth,
        oldest_queued_age,
        recent_failures,
        ..
    } = overview;
    let mut kinds: BTreeMap<String, [u64; 4]> = BTreeMap::new();
    for count in counts {
        let slot = JobStatus::ALL
            .iter()
            .position(|s| *s == count.status)
            .unwrap_or_default();
        kinds.entry(count.kind).or_default()[slot] += count.count;
    }
    Ok(JobsPage {
        c: Chrome::for_viewer(&viewer, "admin"),
        tab: "jobs",
        statuses: JobStatus::ALL
            .iter()
            .map(|s| tr.get(&format!("jobs-status-{}", s.as_str())))
            .collect(),
        kinds: kinds
            .into_iter()
            .map(|(kind, counts)| KindRow { kind, counts })
            .collect(),
        queue_depth,
        oldest_wait: oldest_queued_age
            .map_or_else(|| tr.get("jobs-oldest-none"), |age| wait(tr, age)),
        failures: recent_failures
            .into_iter()
            .map(|job| failure_row(tr, job))
            .collect(),
        retried: q.contains_key("retried"),
    }
    .into_response())
}

pub async fn retry(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm,
) -> UiResult<Response> {
    state
        .service
        .retry_dead_job(&viewer.actor, id)
        .await
        .ui(&viewer.tr, BACK)?;
    Ok(see_other(&format!("{BACK}?retried={id}")))
}

fn failure_row(tr: &Tr, job: Job) -> FailureRow {
    let dead = job.status == JobStatus::Dead;
    let (status, when) = if dead {
        (
            tr.get("jobs-status-dead"),
            job.finished_at
                .map_or_else(String::new, |at| tr.datetime(at)),
        )
    } else {
        (
            tr.get("jobs-status-retrying"),
            format!(
                "{}: {}",
                tr.get("jobs-next-attempt"),
                tr.datetime(job.run_at)
            ),
        )
    };
    FailureRow {
        id: job.id,
        kind: job.kind,
        status,
        attempts: format!("{} / {}", job.attempts, job.max_attempts),
        error: job.last_error.unwrap_or_default(),
        when,
        dead,
    }
}

/// A wait in whole seconds, or minutes once it is long.
fn wait(tr: &Tr, age: SignedDuration) -> String {
    let seconds = age.as_secs().max(0);
    if seconds <= SECONDS_SHOWN_UP_TO {
        tr.count("jobs-age-seconds", seconds)
    } else {
        tr.count("jobs-age-minutes", seconds / 60)
    }
}
