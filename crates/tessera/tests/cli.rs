//! The command line as operators and scripts use it: the real binary, its
//! stdout/stderr and exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::{Output, Stdio};
use std::sync::Arc;

use common::{Backend, ServerProcess, TestDb, create_token, http_client, tessera};
use reqwest::StatusCode;
use tessera::config::{CommonArgs, Config, FileConfig, ServeArgs};
use tessera_core::Role;
use tessera_service::{Service, SystemClock};

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn create_token_prints_only_a_token_that_authenticates(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let output = tessera(db.dir.path())
        .args(["admin", "create-token", "--email", "Admin@Example.com"])
        .args([
            "--name",
            "first admin",
            "--role",
            "admin",
            "--database-url",
            &db.url,
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    assert_eq!(printed.lines().count(), 1, "stdout: {printed:?}");
    assert!(printed.ends_with('\n'));
    let token = printed.trim_end();
    assert!(
        !token.is_empty() && !token.contains(char::is_whitespace),
        "{token:?}"
    );

    let server = ServerProcess::start(&db).await;
    let client = http_client();
    let list = server.url("/api/v1/tickets");
    let with_token = client.get(&list).bearer_auth(token).send().await.unwrap();
    assert_eq!(with_token.status(), StatusCode::OK, "{}", server.log());
    let without = client.get(&list).send().await.unwrap();
    assert_eq!(without.status(), StatusCode::UNAUTHORIZED);
    let wrong = client
        .get(&list)
        .bearer_auth("tsr_not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    // Another token for the same user works too; the first one keeps working.
    let second = create_token(&db, "admin@example.com", Role::Admin);
    assert_ne!(second, token);
    for t in [token, second.as_str()] {
        let response = client.get(&list).bearer_auth(t).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_token_prints_only_a_token_that_authenticates_sqlite() {
    create_token_prints_only_a_token_that_authenticates(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_token_prints_only_a_token_that_authenticates_postgres() {
    create_token_prints_only_a_token_that_authenticates(Backend::Postgres).await;
}

#[tokio::test]
async fn set_password_reads_the_first_line_of_stdin() {
    let db = TestDb::fresh(Backend::Sqlite).await.unwrap();
    create_token(&db, "agent@example.com", Role::Agent);

    let mut child = tessera(db.dir.path())
        .args(["admin", "set-password", "--email", "agent@example.com"])
        .env("TESSERA_DATABASE_URL", &db.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"correct horse battery\nnot part of it\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "", "set-password prints nothing on stdout");

    // Sign in the way the web UI will, through the service on the same database.
    let config = Config::resolve(
        &ServeArgs {
            common: CommonArgs {
                database_url: Some(db.url.parse().unwrap()),
                ..CommonArgs::default()
            },
            ..ServeArgs::default()
        },
        FileConfig::default(),
    )
    .unwrap();
    let store = tessera::database::open_store(&config.database)
        .await
        .unwrap();
    let service = Service::new(store, Arc::new(SystemClock), config.service);
    let signed_in = service
        .login("agent@example.com", "correct horse battery")
        .await;
    assert!(signed_in.is_ok(), "{signed_in:?}");
    assert!(
        service
            .login("agent@example.com", "correct horse battery\n")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn set_password_failures_are_explained() {
    let db = TestDb::fresh(Backend::Sqlite).await.unwrap();
    create_token(&db, "agent@example.com", Role::Agent);
    let run = |email: &str, input: &'static [u8]| {
        let mut child = tessera(db.dir.path())
            .args(["admin", "set-password", "--email", email])
            .env("TESSERA_DATABASE_URL", &db.url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        child.wait_with_output().unwrap()
    };

    let unknown = run("nobody@example.com", b"long enough password\n");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("not found"),
        "{}",
        stderr(&unknown)
    );

    let short = run("agent@example.com", b"short\n");
    assert_eq!(short.status.code(), Some(1));
    assert!(stderr(&short).contains("password"), "{}", stderr(&short));

    let empty = run("agent@example.com", b"");
    assert_eq!(empty.status.code(), Some(1));
    assert!(
        stderr(&empty).contains("no password on stdin"),
        "{}",
        stderr(&empty)
    );
}

#[test]
fn invalid_database_url_exits_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [&[&str]; 3] = [
        &["serve"],
        &[
            "admin",
            "create-token",
            "--email",
            "a@example.com",
            "--name",
            "a",
            "--role",
            "admin",
        ],
        &["admin", "set-password", "--email", "a@example.com"],
    ];
    for args in cases {
        let output = tessera(dir.path())
            .args(args)
            .args(["--database-url", "mysql://root:hunter2@db/tessera"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
        assert!(message.contains("invalid database URL"), "{message}");
        assert!(
            message.contains("sqlite://") && message.contains("postgres://"),
            "{message}"
        );
        assert!(!message.contains("hunter2"), "password leaked: {message}");
        assert_eq!(stdout(&output), "");
    }
}

/// `serve --print-config` shows the effective configuration: file < environment < flag.
#[test]
fn flags_beat_environment_which_beats_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tessera.toml"),
        "listen = \"127.0.0.1:1111\"\n\
         database_url = \"postgres://tessera:hunter2@db.internal/tessera\"\n\
         session_ttl_hours = 3\n",
    )
    .unwrap();
    let effective = |env: &[(&str, &str)], flags: &[&str]| {
        let output = tessera(dir.path())
            .args(["serve", "--print-config"])
            .args(flags)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };

    let from_file = effective(&[], &[]);
    assert!(from_file.contains("listen: 127.0.0.1:1111"), "{from_file}");
    assert!(
        from_file.contains("postgres://tessera:***@db.internal/tessera"),
        "{from_file}"
    );
    assert!(from_file.contains("session_ttl: 10800s"), "{from_file}");
    assert!(
        !from_file.contains("hunter2"),
        "password leaked: {from_file}"
    );

    let env = [("TESSERA_LISTEN", "127.0.0.1:2222")];
    let from_env = effective(&env, &[]);
    assert!(from_env.contains("listen: 127.0.0.1:2222"), "{from_env}");
    assert!(
        from_env.contains("session_ttl: 10800s"),
        "file still applies: {from_env}"
    );

    let from_flag = effective(&env, &["--listen", "127.0.0.1:3333"]);
    assert!(from_flag.contains("listen: 127.0.0.1:3333"), "{from_flag}");

    // --config names another file; a missing one is a configuration error.
    let missing = tessera(dir.path())
        .args(["serve", "--print-config", "--config", "nope.toml"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("nope.toml"),
        "{}",
        stderr(&missing)
    );
}

#[tokio::test]
async fn serve_greets_a_new_install_and_stops_cleanly_on_sigterm() {
    let db = TestDb::fresh(Backend::Sqlite).await.unwrap();
    let mut server = ServerProcess::start(&db).await;
    let log = server.log();
    assert!(
        log.contains(
            "tessera admin create-token --email you@example.com --name admin --role admin"
        ),
        "{log}"
    );
    assert!(
        log.contains("Tessera listening on http://127.0.0.1:"),
        "{log}"
    );
    assert!(log.contains("(sqlite: "), "{log}");

    let status = server.terminate();
    assert!(status.success(), "exit status {status}: {}", server.log());

    // Once an account exists, the hint is gone.
    create_token(&db, "admin@example.com", Role::Admin);
    let mut server = ServerProcess::start(&db).await;
    assert!(
        !server.log().contains("has no users yet"),
        "{}",
        server.log()
    );
    assert!(server.terminate().success());
}
