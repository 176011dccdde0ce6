//! `tessera bench`: the load generator behind docs/BENCHMARKS.md.
//!
//! `bench run` measures the API over HTTP (create, get, queue listing, search),
//! then the start-to-ready time and idle memory of a real `tessera serve`, and
//! prints Markdown tables. `bench seed` fills a database with a realistic help
//! desk (1 M tickets by default) through the store's bulk import, so the same
//! scenarios can be run at scale with `bench run --skip-seed`.

pub mod corpus;
pub mod jobs;
pub mod load;
pub mod process;
pub mod seed;
pub mod sla;
pub mod stats;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Subcommand};
use rand::SeedableRng;
use rand::rngs::StdRng;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use tessera_core::{Role, Status};
use tessera_service::{Service, ServiceConfig, SystemClock};
use tessera_store::{Store, TicketQuery, TicketSort, TicketSortField};
use tessera_web::WebConfig;

use crate::config::{
    Config, DatabaseConfig, DatabaseUrl, JobsConfig, LogFormat, MailConfig, SecretUrl, SqliteSync,
};
use crate::serve::Application;
use crate::{database, telemetry};
use load::Scenario;
use stats::Measurement;

const BENCH_ADMIN_EMAIL: &str = "bench-admin@desk.example.com";
/// Create requests cycle through this many prepared bodies.
const CREATE_BODIES: usize = 512;
/// Distinct requesters of created tickets.
const REQUESTERS: usize = 500;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Measure the API under load and print the results as Markdown tables.
    ///
    /// Scenarios: create ticket with 1, 8 and 32 concurrent clients; get ticket;
    /// list a group's open tickets (50 per page); full-text search; then the
    /// start-to-ready time and idle memory of a spawned `tessera serve`.
    ///
    /// Examples:
    ///   tessera bench run                                  (throwaway SQLite file)
    ///   tessera bench run --database-url postgres://tessera:secret@127.0.0.1/tessera_bench
    ///   tessera bench seed --database-url sqlite://big.db --tickets 1000000
    ///   tessera bench run --database-url sqlite://big.db --skip-seed
    ///
    /// The server runs in this process on 127.0.0.1 (sharing the CPU with the
    /// load generator) unless --target points at one that is already running.
    #[command(verbatim_doc_comment)]
    Run(RunArgs),
    /// Fill a database with a realistic help desk: groups, agents, customer
    /// companies, customers, and tickets in English, Polish, Croatian, Russian and
    /// Greek with mixed statuses, history and replies. Prints progress and rate.
    Seed(SeedArgs),
    /// Measure the durable job runner: enqueue N no-op jobs, run them with one
    /// runner per concurrency level, and print jobs/s as a Markdown table.
    ///
    /// Examples:
    ///   tessera bench jobs                                 (throwaway SQLite file)
    ///   tessera bench jobs --database-url postgres://tessera:secret@127.0.0.1/tessera_bench
    #[command(verbatim_doc_comment)]
    Jobs(jobs::JobsArgs),
    /// Time the recomputation of every open ticket's SLA clocks on the tickets
    /// already in a database (adds a calendar and a policy; use a copy).
    ///
    /// Example:
    ///   tessera bench sla-recompute --database-url sqlite:///var/tmp/bench1m-sla.db
    #[command(verbatim_doc_comment)]
    SlaRecompute(sla::SlaRecomputeArgs),
}

/// Database settings of the benchmark. Deliberately not read from the
/// environment or tessera.toml: a benchmark writes thousands of tickets and must
/// only ever touch the database named on its command line.
#[derive(Debug, Clone, Args)]
pub struct BenchDatabaseArgs {
    /// SQLite durability for the run (see `tessera serve --help`).
    #[arg(long, value_name = "MODE", default_value = "full")]
    pub sqlite_synchronous: SqliteSync,
    /// Size of the PostgreSQL connection pool.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub postgres_max_connections: u32,
}

impl BenchDatabaseArgs {
    fn config(&self, url: DatabaseUrl) -> DatabaseConfig {
        DatabaseConfig {
            url,
            sqlite_synchronous: self.sqlite_synchronous,
            sqlite_readers: 4,
            postgres_max_connections: self.postgres_max_connections,
        }
    }
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Database to benchmark (sqlite://PATH or postgres://…); a throwaway SQLite
    /// file when omitted. The run adds users and tickets: use a dedicated database.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<SecretUrl>,
    /// Load an already running server (e.g. http://127.0.0.1:8080) instead of
    /// starting one in-process. --database-url must be that server's database:
    /// the admin token and fixtures are created there.
    #[arg(long, value_name = "URL", requires = "database_url")]
    pub target: Option<String>,
    /// Requests per scenario.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub requests: usize,
    /// Time cap per scenario, in seconds (a capped row is marked in the table).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub max_seconds: u64,
    /// Concurrent clients of the read scenarios (get, list, search).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub read_clients: usize,
    /// Tickets imported before measuring, so that reads find data.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub seed_tickets: u64,
    /// Use the data already in the database (e.g. from `tessera bench seed`)
    /// instead of importing tickets first.
    #[arg(long)]
    pub skip_seed: bool,
    /// `sort` parameter of the queue listing request.
    #[arg(long, value_name = "SORT", default_value = "priority")]
    pub list_sort: String,
    /// Do not spawn `tessera serve` to measure start-to-ready time and idle memory.
    #[arg(long)]
    pub no_process_metrics: bool,
    #[command(flatten)]
    pub database: BenchDatabaseArgs,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Database to fill (sqlite://PATH or postgres://…). Required: seeding never
    /// falls back to the default database.
    #[arg(long, value_name = "URL")]
    pub database_url: SecretUrl,
    /// Tickets to create.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub tickets: u64,
    /// Comments per ticket besides its description: agent replies and customer
    /// answers in turn, about one agent turn in five an internal note.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub comments_per_ticket: u32,
    /// Customers who raise the tickets.
    #[arg(long, value_name = "N", default_value_t = 3000)]
    pub customers: usize,
    /// Tickets per import transaction.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub batch: usize,
    /// Random seed: the same seed generates the same tickets.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    #[command(flatten)]
    pub database: BenchDatabaseArgs,
}

pub async fn run(command: BenchCommand) -> anyhow::Result<()> {
    telemetry::init_logs(LogFormat::Text, "warn")?;
    match command {
        BenchCommand::Run(args) => run_load(args).await,
        BenchCommand::Seed(args) => run_seed(args).await,
        BenchCommand::Jobs(args) => jobs::run(args).await,
        BenchCommand::SlaRecompute(args) => sla::run(args).await,
    }
}

async fn run_seed(args: SeedArgs) -> anyhow::Result<()> {
    let database = args
        .database
        .config(DatabaseUrl::parse(args.database_url.expose())?);
    eprintln!(
        "Seeding {} tickets with {} comments each into {} ({})",
        args.tickets,
        args.comments_per_ticket,
        database.url.location(),
        database.url.backend()
    );
    let started = Instant::now();
    let store = database::open_store(&database).await?;
    let people = seed::prepare_people(&*store, args.customers, args.seed).await?;
    eprintln!(
        "  {} groups, {} customers ready after {:.1} s",
        people.groups.len(),
        people.customers.len(),
        started.elapsed().as_secs_f64()
    );
    let import_started = Instant::now();
    let done = seed::import_tickets(
        store,
        Arc::new(people),
        args.tickets,
        args.batch,
        usize::try_from(args.comments_per_ticket)?,
        args.seed,
    )
    .await?;
    let secs = import_started.elapsed().as_secs_f64();
    println!(
        "seeded {done} tickets in {secs:.1} s ({:.0} tickets/s) into {}",
        done as f64 / secs.max(1e-9),
        database.url.location()
    );
    Ok(())
}

/// The in-process server of a run, stopped at the end.
struct LocalServer {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

async fn run_load(args: RunArgs) -> anyhow::Result<()> {
    // Keeps the throwaway database alive for the whole run.
    let mut scratch = None;
    let url = match &args.database_url {
        Some(url) => DatabaseUrl::parse(url.expose())?,
        None => {
            let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
            let url = DatabaseUrl::Sqlite(dir.path().join("bench.db"));
            scratch = Some(dir);
            url
        }
    };
    let database = args.database.config(url);
    let backend = database.url.backend();
    eprintln!("Benchmarking on {backend} ({})", database.url.location());

    let store = database::open_store(&database).await?;
    let service = Service::new(
        Arc::clone(&store),
        Arc::new(SystemClock),
        ServiceConfig::default(),
    );
    let token = service
        .admin_create_token(BENCH_ADMIN_EMAIL, "bench", Role::Admin)
        .await
        .context("cannot create the benchmark's admin token")?;
    if !args.skip_seed && args.seed_tickets > 0 {
        eprintln!(
            "Importing {} tickets for the read scenarios",
            args.seed_tickets
        );
        let people = seed::prepare_people(&*store, 200, 42).await?;
        seed::import_tickets(
            Arc::clone(&store),
            Arc::new(people),
            args.seed_tickets,
            2000,
            // One comment per ticket: the read scenarios' data set, as before.
            1,
            42,
        )
        .await?;
    }

    let (base, local) = match &args.target {
        Some(target) => (target.trim_end_matches('/').to_owned(), None),
        None => {
            let config = Config {
                listen: SocketAddr::from(([127, 0, 0, 1], 0)),
                database: database.clone(),
                log_format: LogFormat::Text,
                service: ServiceConfig::default(),
                web: WebConfig {
                    secure_cookies: false,
                    ..WebConfig::default()
                },
                mail: MailConfig::default(),
                jobs: JobsConfig::default(),
            };
            let app = Application::build_with_store(&config, Arc::clone(&store)).await?;
            let base = format!("http://{}", app.local_addr());
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let task = tokio::spawn(app.run_until(async move {
                let _ = stopped.await;
            }));
            (base, Some(LocalServer { stop, task }))
        }
    };

    let results = run_scenarios(&args, &base, &token, &*store).await?;

    if let Some(server) = local {
        let _ = server.stop.send(());
        server.task.await.context("server task failed")??;
    }
    // Close this process's connections before a separate server opens the database.
    drop(service);
    drop(store);

    let process = if args.no_process_metrics || args.target.is_some() {
        None
    } else {
        eprintln!("Measuring start-to-ready time and idle memory of tessera serve");
        Some(process::measure_serve(&database).await?)
    };

    println!("{}", report(&args, backend, &results, process));
    drop(scratch);
    Ok(())
}

async fn run_scenarios(
    args: &RunArgs,
    base: &str,
    token: &str,
    store: &dyn Store,
) -> anyhow::Result<Vec<Measurement>> {
    let client = load::http_client(32)?;
    let auth = format!("Bearer {token}");
    let time_cap = Duration::from_secs(args.max_seconds);
    let scenario = |name: &str, clients: usize, make: load::MakeRequest| Scenario {
        name: name.to_owned(),
        clients,
        requests: args.requests,
        time_cap,
        make,
    };
    let mut results = Vec::new();

    let create_url = format!("{base}/api/v1/tickets");
    let bodies: Arc<Vec<String>> = Arc::new(create_bodies());
    for clients in [1, 8, 32] {
        let (url, auth, bodies) = (create_url.clone(), auth.clone(), Arc::clone(&bodies));
        let make: load::MakeRequest = Arc::new(move |client, i| {
            client
                .post(&url)
                .header(AUTHORIZATION, &auth)
                .header(CONTENT_TYPE, "application/json")
                .body(bodies[i % bodies.len()].clone())
        });
        eprintln!("Scenario: create ticket, {clients} clients");
        results.push(load::run(&client, scenario("create ticket", clients, make)).await);
    }

    let reads = args.read_clients;
    let ids = sample_ticket_ids(store).await?;
    if ids.is_empty() {
        eprintln!("No tickets to read: skipping the get scenario");
    } else {
        let urls = Arc::new(
            ids.iter()
                .map(|id| format!("{base}/api/v1/tickets/{id}"))
                .collect::<Vec<_>>(),
        );
        eprintln!("Scenario: get ticket, {reads} clients");
        results.push(
            load::run(
                &client,
                scenario("get ticket", reads, get_each(&urls, &auth)),
            )
            .await,
        );
    }

    let groups = store.list_groups().await?;
    if groups.is_empty() {
        eprintln!("No groups: skipping the queue scenario");
    } else {
        let sort = &args.list_sort;
        let urls = Arc::new(
            groups
                .iter()
                .map(|g| {
                    format!(
                        "{base}/api/v1/tickets?group_id={}&status={}&sort={sort}&limit=50",
                        g.id,
                        Status::Open.as_str()
                    )
                })
                .collect::<Vec<_>>(),
        );
        eprintln!("Scenario: list a group's open tickets, {reads} clients");
        let name = "list group's open tickets (50)";
        results.push(load::run(&client, scenario(name, reads, get_each(&urls, &auth))).await);
    }

    let search_url = format!("{base}/api/v1/search");
    let urls = Arc::new(
        corpus::SEARCH_QUERIES
            .iter()
            .map(|q| reqwest::Url::parse_with_params(&search_url, &[("q", q)]).map(String::from))
            .collect::<Result<Vec<_>, _>>()?,
    );
    eprintln!("Scenario: search, {reads} clients");
    results.push(load::run(&client, scenario("search", reads, get_each(&urls, &auth))).await);

    Ok(results)
}

/// GETs the URLs in a scattered order (a prime stride), so consecutive requests
/// do not hit neighbouring rows.
fn get_each(urls: &Arc<Vec<String>>, auth: &str) -> load::MakeRequest {
    let (urls, auth) = (Arc::clone(urls), auth.to_owned());
    Arc::new(move |client, i| {
        let url = &urls[i.wrapping_mul(7919) % urls.len()];
        client.get(url).header(AUTHORIZATION, &auth)
    })
}

/// JSON bodies of create requests: realistic multilingual text from many requesters.
fn create_bodies() -> Vec<String> {
    let mut rng = StdRng::seed_from_u64(7);
    (0..CREATE_BODIES)
        .map(|i| {
            let corpus = corpus::pick_language(&mut rng);
            serde_json::json!({
                "subject": corpus.subject(&mut rng),
                "description": corpus.description(&mut rng),
                "requester_email": format!("requester{:03}@mail.example", i % REQUESTERS),
            })
            .to_string()
        })
        .collect()
}

/// Ids of the oldest and newest tickets (up to 500 each).
async fn sample_ticket_ids(store: &dyn Store) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for descending in [false, true] {
        let query = TicketQuery {
            sort: TicketSort {
                field: TicketSortField::Number,
                descending,
            },
            limit: 500,
            ..TicketQuery::default()
        };
        ids.extend(store.list_tickets(&query).await?.items.iter().map(|t| t.id));
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

fn report(
    args: &RunArgs,
    backend: &str,
    results: &[Measurement],
    process: Option<process::ProcessMetrics>,
) -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let server = match &args.target {
        Some(target) => format!("separate server at {target}"),
        None => "in-process server (shares the CPU with the load generator)".to_owned(),
    };
    let mut out = format!(
        "## Tessera benchmark: {backend}\n\n\
         {cores} CPU cores, {server}, up to {} requests or {} s per scenario.\n\n",
        args.requests, args.max_seconds
    );
    out.push_str(&stats::markdown_table(backend, results));
    if let Some(p) = process {
        let rss = p.idle_rss_kib.map_or_else(
            || "n/a".to_owned(),
            |kib| format!("{:.1} MB", kib as f64 / 1024.0),
        );
        out.push_str(&format!(
            "\n| process | {backend} |\n| --- | ---: |\n\
             | start to ready | {:.0} ms |\n| resident memory, idle | {rss} |\n",
            p.start_to_ready.as_secs_f64() * 1e3
        ));
    }
    out
}
