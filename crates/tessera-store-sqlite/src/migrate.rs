//! Schema migrations, embedded in the binary and applied in order at start-up.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::Result;
use crate::rows::micros;

/// `(version, name, sql)`; versions and names must equal `tessera_store::schema::MIGRATIONS`.
pub(crate) const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/0001_foundation.sql"),
    ),
    (
        2,
        "views_settings_jobs",
        include_str!("../migrations/0002_views_settings_jobs.sql"),
    ),
    (3, "mail", include_str!("../migrations/0003_mail.sql")),
    (
        4,
        "queue_indexes",
        include_str!("../migrations/0004_queue_indexes.sql"),
    ),
    (5, "sla", include_str!("../migrations/0005_sla.sql")),
];

/// Applies every migration not yet recorded in `schema_migrations`, each in its own
/// transaction together with its record, so a failed migration leaves no trace.
pub(crate) fn apply(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT    NOT NULL,
             applied_at INTEGER NOT NULL
         )",
    )?;
    for &(version, name, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Checked inside the transaction: two processes starting at once cannot both
        // apply the same version.
        let applied = tx
            .query_row(
                "SELECT 1 FROM schema_migrations WHERE version = ?1",
                [version],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if applied {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            (version, name, micros(Timestamp::now())),
        )?;
        tx.commit()?;
        tracing::info!(version, name, "applied SQLite migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_match_the_shared_schema_list() {
        let ours: Vec<(i64, &str)> = MIGRATIONS.iter().map(|&(v, n, _)| (v, n)).collect();
        assert_eq!(ours, tessera_store::schema::MIGRATIONS);
    }

    #[test]
    fn migrations_apply_once() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        apply(&mut conn)?;
        apply(&mut conn)?;
        let count: i64 =
            conn.query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))?;
        assert_eq!(count, MIGRATIONS.len() as i64);
        Ok(())
    }
}
