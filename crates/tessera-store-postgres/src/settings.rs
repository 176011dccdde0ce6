//! Instance settings: a small key-value table.

use std::collections::BTreeMap;

use sqlx::PgPool;
use tessera_store::StoreResult;

use crate::errors::from_sqlx;

pub(crate) async fn settings(pool: &PgPool) -> StoreResult<BTreeMap<String, String>> {
    let found: Vec<(String, String)> = sqlx::query_as("select key, value from settings")
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(found.into_iter().collect())
}

pub(crate) async fn put_setting(pool: &PgPool, key: &str, value: &str) -> StoreResult<()> {
    sqlx::query(
        "insert into settings (key, value) values ($1, $2)
         on conflict (key) do update set value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}
