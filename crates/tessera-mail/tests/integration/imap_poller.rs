//! The IMAP poller against a real Dovecot on 127.0.0.1 (see `dovecot.rs`): the
//! fixture corpus arrives once and byte for byte, processed mail is flagged or
//! moved, IDLE delivers promptly, a crashed server is survived, and a failing
//! sink leaves mail on the server for a retry.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_imap::Session;
use futures_util::TryStreamExt;
use tessera_mail::smtp::SinkError;
use tessera_mail::{
    AfterProcessing, ImapAccount, ImapCounters, ImapPoller, ImapSecurity, ImapSink,
};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::common::install_crypto;
use crate::dovecot::{Dovecot, DovecotOptions, PASSWORD, USER};

const MAILBOX: &str = "support@example.com";
/// Bound for anything that should happen "soon" (a full round on two cores).
const SOON: Duration = Duration::from_secs(20);

/// One accepted message: the mailbox address it was filed under and its bytes.
type Accepted = (String, Vec<u8>);

/// Keeps what it accepts; `failing` makes it answer a temporary failure.
#[derive(Clone, Default)]
struct CollectSink {
    received: Arc<Mutex<Vec<Accepted>>>,
    failing: Arc<AtomicBool>,
}

impl CollectSink {
    fn raws(&self) -> Vec<Vec<u8>> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, raw)| raw.clone())
            .collect()
    }

    fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

impl ImapSink for CollectSink {
    async fn accept(&self, mailbox_address: &str, raw: Vec<u8>) -> Result<(), SinkError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(SinkError::Temporary("database down (test)".into()));
        }
        self.received
            .lock()
            .unwrap()
            .push((mailbox_address.to_owned(), raw));
        Ok(())
    }
}

struct RunningPoller {
    counters: Arc<ImapCounters>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningPoller {
    fn start(account: ImapAccount, sink: CollectSink) -> Self {
        install_crypto();
        let poller = ImapPoller::new(account, sink);
        let counters = poller.counters();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(poller.run(async move {
            let _ = stopped.await;
        }));
        Self {
            counters,
            stop: Some(stop),
            task,
        }
    }

    /// Shutdown must be prompt, whatever the poller is doing.
    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(2), &mut self.task)
            .await
            .expect("poller did not stop within 2 s of shutdown")
            .unwrap();
    }
}

impl Drop for RunningPoller {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn account(server: &Dovecot, after: AfterProcessing) -> ImapAccount {
    let mut account = ImapAccount::new("127.0.0.1", USER, PASSWORD, MAILBOX);
    account.port = server.port;
    account.security = ImapSecurity::Plain;
    account.after_processing = after;
    // Only IDLE (or an explicit short interval) may deliver within a test.
    account.poll_interval = Duration::from_secs(60);
    account.batch_size = 7;
    account.command_timeout = Duration::from_secs(10);
    account.min_backoff = Duration::from_millis(100);
    account.max_backoff = Duration::from_millis(800);
    account
}

/// Every fixture message with CRLF line ends (what IMAP serves back), so the
/// sink's bytes can be compared with what was appended.
fn corpus() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<_> = ["reply", "mime"]
        .iter()
        .flat_map(|sub| std::fs::read_dir(root.join(sub)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "fixture corpus shrank: {paths:?}");
    paths
        .iter()
        .map(|p| crlf(&std::fs::read(p).unwrap()))
        .collect()
}

fn crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 40);
    let mut previous = 0u8;
    for &byte in raw {
        if byte == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        out.push(byte);
        previous = byte;
    }
    out
}

fn simple_message(tag: &str) -> Vec<u8> {
    crlf(
        format!(
            "From: Ana <ana@example.hr>\nTo: {MAILBOX}\nSubject: {tag}\n\
             Message-ID: <{tag}@example.hr>\nDate: Mon, 23 Nov 2026 10:00:00 +0100\n\n\
             Body of {tag}.\n"
        )
        .as_bytes(),
    )
}

async fn append_all(admin: &mut Session<TcpStream>, folder: &str, messages: &[Vec<u8>]) {
    for message in messages {
        admin.append(folder, None, None, message).await.unwrap();
    }
}

/// UIDs in `folder` matching `query`, seen from a fresh SELECT.
async fn search(admin: &mut Session<TcpStream>, folder: &str, query: &str) -> usize {
    admin.examine(folder).await.unwrap();
    admin.uid_search(query).await.unwrap().len()
}

/// Bodies of every message in `folder`, by UID order.
async fn bodies(admin: &mut Session<TcpStream>, folder: &str) -> Vec<Vec<u8>> {
    admin.examine(folder).await.unwrap();
    let fetched: Vec<_> = admin
        .fetch("1:*", "BODY.PEEK[]")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    fetched.iter().map(|f| f.body().unwrap().to_vec()).collect()
}

async fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn sorted(mut raws: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    raws.sort();
    raws
}

#[tokio::test]
async fn the_corpus_arrives_once_byte_for_byte_and_is_flagged_seen() {
    let Some(server) = Dovecot::start(DovecotOptions::default()).await else {
        return;
    };
    let mut admin = server.admin().await;
    let corpus = corpus();
    append_all(&mut admin, "INBOX", &corpus).await;

    let sink = CollectSink::default();
    let poller = RunningPoller::start(account(&server, AfterProcessing::FlagSeen), sink.clone());
    wait_until("the corpus", SOON, || sink.count() >= corpus.len()).await;
    let counters = poller.counters.clone();
    // Flags are set right after the sink took a batch; look once they are.
    let deadline = Instant::now() + SOON;
    while search(&mut admin, "INBOX", "UNSEEN").await > 0 {
        assert!(Instant::now() < deadline, "mail not flagged \\Seen");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    poller.stop().await;

    assert_eq!(sorted(sink.raws()), sorted(corpus.clone()));
    assert!(
        sink.received
            .lock()
            .unwrap()
            .iter()
            .all(|(mailbox, _)| mailbox == MAILBOX)
    );
    assert_eq!(search(&mut admin, "INBOX", "SEEN").await, corpus.len());
    let snapshot = counters.snapshot();
    assert_eq!(snapshot.fetched, corpus.len() as u64);
    assert_eq!(snapshot.accepted, corpus.len() as u64);
    assert_eq!(snapshot.reconnects, 0, "{}", server.log());
}

#[tokio::test]
async fn mail_appended_while_idle_arrives_within_two_seconds() {
    let Some(server) = Dovecot::start(DovecotOptions::default()).await else {
        return;
    };
    let mut admin = server.admin().await;
    let sink = CollectSink::default();
    let poller = RunningPoller::start(account(&server, AfterProcessing::FlagSeen), sink.clone());

    append_all(&mut admin, "INBOX", &[simple_message("first")]).await;
    wait_until("the first message", SOON, || sink.count() == 1).await;
    // Give the poller time to flag the first message and enter IDLE, so the
    // second one is announced by the server rather than found by a SEARCH.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let appended = Instant::now();
    append_all(&mut admin, "INBOX", &[simple_message("second")]).await;
    wait_until("the second message", Duration::from_secs(2), || {
        sink.count() == 2
    })
    .await;
    assert!(appended.elapsed() < Duration::from_secs(2));
    poller.stop().await;
    assert_eq!(
        sink.raws(),
        vec![simple_message("first"), simple_message("second")]
    );
}

#[tokio::test]
async fn processed_mail_is_moved_to_the_target_folder() {
    let Some(server) = Dovecot::start(DovecotOptions::default()).await else {
        return;
    };
    let mut admin = server.admin().await;
    let corpus = corpus();
    append_all(&mut admin, "INBOX", &corpus).await;

    let sink = CollectSink::default();
    let after = AfterProcessing::MoveTo("Processed".to_owned());
    let poller = RunningPoller::start(account(&server, after), sink.clone());
    wait_until("the corpus", SOON, || sink.count() >= corpus.len()).await;
    let deadline = Instant::now() + SOON;
    while search(&mut admin, "INBOX", "ALL").await > 0 {
        assert!(Instant::now() < deadline, "mail not moved");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    poller.stop().await;

    assert_eq!(sorted(sink.raws()), sorted(corpus.clone()));
    assert_eq!(
        sorted(bodies(&mut admin, "Processed").await),
        sorted(corpus)
    );
}

#[tokio::test]
async fn without_idle_and_move_it_polls_and_copies_then_expunges() {
    let Some(server) = Dovecot::start(DovecotOptions {
        capabilities: Some("IMAP4rev1 LITERAL+ UIDPLUS"),
        ..DovecotOptions::default()
    })
    .await
    else {
        return;
    };
    let mut admin = server.admin().await;
    let capabilities = admin.capabilities().await.unwrap();
    assert!(!capabilities.has_str("IDLE") && !capabilities.has_str("MOVE"));
    assert!(capabilities.has_str("UIDPLUS"));
    let messages = vec![simple_message("p1"), simple_message("p2")];
    append_all(&mut admin, "INBOX", &messages).await;

    let sink = CollectSink::default();
    let mut account = account(&server, AfterProcessing::MoveTo("Done".to_owned()));
    account.poll_interval = Duration::from_millis(200);
    let poller = RunningPoller::start(account, sink.clone());
    wait_until("the first two", SOON, || sink.count() == 2).await;
    // A later message is found by the next poll, not by IDLE.
    append_all(&mut admin, "INBOX", &[simple_message("p3")]).await;
    wait_until("the polled one", SOON, || sink.count() == 3).await;
    let deadline = Instant::now() + SOON;
    while search(&mut admin, "INBOX", "ALL").await > 0 {
        assert!(Instant::now() < deadline, "mail not copied and expunged");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    poller.stop().await;

    let expected = vec![
        simple_message("p1"),
        simple_message("p2"),
        simple_message("p3"),
    ];
    assert_eq!(sink.raws(), expected);
    assert_eq!(bodies(&mut admin, "Done").await, expected);
}

#[tokio::test]
async fn the_poller_survives_a_killed_and_restarted_server() {
    let Some(mut server) = Dovecot::start(DovecotOptions::default()).await else {
        return;
    };
    let sink = CollectSink::default();
    let poller = RunningPoller::start(account(&server, AfterProcessing::FlagSeen), sink.clone());
    {
        let mut admin = server.admin().await;
        append_all(&mut admin, "INBOX", &[simple_message("before")]).await;
    }
    wait_until("the message before the crash", SOON, || sink.count() == 1).await;

    server.kill().await;
    server.restart().await;
    let mut admin = server.admin().await;
    append_all(&mut admin, "INBOX", &[simple_message("after")]).await;
    wait_until("the message after the restart", SOON, || sink.count() == 2).await;
    let counters = poller.counters.clone();
    poller.stop().await;

    assert_eq!(
        sink.raws(),
        vec![simple_message("before"), simple_message("after")]
    );
    assert!(
        counters.snapshot().reconnects >= 1,
        "{:?}",
        counters.snapshot()
    );
}

#[tokio::test]
async fn a_failing_sink_leaves_mail_unflagged_and_it_is_retried() {
    let Some(server) = Dovecot::start(DovecotOptions::default()).await else {
        return;
    };
    let mut admin = server.admin().await;
    append_all(&mut admin, "INBOX", &[simple_message("retry-me")]).await;

    let sink = CollectSink::default();
    sink.failing.store(true, Ordering::SeqCst);
    let poller = RunningPoller::start(account(&server, AfterProcessing::FlagSeen), sink.clone());
    let counters = poller.counters.clone();
    wait_until("a sink failure", SOON, || counters.snapshot().failed >= 2).await;
    assert_eq!(sink.count(), 0);
    assert_eq!(search(&mut admin, "INBOX", "UNSEEN").await, 1);

    sink.failing.store(false, Ordering::SeqCst);
    wait_until("the retried message", SOON, || sink.count() == 1).await;
    let deadline = Instant::now() + SOON;
    while search(&mut admin, "INBOX", "UNSEEN").await > 0 {
        assert!(Instant::now() < deadline, "retried mail not flagged");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    poller.stop().await;
    assert_eq!(sink.raws(), vec![simple_message("retry-me")]);
    let snapshot = counters.snapshot();
    assert_eq!(snapshot.accepted, 1);
    assert_eq!(
        snapshot.reconnects, 0,
        "a sink failure is not a connection failure"
    );
}

#[tokio::test]
async fn starttls_and_implicit_tls_trust_a_private_ca() {
    let Some(server) = Dovecot::start(DovecotOptions {
        tls: true,
        ..DovecotOptions::default()
    })
    .await
    else {
        return;
    };
    let mut admin = server.admin().await;
    append_all(&mut admin, "INBOX", &[simple_message("over-tls")]).await;

    for (security, port) in [
        (ImapSecurity::StartTls, server.port),
        (ImapSecurity::Tls, server.tls_port.unwrap()),
    ] {
        // Without the CA the handshake fails and the poller keeps retrying.
        let sink = CollectSink::default();
        let mut untrusted = account(&server, AfterProcessing::FlagSeen);
        untrusted.security = security;
        untrusted.port = port;
        let poller = RunningPoller::start(untrusted.clone(), sink.clone());
        let counters = poller.counters.clone();
        wait_until("a failed handshake", SOON, || {
            counters.snapshot().reconnects >= 1
        })
        .await;
        poller.stop().await;
        assert_eq!(sink.count(), 0, "{security:?}");

        let mut trusted = untrusted;
        trusted.extra_root_certificate = Some(server.ca_path());
        // Leave the message for the next security mode.
        trusted.after_processing = AfterProcessing::MoveTo("Tls".to_owned());
        let poller = RunningPoller::start(trusted, sink.clone());
        wait_until("mail over TLS", SOON, || sink.count() == 1).await;
        let deadline = Instant::now() + SOON;
        while search(&mut admin, "INBOX", "ALL").await > 0 {
            assert!(
                Instant::now() < deadline,
                "mail not moved over {security:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        poller.stop().await;
        assert_eq!(
            sink.raws(),
            vec![simple_message("over-tls")],
            "{security:?}"
        );
        // Put it back for the next round.
        append_all(&mut admin, "INBOX", &[simple_message("over-tls")]).await;
    }
}
