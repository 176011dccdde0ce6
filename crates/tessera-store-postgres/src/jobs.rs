//! The durable job queue and periodic schedules, shared by every node.
//!
//! Claiming locks the chosen rows with `for update skip locked`: concurrent
//! claimers, on any node, each take different jobs and never wait for one
//! another. Dedupe rides on a partial unique index over live jobs, and a
//! schedule advances with a compare-and-set update, so exactly one node enqueues
//! each occurrence.

use jiff::{SignedDuration, Timestamp};
use sqlx::postgres::PgBindIterExt;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use tessera_store::{Job, JobStatus, NewJob, Schedule, StoreError, StoreResult};

use crate::errors::{corrupt, from_sqlx};
use crate::rows::{self, job_columns, micros, opt_micros};

/// Most jobs one `list_jobs` returns.
const MAX_LIST: u32 = 500;

/// Times a deduplicated insert is tried when the job holding its key keeps
/// finishing between the insert and the lookup.
const DEDUPE_TRIES: usize = 5;

// ----- enqueueing ------------------------------------------------------------------

pub(crate) async fn enqueue_jobs(pool: &PgPool, jobs: Vec<NewJob>) -> StoreResult<Vec<i64>> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let ids = enqueue(&mut tx, &jobs.iter().collect::<Vec<_>>()).await?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(ids)
}

/// Inserts `jobs` in the caller's transaction; returns their ids in input order. A
/// job whose dedupe key a live job holds is not inserted: the holder's id stands in.
pub(crate) async fn enqueue(conn: &mut PgConnection, jobs: &[&NewJob]) -> StoreResult<Vec<i64>> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let created_at = micros(Timestamp::now());
    let plain: Vec<&NewJob> = jobs
        .iter()
        .copied()
        .filter(|j| j.dedupe_key.is_none())
        .collect();
    let mut plain_ids = insert_plain(conn, &plain, created_at).await?.into_iter();
    let mut ids = Vec::with_capacity(jobs.len());
    for job in jobs {
        let id = match &job.dedupe_key {
            None => plain_ids
                .next()
                .ok_or_else(|| StoreError::Other("job insert lost a row".to_owned()))?,
            Some(key) => insert_deduped(conn, job, key, created_at).await?,
        };
        ids.push(id);
    }
    Ok(ids)
}

/// Jobs without a dedupe key, in one statement; ids in input order.
async fn insert_plain(
    conn: &mut PgConnection,
    jobs: &[&NewJob],
    created_at: i64,
) -> StoreResult<Vec<i64>> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    // Identity values are drawn as rows are produced, in `ord` order, so sorted ids
    // line up with the input.
    let mut ids: Vec<i64> = sqlx::query_scalar(
        "insert into jobs (kind, payload, run_at, max_attempts, created_at)
         select j.kind, j.payload, j.run_at, j.max_attempts, $5
         from unnest($1::text[], $2::jsonb[], $3::bigint[], $4::integer[])
              with ordinality as j(kind, payload, run_at, max_attempts, ord)
         order by j.ord
         returning id",
    )
    .bind(jobs.iter().map(|j| j.kind.as_str()).bind_iter())
    .bind(jobs.iter().map(|j| Json(&j.payload)).bind_iter())
    .bind(jobs.iter().map(|j| micros(j.run_at)).bind_iter())
    .bind(jobs.iter().map(|j| j.max_attempts).bind_iter())
    .bind(created_at)
    .fetch_all(conn)
    .await
    .map_err(from_sqlx)?;
    ids.sort_unstable();
    Ok(ids)
}

/// One job with a dedupe key: inserted, or the id of the live job holding the key.
async fn insert_deduped(
    conn: &mut PgConnection,
    job: &NewJob,
    key: &str,
    created_at: i64,
) -> StoreResult<i64> {
    for _ in 0..DEDUPE_TRIES {
        // A conflicting insert still in flight elsewhere makes this wait for its
        // outcome; the only unique rule on jobs is the dedupe index.
        let inserted: Option<i64> = sqlx::query_scalar(
            "insert into jobs (kind, payload, run_at, max_attempts, dedupe_key, created_at)
             values ($1, $2, $3, $4, $5, $6)
             on conflict do nothing
             returning id",
        )
        .bind(&job.kind)
        .bind(Json(&job.payload))
        .bind(micros(job.run_at))
        .bind(job.max_attempts)
        .bind(key)
        .bind(created_at)
        .fetch_optional(&mut *conn)
        .await
        .map_err(from_sqlx)?;
        if let Some(id) = inserted {
            return Ok(id);
        }
        let holder: Option<i64> = sqlx::query_scalar(
            "select id from jobs where dedupe_key = $1 and status in ('queued', 'running')",
        )
        .bind(key)
        .fetch_optional(&mut *conn)
        .await
        .map_err(from_sqlx)?;
        if let Some(id) = holder {
            return Ok(id);
        }
        // The holder finished between the two statements: the key is free again.
    }
    Err(StoreError::conflict("job_dedupe"))
}

// ----- running -----------------------------------------------------------------------

pub(crate) async fn claim_jobs(
    pool: &PgPool,
    worker: &str,
    limit: u32,
    now: Timestamp,
    lease: SignedDuration,
) -> StoreResult<Vec<Job>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let locked_until = now
        .checked_add(lease)
        .map_err(|_| StoreError::Other(format!("lease {lease} out of range")))?;
    // A running job's run_at is at most the time it was claimed, which is before its
    // lease ended, so `run_at <= now` also holds for expired leases: one range scan
    // of the claimable index, in claim order, finds both kinds. The CTE is
    // materialized so the locking subquery runs exactly once.
    let found = sqlx::query(concat!(
        "with claimable as materialized (
             select id from jobs
             where status in ('queued', 'running') and run_at <= $3
               and (status = 'queued' or locked_until < $3)
             order by run_at, id
             limit $4
             for update skip locked)
         update jobs set status = 'running', locked_by = $1, locked_until = $2,
             attempts = attempts + 1
         where id in (select id from claimable)
         returning ",
        job_columns!()
    ))
    .bind(worker)
    .bind(micros(locked_until))
    .bind(micros(now))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    let mut claimed = found
        .iter()
        .map(rows::job)
        .collect::<StoreResult<Vec<_>>>()?;
    // RETURNING follows no particular order.
    claimed.sort_by_key(|j| (j.run_at, j.id));
    Ok(claimed)
}

pub(crate) async fn complete_job(
    pool: &PgPool,
    id: i64,
    worker: &str,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "update jobs set status = 'done', finished_at = $3, locked_by = null, locked_until = null
         where id = $1 and status = 'running' and locked_by = $2",
    )
    .bind(id)
    .bind(worker)
    .bind(micros(now))
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn fail_job(
    pool: &PgPool,
    id: i64,
    worker: &str,
    error: &str,
    retry_at: Option<Timestamp>,
    now: Timestamp,
) -> StoreResult<bool> {
    let (status, finished_at) = match retry_at {
        Some(_) => (JobStatus::Queued, None),
        None => (JobStatus::Dead, Some(now)),
    };
    let done = sqlx::query(
        "update jobs set status = $3, last_error = $4, run_at = coalesce($5, run_at),
             finished_at = $6, locked_by = null, locked_until = null
         where id = $1 and status = 'running' and locked_by = $2",
    )
    .bind(id)
    .bind(worker)
    .bind(status.as_str())
    .bind(error)
    .bind(opt_micros(retry_at))
    .bind(opt_micros(finished_at))
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn retry_job(pool: &PgPool, id: i64, now: Timestamp) -> StoreResult<bool> {
    let done = sqlx::query(
        "update jobs set status = 'queued', run_at = $2, attempts = 0, finished_at = null
         where id = $1 and status = 'dead'",
    )
    .bind(id)
    .bind(micros(now))
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}

// ----- watching ----------------------------------------------------------------------

pub(crate) async fn list_jobs(
    pool: &PgPool,
    status: Option<JobStatus>,
    limit: u32,
) -> StoreResult<Vec<Job>> {
    let limit = i64::from(limit.clamp(1, MAX_LIST));
    // Two statements rather than `$1 is null or status = $1`, which a generic plan
    // could not serve from the (status, id) index.
    let found = match status {
        Some(status) => sqlx::query(concat!(
            "select ",
            job_columns!(),
            " from jobs where status = $1 order by id desc limit $2"
        ))
        .bind(status.as_str())
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?,
        None => sqlx::query(concat!(
            "select ",
            job_columns!(),
            " from jobs order by id desc limit $1"
        ))
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?,
    };
    found.iter().map(rows::job).collect()
}

pub(crate) async fn job_counts(pool: &PgPool) -> StoreResult<Vec<(String, JobStatus, u64)>> {
    let found: Vec<(String, String, i64)> =
        sqlx::query_as("select kind, status, count(*) from jobs group by kind, status")
            .fetch_all(pool)
            .await
            .map_err(from_sqlx)?;
    let mut counts = found
        .into_iter()
        .map(|(kind, status, count)| {
            let status = rows::job_status(&status)?;
            let count = u64::try_from(count).map_err(|_| corrupt("count", count))?;
            Ok((kind, status, count))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    counts.sort();
    Ok(counts)
}

pub(crate) async fn next_job_due(pool: &PgPool) -> StoreResult<Option<Timestamp>> {
    let due: Option<i64> =
        sqlx::query_scalar("select min(run_at) from jobs where status = 'queued'")
            .fetch_one(pool)
            .await
            .map_err(from_sqlx)?;
    due.map(|us| Timestamp::from_microsecond(us).map_err(|_| corrupt("run_at", us)))
        .transpose()
}

// ----- schedules -----------------------------------------------------------------------

pub(crate) async fn ensure_schedule(
    pool: &PgPool,
    name: &str,
    first_run_at: Timestamp,
) -> StoreResult<Schedule> {
    sqlx::query(
        "insert into schedules (name, next_run_at) values ($1, $2)
         on conflict (name) do nothing",
    )
    .bind(name)
    .bind(micros(first_run_at))
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    let row = sqlx::query("select name, next_run_at, last_run_at from schedules where name = $1")
        .bind(name)
        .fetch_one(pool)
        .await
        .map_err(from_sqlx)?;
    rows::schedule(&row)
}

pub(crate) async fn advance_schedule(
    pool: &PgPool,
    name: &str,
    expected_next: Timestamp,
    new_next: Timestamp,
    job: Option<NewJob>,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    // A racing node's update waits on the row lock, then re-reads the row and finds
    // next_run_at moved on: it updates nothing.
    let done = sqlx::query(
        "update schedules set next_run_at = $3, last_run_at = $2
         where name = $1 and next_run_at = $2",
    )
    .bind(name)
    .bind(micros(expected_next))
    .bind(micros(new_next))
    .execute(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    if done.rows_affected() == 0 {
        let exists: Option<String> =
            sqlx::query_scalar("select name from schedules where name = $1")
                .bind(name)
                .fetch_optional(&mut *tx)
                .await
                .map_err(from_sqlx)?;
        tx.rollback().await.map_err(from_sqlx)?;
        return match exists {
            Some(_) => Ok(false),
            None => Err(StoreError::not_found("schedule")),
        };
    }
    enqueue(&mut tx, &job.iter().collect::<Vec<_>>()).await?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(true)
}

pub(crate) async fn list_schedules(pool: &PgPool) -> StoreResult<Vec<Schedule>> {
    let found = sqlx::query("select name, next_run_at, last_run_at from schedules order by name")
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    found.iter().map(rows::schedule).collect()
}
