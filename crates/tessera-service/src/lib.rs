//! Tessera's use cases. Every channel (REST API, web UI, email, chat, alerts, the
//! CLI) creates and changes tickets through [`Service`], so the rules (who may do
//! what, which history events a change produces, how priority is derived) live in
//! exactly one place. The service reads the clock; the core never does.

mod actor;
mod auth;
mod bus;
mod clock;
mod error;
mod mail_intake;
mod people;
pub mod policy;
mod portal;
mod settings;
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
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            priority_matrix: PriorityMatrix::default(),
            max_attachment_bytes: 5 * 1024 * 1024,
            session_ttl: jiff::SignedDuration::from_hours(12),
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
}

impl Service {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, config: ServiceConfig) -> Service {
        Service {
            inner: Arc::new(Inner {
                store,
                clock,
                config,
                bus: bus::Bus::new(),
            }),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.inner.config
    }

    /// Live notifications of committed ticket changes.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Change> {
        self.inner.bus.subscribe()
    }

    fn publish(&self, change: Change) {
        self.inner.bus.publish(change);
    }

    fn now(&self) -> jiff::Timestamp {
        self.inner.clock.now()
    }
}
