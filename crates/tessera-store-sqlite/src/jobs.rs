//! The durable job queue and periodic schedules. Every change runs on the writer
//! thread, one at a time, so a claim (find the due jobs, mark them running) and a
//! schedule's compare-and-set are atomic without any locking of our own.
//!
//! Queries repeat the partial indexes' `status IN ('queued', 'running')` term
//! verbatim: SQLite uses a partial index only when the query's WHERE contains it.
//! Without statistics (Tessera does not run ANALYZE) the planner would rather scan
//! `jobs_status` and sort, so the claim and next-due queries name their index:
//! with `INDEXED BY`, a query that cannot use it fails instead of slowing down.

use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension};
use tessera_store::{Job, JobStatus, NewJob, Schedule, StoreError};

use crate::error::{Result, corrupt};
use crate::rows::{self, JOB_COLUMNS, SCHEDULE_COLUMNS, micros, opt_micros};

/// Most jobs one `list_jobs` returns.
const MAX_LIST: u32 = 500;

// ----- jobs ----------------------------------------------------------------------

/// Inserts `jobs` in order, skipping those whose dedupe key a live job holds (the
/// holder's id stands in). Also used inside ticket writes and schedule advances.
pub(crate) fn enqueue(conn: &Connection, jobs: &[NewJob]) -> Result<Vec<i64>> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let created_at = micros(Timestamp::now());
    let mut holder = conn.prepare_cached(
        "SELECT id FROM jobs
         WHERE dedupe_key = ?1 AND status IN ('queued', 'running')",
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO jobs (kind, payload, run_at, max_attempts, dedupe_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )?;
    let mut ids = Vec::with_capacity(jobs.len());
    for job in jobs {
        if let Some(key) = &job.dedupe_key
            && let Some(id) = holder.query_row([key], |row| row.get(0)).optional()?
        {
            ids.push(id);
            continue;
        }
        ids.push(insert.query_row(
            (
                &job.kind,
                serde_json::to_string(&job.payload)?,
                micros(job.run_at),
                job.max_attempts,
                &job.dedupe_key,
                created_at,
            ),
            |row| row.get(0),
        )?);
    }
    Ok(ids)
}

/// `now + lease`, the end of a claim.
fn lease_end(now: Timestamp, lease: SignedDuration) -> Result<i64> {
    now.checked_add(lease)
        .map(micros)
        .map_err(|_| StoreError::Other(format!("lease {lease} out of range")).into())
}

/// Claims `?4` due jobs for worker `?1` until `?2`, at `?3`. A running job's
/// run_at is at most the time it was claimed, which is before its lease ended:
/// `run_at <= now` holds for expired leases too, so one range scan of the
/// claimable index, in claim order, finds both kinds.
fn claim_sql() -> String {
    format!(
        "UPDATE jobs SET status = 'running', locked_by = ?1, locked_until = ?2,
             attempts = attempts + 1
         WHERE id IN (
             SELECT id FROM jobs INDEXED BY jobs_claimable
             WHERE status IN ('queued', 'running') AND run_at <= ?3
               AND (status = 'queued' OR locked_until < ?3)
             ORDER BY run_at, id LIMIT ?4)
         RETURNING {JOB_COLUMNS}"
    )
}

/// The earliest run_at of the queued jobs.
const NEXT_DUE: &str = "SELECT run_at FROM jobs INDEXED BY jobs_claimable
     WHERE status IN ('queued', 'running') AND status = 'queued'
     ORDER BY run_at LIMIT 1";

pub(crate) fn claim(
    conn: &Connection,
    worker: &str,
    limit: u32,
    now: Timestamp,
    lease: SignedDuration,
) -> Result<Vec<Job>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let mut claimed: Vec<Job> = conn
        .prepare_cached(&claim_sql())?
        .query_map(
            (
                worker,
                lease_end(now, lease)?,
                micros(now),
                i64::from(limit),
            ),
            rows::job,
        )?
        .collect::<rusqlite::Result<_>>()?;
    // RETURNING follows no particular order.
    claimed.sort_by_key(|j| (j.run_at, j.id));
    Ok(claimed)
}

pub(crate) fn complete(conn: &Connection, id: i64, worker: &str, now: Timestamp) -> Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE jobs SET status = 'done', finished_at = ?3, locked_by = NULL,
                 locked_until = NULL
             WHERE id = ?1 AND status = 'running' AND locked_by = ?2",
        )?
        .execute((id, worker, micros(now)))?;
    Ok(changed == 1)
}

pub(crate) fn fail(
    conn: &Connection,
    id: i64,
    worker: &str,
    error: &str,
    retry_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<bool> {
    let (status, finished_at) = match retry_at {
        Some(_) => (JobStatus::Queued, None),
        None => (JobStatus::Dead, Some(now)),
    };
    let changed = conn
        .prepare_cached(
            "UPDATE jobs SET status = ?3, last_error = ?4, run_at = coalesce(?5, run_at),
                 finished_at = ?6, locked_by = NULL, locked_until = NULL
             WHERE id = ?1 AND status = 'running' AND locked_by = ?2",
        )?
        .execute((
            id,
            worker,
            status.as_str(),
            error,
            opt_micros(retry_at),
            opt_micros(finished_at),
        ))?;
    Ok(changed == 1)
}

pub(crate) fn retry(conn: &Connection, id: i64, now: Timestamp) -> Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE jobs SET status = 'queued', run_at = ?2, attempts = 0, finished_at = NULL
             WHERE id = ?1 AND status = 'dead'",
        )?
        .execute((id, micros(now)))?;
    Ok(changed == 1)
}

pub(crate) fn list(conn: &Connection, status: Option<JobStatus>, limit: u32) -> Result<Vec<Job>> {
    let limit = i64::from(limit.clamp(1, MAX_LIST));
    let jobs = match status {
        Some(status) => conn
            .prepare_cached(&format!(
                "SELECT {JOB_COLUMNS} FROM jobs WHERE status = ?1 ORDER BY id DESC LIMIT ?2"
            ))?
            .query_map((status.as_str(), limit), rows::job)?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare_cached(&format!(
                "SELECT {JOB_COLUMNS} FROM jobs ORDER BY id DESC LIMIT ?1"
            ))?
            .query_map([limit], rows::job)?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(jobs)
}

pub(crate) fn counts(conn: &Connection) -> Result<Vec<(String, JobStatus, u64)>> {
    let mut counts = conn
        .prepare_cached("SELECT kind, status, count(*) FROM jobs GROUP BY kind, status")?
        .query_map([], |row| {
            let mut c = rows::Columns::new(row);
            let kind: String = c.get()?;
            let status = c.job_status()?;
            let count: i64 = c.get()?;
            let count = u64::try_from(count).map_err(|e| corrupt(2, e))?;
            Ok((kind, status, count))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    counts.sort();
    Ok(counts)
}

pub(crate) fn next_due(conn: &Connection) -> Result<Option<Timestamp>> {
    let due: Option<i64> = conn
        .prepare_cached(NEXT_DUE)?
        .query_row([], |row| row.get(0))
        .optional()?;
    due.map(|us| {
        Timestamp::from_microsecond(us)
            .map_err(|e| StoreError::Other(format!("invalid run_at {us}: {e}")).into())
    })
    .transpose()
}

// ----- schedules -----------------------------------------------------------------

pub(crate) fn ensure_schedule(
    conn: &Connection,
    name: &str,
    first_run_at: Timestamp,
) -> Result<Schedule> {
    conn.prepare_cached(
        "INSERT INTO schedules (name, next_run_at) VALUES (?1, ?2)
         ON CONFLICT (name) DO NOTHING",
    )?
    .execute((name, micros(first_run_at)))?;
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SCHEDULE_COLUMNS} FROM schedules WHERE name = ?1"
        ))?
        .query_row([name], rows::schedule)?)
}

pub(crate) fn advance_schedule(
    conn: &Connection,
    name: &str,
    expected_next: Timestamp,
    new_next: Timestamp,
    job: Option<NewJob>,
) -> Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE schedules SET next_run_at = ?3, last_run_at = ?2
             WHERE name = ?1 AND next_run_at = ?2",
        )?
        .execute((name, micros(expected_next), micros(new_next)))?;
    if changed == 0 {
        let exists = conn
            .prepare_cached("SELECT 1 FROM schedules WHERE name = ?1")?
            .exists([name])?;
        return if exists {
            Ok(false)
        } else {
            Err(StoreError::not_found("schedule").into())
        };
    }
    enqueue(conn, job.as_slice())?;
    Ok(true)
}

pub(crate) fn list_schedules(conn: &Connection) -> Result<Vec<Schedule>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SCHEDULE_COLUMNS} FROM schedules ORDER BY name"
        ))?
        .query_map([], rows::schedule)?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query plan of `sql` (parameters left unbound), one detail per line.
    fn plan(conn: &Connection, sql: &str) -> Result<String> {
        let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let mut rows = statement.raw_query();
        let mut details = Vec::new();
        while let Some(row) = rows.next()? {
            details.push(row.get::<_, String>(3)?);
        }
        Ok(details.join("\n"))
    }

    #[test]
    fn claiming_and_dedupe_use_the_partial_indexes() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        crate::migrate::apply(&mut conn)?;
        let claim = plan(&conn, &claim_sql())?;
        assert!(
            claim.contains("USING INDEX jobs_claimable (run_at<?)"),
            "{claim}"
        );
        assert!(!claim.contains("TEMP B-TREE"), "{claim}");
        let next = plan(&conn, NEXT_DUE)?;
        assert!(next.contains("jobs_claimable"), "{next}");
        assert!(!next.contains("TEMP B-TREE"), "{next}");
        let holder = plan(
            &conn,
            "SELECT id FROM jobs WHERE dedupe_key = ?1 AND status IN ('queued', 'running')",
        )?;
        assert!(
            holder.contains("jobs_dedupe_key (dedupe_key=?)"),
            "{holder}"
        );
        Ok(())
    }
}
