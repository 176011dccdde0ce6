/// Errors of the store layer. Backends map their driver errors into these; the
/// cause is kept for logs and never shown to clients.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// A uniqueness or consistency rule held by the database; `constraint` is a
    /// stable name the web layer maps to 409/422.
    #[error("conflict on {constraint}")]
    Conflict { constraint: &'static str },
    /// The database cannot be reached or is shutting down.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    #[error("store error: {0}")]
    Other(String),
}

impl StoreError {
    pub fn not_found(entity: &'static str) -> Self {
        StoreError::NotFound { entity }
    }
    pub fn conflict(constraint: &'static str) -> Self {
        StoreError::Conflict { constraint }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
