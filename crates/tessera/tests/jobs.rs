//! The durable job runner inside `tessera serve`: the admin jobs API and page on
//! both backends, and prompt wake-ups across nodes on PostgreSQL.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Backend, TestApp, TestDb};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tessera::config::{DatabaseUrl, JobsConfig};
use tessera_core::Role;
use tessera_jobs::{JobError, handler_fn};
use tessera_service::{Service, ServiceConfig, SystemClock};
use tessera_store::{JobStatus, NewJob, NewRawMessage, RawMessageState, Store};
use tokio::sync::{Semaphore, mpsc};

const SUPPORT: &str = "support@example.test";
/// A deadline for work that should take milliseconds, not a timing assertion.
const DEADLINE: Duration = Duration::from_secs(30);

async fn spawn(backend: Backend) -> Option<TestApp> {
    TestApp::spawn_with(backend, |config| {
        config.mail.mailboxes = vec![SUPPORT.to_owned()];
        // Retried jobs are found by the poll: keep the test short.
        config.jobs.poll_interval = Duration::from_millis(100);
    })
    .await
}

fn store(app: &TestApp) -> &Arc<dyn Store> {
    app.service.store()
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

/// A stored message whose `mail.process` job died (as after five attempts during
/// a database outage): the message is still queued. Returns the job's id.
async fn dead_mail_job(app: &TestApp) -> i64 {
    let store = store(app);
    let mailbox = store
        .find_mailbox(SUPPORT)
        .await
        .expect("find")
        .expect("configured");
    // Due tomorrow, so that the server's runner leaves it to this test.
    let tomorrow = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
    let bytes = "From: erin@customer.test\r\nTo: support@example.test\r\n\
        Subject: Stuck in the queue\r\nMessage-ID: <stuck@customer.test>\r\n\r\n\
        Nobody processed this yet.\r\n";
    store
        .store_raw_message(NewRawMessage {
            mailbox_id: mailbox.id,
            envelope_from: "erin@customer.test".to_owned(),
            envelope_to: vec![SUPPORT.to_owned()],
            remote_addr: None,
            received_at: tomorrow,
            sha256: "unused".to_owned(),
            message_id: Some("stuck@customer.test".to_owned()),
            bytes: bytes.as_bytes().to_vec(),
        })
        .await
        .expect("store");
    let after_due = tomorrow + jiff::SignedDuration::from_secs(1);
    let claimed = store
        .claim_jobs(
            "test-worker",
            1,
            after_due,
            jiff::SignedDuration::from_secs(60),
        )
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1, "{claimed:?}");
    let job = &claimed[0];
    assert_eq!(job.kind, tessera_store::MAIL_PROCESS_JOB);
    let failed = store
        .fail_job(
            job.id,
            "test-worker",
            "database unavailable",
            None,
            after_due,
        )
        .await
        .expect("fail");
    assert!(failed);
    job.id
}

/// Admins see the queue and revive a dead job, which then runs; nobody else
/// may do either.
async fn admins_see_and_retry_dead_jobs(app: TestApp) {
    let job_id = dead_mail_job(&app).await;
    let admin = app.token(Role::Admin).await;

    let overview: Value = app
        .get("/api/v1/admin/jobs", &admin)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    let counts = overview["counts"].as_array().unwrap();
    assert!(
        counts.contains(&json!({"kind": "mail.process", "status": "dead", "count": 1})),
        "{overview}"
    );
    let failure = &overview["recent_failures"][0];
    assert_eq!(failure["id"], job_id, "{overview}");
    assert_eq!(failure["status"], "dead");
    assert_eq!(failure["last_error"], "database unavailable");
    assert!(failure["payload"]["raw_message_id"].is_i64(), "{overview}");
    assert!(overview["queue_depth"].is_u64(), "{overview}");

    for role in [Role::Agent, Role::Supervisor, Role::Customer] {
        let token = app.token(role).await;
        let listed = app.get("/api/v1/admin/jobs", &token).send().await.unwrap();
        assert_eq!(listed.status(), StatusCode::FORBIDDEN, "{role}");
        let retried = app
            .post_json(
                &format!("/api/v1/admin/jobs/{job_id}/retry"),
                &token,
                &json!({}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(retried.status(), StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(job_status(&app, job_id).await, JobStatus::Dead);

    let retried = app
        .client
        .post(app.url(&format!("/api/v1/admin/jobs/{job_id}/retry")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(retried.status(), StatusCode::NO_CONTENT);
    // The runner picks it up: the stuck message becomes a ticket.
    eventually("the retried job to process the mail", || async {
        let queued = store(&app)
            .list_raw_message_ids(RawMessageState::Queued, 10)
            .await
            .unwrap();
        queued.is_empty().then_some(())
    })
    .await;
    eventually("the retried job to be done", || async {
        (job_status(&app, job_id).await == JobStatus::Done).then_some(())
    })
    .await;

    // Only dead jobs can be retried.
    for id in [job_id, 999_999] {
        let again = app
            .client
            .post(app.url(&format!("/api/v1/admin/jobs/{id}/retry")))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_FOUND, "job {id}");
    }
}

async fn job_status(app: &TestApp, id: i64) -> JobStatus {
    store(app)
        .list_jobs(None, 500)
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.id == id)
        .expect("job exists")
        .status
}

/// The admin page lists the failure with a CSRF-protected "Retry now" form that
/// works; a supervisor, who reaches the admin frame, does not get the page.
async fn the_jobs_page_shows_failures_and_retries(app: TestApp) {
    let job_id = dead_mail_job(&app).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let admin = sign_in(&app, &client, "root@example.test", Role::Admin).await;
    let page = client
        .get(app.url("/admin/jobs"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Background jobs"), "{html}");
    assert!(html.contains("href=\"/admin/jobs\""), "admin tab: {html}");
    assert!(html.contains("<code>mail.process</code>"), "{html}");
    assert!(html.contains("database unavailable"), "{html}");
    let action = format!("action=\"/admin/jobs/{job_id}/retry\"");
    assert!(html.contains(&action), "retry form: {html}");

    // Without the form's CSRF token the retry is refused.
    let forged = client
        .post(app.url(&format!("/admin/jobs/{job_id}/retry")))
        .header("cookie", &admin)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("csrf=forged")
        .send()
        .await
        .unwrap();
    assert!(forged.status().is_client_error(), "{}", forged.status());
    assert_eq!(job_status(&app, job_id).await, JobStatus::Dead);

    let csrf = csrf_of(&html);
    let retried = client
        .post(app.url(&format!("/admin/jobs/{job_id}/retry")))
        .header("cookie", &admin)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}"))
        .send()
        .await
        .unwrap();
    assert_eq!(retried.status(), StatusCode::SEE_OTHER);
    let location = retried.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/admin/jobs?retried={job_id}"));
    assert_ne!(job_status(&app, job_id).await, JobStatus::Dead);
    let after = client
        .get(app.url(&location))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(after.contains("The job is queued again"), "{after}");

    let supervisor = sign_in(&app, &client, "boss@example.test", Role::Supervisor).await;
    let refused = client
        .get(app.url("/admin/jobs"))
        .header("cookie", &supervisor)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

/// Signs in through the login form; returns the session cookie.
async fn sign_in(app: &TestApp, client: &reqwest::Client, email: &str, role: Role) -> String {
    const PASSWORD: &str = "correct-horse-battery";
    app.token_for(email, role).await;
    app.service
        .admin_set_password(email, PASSWORD)
        .await
        .expect("password set");
    let login = client
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email={}&password={PASSWORD}",
            email.replace('@', "%40")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    login
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_owned()
}

fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a CSRF field") + marker.len();
    let end = start + html[start..].find('"').expect("end quote");
    html[start..end].to_owned()
}

macro_rules! jobs_tests {
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

jobs_tests!(
    admins_see_and_retry_dead_jobs,
    the_jobs_page_shows_failures_and_retries,
);

// ----- two nodes on one PostgreSQL database ------------------------------------------

/// A node as `tessera serve` wires it: its own connection pool, service and
/// runner (with LISTEN/NOTIFY), plus two test job kinds: `test.hold` runs until
/// the test opens the gate, `test.ping` reports which node ran it.
struct Node {
    store: Arc<dyn Store>,
    waker: tessera_jobs::Waker,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

async fn start_node(
    db: &TestDb,
    name: &'static str,
    gate: &Arc<Semaphore>,
    ran: &mpsc::UnboundedSender<(&'static str, &'static str)>,
) -> Node {
    let store: Arc<dyn Store> = Arc::new(
        tessera_store_postgres::connect(
            &db.url,
            tessera_store_postgres::PgOptions { max_connections: 4 },
        )
        .await
        .expect("connect"),
    );
    let service = Service::new(
        store.clone(),
        Arc::new(SystemClock),
        ServiceConfig::default(),
    );
    let config = JobsConfig {
        concurrency: 1,
        // Only a wake-up can explain a prompt run.
        poll_interval: Duration::from_secs(30),
    };
    let url = DatabaseUrl::parse(&db.url).expect("url");
    let (mut runner, waker) = tessera::jobs::runner(&service, &url, &config, None)
        .await
        .expect("runner");
    let (hold_gate, hold_ran) = (gate.clone(), ran.clone());
    runner.register(handler_fn("test.hold", move |_ctx, _payload| {
        let (gate, ran) = (hold_gate.clone(), hold_ran.clone());
        async move {
            let _ = ran.send((name, "test.hold"));
            let _permit = gate.acquire().await.map_err(JobError::retry)?;
            Ok(())
        }
    }));
    let ping_ran = ran.clone();
    runner.register(handler_fn("test.ping", move |_ctx, _payload| {
        let _ = ping_ran.send((name, "test.ping"));
        async { Ok(()) }
    }));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(runner.run(async {
        let _ = stopped.await;
    }));
    Node {
        store,
        waker,
        stop,
        task,
    }
}

async fn enqueue(store: &Arc<dyn Store>, kind: &str) -> i64 {
    let job = NewJob {
        kind: kind.to_owned(),
        payload: json!({}),
        run_at: jiff::Timestamp::now(),
        max_attempts: 3,
        dedupe_key: None,
    };
    store.enqueue_jobs(vec![job]).await.expect("enqueue")[0]
}

/// Node A is busy; a job enqueued on A's side is run by idle node B within a
/// second or two, although B polls only every 30 s: A's NOTIFY woke it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_enqueued_on_one_node_wakes_another_at_once() {
    common::init_test_logs();
    let Some(db) = TestDb::fresh(Backend::Postgres).await else {
        return;
    };
    let gate = Arc::new(Semaphore::new(0));
    let (ran_tx, mut ran) = mpsc::unbounded_channel();
    let a = start_node(&db, "A", &gate, &ran_tx).await;
    // A takes the long job: its only slot is busy from now on.
    enqueue(&a.store, "test.hold").await;
    a.waker.wake();
    assert_eq!(ran.recv().await, Some(("A", "test.hold")));

    let b = start_node(&db, "B", &gate, &ran_tx).await;
    // B's first claim found nothing; let it settle into its 30 s sleep.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    enqueue(&a.store, "test.ping").await;
    a.waker.wake();
    let run = tokio::time::timeout(Duration::from_secs(10), ran.recv())
        .await
        .expect("B ran the job well before its next poll");
    assert_eq!(run, Some(("B", "test.ping")));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "took {took:?}");

    gate.add_permits(1);
    for node in [a, b] {
        node.stop.send(()).expect("runner running");
        tokio::time::timeout(Duration::from_secs(10), node.task)
            .await
            .expect("the runner stops")
            .expect("runner task");
    }
}
