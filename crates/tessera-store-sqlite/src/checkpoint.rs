//! The checkpointer: a thread that copies the WAL back into the database file
//! every [`INTERVAL`], so the writer thread does not have to. Measured on the
//! ticket-create benchmark, checkpoints run by the writer itself (SQLite's default
//! every 1000 pages) took about half of its time; moved here, that work runs on
//! another core while the writer keeps committing.
//!
//! PASSIVE checkpoints never block the writer or readers; what they cannot copy
//! yet is copied next time (and the writer's own large autocheckpoint bounds the
//! WAL under constant load).

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

const INTERVAL: Duration = Duration::from_millis(200);

pub(crate) struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub(crate) fn spawn(conn: Connection) -> std::io::Result<Checkpointer> {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("tessera-sqlite-checkpoint".into())
            .spawn(move || {
                // Runs until the store drops the sender.
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(INTERVAL) {
                    checkpoint(&conn);
                }
            })?;
        Ok(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn checkpoint(conn: &Connection) {
    // Answers (busy, frames in the WAL, frames checkpointed); only failures matter.
    let result = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    if let Err(e) = result {
        tracing::warn!(error = %e, "SQLite checkpoint failed");
    }
}
