//! The backend's internal error: either a store-level outcome decided by our own code
//! (`NotFound`, `Conflict`, …) or a driver error still to be classified. Having both
//! behind one type lets every query function use `?` on either.

use rusqlite::ErrorCode;
use rusqlite::ffi;
use tessera_store::StoreError;

#[derive(Debug)]
pub(crate) enum Error {
    Store(StoreError),
    Sqlite(rusqlite::Error),
}

pub(crate) type Result<T> = std::result::Result<T, Error>;

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Store(StoreError::Other(format!("json: {e}")))
    }
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match e {
            Error::Store(e) => e,
            Error::Sqlite(e) => classify(e),
        }
    }
}

/// Maps a driver error onto the stable vocabulary of `StoreError`.
fn classify(e: rusqlite::Error) -> StoreError {
    let rusqlite::Error::SqliteFailure(failure, message) = &e else {
        return StoreError::Other(e.to_string());
    };
    match failure.code {
        ErrorCode::ConstraintViolation => match failure.extended_code {
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => StoreError::conflict("reference"),
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                match message.as_deref().and_then(unique_constraint_name) {
                    Some(name) => StoreError::conflict(name),
                    None => StoreError::Other(e.to_string()),
                }
            }
            _ => StoreError::Other(e.to_string()),
        },
        ErrorCode::DatabaseBusy
        | ErrorCode::DatabaseLocked
        | ErrorCode::CannotOpen
        | ErrorCode::DiskFull
        | ErrorCode::ReadOnly => StoreError::Unavailable(e.to_string()),
        _ => StoreError::Other(e.to_string()),
    }
}

/// SQLite reports a unique violation as `UNIQUE constraint failed: table.col[, table.col]`;
/// the first `table.column` tells which rule was broken.
fn unique_constraint_name(message: &str) -> Option<&'static str> {
    let columns = message.split_once(": ")?.1;
    let first = columns.split(", ").next()?;
    Some(match first {
        "users.email" | "identities.kind" | "identities.value" => "identity_unique",
        "organizations.name" => "organization_name",
        "groups.name" => "group_name",
        "idempotency_keys.user_id" | "idempotency_keys.key" => "idempotency_key",
        "api_tokens.token_hash" => "api_token",
        "sessions.id_hash" => "session",
        "tickets.number" => "ticket_number",
        "jobs.dedupe_key" => "job_dedupe",
        "mailboxes.address" => "mailbox_address",
        "sla_calendars.name" => "sla_calendar_name",
        "sla_policies.name" => "sla_policy_name",
        _ => return None,
    })
}

/// Turns a malformed stored value into a row-mapping error (it names the column).
pub(crate) fn corrupt(
    column: usize,
    cause: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(cause))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_messages_name_the_rule() {
        assert_eq!(
            unique_constraint_name("UNIQUE constraint failed: identities.kind, identities.value"),
            Some("identity_unique")
        );
        assert_eq!(
            unique_constraint_name("UNIQUE constraint failed: groups.name"),
            Some("group_name")
        );
        assert_eq!(
            unique_constraint_name("UNIQUE constraint failed: jobs.dedupe_key"),
            Some("job_dedupe")
        );
        assert_eq!(unique_constraint_name("something else"), None);
    }
}
