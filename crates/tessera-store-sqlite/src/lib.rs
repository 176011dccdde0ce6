//! The SQLite backend of the Tessera store: the zero-setup default.
//!
//! One database file in WAL mode. All writes go through a single connection owned
//! by a writer thread (module `writer`), which batches concurrent writes into shared
//! transactions; reads run on a small pool of read-only connections (module
//! `readers`) that never wait for the writer; a third thread checkpoints the WAL
//! (module `checkpoint`) so that the writer only ever commits.

mod checkpoint;
mod connection;
mod credentials;
mod error;
mod jobs;
mod mail;
mod migrate;
mod people;
mod readers;
mod rows;
mod search;
mod settings;
mod sla;
mod sql;
mod tickets;
mod views;
mod writer;

use std::collections::BTreeMap;
use std::path::Path;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
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

use crate::checkpoint::Checkpointer;
use crate::readers::Readers;
use crate::writer::Writer;

/// How hard SQLite works to make a commit survive power loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    /// Safe against crashes of the process; the last commits may be lost on power
    /// loss. The usual choice in WAL mode, and much faster.
    #[default]
    Normal,
    /// Every commit is fsynced before it is acknowledged.
    Full,
}

#[derive(Debug, Clone)]
pub struct SqliteOptions {
    pub synchronous: Synchronous,
    /// Read connections, i.e. reads that can run at once.
    pub readers: usize,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        SqliteOptions {
            synchronous: Synchronous::Normal,
            readers: 4,
        }
    }
}

pub struct SqliteStore {
    writer: Writer,
    readers: Readers,
    _checkpointer: Checkpointer,
}

/// Opens (creating if missing) the database at `path`, brings its schema up to
/// date and starts the writer thread.
pub async fn open(path: &Path, options: SqliteOptions) -> StoreResult<SqliteStore> {
    let owned = path.to_path_buf();
    let (conn, checkpointer) = tokio::task::spawn_blocking(move || -> error::Result<_> {
        let mut conn = connection::open_writer(&owned, options.synchronous)?;
        migrate::apply(&mut conn)?;
        search::prepare_writer(&conn)?;
        let checkpointer = connection::open_checkpointer(&owned, options.synchronous)?;
        Ok((conn, checkpointer))
    })
    .await
    .map_err(|e| StoreError::Other(format!("opening the database failed: {e}")))??;
    let writer = Writer::spawn(conn, search::flush_staged)
        .map_err(|e| StoreError::Other(format!("cannot start the writer thread: {e}")))?;
    let checkpointer = Checkpointer::spawn(checkpointer)
        .map_err(|e| StoreError::Other(format!("cannot start the checkpoint thread: {e}")))?;
    Ok(SqliteStore {
        writer,
        readers: Readers::new(path.to_path_buf(), options.readers),
        _checkpointer: checkpointer,
    })
}

impl SqliteStore {
    async fn write<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> error::Result<T> + Send + 'static,
    {
        self.writer.write(work).await
    }

    async fn read<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> error::Result<T> + Send + 'static,
    {
        self.readers.read(work).await
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> StoreResult<()> {
        self.read(|c| Ok(c.query_row("SELECT 1", [], |_| Ok(()))?))
            .await
    }

    // ----- tickets -----------------------------------------------------------------

    async fn create_ticket(&self, new: NewTicket) -> StoreResult<Created<Ticket>> {
        let terms = search::Terms::analyse(&new.ticket, &new.comments);
        self.write(move |c| tickets::create(c, new, &terms)).await
    }

    async fn import_tickets(&self, new: Vec<NewTicket>) -> StoreResult<usize> {
        self.writer
            .write_alone(move |c| tickets::import(c, new))
            .await
    }

    async fn get_ticket(&self, id: i64) -> StoreResult<Ticket> {
        self.read(move |c| tickets::get(c, id)).await
    }

    async fn get_ticket_by_number(&self, number: i64) -> StoreResult<Ticket> {
        self.read(move |c| tickets::get_by_number(c, number)).await
    }

    async fn update_ticket(&self, write: TicketWrite) -> StoreResult<(Ticket, Option<Comment>)> {
        let terms = search::Terms::analyse(&write.ticket, write.comment.as_slice());
        self.write(move |c| tickets::update(c, write, &terms)).await
    }

    async fn list_tickets(&self, query: &TicketQuery) -> StoreResult<Page<Ticket>> {
        let query = query.clone();
        self.read(move |c| tickets::list(c, &query)).await
    }

    async fn count_tickets(&self, query: &TicketQuery, cap: Option<u64>) -> StoreResult<u64> {
        let query = query.clone();
        self.read(move |c| tickets::count(c, &query, cap)).await
    }

    async fn search_tickets(&self, query: &SearchTickets) -> StoreResult<Vec<Ticket>> {
        let query = query.clone();
        self.read(move |c| search::search(c, &query)).await
    }

    // ----- conversation and history ------------------------------------------------

    async fn list_comments(
        &self,
        ticket_id: i64,
        include_internal: bool,
    ) -> StoreResult<Vec<Comment>> {
        self.read(move |c| tickets::comments(c, ticket_id, include_internal))
            .await
    }

    async fn list_events(&self, ticket_id: i64, include_internal: bool) -> StoreResult<Vec<Event>> {
        self.read(move |c| tickets::events(c, ticket_id, include_internal))
            .await
    }

    async fn get_attachment(&self, id: i64) -> StoreResult<(Attachment, Vec<u8>)> {
        self.read(move |c| tickets::attachment(c, id)).await
    }

    // ----- people ------------------------------------------------------------------

    async fn create_user(&self, new: NewUser) -> StoreResult<User> {
        self.write(move |c| people::create_user(c, new)).await
    }

    async fn get_user(&self, id: i64) -> StoreResult<User> {
        self.read(move |c| people::get_user(c, id)).await
    }

    async fn find_user_by_identity(
        &self,
        kind: IdentityKind,
        value: &str,
    ) -> StoreResult<Option<User>> {
        let value = value.to_owned();
        self.read(move |c| people::find_by_identity(c, kind, &value))
            .await
    }

    async fn update_user(&self, user: &User) -> StoreResult<User> {
        let user = user.clone();
        self.write(move |c| people::update_user(c, &user)).await
    }

    async fn set_password_hash(&self, user_id: i64, hash: Option<&str>) -> StoreResult<()> {
        let hash = hash.map(str::to_owned);
        self.write(move |c| people::set_password_hash(c, user_id, hash.as_deref()))
            .await
    }

    async fn password_hash(&self, user_id: i64) -> StoreResult<Option<String>> {
        self.read(move |c| people::password_hash(c, user_id)).await
    }

    async fn list_users(&self, query: &UserQuery) -> StoreResult<Page<User>> {
        let query = query.clone();
        self.read(move |c| people::list_users(c, &query)).await
    }

    async fn add_identity(
        &self,
        user_id: i64,
        kind: IdentityKind,
        value: &str,
    ) -> StoreResult<Identity> {
        let value = value.to_owned();
        self.write(move |c| people::add_identity(c, user_id, kind, &value))
            .await
    }

    async fn list_identities(&self, user_id: i64) -> StoreResult<Vec<Identity>> {
        self.read(move |c| people::list_identities(c, user_id))
            .await
    }

    async fn create_organization(&self, new: NewOrganization) -> StoreResult<Organization> {
        self.write(move |c| people::create_organization(c, new))
            .await
    }

    async fn get_organization(&self, id: i64) -> StoreResult<Organization> {
        self.read(move |c| people::get_organization(c, id)).await
    }

    async fn update_organization(&self, org: &Organization) -> StoreResult<Organization> {
        let org = org.clone();
        self.write(move |c| people::update_organization(c, &org))
            .await
    }

    async fn delete_organization(&self, id: i64) -> StoreResult<()> {
        self.write(move |c| people::delete_organization(c, id))
            .await
    }

    async fn list_organizations(&self) -> StoreResult<Vec<Organization>> {
        self.read(people::list_organizations).await
    }

    async fn create_group(&self, new: NewGroup) -> StoreResult<Group> {
        self.write(move |c| people::create_group(c, new)).await
    }

    async fn get_group(&self, id: i64) -> StoreResult<Group> {
        self.read(move |c| people::get_group(c, id)).await
    }

    async fn update_group(&self, group: &Group) -> StoreResult<Group> {
        let group = group.clone();
        self.write(move |c| people::update_group(c, &group)).await
    }

    async fn delete_group(&self, id: i64) -> StoreResult<()> {
        self.write(move |c| people::delete_group(c, id)).await
    }

    async fn list_groups(&self) -> StoreResult<Vec<Group>> {
        self.read(people::list_groups).await
    }

    async fn set_group_members(&self, group_id: i64, user_ids: &[i64]) -> StoreResult<()> {
        let user_ids = user_ids.to_vec();
        self.write(move |c| people::set_group_members(c, group_id, &user_ids))
            .await
    }

    async fn group_members(&self, group_id: i64) -> StoreResult<Vec<i64>> {
        self.read(move |c| people::group_members(c, group_id)).await
    }

    async fn groups_of_user(&self, user_id: i64) -> StoreResult<Vec<i64>> {
        self.read(move |c| people::groups_of_user(c, user_id)).await
    }

    // ----- credentials -------------------------------------------------------------

    async fn create_api_token(&self, new: NewApiToken) -> StoreResult<ApiToken> {
        self.write(move |c| credentials::create_api_token(c, new))
            .await
    }

    /// A read, plus a write at most once a minute per token to record its use.
    async fn use_api_token(
        &self,
        token_hash: &[u8],
        used_at: Timestamp,
    ) -> StoreResult<Option<(ApiToken, User)>> {
        let hash = token_hash.to_vec();
        let found = self
            .read(move |c| credentials::find_api_token(c, &hash))
            .await?;
        let Some((mut token, user)) = found else {
            return Ok(None);
        };
        if credentials::needs_touch(token.last_used_at, used_at) {
            let id = token.id;
            self.write(move |c| credentials::touch_api_token(c, id, used_at))
                .await?;
            token.last_used_at = Some(used_at);
        }
        Ok(Some((token, user)))
    }

    async fn list_api_tokens(&self, user_id: Option<i64>) -> StoreResult<Vec<ApiToken>> {
        self.read(move |c| credentials::list_api_tokens(c, user_id))
            .await
    }

    async fn revoke_api_token(&self, id: i64, at: Timestamp) -> StoreResult<()> {
        self.write(move |c| credentials::revoke_api_token(c, id, at))
            .await
    }

    async fn create_session(&self, new: NewSession) -> StoreResult<()> {
        self.write(move |c| credentials::create_session(c, new))
            .await
    }

    async fn get_session(
        &self,
        id_hash: &[u8],
        now: Timestamp,
    ) -> StoreResult<Option<(Session, User)>> {
        let hash = id_hash.to_vec();
        self.read(move |c| credentials::get_session(c, &hash, now))
            .await
    }

    async fn delete_session(&self, id_hash: &[u8]) -> StoreResult<()> {
        let hash = id_hash.to_vec();
        self.write(move |c| credentials::delete_session(c, &hash))
            .await
    }

    // ----- instance settings -------------------------------------------------------

    async fn settings(&self) -> StoreResult<BTreeMap<String, String>> {
        self.read(settings::all).await
    }

    async fn put_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.write(move |c| settings::put(c, &key, &value)).await
    }

    // ----- saved views -------------------------------------------------------------

    async fn create_view(&self, new: NewSavedView) -> StoreResult<SavedView> {
        self.write(move |c| views::create(c, new)).await
    }

    async fn get_view(&self, id: i64) -> StoreResult<SavedView> {
        self.read(move |c| views::get(c, id)).await
    }

    async fn update_view(&self, view: &SavedView) -> StoreResult<SavedView> {
        let view = view.clone();
        self.write(move |c| views::update(c, &view)).await
    }

    async fn delete_view(&self, id: i64) -> StoreResult<()> {
        self.write(move |c| views::delete(c, id)).await
    }

    async fn list_views(&self, user_id: i64) -> StoreResult<Vec<SavedView>> {
        self.read(move |c| views::list(c, user_id)).await
    }

    // ----- SLA: calendars, policies, per-ticket state, notifications ---------------

    async fn list_sla_calendars(&self) -> StoreResult<Vec<SlaCalendarRecord>> {
        self.read(sla::list_calendars).await
    }

    async fn create_sla_calendar(&self, new: NewSlaCalendar) -> StoreResult<SlaCalendarRecord> {
        self.write(move |c| sla::create_calendar(c, new)).await
    }

    async fn update_sla_calendar(
        &self,
        calendar: &SlaCalendarRecord,
    ) -> StoreResult<SlaCalendarRecord> {
        let calendar = calendar.clone();
        self.write(move |c| sla::update_calendar(c, &calendar))
            .await
    }

    async fn delete_sla_calendar(&self, id: i64) -> StoreResult<()> {
        self.write(move |c| sla::delete_calendar(c, id)).await
    }

    async fn list_sla_policies(&self) -> StoreResult<Vec<SlaPolicyRecord>> {
        self.read(sla::list_policies).await
    }

    async fn create_sla_policy(&self, new: NewSlaPolicy) -> StoreResult<SlaPolicyRecord> {
        self.write(move |c| sla::create_policy(c, new)).await
    }

    async fn update_sla_policy(&self, policy: &SlaPolicyRecord) -> StoreResult<SlaPolicyRecord> {
        let policy = policy.clone();
        self.write(move |c| sla::update_policy(c, &policy)).await
    }

    async fn delete_sla_policy(&self, id: i64) -> StoreResult<()> {
        self.write(move |c| sla::delete_policy(c, id)).await
    }

    async fn reorder_sla_policies(&self, ids: &[i64]) -> StoreResult<()> {
        let ids = ids.to_vec();
        self.write(move |c| sla::reorder_policies(c, &ids)).await
    }

    async fn get_ticket_sla(&self, ticket_id: i64) -> StoreResult<Option<TicketSla>> {
        self.read(move |c| sla::get_ticket_sla(c, ticket_id)).await
    }

    async fn get_ticket_slas(&self, ticket_ids: &[i64]) -> StoreResult<Vec<TicketSla>> {
        let ids = ticket_ids.to_vec();
        self.read(move |c| sla::get_ticket_slas(c, &ids)).await
    }

    async fn put_ticket_slas(&self, rows: Vec<TicketSla>) -> StoreResult<()> {
        self.write(move |c| sla::put_ticket_slas(c, &rows)).await
    }

    async fn ticket_slas_due(&self, now: Timestamp, limit: u32) -> StoreResult<Vec<TicketSla>> {
        self.read(move |c| sla::ticket_slas_due(c, now, limit))
            .await
    }

    async fn scan_ticket_slas(&self, scan: &SlaScan) -> StoreResult<Vec<TicketWithSla>> {
        let scan = scan.clone();
        self.read(move |c| sla::scan(c, &scan)).await
    }

    async fn scan_open_sla_facts(
        &self,
        after_ticket_id: i64,
        limit: u32,
    ) -> StoreResult<Vec<SlaFacts>> {
        self.read(move |c| sla::scan_open_facts(c, after_ticket_id, limit))
            .await
    }

    async fn create_notifications(&self, new: Vec<NewNotification>) -> StoreResult<()> {
        self.write(move |c| sla::insert_notifications(c, &new))
            .await
    }

    async fn list_notifications(
        &self,
        user_id: i64,
        unread_only: bool,
        limit: u32,
    ) -> StoreResult<Vec<Notification>> {
        self.read(move |c| sla::list_notifications(c, user_id, unread_only, limit))
            .await
    }

    async fn count_unread_notifications(&self, user_id: i64) -> StoreResult<u64> {
        self.read(move |c| sla::count_unread_notifications(c, user_id))
            .await
    }

    async fn mark_notifications_read(
        &self,
        user_id: i64,
        ids: &[i64],
        at: Timestamp,
    ) -> StoreResult<()> {
        let ids = ids.to_vec();
        self.write(move |c| sla::mark_notifications_read(c, user_id, &ids, at))
            .await
    }

    // ----- durable jobs ------------------------------------------------------------

    async fn enqueue_jobs(&self, new: Vec<NewJob>) -> StoreResult<Vec<i64>> {
        self.write(move |c| jobs::enqueue(c, &new)).await
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        limit: u32,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<Vec<Job>> {
        let worker = worker.to_owned();
        self.write(move |c| jobs::claim(c, &worker, limit, now, lease))
            .await
    }

    async fn complete_job(&self, id: i64, worker: &str, now: Timestamp) -> StoreResult<bool> {
        let worker = worker.to_owned();
        self.write(move |c| jobs::complete(c, id, &worker, now))
            .await
    }

    async fn fail_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let (worker, error) = (worker.to_owned(), error.to_owned());
        self.write(move |c| jobs::fail(c, id, &worker, &error, retry_at, now))
            .await
    }

    async fn retry_job(&self, id: i64, now: Timestamp) -> StoreResult<bool> {
        self.write(move |c| jobs::retry(c, id, now)).await
    }

    async fn list_jobs(&self, status: Option<JobStatus>, limit: u32) -> StoreResult<Vec<Job>> {
        self.read(move |c| jobs::list(c, status, limit)).await
    }

    async fn job_counts(&self) -> StoreResult<Vec<(String, JobStatus, u64)>> {
        self.read(jobs::counts).await
    }

    async fn next_job_due(&self) -> StoreResult<Option<Timestamp>> {
        self.read(jobs::next_due).await
    }

    // ----- email channel -----------------------------------------------------------

    async fn create_mailbox(&self, new: NewMailbox) -> StoreResult<Mailbox> {
        self.write(move |c| mail::create_mailbox(c, new)).await
    }

    async fn get_mailbox(&self, id: i64) -> StoreResult<Mailbox> {
        self.read(move |c| mail::get_mailbox(c, id)).await
    }

    async fn find_mailbox(&self, address: &str) -> StoreResult<Option<Mailbox>> {
        let address = address.to_owned();
        self.read(move |c| mail::find_mailbox(c, &address)).await
    }

    async fn update_mailbox(&self, mailbox: &Mailbox) -> StoreResult<Mailbox> {
        let mailbox = mailbox.clone();
        self.write(move |c| mail::update_mailbox(c, &mailbox)).await
    }

    async fn delete_mailbox(&self, id: i64) -> StoreResult<()> {
        self.write(move |c| mail::delete_mailbox(c, id)).await
    }

    async fn list_mailboxes(&self) -> StoreResult<Vec<Mailbox>> {
        self.read(mail::list_mailboxes).await
    }

    async fn store_raw_message(&self, new: NewRawMessage) -> StoreResult<StoredRawMessage> {
        self.write(move |c| mail::store_raw_message(c, new)).await
    }

    async fn get_raw_message(&self, id: i64) -> StoreResult<RawMessage> {
        self.read(move |c| mail::get_raw_message(c, id)).await
    }

    async fn mark_raw_message(
        &self,
        id: i64,
        state: RawMessageState,
        ticket_id: Option<i64>,
        comment_id: Option<i64>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let error = error.map(str::to_owned);
        self.write(move |c| {
            mail::mark_raw_message(c, id, state, ticket_id, comment_id, error.as_deref())
        })
        .await
    }

    async fn list_raw_message_ids(
        &self,
        state: RawMessageState,
        limit: u32,
    ) -> StoreResult<Vec<i64>> {
        self.read(move |c| mail::list_raw_message_ids(c, state, limit))
            .await
    }

    async fn list_raw_messages_for_ticket(&self, ticket_id: i64) -> StoreResult<Vec<RawMessage>> {
        self.read(move |c| mail::list_raw_messages_for_ticket(c, ticket_id))
            .await
    }

    async fn record_message_id(&self, record: MessageIdRecord) -> StoreResult<bool> {
        self.write(move |c| mail::record_message_id(c, record))
            .await
    }

    async fn tickets_for_message_ids(
        &self,
        message_ids: &[String],
    ) -> StoreResult<Vec<MessageIdRecord>> {
        let ids = message_ids.to_vec();
        self.read(move |c| mail::tickets_for_message_ids(c, &ids))
            .await
    }

    // ----- periodic schedules ------------------------------------------------------

    async fn ensure_schedule(&self, name: &str, first_run_at: Timestamp) -> StoreResult<Schedule> {
        let name = name.to_owned();
        self.write(move |c| jobs::ensure_schedule(c, &name, first_run_at))
            .await
    }

    async fn advance_schedule(
        &self,
        name: &str,
        expected_next: Timestamp,
        new_next: Timestamp,
        job: Option<NewJob>,
    ) -> StoreResult<bool> {
        let name = name.to_owned();
        self.write(move |c| jobs::advance_schedule(c, &name, expected_next, new_next, job))
            .await
    }

    async fn list_schedules(&self) -> StoreResult<Vec<Schedule>> {
        self.read(jobs::list_schedules).await
    }
}
