//! Tessera's durable job runner: the machinery everything time-based runs on
//! (SLA timers, outbound mail, webhooks, automations, reports).
//!
//! Jobs are rows in the store ([`tessera_store::Job`]), usually written in the same
//! transaction as the change that caused them. A [`Runner`] claims due rows in
//! batches, runs each with the [`JobHandler`] registered for its kind, and records
//! the outcome: done, queued again after an exponential back-off, or dead (with the
//! error kept) once it fails permanently or runs out of attempts. Periodic jobs are
//! [`Schedules`] of cron expressions in an IANA zone; every node may run the
//! scheduler, and the store's compare-and-set makes exactly one of them enqueue
//! each occurrence.
//!
//! This crate knows no job *definitions*: the service registers the handlers for
//! tickets, SLAs and mail. See the README for what it owns and must not do.
//!
//! # Wiring
//! ```no_run
//! use std::sync::Arc;
//!
//! use async_trait::async_trait;
//! use serde_json::{Value, json};
//! use tessera_jobs::{JobContext, JobError, JobHandler, Runner, RunnerConfig, Schedules};
//! use tessera_store::Store;
//!
//! struct SlaSweep;
//!
//! #[async_trait]
//! impl JobHandler for SlaSweep {
//!     fn kind(&self) -> &'static str {
//!         "sla_sweep"
//!     }
//!
//!     async fn run(&self, ctx: &JobContext, _payload: Value) -> Result<(), JobError> {
//!         // Find the tickets overdue at `ctx.now()`, record their breaches…
//!         Ok(())
//!     }
//! }
//!
//! fn start(store: Arc<dyn Store>) -> Result<tessera_jobs::Waker, tessera_jobs::ScheduleError> {
//!     let mut schedules = Schedules::new();
//!     // Every 30 s (six fields: seconds first).
//!     schedules.add("sla_sweep", "*/30 * * * * *", "UTC", "sla_sweep", json!({}))?;
//!     let clock = Arc::new(jiff::Timestamp::now);
//!     let mut runner =
//!         Runner::new(store, clock, RunnerConfig::default()).with_schedules(schedules);
//!     runner.register(SlaSweep);
//!     // Enqueuers call `waker.wake()` after committing jobs.
//!     let waker = runner.waker();
//!     tokio::spawn(runner.run(async {
//!         let _ = tokio::signal::ctrl_c().await;
//!     }));
//!     Ok(waker)
//! }
//! ```
//!
//! # Several nodes
//! On PostgreSQL, nodes wake each other: give the runner's waker a
//! [`PgNotifier`] (`Waker::new().with_peers(..)`, then [`Runner::with_waker`]) and
//! the runner the [`pg_wakeups`] stream ([`Runner::with_external_wakeups`]).
//!
//! # Leases instead of heartbeats
//! A claim holds a job for [`RunnerConfig::lease`]. Nothing renews it: if a worker
//! dies, its jobs become claimable again once the lease ends, and a handler still
//! running at 90 % of the lease is cancelled (and retried) so that it never overlaps
//! a second run elsewhere. The lease must therefore be longer than the slowest job;
//! handlers should be idempotent anyway, because a worker can die after the effect
//! and before recording it.

mod config;
mod handler;
mod pg_wakeups;
mod runner;
mod schedule;
mod telemetry;
mod waker;

pub use config::{Backoff, RunnerConfig};
pub use handler::{Clock, JobContext, JobError, JobHandler, Registry, handler_fn};
pub use pg_wakeups::{PgNotifier, WAKE_CHANNEL, pg_wakeups};
pub use runner::{ExternalWakeups, Runner};
pub use schedule::{ScheduleError, ScheduleTick, Schedules};
pub use telemetry::{JOB_DURATION_SECONDS, JOBS_QUEUE_DEPTH, JOBS_RUN_TOTAL};
pub use waker::{PeerSignal, Waker};
