//! Tessera's use cases. Every channel (REST API, web UI, email, chat, alerts, the
//! CLI) creates and changes tickets through [`Service`], so the rules (who may do
//! what, which history events a change produces, how priority is derived) live in
//! exactly one place. The service reads the clock; the core never does.

mod actor;
mod auth;
mod bus;
mod clock;
mod error;
pub mod jobs_admin;
mod mail_intake;
mod people;
pub mod policy;
mod portal;
mod settings;
pub mod sla;
mod tickets;
mod views;

use std::sync::Arc;

use tessera_core::PriorityMatrix;
use tessera_store::Store;

pub use actor::Actor;
pub use auth::{LoginOutcome, NewTokenSecret};
pub use bus::Change;
pub use clock::{Clock, SystemClock};
pub use error::{ServiceError, ServiceResult};
pub use mail_intake::{MAIL_PROCESS_JOB, MailOutcome};
pub use people::{CreateUser, UpdateUser};
pub use settings::{InstanceSettings, LANGUAGES};
pub use tickets::{AddComment, CommentAdded, CreateTicket, TicketFilter, UpdateTicket};
pub use views::{VIEW_COLUMNS, ViewSpec};

/// Settings the use cases need; the binary fills them from configuration.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    pub priority_matrix: PriorityMatrix,
    /// Largest single attachment, in bytes.
    pub max_attachment_bytes: usize,
    /// How long a sign-in session lasts.
    pub session_ttl: jiff::SignedDuration,
    /// SLA notification emails wait for the business hours of the ticket's
    /// policy calendar (the sweep sets the job's `run_at` to the calendar's
    /// next business instant); off sends them at once.
    pub notify_in_business_hours: bool,
}

/// The job kind of one SLA notification email, enqueued by the SLA sweep with
/// the in-app notification (payload: `user_id`, `ticket_id`, `ticket_number`,
/// `kind`, `to`, `subject`, `body`); the binary sends it to its relay.
pub const NOTIFY_EMAIL_JOB: &str = "notify.email";

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            priority_matrix: PriorityMatrix::default(),
            max_attachment_bytes: 5 * 1024 * 1024,
            session_ttl: jiff::SignedDuration::from_hours(12),
            notify_in_business_hours: false,
        }
    }
}

/// The use cases, cheap to clone (shared state behind an `Arc`).
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    config: ServiceConfig,
    bus: bus::Bus,
    /// Compiled SLA calendars and policies, shared by every ticket write.
    sla_cache: sla::SlaCache,
    /// Wakes the job runner after this service committed jobs; set once by the
    /// binary that runs one (without it, runners find the jobs at their poll).
    job_waker: std::sync::OnceLock<JobWaker>,
}

/// What the service calls after committing jobs.
pub type JobWaker = Arc<dyn Fn() + Send + Sync>;

impl Service {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, config: ServiceConfig) -> Service {
        Service {
            inner: Arc::new(Inner {
                store,
                clock,
                config,
                bus: bus::Bus::new(),
                sla_cache: sla::SlaCache::default(),
                job_waker: std::sync::OnceLock::new(),
            }),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.inner.config
    }

    /// Lets the service wake the job runner after it commits jobs (the first
    /// call wins; later ones are ignored).
    pub fn set_job_waker(&self, wake: JobWaker) {
        let _ = self.inner.job_waker.set(wake);
    }

    /// Tells the job runner that jobs were committed.
    pub(crate) fn jobs_committed(&self) {
        if let Some(wake) = self.inner.job_waker.get() {
            wake();
        }
    }

    /// Live notifications of committed ticket changes.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Change> {
        self.inner.bus.subscribe()
    }

    /// Changes committed by this node only, for forwarding to peer nodes.
    pub fn subscribe_local(&self) -> tokio::sync::broadcast::Receiver<Change> {
        self.inner.bus.subscribe_local()
    }

    /// Delivers a change committed by a peer node to this node's subscribers.
    pub fn publish_from_peer(&self, change: Change) {
        self.inner.bus.publish_from_peer(change);
    }

    fn publish(&self, change: Change) {
        self.inner.bus.publish(change);
    }

    fn now(&self) -> jiff::Timestamp {
        self.inner.clock.now()
    }
}
