//! The inbound SMTP listener: a tokio server on smtp-proto's command parser and
//! DATA/BDAT receivers.
//!
//! It accepts mail only for the configured mailboxes (and their plus-addressed
//! variants), never relays and offers no AUTH. A message is acknowledged with
//! `250` only after the caller's [`InboundSink`] has stored it durably; a failing
//! sink makes the client retry (`451`), so nothing acknowledged is ever lost.

mod response;
mod session;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::address::SharedMailboxes;

/// Listener settings. [`SmtpConfig::new`] gives RFC 5321's recommended timeouts.
#[derive(Clone)]
pub struct SmtpConfig {
    /// Announced in the greeting and `Received:` headers.
    pub hostname: String,
    /// Addresses `RCPT TO` accepts.
    pub mailboxes: SharedMailboxes,
    /// Advertised as `SIZE`; larger messages get `552 5.3.4`.
    pub max_message_size: usize,
    pub max_recipients: usize,
    /// Concurrent connections; more are answered `421` and closed.
    pub max_connections: usize,
    /// Waiting for a command (RFC 5321 §4.5.3.2: at least 5 minutes).
    pub command_timeout: Duration,
    /// Waiting for the next DATA/BDAT bytes, and for the sink (3–10 minutes).
    pub data_timeout: Duration,
    /// Protocol errors tolerated before the connection is dropped.
    pub max_errors: u32,
    /// Enables STARTTLS.
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("hostname", &self.hostname)
            .field("mailboxes", &self.mailboxes)
            .field("max_message_size", &self.max_message_size)
            .field("max_recipients", &self.max_recipients)
            .field("max_connections", &self.max_connections)
            .field("command_timeout", &self.command_timeout)
            .field("data_timeout", &self.data_timeout)
            .field("starttls", &self.tls.is_some())
            .finish()
    }
}

impl SmtpConfig {
    pub fn new(hostname: impl Into<String>, mailboxes: SharedMailboxes) -> Self {
        Self {
            hostname: hostname.into(),
            mailboxes,
            max_message_size: 25 * 1024 * 1024,
            max_recipients: 100,
            max_connections: 256,
            command_timeout: Duration::from_secs(5 * 60),
            data_timeout: Duration::from_secs(10 * 60),
            max_errors: 10,
            tls: None,
        }
    }
}

/// The SMTP envelope of one accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// `MAIL FROM`; empty for the null sender `<>`.
    pub mail_from: String,
    /// Accepted `RCPT TO` addresses (all of them configured mailboxes).
    pub rcpt_to: Vec<String>,
    pub remote_addr: SocketAddr,
    /// The EHLO/HELO name the client gave.
    pub helo: String,
    /// Whether the message came over STARTTLS.
    pub tls: bool,
}

/// Why the sink did not take a message.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// Storage is unavailable: the client gets `451 4.3.0` and retries later.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// The message is refused for good (`554 5.6.0`).
    #[error("rejected: {0}")]
    Rejected(String),
}

/// Where accepted messages go. `accept` must return only once the raw message is
/// durable: the client is told `250` right after.
pub trait InboundSink: Send + Sync + 'static {
    fn accept(
        &self,
        envelope: Envelope,
        raw: Vec<u8>,
    ) -> impl Future<Output = Result<(), SinkError>> + Send;
}

pub(crate) struct Shared<S> {
    pub(crate) config: SmtpConfig,
    pub(crate) sink: S,
}

/// The listener. Bind a `TcpListener` yourself (port 0 in tests) and pass it to
/// [`SmtpServer::serve`].
pub struct SmtpServer<S> {
    shared: Arc<Shared<S>>,
}

impl<S: InboundSink> SmtpServer<S> {
    pub fn new(config: SmtpConfig, sink: S) -> Self {
        Self {
            shared: Arc::new(Shared { config, sink }),
        }
    }

    /// Accepts connections until `shutdown` resolves, then tells idle clients
    /// `421`, lets messages in flight finish, and returns when every connection
    /// has closed.
    pub async fn serve(self, listener: TcpListener, shutdown: impl Future<Output = ()> + Send) {
        let (stop_tx, stop_rx) = watch::channel(false);
        let slots = Arc::new(Semaphore::new(self.shared.config.max_connections.max(1)));
        let mut sessions = JoinSet::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => {
                    let (stream, remote) = match accepted {
                        Ok(pair) => pair,
                        Err(error) => {
                            // EMFILE and friends: back off instead of spinning.
                            tracing::warn!(%error, "smtp accept failed");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    match Arc::clone(&slots).try_acquire_owned() {
                        Ok(permit) => {
                            let shared = Arc::clone(&self.shared);
                            let stop = stop_rx.clone();
                            sessions.spawn(async move {
                                session::handle_connection(stream, remote, shared, stop).await;
                                drop(permit);
                            });
                        }
                        Err(_) => {
                            // Non-blocking best effort: a flood must not create tasks.
                            let _ = stream.try_write(response::TOO_MANY_CONNECTIONS);
                            tracing::debug!(%remote, "smtp connection refused: limit reached");
                        }
                    }
                }
                Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
            }
        }
        let _ = stop_tx.send(true);
        while sessions.join_next().await.is_some() {}
    }
}
