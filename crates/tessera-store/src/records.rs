//! Records read from and written to the store. Timestamps are [`jiff::Timestamp`]
//! (both backends store microseconds since the Unix epoch in a `bigint`, so both
//! sort and compare identically). Custom field values are a JSON object.

use jiff::Timestamp;
use serde_json::{Map, Value};
use tessera_core::{Channel, Impact, Priority, Role, Status, TicketType, Tier, Urgency};

use crate::NewJob;

/// A ticket as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: i64,
    /// Human number, `#1001` onwards; unique and increasing.
    pub number: i64,
    pub subject: String,
    pub description: String,
    pub status: Status,
    pub ticket_type: TicketType,
    pub impact: Impact,
    pub urgency: Urgency,
    pub priority: Priority,
    /// True when the priority was set by hand rather than derived from the matrix.
    pub priority_overridden: bool,
    pub category: Option<String>,
    /// Sorted, unique, lower-case.
    pub tags: Vec<String>,
    pub custom_fields: Map<String, Value>,
    pub requester_id: i64,
    pub organization_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub group_id: Option<i64>,
    pub tier: Tier,
    pub channel: Channel,
    pub language: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub first_response_at: Option<Timestamp>,
    pub solved_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// Optimistic-concurrency counter, bumped by every update.
    pub version: i64,
}

/// A ticket to create; the store assigns `id`, `number` and `version = 1`.
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// All fields of the ticket except `id`, `number` and `version` (ignored).
    pub ticket: Ticket,
    /// The ticket's comments, oldest first: usually none or one (e.g. the email
    /// body), several for imports. All are written in the ticket's transaction, in
    /// this order (so their ids increase), each with its attachments and its own
    /// search document.
    pub comments: Vec<NewComment>,
    /// History events (ticket_id filled in by the store). Events with
    /// `for_comment` are linked to the FIRST of `comments` (none if it is empty).
    pub events: Vec<NewEvent>,
    /// Jobs caused by the creation, enqueued in its transaction.
    pub jobs: Vec<NewJob>,
    pub idempotency: Option<IdempotencyKey>,
    /// The new ticket's SLA row (its `ticket_id` is filled in by the store).
    pub sla: Option<crate::TicketSla>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    pub user_id: i64,
    pub key: String,
    /// A hash of the request body: the same key with another body is a conflict.
    pub request_fingerprint: String,
}

/// The result of a create that may have been replayed via an idempotency key.
#[derive(Debug, Clone)]
pub struct Created<T> {
    pub value: T,
    pub replayed: bool,
}

/// One atomic change to an existing ticket.
#[derive(Debug, Clone)]
pub struct TicketWrite {
    /// The full new state; `version` must equal the stored version.
    pub ticket: Ticket,
    pub comment: Option<NewComment>,
    pub events: Vec<NewEvent>,
    /// Jobs caused by the change, enqueued in its transaction (none if it fails).
    pub jobs: Vec<NewJob>,
    /// The ticket's SLA row after the change, upserted in its transaction.
    pub sla: Option<crate::TicketSla>,
    /// Notifications caused by the change (SLA warnings, escalations).
    pub notifications: Vec<crate::NewNotification>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub body: String,
    /// Public reply (visible to the customer) or internal note.
    pub public: bool,
    pub attachments: Vec<Attachment>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewComment {
    pub author_id: i64,
    pub body: String,
    pub public: bool,
    pub attachments: Vec<NewAttachment>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub comment_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What kind of thing happened to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Created,
    /// One field changed: `field`, `old_value` → `new_value`.
    FieldChanged,
    CommentAdded,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::FieldChanged => "field_changed",
            EventKind::CommentAdded => "comment_added",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        [
            EventKind::Created,
            EventKind::FieldChanged,
            EventKind::CommentAdded,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// An entry of a ticket's append-only history.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub ticket_id: i64,
    /// Who caused it; `None` for the system (automations, channels).
    pub actor_id: Option<i64>,
    pub kind: EventKind,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub comment_id: Option<i64>,
    /// Hidden from customers (internal notes, internal fields).
    pub internal: bool,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewEvent {
    pub actor_id: Option<i64>,
    pub kind: EventKind,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// Link this event to the comment written in the same change (for a new
    /// ticket with several comments: the first one).
    pub for_comment: bool,
    pub internal: bool,
    pub created_at: Timestamp,
}

/// Sort orders for ticket lists. Ties always break on `id` in the same direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketSortField {
    CreatedAt,
    UpdatedAt,
    Number,
    /// By priority rank (urgent first when ascending).
    Priority,
    /// By the SLA's next due time (`TicketSla::next_due_at`); tickets without
    /// one sort last in both directions, among themselves by id in the list's
    /// direction (see [`Cursor::NO_SLA_DUE`]).
    SlaDue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketSort {
    pub field: TicketSortField,
    pub descending: bool,
}

impl Default for TicketSort {
    fn default() -> Self {
        TicketSort {
            field: TicketSortField::UpdatedAt,
            descending: true,
        }
    }
}

/// Position after the last item of a page: the sort key and id of that item.
/// Timestamps are microseconds; priority is its rank. Under
/// [`TicketSortField::SlaDue`] the key is the due time, or [`Cursor::NO_SLA_DUE`]
/// once the page ends among the tickets without one (which follow the others, by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub sort_value: i64,
    pub id: i64,
}

impl Cursor {
    /// The `SlaDue` sort key of a ticket without a due time. No real due time
    /// reaches it (timestamps end in the year 9999).
    pub const NO_SLA_DUE: i64 = i64::MAX;
}

/// Which tickets a reader may see; applied by the store to every list and search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TicketScope {
    #[default]
    All,
    /// A customer: their own tickets, plus their organization's when it shares.
    Requester {
        user_id: i64,
        organization_id: Option<i64>,
    },
}

/// `assignee` filter: any, unassigned, or a given agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssigneeFilter {
    #[default]
    Any,
    Unassigned,
    Is(i64),
}

#[derive(Debug, Clone, Default)]
pub struct TicketQuery {
    pub scope: TicketScope,
    /// Any of these statuses (empty: all).
    pub statuses: Vec<Status>,
    pub assignee: AssigneeFilter,
    pub group_id: Option<i64>,
    pub requester_id: Option<i64>,
    pub organization_id: Option<i64>,
    /// Any of these priorities (empty: all).
    pub priorities: Vec<Priority>,
    /// All of these tags.
    pub tags: Vec<String>,
    pub updated_since: Option<Timestamp>,
    pub sort: TicketSort,
    pub cursor: Option<Cursor>,
    /// 1..=500
    pub limit: u32,
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<Cursor>,
}

#[derive(Debug, Clone)]
pub struct SearchTickets {
    pub query: tessera_core::analysis::SearchQuery,
    pub scope: TicketScope,
    /// Search internal notes too (staff only).
    pub include_internal: bool,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub name: String,
    /// Primary email, also an identity.
    pub email: Option<String>,
    pub role: Role,
    pub organization_id: Option<i64>,
    pub language: Option<String>,
    /// IANA zone, e.g. `Europe/Warsaw`.
    pub time_zone: Option<String>,
    pub active: bool,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub email: Option<String>,
    pub role: Role,
    pub organization_id: Option<i64>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    /// Extra identities beside `email`.
    pub phones: Vec<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    Email,
    Phone,
    Chat,
}

impl IdentityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityKind::Email => "email",
            IdentityKind::Phone => "phone",
            IdentityKind::Chat => "chat",
        }
    }

    pub fn parse(s: &str) -> Option<IdentityKind> {
        [IdentityKind::Email, IdentityKind::Phone, IdentityKind::Chat]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub id: i64,
    pub user_id: i64,
    pub kind: IdentityKind,
    pub value: String,
}

#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    pub role: Option<Role>,
    pub organization_id: Option<i64>,
    /// Case-insensitive substring of name or email.
    pub text: Option<String>,
    /// Users with `id > after_id`, ascending by id.
    pub after_id: Option<i64>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    /// Email domains whose senders belong to this organization.
    pub domains: Vec<String>,
    /// Members may see each other's tickets.
    pub shares_tickets: bool,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewOrganization {
    pub name: String,
    pub domains: Vec<String>,
    pub shares_tickets: bool,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub tier: Tier,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewGroup {
    pub name: String,
    pub description: String,
    pub tier: Tier,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// First characters of the token, shown to identify it.
    pub prefix: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub user_id: i64,
    pub name: String,
    pub prefix: String,
    /// SHA-256 of the token; the token itself is never stored.
    pub token_hash: Vec<u8>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub user_id: i64,
    /// Per-session CSRF token for forms.
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    /// SHA-256 of the session id held in the cookie.
    pub id_hash: Vec<u8>,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}
