//! The integration-test harness, shared by every test binary of this crate
//! (`mod common;`, or `#[path = "../common/mod.rs"] mod common;` from a
//! `tests/<suite>/main.rs`).
//!
//! - [`TestApp`] runs the real server in-process on `127.0.0.1:0` against a fresh
//!   database, with token helpers per role and a reqwest client.
//! - [`TestDb`] is a fresh database on either backend: a file in a temporary
//!   directory, or a PostgreSQL database cloned from a migrated template.
//! - [`ServerProcess`] and [`tessera`] run the real binary, for tests that cross
//!   process boundaries (CLI, kill -9, signals).
//!
//! Logs stay quiet unless `TEST_LOG` is set. PostgreSQL tests need a server (see
//! README); with `TESSERA_SKIP_POSTGRES=1` they print SKIPPED and pass.

// Each test binary uses a different part of the harness.
#![allow(dead_code, unused_imports, unused_macros)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::RequestBuilder;
use tempfile::TempDir;
use tessera::config::{CommonArgs, Config, FileConfig, ServeArgs, SqliteSync};
use tessera::{Application, telemetry};
use tessera_core::Role;
use tessera_service::Service;
use tessera_store_postgres::testing::{TestDatabase, fresh_database};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long a server gets to become ready before the test fails (a deadline for
/// a broken start, not a timing assertion).
const READY_DEADLINE: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

enum DbGuard {
    /// The file lives in [`TestDb::dir`].
    Sqlite,
    Postgres(TestDatabase),
}

/// A fresh, empty database, dropped with this value.
pub struct TestDb {
    pub backend: Backend,
    /// `sqlite://…` or `postgres://…`, for `--database-url`.
    pub url: String,
    /// A scratch directory beside it (logs, config files); for SQLite it holds
    /// the database.
    pub dir: TempDir,
    guard: DbGuard,
}

impl TestDb {
    /// `None` only for PostgreSQL with `TESSERA_SKIP_POSTGRES=1` and no server.
    pub async fn fresh(backend: Backend) -> Option<TestDb> {
        let dir = tempfile::tempdir().expect("temporary directory");
        match backend {
            Backend::Sqlite => Some(TestDb {
                backend,
                url: format!("sqlite://{}", dir.path().join("tessera.db").display()),
                dir,
                guard: DbGuard::Sqlite,
            }),
            Backend::Postgres => match fresh_database().await {
                Some((url, guard)) => Some(TestDb {
                    backend,
                    url,
                    dir,
                    guard: DbGuard::Postgres(guard),
                }),
                None => {
                    eprintln!(
                        "*** SKIPPED: PostgreSQL variant of this test (TESSERA_SKIP_POSTGRES=1) ***"
                    );
                    None
                }
            },
        }
    }

    /// The SQLite file, if this is SQLite.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        match &self.guard {
            DbGuard::Sqlite => Some(self.dir.path().join("tessera.db")),
            DbGuard::Postgres(_) => None,
        }
    }

    /// The configuration `tessera serve --database-url URL --listen 127.0.0.1:0
    /// --insecure-cookies` would resolve to (no file, no environment).
    pub fn config(&self) -> Config {
        let args = ServeArgs {
            listen: Some("127.0.0.1:0".parse().expect("address")),
            insecure_cookies: true,
            common: CommonArgs {
                database_url: Some(self.url.parse().expect("url")),
                // Tests do not survive power loss anyway; skip the fsyncs.
                sqlite_synchronous: Some(SqliteSync::Normal),
                // Many tests run at once against one PostgreSQL server.
                postgres_max_connections: Some(4),
                ..CommonArgs::default()
            },
            ..ServeArgs::default()
        };
        Config::resolve(&args, FileConfig::default()).expect("test configuration")
    }
}

/// The real server, in this process, on a free port of 127.0.0.1.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub client: reqwest::Client,
    /// The server's own service (same store): for setup that has no endpoint.
    pub service: Service,
    pub backend: Backend,
    /// The inbound SMTP listener, when the configuration turned it on.
    pub smtp_address: Option<std::net::SocketAddr>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    // Last: the database goes away after everything that uses it.
    db: TestDb,
}

static USERS: AtomicUsize = AtomicUsize::new(0);

impl TestApp {
    /// Starts a server on a fresh database; `None` means "skipped" (printed).
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// Like [`TestApp::spawn`], after `configure` has adjusted the configuration.
    pub async fn spawn_with(
        backend: Backend,
        configure: impl FnOnce(&mut Config),
    ) -> Option<TestApp> {
        init_test_logs();
        let db = TestDb::fresh(backend).await?;
        let mut config = db.config();
        configure(&mut config);
        let app = Application::build(&config).await.expect("server starts");
        let address = format!("http://{}", app.local_addr());
        let smtp_address = app.smtp_addr();
        let service = app.service().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until(async move {
            let _ = stopped.await;
        }));
        Some(TestApp {
            address,
            client: http_client(),
            service,
            backend,
            smtp_address,
            stop: Some(stop),
            server: Some(server),
            db,
        })
    }

    pub fn db(&self) -> &TestDb {
        &self.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A token for a new user with `role` (each call makes another user).
    pub async fn token(&self, role: Role) -> String {
        let n = USERS.fetch_add(1, Ordering::Relaxed);
        self.token_for(&format!("{role}{n}@example.test"), role)
            .await
    }

    /// A token for the user with this email, created with `role` if needed.
    pub async fn token_for(&self, email: &str, role: Role) -> String {
        self.service
            .admin_create_token(email, "test", role)
            .await
            .expect("token created")
    }

    pub fn get(&self, path: &str, token: &str) -> RequestBuilder {
        self.client.get(self.url(path)).bearer_auth(token)
    }

    pub fn delete(&self, path: &str, token: &str) -> RequestBuilder {
        self.client.delete(self.url(path)).bearer_auth(token)
    }

    pub fn post_json(&self, path: &str, token: &str, body: &serde_json::Value) -> RequestBuilder {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
    }

    pub fn patch_json(&self, path: &str, token: &str, body: &serde_json::Value) -> RequestBuilder {
        self.client
            .patch(self.url(path))
            .bearer_auth(token)
            .json(body)
    }

    /// Stops the server gracefully and waits for it (in-flight requests finish).
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task")
                .expect("server stopped cleanly");
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// Runs each `async fn NAME(app: TestApp)` against both backends, as tests
/// `NAME::sqlite` and `NAME::postgres`.
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::common::TestApp::spawn($crate::common::Backend::Sqlite).await {
                    super::$name(app).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::common::TestApp::spawn($crate::common::Backend::Postgres).await {
                    super::$name(app).await;
                }
            }
        }
    )+};
}
pub(crate) use both_backends;

/// Logs of in-process servers go to stderr only when `TEST_LOG` is set.
pub fn init_test_logs() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = telemetry::init_logs(tessera::config::LogFormat::Text, "info");
    }
}

/// A client for loopback servers (never a proxy from the environment).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("HTTP client")
}

// ----- the real binary -----------------------------------------------------------

/// `tessera` (this crate's binary) with a clean environment: no inherited
/// `TESSERA_*` setting or `tessera.toml` can change what a test runs.
pub fn tessera(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("TESSERA_") {
            command.env_remove(name);
        }
    }
    command.current_dir(dir).env("TESSERA_LOG", "info");
    command
}

/// Runs `tessera admin create-token` and returns the token it printed.
pub fn create_token(db: &TestDb, email: &str, role: Role) -> String {
    let output = tessera(db.dir.path())
        .args([
            "admin",
            "create-token",
            "--email",
            email,
            "--name",
            "test",
            "--role",
        ])
        .arg(role.as_str())
        .env("TESSERA_DATABASE_URL", &db.url)
        .output()
        .expect("tessera runs");
    assert!(
        output.status.success(),
        "create-token failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8 token")
        .trim_end()
        .to_owned()
}

/// A `tessera serve` process on a free port, its stderr kept in a log file.
pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub address: String,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts `tessera serve` on `db` and waits until `/readyz` answers 200.
    pub async fn start(db: &TestDb) -> ServerProcess {
        let port = free_port();
        let log = db.dir.path().join(format!("serve-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("log file");
        let child = tessera(db.dir.path())
            .arg("serve")
            .env("TESSERA_LISTEN", format!("127.0.0.1:{port}"))
            .env("TESSERA_DATABASE_URL", &db.url)
            .env("TESSERA_INSECURE_COOKIES", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("tessera serve starts");
        let mut server = ServerProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_ready().await;
        server
    }

    async fn wait_ready(&mut self) {
        let client = http_client();
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                panic!(
                    "tessera serve exited ({status}) before it was ready:\n{}",
                    self.log()
                );
            }
            if started.elapsed() > READY_DEADLINE {
                panic!(
                    "tessera serve was not ready after {READY_DEADLINE:?}:\n{}",
                    self.log()
                );
            }
            if let Ok(response) = client.get(format!("{}/readyz", self.address)).send().await
                && response.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no chance to flush or clean up anything.
    pub fn kill_9(&mut self) {
        self.child.kill().expect("SIGKILL sent");
        self.child.wait().expect("killed child reaped");
    }

    /// SIGTERM, then waits for the process to exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM could not be sent");
        self.child.wait().expect("child exits")
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A port that was free a moment ago (the child binds it right after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// A clock tests set by hand, for time-driven use cases (SLA clocks, sweeps).
pub struct ManualClock(std::sync::Mutex<jiff::Timestamp>);

impl ManualClock {
    pub fn new(at: jiff::Timestamp) -> std::sync::Arc<ManualClock> {
        std::sync::Arc::new(ManualClock(std::sync::Mutex::new(at)))
    }

    pub fn set(&self, at: jiff::Timestamp) {
        *self.0.lock().expect("clock lock") = at;
    }
}

impl tessera_service::Clock for ManualClock {
    fn now(&self) -> jiff::Timestamp {
        *self.0.lock().expect("clock lock")
    }
}

/// A service over a fresh database, driven by `clock`, without a server or job
/// runner: for use-case tests that need to control time. `None` means skipped.
pub async fn clocked_service(
    backend: Backend,
    clock: std::sync::Arc<ManualClock>,
) -> Option<(Service, TestDb)> {
    init_test_logs();
    let db = TestDb::fresh(backend).await?;
    let config = db.config();
    let store = tessera::database::open_store(&config.database)
        .await
        .expect("store opens");
    let service = Service::new(store, clock, config.service.clone());
    Some((service, db))
}
