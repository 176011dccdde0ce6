//! API tokens and sessions. Only hashes of the secrets are stored.

use jiff::{SignedDuration, Timestamp};
use sqlx::PgPool;
use tessera_store::{ApiToken, NewApiToken, NewSession, Session, StoreError, StoreResult, User};

use crate::errors::from_sqlx;
use crate::rows::{self, micros, user_columns};

/// A token's `last_used_at` is rewritten at most this often, so that authenticating
/// every API request does not also write a row every time.
const LAST_USED_GRANULARITY: SignedDuration = SignedDuration::from_secs(60);

/// The columns of `api_tokens` as [`rows::api_token`] reads them.
macro_rules! token_columns {
    () => {
        "id as token_id, user_id as token_user_id, name as token_name, \
         prefix as token_prefix, created_at as token_created_at, \
         last_used_at as token_last_used_at, revoked_at as token_revoked_at"
    };
}

pub(crate) async fn create_api_token(pool: &PgPool, new: NewApiToken) -> StoreResult<ApiToken> {
    let row = sqlx::query(concat!(
        "insert into api_tokens (user_id, name, prefix, token_hash, created_at)
         values ($1, $2, $3, $4, $5)
         returning ",
        token_columns!()
    ))
    .bind(new.user_id)
    .bind(&new.name)
    .bind(&new.prefix)
    .bind(&new.token_hash)
    .bind(micros(new.created_at))
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    rows::api_token(&row)
}

pub(crate) async fn use_api_token(
    pool: &PgPool,
    token_hash: &[u8],
    used_at: Timestamp,
) -> StoreResult<Option<(ApiToken, User)>> {
    let stale_before = used_at
        .checked_sub(LAST_USED_GRANULARITY)
        .unwrap_or(Timestamp::MIN);
    // One round trip: the CTE touches the token when its last use is stale; the outer
    // select still sees the row as it was, hence the coalesce.
    let row = sqlx::query(concat!(
        "with touched as (
             update api_tokens set last_used_at = $2
             where token_hash = $1 and revoked_at is null
               and (last_used_at is null or last_used_at < $3)
             returning id, last_used_at)
         select k.id as token_id, k.user_id as token_user_id, k.name as token_name,
                k.prefix as token_prefix, k.created_at as token_created_at,
                coalesce(touched.last_used_at, k.last_used_at) as token_last_used_at,
                k.revoked_at as token_revoked_at, ",
        user_columns!(),
        " from api_tokens k
          join users u on u.id = k.user_id
          left join touched on touched.id = k.id
          where k.token_hash = $1 and k.revoked_at is null"
    ))
    .bind(token_hash)
    .bind(micros(used_at))
    .bind(micros(stale_before))
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?;
    match row {
        Some(row) => Ok(Some((rows::api_token(&row)?, rows::user(&row)?))),
        None => Ok(None),
    }
}

pub(crate) async fn list_api_tokens(
    pool: &PgPool,
    user_id: Option<i64>,
) -> StoreResult<Vec<ApiToken>> {
    let found = sqlx::query(concat!(
        "select ",
        token_columns!(),
        " from api_tokens where $1::bigint is null or user_id = $1 order by id"
    ))
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::api_token).collect()
}

pub(crate) async fn revoke_api_token(pool: &PgPool, id: i64, at: Timestamp) -> StoreResult<()> {
    // Revoking twice keeps the first revocation time.
    let done =
        sqlx::query("update api_tokens set revoked_at = coalesce(revoked_at, $2) where id = $1")
            .bind(id)
            .bind(micros(at))
            .execute(pool)
            .await
            .map_err(from_sqlx)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::not_found("api_token"));
    }
    Ok(())
}

pub(crate) async fn create_session(pool: &PgPool, new: NewSession) -> StoreResult<()> {
    sqlx::query(
        "insert into sessions (id_hash, user_id, csrf_token, created_at, expires_at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(&new.id_hash)
    .bind(new.user_id)
    .bind(&new.csrf_token)
    .bind(micros(new.created_at))
    .bind(micros(new.expires_at))
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub(crate) async fn get_session(
    pool: &PgPool,
    id_hash: &[u8],
    now: Timestamp,
) -> StoreResult<Option<(Session, User)>> {
    let row = sqlx::query(concat!(
        "select s.user_id as session_user_id, s.csrf_token as session_csrf_token,
                s.created_at as session_created_at, s.expires_at as session_expires_at, ",
        user_columns!(),
        " from sessions s join users u on u.id = s.user_id
          where s.id_hash = $1 and s.expires_at > $2"
    ))
    .bind(id_hash)
    .bind(micros(now))
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?;
    match row {
        Some(row) => Ok(Some((rows::session(&row)?, rows::user(&row)?))),
        None => Ok(None),
    }
}

pub(crate) async fn delete_session(pool: &PgPool, id_hash: &[u8]) -> StoreResult<()> {
    sqlx::query("delete from sessions where id_hash = $1")
        .bind(id_hash)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}
