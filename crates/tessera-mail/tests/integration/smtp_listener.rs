//! The listener over real TCP on 127.0.0.1: lettre as a client, and a raw
//! socket client where the test needs exact protocol control.

use std::time::Duration;

use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tessera_mail::MailClass;

use crate::common::{RawClient, TestServer};

fn plain_client(server: &TestServer) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(server.addr.port())
        .timeout(Some(Duration::from_secs(10)))
        .build()
}

fn message(to: &str, body: &str) -> Message {
    Message::builder()
        .from("Jan Kowalski <jan@example.pl>".parse().unwrap())
        .to(to.parse().unwrap())
        .subject("Drukarka nie działa")
        .message_id(None)
        .body(body.to_owned())
        .unwrap()
}

/// The stored raw message minus the `Received:` header the listener prepends.
fn without_trace(raw: &[u8]) -> &[u8] {
    let text = raw;
    let mut offset = 0;
    // The trace header is three lines: "Received: …", "\tby …", "\t<date>".
    for _ in 0..3 {
        let end = text[offset..].iter().position(|&b| b == b'\n').unwrap();
        offset += end + 1;
    }
    &raw[offset..]
}

#[tokio::test]
async fn lettre_delivers_and_the_sink_parses() {
    let mut server = TestServer::start(|_| {}).await;
    let client = plain_client(&server);
    client
        .send(message("Support@Example.com", "Hello\n.leading dot\nbye"))
        .await
        .unwrap();
    let received = server.sink.take();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(mail.envelope.mail_from, "jan@example.pl");
    assert_eq!(mail.envelope.rcpt_to, vec!["Support@Example.com"]);
    assert_eq!(mail.envelope.remote_addr.ip().to_string(), "127.0.0.1");
    assert!(!mail.envelope.tls);
    assert!(
        mail.raw.starts_with(b"Received: from "),
        "{}",
        String::from_utf8_lossy(&mail.raw)
    );
    assert!(
        String::from_utf8_lossy(&mail.raw).contains("by mx.tessera.test (Tessera) with ESMTP;")
    );
    assert_eq!(mail.parsed.subject, "Drukarka nie działa");
    // Dot-unstuffing gave back the leading dot.
    assert!(
        mail.parsed.text_body.contains("\n.leading dot\n"),
        "{:?}",
        mail.parsed.text_body
    );
    assert!(
        mail.parsed.parse_warnings.is_empty(),
        "{:?}",
        mail.parsed.parse_warnings
    );
    server.shutdown().await;
}

#[tokio::test]
async fn plus_addressed_mailboxes_are_accepted_others_rejected() {
    let server = TestServer::start(|_| {}).await;
    let mut c = RawClient::connect(server.addr).await;
    assert!(c.reply().await.starts_with("220 mx.tessera.test"));
    let ehlo = c.command("EHLO client.example").await;
    for capability in [
        "SIZE",
        "8BITMIME",
        "PIPELINING",
        "CHUNKING",
        "ENHANCEDSTATUSCODES",
    ] {
        assert!(ehlo.contains(capability), "{ehlo}");
    }
    assert!(
        !ehlo.contains("STARTTLS") && !ehlo.contains("AUTH"),
        "{ehlo}"
    );
    assert!(
        c.command("RCPT TO:<support@example.com>")
            .await
            .starts_with("503 5.5.1")
    );
    assert!(c.command("MAIL FROM:<>").await.starts_with("250 2.1.0"));
    assert!(
        c.command("RCPT TO:<sales@example.com>")
            .await
            .starts_with("550 5.1.1")
    );
    // Never a relay.
    assert!(
        c.command("RCPT TO:<victim@gmail.example>")
            .await
            .starts_with("550 5.1.1")
    );
    assert!(
        c.command("RCPT TO:<SUPPORT+t1042.abc@EXAMPLE.COM>")
            .await
            .starts_with("250 2.1.5")
    );
    assert!(
        c.command("RCPT TO:<billing@example.com>")
            .await
            .starts_with("250 2.1.5")
    );
    assert!(
        c.command("AUTH PLAIN AGZvbwBiYXI=")
            .await
            .starts_with("502")
    );
    assert!(c.command("STARTTLS").await.starts_with("502"));
    assert!(c.command("DATA").await.starts_with("354"));
    c.send(b"Subject: null sender\r\n\r\nbounce body\r\n.\r\n")
        .await;
    assert!(c.reply().await.starts_with("250 2.0.0"));
    assert!(c.command("QUIT").await.starts_with("221"));
    assert!(c.is_closed().await);
    let received = server.sink.take();
    assert_eq!(received[0].envelope.mail_from, "");
    assert_eq!(received[0].envelope.rcpt_to.len(), 2);
    // The null sender makes it a bounce for the loop guard.
    assert!(matches!(
        received[0].parsed.classification,
        MailClass::Bounce(_)
    ));
}

#[tokio::test]
async fn pipelined_commands_get_pipelined_replies() {
    let server = TestServer::start(|_| {}).await;
    let mut c = RawClient::connect(server.addr).await;
    c.reply().await;
    c.command("EHLO client.example").await;
    c.send(b"MAIL FROM:<jan@example.pl>\r\nRCPT TO:<support@example.com>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\n")
        .await;
    assert!(c.reply().await.starts_with("250 2.1.0"));
    assert!(c.reply().await.starts_with("250 2.1.5"));
    assert!(c.reply().await.starts_with("550 5.1.1"));
    assert!(c.reply().await.starts_with("354"));
    // Message, end of data and the next transaction in one packet.
    c.send(
        b".starts with a dot\r\nSubject: pipelined\r\n\r\nline\r\n..stuffed\r\n.\r\nRSET\r\nNOOP\r\nQUIT\r\n",
    )
    .await;
    assert!(c.reply().await.starts_with("250 2.0.0"));
    assert!(c.reply().await.starts_with("250 2.0.0 OK"));
    assert!(c.reply().await.starts_with("250 2.0.0 OK"));
    assert!(c.reply().await.starts_with("221"));
    let received = server.sink.take();
    assert_eq!(received.len(), 1);
    assert_eq!(
        without_trace(&received[0].raw),
        b"starts with a dot\r\nSubject: pipelined\r\n\r\nline\r\n.stuffed\r\n"
    );
}

#[tokio::test]
async fn bdat_chunks_are_assembled() {
    let server = TestServer::start(|_| {}).await;
    let mut c = RawClient::connect(server.addr).await;
    c.reply().await;
    c.command("EHLO client.example").await;
    c.command("MAIL FROM:<jan@example.pl>").await;
    c.command("RCPT TO:<support@example.com>").await;
    let first = b"Subject: chunked\r\n\r\n";
    let second = b"hello\r\n.not a terminator\r\n";
    c.send(format!("BDAT {}\r\n", first.len()).as_bytes()).await;
    c.send(first).await;
    assert_eq!(
        c.reply().await,
        format!("250 2.0.0 {} octets received", first.len())
    );
    c.send(format!("BDAT {} LAST\r\n", second.len()).as_bytes())
        .await;
    c.send(second).await;
    assert!(c.reply().await.starts_with("250 2.0.0 Message accepted"));
    // BDAT without a transaction still consumes its bytes.
    c.send(b"BDAT 5 LAST\r\nxxxxx").await;
    assert!(c.reply().await.starts_with("503"));
    assert!(c.command("NOOP").await.starts_with("250"));
    let received = server.sink.take();
    assert_eq!(
        without_trace(&received[0].raw),
        b"Subject: chunked\r\n\r\nhello\r\n.not a terminator\r\n"
    );
    assert_eq!(received[0].parsed.subject, "chunked");
}

#[tokio::test]
async fn oversize_messages_get_552() {
    let server = TestServer::start(|c| c.max_message_size = 1000).await;
    let mut c = RawClient::connect(server.addr).await;
    c.reply().await;
    assert!(c.command("EHLO client.example").await.contains("SIZE 1000"));
    assert!(
        c.command("MAIL FROM:<jan@example.pl> SIZE=5000")
            .await
            .starts_with("552 5.3.4")
    );
    assert!(
        c.command("MAIL FROM:<jan@example.pl> SIZE=500")
            .await
            .starts_with("250")
    );
    c.command("RCPT TO:<support@example.com>").await;
    assert!(c.command("DATA").await.starts_with("354"));
    let line = "x".repeat(78);
    for _ in 0..100 {
        c.send(format!("{line}\r\n").as_bytes()).await;
    }
    c.send(b".\r\n").await;
    assert!(c.reply().await.starts_with("552 5.3.4"));
    // The session is usable afterwards, and BDAT is limited too.
    c.command("MAIL FROM:<jan@example.pl>").await;
    c.command("RCPT TO:<support@example.com>").await;
    c.send(format!("BDAT 2000 LAST\r\n{}", "y".repeat(2000)).as_bytes())
        .await;
    assert!(c.reply().await.starts_with("552 5.3.4"));
    assert!(c.command("NOOP").await.starts_with("250"));
    assert_eq!(server.sink.count(), 0);
}

#[tokio::test]
async fn sink_failures_become_451_and_554() {
    let server = TestServer::start(|_| {}).await;
    let client = plain_client(&server);
    server.sink.set_failure(Some(false));
    let error = client
        .send(message("support@example.com", "x"))
        .await
        .unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert_eq!(error.status().unwrap().to_string(), "451");
    server.sink.set_failure(Some(true));
    let error = client
        .send(message("support@example.com", "x"))
        .await
        .unwrap_err();
    assert!(error.is_permanent(), "{error}");
    server.sink.set_failure(None);
    client
        .send(message("support@example.com", "x"))
        .await
        .unwrap();
    assert_eq!(server.sink.count(), 1);
}

#[tokio::test]
async fn protocol_errors_and_timeouts() {
    let server = TestServer::start(|c| {
        c.max_errors = 3;
        c.command_timeout = Duration::from_millis(300);
    })
    .await;
    let mut c = RawClient::connect(server.addr).await;
    c.reply().await;
    assert!(
        c.command("MAIL FROM:<jan@example.pl>")
            .await
            .starts_with("503 5.5.1")
    );
    assert!(
        c.command("HELO client.example")
            .await
            .starts_with("250 mx.tessera.test")
    );
    let replies = [
        c.command("FOO bar").await,
        c.command("MAIL FROM:not-an-address").await,
        c.command("MAIL TO:<x@y>").await,
    ];
    assert!(replies[0].starts_with("500 5.5.2"), "{replies:?}");
    assert!(replies[1].starts_with("501"), "{replies:?}");
    assert!(replies[2].starts_with("501"), "{replies:?}");
    // The third error used up the allowance.
    assert!(c.reply().await.starts_with("421 4.7.0"));
    assert!(c.is_closed().await);

    let mut idle = RawClient::connect(server.addr).await;
    idle.reply().await;
    assert!(idle.reply().await.starts_with("421 4.4.2"));
    assert!(idle.is_closed().await);
}

#[tokio::test]
async fn connection_cap() {
    let server = TestServer::start(|c| c.max_connections = 1).await;
    let mut first = RawClient::connect(server.addr).await;
    assert!(first.reply().await.starts_with("220"));
    let mut second = RawClient::connect(server.addr).await;
    assert!(second.reply().await.starts_with("421 4.7.0"));
    assert!(second.is_closed().await);
    first.command("QUIT").await;
    assert!(first.is_closed().await);
    // The slot is free again once the first session has ended.
    let mut third = None;
    for _ in 0..50 {
        let mut client = RawClient::connect(server.addr).await;
        if client.reply().await.starts_with("220") {
            third = Some(client);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(third.is_some());
}

#[tokio::test]
async fn shutdown_says_421_and_finishes_messages_in_flight() {
    let mut server = TestServer::start(|_| {}).await;
    let mut idle = RawClient::connect(server.addr).await;
    idle.reply().await;
    idle.command("EHLO idle.example").await;

    let mut busy = RawClient::connect(server.addr).await;
    busy.reply().await;
    busy.command("EHLO busy.example").await;
    busy.command("MAIL FROM:<jan@example.pl>").await;
    busy.command("RCPT TO:<support@example.com>").await;
    assert!(busy.command("DATA").await.starts_with("354"));
    busy.send(b"Subject: in flight\r\n\r\nfirst half\r\n").await;

    let sink = server.sink.clone();
    let addr = server.addr;
    let stop = server.shutdown();
    tokio::pin!(stop);
    // The idle client is told at once.
    let idle_reply = tokio::select! {
        biased;
        reply = idle.reply() => reply,
        () = &mut stop => panic!("server stopped before the busy session finished"),
    };
    assert!(idle_reply.starts_with("421 4.3.2"), "{idle_reply}");
    // The message in flight completes, then the session is closed.
    busy.send(b"second half\r\n.\r\n").await;
    let (accepted, goodbye) = tokio::select! {
        biased;
        replies = async { (busy.reply().await, busy.reply().await) } => replies,
        () = &mut stop => panic!("server stopped before the busy session finished"),
    };
    assert!(accepted.starts_with("250 2.0.0"), "{accepted}");
    assert!(goodbye.starts_with("421 4.3.2"), "{goodbye}");
    stop.await;
    assert_eq!(sink.count(), 1);
    // New connections are refused once the server is gone.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn starttls_with_a_self_signed_certificate() {
    crate::common::install_crypto();
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let cert_der = certified.cert.der().clone();
    let key_der =
        rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der()).unwrap();
    let tls_config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert_der], key_der)
        .unwrap();
    let server = TestServer::start(move |c| c.tls = Some(std::sync::Arc::new(tls_config))).await;

    let mut raw = RawClient::connect(server.addr).await;
    raw.reply().await;
    assert!(
        raw.command("EHLO client.example")
            .await
            .contains("STARTTLS")
    );

    let pem = certified.cert.pem();
    let tls = TlsParameters::builder("localhost".to_owned())
        .add_root_certificate(Certificate::from_pem(pem.as_bytes()).unwrap())
        .build_rustls()
        .unwrap();
    let client = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(server.addr.port())
        .tls(Tls::Required(tls))
        .timeout(Some(Duration::from_secs(10)))
        .build();
    client
        .send(message("support@example.com", "over TLS"))
        .await
        .unwrap();
    let received = server.sink.take();
    assert_eq!(received.len(), 1);
    assert!(received[0].envelope.tls);
    assert!(String::from_utf8_lossy(&received[0].raw).contains("with ESMTPS;"));
    assert_eq!(received[0].parsed.text_body.trim(), "over TLS");
}
