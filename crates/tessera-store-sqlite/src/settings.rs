//! Instance settings: a small key-value table.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::error::Result;

pub(crate) fn all(conn: &Connection) -> Result<BTreeMap<String, String>> {
    Ok(conn
        .prepare_cached("SELECT key, value FROM settings")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute((key, value))?;
    Ok(())
}
