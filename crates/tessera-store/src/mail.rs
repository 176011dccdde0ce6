//! Records of the email channel: support mailboxes, raw inbound messages kept for
//! audit and re-processing, and the Message-IDs that thread mail onto tickets.

use jiff::Timestamp;

/// The job kind that turns a stored raw message into a ticket or comment; its
/// payload is `{"raw_message_id": id}`.
pub const MAIL_PROCESS_JOB: &str = "mail.process";

/// A support address (e.g. `support@example.com`) mail is accepted for.
#[derive(Debug, Clone, PartialEq)]
pub struct Mailbox {
    pub id: i64,
    /// Lower-case, unique.
    pub address: String,
    pub name: String,
    /// Group new tickets from this mailbox go to.
    pub default_group_id: Option<i64>,
    /// Language of new tickets from this mailbox when the mail does not say.
    pub default_language: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewMailbox {
    /// Stored lower-cased; `Conflict { constraint: "mailbox_address" }` if taken.
    pub address: String,
    pub name: String,
    pub default_group_id: Option<i64>,
    pub default_language: Option<String>,
    pub created_at: Timestamp,
}

/// Where a raw message is in its processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RawMessageState {
    /// Stored (the sender got `250`), not yet a ticket or comment.
    Queued,
    /// Became (or joined) a ticket.
    Processed,
    /// Could not be processed; `error` says why. Kept for re-processing.
    Failed,
}

impl RawMessageState {
    pub const ALL: [RawMessageState; 3] = [
        RawMessageState::Queued,
        RawMessageState::Processed,
        RawMessageState::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RawMessageState::Queued => "queued",
            RawMessageState::Processed => "processed",
            RawMessageState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<RawMessageState> {
        RawMessageState::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A message as received, before any parsing beyond its Message-ID.
#[derive(Debug, Clone)]
pub struct NewRawMessage {
    pub mailbox_id: i64,
    /// `MAIL FROM`; empty for the null sender.
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    /// The SMTP client's address, when the mail came over SMTP.
    pub remote_addr: Option<String>,
    pub received_at: Timestamp,
    /// Hex SHA-256 of `bytes`.
    pub sha256: String,
    /// Bare (no `<>`); duplicates of the same id in the same mailbox are stored once.
    pub message_id: Option<String>,
    pub bytes: Vec<u8>,
}

/// A raw message as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMessage {
    pub id: i64,
    pub mailbox_id: i64,
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub remote_addr: Option<String>,
    pub received_at: Timestamp,
    pub sha256: String,
    pub message_id: Option<String>,
    pub bytes: Vec<u8>,
    pub state: RawMessageState,
    /// Times it was marked processed or failed.
    pub attempts: i32,
    pub error: Option<String>,
    /// The ticket and comment it became.
    pub ticket_id: Option<i64>,
    pub comment_id: Option<i64>,
}

/// The outcome of [`Store::store_raw_message`](crate::Store::store_raw_message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredRawMessage {
    pub id: i64,
    /// The same Message-ID had already been stored for this mailbox: `id` is that
    /// message's, and nothing was written.
    pub duplicate: bool,
}

/// Whether Tessera received or sent a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageDirection {
    In,
    Out,
}

impl MessageDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageDirection::In => "in",
            MessageDirection::Out => "out",
        }
    }

    pub fn parse(s: &str) -> Option<MessageDirection> {
        [MessageDirection::In, MessageDirection::Out]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A Message-ID known to belong to a ticket: threading matches replies on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageIdRecord {
    /// Bare (no `<>`), unique.
    pub message_id: String,
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
    pub direction: MessageDirection,
    pub at: Timestamp,
}

/// The job [`Store::store_raw_message`](crate::Store::store_raw_message) enqueues
/// with a new raw message. Deduplicated per message, so re-enqueuing it (e.g. an
/// admin's "re-process") while one is pending adds nothing.
pub fn mail_process_job(raw_message_id: i64, run_at: Timestamp) -> crate::NewJob {
    crate::NewJob {
        kind: MAIL_PROCESS_JOB.to_owned(),
        payload: serde_json::json!({ "raw_message_id": raw_message_id }),
        run_at,
        max_attempts: 5,
        dedupe_key: Some(format!("{MAIL_PROCESS_JOB}:{raw_message_id}")),
    }
}
