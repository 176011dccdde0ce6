//! A real Dovecot IMAP server on 127.0.0.1 for the poller's tests: its own
//! configuration, passwd-file users, maildir and runtime directories in a temp
//! dir, a free port, and no system-wide state.
//!
//! When the `dovecot` binary (Debian: `dovecot-imapd`) is missing, tests fail,
//! unless `TESSERA_SKIP_DOVECOT=1`, in which case [`Dovecot::start`] returns
//! `None` after printing a `SKIPPED (Dovecot)` line.
//!
//! Run as an ordinary user, every Dovecot process runs as that user. Run as root
//! (CI containers), Dovecot refuses root for its login processes, so it uses
//! the `dovenull`/`dovecot` users the package creates and stores mail as
//! `nobody`.

use std::io::Write;
use std::net::TcpListener as StdTcpListener;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use async_imap::{Client, Session};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;

pub const SKIP_VAR: &str = "TESSERA_SKIP_DOVECOT";
pub const USER: &str = "tessera";
pub const PASSWORD: &str = "s3cret-app-token";

/// How long Dovecot may take to accept connections after it was started.
const STARTUP_LIMIT: Duration = Duration::from_secs(15);

#[derive(Default)]
pub struct DovecotOptions {
    /// Replaces the capability list announced after login (to test a server
    /// without IDLE or MOVE).
    pub capabilities: Option<&'static str>,
    /// Serve STARTTLS on the plain port and implicit TLS on a second one, with a
    /// certificate from a private CA written to [`Dovecot::ca_path`].
    pub tls: bool,
}

pub struct Dovecot {
    dir: tempfile::TempDir,
    binary: PathBuf,
    pub port: u16,
    pub tls_port: Option<u16>,
    child: Option<Child>,
}

impl Dovecot {
    /// Starts a fresh server with an empty mailbox for [`USER`].
    pub async fn start(options: DovecotOptions) -> Option<Self> {
        let Some(binary) = find_binary() else {
            if std::env::var(SKIP_VAR).is_ok_and(|v| v == "1") {
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** SKIPPED (Dovecot): no dovecot binary; {SKIP_VAR}=1 is set, \
                     so this test passes without running ***\n"
                );
                return None;
            }
            panic!(
                "dovecot is not installed (Debian: apt-get install -y dovecot-imapd); \
                 set {SKIP_VAR}=1 to skip the IMAP tests"
            );
        };
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let tls_port = options.tls.then(free_port);
        write_config(dir.path(), port, tls_port, &options);
        let mut server = Dovecot {
            dir,
            binary,
            port,
            tls_port,
            child: None,
        };
        server.launch().await;
        Some(server)
    }

    pub fn ca_path(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// Kills every Dovecot process of this server at once (SIGKILL to its
    /// process group), as a crash would, and waits until the port is closed.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.wait();
        }
        let deadline = Instant::now() + STARTUP_LIMIT;
        while TcpStream::connect(("127.0.0.1", self.port)).await.is_ok() {
            assert!(
                Instant::now() < deadline,
                "dovecot still listening after kill"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Starts the server again on the same port and data.
    pub async fn restart(&mut self) {
        self.launch().await;
    }

    async fn launch(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("dovecot.log")).unwrap();
        let child = Command::new(&self.binary)
            .arg("-F")
            .arg("-c")
            .arg(self.dir.path().join("dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            // Its own group, so `kill` takes the login and imap children too.
            .process_group(0)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + STARTUP_LIMIT;
        loop {
            if let Ok(stream) = TcpStream::connect(("127.0.0.1", self.port)).await {
                let mut greeting = String::new();
                let mut reader = BufReader::new(stream);
                let read =
                    tokio::time::timeout(Duration::from_secs(2), reader.read_line(&mut greeting))
                        .await;
                if matches!(read, Ok(Ok(_))) && greeting.starts_with("* OK") {
                    return;
                }
            }
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().unwrap()) {
                panic!("dovecot exited ({status}):\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "dovecot did not start:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// A logged-in session of our own, to put mail in and look at flags.
    pub async fn admin(&self) -> Session<TcpStream> {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        let mut client = Client::new(stream);
        client.read_response().await.unwrap().unwrap();
        client
            .login(USER, PASSWORD)
            .await
            .map_err(|(e, _)| e)
            .unwrap()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.wait();
        }
    }
}

fn find_binary() -> Option<PathBuf> {
    ["dovecot", "/usr/sbin/dovecot"]
        .into_iter()
        .map(PathBuf::from)
        .find(|candidate| {
            Command::new(candidate)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

fn free_port() -> u16 {
    StdTcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Name of the user (or group) with this numeric id, from /etc/passwd (/etc/group).
fn name_of(database: &str, id: u32) -> String {
    std::fs::read_to_string(database)
        .unwrap()
        .lines()
        .find_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let found: u32 = fields.nth(1)?.parse().ok()?;
            (found == id).then(|| name.to_owned())
        })
        .unwrap_or_else(|| panic!("no entry for id {id} in {database}"))
}

fn write_config(dir: &Path, port: u16, tls_port: Option<u16>, options: &DovecotOptions) {
    let probe = dir.join("owner-probe");
    std::fs::write(&probe, b"").unwrap();
    let meta = std::fs::metadata(&probe).unwrap();
    let (login_user, internal_user, internal_group, mail_owner) = if meta.uid() == 0 {
        // Dovecot's own users, and mail readable by an unprivileged uid: the temp
        // dir must be traversable for it and the mail root writable.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        (
            "dovenull".to_owned(),
            "dovecot".to_owned(),
            "dovecot".to_owned(),
            "nobody:nogroup".to_owned(),
        )
    } else {
        let user = name_of("/etc/passwd", meta.uid());
        let group = name_of("/etc/group", meta.gid());
        (
            user.clone(),
            user,
            group,
            format!("{}:{}", meta.uid(), meta.gid()),
        )
    };
    let mail_root = dir.join("mail");
    std::fs::create_dir(&mail_root).unwrap();
    std::fs::set_permissions(&mail_root, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let run = dir.join("run");
    let state = dir.join("state");
    std::fs::create_dir(&run).unwrap();
    std::fs::create_dir(&state).unwrap();
    let users = dir.join("users");
    std::fs::write(
        &users,
        format!(
            "{USER}:{{PLAIN}}{PASSWORD}:{mail_owner}::{}\n",
            mail_root.join(USER).display()
        ),
    )
    .unwrap();

    let ssl = match tls_port {
        Some(_) => {
            let certified =
                rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
            // The certificate is its own CA: trusting it is what a private CA
            // means for the client.
            std::fs::write(dir.join("ca.pem"), certified.cert.pem()).unwrap();
            std::fs::write(dir.join("cert.pem"), certified.cert.pem()).unwrap();
            std::fs::write(dir.join("key.pem"), certified.signing_key.serialize_pem()).unwrap();
            format!(
                "ssl = yes\nssl_cert = <{}\nssl_key = <{}\n",
                dir.join("cert.pem").display(),
                dir.join("key.pem").display()
            )
        }
        None => "ssl = no\n".to_owned(),
    };
    let capabilities = options
        .capabilities
        .map(|caps| format!("imap_capability = {caps}\n"))
        .unwrap_or_default();
    let config = format!(
        r"# Test server: loopback only, own directories, no root-only features.
{ssl}{capabilities}base_dir = {run}
state_dir = {state}
instance_name = tessera-test-{port}
protocols = imap
listen = 127.0.0.1
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
log_path = /dev/stderr
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {users}
}}
userdb {{
  driver = passwd-file
  args = {users}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
",
        run = run.display(),
        state = state.display(),
        users = users.display(),
        tls_port = tls_port.unwrap_or(0),
    );
    std::fs::write(dir.join("dovecot.conf"), config).unwrap();
}
