//! PostgreSQL backend of the Tessera store.
//!
//! Several stateless nodes may share one database: ticket numbers come from a
//! sequence, optimistic versions guard ticket updates, idempotency keys are claimed
//! with `on conflict do nothing`, jobs are claimed with `for update skip locked`,
//! schedules advance by compare-and-set, and migrations run under an advisory lock.
//!
//! Queries are plain `sqlx::query` with bind parameters (no compile-time macros, so
//! building needs no database); dynamic filters go through `QueryBuilder::push_bind`.

mod credentials;
mod errors;
mod jobs;
mod mail;
mod migrate;
mod people;
mod rows;
mod search;
mod settings;
mod sla;
mod tickets;
mod views;

#[cfg(feature = "testing")]
pub mod testing;

use std::collections::BTreeMap;
use std::str::FromStr;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tessera_store::{
    ApiToken, Attachment, Comment, Created, Event, Group, Identity, IdentityKind, Job, JobStatus,
    Mailbox, MessageIdRecord, NewApiToken, NewGroup, NewJob, NewMailbox, NewOrganization,
    NewRawMessage, NewSavedView, NewSession, NewTicket, NewUser, Organization, Page, RawMessage,
    RawMessageState, SavedView, Schedule, SearchTickets, Session, Store, StoreError, StoreResult,
    StoredRawMessage, Ticket, TicketQuery, TicketWrite, User, UserQuery,
};
use tessera_store::{
    NewNotification, NewSlaCalendar, NewSlaPolicy, Notification, SlaCalendarRecord, SlaFacts,
    SlaPolicyRecord, SlaScan, TicketSla, TicketWithSla,
};

pub use migrate::MIGRATIONS;

/// Connection settings beyond the URL.
#[derive(Debug, Clone)]
pub struct PgOptions {
    /// Upper bound of the pool, per node.
    pub max_connections: u32,
}

impl Default for PgOptions {
    fn default() -> Self {
        PgOptions {
            max_connections: 16,
        }
    }
}

/// The store on a PostgreSQL connection pool.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

/// Connects a pool to `url`, brings the schema up to date and returns the store.
pub async fn connect(url: &str, options: PgOptions) -> StoreResult<PgStore> {
    // The URL may carry a password: it never reaches a log or an error message.
    let connect_options = PgConnectOptions::from_str(url)
        .map_err(|_| StoreError::Other("invalid PostgreSQL connection URL".to_owned()))?;
    let host = connect_options.get_host().to_owned();
    let port = connect_options.get_port();
    let database = connect_options.get_database().unwrap_or("").to_owned();

    let pool = PgPoolOptions::new()
        .max_connections(options.max_connections.max(1))
        .connect_with(connect_options)
        .await
        .map_err(|e| {
            StoreError::Unavailable(format!(
                "cannot connect to PostgreSQL at {host}:{port}/{database}: {e}"
            ))
        })?;
    migrate::run(&pool).await?;
    tracing::info!(
        %host,
        port,
        %database,
        max_connections = options.max_connections,
        "PostgreSQL store ready"
    );
    Ok(PgStore { pool })
}

impl PgStore {
    /// A store on an existing pool whose schema is already migrated.
    pub fn from_pool(pool: PgPool) -> PgStore {
        PgStore { pool }
    }

    /// The pool, for the PostgreSQL-only features built beside the store
    /// (LISTEN/NOTIFY).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Closes every connection; later calls fail with `Unavailable`.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("select 1")
            .execute(&self.pool)
            .await
            .map_err(errors::from_sqlx)?;
        Ok(())
    }

    async fn create_ticket(&self, new: NewTicket) -> StoreResult<Created<Ticket>> {
        tickets::create_ticket(&self.pool, new).await
    }

    async fn import_tickets(&self, new: Vec<NewTicket>) -> StoreResult<usize> {
        tickets::import_tickets(&self.pool, new).await
    }

    async fn get_ticket(&self, id: i64) -> StoreResult<Ticket> {
        tickets::get_ticket(&self.pool, id).await
    }

    async fn get_ticket_by_number(&self, number: i64) -> StoreResult<Ticket> {
        tickets::get_ticket_by_number(&self.pool, number).await
    }

    async fn update_ticket(&self, write: TicketWrite) -> StoreResult<(Ticket, Option<Comment>)> {
        tickets::update_ticket(&self.pool, write).await
    }

    async fn list_tickets(&self, query: &TicketQuery) -> StoreResult<Page<Ticket>> {
        tickets::list_tickets(&self.pool, query).await
    }

    async fn count_tickets(&self, query: &TicketQuery, cap: Option<u64>) -> StoreResult<u64> {
        tickets::count_tickets(&self.pool, query, cap).await
    }

    async fn search_tickets(&self, query: &SearchTickets) -> StoreResult<Vec<Ticket>> {
        search::search_tickets(&self.pool, query).await
    }

    async fn list_comments(
        &self,
        ticket_id: i64,
        include_internal: bool,
    ) -> StoreResult<Vec<Comment>> {
        tickets::list_comments(&self.pool, ticket_id, include_internal).await
    }

    async fn list_events(&self, ticket_id: i64, include_internal: bool) -> StoreResult<Vec<Event>> {
        tickets::list_events(&self.pool, ticket_id, include_internal).await
    }

    async fn get_attachment(&self, id: i64) -> StoreResult<(Attachment, Vec<u8>)> {
        tickets::get_attachment(&self.pool, id).await
    }

    async fn create_user(&self, new: NewUser) -> StoreResult<User> {
        people::create_user(&self.pool, new).await
    }

    async fn get_user(&self, id: i64) -> StoreResult<User> {
        people::get_user(&self.pool, id).await
    }

    async fn find_user_by_identity(
        &self,
        kind: IdentityKind,
        value: &str,
    ) -> StoreResult<Option<User>> {
        people::find_user_by_identity(&self.pool, kind, value).await
    }

    async fn update_user(&self, user: &User) -> StoreResult<User> {
        people::update_user(&self.pool, user).await
    }

    async fn set_password_hash(&self, user_id: i64, hash: Option<&str>) -> StoreResult<()> {
        people::set_password_hash(&self.pool, user_id, hash).await
    }

    async fn password_hash(&self, user_id: i64) -> StoreResult<Option<String>> {
        people::password_hash(&self.pool, user_id).await
    }

    async fn list_users(&self, query: &UserQuery) -> StoreResult<Page<User>> {
        people::list_users(&self.pool, query).await
    }

    async fn add_identity(
        &self,
        user_id: i64,
        kind: IdentityKind,
        value: &str,
    ) -> StoreResult<Identity> {
        people::add_identity(&self.pool, user_id, kind, value).await
    }

    async fn list_identities(&self, user_id: i64) -> StoreResult<Vec<Identity>> {
        people::list_identities(&self.pool, user_id).await
    }

    async fn create_organization(&self, new: NewOrganization) -> StoreResult<Organization> {
        people::create_organization(&self.pool, new).await
    }

    async fn get_organization(&self, id: i64) -> StoreResult<Organization> {
        people::get_organization(&self.pool, id).await
    }

    async fn update_organization(&self, org: &Organization) -> StoreResult<Organization> {
        people::update_organization(&self.pool, org).await
    }

    async fn delete_organization(&self, id: i64) -> StoreResult<()> {
        people::delete_organization(&self.pool, id).await
    }

    async fn list_organizations(&self) -> StoreResult<Vec<Organization>> {
        people::list_organizations(&self.pool).await
    }

    async fn create_group(&self, new: NewGroup) -> StoreResult<Group> {
        people::create_group(&self.pool, new).await
    }

    async fn get_group(&self, id: i64) -> StoreResult<Group> {
        people::get_group(&self.pool, id).await
    }

    async fn update_group(&self, group: &Group) -> StoreResult<Group> {
        people::update_group(&self.pool, group).await
    }

    async fn delete_group(&self, id: i64) -> StoreResult<()> {
        people::delete_group(&self.pool, id).await
    }

    async fn list_groups(&self) -> StoreResult<Vec<Group>> {
        people::list_groups(&self.pool).await
    }

    async fn set_group_members(&self, group_id: i64, user_ids: &[i64]) -> StoreResult<()> {
        people::set_group_members(&self.pool, group_id, user_ids).await
    }

    async fn group_members(&self, group_id: i64) -> StoreResult<Vec<i64>> {
        people::group_members(&self.pool, group_id).await
    }

    async fn groups_of_user(&self, user_id: i64) -> StoreResult<Vec<i64>> {
        people::groups_of_user(&self.pool, user_id).await
    }

    async fn create_api_token(&self, new: NewApiToken) -> StoreResult<ApiToken> {
        credentials::create_api_token(&self.pool, new).await
    }

    async fn use_api_token(
        &self,
        token_hash: &[u8],
        used_at: Timestamp,
    ) -> StoreResult<Option<(ApiToken, User)>> {
        credentials::use_api_token(&self.pool, token_hash, used_at).await
    }

    async fn list_api_tokens(&self, user_id: Option<i64>) -> StoreResult<Vec<ApiToken>> {
        credentials::list_api_tokens(&self.pool, user_id).await
    }

    async fn revoke_api_token(&self, id: i64, at: Timestamp) -> StoreResult<()> {
        credentials::revoke_api_token(&self.pool, id, at).await
    }

    async fn create_session(&self, new: NewSession) -> StoreResult<()> {
        credentials::create_session(&self.pool, new).await
    }

    async fn get_session(
        &self,
        id_hash: &[u8],
        now: Timestamp,
    ) -> StoreResult<Option<(Session, User)>> {
        credentials::get_session(&self.pool, id_hash, now).await
    }

    async fn delete_session(&self, id_hash: &[u8]) -> StoreResult<()> {
        credentials::delete_session(&self.pool, id_hash).await
    }

    async fn settings(&self) -> StoreResult<BTreeMap<String, String>> {
        settings::settings(&self.pool).await
    }

    async fn put_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        settings::put_setting(&self.pool, key, value).await
    }

    async fn create_view(&self, new: NewSavedView) -> StoreResult<SavedView> {
        views::create_view(&self.pool, new).await
    }

    async fn get_view(&self, id: i64) -> StoreResult<SavedView> {
        views::get_view(&self.pool, id).await
    }

    async fn update_view(&self, view: &SavedView) -> StoreResult<SavedView> {
        views::update_view(&self.pool, view).await
    }

    async fn delete_view(&self, id: i64) -> StoreResult<()> {
        views::delete_view(&self.pool, id).await
    }

    async fn list_views(&self, user_id: i64) -> StoreResult<Vec<SavedView>> {
        views::list_views(&self.pool, user_id).await
    }

    // ----- SLA: calendars, policies, per-ticket state, notifications ---------------

    async fn list_sla_calendars(&self) -> StoreResult<Vec<SlaCalendarRecord>> {
        sla::list_calendars(&self.pool).await
    }

    async fn create_sla_calendar(&self, new: NewSlaCalendar) -> StoreResult<SlaCalendarRecord> {
        sla::create_calendar(&self.pool, new).await
    }

    async fn update_sla_calendar(
        &self,
        calendar: &SlaCalendarRecord,
    ) -> StoreResult<SlaCalendarRecord> {
        sla::update_calendar(&self.pool, calendar).await
    }

    async fn delete_sla_calendar(&self, id: i64) -> StoreResult<()> {
        sla::delete_calendar(&self.pool, id).await
    }

    async fn list_sla_policies(&self) -> StoreResult<Vec<SlaPolicyRecord>> {
        sla::list_policies(&self.pool).await
    }

    async fn create_sla_policy(&self, new: NewSlaPolicy) -> StoreResult<SlaPolicyRecord> {
        sla::create_policy(&self.pool, new).await
    }

    async fn update_sla_policy(&self, policy: &SlaPolicyRecord) -> StoreResult<SlaPolicyRecord> {
        sla::update_policy(&self.pool, policy).await
    }

    async fn delete_sla_policy(&self, id: i64) -> StoreResult<()> {
        sla::delete_policy(&self.pool, id).await
    }

    async fn reorder_sla_policies(&self, ids: &[i64]) -> StoreResult<()> {
        sla::reorder_policies(&self.pool, ids).await
    }

    async fn get_ticket_sla(&self, ticket_id: i64) -> StoreResult<Option<TicketSla>> {
        sla::get_ticket_sla(&self.pool, ticket_id).await
    }

    async fn get_ticket_slas(&self, ticket_ids: &[i64]) -> StoreResult<Vec<TicketSla>> {
        sla::get_ticket_slas(&self.pool, ticket_ids).await
    }

    async fn put_ticket_slas(&self, rows: Vec<TicketSla>) -> StoreResult<()> {
        sla::put_ticket_slas(&self.pool, &rows).await
    }

    async fn ticket_slas_due(&self, now: Timestamp, limit: u32) -> StoreResult<Vec<TicketSla>> {
        sla::ticket_slas_due(&self.pool, now, limit).await
    }

    async fn scan_ticket_slas(&self, scan: &SlaScan) -> StoreResult<Vec<TicketWithSla>> {
        sla::scan(&self.pool, scan).await
    }

    async fn scan_open_sla_facts(
        &self,
        after_ticket_id: i64,
        limit: u32,
    ) -> StoreResult<Vec<SlaFacts>> {
        sla::scan_open_facts(&self.pool, after_ticket_id, limit).await
    }

    async fn create_notifications(&self, new: Vec<NewNotification>) -> StoreResult<()> {
        sla::create_notifications(&self.pool, &new).await
    }

    async fn list_notifications(
        &self,
        user_id: i64,
        unread_only: bool,
        limit: u32,
    ) -> StoreResult<Vec<Notification>> {
        sla::list_notifications(&self.pool, user_id, unread_only, limit).await
    }

    async fn count_unread_notifications(&self, user_id: i64) -> StoreResult<u64> {
        sla::count_unread_notifications(&self.pool, user_id).await
    }

    async fn mark_notifications_read(
        &self,
        user_id: i64,
        ids: &[i64],
        at: Timestamp,
    ) -> StoreResult<()> {
        sla::mark_notifications_read(&self.pool, user_id, ids, at).await
    }

    async fn enqueue_jobs(&self, new: Vec<NewJob>) -> StoreResult<Vec<i64>> {
        jobs::enqueue_jobs(&self.pool, new).await
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        limit: u32,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<Vec<Job>> {
        jobs::claim_jobs(&self.pool, worker, limit, now, lease).await
    }

    async fn complete_job(&self, id: i64, worker: &str, now: Timestamp) -> StoreResult<bool> {
        jobs::complete_job(&self.pool, id, worker, now).await
    }

    async fn fail_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> StoreResult<bool> {
        jobs::fail_job(&self.pool, id, worker, error, retry_at, now).await
    }

    async fn retry_job(&self, id: i64, now: Timestamp) -> StoreResult<bool> {
        jobs::retry_job(&self.pool, id, now).await
    }

    async fn list_jobs(&self, status: Option<JobStatus>, limit: u32) -> StoreResult<Vec<Job>> {
        jobs::list_jobs(&self.pool, status, limit).await
    }

    async fn job_counts(&self) -> StoreResult<Vec<(String, JobStatus, u64)>> {
        jobs::job_counts(&self.pool).await
    }

    async fn next_job_due(&self) -> StoreResult<Option<Timestamp>> {
        jobs::next_job_due(&self.pool).await
    }

    async fn ensure_schedule(&self, name: &str, first_run_at: Timestamp) -> StoreResult<Schedule> {
        jobs::ensure_schedule(&self.pool, name, first_run_at).await
    }

    async fn advance_schedule(
        &self,
        name: &str,
        expected_next: Timestamp,
        new_next: Timestamp,
        job: Option<NewJob>,
    ) -> StoreResult<bool> {
        jobs::advance_schedule(&self.pool, name, expected_next, new_next, job).await
    }

    async fn list_schedules(&self) -> StoreResult<Vec<Schedule>> {
        jobs::list_schedules(&self.pool).await
    }

    async fn create_mailbox(&self, new: NewMailbox) -> StoreResult<Mailbox> {
        mail::create_mailbox(&self.pool, new).await
    }

    async fn get_mailbox(&self, id: i64) -> StoreResult<Mailbox> {
        mail::get_mailbox(&self.pool, id).await
    }

    async fn find_mailbox(&self, address: &str) -> StoreResult<Option<Mailbox>> {
        mail::find_mailbox(&self.pool, address).await
    }

    async fn update_mailbox(&self, mailbox: &Mailbox) -> StoreResult<Mailbox> {
        mail::update_mailbox(&self.pool, mailbox).await
    }

    async fn delete_mailbox(&self, id: i64) -> StoreResult<()> {
        mail::delete_mailbox(&self.pool, id).await
    }

    async fn list_mailboxes(&self) -> StoreResult<Vec<Mailbox>> {
        mail::list_mailboxes(&self.pool).await
    }

    async fn store_raw_message(&self, new: NewRawMessage) -> StoreResult<StoredRawMessage> {
        mail::store_raw_message(&self.pool, new).await
    }

    async fn get_raw_message(&self, id: i64) -> StoreResult<RawMessage> {
        mail::get_raw_message(&self.pool, id).await
    }

    async fn mark_raw_message(
        &self,
        id: i64,
        state: RawMessageState,
        ticket_id: Option<i64>,
        comment_id: Option<i64>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        mail::mark_raw_message(&self.pool, id, state, ticket_id, comment_id, error).await
    }

    async fn list_raw_message_ids(
        &self,
        state: RawMessageState,
        limit: u32,
    ) -> StoreResult<Vec<i64>> {
        mail::list_raw_message_ids(&self.pool, state, limit).await
    }

    async fn list_raw_messages_for_ticket(&self, ticket_id: i64) -> StoreResult<Vec<RawMessage>> {
        mail::list_raw_messages_for_ticket(&self.pool, ticket_id).await
    }

    async fn record_message_id(&self, record: MessageIdRecord) -> StoreResult<bool> {
        mail::record_message_id(&self.pool, record).await
    }

    async fn tickets_for_message_ids(
        &self,
        message_ids: &[String],
    ) -> StoreResult<Vec<MessageIdRecord>> {
        mail::tickets_for_message_ids(&self.pool, message_ids).await
    }
}
