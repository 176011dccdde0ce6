use crate::ticket::Status;

/// Errors of the pure domain: rule violations, never I/O.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    /// A status change the lifecycle does not allow.
    #[error("cannot change status from {from} to {to}; allowed: {}", allowed_list(.allowed))]
    InvalidTransition {
        from: Status,
        to: Status,
        allowed: Vec<Status>,
    },
    /// A value that does not parse or is out of range; `field` names the input.
    #[error("{field}: {message}")]
    InvalidValue { field: String, message: String },
}

impl CoreError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::InvalidValue {
            field: field.into(),
            message: message.into(),
        }
    }
}

fn allowed_list(allowed: &[Status]) -> String {
    if allowed.is_empty() {
        return "none (the status is final)".to_owned();
    }
    allowed
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
