//! `notify.email`: sends one SLA notification email, rendered by the service's
//! sweep (see [`tessera_service::NOTIFY_EMAIL_JOB`]), to the configured
//! outbound relay.
//!
//! The message is automatic (`Auto-Submitted: auto-generated`, RFC 3834, so
//! that vacation responders stay quiet) with its own Message-ID. A relay that is
//! down or answers 4xx makes the job retry with the runner's back-off; a 5xx
//! reply (or a message that cannot be built) fails it permanently. Without a
//! configured relay the job completes as skipped (logged): the in-app
//! notification was written anyway.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tessera_jobs::{JobError, JobHandler, handler_fn};
use tessera_mail::compose::{OutboundMail, ThreadHeaders, compose};
use tessera_mail::{MailAddress, Mailer, MailerOptions};
use tessera_service::NOTIFY_EMAIL_JOB;

use crate::config::{ConfigError, RelayConfig, RelaySecurity};

/// One SMTP conversation may take this long before it counts as a (transient)
/// failure.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The relay and the sender, ready to send.
struct Relay {
    mailer: Mailer,
    from: MailAddress,
    /// The domain of Message-IDs: the sender's.
    id_host: String,
}

/// The `notify.email` handler for `relay` (`None`: every job is skipped).
/// Must be called inside a Tokio runtime (the mailer's pool needs one).
pub fn handler(relay: Option<&RelayConfig>) -> Result<impl JobHandler, ConfigError> {
    let relay = relay.map(connect).transpose()?.map(Arc::new);
    Ok(handler_fn(NOTIFY_EMAIL_JOB, move |ctx, payload| {
        let relay = relay.clone();
        async move {
            match relay {
                Some(relay) => send(&relay, &payload, ctx.now()).await,
                None => {
                    let to = payload.get("to").and_then(Value::as_str);
                    tracing::info!(?to, "no smtp_relay configured: notification email skipped");
                    Ok(())
                }
            }
        }
    }))
}

fn connect(config: &RelayConfig) -> Result<Relay, ConfigError> {
    let options = MailerOptions {
        timeout: SEND_TIMEOUT,
        ..MailerOptions::default()
    };
    let mailer = Mailer::from_url(&relay_url(config), &options)
        .map_err(|e| ConfigError::new(format!("smtp_relay: {e}")))?;
    let id_host = config
        .mail_from
        .address
        .rsplit_once('@')
        .map_or("localhost", |(_, domain)| domain)
        .to_owned();
    Ok(Relay {
        mailer,
        from: config.mail_from.clone(),
        id_host,
    })
}

/// The [`Mailer`] URL of the relay settings (credentials percent-encoded).
fn relay_url(config: &RelayConfig) -> String {
    let scheme = match config.security {
        RelaySecurity::Tls => "smtps",
        RelaySecurity::Starttls | RelaySecurity::Plain => "smtp",
    };
    let query = match config.security {
        RelaySecurity::Starttls => "?starttls",
        RelaySecurity::Tls | RelaySecurity::Plain => "",
    };
    let credentials = match (&config.username, &config.password) {
        (Some(user), Some(password)) => format!(
            "{}:{}@",
            percent_encode(user),
            percent_encode(password.expose())
        ),
        (Some(user), None) => format!("{}@", percent_encode(user)),
        _ => String::new(),
    };
    let host = if config.host.contains(':') {
        format!("[{}]", config.host)
    } else {
        config.host.clone()
    };
    format!("{scheme}://{credentials}{host}:{}{query}", config.port)
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn text_field<'a>(payload: &'a Value, name: &str) -> Result<&'a str, JobError> {
    payload
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| JobError::permanent(format!("notify.email payload: {name} is missing")))
}

async fn send(relay: &Relay, payload: &Value, now: jiff::Timestamp) -> Result<(), JobError> {
    let to = text_field(payload, "to")?;
    let ticket_number = payload
        .get("ticket_number")
        .and_then(Value::as_i64)
        .ok_or_else(|| JobError::permanent("notify.email payload: ticket_number is missing"))?;
    let mail = OutboundMail {
        ticket_number,
        from: relay.from.clone(),
        reply_to: None,
        to: vec![MailAddress::new(to, None)],
        cc: Vec::new(),
        subject: text_field(payload, "subject")?.to_owned(),
        text_body: text_field(payload, "body")?.to_owned(),
        html_body: None,
        attachments: Vec::new(),
        thread: ThreadHeaders::default(),
        automatic: true,
        date: now,
    };
    let composed = compose(&mail, &relay.id_host).map_err(JobError::permanent)?;
    let raw = auto_generated(composed.formatted());
    match relay
        .mailer
        .send_raw(Some(&relay.from.address), &[to.to_owned()], &raw)
        .await
    {
        Ok(()) => {
            tracing::info!(
                to,
                ticket = ticket_number,
                message_id = %composed.message_id,
                "notification email sent"
            );
            Ok(())
        }
        Err(error) if error.is_transient() => Err(JobError::retry(error)),
        Err(error) => Err(JobError::permanent(error)),
    }
}

/// Composed automatic mail says `Auto-Submitted: auto-replied` (right for
/// acknowledgements); a notification is `auto-generated` (RFC 3834 §5). Only
/// the header section is touched.
fn auto_generated(mut raw: Vec<u8>) -> Vec<u8> {
    const REPLIED: &[u8] = b"Auto-Submitted: auto-replied";
    const GENERATED: &[u8] = b"Auto-Submitted: auto-generated";
    let header_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    if let Some(at) = raw[..header_end]
        .windows(REPLIED.len())
        .position(|w| w.eq_ignore_ascii_case(REPLIED))
    {
        raw.splice(at..at + REPLIED.len(), GENERATED.iter().copied());
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(security: RelaySecurity) -> RelayConfig {
        RelayConfig {
            host: "smtp.example.com".to_owned(),
            port: 587,
            security,
            username: Some("tessera@example.com".to_owned()),
            password: Some("p@ss/w:rd".parse().unwrap()),
            mail_from: MailAddress::new("support@example.com", Some("Tessera".to_owned())),
        }
    }

    #[test]
    fn relay_urls_follow_the_security_setting() {
        assert_eq!(
            relay_url(&config(RelaySecurity::Starttls)),
            "smtp://tessera%40example.com:p%40ss%2Fw%3Ard@smtp.example.com:587?starttls"
        );
        let mut tls = config(RelaySecurity::Tls);
        tls.username = None;
        tls.password = None;
        assert_eq!(relay_url(&tls), "smtps://smtp.example.com:587");
        let mut plain = config(RelaySecurity::Plain);
        plain.host = "::1".to_owned();
        plain.username = None;
        assert_eq!(relay_url(&plain), "smtp://[::1]:587");
    }

    #[test]
    fn only_the_header_says_auto_generated() {
        let raw =
            b"From: a@b\r\nAuto-Submitted: auto-replied\r\n\r\nAuto-Submitted: auto-replied\r\n";
        let fixed = String::from_utf8(auto_generated(raw.to_vec())).unwrap();
        assert_eq!(
            fixed,
            "From: a@b\r\nAuto-Submitted: auto-generated\r\n\r\nAuto-Submitted: auto-replied\r\n"
        );
    }

    /// A relay that greets, accepts EHLO and answers `MAIL FROM` with `reply`.
    async fn fake_relay(reply: &'static str) -> u16 {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let answer = if upper.starts_with("MAIL") {
                        format!("{reply}\r\n")
                    } else if upper.starts_with("QUIT") {
                        "221 bye\r\n".to_owned()
                    } else {
                        "250 ok\r\n".to_owned()
                    };
                    if write.write_all(answer.as_bytes()).await.is_err() {
                        break;
                    }
                }
            }
        });
        port
    }

    fn payload() -> Value {
        serde_json::json!({"to": "sup@example.com", "ticket_number": 7,
                           "subject": "[#7] SLA breach", "body": "b"})
    }

    async fn outcome(port: u16) -> Result<(), JobError> {
        let mut config = config(RelaySecurity::Plain);
        config.host = "127.0.0.1".to_owned();
        config.port = port;
        config.username = None;
        config.password = None;
        let relay = connect(&config).unwrap();
        send(&relay, &payload(), jiff::Timestamp::now()).await
    }

    #[tokio::test]
    async fn smtp_failures_retry_unless_permanent() {
        let busy = fake_relay("451 4.3.0 try again later").await;
        assert!(matches!(outcome(busy).await, Err(JobError::Retry(_))));
        let refusing = fake_relay("550 5.7.1 relaying denied").await;
        assert!(matches!(
            outcome(refusing).await,
            Err(JobError::Permanent(_))
        ));
        // Nobody listening: the relay may come back.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let down = closed.local_addr().unwrap().port();
        drop(closed);
        assert!(matches!(outcome(down).await, Err(JobError::Retry(_))));
        // A payload without an address never gets better.
        let relay = connect(&RelayConfig {
            host: "127.0.0.1".to_owned(),
            port: down,
            security: RelaySecurity::Plain,
            username: None,
            password: None,
            mail_from: MailAddress::new("support@example.com", None),
        })
        .unwrap();
        let missing = send(&relay, &serde_json::json!({}), jiff::Timestamp::now()).await;
        assert!(matches!(missing, Err(JobError::Permanent(_))));
    }

    #[tokio::test]
    async fn without_a_relay_jobs_are_skipped() {
        let handler = handler(None).unwrap();
        assert_eq!(handler.kind(), NOTIFY_EMAIL_JOB);
    }
}
