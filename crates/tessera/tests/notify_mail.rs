//! SLA notifications by email, end to end: the sweep announces a breach, its
//! `notify.email` job runs on the in-process server's runner and hands the
//! message to a real SMTP relay on loopback (Python's aiosmtpd writing a
//! maildir; the test is skipped, loudly, when aiosmtpd is not installed).

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Backend, ManualClock, TestApp, free_port};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use tessera::config::{RelayConfig, RelaySecurity};
use tessera_core::{Role, Tier};
use tessera_mail::{InboundMessage, MailAddress};
use tessera_service::{Actor, CreateTicket, Service, ServiceConfig};
use tessera_store::{JobStatus, NewGroup, NewUser, Store, User};

/// A deadline for work that should take seconds, not a timing assertion (the
/// runner polls every 5 s when nobody wakes it).
const DEADLINE: Duration = Duration::from_secs(40);

/// aiosmtpd on a free loopback port, storing every message in a maildir.
struct SmtpSink {
    port: u16,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
    _child: tokio::process::Child,
}

impl SmtpSink {
    async fn start() -> Option<SmtpSink> {
        let available = std::process::Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !available {
            eprintln!("*** SKIPPED: aiosmtpd not installed (pip install aiosmtpd) ***");
            return None;
        }
        let dir = tempfile::tempdir().expect("temporary directory");
        let maildir = dir.path().join("maildir");
        let port = free_port();
        let child = tokio::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .kill_on_drop(true)
            .spawn()
            .expect("aiosmtpd starts");
        let started = Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(started.elapsed() < DEADLINE, "aiosmtpd did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Some(SmtpSink {
            port,
            maildir,
            _dir: dir,
            _child: child,
        })
    }

    /// Every message received so far, raw and parsed.
    fn messages(&self) -> Vec<(String, InboundMessage)> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
            .map(|raw| {
                let parsed = tessera_mail::parse(&raw);
                (String::from_utf8_lossy(&raw).into_owned(), parsed)
            })
            .collect()
    }

    /// The messages to `address`, once there is at least one (or the deadline).
    async fn wait_for(&self, address: &str) -> Vec<(String, InboundMessage)> {
        let started = Instant::now();
        loop {
            let found: Vec<_> = self
                .messages()
                .into_iter()
                .filter(|(_, m)| m.to.iter().any(|to| to.address == address))
                .collect();
            if !found.is_empty() || started.elapsed() > DEADLINE {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

async fn user(store: &Arc<dyn Store>, name: &str, role: Role) -> (User, Actor) {
    let user = store
        .create_user(NewUser {
            name: name.to_owned(),
            email: Some(format!("{name}@notify.test")),
            role,
            organization_id: None,
            language: None,
            time_zone: Some("Europe/Zagreb".to_owned()),
            phones: Vec::new(),
            created_at: Timestamp::UNIX_EPOCH,
        })
        .await
        .expect("user");
    let actor = Actor::from_user(&user);
    (user, actor)
}

mod a_breach_reaches_the_supervisor_by_email_once {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::a_breach_reaches_the_supervisor_by_email_once(super::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::a_breach_reaches_the_supervisor_by_email_once(super::Backend::Postgres).await;
    }
}

async fn a_breach_reaches_the_supervisor_by_email_once(backend: Backend) {
    let Some(sink) = SmtpSink::start().await else {
        return;
    };
    let port = sink.port;
    let Some(app) = TestApp::spawn_with(backend, |config| {
        config.mail.relay = Some(RelayConfig {
            host: "127.0.0.1".to_owned(),
            port,
            security: RelaySecurity::Plain,
            username: None,
            password: None,
            mail_from: MailAddress::new("support@example.test", Some("Tessera".to_owned())),
        });
    })
    .await
    else {
        return;
    };

    // The ticket is opened "three hours ago" by a service over the server's
    // store with a hand-set clock; the sweep then runs at the real time, so the
    // email job is due at once for the server's own runner.
    let now = Timestamp::now();
    let clock = ManualClock::new(now - SignedDuration::from_hours(3));
    let store = app.service.store().clone();
    let service = Service::new(store.clone(), clock.clone(), ServiceConfig::default());
    let (_, admin) = user(&store, "admin", Role::Admin).await;
    let (agent_user, agent) = user(&store, "agent", Role::Agent).await;
    let (supervisor_user, supervisor) = user(&store, "supervisor", Role::Supervisor).await;
    let desk = store
        .create_group(NewGroup {
            name: "Service Desk".to_owned(),
            description: String::new(),
            tier: Tier::L1,
            created_at: Timestamp::UNIX_EPOCH,
        })
        .await
        .expect("group");
    store
        .set_group_members(desk.id, &[agent_user.id, supervisor_user.id])
        .await
        .expect("members");
    service
        .create_sla_policy(
            &admin,
            serde_json::from_value(json!({
                "name": "Fast",
                "targets": {"normal": {"first_response": 30}},
                "escalations": [{"on": "breach", "action": {"type": "notify_supervisors"}}]
            }))
            .expect("policy spec"),
        )
        .await
        .expect("policy");
    let ticket = service
        .create_ticket(
            &agent,
            CreateTicket {
                subject: "Switch port dead".to_owned(),
                description: "It stopped working this morning.".to_owned(),
                request_fingerprint: "switch".to_owned(),
                requester_email: Some("caller@customer.test".to_owned()),
                group_id: Some(desk.id),
                ..CreateTicket::default()
            },
        )
        .await
        .expect("ticket")
        .value;

    // The server's periodic sweep may announce it first; either way once.
    clock.set(now);
    service.sla_sweep(now).await.expect("sweep");

    let received = sink.wait_for(&supervisor_user.email.clone().unwrap()).await;
    assert_eq!(received.len(), 1, "{received:#?}");
    let (raw, mail) = &received[0];
    let token = format!("[#{}]", ticket.number);
    assert!(mail.subject.contains(&token), "{}", mail.subject);
    assert!(mail.subject.contains("breach"), "{}", mail.subject);
    assert!(
        mail.subject.contains("Switch port dead"),
        "{}",
        mail.subject
    );
    let header = |name: &str| {
        mail.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.trim().to_owned())
    };
    assert_eq!(
        header("Auto-Submitted").as_deref(),
        Some("auto-generated"),
        "{raw}"
    );
    assert!(mail.message_id.is_some(), "{raw}");
    assert_eq!(
        mail.from.as_ref().map(|f| f.address.as_str()),
        Some("support@example.test")
    );
    let body = &mail.text_body;
    assert!(
        body.contains(&format!("/tickets/{}", ticket.number)),
        "{body}"
    );
    assert!(body.contains("Europe/Zagreb"), "{body}");

    // The in-app notification was written with it; nothing is announced twice.
    let notes = service
        .notifications(&supervisor, false)
        .await
        .expect("notifications");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, "sla_breach");
    let again = service
        .sla_sweep(now + SignedDuration::from_mins(1))
        .await
        .expect("sweep");
    assert_eq!(again.breaches, 0);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let all: Vec<_> = sink
        .messages()
        .into_iter()
        .filter(|(_, m)| m.subject.contains(&token))
        .collect();
    assert_eq!(all.len(), 1, "{all:#?}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_relay_the_job_completes_as_skipped() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let store = app.service.store().clone();
    let ids = store
        .enqueue_jobs(vec![tessera_store::NewJob {
            kind: tessera_service::NOTIFY_EMAIL_JOB.to_owned(),
            payload: json!({"to": "nobody@notify.test", "ticket_number": 1,
                            "subject": "s", "body": "b"}),
            run_at: Timestamp::now(),
            max_attempts: 1,
            dedupe_key: None,
        }])
        .await
        .expect("enqueue");
    let started = Instant::now();
    loop {
        let done = store
            .list_jobs(Some(JobStatus::Done), 100)
            .await
            .expect("jobs");
        if done.iter().any(|j| ids.contains(&j.id)) {
            break;
        }
        let dead = store
            .list_jobs(Some(JobStatus::Dead), 100)
            .await
            .expect("jobs");
        assert!(dead.is_empty(), "{dead:#?}");
        assert!(started.elapsed() < DEADLINE, "job did not complete");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.stop().await;
}
