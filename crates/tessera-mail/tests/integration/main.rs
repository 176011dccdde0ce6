//! tessera-mail's integration suite: one binary (link time matters on two cores).
//!
//! - `reply_fixtures`: reply extraction on one fixture per client style;
//! - `threading`: every branch of the threading decision;
//! - `parsing`: a MIME-heavy message in detail;
//! - `robustness`: random and truncated input never panics;
//! - `smtp_listener`: real SMTP on 127.0.0.1 (lettre, raw sockets, STARTTLS);
//! - `corpus`: the CPython email test corpus through lettre and smtplib;
//! - `mailer`: the outbound client against our listener and aiosmtpd;
//! - `imap_poller`: the IMAP poller against a real Dovecot (`dovecot`) on 127.0.0.1.

// Helpers outside #[test] functions unwrap too: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod corpus;
mod dovecot;
mod imap_poller;
mod mailer;
mod parsing;
mod reply_fixtures;
mod robustness;
mod smtp_listener;
mod threading;
