//! The polling loop: rounds of fetch → sink → flag/move, waits in IDLE (or
//! sleeps) between rounds, reconnects with back-off.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;
use async_imap::types::{Fetch, UnsolicitedResponse};
use futures_util::TryStreamExt;
use rand::Rng;
use tokio::time::timeout;

use super::account::{AfterProcessing, ImapAccount};
use super::connection::{ImapSession, open_session};
use crate::smtp::SinkError;

/// Where fetched messages go. `accept` must return only once the raw message is
/// durable: the poller flags or moves it on the server right after, and never
/// fetches it again.
///
/// [`SinkError::Temporary`] leaves the message untouched on the server; it is
/// offered again after a back-off. [`SinkError::Rejected`] is final: the message
/// is flagged/moved like an accepted one (otherwise it would be fetched forever)
/// and counted as rejected.
pub trait ImapSink: Send + Sync + 'static {
    fn accept(
        &self,
        mailbox_address: &str,
        raw: Vec<u8>,
    ) -> impl Future<Output = Result<(), SinkError>> + Send;
}

/// Why a connection ended. The poller logs it and reconnects; nothing here is
/// fatal, because a server that refuses us now (wrong password, bad certificate)
/// may accept us after an operator fixed it.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("cannot connect: {0}")]
    Connect(#[source] std::io::Error),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("unusable greeting: {0}")]
    Greeting(&'static str),
    #[error("STARTTLS refused: {0}")]
    StartTls(#[source] async_imap::error::Error),
    #[error("login refused: {0}")]
    Login(#[source] async_imap::error::Error),
    #[error("{0} timed out")]
    Timeout(&'static str),
    #[error("configuration: {0}")]
    Config(String),
    #[error("IMAP: {0}")]
    Protocol(#[from] async_imap::error::Error),
}

/// Running totals since start, for the binary's metrics.
#[derive(Debug, Default)]
pub struct ImapCounters {
    fetched: AtomicU64,
    accepted: AtomicU64,
    rejected: AtomicU64,
    failed: AtomicU64,
    reconnects: AtomicU64,
}

/// A copy of [`ImapCounters`] at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImapCountersSnapshot {
    /// Messages downloaded and offered to the sink (a retried one counts again).
    pub fetched: u64,
    /// Stored by the sink.
    pub accepted: u64,
    /// Refused for good by the sink (and flagged/moved anyway).
    pub rejected: u64,
    /// Temporary sink failures (the message stays and is retried).
    pub failed: u64,
    /// Connections that ended in an error and were opened again.
    pub reconnects: u64,
}

impl ImapCounters {
    pub fn snapshot(&self) -> ImapCountersSnapshot {
        ImapCountersSnapshot {
            fetched: self.fetched.load(Ordering::Relaxed),
            accepted: self.accepted.load(Ordering::Relaxed),
            rejected: self.rejected.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            reconnects: self.reconnects.load(Ordering::Relaxed),
        }
    }

    fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// What the server offers that changes how the poller works.
#[derive(Debug, Clone, Copy)]
struct ServerFeatures {
    idle: bool,
    /// RFC 6851; without it a move is COPY + `\Deleted`.
    moves: bool,
    /// RFC 4315 `UID EXPUNGE`: expunge only our own messages.
    uid_expunge: bool,
}

enum Round {
    /// Everything pending was stored and flagged/moved.
    Done,
    /// The sink failed temporarily; the rest waits for the next round.
    SinkUnavailable,
}

/// Polls one account. See the module docs for the cycle.
pub struct ImapPoller<S> {
    account: ImapAccount,
    sink: S,
    counters: Arc<ImapCounters>,
}

impl<S: ImapSink> ImapPoller<S> {
    pub fn new(account: ImapAccount, sink: S) -> Self {
        Self {
            account,
            sink,
            counters: Arc::new(ImapCounters::default()),
        }
    }

    /// The counters this poller updates (readable while it runs).
    pub fn counters(&self) -> Arc<ImapCounters> {
        Arc::clone(&self.counters)
    }

    /// Polls until `shutdown` resolves; returns promptly then, even in the middle
    /// of a round (whatever was not flagged yet is fetched again next time).
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) {
        let label = self.account.label();
        let mut shutdown = std::pin::pin!(shutdown);
        // Consecutive connections that failed before getting to the folder.
        let mut failures: u32 = 0;
        loop {
            let mut selected = false;
            let error = tokio::select! {
                () = &mut shutdown => break,
                ended = self.connection(&mut selected) => match ended {
                    Err(error) => error,
                    Ok(never) => match never {},
                },
            };
            // A connection that worked for a while starts the back-off afresh.
            failures = if selected {
                1
            } else {
                failures.saturating_add(1)
            };
            let delay = self.backoff(failures);
            ImapCounters::bump(&self.counters.reconnects);
            tracing::warn!(account = %label, %error, retry_in = ?delay, "imap connection failed");
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(delay) => {}
            }
        }
        tracing::info!(account = %label, "imap poller stopped");
    }

    /// One connection's life: it only ends with an error.
    async fn connection(&self, selected: &mut bool) -> Result<Infallible, ImapError> {
        let account = &self.account;
        let mut session = open_session(account).await?;
        let capabilities = self.timed("CAPABILITY", session.capabilities()).await?;
        let features = ServerFeatures {
            idle: capabilities.has_str("IDLE"),
            moves: capabilities.has_str("MOVE"),
            uid_expunge: capabilities.has_str("UIDPLUS"),
        };
        if let AfterProcessing::MoveTo(target) = &account.after_processing {
            self.ensure_folder(&mut session, target).await?;
        }
        self.timed("SELECT", session.select(&account.folder))
            .await?;
        *selected = true;
        tracing::info!(
            account = %account.label(),
            idle = features.idle,
            r#move = features.moves,
            "imap folder selected"
        );

        let mut sink_failures: u32 = 0;
        loop {
            // Change notices are only a cue to look; the SEARCH below sees all.
            while session.unsolicited_responses.try_recv().is_ok() {}
            match self.round(&mut session, features).await? {
                Round::Done => sink_failures = 0,
                Round::SinkUnavailable => {
                    sink_failures = sink_failures.saturating_add(1);
                    tokio::time::sleep(self.backoff(sink_failures)).await;
                    continue;
                }
            }
            if features.idle {
                session = self.idle(session).await?;
            } else {
                tokio::time::sleep(account.poll_interval).await;
            }
        }
    }

    /// Creates the folder processed mail is moved to, unless it exists. Its
    /// name is in the server's syntax (hierarchy separator included).
    async fn ensure_folder(
        &self,
        session: &mut ImapSession,
        folder: &str,
    ) -> Result<(), ImapError> {
        let existing = self
            .timed("LIST", async {
                session
                    .list(Some(""), Some(folder))
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            })
            .await?;
        if existing.is_empty() {
            self.timed("CREATE", session.create(folder)).await?;
            tracing::info!(account = %self.account.label(), %folder, "created the folder for processed mail");
        }
        Ok(())
    }

    /// Fetches every unprocessed message, hands each to the sink and flags or
    /// moves those the sink took, batch by batch.
    async fn round(
        &self,
        session: &mut ImapSession,
        features: ServerFeatures,
    ) -> Result<Round, ImapError> {
        let account = &self.account;
        let query = match account.after_processing {
            AfterProcessing::FlagSeen => "UNSEEN",
            // Moved-away mail leaves the folder; `\Deleted` ones are moved
            // messages a server without UIDPLUS could not expunge for us.
            AfterProcessing::MoveTo(_) => "UNDELETED",
        };
        let mut uids: Vec<u32> = self
            .timed("UID SEARCH", session.uid_search(query))
            .await?
            .into_iter()
            .collect();
        if uids.is_empty() {
            return Ok(Round::Done);
        }
        uids.sort_unstable();
        tracing::debug!(account = %account.label(), pending = uids.len(), "fetching mail");

        for batch in uids.chunks(account.batch_size.max(1)) {
            let set = uid_set(batch);
            let fetched: Vec<Fetch> = self
                .timed("UID FETCH", async {
                    // PEEK: the message stays unseen until the sink has it.
                    session
                        .uid_fetch(&set, "(UID BODY.PEEK[])")
                        .await?
                        .try_collect()
                        .await
                })
                .await?;
            let mut processed = Vec::with_capacity(batch.len());
            let mut sink_unavailable = false;
            for message in &fetched {
                // Unsolicited FETCH lines (flag changes by another client) carry
                // no body; they are not ours to handle.
                let (Some(uid), Some(raw)) = (message.uid, message.body()) else {
                    continue;
                };
                ImapCounters::bump(&self.counters.fetched);
                match self
                    .sink
                    .accept(&account.mailbox_address, raw.to_vec())
                    .await
                {
                    Ok(()) => {
                        ImapCounters::bump(&self.counters.accepted);
                        processed.push(uid);
                    }
                    Err(SinkError::Rejected(reason)) => {
                        ImapCounters::bump(&self.counters.rejected);
                        tracing::warn!(account = %account.label(), uid, %reason, "message rejected by the intake; marking it processed");
                        processed.push(uid);
                    }
                    Err(SinkError::Temporary(reason)) => {
                        ImapCounters::bump(&self.counters.failed);
                        tracing::warn!(account = %account.label(), uid, %reason, "intake unavailable; the message stays on the server for a retry");
                        sink_unavailable = true;
                        break;
                    }
                }
            }
            if !processed.is_empty() {
                self.mark_processed(session, &processed, features).await?;
            }
            if sink_unavailable {
                return Ok(Round::SinkUnavailable);
            }
        }
        Ok(Round::Done)
    }

    async fn mark_processed(
        &self,
        session: &mut ImapSession,
        uids: &[u32],
        features: ServerFeatures,
    ) -> Result<(), ImapError> {
        let set = uid_set(uids);
        match &self.account.after_processing {
            AfterProcessing::FlagSeen => {
                self.store_flags(session, &set, "+FLAGS.SILENT (\\Seen)")
                    .await
            }
            AfterProcessing::MoveTo(target) if features.moves => {
                self.timed("UID MOVE", session.uid_mv(&set, target)).await
            }
            AfterProcessing::MoveTo(target) => {
                self.timed("UID COPY", session.uid_copy(&set, target))
                    .await?;
                self.store_flags(session, &set, "+FLAGS.SILENT (\\Deleted)")
                    .await?;
                if features.uid_expunge {
                    self.timed("UID EXPUNGE", async {
                        session
                            .uid_expunge(&set)
                            .await?
                            .try_collect::<Vec<_>>()
                            .await
                    })
                    .await?;
                }
                // Without UIDPLUS a plain EXPUNGE would also remove messages
                // someone else marked deleted; ours stay `\Deleted` (skipped by
                // the next SEARCH) until the mailbox is expunged.
                Ok(())
            }
        }
    }

    async fn store_flags(
        &self,
        session: &mut ImapSession,
        set: &str,
        change: &str,
    ) -> Result<(), ImapError> {
        self.timed("UID STORE", async {
            session
                .uid_store(set, change)
                .await?
                .try_collect::<Vec<_>>()
                .await
        })
        .await?;
        Ok(())
    }

    /// Waits in IDLE until the mailbox changes or it is time to re-issue IDLE.
    async fn idle(&self, session: ImapSession) -> Result<ImapSession, ImapError> {
        let updates = session.unsolicited_responses.clone();
        let mut idle = session.idle();
        self.timed("IDLE", idle.init()).await?;
        // Mail that arrived since the SEARCH may be announced before the
        // server's continuation line; the library files such lines as
        // unsolicited responses rather than returning them from `wait`.
        let mut changed = false;
        while let Ok(update) = updates.try_recv() {
            changed |= matches!(
                update,
                UnsolicitedResponse::Exists(_) | UnsolicitedResponse::Recent(_)
            );
        }
        if !changed {
            let (wait, interrupt) = idle.wait_with_timeout(self.account.idle_refresh);
            // The library's timeout restarts at every keep-alive line the server
            // sends (Dovecot: every 2 minutes), so it alone would never re-issue
            // IDLE; this one bounds the whole wait.
            match timeout(self.account.idle_refresh, wait).await {
                Ok(Ok(IdleResponse::NewData(_))) => {}
                Ok(Ok(IdleResponse::Timeout)) | Err(_) => {}
                // The stream ended: the server closed the connection.
                Ok(Ok(IdleResponse::ManualInterrupt)) => {
                    return Err(async_imap::error::Error::ConnectionLost.into());
                }
                Ok(Err(error)) => return Err(error.into()),
            }
            drop(interrupt);
        }
        self.timed("DONE", idle.done()).await
    }

    /// Runs one IMAP command under the account's command timeout.
    async fn timed<T>(
        &self,
        command: &'static str,
        future: impl Future<Output = Result<T, async_imap::error::Error>>,
    ) -> Result<T, ImapError> {
        timeout(self.account.command_timeout, future)
            .await
            .map_err(|_| ImapError::Timeout(command))?
            .map_err(ImapError::from)
    }

    /// Exponential from `min_backoff`, capped at `max_backoff`, with equal
    /// jitter (half fixed, half random) so pollers restarted together do not
    /// reconnect in step.
    fn backoff(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(20);
        let ceiling = self
            .account
            .min_backoff
            .saturating_mul(1 << doublings)
            .min(self.account.max_backoff);
        let half = ceiling / 2;
        let jitter_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
        half + Duration::from_millis(rand::rng().random_range(0..=jitter_ms))
    }
}

/// `1,5,7` — the UIDs as an IMAP sequence set.
fn uid_set(uids: &[u32]) -> String {
    let mut set = String::with_capacity(uids.len() * 6);
    for (index, uid) in uids.iter().enumerate() {
        if index > 0 {
            set.push(',');
        }
        set.push_str(&uid.to_string());
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoSink;
    impl ImapSink for NoSink {
        async fn accept(&self, _: &str, _: Vec<u8>) -> Result<(), SinkError> {
            Ok(())
        }
    }

    #[test]
    fn uid_sets_are_comma_separated() {
        assert_eq!(uid_set(&[7]), "7");
        assert_eq!(uid_set(&[1, 5, 7]), "1,5,7");
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let mut account = ImapAccount::new("h", "u", "p", "a@b.c");
        account.min_backoff = Duration::from_secs(1);
        account.max_backoff = Duration::from_secs(60);
        let poller = ImapPoller::new(account, NoSink);
        for _ in 0..50 {
            let first = poller.backoff(1);
            assert!(first >= Duration::from_millis(500) && first <= Duration::from_secs(1));
            let fourth = poller.backoff(4);
            assert!(fourth >= Duration::from_secs(4) && fourth <= Duration::from_secs(8));
            let late = poller.backoff(u32::MAX);
            assert!(late >= Duration::from_secs(30) && late <= Duration::from_secs(60));
        }
    }
}
