//! The runner against real stores: every test runs on SQLite and on PostgreSQL.
//!
//! One test binary (rather than one per file) keeps linking cheap.

// The helpers are test code too: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod metrics;
mod multi_node;
mod pg_wakeups;
mod run_loop;
mod runner;
mod schedules;
