//! The in-process wake-up signal between enqueuers and the runner.

use std::sync::Arc;

use tokio::sync::Notify;

/// Wakes a [`Runner`](crate::Runner) so that it claims at once instead of at its
/// next poll. Cheap to clone; the service calls [`Waker::wake`] after committing a
/// transaction that enqueued jobs.
///
/// One waker serves one runner: a wake that arrives while the runner is busy is kept
/// (as a single permit) and consumed on its next wait, so none is lost.
#[derive(Debug, Clone, Default)]
pub struct Waker {
    notify: Arc<Notify>,
}

impl Waker {
    pub fn new() -> Waker {
        Waker::default()
    }

    /// Tells the runner that jobs may be due. Never blocks; wakes coalesce.
    pub fn wake(&self) {
        self.notify.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.notify.notified().await;
    }
}
