//! The Tessera binary's library: command line, configuration, server start-up,
//! admin commands and the benchmark load generator. Integration tests start the
//! real server in-process through [`Application`].

// Unit tests may panic on unexpected values; the workspace denies it elsewhere.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod admin;
pub mod bench;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod database;
pub mod imap;
pub mod jobs;
pub mod mail;
pub mod notify_mail;
pub mod serve;
pub mod telemetry;

pub use config::{Config, ConfigError, DatabaseUrl};
pub use serve::Application;
