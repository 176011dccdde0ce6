//! SLA calendars and policies, each ticket's SLA row (mirrored into
//! `tickets.sla_due_at` for the queue sort) and in-app notifications. Write
//! functions run on the writer inside its transaction; reads on a reader.

use std::collections::BTreeMap;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, named_params};
use tessera_core::Status;
use tessera_store::{
    NewNotification, NewSlaCalendar, NewSlaPolicy, Notification, SlaCalendarRecord, SlaFacts,
    SlaPolicyRecord, SlaScan, StoreError, TicketSla, TicketWithSla, reordered_sla_policies,
};

use crate::error::{Error, Result};
use crate::rows::{
    self, NOTIFICATION_COLUMNS, SLA_CALENDAR_COLUMNS, SLA_FACTS_TICKET_COLUMNS, SLA_POLICY_COLUMNS,
    TICKET_COLUMNS, TICKET_SLA_COLUMNS, micros, opt_micros, qualified,
};
use crate::sql::Query;

/// Bounds of `limit` for the batch reads (`ticket_slas_due`, `scan`).
const MAX_BATCH: u32 = 5000;
/// Bound of `limit` for a notification list.
const MAX_NOTIFICATIONS: u32 = 200;

/// Ids as one JSON array parameter, read back with `json_each`: a single cached
/// statement for any number of ids, and no host-parameter limit.
fn id_array(ids: &[i64]) -> Result<String> {
    Ok(serde_json::to_string(ids)?)
}

/// An `UPDATE … RETURNING` that matched nothing: a stale version if the row
/// exists, else it is gone.
fn missing_or_stale(conn: &Connection, table: &str, id: i64, entity: &'static str) -> Error {
    let exists = conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))
        .and_then(|mut statement| statement.exists([id]));
    match exists {
        Ok(true) => StoreError::conflict("version").into(),
        Ok(false) => StoreError::not_found(entity).into(),
        Err(e) => e.into(),
    }
}

// ----- calendars -----------------------------------------------------------------

pub(crate) fn list_calendars(conn: &Connection) -> Result<Vec<SlaCalendarRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SLA_CALENDAR_COLUMNS} FROM sla_calendars ORDER BY name, id"
        ))?
        .query_map([], rows::sla_calendar)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn create_calendar(conn: &Connection, new: NewSlaCalendar) -> Result<SlaCalendarRecord> {
    Ok(conn
        .prepare_cached(&format!(
            "INSERT INTO sla_calendars (name, definition, version, updated_at)
             VALUES (?1, ?2, 1, ?3) RETURNING {SLA_CALENDAR_COLUMNS}"
        ))?
        .query_row(
            (
                &new.name,
                serde_json::to_string(&new.definition)?,
                micros(new.updated_at),
            ),
            rows::sla_calendar,
        )?)
}

/// Writes name, definition and `updated_at` if the version matches.
pub(crate) fn update_calendar(
    conn: &Connection,
    calendar: &SlaCalendarRecord,
) -> Result<SlaCalendarRecord> {
    let updated = conn
        .prepare_cached(&format!(
            "UPDATE sla_calendars SET name = :name, definition = :definition,
                 updated_at = :updated_at, version = version + 1
             WHERE id = :id AND version = :version
             RETURNING {SLA_CALENDAR_COLUMNS}"
        ))?
        .query_row(
            named_params! {
                ":id": calendar.id,
                ":version": calendar.version,
                ":name": calendar.name,
                ":definition": serde_json::to_string(&calendar.definition)?,
                ":updated_at": micros(calendar.updated_at),
            },
            rows::sla_calendar,
        )
        .optional()?;
    updated.ok_or_else(|| missing_or_stale(conn, "sla_calendars", calendar.id, "sla_calendar"))
}

/// A policy still counting in the calendar makes this a `reference` conflict
/// (the foreign key has no cascade).
pub(crate) fn delete_calendar(conn: &Connection, id: i64) -> Result<()> {
    let deleted = conn
        .prepare_cached("DELETE FROM sla_calendars WHERE id = ?1")?
        .execute([id])?;
    if deleted == 0 {
        return Err(StoreError::not_found("sla_calendar").into());
    }
    Ok(())
}

// ----- policies ------------------------------------------------------------------

pub(crate) fn list_policies(conn: &Connection) -> Result<Vec<SlaPolicyRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SLA_POLICY_COLUMNS} FROM sla_policies ORDER BY position, id"
        ))?
        .query_map([], rows::sla_policy)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn create_policy(conn: &Connection, new: NewSlaPolicy) -> Result<SlaPolicyRecord> {
    Ok(conn
        .prepare_cached(&format!(
            "INSERT INTO sla_policies (name, position, active, calendar_id, definition, version,
                 updated_at)
             VALUES (:name, :position, :active, :calendar_id, :definition, 1, :updated_at)
             RETURNING {SLA_POLICY_COLUMNS}"
        ))?
        .query_row(
            named_params! {
                ":name": new.name,
                ":position": new.position,
                ":active": new.active,
                ":calendar_id": new.calendar_id,
                ":definition": serde_json::to_string(&new.definition)?,
                ":updated_at": micros(new.updated_at),
            },
            rows::sla_policy,
        )?)
}

pub(crate) fn update_policy(
    conn: &Connection,
    policy: &SlaPolicyRecord,
) -> Result<SlaPolicyRecord> {
    let updated = conn
        .prepare_cached(&format!(
            "UPDATE sla_policies SET name = :name, position = :position, active = :active,
                 calendar_id = :calendar_id, definition = :definition,
                 updated_at = :updated_at, version = version + 1
             WHERE id = :id AND version = :version
             RETURNING {SLA_POLICY_COLUMNS}"
        ))?
        .query_row(
            named_params! {
                ":id": policy.id,
                ":version": policy.version,
                ":name": policy.name,
                ":position": policy.position,
                ":active": policy.active,
                ":calendar_id": policy.calendar_id,
                ":definition": serde_json::to_string(&policy.definition)?,
                ":updated_at": micros(policy.updated_at),
            },
            rows::sla_policy,
        )
        .optional()?;
    updated.ok_or_else(|| missing_or_stale(conn, "sla_policies", policy.id, "sla_policy"))
}

/// The foreign key nulls `ticket_sla.policy_id` of the tickets it applied to.
pub(crate) fn delete_policy(conn: &Connection, id: i64) -> Result<()> {
    let deleted = conn
        .prepare_cached("DELETE FROM sla_policies WHERE id = ?1")?
        .execute([id])?;
    if deleted == 0 {
        return Err(StoreError::not_found("sla_policy").into());
    }
    Ok(())
}

/// Listed policies get positions 0, 1, 2…; the others follow in their previous
/// order. A policy whose position changes gets a new version, so an editor holding
/// the old one cannot silently put it back.
pub(crate) fn reorder_policies(conn: &Connection, ids: &[i64]) -> Result<()> {
    let current: Vec<(i64, i32)> = conn
        .prepare_cached("SELECT id, position FROM sla_policies ORDER BY position, id")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let order = reordered_sla_policies(&current, ids)?;
    let mut update = conn.prepare_cached(
        "UPDATE sla_policies SET position = ?2, version = version + 1
         WHERE id = ?1 AND position <> ?2",
    )?;
    for (id, position) in order {
        update.execute((id, position))?;
    }
    Ok(())
}

// ----- per-ticket SLA rows -------------------------------------------------------

pub(crate) fn get_ticket_sla(conn: &Connection, ticket_id: i64) -> Result<Option<TicketSla>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TICKET_SLA_COLUMNS} FROM ticket_sla WHERE ticket_id = ?1"
        ))?
        .query_row([ticket_id], rows::ticket_sla)
        .optional()?)
}

pub(crate) fn get_ticket_slas(conn: &Connection, ticket_ids: &[i64]) -> Result<Vec<TicketSla>> {
    if ticket_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TICKET_SLA_COLUMNS} FROM ticket_sla
             WHERE ticket_id IN (SELECT value FROM json_each(?1))"
        ))?
        .query_map([id_array(ticket_ids)?], rows::ticket_sla)?
        .collect::<rusqlite::Result<_>>()?)
}

const UPSERT_TICKET_SLA: &str = "INSERT INTO ticket_sla (ticket_id, policy_id, timeline, state,
         next_due_at, next_check_at, breached, computed_at)
     SELECT :ticket_id, :policy_id, :timeline, :state, :next_due_at, :next_check_at,
         :breached, :computed_at
     WHERE EXISTS (SELECT 1 FROM tickets WHERE id = :ticket_id)
     ON CONFLICT (ticket_id) DO UPDATE SET policy_id = excluded.policy_id,
         timeline = excluded.timeline, state = excluded.state,
         next_due_at = excluded.next_due_at, next_check_at = excluded.next_check_at,
         breached = excluded.breached, computed_at = excluded.computed_at";

// Only when it changes: recomputation mostly confirms the same due time, and
// an unchanged ticket row then costs no page write.
const MIRROR_SLA_DUE: &str =
    "UPDATE tickets SET sla_due_at = ?2 WHERE id = ?1 AND sla_due_at IS NOT ?2";

/// Upserts the SLA row of `ticket_id` (whatever `row.ticket_id` says) and copies
/// its next due time onto the ticket; the ticket's version is left alone. Returns
/// false, writing nothing, when the ticket does not exist.
pub(crate) fn write_ticket_sla(conn: &Connection, ticket_id: i64, row: &TicketSla) -> Result<bool> {
    let mut upsert = conn.prepare_cached(UPSERT_TICKET_SLA)?;
    let mut mirror = conn.prepare_cached(MIRROR_SLA_DUE)?;
    write_with(&mut upsert, &mut mirror, ticket_id, row)
}

/// `write_ticket_sla` with its two statements already prepared.
fn write_with(
    upsert: &mut rusqlite::Statement<'_>,
    mirror: &mut rusqlite::Statement<'_>,
    ticket_id: i64,
    row: &TicketSla,
) -> Result<bool> {
    let due = opt_micros(row.next_due_at);
    // `INSERT … SELECT … WHERE EXISTS` skips a missing ticket instead of failing
    // on the foreign key; the WHERE also keeps SQLite's upsert syntax unambiguous.
    let written = upsert.execute(named_params! {
        ":ticket_id": ticket_id,
        ":policy_id": row.policy_id,
        ":timeline": serde_json::to_string(&row.timeline)?,
        ":state": serde_json::to_string(&row.state)?,
        ":next_due_at": due,
        ":next_check_at": opt_micros(row.next_check_at),
        ":breached": row.breached,
        ":computed_at": micros(row.computed_at),
    })?;
    if written == 0 {
        return Ok(false);
    }
    mirror.execute((ticket_id, due))?;
    Ok(true)
}

/// Upserts the rows (the last one wins for a ticket listed twice); rows of
/// tickets that do not exist are skipped. Runs inside the writer's transaction
/// with both statements prepared once for the whole batch.
pub(crate) fn put_ticket_slas(conn: &Connection, rows: &[TicketSla]) -> Result<()> {
    let last_per_ticket: BTreeMap<i64, &TicketSla> =
        rows.iter().map(|row| (row.ticket_id, row)).collect();
    let mut upsert = conn.prepare_cached(UPSERT_TICKET_SLA)?;
    let mut mirror = conn.prepare_cached(MIRROR_SLA_DUE)?;
    for (ticket_id, row) in last_per_ticket {
        write_with(&mut upsert, &mut mirror, ticket_id, row)?;
    }
    Ok(())
}

/// Rows with `next_check_at <= now`, earliest first (then by ticket id).
pub(crate) fn ticket_slas_due(
    conn: &Connection,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<TicketSla>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TICKET_SLA_COLUMNS} FROM ticket_sla
             WHERE next_check_at IS NOT NULL AND next_check_at <= ?1
             ORDER BY next_check_at, ticket_id LIMIT ?2"
        ))?
        .query_map((micros(now), limit.clamp(1, MAX_BATCH)), rows::ticket_sla)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Tickets after `scan.after_ticket_id` by ascending id, with their SLA rows: a
/// walk of the primary key, so every batch costs the same however far it is.
pub(crate) fn scan(conn: &Connection, scan: &SlaScan) -> Result<Vec<TicketWithSla>> {
    let columns = format!(
        "{}, {}",
        qualified("t", TICKET_COLUMNS),
        qualified("s", TICKET_SLA_COLUMNS)
    );
    let mut q = Query::new(format!(
        "SELECT {columns} FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
         WHERE t.id > "
    ));
    q.bind(scan.after_ticket_id);
    if scan.open_only {
        q.push(" AND t.status NOT IN")
            .bind_list([Status::Solved, Status::Closed].map(|s| s.as_str().to_owned()));
    }
    if let Some(from) = scan.created_from {
        q.push(" AND t.created_at >= ").bind(micros(from));
    }
    if let Some(to) = scan.created_to {
        q.push(" AND t.created_at < ").bind(micros(to));
    }
    q.push(" ORDER BY t.id LIMIT ")
        .bind(i64::from(scan.limit.clamp(1, MAX_BATCH)));
    Ok(q.rows(conn, rows::ticket_with_sla)?)
}

/// Open tickets after `after_ticket_id` by ascending id, with their SLA rows,
/// reading only the columns recomputation needs: one cached statement, a walk
/// of the primary key.
pub(crate) fn scan_open_facts(
    conn: &Connection,
    after_ticket_id: i64,
    limit: u32,
) -> Result<Vec<SlaFacts>> {
    let sql = format!(
        "SELECT {}, {} FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
         WHERE t.id > ?1 AND t.status NOT IN ('{}', '{}')
         ORDER BY t.id LIMIT ?2",
        qualified("t", SLA_FACTS_TICKET_COLUMNS),
        qualified("s", TICKET_SLA_COLUMNS),
        Status::Solved.as_str(),
        Status::Closed.as_str(),
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(
            (after_ticket_id, limit.clamp(1, MAX_BATCH)),
            rows::sla_facts,
        )?
        .collect::<rusqlite::Result<_>>()?)
}

// ----- notifications -------------------------------------------------------------

pub(crate) fn insert_notifications(conn: &Connection, new: &[NewNotification]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO notifications (user_id, ticket_id, kind, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for n in new {
        insert.execute((
            n.user_id,
            n.ticket_id,
            &n.kind,
            &n.body,
            micros(n.created_at),
        ))?;
    }
    Ok(())
}

/// Newest (highest id) first.
pub(crate) fn list_notifications(
    conn: &Connection,
    user_id: i64,
    unread_only: bool,
    limit: u32,
) -> Result<Vec<Notification>> {
    let filter = if unread_only {
        " AND read_at IS NULL"
    } else {
        ""
    };
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications
             WHERE user_id = ?1{filter} ORDER BY id DESC LIMIT ?2"
        ))?
        .query_map(
            (user_id, limit.clamp(1, MAX_NOTIFICATIONS)),
            rows::notification,
        )?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn count_unread_notifications(conn: &Connection, user_id: i64) -> Result<u64> {
    let count: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL",
        )?
        .query_row([user_id], |row| row.get(0))?;
    u64::try_from(count).map_err(|e| StoreError::Other(format!("count: {e}")).into())
}

/// Already-read notifications keep their first `read_at`; ids of other users'
/// notifications are ignored.
pub(crate) fn mark_notifications_read(
    conn: &Connection,
    user_id: i64,
    ids: &[i64],
    at: Timestamp,
) -> Result<()> {
    if ids.is_empty() {
        conn.prepare_cached(
            "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
        )?
        .execute((user_id, micros(at)))?;
    } else {
        conn.prepare_cached(
            "UPDATE notifications SET read_at = ?2
             WHERE user_id = ?1 AND read_at IS NULL AND id IN (SELECT value FROM json_each(?3))",
        )?
        .execute((user_id, micros(at), id_array(ids)?))?;
    }
    Ok(())
}
