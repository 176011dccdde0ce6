//! Throwaway PostgreSQL databases for tests, here and in the server's test suites.
//!
//! Every test gets its own database, cloned from a migrated template created once
//! per test process (`CREATE DATABASE … TEMPLATE …` takes a fraction of a second,
//! running the migrations every time would not). The [`TestDatabase`] guard drops
//! its database when the test ends; databases left behind by killed runs are
//! dropped the next time a test process starts.
//!
//! The server is `TESSERA_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). When it cannot be reached, tests
//! fail, unless `TESSERA_SKIP_POSTGRES=1`, in which case [`fresh_database`] returns
//! `None` after printing a `SKIPPED (PostgreSQL)` line.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{AssertSqlSafe, Connection, PgConnection};
use tokio::sync::OnceCell;

use crate::{PgOptions, PgStore};

/// Where the test server is; a database named in it is only used to connect.
pub const URL_VAR: &str = "TESSERA_TEST_POSTGRES_URL";
/// Set to `1` to skip (rather than fail) PostgreSQL tests when it is unreachable.
pub const SKIP_VAR: &str = "TESSERA_SKIP_POSTGRES";
const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Every test database's name starts with this, followed by the owning process id.
const TEST_PREFIX: &str = "tessera_t_";
/// The per-process template's name starts with this, followed by the process id.
const TEMPLATE_PREFIX: &str = "tessera_tpl_";

/// The migrated template of this process, created on first use.
static TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Owns a test database and drops it (closing any connection still open to it)
/// when dropped.
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
    url: String,
    admin_url: String,
}

impl TestDatabase {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop cannot await, and may run inside a runtime that must not be blocked on
        // itself: do the work on a thread with its own small runtime, and wait for it
        // so the database is gone before the next test starts.
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let dropper = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime
                .block_on(drop_database(&admin_url, &name))
                .map_err(|e| e.to_string())
        });
        match dropper.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: could not drop test database {}: {e}", self.name),
            Err(_) => eprintln!("warning: dropping test database {} panicked", self.name),
        }
    }
}

/// A fresh, migrated, empty database: its URL and the guard that drops it. `None`
/// only when PostgreSQL is unreachable and `TESSERA_SKIP_POSTGRES=1`.
///
/// # Panics
/// When PostgreSQL is unreachable (and skipping was not asked for), or refuses to
/// create the database: a test cannot run without it.
pub async fn fresh_database() -> Option<(String, TestDatabase)> {
    let admin_url = std::env::var(URL_VAR).unwrap_or_else(|_| DEFAULT_URL.to_owned());
    let mut admin = match PgConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(e) if skip_requested() => {
            // Written to the stderr handle directly: the test harness captures (and
            // hides for passing tests) whatever goes through `eprintln!`.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED (PostgreSQL): unreachable ({e}); {SKIP_VAR}=1 is set, \
                 so this test passes without running ***\n"
            );
            return None;
        }
        Err(e) => panic!("{}", unreachable_message(&e)),
    };

    let template = TEMPLATE
        .get_or_try_init(|| create_template(&admin_url))
        .await
        .unwrap_or_else(|e| panic!("cannot prepare the PostgreSQL test template: {e}"));

    let name = unique_name(TEST_PREFIX);
    // Identifiers cannot be bound; both names are generated here from [a-z0-9_].
    sqlx::raw_sql(AssertSqlSafe(format!(
        "create database {name} template {template}"
    )))
    .execute(&mut admin)
    .await
    .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
    let _ = admin.close().await;

    let url = with_database(&admin_url, &name);
    let guard = TestDatabase {
        name,
        url: url.clone(),
        admin_url,
    };
    Some((url, guard))
}

/// A [`PgStore`] on a fresh database (see [`fresh_database`]), with a small pool so
/// that many tests running at once stay within the server's connection limit.
pub async fn fresh_store() -> Option<(PgStore, TestDatabase)> {
    let (url, guard) = fresh_database().await?;
    let store = crate::connect(&url, PgOptions { max_connections: 4 })
        .await
        .unwrap_or_else(|e| panic!("cannot open the store on {}: {e}", guard.name()));
    Some((store, guard))
}

fn skip_requested() -> bool {
    std::env::var(SKIP_VAR).is_ok_and(|v| v == "1")
}

fn unreachable_message(error: &sqlx::Error) -> String {
    format!(
        "\n\n*** PostgreSQL is unreachable: {error}\n\
         *** The PostgreSQL store tests need a server at ${URL_VAR} (default {DEFAULT_URL}).\n\
         *** Start the local one with:\n\
         ***     pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n\
         *** or set {SKIP_VAR}=1 to skip these tests.\n"
    )
}

/// `prefix` + process id + a per-process counter + clock nanoseconds (the last part
/// keeps a recycled process id from colliding with a dead run's leftovers).
fn unique_name(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{prefix}{}_{n}_{nanos:x}", std::process::id())
}

/// `url` with its database (path) replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let root = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{root}/{database}?{query}"),
        None => format!("{root}/{database}"),
    }
}

/// Creates and migrates this process's template, after dropping what dead test
/// processes left behind.
async fn create_template(admin_url: &str) -> Result<String, sqlx::Error> {
    drop_leftovers(admin_url).await?;
    let name = unique_name(TEMPLATE_PREFIX);
    let mut admin = PgConnection::connect(admin_url).await?;
    sqlx::raw_sql(AssertSqlSafe(format!("create database {name}")))
        .execute(&mut admin)
        .await?;
    let _ = admin.close().await;

    let store = crate::connect(
        &with_database(admin_url, &name),
        PgOptions { max_connections: 1 },
    )
    .await
    .map_err(|e| sqlx::Error::Protocol(format!("migrating the template failed: {e}")))?;
    // A template must have no open connections while it is being copied.
    store.close().await;
    Ok(name)
}

/// Drops test databases and templates whose owning process no longer runs.
async fn drop_leftovers(admin_url: &str) -> Result<(), sqlx::Error> {
    // Liveness is read from /proc; without it, nothing can be judged dead.
    if !std::path::Path::new("/proc/self").exists() {
        return Ok(());
    }
    let mut admin = PgConnection::connect(admin_url).await?;
    let names: Vec<String> =
        sqlx::query_scalar("select datname from pg_database where datname like 'tessera\\_t%'")
            .fetch_all(&mut admin)
            .await?;
    let _ = admin.close().await;
    for name in names {
        let owner = name
            .strip_prefix(TEST_PREFIX)
            .or_else(|| name.strip_prefix(TEMPLATE_PREFIX))
            .and_then(|rest| rest.split('_').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = owner
            && !std::path::Path::new(&format!("/proc/{pid}")).exists()
        {
            drop_database(admin_url, &name).await?;
        }
    }
    Ok(())
}

async fn drop_database(admin_url: &str, name: &str) -> Result<(), sqlx::Error> {
    let mut admin = PgConnection::connect(admin_url).await?;
    // `name` is one of ours or was read from pg_database and matched our pattern;
    // quoting keeps even an odd name a single identifier.
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    sqlx::raw_sql(AssertSqlSafe(format!(
        "drop database if exists {quoted} with (force)"
    )))
    .execute(&mut admin)
    .await?;
    let _ = admin.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_is_replaced_in_urls() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
    }

    #[test]
    fn names_are_unique_and_carry_the_pid() {
        let a = unique_name(TEST_PREFIX);
        let b = unique_name(TEST_PREFIX);
        assert_ne!(a, b);
        assert!(a.starts_with(&format!("{TEST_PREFIX}{}_", std::process::id())));
    }
}
