//! The email channel: mailboxes, raw inbound messages and known Message-IDs.
//!
//! A duplicate delivery is decided by the partial unique index on
//! `(mailbox_id, message_id)` with `on conflict do nothing`, so two nodes taking
//! the same message at once still store it once.

use sqlx::PgPool;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use tessera_store::{
    Mailbox, MessageDirection, MessageIdRecord, NewMailbox, NewRawMessage, RawMessage,
    RawMessageState, StoreError, StoreResult, StoredRawMessage, mail_process_job,
};

use crate::errors::{corrupt, from_sqlx};
use crate::jobs;
use crate::rows::{get, micros, timestamp};

/// Most ids one `list_raw_message_ids` returns.
const MAX_LIST: u32 = 500;

macro_rules! mailbox_columns {
    () => {
        "id, address, name, default_group_id, default_language, created_at"
    };
}

macro_rules! raw_columns {
    () => {
        "id, mailbox_id, envelope_from, envelope_to, remote_addr, received_at, sha256, \
         message_id, bytes, state, attempts, error, ticket_id, comment_id"
    };
}

macro_rules! message_id_columns {
    () => {
        "message_id, ticket_id, comment_id, direction, at"
    };
}

fn mailbox(row: &PgRow) -> StoreResult<Mailbox> {
    Ok(Mailbox {
        id: get(row, "id")?,
        address: get(row, "address")?,
        name: get(row, "name")?,
        default_group_id: get(row, "default_group_id")?,
        default_language: get(row, "default_language")?,
        created_at: timestamp(row, "created_at")?,
    })
}

fn raw_message(row: &PgRow) -> StoreResult<RawMessage> {
    let envelope_to: Json<Vec<String>> = get(row, "envelope_to")?;
    let state: String = get(row, "state")?;
    Ok(RawMessage {
        id: get(row, "id")?,
        mailbox_id: get(row, "mailbox_id")?,
        envelope_from: get(row, "envelope_from")?,
        envelope_to: envelope_to.0,
        remote_addr: get(row, "remote_addr")?,
        received_at: timestamp(row, "received_at")?,
        sha256: get(row, "sha256")?,
        message_id: get(row, "message_id")?,
        bytes: get(row, "bytes")?,
        state: RawMessageState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        attempts: get(row, "attempts")?,
        error: get(row, "error")?,
        ticket_id: get(row, "ticket_id")?,
        comment_id: get(row, "comment_id")?,
    })
}

fn message_id_record(row: &PgRow) -> StoreResult<MessageIdRecord> {
    let direction: String = get(row, "direction")?;
    Ok(MessageIdRecord {
        message_id: get(row, "message_id")?,
        ticket_id: get(row, "ticket_id")?,
        comment_id: get(row, "comment_id")?,
        direction: MessageDirection::parse(&direction)
            .ok_or_else(|| corrupt("direction", &direction))?,
        at: timestamp(row, "at")?,
    })
}

// ----- mailboxes -------------------------------------------------------------------

pub(crate) async fn create_mailbox(pool: &PgPool, new: NewMailbox) -> StoreResult<Mailbox> {
    let row = sqlx::query(concat!(
        "insert into mailboxes (address, name, default_group_id, default_language, created_at)
         values ($1, $2, $3, $4, $5)
         returning ",
        mailbox_columns!()
    ))
    .bind(new.address.to_lowercase())
    .bind(&new.name)
    .bind(new.default_group_id)
    .bind(&new.default_language)
    .bind(micros(new.created_at))
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    mailbox(&row)
}

pub(crate) async fn get_mailbox(pool: &PgPool, id: i64) -> StoreResult<Mailbox> {
    let row = sqlx::query(concat!(
        "select ",
        mailbox_columns!(),
        " from mailboxes where id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("mailbox"))?;
    mailbox(&row)
}

pub(crate) async fn find_mailbox(pool: &PgPool, address: &str) -> StoreResult<Option<Mailbox>> {
    let row = sqlx::query(concat!(
        "select ",
        mailbox_columns!(),
        " from mailboxes where address = $1"
    ))
    .bind(address.to_lowercase())
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?;
    row.as_ref().map(mailbox).transpose()
}

pub(crate) async fn update_mailbox(pool: &PgPool, m: &Mailbox) -> StoreResult<Mailbox> {
    let row = sqlx::query(concat!(
        "update mailboxes set address = $2, name = $3, default_group_id = $4,
             default_language = $5
         where id = $1
         returning ",
        mailbox_columns!()
    ))
    .bind(m.id)
    .bind(m.address.to_lowercase())
    .bind(&m.name)
    .bind(m.default_group_id)
    .bind(&m.default_language)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("mailbox"))?;
    mailbox(&row)
}

pub(crate) async fn delete_mailbox(pool: &PgPool, id: i64) -> StoreResult<()> {
    let done = sqlx::query("delete from mailboxes where id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::not_found("mailbox"));
    }
    Ok(())
}

pub(crate) async fn list_mailboxes(pool: &PgPool) -> StoreResult<Vec<Mailbox>> {
    let found = sqlx::query(concat!(
        "select ",
        mailbox_columns!(),
        " from mailboxes order by address"
    ))
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(mailbox).collect()
}

// ----- raw messages ----------------------------------------------------------------

pub(crate) async fn store_raw_message(
    pool: &PgPool,
    new: NewRawMessage,
) -> StoreResult<StoredRawMessage> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "insert into raw_messages (mailbox_id, envelope_from, envelope_to, remote_addr,
             received_at, sha256, message_id, bytes)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (mailbox_id, message_id) where message_id is not null do nothing
         returning id",
    )
    .bind(new.mailbox_id)
    .bind(&new.envelope_from)
    .bind(Json(&new.envelope_to))
    .bind(&new.remote_addr)
    .bind(micros(new.received_at))
    .bind(&new.sha256)
    .bind(&new.message_id)
    .bind(&new.bytes)
    .fetch_optional(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    let Some(id) = inserted else {
        // The conflicting row is committed (the insert waited for it), so it is
        // visible to this statement.
        let id: i64 = sqlx::query_scalar(
            "select id from raw_messages
             where mailbox_id = $1 and message_id = $2 and message_id is not null",
        )
        .bind(new.mailbox_id)
        .bind(&new.message_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(from_sqlx)?;
        tx.rollback().await.map_err(from_sqlx)?;
        return Ok(StoredRawMessage {
            id,
            duplicate: true,
        });
    };
    jobs::enqueue(&mut tx, &[&mail_process_job(id, new.received_at)]).await?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(StoredRawMessage {
        id,
        duplicate: false,
    })
}

pub(crate) async fn get_raw_message(pool: &PgPool, id: i64) -> StoreResult<RawMessage> {
    let row = sqlx::query(concat!(
        "select ",
        raw_columns!(),
        " from raw_messages where id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("raw_message"))?;
    raw_message(&row)
}

pub(crate) async fn mark_raw_message(
    pool: &PgPool,
    id: i64,
    state: RawMessageState,
    ticket_id: Option<i64>,
    comment_id: Option<i64>,
    error: Option<&str>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "update raw_messages set state = $2, ticket_id = $3, comment_id = $4, error = $5,
             attempts = attempts + 1
         where id = $1",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(ticket_id)
    .bind(comment_id)
    .bind(error)
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::not_found("raw_message"));
    }
    Ok(())
}

pub(crate) async fn list_raw_message_ids(
    pool: &PgPool,
    state: RawMessageState,
    limit: u32,
) -> StoreResult<Vec<i64>> {
    sqlx::query_scalar("select id from raw_messages where state = $1 order by id limit $2")
        .bind(state.as_str())
        .bind(i64::from(limit.clamp(1, MAX_LIST)))
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)
}

pub(crate) async fn list_raw_messages_for_ticket(
    pool: &PgPool,
    ticket_id: i64,
) -> StoreResult<Vec<RawMessage>> {
    let found = sqlx::query(concat!(
        "select ",
        raw_columns!(),
        " from raw_messages where ticket_id = $1 order by id"
    ))
    .bind(ticket_id)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(raw_message).collect()
}

// ----- Message-IDs -----------------------------------------------------------------

pub(crate) async fn record_message_id(pool: &PgPool, record: MessageIdRecord) -> StoreResult<bool> {
    let done = sqlx::query(
        "insert into message_ids (message_id, ticket_id, comment_id, direction, at)
         values ($1, $2, $3, $4, $5)
         on conflict (message_id) do nothing",
    )
    .bind(&record.message_id)
    .bind(record.ticket_id)
    .bind(record.comment_id)
    .bind(record.direction.as_str())
    .bind(micros(record.at))
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn tickets_for_message_ids(
    pool: &PgPool,
    message_ids: &[String],
) -> StoreResult<Vec<MessageIdRecord>> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = sqlx::query(concat!(
        "select ",
        message_id_columns!(),
        " from message_ids where message_id = any($1)"
    ))
    .bind(message_ids)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(message_id_record).collect()
}
