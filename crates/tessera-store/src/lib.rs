//! The store API: one trait, [`Store`], implemented by the SQLite and PostgreSQL
//! backends, plus the records it reads and writes and its error type.
//!
//! The service decides *what* changes (using the pure core); the store makes each
//! change durable *atomically*: a ticket row, its history events, its comment and
//! its search document are written in one transaction or not at all.

mod error;
mod records;
pub mod schema;

#[cfg(feature = "conformance")]
pub mod conformance;

pub use error::{StoreError, StoreResult};
pub use records::*;

use async_trait::async_trait;

/// Everything Tessera persists. Object-safe: held as `Arc<dyn Store>`.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which backend this is ("sqlite" or "postgres"), for logs and metrics.
    fn backend(&self) -> &'static str;

    /// Cheap round trip to the database, for `/readyz`.
    async fn ping(&self) -> StoreResult<()>;

    // ----- tickets -------------------------------------------------------------

    /// Creates a ticket with the next number, its events and its search document in
    /// one transaction. With an idempotency key already used by the same user, returns
    /// the ticket created then (`replayed = true`) and writes nothing; if that key was
    /// used with a different `request_fingerprint`, fails with `Conflict`.
    async fn create_ticket(&self, new: NewTicket) -> StoreResult<Created<Ticket>>;

    /// Bulk path for imports and benchmark seeding: creates all tickets (numbers in
    /// order, comments, events, search documents) in one transaction per call.
    /// Idempotency keys are ignored. Returns how many were created.
    async fn import_tickets(&self, tickets: Vec<NewTicket>) -> StoreResult<usize>;

    async fn get_ticket(&self, id: i64) -> StoreResult<Ticket>;

    async fn get_ticket_by_number(&self, number: i64) -> StoreResult<Ticket>;

    /// Writes the new state of a ticket (all mutable columns), the optional comment
    /// (with attachments) and the events in one transaction, and refreshes the search
    /// document. Optimistic: fails with `Conflict { constraint: "ticket_version" }`
    /// unless the stored `version` equals `write.ticket.version`; on success the
    /// returned ticket has `version + 1`. Events with `for_comment` get the new
    /// comment's id.
    async fn update_ticket(&self, write: TicketWrite) -> StoreResult<(Ticket, Option<Comment>)>;

    async fn list_tickets(&self, query: &TicketQuery) -> StoreResult<Page<Ticket>>;

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
}
