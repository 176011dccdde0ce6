//! API tokens and sessions. Both are looked up by a SHA-256 hash; the secrets
//! themselves are never stored.

use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension};
use tessera_store::{ApiToken, NewApiToken, NewSession, Session, StoreError, User};

use crate::error::Result;
use crate::rows::{
    self, API_TOKEN_COLUMNS, Columns, SESSION_COLUMNS, USER_COLUMNS, micros, qualified,
};

/// A token's `last_used_at` is rewritten at most this often, so that a busy
/// integration does not turn every API read into a write.
pub(crate) const LAST_USED_GRANULARITY: SignedDuration = SignedDuration::from_secs(60);

pub(crate) fn create_api_token(conn: &Connection, new: NewApiToken) -> Result<ApiToken> {
    Ok(conn
        .prepare_cached(&format!(
            "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING {API_TOKEN_COLUMNS}"
        ))?
        .query_row(
            (
                new.user_id,
                &new.name,
                &new.prefix,
                &new.token_hash,
                micros(new.created_at),
            ),
            rows::api_token,
        )?)
}

/// The live token with this hash and its owner.
pub(crate) fn find_api_token(
    conn: &Connection,
    token_hash: &[u8],
) -> Result<Option<(ApiToken, User)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {}, {} FROM api_tokens k JOIN users u ON u.id = k.user_id
             WHERE k.token_hash = ?1 AND k.revoked_at IS NULL",
            qualified("k", API_TOKEN_COLUMNS),
            qualified("u", USER_COLUMNS),
        ))?
        .query_row([token_hash], |row| {
            let mut c = Columns::new(row);
            Ok((rows::api_token_from(&mut c)?, rows::user_from(&mut c)?))
        })
        .optional()?)
}

/// Whether a use at `now` should be recorded, given the last recorded one.
pub(crate) fn needs_touch(last_used_at: Option<Timestamp>, now: Timestamp) -> bool {
    last_used_at.is_none_or(|last| now.duration_since(last) >= LAST_USED_GRANULARITY)
}

/// Records a use; the condition repeats `needs_touch` so concurrent uses write once.
pub(crate) fn touch_api_token(conn: &Connection, id: i64, used_at: Timestamp) -> Result<()> {
    let threshold = used_at
        .checked_sub(LAST_USED_GRANULARITY)
        .map_or(i64::MIN, micros);
    conn.prepare_cached(
        "UPDATE api_tokens SET last_used_at = ?1
         WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at <= ?3)",
    )?
    .execute((micros(used_at), id, threshold))?;
    Ok(())
}

pub(crate) fn list_api_tokens(conn: &Connection, user_id: Option<i64>) -> Result<Vec<ApiToken>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {API_TOKEN_COLUMNS} FROM api_tokens k
             WHERE ?1 IS NULL OR k.user_id = ?1 ORDER BY k.id"
        ))?
        .query_map([user_id], rows::api_token)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Revoking twice keeps the first revocation time.
pub(crate) fn revoke_api_token(conn: &Connection, id: i64, at: Timestamp) -> Result<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?1) WHERE id = ?2",
        )?
        .execute((micros(at), id))?;
    if changed == 0 {
        return Err(StoreError::not_found("api_token").into());
    }
    Ok(())
}

pub(crate) fn create_session(conn: &Connection, new: NewSession) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((
        &new.id_hash,
        new.user_id,
        &new.csrf_token,
        micros(new.created_at),
        micros(new.expires_at),
    ))?;
    Ok(())
}

pub(crate) fn get_session(
    conn: &Connection,
    id_hash: &[u8],
    now: Timestamp,
) -> Result<Option<(Session, User)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {}, {} FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = ?1 AND s.expires_at > ?2",
            qualified("s", SESSION_COLUMNS),
            qualified("u", USER_COLUMNS),
        ))?
        .query_row((id_hash, micros(now)), |row| {
            let mut c = Columns::new(row);
            Ok((rows::session_from(&mut c)?, rows::user_from(&mut c)?))
        })
        .optional()?)
}

pub(crate) fn delete_session(conn: &Connection, id_hash: &[u8]) -> Result<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE id_hash = ?1")?
        .execute([id_hash])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_touched_at_most_once_a_minute() {
        let t0 = Timestamp::UNIX_EPOCH;
        let later = |s: i64| t0.checked_add(SignedDuration::from_secs(s)).ok();
        assert!(needs_touch(None, t0));
        assert!(!needs_touch(Some(t0), later(59).unwrap_or(t0)));
        assert!(needs_touch(Some(t0), later(60).unwrap_or(t0)));
    }
}
