//! The wake-up signal between enqueuers and the runner: in-process always, and
//! to the runners of other nodes when a [`PeerSignal`] is attached.

use std::fmt;
use std::sync::Arc;

use tokio::sync::Notify;

/// Tells the runners of other nodes that jobs may be due (e.g. PostgreSQL
/// `NOTIFY`, see [`PgNotifier`](crate::PgNotifier)). Must not block: called from
/// [`Waker::wake`].
pub trait PeerSignal: Send + Sync + 'static {
    fn signal(&self);
}

/// Wakes a [`Runner`](crate::Runner) so that it claims at once instead of at its
/// next poll. Cheap to clone; enqueuers call [`Waker::wake`] after committing a
/// transaction that enqueued jobs.
///
/// One waker serves one runner: a wake that arrives while the runner is busy is kept
/// (as a single permit) and consumed on its next wait, so none is lost. With
/// [`Waker::with_peers`] every wake is also passed on to the other nodes, whose
/// runners may have free slots when this one has none.
#[derive(Clone, Default)]
pub struct Waker {
    notify: Arc<Notify>,
    peers: Option<Arc<dyn PeerSignal>>,
}

impl Waker {
    pub fn new() -> Waker {
        Waker::default()
    }

    /// Passes every wake on to other nodes through `peers` as well.
    #[must_use]
    pub fn with_peers(mut self, peers: impl PeerSignal) -> Waker {
        self.peers = Some(Arc::new(peers));
        self
    }

    /// Tells the runner (and the other nodes, if attached) that jobs may be due.
    /// Never blocks; wakes coalesce.
    pub fn wake(&self) {
        self.notify.notify_one();
        if let Some(peers) = &self.peers {
            peers.signal();
        }
    }

    pub(crate) async fn woken(&self) {
        self.notify.notified().await;
    }
}

impl fmt::Debug for Waker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waker")
            .field("peers", &self.peers.is_some())
            .finish_non_exhaustive()
    }
}
