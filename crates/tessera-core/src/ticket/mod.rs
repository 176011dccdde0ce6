//! Ticket vocabulary (status, type, tier, channel) and the status lifecycle.

mod lifecycle;
mod vocabulary;

pub use lifecycle::{ReplyEffect, allowed_transitions, check_transition, on_customer_reply};
pub use vocabulary::{Channel, Status, TicketType, Tier};
