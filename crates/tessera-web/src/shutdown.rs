//! A signal that ends long-lived responses (the UI's Server-Sent Events streams)
//! when the server stops. Graceful shutdown waits for open connections, and an
//! event stream never finishes on its own, so without this a deploy would wait
//! out the whole grace period.

use std::sync::Arc;

use tokio::sync::watch;

/// Cheap to clone; every clone triggers the same signal.
#[derive(Clone, Debug)]
pub struct ShutdownSignal {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for ShutdownSignal {
    fn default() -> Self {
        ShutdownSignal::new()
    }
}

impl ShutdownSignal {
    pub fn new() -> ShutdownSignal {
        ShutdownSignal {
            tx: Arc::new(watch::channel(false).0),
        }
    }

    /// Ends every open stream; streams opened afterwards end at once.
    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }

    pub fn is_triggered(&self) -> bool {
        *self.tx.borrow()
    }

    /// Resolves once [`ShutdownSignal::trigger`] has been called.
    pub(crate) fn triggered(&self) -> impl Future<Output = ()> + Send + Sync + 'static {
        let mut rx = self.tx.subscribe();
        async move {
            loop {
                if *rx.borrow_and_update() {
                    return;
                }
                if rx.changed().await.is_err() {
                    // The sender lives as long as any clone; gone means no trigger.
                    std::future::pending::<()>().await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn trigger_wakes_waiters_and_later_ones() {
        let signal = ShutdownSignal::new();
        let waiting = tokio::spawn(signal.triggered());
        signal.clone().trigger();
        assert!(waiting.await.is_ok());
        tokio::time::timeout(std::time::Duration::from_secs(1), signal.triggered())
            .await
            .expect("already triggered");
        assert!(signal.is_triggered());
    }
}
