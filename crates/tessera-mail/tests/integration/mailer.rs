//! The outbound client: against our own listener (plain and STARTTLS, with error
//! classification) and against Python's aiosmtpd when it is installed.

use std::sync::Arc;
use std::time::Duration;

use tessera_mail::compose::{OutboundMail, ThreadHeaders, compose};
use tessera_mail::{MailAddress, Mailer, MailerOptions, SendErrorKind};

use crate::common::TestServer;

fn outbound(to: &str) -> OutboundMail {
    OutboundMail {
        ticket_number: 1042,
        from: MailAddress::new("support@example.com", Some("Acme Support".to_owned())),
        reply_to: None,
        to: vec![MailAddress::new(to, None)],
        cc: Vec::new(),
        subject: "Your request was received".to_owned(),
        text_body: "We will get back to you.\n".to_owned(),
        html_body: Some("<p>We will get back to you.</p>".to_owned()),
        attachments: Vec::new(),
        thread: ThreadHeaders::reply_to("<cust-1@example.pl>", &[]),
        automatic: true,
        date: jiff::Timestamp::from_second(1_762_161_300).unwrap(),
    }
}

fn options() -> MailerOptions {
    MailerOptions {
        timeout: Duration::from_secs(10),
        hello_name: Some("tessera.test".to_owned()),
        ..MailerOptions::default()
    }
}

#[tokio::test]
async fn sends_composed_mail_to_our_listener() {
    let server = TestServer::start(|_| {}).await;
    let mailer = Mailer::from_url(
        &format!("smtp://127.0.0.1:{}", server.addr.port()),
        &options(),
    )
    .unwrap();
    // The listener only takes mail for its mailboxes: send to one of them.
    let composed = compose(&outbound("billing@example.com"), "tessera.example.com").unwrap();
    for _ in 0..3 {
        mailer.send(&composed.message).await.unwrap();
    }
    let received = server.sink.take();
    assert_eq!(received.len(), 3);
    let parsed = &received[0].parsed;
    assert_eq!(received[0].envelope.helo, "tessera.test");
    assert_eq!(received[0].envelope.mail_from, "support@example.com");
    assert_eq!(
        parsed.message_id.as_deref(),
        Some(composed.message_id.as_str())
    );
    assert_eq!(parsed.subject, "[#1042] Your request was received");
    assert_eq!(parsed.in_reply_to, vec!["cust-1@example.pl"]);
    assert!(!parsed.classification.may_auto_reply());

    // The outbox path: stored bytes + envelope.
    mailer
        .send_raw(
            Some("support@example.com"),
            &["support@example.com".to_owned()],
            &composed.formatted(),
        )
        .await
        .unwrap();
    mailer
        .send_raw(
            None,
            &["support@example.com".to_owned()],
            &composed.formatted(),
        )
        .await
        .unwrap();
    let received = server.sink.take();
    assert_eq!(received[1].envelope.mail_from, "");
}

#[tokio::test]
async fn classifies_failures() {
    let server = TestServer::start(|_| {}).await;
    let mailer = Mailer::from_url(
        &format!("smtp://127.0.0.1:{}", server.addr.port()),
        &options(),
    )
    .unwrap();

    let rejected = compose(&outbound("customer@elsewhere.example"), "h").unwrap();
    let error = mailer.send(&rejected.message).await.unwrap_err();
    assert_eq!(error.kind, SendErrorKind::Permanent, "{error}");
    assert_eq!(error.code, Some(550));

    server.sink.set_failure(Some(false));
    let ok_recipient = compose(&outbound("support@example.com"), "h").unwrap();
    let error = mailer.send(&ok_recipient.message).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert_eq!(error.code, Some(451));

    let error = mailer
        .send_raw(
            Some("not an address"),
            &["support@example.com".to_owned()],
            b"x",
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind, SendErrorKind::Permanent);

    // Nobody listening: retry later.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let down = Mailer::from_url(&format!("smtp://127.0.0.1:{port}"), &options()).unwrap();
    let error = down.send(&ok_recipient.message).await.unwrap_err();
    assert_eq!(error.kind, SendErrorKind::Transient, "{error}");
    assert_eq!(error.code, None);
}

#[tokio::test]
async fn starttls_to_our_listener() {
    crate::common::install_crypto();
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let key =
        rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der()).unwrap();
    let tls_config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let server = TestServer::start(move |c| c.tls = Some(Arc::new(tls_config))).await;
    let url = format!("smtp://127.0.0.1:{}?starttls", server.addr.port());

    // Without trusting the certificate the handshake fails: transient (fixable).
    let untrusted = Mailer::from_url(&url, &options()).unwrap();
    let composed = compose(&outbound("support@example.com"), "h").unwrap();
    let error = untrusted.send(&composed.message).await.unwrap_err();
    assert_eq!(error.kind, SendErrorKind::Transient, "{error}");

    let mut trusted_options = options();
    trusted_options.extra_root_certificates_pem = vec![certified.cert.pem().into_bytes()];
    let mailer = Mailer::from_url(&url, &trusted_options).unwrap();
    mailer.send(&composed.message).await.unwrap();
    let received = server.sink.take();
    assert_eq!(received.len(), 1);
    assert!(received[0].envelope.tls);
}

/// Python's aiosmtpd as an independent SMTP server, when installed
/// (`pip install aiosmtpd`); skipped otherwise.
#[tokio::test]
async fn sends_to_aiosmtpd() {
    let available = std::process::Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("aiosmtpd not installed; skipped");
        return;
    }
    let maildir = std::env::temp_dir().join(format!("tessera-aiosmtpd-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&maildir);
    let probe = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    let mut child = tokio::process::Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(&maildir)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut ready = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "aiosmtpd did not start");

    let mailer = Mailer::from_url(&format!("smtp://127.0.0.1:{port}"), &options()).unwrap();
    let composed = compose(&outbound("customer@example.org"), "tessera.example.com").unwrap();
    mailer.send(&composed.message).await.unwrap();

    let mut stored = Vec::new();
    for _ in 0..50 {
        stored = std::fs::read_dir(maildir.join("new"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        if !stored.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill().await;
    assert_eq!(stored.len(), 1);
    let parsed = tessera_mail::parse(&std::fs::read(&stored[0]).unwrap());
    assert_eq!(
        parsed.message_id.as_deref(),
        Some(composed.message_id.as_str())
    );
    let _ = std::fs::remove_dir_all(&maildir);
}
