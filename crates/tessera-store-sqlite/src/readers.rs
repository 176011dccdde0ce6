//! The reader pool: read-only connections used on tokio's blocking threads. In WAL
//! mode readers never block the writer nor each other, so reads scale with cores
//! while writes queue on the writer thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;
use tessera_store::{StoreError, StoreResult};
use tokio::sync::Semaphore;

use crate::connection;
use crate::error::Result;

pub(crate) struct Readers {
    idle: Arc<Idle>,
    /// At most this many reads at once: each holds a connection (and a blocking thread).
    permits: Arc<Semaphore>,
}

struct Idle {
    path: PathBuf,
    connections: Mutex<Vec<Connection>>,
}

impl Readers {
    pub(crate) fn new(path: PathBuf, size: usize) -> Readers {
        let size = size.max(1);
        Readers {
            idle: Arc::new(Idle {
                path,
                connections: Mutex::new(Vec::with_capacity(size)),
            }),
            permits: Arc::new(Semaphore::new(size)),
        }
    }

    /// Runs `work` on a reader connection. Work issuing several queries that must see
    /// one snapshot wraps them in a transaction itself.
    pub(crate) async fn read<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Unavailable("the reader pool is closed".into()))?;
        let idle = Arc::clone(&self.idle);
        // The connection goes back to the pool inside the blocking task, so it is not
        // lost when the caller's future is dropped mid-read. Connections are opened
        // lazily, which also replaces any lost to a panic.
        let task = tokio::task::spawn_blocking(move || {
            let conn = match idle.take() {
                Some(conn) => conn,
                None => connection::open_reader(&idle.path)?,
            };
            let result = work(&conn);
            idle.put(conn);
            drop(permit);
            result
        });
        match task.await {
            Ok(result) => result.map_err(StoreError::from),
            Err(e) => Err(StoreError::Other(format!("read task failed: {e}"))),
        }
    }
}

impl Idle {
    fn take(&self) -> Option<Connection> {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
    }

    fn put(&self, conn: Connection) {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(conn);
    }
}
