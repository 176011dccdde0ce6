//! Maps sqlx errors onto [`StoreError`]. Constraint names come from
//! `migrations/`, where every unique constraint is named
//! explicitly so this table stays stable.

use tessera_store::StoreError;

/// SQLSTATE `23505`.
const UNIQUE_VIOLATION: &str = "23505";
/// SQLSTATE `23503`.
const FOREIGN_KEY_VIOLATION: &str = "23503";

/// The stable conflict name for a unique constraint of the schema.
fn unique_conflict_name(constraint: &str) -> &'static str {
    match constraint {
        // A primary email lives in `users.email` and in `identities`; both mean the
        // address already belongs to someone.
        "users_email_unique" | "identities_kind_value_unique" => "identity_unique",
        "organizations_name_unique" => "organization_name",
        "groups_name_unique" => "group_name",
        "idempotency_keys_pkey" => "idempotency_key",
        // A dead job retried while a live one holds its dedupe key.
        "jobs_dedupe_key_idx" => "job_dedupe",
        "mailboxes_address_unique" => "mailbox_address",
        "sla_calendars_name_unique" => "sla_calendar_name",
        "sla_policies_name_unique" => "sla_policy_name",
        // Not expected in practice (token hashes, session ids are random); still a
        // conflict rather than an internal error.
        _ => "unique",
    }
}

/// The SQLSTATE of a database error, if `error` is one.
pub(crate) fn sqlstate(error: &sqlx::Error) -> Option<String> {
    match error {
        sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()),
        _ => None,
    }
}

/// True when `error` is a foreign-key violation (something still refers to the row,
/// or a referenced row is missing).
pub(crate) fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    sqlstate(error).as_deref() == Some(FOREIGN_KEY_VIOLATION)
}

/// Converts a driver error into the store's error type.
pub(crate) fn from_sqlx(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::Database(db) => {
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            match code.as_str() {
                UNIQUE_VIOLATION => {
                    StoreError::conflict(unique_conflict_name(db.constraint().unwrap_or("")))
                }
                FOREIGN_KEY_VIOLATION => StoreError::conflict("reference"),
                // Class 08: connection exceptions; 57P0x: the server is shutting
                // down or not accepting connections yet; 53300: too many connections.
                c if c.starts_with("08") || c.starts_with("57P") || c == "53300" => {
                    StoreError::Unavailable(db.message().to_owned())
                }
                _ => StoreError::Other(format!("database error {code}: {}", db.message())),
            }
        }
        sqlx::Error::RowNotFound => StoreError::Other("unexpected empty result".to_owned()),
        e @ (sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_)) => StoreError::Unavailable(e.to_string()),
        other => StoreError::Other(other.to_string()),
    }
}

/// A value read back from the database that the domain rejects (an unknown status
/// text, a priority rank out of range): the data is corrupt, not the request.
pub(crate) fn corrupt(column: &str, value: impl std::fmt::Debug) -> StoreError {
    StoreError::Other(format!("invalid value {value:?} in column {column}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_constraints_have_stable_names() {
        assert_eq!(
            unique_conflict_name("users_email_unique"),
            "identity_unique"
        );
        assert_eq!(
            unique_conflict_name("identities_kind_value_unique"),
            "identity_unique"
        );
        assert_eq!(
            unique_conflict_name("organizations_name_unique"),
            "organization_name"
        );
        assert_eq!(unique_conflict_name("groups_name_unique"), "group_name");
        assert_eq!(
            unique_conflict_name("idempotency_keys_pkey"),
            "idempotency_key"
        );
        assert_eq!(unique_conflict_name("jobs_dedupe_key_idx"), "job_dedupe");
    }

    #[test]
    fn pool_errors_mean_unavailable() {
        assert!(matches!(
            from_sqlx(sqlx::Error::PoolTimedOut),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            from_sqlx(sqlx::Error::PoolClosed),
            StoreError::Unavailable(_)
        ));
    }
}
