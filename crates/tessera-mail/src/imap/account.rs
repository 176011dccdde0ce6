//! What one polled mailbox is: where the server is, how to log in, which folder
//! to read and what to do with a message once it is stored.

use std::path::PathBuf;
use std::time::Duration;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImapSecurity {
    /// Implicit TLS from the first byte (usually port 993).
    Tls,
    /// Plain connection upgraded with `STARTTLS` before logging in (port 143).
    StartTls,
    /// No encryption at all: the password crosses the wire in clear. Meant only
    /// for a server on loopback (tests, a local relay); never for a provider.
    Plain,
}

impl ImapSecurity {
    /// The usual port for this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            ImapSecurity::Tls => 993,
            ImapSecurity::StartTls | ImapSecurity::Plain => 143,
        }
    }
}

/// What happens to a message on the server after the sink stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterProcessing {
    /// Set `\Seen`; the poller fetches only `UNSEEN` messages. A person reading
    /// the mailbox in a mail client (which marks mail read) hides it from the
    /// poller, so prefer [`AfterProcessing::MoveTo`] for shared mailboxes.
    FlagSeen,
    /// Move to this folder (created if missing); the poller fetches every
    /// message left in the source folder.
    MoveTo(String),
}

/// One mailbox to poll.
#[derive(Clone)]
pub struct ImapAccount {
    pub host: String,
    pub port: u16,
    pub security: ImapSecurity,
    pub username: String,
    /// The password or the provider's app token. Never logged.
    pub password: String,
    /// Folder to read; `INBOX` unless set.
    pub folder: String,
    pub after_processing: AfterProcessing,
    /// The help desk mailbox (address) these messages are filed under.
    pub mailbox_address: String,
    /// How often to look for mail when the server has no `IDLE`.
    pub poll_interval: Duration,
    /// How long one `IDLE` lasts before it is re-issued: under RFC 2177's 29
    /// minutes, after which servers may log an idle client out.
    pub idle_refresh: Duration,
    /// Extra trusted root certificates (PEM file) for a server with a private CA;
    /// the public web PKI roots are always trusted.
    pub extra_root_certificate: Option<PathBuf>,
    /// Messages fetched per `UID FETCH` (bounds memory for a full mailbox).
    pub batch_size: usize,
    /// Limit for connecting, the TLS handshake and each command.
    pub command_timeout: Duration,
    /// First reconnect delay; doubles per failed attempt up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
}

impl ImapAccount {
    /// An account with the defaults: implicit TLS on 993, `INBOX`, flag `\Seen`,
    /// IDLE refreshed every 25 minutes, a 60-second poll without IDLE.
    pub fn new(
        host: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
        mailbox_address: impl Into<String>,
    ) -> Self {
        Self {
            host: host.into(),
            port: ImapSecurity::Tls.default_port(),
            security: ImapSecurity::Tls,
            username: username.into(),
            password: password.into(),
            folder: "INBOX".to_owned(),
            after_processing: AfterProcessing::FlagSeen,
            mailbox_address: mailbox_address.into(),
            poll_interval: Duration::from_secs(60),
            idle_refresh: Duration::from_secs(25 * 60),
            extra_root_certificate: None,
            batch_size: 50,
            command_timeout: Duration::from_secs(60),
            min_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(5 * 60),
        }
    }

    /// `user@host:port/folder`, for logs (no password).
    pub fn label(&self) -> String {
        format!(
            "{}@{}:{}/{}",
            self.username, self.host, self.port, self.folder
        )
    }
}

impl std::fmt::Debug for ImapAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImapAccount")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("folder", &self.folder)
            .field("after_processing", &self.after_processing)
            .field("mailbox_address", &self.mailbox_address)
            .field("poll_interval", &self.poll_interval)
            .field("idle_refresh", &self.idle_refresh)
            .field("extra_root_certificate", &self.extra_root_certificate)
            .field("batch_size", &self.batch_size)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_password() {
        let account = ImapAccount::new("imap.example.com", "desk", "hunter2-app-token", "a@b.c");
        let shown = format!("{account:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert_eq!(account.label(), "desk@imap.example.com:993/INBOX");
    }
}
