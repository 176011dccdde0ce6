//! The validated ticket lifecycle.
//!
//! ```text
//!   new ──► open ◄──► pending ◄──► on_hold
//!    │        │          │            │
//!    └────────┴──────────┴────────────┴──► solved ──► closed (final)
//!                                           │
//!                       customer reply ◄────┘ (reopens to open)
//! ```
//! `new` is only ever the initial status. Setting the status a ticket already has is
//! not a transition and is always accepted (it changes nothing).

use super::Status;
use crate::CoreError;

/// The statuses a ticket in `from` may move to.
pub fn allowed_transitions(from: Status) -> &'static [Status] {
    use Status::*;
    match from {
        New => &[Open, Pending, OnHold, Solved],
        Open => &[Pending, OnHold, Solved],
        Pending => &[Open, OnHold, Solved],
        OnHold => &[Open, Pending, Solved],
        Solved => &[Open, Closed],
        Closed => &[],
    }
}

/// Checks a requested status change; the error lists the allowed targets.
pub fn check_transition(from: Status, to: Status) -> Result<(), CoreError> {
    if from == to || allowed_transitions(from).contains(&to) {
        return Ok(());
    }
    Err(CoreError::InvalidTransition {
        from,
        to,
        allowed: allowed_transitions(from).to_vec(),
    })
}

/// What a public reply from the requester does to the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyEffect {
    /// The status stays as it is.
    Keep,
    /// The ticket moves to this status (waiting-on-customer and solved reopen).
    SetStatus(Status),
    /// The ticket is closed: the reply must start a follow-up ticket linked to it.
    FollowUp,
}

/// A customer reply reopens a ticket that waits on them or was solved; a reply to a
/// closed ticket becomes a follow-up ticket.
pub fn on_customer_reply(current: Status) -> ReplyEffect {
    match current {
        Status::New | Status::Open | Status::OnHold => ReplyEffect::Keep,
        Status::Pending | Status::Solved => ReplyEffect::SetStatus(Status::Open),
        Status::Closed => ReplyEffect::FollowUp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_status() -> impl Strategy<Value = Status> {
        proptest::sample::select(Status::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn closed_is_final(to in any_status()) {
            prop_assume!(to != Status::Closed);
            prop_assert!(check_transition(Status::Closed, to).is_err());
        }

        #[test]
        fn nothing_returns_to_new(from in any_status()) {
            prop_assume!(from != Status::New);
            prop_assert!(check_transition(from, Status::New).is_err());
        }

        #[test]
        fn error_lists_exactly_the_allowed_targets(from in any_status(), to in any_status()) {
            match check_transition(from, to) {
                Ok(()) => prop_assert!(from == to || allowed_transitions(from).contains(&to)),
                Err(CoreError::InvalidTransition { allowed, .. }) => {
                    prop_assert_eq!(allowed, allowed_transitions(from).to_vec());
                    prop_assert!(!allowed_transitions(from).contains(&to));
                }
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }

        /// Any sequence of accepted transitions never leaves closed and only reaches
        /// closed through solved.
        #[test]
        fn walks_reach_closed_only_through_solved(steps in proptest::collection::vec(any_status(), 0..40)) {
            let mut status = Status::New;
            for next in steps {
                if check_transition(status, next).is_ok() {
                    if next == Status::Closed && status != Status::Closed {
                        prop_assert_eq!(status, Status::Solved);
                    }
                    if status == Status::Closed {
                        prop_assert_eq!(next, Status::Closed);
                    }
                    status = next;
                }
            }
        }

        #[test]
        fn customer_reply_never_leaves_ticket_solved_or_pending(from in any_status()) {
            match on_customer_reply(from) {
                ReplyEffect::SetStatus(s) => {
                    prop_assert_eq!(s, Status::Open);
                    prop_assert!(check_transition(from, s).is_ok());
                }
                ReplyEffect::Keep => prop_assert!(!matches!(from, Status::Pending | Status::Solved | Status::Closed)),
                ReplyEffect::FollowUp => prop_assert_eq!(from, Status::Closed),
            }
        }
    }

    #[test]
    fn invalid_transition_message_names_allowed_statuses() {
        let err = check_transition(Status::Solved, Status::Pending).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot change status from solved to pending; allowed: open, closed"
        );
        let err = check_transition(Status::Closed, Status::Open).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot change status from closed to open; allowed: none (the status is final)"
        );
    }
}
