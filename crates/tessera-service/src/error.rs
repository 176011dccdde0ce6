use tessera_core::CoreError;
use tessera_store::StoreError;

/// Errors of the use cases. The web layer maps each variant to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input breaks a rule; `field` names it (422).
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// No or bad credentials (401).
    #[error("authentication required")]
    Unauthenticated,
    /// Signed in, but the role does not allow this (403).
    #[error("{0}")]
    Forbidden(String),
    /// Unknown id, or one the actor may not know exists (404).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request clashes with the current state (409).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// A storage failure; the cause is logged, never shown.
    #[error(transparent)]
    Store(StoreError),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ServiceError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        ServiceError::Forbidden(message.into())
    }
}

impl From<CoreError> for ServiceError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::InvalidValue { field, message } => ServiceError::Invalid { field, message },
            transition @ CoreError::InvalidTransition { .. } => ServiceError::Invalid {
                field: "status".to_owned(),
                message: transition.to_string(),
            },
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { entity } => ServiceError::NotFound(entity),
            StoreError::Conflict { constraint } => conflict_for(constraint),
            other => ServiceError::Store(other),
        }
    }
}

/// Turns a store constraint name into a client-facing conflict.
fn conflict_for(constraint: &'static str) -> ServiceError {
    let message = match constraint {
        "identity_unique" => "that email address or phone number already belongs to a user",
        "organization_name" => "an organization with that name already exists",
        "group_name" => "a group with that name already exists",
        "idempotency_key" => "this Idempotency-Key was already used with a different request body",
        "ticket_version" => "the ticket was changed by someone else; reload and try again",
        "organization_in_use" => "the organization still has users or tickets",
        "group_in_use" => "the group still has tickets",
        "reference" => "a referenced record does not exist",
        "sla_calendar_name" => "a business calendar with that name already exists",
        "sla_policy_name" => "an SLA policy with that name already exists",
        "version" => "it was changed by someone else; reload and try again",
        _ => "the request conflicts with the current state",
    };
    ServiceError::Conflict {
        code: constraint,
        message: message.to_owned(),
    }
}
