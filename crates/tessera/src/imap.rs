//! IMAP pollers over the store: mail fetched from existing mailboxes enters the
//! same durable intake as mail delivered to the SMTP listener.
//!
//! The sink stores each raw message with its `mail.process` job in one
//! transaction (exactly as [`crate::mail::StoreSink`] does) and only then lets the
//! poller flag or move it on the IMAP server. A crash between the two fetches
//! the message again at the next start; the store keeps one copy per mailbox +
//! Message-ID, so the second delivery is recorded as a duplicate and creates
//! nothing. (A message without a Message-ID would be stored twice in that
//! window; the intake then decides on its own.)

use std::sync::Arc;

use tessera_jobs::Waker;
use tessera_mail::{
    AfterProcessing, ImapAccount, ImapCounters, ImapPoller, ImapSecurity, ImapSink, SinkError,
};
use tessera_store::{NewRawMessage, Store, StoreError};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Stores fetched mail for the mailbox its account feeds.
pub struct ImapStoreSink {
    store: Arc<dyn Store>,
    /// Wakes the job runner for the message's `mail.process` job.
    jobs: Waker,
}

impl ImapStoreSink {
    pub fn new(store: Arc<dyn Store>, jobs: Waker) -> Self {
        ImapStoreSink { store, jobs }
    }
}

fn temporary(e: StoreError) -> SinkError {
    tracing::error!(error = %e, "cannot store mail fetched over IMAP");
    SinkError::Temporary("storage unavailable".to_owned())
}

impl ImapSink for ImapStoreSink {
    async fn accept(&self, mailbox_address: &str, raw: Vec<u8>) -> Result<(), SinkError> {
        // A missing mailbox is a configuration problem (start-up creates the
        // configured ones): keep the mail on the server until it is fixed.
        let Some(mailbox) = self
            .store
            .find_mailbox(mailbox_address)
            .await
            .map_err(temporary)?
        else {
            tracing::error!(mailbox = %mailbox_address, "IMAP account feeds a mailbox that does not exist");
            return Err(SinkError::Temporary("unknown mailbox".to_owned()));
        };
        // Only the Message-ID (for duplicate detection), the hash and the sender
        // are needed now; the full parse happens again when the job runs.
        let parsed = tessera_mail::parse(&raw);
        let stored = self
            .store
            .store_raw_message(NewRawMessage {
                mailbox_id: mailbox.id,
                envelope_from: tessera_mail::envelope_sender(&parsed),
                envelope_to: vec![mailbox_address.to_owned()],
                remote_addr: None,
                received_at: jiff::Timestamp::now(),
                sha256: parsed.raw_sha256,
                message_id: parsed.message_id,
                bytes: raw,
            })
            .await
            .map_err(temporary)?;
        if stored.duplicate {
            tracing::info!(
                raw_id = stored.id,
                "message fetched again over IMAP stored once"
            );
        } else {
            self.jobs.wake();
        }
        Ok(())
    }
}

/// A running poller: its task and its counters (for `/metrics`).
pub struct SpawnedPoller {
    /// `user@host:port/folder` (no password).
    pub account: String,
    /// The help desk mailbox it feeds.
    pub mailbox_address: String,
    pub counters: Arc<ImapCounters>,
    pub task: JoinHandle<()>,
}

/// Publishes the pollers' counters as `tessera_imap_messages_total{account,
/// outcome}` and `tessera_imap_reconnects_total{account}`.
pub fn record_metrics(pollers: &[(String, Arc<ImapCounters>)]) {
    for (account, counters) in pollers {
        let now = counters.snapshot();
        for (outcome, value) in [
            ("fetched", now.fetched),
            ("accepted", now.accepted),
            ("rejected", now.rejected),
            ("failed", now.failed),
        ] {
            metrics::counter!("tessera_imap_messages_total",
                "account" => account.clone(), "outcome" => outcome)
            .absolute(value);
        }
        metrics::counter!("tessera_imap_reconnects_total", "account" => account.clone())
            .absolute(now.reconnects);
    }
}

/// Starts one poller per account; each stops as soon as `shutdown` turns true
/// (whatever it was fetching is fetched again at the next start).
pub fn spawn_pollers(
    store: Arc<dyn Store>,
    jobs: Waker,
    accounts: Vec<ImapAccount>,
    shutdown: watch::Receiver<bool>,
) -> Vec<SpawnedPoller> {
    accounts
        .into_iter()
        .map(|account| {
            let label = account.label();
            let mailbox_address = account.mailbox_address.clone();
            tracing::info!(account = %label, mailbox = %mailbox_address, "IMAP poller starting");
            let poller = ImapPoller::new(
                account,
                ImapStoreSink::new(Arc::clone(&store), jobs.clone()),
            );
            let counters = poller.counters();
            let mut stop = shutdown.clone();
            let task = tokio::spawn(poller.run(async move {
                let _ = stop.wait_for(|signalled| *signalled).await;
            }));
            SpawnedPoller {
                account: label,
                mailbox_address,
                counters,
                task,
            }
        })
        .collect()
}

/// One `[[imap]]` table of the configuration file:
///
/// ```toml
/// [[imap]]
/// mailbox = "support@example.com"   # the help desk mailbox it feeds
/// host = "imap.example.com"
/// security = "tls"                  # "tls" | "starttls" | "plain" (loopback only)
/// port = 993                        # default: 993 for tls, 143 otherwise
/// username = "support@example.com"
/// password_env = "SUPPORT_IMAP_PASSWORD"   # or password = "…" (file kept private)
/// folder = "INBOX"
/// move_to = "Processed"             # default: flag \Seen and leave it
/// poll_interval_seconds = 60        # only used when the server lacks IDLE
/// ca_file = "/etc/tessera/imap-ca.pem"
/// ```
#[derive(Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapFileAccount {
    pub mailbox: String,
    pub host: String,
    #[serde(default)]
    pub security: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
    pub username: String,
    #[serde(default)]
    pub password: Option<String>,
    /// The name of an environment variable holding the password, so that the
    /// file itself can be shared.
    #[serde(default)]
    pub password_env: Option<String>,
    #[serde(default)]
    pub folder: Option<String>,
    #[serde(default)]
    pub move_to: Option<String>,
    #[serde(default)]
    pub poll_interval_seconds: Option<u32>,
    #[serde(default)]
    pub ca_file: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for ImapFileAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImapFileAccount")
            .field("mailbox", &self.mailbox)
            .field("host", &self.host)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

impl ImapFileAccount {
    /// The poller's account, validated; `read_env` looks up `password_env`.
    pub fn to_account(
        &self,
        read_env: impl Fn(&str) -> Option<String>,
    ) -> Result<ImapAccount, crate::ConfigError> {
        let bad =
            |what: String| crate::ConfigError::new(format!("imap ({}): {what}", self.mailbox));
        let mailbox = tessera_core::validate::email("mailbox", &self.mailbox)
            .map_err(|_| bad("mailbox is not an email address".to_owned()))?;
        if self.host.trim().is_empty() || self.username.trim().is_empty() {
            return Err(bad("host and username are required".to_owned()));
        }
        let password = match (&self.password, &self.password_env) {
            (Some(password), None) => password.clone(),
            (None, Some(var)) => read_env(var)
                .ok_or_else(|| bad(format!("environment variable {var} is not set")))?,
            _ => {
                return Err(bad(
                    "give exactly one of password and password_env".to_owned()
                ));
            }
        };
        let security = match self.security.as_deref().unwrap_or("tls") {
            "tls" => ImapSecurity::Tls,
            "starttls" => ImapSecurity::StartTls,
            "plain" => ImapSecurity::Plain,
            other => {
                return Err(bad(format!(
                    "security {other:?} is not one of tls, starttls, plain"
                )));
            }
        };
        let mut account =
            ImapAccount::new(self.host.trim(), self.username.trim(), password, mailbox);
        account.security = security;
        account.port = self.port.unwrap_or(security.default_port());
        if let Some(folder) = self.folder.as_deref().filter(|f| !f.trim().is_empty()) {
            account.folder = folder.to_owned();
        }
        account.after_processing = match self.move_to.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(folder) => AfterProcessing::MoveTo(folder.to_owned()),
            None => AfterProcessing::FlagSeen,
        };
        if let Some(seconds) = self.poll_interval_seconds {
            account.poll_interval = std::time::Duration::from_secs(u64::from(seconds.max(5)));
        }
        account.extra_root_certificate = self.ca_file.clone();
        Ok(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> ImapFileAccount {
        ImapFileAccount {
            mailbox: "Support@Example.com".to_owned(),
            host: "imap.example.com".to_owned(),
            username: "support".to_owned(),
            password_env: Some("IMAP_PW".to_owned()),
            ..ImapFileAccount::default()
        }
    }

    #[test]
    fn a_file_entry_becomes_an_account_with_defaults() {
        let account = entry()
            .to_account(|var| (var == "IMAP_PW").then(|| "s3cret".to_owned()))
            .unwrap();
        assert_eq!(account.mailbox_address, "support@example.com");
        assert_eq!(account.port, 993);
        assert_eq!(account.password, "s3cret");
        assert_eq!(account.folder, "INBOX");
        assert!(matches!(
            account.after_processing,
            AfterProcessing::FlagSeen
        ));
        assert!(!format!("{account:?}").contains("s3cret"));
    }

    #[test]
    fn bad_entries_are_refused_with_the_reason() {
        let missing = entry().to_account(|_| None).unwrap_err();
        assert!(missing.to_string().contains("IMAP_PW"), "{missing}");
        let both = ImapFileAccount {
            password: Some("x".to_owned()),
            ..entry()
        };
        assert!(both.to_account(|_| Some("y".to_owned())).is_err());
        let weird = ImapFileAccount {
            security: Some("ssl3".to_owned()),
            ..entry()
        };
        let err = weird.to_account(|_| Some("y".to_owned())).unwrap_err();
        assert!(err.to_string().contains("ssl3"), "{err}");
        let moved = ImapFileAccount {
            security: Some("starttls".to_owned()),
            move_to: Some("Done".to_owned()),
            ..entry()
        };
        let account = moved.to_account(|_| Some("y".to_owned())).unwrap();
        assert_eq!(account.port, 143);
        assert!(matches!(account.after_processing, AfterProcessing::MoveTo(ref f) if f == "Done"));
    }
}
