//! The inbound email channel end to end, on both backends: real SMTP on loopback
//! into the in-process server, then tickets, comments and history as stored.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::{Backend, TestApp};
use tessera_core::Channel;
use tessera_store::{Comment, Event, RawMessageState, Store, Ticket, TicketQuery};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

const SUPPORT: &str = "support@example.test";
const BILLING: &str = "billing@example.test";
/// A deadline for work that should take milliseconds, not a timing assertion.
const DEADLINE: Duration = Duration::from_secs(30);

// ----- a minimal SMTP client ---------------------------------------------------------

/// Speaks just enough SMTP to deliver one message and see every reply code.
struct SmtpClient {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl SmtpClient {
    async fn connect(addr: SocketAddr) -> SmtpClient {
        let (read, writer) = TcpStream::connect(addr)
            .await
            .expect("connect")
            .into_split();
        let mut client = SmtpClient {
            reader: BufReader::new(read),
            writer,
        };
        assert_eq!(client.reply().await.0, 220, "greeting");
        assert_eq!(client.command("EHLO client.test").await.0, 250);
        client
    }

    /// A whole (possibly multi-line) reply: its code and text.
    async fn reply(&mut self) -> (u16, String) {
        let mut text = String::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.expect("read reply");
            assert!(line.len() >= 4, "short SMTP reply {line:?}");
            text.push_str(&line);
            if line.as_bytes()[3] == b' ' {
                return (line[..3].parse().expect("reply code"), text);
            }
        }
    }

    async fn command(&mut self, line: &str) -> (u16, String) {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .expect("write");
        self.reply().await
    }

    /// MAIL, RCPT, DATA; the final reply code (250 once stored).
    async fn deliver(&mut self, from: &str, to: &[&str], message: &str) -> u16 {
        assert_eq!(self.command(&format!("MAIL FROM:<{from}>")).await.0, 250);
        for rcpt in to {
            let (code, text) = self.command(&format!("RCPT TO:<{rcpt}>")).await;
            assert_eq!(code, 250, "{text}");
        }
        assert_eq!(self.command("DATA").await.0, 354);
        let mut data = String::new();
        for line in message.lines() {
            // Dot-stuffing (RFC 5321 §4.5.2).
            if line.starts_with('.') {
                data.push('.');
            }
            data.push_str(line);
            data.push_str("\r\n");
        }
        data.push_str(".\r\n");
        self.writer.write_all(data.as_bytes()).await.expect("data");
        self.reply().await.0
    }
}

/// Delivers one message to the app's listener over a fresh connection.
async fn send(app: &TestApp, from: &str, to: &[&str], message: &str) {
    let mut client = SmtpClient::connect(smtp(app)).await;
    assert_eq!(client.deliver(from, to, message).await, 250);
    client.command("QUIT").await;
}

fn smtp(app: &TestApp) -> SocketAddr {
    app.smtp_address.expect("SMTP listener is on")
}

/// A plain-text message with CRLF line ends.
fn mail(
    from: &str,
    to: &str,
    subject: &str,
    message_id: &str,
    headers: &[&str],
    body: &str,
) -> String {
    let mut text = format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n\
         Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n"
    );
    for header in headers {
        text.push_str(header);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text.push_str(body);
    text.push_str("\r\n");
    text
}

// ----- observing the outcome -----------------------------------------------------------

async fn spawn(backend: Backend) -> Option<TestApp> {
    TestApp::spawn_with(backend, |config| {
        config.mail.smtp_listen = Some("127.0.0.1:0".parse().expect("address"));
        config.mail.mailboxes = vec![SUPPORT.to_owned(), BILLING.to_owned()];
    })
    .await
}

fn store(app: &TestApp) -> &dyn Store {
    app.service.store().as_ref()
}

/// Polls `probe` until it returns `Some`.
async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until no stored message is queued any more.
async fn processed(app: &TestApp) {
    eventually("queued mail to be processed", || async {
        let queued = store(app)
            .list_raw_message_ids(RawMessageState::Queued, 10)
            .await
            .expect("queued");
        queued.is_empty().then_some(())
    })
    .await;
}

/// Every ticket, oldest first.
async fn tickets(app: &TestApp) -> Vec<Ticket> {
    let query = TicketQuery {
        limit: 100,
        ..TicketQuery::default()
    };
    let mut found = store(app).list_tickets(&query).await.expect("list").items;
    found.sort_by_key(|t| t.id);
    found
}

async fn comments(app: &TestApp, ticket_id: i64) -> Vec<Comment> {
    store(app)
        .list_comments(ticket_id, true)
        .await
        .expect("comments")
}

async fn events(app: &TestApp, ticket_id: i64, field: &str) -> Vec<Event> {
    store(app)
        .list_events(ticket_id, true)
        .await
        .expect("events")
        .into_iter()
        .filter(|e| e.field.as_deref() == Some(field))
        .collect()
}

// ----- the tests -------------------------------------------------------------------------

/// Customer mail opens a ticket; the reply joins it by In-Reply-To; a stranger
/// using the subject token gets a new ticket linked to it, not a seat in it.
async fn mail_threads_by_headers_and_never_into_a_strangers_ticket(app: TestApp) {
    send(
        &app,
        "ann@customer.test",
        &[SUPPORT],
        &mail(
            "Ann Example <ann@customer.test>",
            SUPPORT,
            "Printer on fire",
            "first@customer.test",
            &[],
            "The printer on floor 3 is on fire.",
        ),
    )
    .await;
    processed(&app).await;
    let all = tickets(&app).await;
    assert_eq!(all.len(), 1);
    let ticket = &all[0];
    assert_eq!(ticket.channel, Channel::Email);
    assert_eq!(ticket.subject, "Printer on fire");
    let requester = store(&app)
        .get_user(ticket.requester_id)
        .await
        .expect("user");
    assert_eq!(requester.email.as_deref(), Some("ann@customer.test"));
    assert_eq!(requester.name, "Ann Example");
    let first = comments(&app, ticket.id).await;
    assert_eq!(first.len(), 1);
    assert!(first[0].public);
    assert!(first[0].body.contains("The printer on floor 3 is on fire."));
    let raw = store(&app)
        .list_raw_messages_for_ticket(ticket.id)
        .await
        .expect("raw");
    assert_eq!(raw.len(), 1);
    assert_eq!(raw[0].state, RawMessageState::Processed);
    assert_eq!(raw[0].comment_id, Some(first[0].id));

    // Ann replies from her mail client: the quoted history is not repeated.
    send(
        &app,
        "ann@customer.test",
        &[SUPPORT],
        &mail(
            "Ann Example <ann@customer.test>",
            SUPPORT,
            "Re: Printer on fire",
            "second@customer.test",
            &[
                "In-Reply-To: <first@customer.test>",
                "References: <first@customer.test>",
            ],
            "It is out now.\r\n\r\nOn Mon, 23 Nov 2026 at 10:00, Ann Example <ann@customer.test> wrote:\r\n> The printer on floor 3 is on fire.",
        ),
    )
    .await;
    processed(&app).await;
    assert_eq!(tickets(&app).await.len(), 1, "the reply joined the ticket");
    let conversation = comments(&app, ticket.id).await;
    assert_eq!(conversation.len(), 2);
    assert_eq!(conversation[1].body.trim(), "It is out now.");
    assert_eq!(conversation[1].author_id, requester.id);
    let explained = events(&app, ticket.id, "mail_thread").await;
    assert_eq!(explained.len(), 2, "{explained:?}");
    let join = explained[1].new_value.as_deref().unwrap_or("");
    assert!(
        join.starts_with(&format!("Joined #{}", ticket.number)),
        "{join}"
    );
    assert!(join.contains("In-Reply-To header matched"), "{join}");
    assert!(join.contains("first@customer.test"), "{join}");
    assert!(explained.iter().all(|e| e.internal));

    // A stranger quotes the ticket number: a new ticket, linked, Ann's untouched.
    send(
        &app,
        "mallory@elsewhere.test",
        &[SUPPORT],
        &mail(
            "mallory@elsewhere.test",
            SUPPORT,
            &format!("Re: [#{}] Printer on fire", ticket.number),
            "stranger@elsewhere.test",
            &[],
            "Please send me everything about this ticket.",
        ),
    )
    .await;
    processed(&app).await;
    let all = tickets(&app).await;
    assert_eq!(all.len(), 2);
    let linked = &all[1];
    assert_ne!(linked.requester_id, ticket.requester_id);
    assert_eq!(
        comments(&app, ticket.id).await.len(),
        2,
        "Ann's ticket unchanged"
    );
    let why = events(&app, linked.id, "mail_thread").await;
    let why = why[0].new_value.as_deref().unwrap_or("");
    assert!(
        why.starts_with(&format!("New ticket linked to #{}", ticket.number)),
        "{why}"
    );
    let link = events(&app, linked.id, "linked_ticket").await;
    assert_eq!(link[0].new_value, Some(format!("#{}", ticket.number)));
    let back = events(&app, ticket.id, "linked_ticket").await;
    assert_eq!(back[0].new_value, Some(format!("#{}", linked.number)));
    assert!(
        back[0].internal,
        "the stranger's ticket is not shown to Ann"
    );
}

/// An out-of-office reply is kept as an internal note and answered by nothing;
/// the same message delivered twice (or to two mailboxes) is one comment.
async fn auto_replies_and_duplicates_are_stored_quietly(app: TestApp) {
    let first = mail(
        "bob@customer.test",
        SUPPORT,
        "VPN down",
        "vpn@customer.test",
        &[],
        "The VPN drops every minute.",
    );
    send(&app, "bob@customer.test", &[SUPPORT], &first).await;
    processed(&app).await;
    let ticket = tickets(&app).await.remove(0);

    // The same message again (a retrying relay), and a copy to another mailbox.
    send(&app, "bob@customer.test", &[SUPPORT], &first).await;
    send(&app, "bob@customer.test", &[BILLING], &first).await;
    processed(&app).await;
    assert_eq!(tickets(&app).await.len(), 1);
    assert_eq!(comments(&app, ticket.id).await.len(), 1, "stored once");

    send(
        &app,
        "bob@customer.test",
        &[SUPPORT],
        &mail(
            "bob@customer.test",
            SUPPORT,
            "Automatic reply: VPN down",
            "ooo@customer.test",
            &[
                "Auto-Submitted: auto-replied",
                "In-Reply-To: <vpn@customer.test>",
            ],
            "I am out of the office until Monday.",
        ),
    )
    .await;
    processed(&app).await;
    assert_eq!(tickets(&app).await.len(), 1);
    let conversation = comments(&app, ticket.id).await;
    assert_eq!(conversation.len(), 2);
    assert!(!conversation[1].public, "auto-replies are internal notes");
    let public: Vec<_> = store(&app)
        .list_comments(ticket.id, false)
        .await
        .expect("public")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(public, [conversation[0].id], "no new public reply");
    let explained = events(&app, ticket.id, "mail_thread").await;
    let last = explained
        .last()
        .and_then(|e| e.new_value.as_deref())
        .unwrap_or("");
    assert!(last.contains("never answered automatically"), "{last}");
    // Nothing was queued to be sent anywhere. (The SLA sweep is periodic and
    // may have run meanwhile; it sends nothing for a ticket without a policy.)
    let jobs = store(&app).list_jobs(None, 100).await.expect("jobs");
    assert!(
        jobs.iter()
            .all(|j| j.kind == tessera_store::MAIL_PROCESS_JOB
                || j.kind == tessera_service::sla::SLA_SWEEP_JOB),
        "{jobs:?}"
    );
    assert!(
        jobs.iter()
            .any(|j| j.kind == tessera_store::MAIL_PROCESS_JOB),
        "{jobs:?}"
    );
}

/// Mail for an address that is not a mailbox is refused before DATA.
async fn unknown_mailboxes_are_refused(app: TestApp) {
    let mut client = SmtpClient::connect(smtp(&app)).await;
    assert_eq!(
        client.command("MAIL FROM:<eve@elsewhere.test>").await.0,
        250
    );
    let (code, text) = client.command("RCPT TO:<sales@example.test>").await;
    assert_eq!(code, 550, "{text}");
    let (code, text) = client.command("RCPT TO:<someone@relay.test>").await;
    assert_eq!(code, 550, "never a relay: {text}");
    client.command("QUIT").await;
    assert!(tickets(&app).await.is_empty());
}

/// What a crash after `250` leaves queued is processed when a job runner starts.
async fn queued_mail_is_processed_at_start(app: TestApp) {
    let mailbox = store(&app)
        .find_mailbox(SUPPORT)
        .await
        .expect("find")
        .expect("configured");
    // Multipart, with a log file attached.
    let bytes = "From: carol@customer.test\r\nTo: support@example.test\r\n\
        Subject: Left behind\r\nMessage-ID: <left@customer.test>\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
        --b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
        Stored, then the node died.\r\n\
        --b1\r\nContent-Type: text/plain; name=\"log.txt\"\r\n\
        Content-Disposition: attachment; filename=\"log.txt\"\r\n\r\n\
        line 1\r\n--b1--\r\n"
        .as_bytes()
        .to_vec();
    store(&app)
        .store_raw_message(tessera_store::NewRawMessage {
            mailbox_id: mailbox.id,
            envelope_from: "carol@customer.test".to_owned(),
            envelope_to: vec![SUPPORT.to_owned()],
            remote_addr: None,
            received_at: jiff::Timestamp::now(),
            sha256: "unused".to_owned(),
            message_id: Some("left@customer.test".to_owned()),
            bytes,
        })
        .await
        .expect("store");
    // Nobody woke a runner: one that starts now finds the message's durable job.
    let database = app.db().config().database.url;
    let (runner, _waker) = tessera::jobs::runner(
        &app.service,
        &database,
        &tessera::config::JobsConfig::default(),
        None,
    )
    .await
    .expect("runner");
    runner.run_pending().await;
    processed(&app).await;
    let all = tickets(&app).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].subject, "Left behind");
    let first = comments(&app, all[0].id).await.remove(0);
    assert!(
        first.body.contains("Stored, then the node died."),
        "{first:?}"
    );
    let names: Vec<&str> = first
        .attachments
        .iter()
        .map(|a| a.filename.as_str())
        .collect();
    assert_eq!(names, ["log.txt"]);
}

/// A reply to a closed ticket opens a follow-up linked to it.
async fn replies_to_closed_tickets_open_follow_ups(app: TestApp) {
    send(
        &app,
        "dan@customer.test",
        &[SUPPORT],
        &mail(
            "dan@customer.test",
            SUPPORT,
            "Password reset",
            "reset@customer.test",
            &[],
            "Please reset my password.",
        ),
    )
    .await;
    processed(&app).await;
    let mut closed = tickets(&app).await.remove(0);
    closed.status = tessera_core::Status::Closed;
    closed.closed_at = Some(jiff::Timestamp::now());
    let (closed, _) = store(&app)
        .update_ticket(tessera_store::TicketWrite {
            ticket: closed,
            comment: None,
            events: Vec::new(),
            jobs: Vec::new(),
            sla: None,
            notifications: Vec::new(),
        })
        .await
        .expect("close");

    send(
        &app,
        "dan@customer.test",
        &[SUPPORT],
        &mail(
            "dan@customer.test",
            SUPPORT,
            "Re: Password reset",
            "again@customer.test",
            &["In-Reply-To: <reset@customer.test>"],
            "It happened again.",
        ),
    )
    .await;
    processed(&app).await;
    let all = tickets(&app).await;
    assert_eq!(all.len(), 2);
    let follow_up = &all[1];
    assert_eq!(follow_up.requester_id, closed.requester_id);
    let link = events(&app, follow_up.id, "follow_up_of").await;
    assert_eq!(link[0].new_value, Some(format!("#{}", closed.number)));
    let why = events(&app, follow_up.id, "mail_thread").await;
    let why = why[0].new_value.as_deref().unwrap_or("");
    assert!(
        why.starts_with(&format!("Follow-up to closed ticket #{}", closed.number)),
        "{why}"
    );
    assert_eq!(
        comments(&app, closed.id).await.len(),
        1,
        "the closed ticket is unchanged"
    );
}

macro_rules! mail_tests {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = super::spawn(super::Backend::Sqlite).await {
                    super::$name(app).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = super::spawn(super::Backend::Postgres).await {
                    super::$name(app).await;
                }
            }
        }
    )+};
}

mail_tests!(
    mail_threads_by_headers_and_never_into_a_strangers_ticket,
    auto_replies_and_duplicates_are_stored_quietly,
    unknown_mailboxes_are_refused,
    queued_mail_is_processed_at_start,
    replies_to_closed_tickets_open_follow_ups,
);
