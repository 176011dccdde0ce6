//! Tessera's email channel: the protocol and parsing half.
//!
//! - [`parse`](mod@parse): raw RFC 5322 bytes → [`InboundMessage`] (charsets, attachments,
//!   sanitised HTML, parse warnings instead of errors);
//! - [`html_text`]: a readable text rendition of HTML-only mail;
//! - [`reply`]: new reply text vs quoted history and signature;
//! - [`loop_guard`]: auto-reply / bounce / bulk / list classification and the
//!   per-sender limit on automatic replies;
//! - [`thread`]: which ticket a mail belongs to, and why (pure, over a lookup trait);
//! - [`compose`](mod@compose): outbound messages with threading and loop-safety headers;
//! - [`smtp`]: the inbound SMTP listener; [`send`]: the outbound SMTP client;
//! - [`imap`]: the poller that takes mail from existing mailboxes into the same
//!   intake (flagging or moving each message only after the sink stored it).
//!
//! This crate depends on `tessera-core` only. It never touches the store: the
//! binary wires the listener's sink and the lookups to the service layer.

pub mod address;
pub mod compose;
pub mod html_text;
pub mod imap;
pub mod loop_guard;
pub mod parse;
pub mod reply;
pub mod send;
pub mod smtp;
pub mod thread;

pub use address::{MailAddress, MailboxSet, SharedMailboxes};
pub use compose::{ComposedMail, OutboundMail, ThreadHeaders, compose};
pub use imap::{
    AfterProcessing, ImapAccount, ImapCounters, ImapCountersSnapshot, ImapError, ImapPoller,
    ImapSecurity, ImapSink, envelope_sender,
};
pub use loop_guard::{AutoReplyLimiter, DsnInfo, MailClass};
pub use parse::{Attachment, InboundMessage, ParseOptions, parse, parse_with};
pub use reply::{ExtractedReply, extract_reply};
pub use send::{Mailer, MailerOptions, SendError, SendErrorKind};
pub use smtp::{Envelope, InboundSink, SinkError, SmtpConfig, SmtpServer};
pub use thread::{ReplyTokenConfig, ThreadDecision, ThreadLookup, TicketRef, decide};
