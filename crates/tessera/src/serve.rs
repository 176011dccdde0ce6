//! `tessera serve`: the HTTP application, built in two steps so that tests can
//! bind port 0, learn the real address, and then run the very same server.

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use metrics_exporter_prometheus::PrometheusHandle;
use tessera_service::{Service, SystemClock};
use tessera_store::{Store, UserQuery};
use tokio::net::TcpListener;

use crate::config::{Config, DatabaseUrl};
use crate::{cluster, database, imap, jobs, mail, telemetry};

/// After the shutdown signal, in-flight requests get this long to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// Histograms of the Prometheus recorder are compacted by an explicit upkeep call
/// (the exporter's own upkeep thread is behind a feature we leave off).
const METRICS_UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Connections to the SMTP listener get this long to finish after the HTTP
/// server has stopped.
const SMTP_SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// IMAP pollers stop within this long of the signal (they check it between
/// commands); a stuck one is aborted.
const IMAP_SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A bound, not yet running, server.
pub struct Application {
    listener: TcpListener,
    local_addr: SocketAddr,
    service: Service,
    router: Router,
    metrics: PrometheusHandle,
    database: DatabaseUrl,
    smtp: Option<SmtpListener>,
    /// The durable job runner, started by [`Application::run_until`].
    jobs: tessera_jobs::Runner,
    /// Wakes the runner (and other nodes' runners) after jobs are enqueued.
    job_waker: tessera_jobs::Waker,
    /// Closes the web UI's live streams, which would otherwise hold the graceful
    /// shutdown for its whole grace period.
    ui_shutdown: tessera_web::ShutdownSignal,
    /// Existing mailboxes to poll over IMAP, started by [`Application::run_until`].
    imap: Vec<tessera_mail::ImapAccount>,
    /// On PostgreSQL: live changes to and from the other nodes (kept alive with
    /// the application).
    cluster: Option<cluster::ClusterLink>,
    presence: Arc<tessera_web::Presence>,
}

/// The inbound SMTP listener, bound but not yet accepting.
struct SmtpListener {
    listener: TcpListener,
    local_addr: SocketAddr,
    config: tessera_mail::SmtpConfig,
}

impl Application {
    /// Opens (and migrates) the store, builds the service and router, and binds
    /// `config.listen` (port 0 picks a free port; see [`Application::local_addr`]).
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let store = database::open_store(&config.database).await?;
        Application::build_with_store(config, store).await
    }

    /// Like [`Application::build`] over a store that is already open.
    pub async fn build_with_store(
        config: &Config,
        store: Arc<dyn Store>,
    ) -> anyhow::Result<Application> {
        mail::ensure_mailboxes(store.as_ref(), &config.mail.mailboxes).await?;
        let smtp = match config.mail.smtp_listen {
            Some(addr) => {
                let listener = TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen for SMTP on {addr}"))?;
                Some(SmtpListener {
                    local_addr: listener.local_addr()?,
                    listener,
                    config: mail::smtp_config(store.as_ref()).await?,
                })
            }
            None => None,
        };
        let service = Service::new(store, Arc::new(SystemClock), config.service.clone());
        let (jobs, job_waker) = jobs::runner(
            &service,
            &config.database.url,
            &config.jobs,
            config.mail.relay.as_ref(),
        )
        .await?;
        let service_waker = job_waker.clone();
        service.set_job_waker(Arc::new(move || service_waker.wake()));
        // Who views which ticket: shared with the other nodes on PostgreSQL.
        let presence = Arc::new(tessera_web::Presence::default());
        let cluster = match &config.database.url {
            DatabaseUrl::Postgres(url) => {
                let node = format!("{:016x}", rand::random::<u64>());
                match cluster::link(&service, Arc::clone(&presence), url, node).await {
                    Ok(link) => Some(link),
                    Err(error) => {
                        tracing::warn!(%error, "cannot link live updates with other nodes; views on other nodes refresh only on reload");
                        None
                    }
                }
            }
            DatabaseUrl::Sqlite(_) => None,
        };
        mail::requeue_stranded_mail(service.store().as_ref())
            .await
            .context("checking the queued inbound mail")?;
        let metrics = telemetry::metrics_handle();
        let ui_shutdown = tessera_web::ShutdownSignal::new();
        let router = tessera_web::router_with_live(
            service.clone(),
            metrics.clone(),
            config.web.clone(),
            ui_shutdown.clone(),
            Arc::clone(&presence),
        );
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let local_addr = listener.local_addr()?;
        Ok(Application {
            listener,
            local_addr,
            service,
            router,
            metrics,
            database: config.database.url.clone(),
            smtp,
            jobs,
            job_waker,
            ui_shutdown,
            imap: config.mail.imap.clone(),
            cluster,
            presence,
        })
    }

    /// Wakes the job runner at once (jobs enqueued by other means than this
    /// server's own use cases, e.g. in tests).
    pub fn job_waker(&self) -> tessera_jobs::Waker {
        self.job_waker.clone()
    }

    /// The address the SMTP listener bound, when it is on.
    pub fn smtp_addr(&self) -> Option<SocketAddr> {
        self.smtp.as_ref().map(|s| s.local_addr)
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    pub fn service(&self) -> &Service {
        &self.service
    }

    /// Who views which ticket, as this node's pages show it.
    pub fn presence(&self) -> &Arc<tessera_web::Presence> {
        &self.presence
    }

    /// True when nobody has an account yet: a brand-new installation.
    pub async fn has_no_users(&self) -> anyhow::Result<bool> {
        let query = UserQuery {
            limit: 1,
            ..UserQuery::default()
        };
        let page = self.service.store().list_users(&query).await?;
        Ok(page.items.is_empty())
    }

    /// Serves until `shutdown` resolves, then stops accepting connections and lets
    /// in-flight requests finish (for at most [`SHUTDOWN_GRACE`]).
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(
            address = %self.local_addr,
            backend = self.database.backend(),
            "Tessera listening on http://{} ({}: {})",
            self.local_addr,
            self.database.backend(),
            self.database.location(),
        );

        // The signal is shared: axum stops accepting when it fires, and the grace
        // timer starts at the same moment.
        let (signalled_tx, signalled_rx) = tokio::sync::watch::channel(false);
        let ui_shutdown = self.ui_shutdown.clone();
        let signal = async move {
            shutdown.await;
            ui_shutdown.trigger();
            tracing::info!("shutting down: finishing in-flight requests");
            let _ = signalled_tx.send(true);
        };
        // IMAP pollers stop with the HTTP server; what they were fetching is
        // fetched again at the next start.
        let imap_pollers = imap::spawn_pollers(
            self.service.store().clone(),
            self.job_waker.clone(),
            self.imap,
            signalled_rx.clone(),
        );
        let metrics = self.metrics.clone();
        let imap_counters: Vec<_> = imap_pollers
            .iter()
            .map(|p| (p.account.clone(), p.counters.clone()))
            .collect();
        let upkeep = tokio::spawn(async move {
            let mut every = tokio::time::interval(METRICS_UPKEEP_EVERY);
            loop {
                every.tick().await;
                imap::record_metrics(&imap_counters);
                metrics.run_upkeep();
            }
        });
        // The job runner stops claiming at the signal and lets running jobs finish
        // (up to its shutdown timeout; the rest return to the queue when their
        // leases end). Jobs committed meanwhile, e.g. by the SMTP listener during
        // its grace period, are durable and run at the next start.
        let mut runner_stop = signalled_rx.clone();
        let runner = tokio::spawn(self.jobs.run(async move {
            let _ = runner_stop.wait_for(|signalled| *signalled).await;
        }));
        // The SMTP listener stops with the HTTP server.
        let job_waker = self.job_waker;
        let smtp = self.smtp.map(|smtp| {
            tracing::info!(address = %smtp.local_addr, "SMTP listening on {}", smtp.local_addr);
            let server = mail::smtp_server(self.service.store().clone(), smtp.config, job_waker);
            let mut stop = signalled_rx.clone();
            tokio::spawn(server.serve(smtp.listener, async move {
                let _ = stop.wait_for(|signalled| *signalled).await;
            }))
        });

        let server = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(signal)
        .into_future();
        let grace_expired = async move {
            let mut rx = signalled_rx;
            if rx.wait_for(|signalled| *signalled).await.is_ok() {
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } else {
                // The sender is gone only once the server has stopped.
                std::future::pending::<()>().await;
            }
        };

        let result = tokio::select! {
            served = server => served.context("HTTP server failed"),
            () = grace_expired => {
                tracing::warn!(grace = ?SHUTDOWN_GRACE, "in-flight requests did not finish in time; stopping anyway");
                Ok(())
            }
        };
        upkeep.abort();
        if let Some(mut smtp) = smtp
            && tokio::time::timeout(SMTP_SHUTDOWN_GRACE, &mut smtp)
                .await
                .is_err()
        {
            smtp.abort();
        }
        for poller in imap_pollers {
            let mut task = poller.task;
            if tokio::time::timeout(IMAP_SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
        drop(self.cluster);
        if let Err(error) = runner.await {
            tracing::error!(%error, "the job runner failed");
        }
        tracing::info!("stopped");
        result
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (what service managers send).
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// What a fresh installation prints so its operator can sign in.
pub fn first_admin_hint(database: &DatabaseUrl) -> String {
    let db_flag = match database {
        DatabaseUrl::Sqlite(path) if path.as_os_str() == "tessera.db" => String::new(),
        DatabaseUrl::Sqlite(_) => format!(" --database-url {database}"),
        // The URL holds a password that must not be printed.
        DatabaseUrl::Postgres(_) => " --database-url \"$TESSERA_DATABASE_URL\"".to_owned(),
    };
    format!(
        "\n\
         This Tessera database has no users yet. Create the first administrator:\n\
         \n    tessera admin create-token --email you@example.com --name admin --role admin{db_flag}\n\
         \n\
         It prints an API token (use it as `Authorization: Bearer TOKEN`). To sign in\n\
         with a password too:\n\
         \n    tessera admin set-password --email you@example.com{db_flag}   (reads the password from stdin)\n"
    )
}
