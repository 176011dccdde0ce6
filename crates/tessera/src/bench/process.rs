//! Measurements of a real `tessera serve` process: time from spawn to ready,
//! and resident memory once it is idle.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::process::{Child, Command};

use crate::config::DatabaseConfig;

const READY_DEADLINE: Duration = Duration::from_secs(60);
/// Time given to the idle server before memory is read, so start-up work
/// (migrations, caches) has settled.
const SETTLE: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy)]
pub struct ProcessMetrics {
    pub start_to_ready: Duration,
    /// VmRSS in KiB; `None` where /proc is not available.
    pub idle_rss_kib: Option<u64>,
}

/// A free TCP port on the loopback interface (free now; another process could
/// take it before the child binds, which is unlikely enough for a benchmark).
pub fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}

/// Spawns this executable's `serve` on `database`, waits for `/readyz`, reads its
/// memory after a short idle period, then stops it with SIGTERM.
pub async fn measure_serve(database: &DatabaseConfig) -> anyhow::Result<ProcessMetrics> {
    let exe = std::env::current_exe().context("cannot find the tessera executable")?;
    let port = free_port()?;
    let client = reqwest::Client::builder().no_proxy().build()?;
    let ready_url = format!("http://127.0.0.1:{port}/readyz");

    let started = Instant::now();
    let mut child = spawn_serve(&exe, database, port)?;
    loop {
        if let Some(status) = child.try_wait()? {
            bail!("tessera serve exited before it was ready ({status})");
        }
        if started.elapsed() > READY_DEADLINE {
            terminate(&mut child).await;
            bail!("tessera serve was not ready after {READY_DEADLINE:?}");
        }
        if let Ok(response) = client.get(&ready_url).send().await
            && response.status().is_success()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let start_to_ready = started.elapsed();

    tokio::time::sleep(SETTLE).await;
    let idle_rss_kib = child.id().and_then(rss_kib);
    terminate(&mut child).await;
    Ok(ProcessMetrics {
        start_to_ready,
        idle_rss_kib,
    })
}

fn spawn_serve(exe: &Path, database: &DatabaseConfig, port: u16) -> anyhow::Result<Child> {
    let synchronous = match database.sqlite_synchronous {
        crate::config::SqliteSync::Normal => "normal",
        crate::config::SqliteSync::Full => "full",
    };
    Command::new(exe)
        .arg("serve")
        // Settings go through the environment so the database password does
        // not show up in the process list.
        .env("TESSERA_LISTEN", format!("127.0.0.1:{port}"))
        .env("TESSERA_DATABASE_URL", database.url.expose())
        .env("TESSERA_SQLITE_SYNCHRONOUS", synchronous)
        .env(
            "TESSERA_POSTGRES_MAX_CONNECTIONS",
            database.postgres_max_connections.to_string(),
        )
        .env("TESSERA_INSECURE_COOKIES", "true")
        // An empty file: a tessera.toml in the working directory must not change
        // what is measured.
        .env("TESSERA_CONFIG", "/dev/null")
        .env("TESSERA_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("cannot start tessera serve")
}

/// Resident set size of a process, from `/proc/PID/status` (`VmRSS:  1234 kB`).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_rss(&status)
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
}

/// SIGTERM (a graceful stop), then SIGKILL if it does not exit in time.
async fn terminate(child: &mut Child) {
    if let Some(pid) = child.id() {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await;
        if tokio::time::timeout(Duration::from_secs(15), child.wait())
            .await
            .is_ok()
        {
            return;
        }
    }
    let _ = child.kill().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_rss_from_proc_status() {
        let status = "Name:\ttessera\nVmPeak:\t  200000 kB\nVmRSS:\t   51234 kB\nThreads:\t4\n";
        assert_eq!(parse_vm_rss(status), Some(51234));
        assert_eq!(parse_vm_rss("Name:\tx\n"), None);
    }
}
