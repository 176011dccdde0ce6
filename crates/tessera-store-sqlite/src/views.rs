//! Saved views, per agent or shared.

use rusqlite::{Connection, OptionalExtension, named_params};
use tessera_store::{NewSavedView, SavedView, StoreError};

use crate::error::Result;
use crate::rows::{self, VIEW_COLUMNS, micros};

pub(crate) fn create(conn: &Connection, new: NewSavedView) -> Result<SavedView> {
    Ok(conn
        .prepare_cached(&format!(
            "INSERT INTO saved_views (owner_id, name, filters, sort, columns, position, created_at)
             VALUES (:owner_id, :name, :filters, :sort, :columns, :position, :created_at)
             RETURNING {VIEW_COLUMNS}"
        ))?
        .query_row(
            named_params! {
                ":owner_id": new.owner_id,
                ":name": new.name,
                ":filters": serde_json::to_string(&new.filters)?,
                ":sort": new.sort,
                ":columns": serde_json::to_string(&new.columns)?,
                ":position": new.position,
                ":created_at": micros(new.created_at),
            },
            rows::view,
        )?)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<SavedView> {
    conn.prepare_cached(&format!(
        "SELECT {VIEW_COLUMNS} FROM saved_views WHERE id = ?1"
    ))?
    .query_row([id], rows::view)
    .optional()?
    .ok_or_else(|| StoreError::not_found("saved_view").into())
}

/// Writes every field but `id` and `created_at`.
pub(crate) fn update(conn: &Connection, view: &SavedView) -> Result<SavedView> {
    conn.prepare_cached(&format!(
        "UPDATE saved_views SET owner_id = :owner_id, name = :name, filters = :filters,
             sort = :sort, columns = :columns, position = :position
         WHERE id = :id
         RETURNING {VIEW_COLUMNS}"
    ))?
    .query_row(
        named_params! {
            ":id": view.id,
            ":owner_id": view.owner_id,
            ":name": view.name,
            ":filters": serde_json::to_string(&view.filters)?,
            ":sort": view.sort,
            ":columns": serde_json::to_string(&view.columns)?,
            ":position": view.position,
        },
        rows::view,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("saved_view").into())
}

pub(crate) fn delete(conn: &Connection, id: i64) -> Result<()> {
    let deleted = conn
        .prepare_cached("DELETE FROM saved_views WHERE id = ?1")?
        .execute([id])?;
    if deleted == 0 {
        return Err(StoreError::not_found("saved_view").into());
    }
    Ok(())
}

/// The user's own views and the shared ones.
pub(crate) fn list(conn: &Connection, user_id: i64) -> Result<Vec<SavedView>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} FROM saved_views
             WHERE owner_id = ?1 OR owner_id IS NULL ORDER BY position, id"
        ))?
        .query_map([user_id], rows::view)?
        .collect::<rusqlite::Result<_>>()?)
}
