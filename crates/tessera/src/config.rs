//! One typed configuration, layered low → high: built-in defaults < TOML file
//! (`--config FILE`, else `./tessera.toml` when present) < `TESSERA_*` environment <
//! command-line flags.
//!
//! clap already resolves environment against flags (every field below is an
//! `Option` without a clap default, so "not given" stays visible); this module
//! puts the file and the defaults underneath. Database URLs may carry passwords:
//! they are held in types whose `Debug`/`Display` redact them.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use clap::{Args, ValueEnum};
use serde::Deserialize;
use tessera_core::PriorityMatrix;
use tessera_service::ServiceConfig;
use tessera_web::WebConfig;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://tessera.db";
/// Read from the working directory when present and no `--config` is given.
pub const DEFAULT_CONFIG_FILE: &str = "tessera.toml";
const DEFAULT_SQLITE_READERS: usize = 4;
const DEFAULT_POSTGRES_MAX_CONNECTIONS: u32 = 10;
/// Jobs one node runs at once. Mail intake serialises itself within a node, so
/// more would mostly wait; later kinds (SLA, outbound mail) benefit.
const DEFAULT_JOB_CONCURRENCY: u32 = 4;
/// How often an idle runner looks for jobs nobody woke it for (expired leases,
/// other nodes' enqueues when LISTEN/NOTIFY is unavailable).
const DEFAULT_JOB_POLL_INTERVAL_SECONDS: u32 = 5;

/// A mistake in the configuration (a bad URL, an unreadable file, an invalid
/// value). The binary exits with code 2 for these, like clap's usage errors, so
/// scripts can tell "fix your settings" from "something failed at run time".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl ConfigError {
    pub fn new(message: impl Into<String>) -> Self {
        ConfigError(message.into())
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

// ----- secrets ---------------------------------------------------------------------

/// A password as given by the operator: `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

// ----- database URLs -------------------------------------------------------------

/// A database URL as given by the operator, before validation. Exists so that
/// argument and file structs can derive `Debug` without printing passwords.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for SecretUrl {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(SecretUrl(s.to_owned()))
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", redact_url(&self.0))
    }
}

/// Which backend to use and where, parsed from `sqlite://PATH` or
/// `postgres://…`/`postgresql://…`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://tessera.db` (relative to the working directory) or
    /// `sqlite:///var/lib/tessera.db` (absolute).
    Sqlite(PathBuf),
    /// The URL exactly as given; sqlx parses the rest.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, ConfigError> {
        let url = url.trim();
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(ConfigError::new(
                    "invalid database URL \"sqlite://\": a file path is missing \
                     (e.g. sqlite://tessera.db or sqlite:///var/lib/tessera/tessera.db)",
                ));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_owned()));
        }
        Err(ConfigError::new(format!(
            "invalid database URL {:?}: expected sqlite://PATH (e.g. sqlite://tessera.db) \
             or postgres://USER:PASSWORD@HOST:PORT/DATABASE",
            redact_url(url)
        )))
    }

    /// "sqlite" or "postgres", as in logs and the benchmark table.
    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }

    /// Where the data lives, safe to log: the file path, or the URL without its password.
    pub fn location(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => path.display().to_string(),
            DatabaseUrl::Postgres(url) => redact_url(url),
        }
    }

    /// The full URL, password included: only for handing to a driver or a child process.
    pub fn expose(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => f.write_str(&redact_url(url)),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// Replaces the password of a URL's user-info (`user:secret@host`) and any
/// `password=` query parameter with `***`. Works on anything, valid URL or not,
/// because it also runs on the text of rejected URLs.
pub fn redact_url(url: &str) -> String {
    const MASK: &str = "***";
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rfind('@') {
        Some(at) => {
            let (userinfo, host) = authority.split_at(at);
            match userinfo.find(':') {
                Some(colon) => format!("{}:{MASK}{host}", &userinfo[..colon]),
                None => authority.to_owned(),
            }
        }
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}={MASK}")
                    }
                    _ => param.to_owned(),
                })
                .collect();
            format!("{path}?{}", params.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}{authority}{tail}")
}

// ----- enumerated settings --------------------------------------------------------

/// SQLite's `synchronous` setting (the database always runs in WAL mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqliteSync {
    /// Commits survive a crash of Tessera but not of the machine (power loss).
    Normal,
    /// Every commit is synced to disk before it is acknowledged.
    Full,
}

impl SqliteSync {
    pub fn to_store(self) -> tessera_store_sqlite::Synchronous {
        match self {
            SqliteSync::Normal => tessera_store_sqlite::Synchronous::Normal,
            SqliteSync::Full => tessera_store_sqlite::Synchronous::Full,
        }
    }
}

/// How the outbound relay's connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelaySecurity {
    /// STARTTLS, required (port 587 usually).
    #[default]
    Starttls,
    /// Implicit TLS (port 465 usually).
    Tls,
    /// No TLS at all: only for a relay on loopback or a trusted network.
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

// ----- command-line arguments ---------------------------------------------------

/// Settings every command that opens the database shares (`serve`, `admin …`).
#[derive(Debug, Clone, Default, Args)]
pub struct CommonArgs {
    /// Database: sqlite://PATH (the file is created if missing) or
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE [default: sqlite://tessera.db]
    // `hide_env_values`: --help would otherwise print the URL, password included.
    #[arg(
        long,
        env = "TESSERA_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub database_url: Option<SecretUrl>,

    /// TOML configuration file [default: ./tessera.toml when it exists]
    #[arg(long, env = "TESSERA_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// SQLite durability: `full` syncs every commit to disk (survives power loss),
    /// `normal` survives a crash of Tessera only [default: full]
    #[arg(long, env = "TESSERA_SQLITE_SYNCHRONOUS", value_name = "MODE")]
    pub sqlite_synchronous: Option<SqliteSync>,

    /// Size of the PostgreSQL connection pool [default: 10]
    #[arg(long, env = "TESSERA_POSTGRES_MAX_CONNECTIONS", value_name = "N")]
    pub postgres_max_connections: Option<u32>,

    /// Largest single attachment, in bytes [default: 5242880]
    #[arg(long, env = "TESSERA_MAX_ATTACHMENT_BYTES", value_name = "BYTES")]
    pub max_attachment_bytes: Option<usize>,

    /// How long a sign-in session lasts, in hours [default: 12]
    #[arg(long, env = "TESSERA_SESSION_TTL_HOURS", value_name = "HOURS")]
    pub session_ttl_hours: Option<u32>,
}

/// `tessera serve`'s own settings, on top of [`CommonArgs`].
#[derive(Debug, Clone, Default, Args)]
pub struct ServeArgs {
    /// Address to serve HTTP on, IP:PORT [default: 127.0.0.1:8080]
    #[arg(long, env = "TESSERA_LISTEN", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,

    #[command(flatten)]
    pub common: CommonArgs,

    /// Send session cookies without the `Secure` flag, for development over plain
    /// http:// (browsers drop Secure cookies there)
    #[arg(long, env = "TESSERA_INSECURE_COOKIES")]
    pub insecure_cookies: bool,

    /// Log format on stderr [default: text]. Filter with TESSERA_LOG or RUST_LOG
    /// (e.g. `info,tessera_web=debug`)
    #[arg(long, env = "TESSERA_LOG_FORMAT", value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,

    /// Print the effective configuration (passwords redacted) and exit
    #[arg(long)]
    pub print_config: bool,

    /// Address of the inbound SMTP listener, IP:PORT (off unless set)
    #[arg(long, env = "TESSERA_SMTP_LISTEN", value_name = "ADDR")]
    pub smtp_listen: Option<SocketAddr>,

    /// A support address to accept mail for, added at start (repeatable;
    /// TESSERA_MAILBOXES takes a comma-separated list)
    #[arg(
        long = "mailbox",
        env = "TESSERA_MAILBOXES",
        value_name = "ADDRESS",
        value_delimiter = ','
    )]
    pub mailboxes: Vec<String>,

    /// Background jobs (mail intake, …) this node runs at once [default: 4]
    #[arg(long, env = "TESSERA_JOB_CONCURRENCY", value_name = "N")]
    pub job_concurrency: Option<u32>,

    /// How often an idle job runner looks for due jobs it was not woken for, in
    /// seconds [default: 5]
    #[arg(
        long,
        env = "TESSERA_JOB_POLL_INTERVAL_SECONDS",
        value_name = "SECONDS"
    )]
    pub job_poll_interval_seconds: Option<u32>,

    /// Outbound SMTP relay for notification emails, HOST:PORT (off unless set:
    /// then notifications are in-app only)
    #[arg(long, env = "TESSERA_SMTP_RELAY", value_name = "HOST:PORT")]
    pub smtp_relay: Option<String>,

    /// How the relay connection is secured [default: starttls]
    #[arg(long, env = "TESSERA_SMTP_RELAY_SECURITY", value_name = "MODE")]
    pub smtp_relay_security: Option<RelaySecurity>,

    /// User name for the relay (no authentication unless set)
    #[arg(long, env = "TESSERA_SMTP_RELAY_USERNAME", value_name = "NAME")]
    pub smtp_relay_username: Option<String>,

    /// Password for the relay; prefer the environment variable
    #[arg(
        long,
        env = "TESSERA_SMTP_RELAY_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD"
    )]
    pub smtp_relay_password: Option<Secret>,

    /// Sender of notification emails, e.g. "Tessera <support@example.com>"
    /// (required with --smtp-relay)
    #[arg(long, env = "TESSERA_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,

    /// Hold SLA notification emails until the business hours of the ticket's
    /// SLA calendar
    #[arg(long, env = "TESSERA_NOTIFY_IN_BUSINESS_HOURS")]
    pub notify_in_business_hours: bool,
}

// ----- the file --------------------------------------------------------------------

/// `tessera.toml`. Every key is optional; unknown keys are an error so that a typo
/// does not silently fall back to a default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub database_url: Option<SecretUrl>,
    pub sqlite_synchronous: Option<SqliteSync>,
    /// Read connections kept open beside the single writer.
    pub sqlite_readers: Option<usize>,
    pub postgres_max_connections: Option<u32>,
    /// `false` is the file's spelling of `--insecure-cookies`.
    pub secure_cookies: Option<bool>,
    pub log_format: Option<LogFormat>,
    /// Four rows (impact 1–4) of four priority names (urgency 1–4).
    pub priority_matrix: Option<Vec<Vec<String>>>,
    pub max_attachment_bytes: Option<usize>,
    pub session_ttl_hours: Option<u32>,
    pub smtp_listen: Option<String>,
    /// Support addresses added at start, beside those of `--mailbox`.
    pub mailboxes: Option<Vec<String>>,
    pub job_concurrency: Option<u32>,
    pub job_poll_interval_seconds: Option<u32>,
    /// Existing mailboxes to poll over IMAP (`[[imap]]` tables).
    pub imap: Option<Vec<crate::imap::ImapFileAccount>>,
    /// Outbound relay for notification emails, `host:port`.
    pub smtp_relay: Option<String>,
    pub smtp_relay_security: Option<RelaySecurity>,
    pub smtp_relay_username: Option<String>,
    pub smtp_relay_password: Option<Secret>,
    pub mail_from: Option<String>,
    pub notify_in_business_hours: Option<bool>,
}

impl FileConfig {
    /// Reads `explicit` (which must exist), else `./tessera.toml` if it exists,
    /// else an empty file.
    pub fn load(explicit: Option<&Path>) -> Result<FileConfig, ConfigError> {
        let path = match explicit {
            Some(path) => path,
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => Path::new(DEFAULT_CONFIG_FILE),
            None => return Ok(FileConfig::default()),
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::new(format!(
                "cannot read configuration file {}: {e}",
                path.display()
            ))
        })?;
        FileConfig::parse(&text)
            .map_err(|e| ConfigError::new(format!("in configuration file {}: {e}", path.display())))
    }

    pub fn parse(text: &str) -> Result<FileConfig, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::new(e.to_string()))
    }
}

// ----- the resolved configuration ---------------------------------------------------

#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    pub url: DatabaseUrl,
    pub sqlite_synchronous: SqliteSync,
    pub sqlite_readers: usize,
    pub postgres_max_connections: u32,
}

/// Everything the binary needs, every layer applied and every value validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub database: DatabaseConfig,
    pub log_format: LogFormat,
    pub service: ServiceConfig,
    pub web: WebConfig,
    pub mail: MailConfig,
    pub jobs: JobsConfig,
}

/// The background job runner's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobsConfig {
    /// Jobs this node runs at once (at least 1).
    pub concurrency: u32,
    /// The idle runner's fallback poll.
    pub poll_interval: Duration,
}

impl Default for JobsConfig {
    fn default() -> Self {
        JobsConfig {
            concurrency: DEFAULT_JOB_CONCURRENCY,
            poll_interval: Duration::from_secs(u64::from(DEFAULT_JOB_POLL_INTERVAL_SECONDS)),
        }
    }
}

/// The email channel's settings.
#[derive(Debug, Clone, Default)]
pub struct MailConfig {
    /// Where the inbound SMTP listener binds; `None` leaves it off.
    pub smtp_listen: Option<SocketAddr>,
    /// Support addresses (lower-cased, unique) created as mailboxes at start,
    /// including those the IMAP accounts feed.
    pub mailboxes: Vec<String>,
    /// Existing mailboxes polled over IMAP.
    pub imap: Vec<tessera_mail::ImapAccount>,
    /// Where notification emails go; `None`: in-app notifications only.
    pub relay: Option<RelayConfig>,
}

/// The outbound SMTP relay notification emails are handed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayConfig {
    pub host: String,
    pub port: u16,
    pub security: RelaySecurity,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// The sender (`From:` and envelope).
    pub mail_from: tessera_mail::MailAddress,
}

impl Config {
    /// Reads the file named by the arguments (or `./tessera.toml`) and resolves.
    pub fn load(args: &ServeArgs) -> Result<Config, ConfigError> {
        let file = FileConfig::load(args.common.config.as_deref())?;
        Config::resolve(args, file)
    }

    /// Applies `args` (flags and environment, already merged by clap) over `file`
    /// over the built-in defaults.
    pub fn resolve(args: &ServeArgs, file: FileConfig) -> Result<Config, ConfigError> {
        let common = &args.common;

        let listen = match (args.listen, &file.listen) {
            (Some(addr), _) => addr,
            (None, Some(text)) => text.parse().map_err(|_| {
                ConfigError::new(format!(
                    "listen: {text:?} is not an IP:PORT address (e.g. 127.0.0.1:8080)"
                ))
            })?,
            (None, None) => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };

        let url = common
            .database_url
            .as_ref()
            .or(file.database_url.as_ref())
            .map_or(DEFAULT_DATABASE_URL, SecretUrl::expose);
        let database = DatabaseConfig {
            url: DatabaseUrl::parse(url)?,
            sqlite_synchronous: common
                .sqlite_synchronous
                .or(file.sqlite_synchronous)
                // NORMAL in WAL mode survives a crash of the process (kill -9);
                // FULL also survives power loss, at a throughput cost.
                .unwrap_or(SqliteSync::Normal),
            sqlite_readers: positive(
                "sqlite_readers",
                file.sqlite_readers.unwrap_or(DEFAULT_SQLITE_READERS),
            )?,
            postgres_max_connections: positive(
                "postgres_max_connections",
                common
                    .postgres_max_connections
                    .or(file.postgres_max_connections)
                    .unwrap_or(DEFAULT_POSTGRES_MAX_CONNECTIONS),
            )?,
        };

        let defaults = ServiceConfig::default();
        let priority_matrix = match &file.priority_matrix {
            Some(rows) => {
                PriorityMatrix::from_rows(rows).map_err(|e| ConfigError::new(e.to_string()))?
            }
            None => defaults.priority_matrix,
        };
        let max_attachment_bytes = positive(
            "max_attachment_bytes",
            common
                .max_attachment_bytes
                .or(file.max_attachment_bytes)
                .unwrap_or(defaults.max_attachment_bytes),
        )?;
        let session_ttl = match common.session_ttl_hours.or(file.session_ttl_hours) {
            Some(hours) => {
                jiff::SignedDuration::from_hours(i64::from(positive("session_ttl_hours", hours)?))
            }
            None => defaults.session_ttl,
        };

        let web_defaults = WebConfig::default();
        let web = WebConfig {
            secure_cookies: !args.insecure_cookies && file.secure_cookies.unwrap_or(true),
            // Attachments arrive base64-encoded inside JSON (4/3 of their size) with
            // the rest of the request beside them, so the body limit must exceed them.
            max_body_bytes: web_defaults.max_body_bytes.max(
                (max_attachment_bytes / 3)
                    .saturating_mul(4)
                    .saturating_add(1 << 20),
            ),
        };

        let mail = MailConfig {
            smtp_listen: match (args.smtp_listen, &file.smtp_listen) {
                (Some(addr), _) => Some(addr),
                (None, Some(text)) => Some(text.parse().map_err(|_| {
                    ConfigError::new(format!(
                        "smtp_listen: {text:?} is not an IP:PORT address (e.g. 0.0.0.0:25)"
                    ))
                })?),
                (None, None) => None,
            },
            mailboxes: Vec::new(),
            relay: relay_config(args, &file)?,
            imap: file
                .imap
                .iter()
                .flatten()
                .map(|entry| entry.to_account(|var| std::env::var(var).ok()))
                .collect::<Result<_, _>>()?,
        };
        let imap_mailboxes: Vec<String> = mail
            .imap
            .iter()
            .map(|a| a.mailbox_address.clone())
            .collect();
        let mail = MailConfig {
            mailboxes: mailbox_addresses(
                args.mailboxes
                    .iter()
                    .chain(file.mailboxes.iter().flatten())
                    .chain(imap_mailboxes.iter()),
            )?,
            ..mail
        };

        let jobs = JobsConfig {
            concurrency: positive(
                "job_concurrency",
                args.job_concurrency
                    .or(file.job_concurrency)
                    .unwrap_or(DEFAULT_JOB_CONCURRENCY),
            )?,
            poll_interval: Duration::from_secs(u64::from(positive(
                "job_poll_interval_seconds",
                args.job_poll_interval_seconds
                    .or(file.job_poll_interval_seconds)
                    .unwrap_or(DEFAULT_JOB_POLL_INTERVAL_SECONDS),
            )?)),
        };

        Ok(Config {
            listen,
            database,
            log_format: args.log_format.or(file.log_format).unwrap_or_default(),
            service: ServiceConfig {
                priority_matrix,
                max_attachment_bytes,
                session_ttl,
                notify_in_business_hours: args.notify_in_business_hours
                    || file.notify_in_business_hours.unwrap_or(false),
            },
            web,
            mail,
            jobs,
        })
    }
}

/// The relay settings, flags over file; `None` when no `smtp_relay` is set.
fn relay_config(args: &ServeArgs, file: &FileConfig) -> Result<Option<RelayConfig>, ConfigError> {
    let Some(relay) = args.smtp_relay.as_ref().or(file.smtp_relay.as_ref()) else {
        return Ok(None);
    };
    let bad_relay = || {
        ConfigError::new(format!(
            "smtp_relay: {relay:?} is not a HOST:PORT address (e.g. smtp.example.com:587)"
        ))
    };
    let (host, port) = relay.trim().rsplit_once(':').ok_or_else(bad_relay)?;
    let host = host.trim_matches(['[', ']']);
    let port: u16 = port.parse().map_err(|_| bad_relay())?;
    if host.is_empty() || port == 0 || host.contains(char::is_whitespace) {
        return Err(bad_relay());
    }
    let from = args
        .mail_from
        .as_ref()
        .or(file.mail_from.as_ref())
        .ok_or_else(|| ConfigError::new("mail_from: required when smtp_relay is set"))?;
    let username = args
        .smtp_relay_username
        .clone()
        .or_else(|| file.smtp_relay_username.clone())
        .filter(|u| !u.is_empty());
    let password = args
        .smtp_relay_password
        .clone()
        .or_else(|| file.smtp_relay_password.clone());
    if password.is_some() && username.is_none() {
        return Err(ConfigError::new(
            "smtp_relay_password: set smtp_relay_username too",
        ));
    }
    Ok(Some(RelayConfig {
        host: host.to_owned(),
        port,
        security: args
            .smtp_relay_security
            .or(file.smtp_relay_security)
            .unwrap_or_default(),
        username,
        password,
        mail_from: mail_from(from)?,
    }))
}

/// `Name <address>` or a bare address.
fn mail_from(text: &str) -> Result<tessera_mail::MailAddress, ConfigError> {
    let bad = || {
        ConfigError::new(format!(
            "mail_from: {text:?} is not an address (e.g. \"Tessera <support@example.com>\")"
        ))
    };
    let text = text.trim();
    let (name, address) = match text.strip_suffix('>').and_then(|t| t.rsplit_once('<')) {
        Some((name, address)) => {
            let name = name.trim().trim_matches('"').trim();
            ((!name.is_empty()).then(|| name.to_owned()), address)
        }
        None => (None, text),
    };
    let address = tessera_core::validate::email("mail_from", address).map_err(|_| bad())?;
    Ok(tessera_mail::MailAddress::new(address, name))
}

/// Validated, lower-cased, de-duplicated support addresses; empty entries (a
/// trailing comma in TESSERA_MAILBOXES) are skipped.
fn mailbox_addresses<'a>(
    addresses: impl Iterator<Item = &'a String>,
) -> Result<Vec<String>, ConfigError> {
    let mut out: Vec<String> = Vec::new();
    for address in addresses.filter(|a| !a.trim().is_empty()) {
        let address = tessera_core::validate::email("mailbox", address).map_err(|_| {
            ConfigError::new(format!("mailbox: {address:?} is not an email address"))
        })?;
        if !out.contains(&address) {
            out.push(address);
        }
    }
    Ok(out)
}

fn positive<T: PartialOrd + Default + fmt::Display>(
    name: &str,
    value: T,
) -> Result<T, ConfigError> {
    if value > T::default() {
        Ok(value)
    } else {
        Err(ConfigError::new(format!(
            "{name}: must be greater than zero, got {value}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tessera_core::{Impact, Priority, Urgency};

    fn args() -> ServeArgs {
        ServeArgs::default()
    }

    #[test]
    fn mail_settings_come_from_flags_and_file() {
        let config = Config::resolve(&args(), FileConfig::default()).unwrap();
        assert_eq!(config.mail.smtp_listen, None);
        assert!(config.mail.mailboxes.is_empty());

        let file = FileConfig::parse(
            r#"
            smtp_listen = "127.0.0.1:2525"
            mailboxes = ["billing@example.com"]
            "#,
        )
        .unwrap();
        let mut flags = args();
        flags.mailboxes = vec![
            "Support@Example.com".to_owned(),
            String::new(),
            "billing@example.com".to_owned(),
        ];
        let config = Config::resolve(&flags, file).unwrap();
        assert_eq!(
            config.mail.smtp_listen,
            Some("127.0.0.1:2525".parse().unwrap())
        );
        assert_eq!(
            config.mail.mailboxes,
            ["support@example.com", "billing@example.com"]
        );

        flags.mailboxes = vec!["not an address".to_owned()];
        let err = Config::resolve(&flags, FileConfig::default()).unwrap_err();
        assert!(err.to_string().starts_with("mailbox"), "{err}");
    }

    #[test]
    fn relay_settings_layer_flags_over_file_and_are_off_by_default() {
        let config = Config::resolve(&args(), FileConfig::default()).unwrap();
        assert_eq!(config.mail.relay, None);
        assert!(!config.service.notify_in_business_hours);

        let file = FileConfig::parse(
            r#"
            smtp_relay = "smtp.example.com:587"
            smtp_relay_username = "tessera"
            mail_from = "Tessera Support <Support@Example.com>"
            notify_in_business_hours = true
            "#,
        )
        .unwrap();
        let from_file = Config::resolve(&args(), file.clone()).unwrap();
        let relay = from_file.mail.relay.clone().unwrap();
        assert_eq!((relay.host.as_str(), relay.port), ("smtp.example.com", 587));
        assert_eq!(relay.security, RelaySecurity::Starttls);
        assert_eq!(relay.username.as_deref(), Some("tessera"));
        assert_eq!(relay.password, None);
        assert_eq!(relay.mail_from.address, "support@example.com");
        assert_eq!(relay.mail_from.name.as_deref(), Some("Tessera Support"));
        assert!(from_file.service.notify_in_business_hours);

        let mut flags = args();
        flags.smtp_relay = Some("127.0.0.1:2525".to_owned());
        flags.smtp_relay_security = Some(RelaySecurity::Plain);
        flags.smtp_relay_password = Some("hunter2".parse().unwrap());
        flags.mail_from = Some("alerts@example.com".to_owned());
        let from_flags = Config::resolve(&flags, file).unwrap();
        let relay = from_flags.mail.relay.clone().unwrap();
        assert_eq!((relay.host.as_str(), relay.port), ("127.0.0.1", 2525));
        assert_eq!(relay.security, RelaySecurity::Plain);
        assert_eq!(relay.password.as_ref().map(Secret::expose), Some("hunter2"));
        assert_eq!(relay.mail_from.name, None);
        for shown in [format!("{from_flags:?}"), format!("{flags:?}")] {
            assert!(!shown.contains("hunter2"), "{shown}");
        }

        let mut no_from = args();
        no_from.smtp_relay = Some("127.0.0.1:2525".to_owned());
        let err = Config::resolve(&no_from, FileConfig::default()).unwrap_err();
        assert!(err.to_string().starts_with("mail_from"), "{err}");
        for bad in ["no-port", "host:x", ":25", "host:0"] {
            let mut flags = args();
            flags.smtp_relay = Some(bad.to_owned());
            flags.mail_from = Some("a@example.com".to_owned());
            let err = Config::resolve(&flags, FileConfig::default()).unwrap_err();
            assert!(err.to_string().starts_with("smtp_relay"), "{bad}: {err}");
        }
        let mut bad_from = args();
        bad_from.smtp_relay = Some("127.0.0.1:2525".to_owned());
        bad_from.mail_from = Some("Tessera <nope>".to_owned());
        let err = Config::resolve(&bad_from, FileConfig::default()).unwrap_err();
        assert!(err.to_string().starts_with("mail_from"), "{err}");
    }

    #[test]
    fn job_settings_layer_flags_over_file_over_defaults() {
        let config = Config::resolve(&args(), FileConfig::default()).unwrap();
        assert_eq!(config.jobs, JobsConfig::default());
        assert_eq!(config.jobs.concurrency, 4);
        assert_eq!(config.jobs.poll_interval, Duration::from_secs(5));

        let file = FileConfig::parse("job_concurrency = 8\njob_poll_interval_seconds = 2").unwrap();
        let from_file = Config::resolve(&args(), file.clone()).unwrap();
        assert_eq!(from_file.jobs.concurrency, 8);
        assert_eq!(from_file.jobs.poll_interval, Duration::from_secs(2));

        let mut flags = args();
        flags.job_concurrency = Some(1);
        let from_flags = Config::resolve(&flags, file).unwrap();
        assert_eq!(from_flags.jobs.concurrency, 1);
        assert_eq!(from_flags.jobs.poll_interval, Duration::from_secs(2));

        flags.job_poll_interval_seconds = Some(0);
        let err = Config::resolve(&flags, FileConfig::default()).unwrap_err();
        assert!(
            err.to_string().starts_with("job_poll_interval_seconds"),
            "{err}"
        );
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost() {
        let config = Config::resolve(&args(), FileConfig::default()).unwrap();
        assert_eq!(config.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(
            config.database.url,
            DatabaseUrl::Sqlite(PathBuf::from("tessera.db"))
        );
        assert_eq!(config.database.sqlite_synchronous, SqliteSync::Normal);
        assert!(config.web.secure_cookies);
        assert_eq!(config.log_format, LogFormat::Text);
        assert_eq!(config.service.priority_matrix, PriorityMatrix::default());
    }

    #[test]
    fn file_overrides_defaults_and_flags_override_file() {
        let file = FileConfig::parse(
            r#"
            listen = "0.0.0.0:9000"
            database_url = "postgres://tessera:hunter2@db:5432/tessera"
            sqlite_synchronous = "full"
            postgres_max_connections = 20
            max_attachment_bytes = 1000
            session_ttl_hours = 2
            secure_cookies = false
            log_format = "json"
            "#,
        )
        .unwrap();

        let from_file = Config::resolve(&args(), file.clone()).unwrap();
        assert_eq!(from_file.listen.to_string(), "0.0.0.0:9000");
        assert_eq!(from_file.database.url.backend(), "postgres");
        assert_eq!(from_file.database.sqlite_synchronous, SqliteSync::Full);
        assert_eq!(from_file.database.postgres_max_connections, 20);
        assert_eq!(from_file.service.max_attachment_bytes, 1000);
        assert_eq!(
            from_file.service.session_ttl,
            jiff::SignedDuration::from_hours(2)
        );
        assert!(!from_file.web.secure_cookies);
        assert_eq!(from_file.log_format, LogFormat::Json);

        let mut flags = args();
        flags.listen = Some("127.0.0.1:7000".parse().unwrap());
        flags.common.database_url = Some("sqlite:///tmp/x.db".parse().unwrap());
        flags.common.sqlite_synchronous = Some(SqliteSync::Normal);
        flags.common.postgres_max_connections = Some(3);
        flags.common.session_ttl_hours = Some(5);
        flags.log_format = Some(LogFormat::Text);
        let from_flags = Config::resolve(&flags, file).unwrap();
        assert_eq!(from_flags.listen.to_string(), "127.0.0.1:7000");
        assert_eq!(
            from_flags.database.url,
            DatabaseUrl::Sqlite(PathBuf::from("/tmp/x.db"))
        );
        assert_eq!(from_flags.database.sqlite_synchronous, SqliteSync::Normal);
        assert_eq!(from_flags.database.postgres_max_connections, 3);
        assert_eq!(
            from_flags.service.session_ttl,
            jiff::SignedDuration::from_hours(5)
        );
        assert_eq!(from_flags.log_format, LogFormat::Text);
        // Not given as a flag: the file's value stays.
        assert_eq!(from_flags.service.max_attachment_bytes, 1000);
    }

    #[test]
    fn insecure_cookies_flag_wins_over_file() {
        let file = FileConfig::parse("secure_cookies = true").unwrap();
        let mut flags = args();
        flags.insecure_cookies = true;
        assert!(!Config::resolve(&flags, file).unwrap().web.secure_cookies);
    }

    #[test]
    fn priority_matrix_comes_from_the_file() {
        let file = FileConfig::parse(
            r#"priority_matrix = [
                ["urgent", "urgent", "high", "high"],
                ["urgent", "high", "high", "normal"],
                ["high", "high", "normal", "low"],
                ["normal", "normal", "low", "low"],
            ]"#,
        )
        .unwrap();
        let config = Config::resolve(&args(), file).unwrap();
        let p = |i, u| {
            config
                .service
                .priority_matrix
                .priority(Impact::new(i).unwrap(), Urgency::new(u).unwrap())
        };
        assert_eq!(p(1, 2), Priority::Urgent);
        assert_eq!(p(4, 4), Priority::Low);
    }

    #[test]
    fn bad_values_are_config_errors_naming_the_setting() {
        let bad_matrix = FileConfig::parse(r#"priority_matrix = [["urgent"]]"#).unwrap();
        let err = Config::resolve(&args(), bad_matrix).unwrap_err();
        assert!(err.to_string().starts_with("priority_matrix"), "{err}");

        let bad_listen = FileConfig::parse(r#"listen = "localhost""#).unwrap();
        let err = Config::resolve(&args(), bad_listen).unwrap_err();
        assert!(err.to_string().starts_with("listen"), "{err}");

        let zero_pool = FileConfig::parse("postgres_max_connections = 0").unwrap();
        let err = Config::resolve(&args(), zero_pool).unwrap_err();
        assert!(
            err.to_string().starts_with("postgres_max_connections"),
            "{err}"
        );

        let err = FileConfig::parse("lisen = \"127.0.0.1:1\"").unwrap_err();
        assert!(err.to_string().contains("lisen"), "{err}");
    }

    #[test]
    fn database_urls_are_parsed_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://tessera.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("tessera.db"))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/tessera.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("/var/lib/tessera.db"))
        );
        for pg in ["postgres://u:p@h/db", "postgresql://h:5433/db"] {
            assert_eq!(DatabaseUrl::parse(pg).unwrap().backend(), "postgres");
        }
        for bad in [
            "",
            "sqlite://",
            "mysql://u:secret@h/db",
            "tessera.db",
            "sqlite:x.db",
        ] {
            let err = DatabaseUrl::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("invalid database URL"), "{bad}: {err}");
            assert!(!err.contains("secret"), "{err}");
        }
    }

    #[test]
    fn passwords_never_appear_in_debug_or_display() {
        let url =
            "postgres://tessera:hunter2@db.internal:5432/tessera?sslmode=disable&password=hunter2";
        let mut flags = args();
        flags.common.database_url = Some(url.parse().unwrap());
        let config = Config::resolve(&flags, FileConfig::default()).unwrap();
        let shown = [
            format!("{config:?}"),
            format!("{config:#?}"),
            format!("{flags:?}"),
            config.database.url.to_string(),
            config.database.url.location(),
        ];
        for text in shown {
            assert!(!text.contains("hunter2"), "{text}");
        }
        assert_eq!(
            config.database.url.to_string(),
            "postgres://tessera:***@db.internal:5432/tessera?sslmode=disable&password=***"
        );
        assert_eq!(config.database.url.expose(), url);
    }

    #[test]
    fn redaction_leaves_urls_without_passwords_alone() {
        for url in [
            "postgres://db/tessera",
            "postgres://tessera@db/tessera",
            "sqlite://tessera.db",
            "not a url",
        ] {
            assert_eq!(redact_url(url), url);
        }
        assert_eq!(
            redact_url("postgres://u:p@ss@h/db"),
            "postgres://u:***@h/db"
        );
    }
}
