//! Tessera's pure domain core.
//!
//! Everything here is deterministic: no I/O, no clock reads (time is passed in as
//! [`jiff::Timestamp`] values), no wire formats. The store, service and web crates
//! build on these types; nothing here knows they exist.

pub mod analysis;
pub mod error;
pub mod priority;
pub mod role;
pub mod sla;
pub mod ticket;
pub mod validate;

pub use error::CoreError;
pub use priority::{Impact, Priority, PriorityMatrix, Urgency};
pub use role::Role;
pub use ticket::{Channel, Status, TicketType, Tier};
