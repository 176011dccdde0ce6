//! Saved views, per agent or shared.

use sqlx::PgPool;
use sqlx::types::Json;
use tessera_store::{NewSavedView, SavedView, StoreError, StoreResult};

use crate::errors::from_sqlx;
use crate::rows::{self, micros, view_columns};

pub(crate) async fn create_view(pool: &PgPool, new: NewSavedView) -> StoreResult<SavedView> {
    let row = sqlx::query(concat!(
        "insert into saved_views (owner_id, name, filters, sort, columns, position, created_at)
         values ($1, $2, $3, $4, $5, $6, $7)
         returning ",
        view_columns!()
    ))
    .bind(new.owner_id)
    .bind(&new.name)
    .bind(Json(&new.filters))
    .bind(&new.sort)
    .bind(Json(&new.columns))
    .bind(new.position)
    .bind(micros(new.created_at))
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    rows::view(&row)
}

pub(crate) async fn get_view(pool: &PgPool, id: i64) -> StoreResult<SavedView> {
    let row = sqlx::query(concat!(
        "select ",
        view_columns!(),
        " from saved_views where id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("saved_view"))?;
    rows::view(&row)
}

/// Writes every field but `id` and `created_at`.
pub(crate) async fn update_view(pool: &PgPool, view: &SavedView) -> StoreResult<SavedView> {
    let row = sqlx::query(concat!(
        "update saved_views set owner_id = $2, name = $3, filters = $4, sort = $5,
             columns = $6, position = $7
         where id = $1
         returning ",
        view_columns!()
    ))
    .bind(view.id)
    .bind(view.owner_id)
    .bind(&view.name)
    .bind(Json(&view.filters))
    .bind(&view.sort)
    .bind(Json(&view.columns))
    .bind(view.position)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("saved_view"))?;
    rows::view(&row)
}

pub(crate) async fn delete_view(pool: &PgPool, id: i64) -> StoreResult<()> {
    let done = sqlx::query("delete from saved_views where id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::not_found("saved_view"));
    }
    Ok(())
}

/// The user's own views and the shared ones.
pub(crate) async fn list_views(pool: &PgPool, user_id: i64) -> StoreResult<Vec<SavedView>> {
    let found = sqlx::query(concat!(
        "select ",
        view_columns!(),
        " from saved_views where owner_id = $1 or owner_id is null order by position, id"
    ))
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::view).collect()
}
