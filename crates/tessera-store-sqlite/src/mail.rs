//! The email channel: mailboxes, raw inbound messages and known Message-IDs.

use rusqlite::{Connection, OptionalExtension, Row, named_params};
use tessera_store::{
    Mailbox, MessageDirection, MessageIdRecord, NewMailbox, NewRawMessage, RawMessage,
    RawMessageState, StoreError, StoredRawMessage, mail_process_job,
};

use crate::error::{Result, corrupt};
use crate::jobs;
use crate::rows::{Columns, micros};

/// Most ids one `list_raw_message_ids` returns.
const MAX_LIST: u32 = 500;

const MAILBOX_COLUMNS: &str = "id, address, name, default_group_id, default_language, created_at";

const RAW_COLUMNS: &str = "id, mailbox_id, envelope_from, envelope_to, remote_addr, \
     received_at, sha256, message_id, bytes, state, attempts, error, ticket_id, comment_id";

const MESSAGE_ID_COLUMNS: &str = "message_id, ticket_id, comment_id, direction, at";

fn mailbox(row: &Row<'_>) -> rusqlite::Result<Mailbox> {
    let mut c = Columns::new(row);
    Ok(Mailbox {
        id: c.get()?,
        address: c.get()?,
        name: c.get()?,
        default_group_id: c.get()?,
        default_language: c.get()?,
        created_at: c.timestamp()?,
    })
}

fn invalid(column: usize, what: &str, value: &str) -> rusqlite::Error {
    corrupt(
        column,
        std::io::Error::other(format!("invalid {what} {value:?}")),
    )
}

fn raw_message(row: &Row<'_>) -> rusqlite::Result<RawMessage> {
    let mut c = Columns::new(row);
    Ok(RawMessage {
        id: c.get()?,
        mailbox_id: c.get()?,
        envelope_from: c.get()?,
        envelope_to: c.json()?,
        remote_addr: c.get()?,
        received_at: c.timestamp()?,
        sha256: c.get()?,
        message_id: c.get()?,
        bytes: c.get()?,
        state: {
            let text: String = c.get()?;
            RawMessageState::parse(&text).ok_or_else(|| invalid(9, "state", &text))?
        },
        attempts: c.get()?,
        error: c.get()?,
        ticket_id: c.get()?,
        comment_id: c.get()?,
    })
}

fn message_id_record(row: &Row<'_>) -> rusqlite::Result<MessageIdRecord> {
    let mut c = Columns::new(row);
    Ok(MessageIdRecord {
        message_id: c.get()?,
        ticket_id: c.get()?,
        comment_id: c.get()?,
        direction: {
            let text: String = c.get()?;
            MessageDirection::parse(&text).ok_or_else(|| invalid(3, "direction", &text))?
        },
        at: c.timestamp()?,
    })
}

// ----- mailboxes -------------------------------------------------------------------

pub(crate) fn create_mailbox(conn: &Connection, new: NewMailbox) -> Result<Mailbox> {
    Ok(conn
        .prepare_cached(&format!(
            "INSERT INTO mailboxes (address, name, default_group_id, default_language, created_at)
             VALUES (:address, :name, :group, :language, :created_at)
             RETURNING {MAILBOX_COLUMNS}"
        ))?
        .query_row(
            named_params! {
                ":address": new.address.to_lowercase(),
                ":name": new.name,
                ":group": new.default_group_id,
                ":language": new.default_language,
                ":created_at": micros(new.created_at),
            },
            mailbox,
        )?)
}

pub(crate) fn get_mailbox(conn: &Connection, id: i64) -> Result<Mailbox> {
    conn.prepare_cached(&format!(
        "SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE id = ?1"
    ))?
    .query_row([id], mailbox)
    .optional()?
    .ok_or_else(|| StoreError::not_found("mailbox").into())
}

pub(crate) fn find_mailbox(conn: &Connection, address: &str) -> Result<Option<Mailbox>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE address = ?1"
        ))?
        .query_row([address.to_lowercase()], mailbox)
        .optional()?)
}

pub(crate) fn update_mailbox(conn: &Connection, m: &Mailbox) -> Result<Mailbox> {
    conn.prepare_cached(&format!(
        "UPDATE mailboxes SET address = :address, name = :name, default_group_id = :group,
             default_language = :language
         WHERE id = :id
         RETURNING {MAILBOX_COLUMNS}"
    ))?
    .query_row(
        named_params! {
            ":id": m.id,
            ":address": m.address.to_lowercase(),
            ":name": m.name,
            ":group": m.default_group_id,
            ":language": m.default_language,
        },
        mailbox,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("mailbox").into())
}

pub(crate) fn delete_mailbox(conn: &Connection, id: i64) -> Result<()> {
    let deleted = conn
        .prepare_cached("DELETE FROM mailboxes WHERE id = ?1")?
        .execute([id])?;
    if deleted == 0 {
        return Err(StoreError::not_found("mailbox").into());
    }
    Ok(())
}

pub(crate) fn list_mailboxes(conn: &Connection) -> Result<Vec<Mailbox>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {MAILBOX_COLUMNS} FROM mailboxes ORDER BY address"
        ))?
        .query_map([], mailbox)?
        .collect::<rusqlite::Result<_>>()?)
}

// ----- raw messages ----------------------------------------------------------------

/// Runs on the single writer, so "look for the duplicate, then insert" cannot race.
pub(crate) fn store_raw_message(conn: &Connection, new: NewRawMessage) -> Result<StoredRawMessage> {
    if let Some(message_id) = &new.message_id {
        let existing: Option<i64> = conn
            .prepare_cached(
                "SELECT id FROM raw_messages
                 WHERE mailbox_id = ?1 AND message_id = ?2 AND message_id IS NOT NULL",
            )?
            .query_row((new.mailbox_id, message_id), |row| row.get(0))
            .optional()?;
        if let Some(id) = existing {
            return Ok(StoredRawMessage {
                id,
                duplicate: true,
            });
        }
    }
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO raw_messages (mailbox_id, envelope_from, envelope_to, remote_addr,
                 received_at, sha256, message_id, bytes)
             VALUES (:mailbox, :from, :to, :remote, :received_at, :sha256, :message_id, :bytes)
             RETURNING id",
        )?
        .query_row(
            named_params! {
                ":mailbox": new.mailbox_id,
                ":from": new.envelope_from,
                ":to": serde_json::to_string(&new.envelope_to)?,
                ":remote": new.remote_addr,
                ":received_at": micros(new.received_at),
                ":sha256": new.sha256,
                ":message_id": new.message_id,
                ":bytes": new.bytes,
            },
            |row| row.get(0),
        )?;
    jobs::enqueue(conn, &[mail_process_job(id, new.received_at)])?;
    Ok(StoredRawMessage {
        id,
        duplicate: false,
    })
}

pub(crate) fn get_raw_message(conn: &Connection, id: i64) -> Result<RawMessage> {
    conn.prepare_cached(&format!(
        "SELECT {RAW_COLUMNS} FROM raw_messages WHERE id = ?1"
    ))?
    .query_row([id], raw_message)
    .optional()?
    .ok_or_else(|| StoreError::not_found("raw_message").into())
}

pub(crate) fn mark_raw_message(
    conn: &Connection,
    id: i64,
    state: RawMessageState,
    ticket_id: Option<i64>,
    comment_id: Option<i64>,
    error: Option<&str>,
) -> Result<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE raw_messages SET state = ?2, ticket_id = ?3, comment_id = ?4, error = ?5,
                 attempts = attempts + 1
             WHERE id = ?1",
        )?
        .execute((id, state.as_str(), ticket_id, comment_id, error))?;
    if changed == 0 {
        return Err(StoreError::not_found("raw_message").into());
    }
    Ok(())
}

pub(crate) fn list_raw_message_ids(
    conn: &Connection,
    state: RawMessageState,
    limit: u32,
) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM raw_messages WHERE state = ?1 ORDER BY id LIMIT ?2")?
        .query_map(
            (state.as_str(), i64::from(limit.clamp(1, MAX_LIST))),
            |row| row.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn list_raw_messages_for_ticket(
    conn: &Connection,
    ticket_id: i64,
) -> Result<Vec<RawMessage>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {RAW_COLUMNS} FROM raw_messages WHERE ticket_id = ?1 ORDER BY id"
        ))?
        .query_map([ticket_id], raw_message)?
        .collect::<rusqlite::Result<_>>()?)
}

// ----- Message-IDs -----------------------------------------------------------------

pub(crate) fn record_message_id(conn: &Connection, record: MessageIdRecord) -> Result<bool> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO message_ids (message_id, ticket_id, comment_id, direction, at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (message_id) DO NOTHING",
        )?
        .execute((
            &record.message_id,
            record.ticket_id,
            record.comment_id,
            record.direction.as_str(),
            micros(record.at),
        ))?;
    Ok(inserted == 1)
}

pub(crate) fn tickets_for_message_ids(
    conn: &Connection,
    message_ids: &[String],
) -> Result<Vec<MessageIdRecord>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {MESSAGE_ID_COLUMNS} FROM message_ids WHERE message_id = ?1"
    ))?;
    let mut found = Vec::new();
    // One indexed lookup per id: a References header is capped at a few dozen ids.
    for id in message_ids {
        if let Some(record) = statement.query_row([id], message_id_record).optional()?
            && !found
                .iter()
                .any(|r: &MessageIdRecord| r.message_id == record.message_id)
        {
            found.push(record);
        }
    }
    Ok(found)
}
