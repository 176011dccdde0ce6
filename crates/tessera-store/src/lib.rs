//! The store API: one trait, [`Store`], implemented by the SQLite and PostgreSQL
//! backends, plus the records it reads and writes and its error type.
//!
//! The service decides *what* changes (using the pure core); the store makes each
//! change durable *atomically*: a ticket row, its history events, its comments, their
//! search documents and the jobs it causes are written in one transaction or not at
//! all.

mod error;
mod jobs;
mod mail;
mod records;
pub mod schema;
mod sla;
mod views;

#[cfg(feature = "conformance")]
pub mod conformance;

pub use error::{StoreError, StoreResult};
pub use jobs::*;
pub use mail::*;
pub use records::*;
pub use sla::*;
pub use views::*;

use std::collections::BTreeMap;

use async_trait::async_trait;

/// Everything Tessera persists. Object-safe: held as `Arc<dyn Store>`.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which backend this is ("sqlite" or "postgres"), for logs and metrics.
    fn backend(&self) -> &'static str;

    /// Cheap round trip to the database, for `/readyz`.
    async fn ping(&self) -> StoreResult<()>;

    // ----- tickets -------------------------------------------------------------

    /// Creates a ticket with the next number, its events, its jobs and its search
    /// document in one transaction. With an idempotency key already used by the same user, returns
    /// the ticket created then (`replayed = true`) and writes nothing; if that key was
    /// used with a different `request_fingerprint`, fails with `Conflict`.
    async fn create_ticket(&self, new: NewTicket) -> StoreResult<Created<Ticket>>;

    /// Bulk path for imports and benchmark seeding: creates all tickets (numbers in
    /// order, comments, events, jobs, search documents) in one transaction per call.
    /// Idempotency keys are ignored. Returns how many were created.
    async fn import_tickets(&self, tickets: Vec<NewTicket>) -> StoreResult<usize>;

    async fn get_ticket(&self, id: i64) -> StoreResult<Ticket>;

    async fn get_ticket_by_number(&self, number: i64) -> StoreResult<Ticket>;

    /// Writes the new state of a ticket (all mutable columns), the optional comment
    /// (with attachments), the events and the jobs in one transaction, and refreshes
    /// the search document. Optimistic: fails with `Conflict { constraint: "ticket_version" }`
    /// unless the stored `version` equals `write.ticket.version`; on success the
    /// returned ticket has `version + 1`. Events with `for_comment` get the new
    /// comment's id.
    async fn update_ticket(&self, write: TicketWrite) -> StoreResult<(Ticket, Option<Comment>)>;

    async fn list_tickets(&self, query: &TicketQuery) -> StoreResult<Page<Ticket>>;

    /// How many tickets `list_tickets` would return over all its pages: the same
    /// filters and scope; sort, cursor and limit are ignored. With a `cap` the
    /// count stops there (a view badge shows "999+" instead of scanning a
    /// million rows), so the result is at most `cap`.
    async fn count_tickets(&self, query: &TicketQuery, cap: Option<u64>) -> StoreResult<u64>;

    /// Full-text search over ticket subjects, descriptions, tags and comment bodies
    /// (internal notes only when `query.include_internal`). Best matches first.
    async fn search_tickets(&self, query: &SearchTickets) -> StoreResult<Vec<Ticket>>;

    // ----- conversation and history --------------------------------------------

    /// Oldest first; internal notes only when `include_internal`.
    async fn list_comments(
        &self,
        ticket_id: i64,
        include_internal: bool,
    ) -> StoreResult<Vec<Comment>>;

    /// Oldest first; internal events only when `include_internal`.
    async fn list_events(&self, ticket_id: i64, include_internal: bool) -> StoreResult<Vec<Event>>;

    /// Attachment metadata and bytes.
    async fn get_attachment(&self, id: i64) -> StoreResult<(Attachment, Vec<u8>)>;

    // ----- people --------------------------------------------------------------

    /// Creates a user; each address in `emails`/`phones` becomes an identity.
    /// `Conflict { constraint: "identity_unique" }` if one is taken.
    async fn create_user(&self, new: NewUser) -> StoreResult<User>;

    async fn get_user(&self, id: i64) -> StoreResult<User>;

    /// The user owning this identity (e.g. an email address, lower-cased).
    async fn find_user_by_identity(
        &self,
        kind: IdentityKind,
        value: &str,
    ) -> StoreResult<Option<User>>;

    async fn update_user(&self, user: &User) -> StoreResult<User>;

    /// Sets (or clears) the Argon2 PHC hash of a user's password.
    async fn set_password_hash(&self, user_id: i64, hash: Option<&str>) -> StoreResult<()>;

    async fn password_hash(&self, user_id: i64) -> StoreResult<Option<String>>;

    async fn list_users(&self, query: &UserQuery) -> StoreResult<Page<User>>;

    async fn add_identity(
        &self,
        user_id: i64,
        kind: IdentityKind,
        value: &str,
    ) -> StoreResult<Identity>;

    async fn list_identities(&self, user_id: i64) -> StoreResult<Vec<Identity>>;

    async fn create_organization(&self, new: NewOrganization) -> StoreResult<Organization>;
    async fn get_organization(&self, id: i64) -> StoreResult<Organization>;
    async fn update_organization(&self, org: &Organization) -> StoreResult<Organization>;
    /// Fails with `Conflict { constraint: "organization_in_use" }` while users or tickets refer to it.
    async fn delete_organization(&self, id: i64) -> StoreResult<()>;
    async fn list_organizations(&self) -> StoreResult<Vec<Organization>>;

    async fn create_group(&self, new: NewGroup) -> StoreResult<Group>;
    async fn get_group(&self, id: i64) -> StoreResult<Group>;
    async fn update_group(&self, group: &Group) -> StoreResult<Group>;
    /// Fails with `Conflict { constraint: "group_in_use" }` while tickets refer to it.
    async fn delete_group(&self, id: i64) -> StoreResult<()>;
    async fn list_groups(&self) -> StoreResult<Vec<Group>>;
    /// Replaces the member list of a group.
    async fn set_group_members(&self, group_id: i64, user_ids: &[i64]) -> StoreResult<()>;
    async fn group_members(&self, group_id: i64) -> StoreResult<Vec<i64>>;
    async fn groups_of_user(&self, user_id: i64) -> StoreResult<Vec<i64>>;

    // ----- credentials ---------------------------------------------------------

    async fn create_api_token(&self, new: NewApiToken) -> StoreResult<ApiToken>;
    /// The live (not revoked) token with this SHA-256 hash, and its user; records `used_at`
    /// as the token's last-used time (at most once a minute, to keep reads cheap).
    async fn use_api_token(
        &self,
        token_hash: &[u8],
        used_at: jiff::Timestamp,
    ) -> StoreResult<Option<(ApiToken, User)>>;
    async fn list_api_tokens(&self, user_id: Option<i64>) -> StoreResult<Vec<ApiToken>>;
    async fn revoke_api_token(&self, id: i64, at: jiff::Timestamp) -> StoreResult<()>;

    async fn create_session(&self, new: NewSession) -> StoreResult<()>;
    /// The unexpired session with this id hash, and its user.
    async fn get_session(
        &self,
        id_hash: &[u8],
        now: jiff::Timestamp,
    ) -> StoreResult<Option<(Session, User)>>;
    async fn delete_session(&self, id_hash: &[u8]) -> StoreResult<()>;

    // ----- instance settings ---------------------------------------------------

    /// Every setting, by key.
    async fn settings(&self) -> StoreResult<BTreeMap<String, String>>;

    /// Sets a setting, replacing any value it had.
    async fn put_setting(&self, key: &str, value: &str) -> StoreResult<()>;

    // ----- saved views ---------------------------------------------------------

    /// `Conflict { constraint: "reference" }` if the owner does not exist.
    async fn create_view(&self, new: NewSavedView) -> StoreResult<SavedView>;
    async fn get_view(&self, id: i64) -> StoreResult<SavedView>;
    /// Writes every field but `id` and `created_at` (so a view can be shared by
    /// clearing its owner).
    async fn update_view(&self, view: &SavedView) -> StoreResult<SavedView>;
    async fn delete_view(&self, id: i64) -> StoreResult<()>;
    /// The user's own views and the shared ones, by position then id.
    async fn list_views(&self, user_id: i64) -> StoreResult<Vec<SavedView>>;

    // ----- SLA: calendars, policies, per-ticket state, notifications -----------

    /// By name.
    async fn list_sla_calendars(&self) -> StoreResult<Vec<SlaCalendarRecord>>;
    /// Version 1. `Conflict { constraint: "sla_calendar_name" }` if the name is
    /// taken (also on update).
    async fn create_sla_calendar(&self, new: NewSlaCalendar) -> StoreResult<SlaCalendarRecord>;
    /// Writes name, definition and `updated_at` if `calendar.version` is the
    /// stored version (else `Conflict { constraint: "version" }`; `NotFound` if
    /// the calendar is gone); returns the row with the version bumped.
    async fn update_sla_calendar(
        &self,
        calendar: &SlaCalendarRecord,
    ) -> StoreResult<SlaCalendarRecord>;
    /// `Conflict { constraint: "reference" }` while a policy uses it; `NotFound`
    /// if there is no such calendar.
    async fn delete_sla_calendar(&self, id: i64) -> StoreResult<()>;

    /// By position, then id.
    async fn list_sla_policies(&self) -> StoreResult<Vec<SlaPolicyRecord>>;
    /// Version 1. `Conflict { constraint: "sla_policy_name" }` if the name is
    /// taken, `Conflict { constraint: "reference" }` for an unknown calendar
    /// (both also on update).
    async fn create_sla_policy(&self, new: NewSlaPolicy) -> StoreResult<SlaPolicyRecord>;
    /// Like `update_sla_calendar`: every field but `id`, version-checked.
    async fn update_sla_policy(&self, policy: &SlaPolicyRecord) -> StoreResult<SlaPolicyRecord>;
    /// Tickets that referred to it keep their rows with `policy_id = NULL`;
    /// `NotFound` if there is no such policy.
    async fn delete_sla_policy(&self, id: i64) -> StoreResult<()>;
    /// Sets positions 0, 1, 2… in the given order; policies not listed follow
    /// in their previous order (see [`reordered_sla_policies`]). A policy whose
    /// position changes gets a new version. One transaction; an unknown id is
    /// `NotFound` and changes nothing.
    async fn reorder_sla_policies(&self, ids: &[i64]) -> StoreResult<()>;

    async fn get_ticket_sla(&self, ticket_id: i64) -> StoreResult<Option<TicketSla>>;
    /// The rows that exist among `ticket_ids`, in any order.
    async fn get_ticket_slas(&self, ticket_ids: &[i64]) -> StoreResult<Vec<TicketSla>>;
    /// Upserts rows in one transaction (recomputation, the sweeper); up to 5000
    /// rows per call are expected. Rows for tickets that do not exist are
    /// skipped; for a ticket listed twice the last row wins. An unknown
    /// `policy_id` is `Conflict { constraint: "reference" }` (nothing written).
    /// Never bumps a ticket's version.
    async fn put_ticket_slas(&self, rows: Vec<TicketSla>) -> StoreResult<()>;
    /// Rows with `next_check_at <= now`, earliest first (then by ticket id), at
    /// most `limit` (1..=5000).
    async fn ticket_slas_due(
        &self,
        now: jiff::Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<TicketSla>>;
    /// Tickets with their SLA rows, by ascending id: the batches that background
    /// recomputation and the compliance report walk. The next batch starts after
    /// the last ticket's id; an empty batch is the end.
    async fn scan_ticket_slas(&self, scan: &SlaScan) -> StoreResult<Vec<TicketWithSla>>;
    /// The open (not solved or closed) tickets after `after_ticket_id` by
    /// ascending id, at most `limit` (1..=5000), as the slim [`SlaFacts`] that
    /// recomputation reads: equal to `scan_ticket_slas` with `open_only`, minus
    /// the fields recomputation never looks at. The default goes through
    /// `scan_ticket_slas`; backends read only the needed columns.
    async fn scan_open_sla_facts(
        &self,
        after_ticket_id: i64,
        limit: u32,
    ) -> StoreResult<Vec<SlaFacts>> {
        let scan = SlaScan {
            after_ticket_id,
            limit,
            open_only: true,
            created_from: None,
            created_to: None,
        };
        Ok(self
            .scan_ticket_slas(&scan)
            .await?
            .into_iter()
            .map(|(ticket, sla)| SlaFacts::from_ticket(ticket, sla))
            .collect())
    }

    /// In one transaction; an unknown user or ticket is
    /// `Conflict { constraint: "reference" }` (nothing written).
    async fn create_notifications(&self, new: Vec<NewNotification>) -> StoreResult<()>;
    /// The user's notifications, newest (highest id) first, at most `limit` (1..=200).
    async fn list_notifications(
        &self,
        user_id: i64,
        unread_only: bool,
        limit: u32,
    ) -> StoreResult<Vec<Notification>>;
    async fn count_unread_notifications(&self, user_id: i64) -> StoreResult<u64>;
    /// Marks the user's notifications read (all of them when `ids` is empty).
    /// Ids of other users' notifications are ignored; a notification already
    /// read keeps its first `read_at`.
    async fn mark_notifications_read(
        &self,
        user_id: i64,
        ids: &[i64],
        at: jiff::Timestamp,
    ) -> StoreResult<()>;

    // ----- durable jobs --------------------------------------------------------

    /// Enqueues jobs in one transaction; returns their ids in input order. A job
    /// whose `dedupe_key` is held by a queued or running job (or by an earlier job
    /// of the same call) is not added: its id is the existing job's.
    async fn enqueue_jobs(&self, jobs: Vec<NewJob>) -> StoreResult<Vec<i64>>;

    /// Atomically claims up to `limit` jobs that are queued with `run_at <= now`, or
    /// running with an expired lease (`locked_until < now`: their worker died),
    /// oldest `run_at` first: each becomes running, held by `worker` until
    /// `now + lease`, with one more attempt. Concurrent claimers, on any node,
    /// never get the same job. Returned in `(run_at, id)` order.
    async fn claim_jobs(
        &self,
        worker: &str,
        limit: u32,
        now: jiff::Timestamp,
        lease: jiff::SignedDuration,
    ) -> StoreResult<Vec<Job>>;

    /// Marks a job done. False (and nothing changes) if `worker` no longer holds it.
    async fn complete_job(&self, id: i64, worker: &str, now: jiff::Timestamp) -> StoreResult<bool>;

    /// Records a failed attempt: queued again at `retry_at`, or dead when it is
    /// `None`. False (and nothing changes) if `worker` no longer holds the job.
    async fn fail_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: Option<jiff::Timestamp>,
        now: jiff::Timestamp,
    ) -> StoreResult<bool>;

    /// Queues a dead job again, due `now` (the admin's "retry now"); its attempts
    /// start over. False if there is no dead job with this id;
    /// `Conflict { constraint: "job_dedupe" }` if a live job holds its dedupe key.
    async fn retry_job(&self, id: i64, now: jiff::Timestamp) -> StoreResult<bool>;

    /// Jobs with this status (or all), newest first; `limit` is clamped to 1..=500.
    async fn list_jobs(&self, status: Option<JobStatus>, limit: u32) -> StoreResult<Vec<Job>>;

    /// How many jobs there are of each kind and status (pairs with none are left
    /// out), ordered by kind and status.
    async fn job_counts(&self) -> StoreResult<Vec<(String, JobStatus, u64)>>;

    /// The earliest `run_at` of the queued jobs: when a runner should wake next.
    async fn next_job_due(&self) -> StoreResult<Option<jiff::Timestamp>>;

    // ----- email channel -------------------------------------------------------

    /// `Conflict { constraint: "mailbox_address" }` if the address is taken;
    /// `Conflict { constraint: "reference" }` if the default group does not exist.
    async fn create_mailbox(&self, new: NewMailbox) -> StoreResult<Mailbox>;
    async fn get_mailbox(&self, id: i64) -> StoreResult<Mailbox>;
    /// The mailbox with this address (compared lower-cased).
    async fn find_mailbox(&self, address: &str) -> StoreResult<Option<Mailbox>>;
    /// Writes every field but `id` and `created_at`.
    async fn update_mailbox(&self, mailbox: &Mailbox) -> StoreResult<Mailbox>;
    /// `Conflict { constraint: "reference" }` while raw messages refer to it.
    async fn delete_mailbox(&self, id: i64) -> StoreResult<()>;
    /// By address.
    async fn list_mailboxes(&self) -> StoreResult<Vec<Mailbox>>;

    /// Stores a received message (state `queued`) and enqueues its
    /// [`MAIL_PROCESS_JOB`] in one transaction, so a message acknowledged to the
    /// sender is never lost. Idempotent on `(mailbox_id, message_id)`: a duplicate
    /// delivery writes nothing and returns the first one's id with `duplicate`.
    async fn store_raw_message(&self, new: NewRawMessage) -> StoreResult<StoredRawMessage>;
    async fn get_raw_message(&self, id: i64) -> StoreResult<RawMessage>;
    /// Records the outcome of a processing attempt (one more attempt).
    async fn mark_raw_message(
        &self,
        id: i64,
        state: RawMessageState,
        ticket_id: Option<i64>,
        comment_id: Option<i64>,
        error: Option<&str>,
    ) -> StoreResult<()>;
    /// Ids of the raw messages in `state`, oldest first, at most `limit` (1..=500).
    async fn list_raw_message_ids(
        &self,
        state: RawMessageState,
        limit: u32,
    ) -> StoreResult<Vec<i64>>;
    /// The raw messages that became this ticket or its comments, oldest first.
    async fn list_raw_messages_for_ticket(&self, ticket_id: i64) -> StoreResult<Vec<RawMessage>>;

    /// Remembers a Message-ID of a ticket; false (and nothing changes) if the id
    /// is already known.
    async fn record_message_id(&self, record: MessageIdRecord) -> StoreResult<bool>;
    /// The known records among `message_ids`, in no particular order.
    async fn tickets_for_message_ids(
        &self,
        message_ids: &[String],
    ) -> StoreResult<Vec<MessageIdRecord>>;

    // ----- periodic schedules --------------------------------------------------

    /// Creates the schedule, due at `first_run_at`, unless it exists; returns it as
    /// stored either way.
    async fn ensure_schedule(
        &self,
        name: &str,
        first_run_at: jiff::Timestamp,
    ) -> StoreResult<Schedule>;

    /// Compare-and-set: moves the schedule from `expected_next` to `new_next` and
    /// enqueues `job`, in one transaction, only if its `next_run_at` still equals
    /// `expected_next`. Of nodes racing on one occurrence exactly one gets true (and
    /// enqueues). `NotFound` if there is no such schedule.
    async fn advance_schedule(
        &self,
        name: &str,
        expected_next: jiff::Timestamp,
        new_next: jiff::Timestamp,
        job: Option<NewJob>,
    ) -> StoreResult<bool>;

    /// Every schedule, by name.
    async fn list_schedules(&self) -> StoreResult<Vec<Schedule>>;
}
