//! Prompt wake-ups across nodes on PostgreSQL: `LISTEN`/`NOTIFY` on one channel.
//!
//! A node that enqueued jobs (its [`Waker`](crate::Waker) was woken) sends
//! `NOTIFY tessera_jobs_wake, '<node>'` through its [`PgNotifier`]; every node
//! listens with [`pg_wakeups`], a stream to plug into
//! [`Runner::with_external_wakeups`](crate::Runner::with_external_wakeups). The
//! payload names the sender, so a node ignores its own notifications (its runner
//! was already woken in-process).
//!
//! Notifications are hints, not the queue: one lost while a connection was down
//! costs a wait of at most the poll interval, and the stream yields once after
//! every reconnection so that such a gap is caught up at once.

use std::time::Duration;

use futures_util::Stream;
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use tokio::sync::mpsc;

use crate::waker::PeerSignal;

/// The channel every node listens on.
pub const WAKE_CHANNEL: &str = "tessera_jobs_wake";

/// Waits after a failed reconnection, doubling up to [`MAX_RETRY_WAIT`].
const FIRST_RETRY_WAIT: Duration = Duration::from_millis(500);
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

/// Sends the `NOTIFY`s of one node, from a background task on one lazily opened
/// connection. Wakes that arrive while one is being sent are coalesced into the
/// next, so a burst of enqueues costs a handful of notifications, not one each.
/// Cheap to clone; the task ends when the last clone is dropped.
#[derive(Debug, Clone)]
pub struct PgNotifier {
    pending: mpsc::Sender<()>,
}

impl PgNotifier {
    /// Starts the sender task for `node` (the runner's worker id). Fails only on a
    /// malformed URL: the connection is opened at the first notification, and a
    /// failing one is logged, not fatal (polling still finds the jobs).
    ///
    /// Must be called inside a Tokio runtime.
    pub fn start(database_url: &str, node: &str) -> Result<PgNotifier, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .connect_lazy(database_url)?;
        // One slot: a wake while one is queued adds nothing.
        let (pending, requests) = mpsc::channel(1);
        tokio::spawn(send_notifications(pool, node.to_owned(), requests));
        Ok(PgNotifier { pending })
    }
}

impl PeerSignal for PgNotifier {
    fn signal(&self) {
        // Full means a notification is already due to be sent; closed means the
        // process is stopping. Either way there is nothing to add.
        let _ = self.pending.try_send(());
    }
}

async fn send_notifications(pool: PgPool, node: String, mut requests: mpsc::Receiver<()>) {
    while requests.recv().await.is_some() {
        let sent = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(WAKE_CHANNEL)
            .bind(&node)
            .execute(&pool)
            .await;
        if let Err(error) = sent {
            tracing::warn!(%error, "cannot notify the other nodes of new jobs; they find them by polling");
        }
    }
    pool.close().await;
}

/// Listens for other nodes' wake-ups: one item per notification not sent by
/// `node` (bursts already received are merged into one item), and one after each
/// reconnection or failed attempt at one (the database may be back, and what was
/// sent meanwhile is lost). The `LISTEN` is in place when this returns. The stream
/// never ends: a lost connection is re-opened with a growing pause (logged).
pub async fn pg_wakeups(
    database_url: &str,
    node: &str,
) -> Result<impl Stream<Item = ()> + Send + 'static, sqlx::Error> {
    let mut listener = PgListener::connect(database_url).await?;
    listener.listen(WAKE_CHANNEL).await?;
    let state = Listening {
        listener,
        node: node.to_owned(),
        retry_wait: FIRST_RETRY_WAIT,
    };
    Ok(futures_util::stream::unfold(
        state,
        |mut state| async move {
            state.next_wakeup().await;
            Some(((), state))
        },
    ))
}

struct Listening {
    listener: PgListener,
    node: String,
    /// The pause before the next reconnection attempt.
    retry_wait: Duration,
}

impl Listening {
    /// Waits for the next notification from another node, or for a reconnection.
    async fn next_wakeup(&mut self) {
        loop {
            match self.listener.try_recv().await {
                Ok(Some(notification)) => {
                    self.retry_wait = FIRST_RETRY_WAIT;
                    let mut from_other_node = notification.payload() != self.node;
                    // Merge what else has arrived already.
                    while let Some(more) = self.listener.next_buffered() {
                        from_other_node |= more.payload() != self.node;
                    }
                    if from_other_node {
                        return;
                    }
                }
                Ok(None) => {
                    self.retry_wait = FIRST_RETRY_WAIT;
                    tracing::warn!("the job wake-up connection to PostgreSQL was re-opened");
                    return;
                }
                Err(error) => {
                    tracing::warn!(%error, wait = ?self.retry_wait,
                        "listening for other nodes' jobs failed; retrying (polling meanwhile)");
                    tokio::time::sleep(self.retry_wait).await;
                    self.retry_wait = (self.retry_wait * 2).min(MAX_RETRY_WAIT);
                    return;
                }
            }
        }
    }
}
