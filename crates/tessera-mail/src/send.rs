//! Outbound SMTP: a thin [`Mailer`] over lettre's pooled async transport,
//! configured from one URL (`TESSERA_SMTP_URL`), with errors classified so the
//! outbox knows whether to retry with back-off or give up.
//!
//! URL forms:
//! - `smtp://host:port` — plain SMTP, no TLS (a local relay);
//! - `smtp://host:port?starttls` (or `?tls=required`) — STARTTLS required;
//!   `?tls=opportunistic` uses it when offered;
//! - `smtps://user:pass@host:port` — implicit TLS (port 465 by default).
//!
//! Credentials may appear in any form (percent-encoded in the URL).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::{AsyncSmtpTransport, PoolConfig};
use lettre::{AsyncTransport, Tokio1Executor};

/// Transport settings that do not belong in the URL.
#[derive(Debug, Clone)]
pub struct MailerOptions {
    /// Per SMTP command.
    pub timeout: Duration,
    /// Pooled connections kept open.
    pub pool_max_size: u32,
    /// The EHLO name; lettre uses the machine's host name when `None`.
    pub hello_name: Option<String>,
    /// Extra trusted roots (PEM), for relays with a private CA.
    pub extra_root_certificates_pem: Vec<Vec<u8>>,
}

impl Default for MailerOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            pool_max_size: 4,
            hello_name: None,
            extra_root_certificates_pem: Vec::new(),
        }
    }
}

/// A bad `TESSERA_SMTP_URL` or TLS setting: fix the configuration.
#[derive(Debug, thiserror::Error)]
#[error("invalid SMTP URL {url}: {reason}")]
pub struct MailerConfigError {
    /// The URL with its password replaced.
    pub url: String,
    pub reason: String,
}

/// Whether retrying can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendErrorKind {
    /// Connection refused, timeout, TLS failure, a 4xx reply: retry with back-off.
    Transient,
    /// A 5xx reply or a message lettre cannot send: retrying sends the same
    /// failure; mark the delivery failed.
    Permanent,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{kind:?} SMTP failure: {message}")]
pub struct SendError {
    pub kind: SendErrorKind,
    /// The SMTP reply code, when the server answered.
    pub code: Option<u16>,
    pub message: String,
}

impl SendError {
    pub fn is_transient(&self) -> bool {
        self.kind == SendErrorKind::Transient
    }

    fn from_lettre(error: &lettre::transport::smtp::Error) -> Self {
        let code = error
            .status()
            .and_then(|c| c.to_string().parse::<u16>().ok());
        let kind = if error.is_permanent() || error.is_client() {
            SendErrorKind::Permanent
        } else {
            // Transient replies, I/O, timeouts, TLS and connection errors: the
            // relay may come back or be fixed; the outbox's attempt limit ends it.
            SendErrorKind::Transient
        };
        Self {
            kind,
            code,
            message: error.to_string(),
        }
    }

    fn permanent(message: impl Into<String>) -> Self {
        Self {
            kind: SendErrorKind::Permanent,
            code: None,
            message: message.into(),
        }
    }
}

/// Outbound SMTP client. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    redacted_url: String,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("url", &self.redacted_url)
            .finish()
    }
}

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    Plain,
    StartTlsRequired,
    StartTlsOpportunistic,
    Implicit,
}

fn redact(url: &url::Url) -> String {
    let mut redacted = url.clone();
    if redacted.password().is_some() {
        let _ = redacted.set_password(Some("***"));
    }
    redacted.to_string()
}

fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .ok_or_else(|| "truncated percent escape".to_owned())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| "bad percent escape".to_owned())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "credentials are not UTF-8".to_owned())
}

impl Mailer {
    /// Builds the pooled transport; no connection is made until the first send.
    /// Must be called inside a Tokio runtime (the pool starts a reaper task).
    pub fn from_url(url: &str, options: &MailerOptions) -> Result<Self, MailerConfigError> {
        if tokio::runtime::Handle::try_current().is_err() {
            // lettre's pool would panic when it spawns its reaper task.
            return Err(MailerConfigError {
                url: "(not checked)".to_owned(),
                reason: "Mailer::from_url needs a running Tokio runtime".to_owned(),
            });
        }
        let parsed = url::Url::parse(url).map_err(|e| MailerConfigError {
            url: "(unparseable)".to_owned(),
            reason: e.to_string(),
        })?;
        let redacted_url = redact(&parsed);
        let fail = |reason: String| MailerConfigError {
            url: redacted_url.clone(),
            reason,
        };

        let tls_query = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls" || k == "starttls")
            .map(|(k, v)| (k.into_owned(), v.into_owned()));
        let security = match (
            parsed.scheme(),
            tls_query.as_ref().map(|(k, v)| (k.as_str(), v.as_str())),
        ) {
            ("smtp", None) => Security::Plain,
            ("smtp", Some(("starttls", _)) | Some(("tls", "required"))) => {
                Security::StartTlsRequired
            }
            ("smtp", Some(("tls", "opportunistic"))) => Security::StartTlsOpportunistic,
            ("smtps", _) => Security::Implicit,
            (scheme, tls) => {
                return Err(fail(format!(
                    "unsupported scheme {scheme:?} or tls option {tls:?} (use smtp://, smtp://…?starttls or smtps://)"
                )));
            }
        };
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| fail("no host".to_owned()))?
            .trim_matches(['[', ']'])
            .to_owned();
        let port = parsed.port().unwrap_or(match security {
            Security::Plain => 25,
            Security::StartTlsRequired | Security::StartTlsOpportunistic => 587,
            Security::Implicit => 465,
        });

        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(port)
            .timeout(Some(options.timeout))
            .pool_config(PoolConfig::new().max_size(options.pool_max_size.max(1)));
        if security != Security::Plain {
            let mut tls = TlsParameters::builder(host);
            for pem in &options.extra_root_certificates_pem {
                let certificate = Certificate::from_pem(pem).map_err(|e| fail(e.to_string()))?;
                tls = tls.add_root_certificate(certificate);
            }
            let tls = tls.build_rustls().map_err(|e| fail(e.to_string()))?;
            builder = builder.tls(match security {
                Security::StartTlsRequired => Tls::Required(tls),
                Security::StartTlsOpportunistic => Tls::Opportunistic(tls),
                _ => Tls::Wrapper(tls),
            });
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            let user = percent_decode(parsed.username()).map_err(&fail)?;
            let password = percent_decode(parsed.password().unwrap_or_default()).map_err(&fail)?;
            builder = builder.credentials(Credentials::new(user, password));
        }
        if let Some(name) = &options.hello_name {
            builder = builder.hello_name(ClientId::Domain(name.clone()));
        }
        Ok(Self {
            transport: builder.build(),
            redacted_url,
        })
    }

    /// The configured URL with the password hidden, for logs.
    pub fn url(&self) -> &str {
        &self.redacted_url
    }

    /// Sends a built message to the recipients in its headers.
    pub async fn send(&self, message: &lettre::Message) -> Result<(), SendError> {
        self.transport
            .send_raw(message.envelope(), &message.formatted())
            .await
            .map(drop)
            .map_err(|e| SendError::from_lettre(&e))
    }

    /// Sends stored raw bytes (the outbox keeps the envelope and the bytes).
    /// `mail_from` `None` sends with the null sender.
    pub async fn send_raw(
        &self,
        mail_from: Option<&str>,
        recipients: &[String],
        raw: &[u8],
    ) -> Result<(), SendError> {
        let address = |a: &str| {
            lettre::Address::from_str(a.trim())
                .map_err(|e| SendError::permanent(format!("invalid address {a:?}: {e}")))
        };
        let from = mail_from.map(address).transpose()?;
        let to = recipients
            .iter()
            .map(|r| address(r))
            .collect::<Result<Vec<_>, _>>()?;
        let envelope = Envelope::new(from, to).map_err(|e| SendError::permanent(e.to_string()))?;
        self.transport
            .send_raw(&envelope, raw)
            .await
            .map(drop)
            .map_err(|e| SendError::from_lettre(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_runtime_is_an_error_not_a_panic() {
        assert!(Mailer::from_url("smtp://127.0.0.1:25", &MailerOptions::default()).is_err());
    }

    #[tokio::test]
    async fn parses_url_forms() {
        let options = MailerOptions::default();
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://mail.example.com?starttls",
            "smtp://mail.example.com:587?tls=required",
            "smtp://mail.example.com?tls=opportunistic",
            "smtps://user:p%40ss@mail.example.com",
            "smtp://[::1]:25",
        ] {
            assert!(Mailer::from_url(url, &options).is_ok(), "{url}");
        }
        for url in ["http://x", "smtp://", "not a url", "smtp://h?tls=bogus"] {
            assert!(Mailer::from_url(url, &options).is_err(), "{url}");
        }
    }

    #[tokio::test]
    async fn never_shows_the_password() {
        let mailer = Mailer::from_url(
            "smtps://user:secret@mail.example.com",
            &MailerOptions::default(),
        )
        .unwrap();
        assert!(!format!("{mailer:?}").contains("secret"));
        assert!(!mailer.url().contains("secret"));
        let error = Mailer::from_url("ftp://user:secret@x", &MailerOptions::default()).unwrap_err();
        assert!(!error.to_string().contains("secret"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("p%40ss%2Fw").unwrap(), "p@ss/w");
        assert!(percent_decode("%4").is_err());
        assert!(percent_decode("%zz").is_err());
    }
}
