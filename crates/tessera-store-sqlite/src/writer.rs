//! The single writer. SQLite allows one writer at a time anyway; owning the write
//! connection on one OS thread turns lock contention (busy waits, `SQLITE_BUSY`)
//! into a queue, and makes "read max(number), insert max + 1" race-free.
//!
//! Group commit: the thread takes every job already queued (up to [`MAX_BATCH`]) and
//! runs them in one `BEGIN IMMEDIATE … COMMIT`, each inside its own SAVEPOINT, so one
//! job's failure rolls back only that job while the commit cost (WAL append, and an
//! fsync with `synchronous=FULL`) is shared by the whole batch. Replies are sent only
//! after the batch commits, so a caller never sees a write that could still vanish.
//!
//! A `before_commit` hook runs once per batch after the jobs, outside their
//! savepoints; the search index uses it to apply the batch's documents at once.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread::JoinHandle;

use rusqlite::Connection;
use tessera_store::{StoreError, StoreResult};
use tokio::sync::oneshot;

use crate::error::Result;

/// Most jobs sharing one transaction; bounds how long the first caller waits.
const MAX_BATCH: usize = 64;

/// Work for the end of every batch's transaction; an error rolls the batch back.
pub(crate) type BeforeCommit = fn(&Connection) -> Result<()>;

pub(crate) struct Writer {
    jobs: Option<mpsc::Sender<Box<dyn Job>>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the writer thread, which owns `conn` from now on.
    pub(crate) fn spawn(conn: Connection, before_commit: BeforeCommit) -> std::io::Result<Writer> {
        let (jobs, queue) = mpsc::channel::<Box<dyn Job>>();
        let thread = std::thread::Builder::new()
            .name("tessera-sqlite-writer".into())
            .spawn(move || run(conn, queue, before_commit))?;
        Ok(Writer {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Runs `work` in a write transaction and returns its result once committed.
    /// An `Err` from `work` rolls back everything it wrote.
    pub(crate) async fn write<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        self.submit(work, false).await
    }

    /// Like [`Writer::write`], but in a transaction of its own without a savepoint:
    /// for bulk work, where SQLite's sub-journal bookkeeping for a savepoint holding
    /// thousands of modified pages costs more than the inserts themselves.
    pub(crate) async fn write_alone<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        self.submit(work, true).await
    }

    async fn submit<T, F>(&self, work: F, alone: bool) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let (reply, outcome) = oneshot::channel();
        let job = Pending {
            work: Some(work),
            outcome: None,
            reply,
            alone,
        };
        self.jobs
            .as_ref()
            .and_then(|jobs| jobs.send(Box::new(job)).ok())
            .ok_or_else(stopped)?;
        outcome.await.map_err(|_| stopped())?
    }
}

impl Drop for Writer {
    /// Closing the channel lets the thread finish what is queued and exit; joining it
    /// closes the connection before the store is gone.
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            // A panic on the writer thread was already reported to its callers.
            let _ = thread.join();
        }
    }
}

fn stopped() -> StoreError {
    StoreError::Unavailable("the SQLite writer has stopped".into())
}

/// A queued write, type-erased so jobs with different results share one channel.
trait Job: Send {
    /// Whether the job runs in a transaction of its own, without a savepoint.
    fn alone(&self) -> bool;
    /// Runs the work; true if it succeeded (and its changes should be kept).
    fn run(&mut self, conn: &Connection) -> bool;
    /// Reports the outcome, given whether the enclosing transaction committed.
    fn finish(self: Box<Self>, committed: &std::result::Result<(), String>);
}

struct Pending<T, F> {
    work: Option<F>,
    outcome: Option<Result<T>>,
    reply: oneshot::Sender<StoreResult<T>>,
    alone: bool,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> Result<T> + Send,
{
    fn alone(&self) -> bool {
        self.alone
    }

    fn run(&mut self, conn: &Connection) -> bool {
        let Some(work) = self.work.take() else {
            return false;
        };
        let outcome = work(conn);
        let ok = outcome.is_ok();
        self.outcome = Some(outcome);
        ok
    }

    fn finish(self: Box<Self>, committed: &std::result::Result<(), String>) {
        let reply = match (self.outcome, committed) {
            (Some(Err(e)), _) => Err(e.into()),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (Some(Ok(_)), Err(why)) => Err(StoreError::Other(why.clone())),
            (None, _) => Err(StoreError::Other("the write panicked".into())),
        };
        // The caller may have stopped waiting; the write stands either way.
        let _ = self.reply.send(reply);
    }
}

fn run(conn: Connection, queue: mpsc::Receiver<Box<dyn Job>>, before_commit: BeforeCommit) {
    // A job that must run alone, received while filling the previous batch.
    let mut held: Option<Box<dyn Job>> = None;
    loop {
        let first = match held.take() {
            Some(job) => job,
            None => match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        let mut batch = vec![first];
        while !batch[0].alone() && batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) if job.alone() => {
                    held = Some(job);
                    break;
                }
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let committed = run_batch(&conn, &mut batch, before_commit);
        if let Err(why) = &committed {
            tracing::error!(error = %why, jobs = batch.len(), "SQLite write batch failed");
        }
        for job in batch {
            job.finish(&committed);
        }
    }
}

fn run_batch(
    conn: &Connection,
    batch: &mut [Box<dyn Job>],
    before_commit: BeforeCommit,
) -> std::result::Result<(), String> {
    let result = exec(conn, "BEGIN IMMEDIATE").and_then(|()| {
        for job in batch.iter_mut() {
            if job.alone() {
                run_alone(job.as_mut())(conn)?;
            } else {
                run_job(conn, job.as_mut())?;
            }
        }
        before_commit(conn).map_err(|e| StoreError::from(e).to_string())?;
        exec(conn, "COMMIT")
    });
    if result.is_err() && !conn.is_autocommit() {
        // Best effort: if even ROLLBACK fails the connection is unusable and the next
        // BEGIN will report it.
        let _ = exec(conn, "ROLLBACK");
    }
    result
}

/// A job alone in its transaction: its failure fails (rolls back) the transaction.
fn run_alone(
    job: &mut dyn Job,
) -> impl FnOnce(&Connection) -> std::result::Result<(), String> + '_ {
    move |conn| {
        let ok = catch_unwind(AssertUnwindSafe(|| job.run(conn))).unwrap_or(false);
        if ok {
            Ok(())
        } else {
            Err("the write failed".into())
        }
    }
}

/// One job inside its savepoint. Errs only when the batch's transaction cannot go on.
fn run_job(conn: &Connection, job: &mut dyn Job) -> std::result::Result<(), String> {
    exec(conn, "SAVEPOINT job")?;
    // A panic in one job must not take the writer thread (and every later write)
    // down with it; it is treated like a failed job.
    let ok = catch_unwind(AssertUnwindSafe(|| job.run(conn))).unwrap_or(false);
    if conn.is_autocommit() {
        // Some errors (e.g. SQLITE_FULL) make SQLite roll back the whole transaction.
        return Err("SQLite rolled back the transaction".into());
    }
    if !ok {
        exec(conn, "ROLLBACK TO job")?;
    }
    exec(conn, "RELEASE job")
}

fn exec(conn: &Connection, sql: &str) -> std::result::Result<(), String> {
    conn.prepare_cached(sql)
        .and_then(|mut statement| statement.execute([]))
        .map(|_| ())
        .map_err(|e| format!("{sql}: {e}"))
}
