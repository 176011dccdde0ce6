//! A small migration runner: each migration runs in its own transaction that first
//! takes a transaction-scoped advisory lock, so several nodes starting at once apply
//! every migration exactly once (the others wait, then see it recorded).

use jiff::Timestamp;
use sqlx::PgPool;
use tessera_store::{StoreError, StoreResult};

use crate::errors::from_sqlx;

/// `(version, name, sql)` of every migration, in order. Versions and names must
/// equal `tessera_store::schema::MIGRATIONS` (checked by a test).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
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

/// Advisory lock key serialising schema changes across nodes ("tessera" in ASCII).
const MIGRATION_LOCK: i64 = 0x0074_6573_7365_7261;

/// Applies every migration not yet recorded in `schema_migrations`.
pub(crate) async fn run(pool: &PgPool) -> StoreResult<()> {
    for &(version, name, sql) in MIGRATIONS {
        let mut tx = pool.begin().await.map_err(from_sqlx)?;
        sqlx::query("select pg_advisory_xact_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        // Created under the lock: a concurrent `create table if not exists` can
        // still fail on the catalog's unique index.
        sqlx::query(
            "create table if not exists schema_migrations (
                 version    bigint primary key,
                 name       text   not null,
                 applied_at bigint not null
             )",
        )
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;

        let applied: Option<String> =
            sqlx::query_scalar("select name from schema_migrations where version = $1")
                .bind(version)
                .fetch_optional(&mut *tx)
                .await
                .map_err(from_sqlx)?;
        match applied {
            Some(applied) if applied == name => continue,
            Some(applied) => {
                return Err(StoreError::Other(format!(
                    "schema migration {version} is recorded as {applied:?}, expected {name:?}"
                )));
            }
            None => {}
        }

        // The file holds several statements: send it as one simple query.
        sqlx::raw_sql(sql)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        sqlx::query(
            "insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)",
        )
        .bind(version)
        .bind(name)
        .bind(Timestamp::now().as_microsecond())
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
        tx.commit().await.map_err(from_sqlx)?;
        tracing::info!(version, name, "applied schema migration");
    }

    // A newer binary may have migrated further (rolling upgrade); this one can still
    // run as long as the changes were additive, so warn rather than refuse.
    let latest = MIGRATIONS.last().map_or(0, |m| m.0);
    let newer: Vec<i64> =
        sqlx::query_scalar("select version from schema_migrations where version > $1")
            .bind(latest)
            .fetch_all(pool)
            .await
            .map_err(from_sqlx)?;
    if !newer.is_empty() {
        tracing::warn!(
            ?newer,
            "database has schema migrations this binary does not know"
        );
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
    fn versions_increase() {
        assert!(MIGRATIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
