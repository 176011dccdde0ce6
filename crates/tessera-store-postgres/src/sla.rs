//! SLA calendars and policies, each ticket's SLA row (mirrored into
//! `tickets.sla_due_at` for the queue sort) and in-app notifications.
//!
//! Batches are columnar, like ticket creation: one `unnest` statement writes
//! thousands of SLA rows or notifications.

use std::collections::{BTreeMap, HashSet};

use jiff::Timestamp;
use sqlx::postgres::{PgBindIterExt, PgRow};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use tessera_core::Status;
use tessera_store::{
    NewNotification, NewSlaCalendar, NewSlaPolicy, Notification, SlaCalendarRecord, SlaFacts,
    SlaPolicyRecord, SlaScan, StoreError, StoreResult, TicketSla, TicketWithSla,
    reordered_sla_policies,
};

use crate::errors::from_sqlx;
use crate::rows::{
    self, micros, notification_columns, opt_micros, sla_calendar_columns, sla_facts_ticket_columns,
    sla_policy_columns, ticket_columns, ticket_sla_columns,
};

/// Bound of `limit` for the batch reads (`ticket_slas_due`, `scan`).
const MAX_BATCH: u32 = 5000;
/// Bound of `limit` for a notification list.
const MAX_NOTIFICATIONS: u32 = 200;

/// An `update … returning` that matched nothing: a stale version if the row
/// exists, else it is gone.
async fn missing_or_stale(
    pool: &PgPool,
    exists_sql: &'static str,
    id: i64,
    entity: &'static str,
) -> StoreError {
    let found: Result<Option<i64>, _> = sqlx::query_scalar(exists_sql)
        .bind(id)
        .fetch_optional(pool)
        .await;
    match found {
        Ok(Some(_)) => StoreError::conflict("version"),
        Ok(None) => StoreError::not_found(entity),
        Err(e) => from_sqlx(e),
    }
}

// ----- calendars -------------------------------------------------------------------

pub(crate) async fn list_calendars(pool: &PgPool) -> StoreResult<Vec<SlaCalendarRecord>> {
    let found = sqlx::query(concat!(
        "select ",
        sla_calendar_columns!(),
        " from sla_calendars order by name, id"
    ))
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::sla_calendar).collect()
}

pub(crate) async fn create_calendar(
    pool: &PgPool,
    new: NewSlaCalendar,
) -> StoreResult<SlaCalendarRecord> {
    let row = sqlx::query(concat!(
        "insert into sla_calendars (name, definition, version, updated_at)
         values ($1, $2, 1, $3) returning ",
        sla_calendar_columns!()
    ))
    .bind(&new.name)
    .bind(Json(&new.definition))
    .bind(micros(new.updated_at))
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    rows::sla_calendar(&row)
}

/// Writes name, definition and `updated_at` if the version matches.
pub(crate) async fn update_calendar(
    pool: &PgPool,
    calendar: &SlaCalendarRecord,
) -> StoreResult<SlaCalendarRecord> {
    let row = sqlx::query(concat!(
        "update sla_calendars set name = $3, definition = $4, updated_at = $5,
             version = version + 1
         where id = $1 and version = $2 returning ",
        sla_calendar_columns!()
    ))
    .bind(calendar.id)
    .bind(calendar.version)
    .bind(&calendar.name)
    .bind(Json(&calendar.definition))
    .bind(micros(calendar.updated_at))
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?;
    match row {
        Some(row) => rows::sla_calendar(&row),
        None => Err(missing_or_stale(
            pool,
            "select id from sla_calendars where id = $1",
            calendar.id,
            "sla_calendar",
        )
        .await),
    }
}

/// A policy still counting in the calendar makes this a `reference` conflict
/// (the foreign key has no cascade).
pub(crate) async fn delete_calendar(pool: &PgPool, id: i64) -> StoreResult<()> {
    let deleted = sqlx::query("delete from sla_calendars where id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(from_sqlx)?
        .rows_affected();
    if deleted == 0 {
        return Err(StoreError::not_found("sla_calendar"));
    }
    Ok(())
}

// ----- policies --------------------------------------------------------------------

pub(crate) async fn list_policies(pool: &PgPool) -> StoreResult<Vec<SlaPolicyRecord>> {
    let found = sqlx::query(concat!(
        "select ",
        sla_policy_columns!(),
        " from sla_policies order by position, id"
    ))
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::sla_policy).collect()
}

pub(crate) async fn create_policy(
    pool: &PgPool,
    new: NewSlaPolicy,
) -> StoreResult<SlaPolicyRecord> {
    let row = sqlx::query(concat!(
        "insert into sla_policies (name, position, active, calendar_id, definition, version,
             updated_at)
         values ($1, $2, $3, $4, $5, 1, $6) returning ",
        sla_policy_columns!()
    ))
    .bind(&new.name)
    .bind(new.position)
    .bind(new.active)
    .bind(new.calendar_id)
    .bind(Json(&new.definition))
    .bind(micros(new.updated_at))
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    rows::sla_policy(&row)
}

pub(crate) async fn update_policy(
    pool: &PgPool,
    policy: &SlaPolicyRecord,
) -> StoreResult<SlaPolicyRecord> {
    let row = sqlx::query(concat!(
        "update sla_policies set name = $3, position = $4, active = $5, calendar_id = $6,
             definition = $7, updated_at = $8, version = version + 1
         where id = $1 and version = $2 returning ",
        sla_policy_columns!()
    ))
    .bind(policy.id)
    .bind(policy.version)
    .bind(&policy.name)
    .bind(policy.position)
    .bind(policy.active)
    .bind(policy.calendar_id)
    .bind(Json(&policy.definition))
    .bind(micros(policy.updated_at))
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?;
    match row {
        Some(row) => rows::sla_policy(&row),
        None => Err(missing_or_stale(
            pool,
            "select id from sla_policies where id = $1",
            policy.id,
            "sla_policy",
        )
        .await),
    }
}

/// The foreign key nulls `ticket_sla.policy_id` of the tickets it applied to.
pub(crate) async fn delete_policy(pool: &PgPool, id: i64) -> StoreResult<()> {
    let deleted = sqlx::query("delete from sla_policies where id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(from_sqlx)?
        .rows_affected();
    if deleted == 0 {
        return Err(StoreError::not_found("sla_policy"));
    }
    Ok(())
}

/// See [`reordered_sla_policies`]; a policy whose position changes gets a new
/// version, so an editor holding the old one cannot silently put it back.
pub(crate) async fn reorder_policies(pool: &PgPool, ids: &[i64]) -> StoreResult<()> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    // Locked, so two reorders (or a reorder and a create) apply one after the other.
    let current: Vec<(i64, i32)> =
        sqlx::query_as("select id, position from sla_policies order by position, id for update")
            .fetch_all(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    let order = reordered_sla_policies(&current, ids)?;
    sqlx::query(
        "update sla_policies p set position = u.position, version = p.version + 1
         from unnest($1::bigint[], $2::integer[]) as u(id, position)
         where p.id = u.id and p.position <> u.position",
    )
    .bind(order.iter().map(|o| o.0).bind_iter())
    .bind(order.iter().map(|o| o.1).bind_iter())
    .execute(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)
}

// ----- per-ticket SLA rows ---------------------------------------------------------

pub(crate) async fn get_ticket_sla(
    pool: &PgPool,
    ticket_id: i64,
) -> StoreResult<Option<TicketSla>> {
    let row = sqlx::query(concat!(
        "select ",
        ticket_sla_columns!(),
        " from ticket_sla s where s.ticket_id = $1"
    ))
    .bind(ticket_id)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?;
    row.as_ref().map(rows::ticket_sla).transpose()
}

pub(crate) async fn get_ticket_slas(
    pool: &PgPool,
    ticket_ids: &[i64],
) -> StoreResult<Vec<TicketSla>> {
    if ticket_ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = sqlx::query(concat!(
        "select ",
        ticket_sla_columns!(),
        " from ticket_sla s where s.ticket_id = any($1)"
    ))
    .bind(ticket_ids)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::ticket_sla).collect()
}

pub(crate) async fn put_ticket_slas(pool: &PgPool, rows: &[TicketSla]) -> StoreResult<()> {
    // The last row wins for a ticket listed twice (an upsert cannot touch a row
    // twice in one statement); the map also sorts by ticket id for the locks.
    let last_per_ticket: BTreeMap<i64, &TicketSla> =
        rows.iter().map(|row| (row.ticket_id, row)).collect();
    let rows: Vec<(i64, &TicketSla)> = last_per_ticket.into_iter().collect();
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    write_ticket_slas(&mut tx, &rows).await?;
    tx.commit().await.map_err(from_sqlx)
}

/// Upserts `(ticket_id, row)` pairs (ticket ids unique, ascending) and copies
/// each next due time onto its ticket, leaving the ticket's version alone; pairs
/// of tickets that do not exist are skipped.
pub(crate) async fn write_ticket_slas(
    conn: &mut PgConnection,
    rows: &[(i64, &TicketSla)],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    // Tickets are locked first and in id order: `update_ticket` locks its ticket
    // before writing the SLA row, so taking them in the same order cannot
    // deadlock with it. Deleted tickets drop out here.
    let existing: HashSet<i64> = sqlx::query_scalar(
        "select id from tickets where id = any($1) order by id for no key update",
    )
    .bind(rows.iter().map(|r| r.0).bind_iter())
    .fetch_all(&mut *conn)
    .await
    .map_err(from_sqlx)?
    .into_iter()
    .collect();
    let rows: Vec<(i64, &TicketSla)> = rows
        .iter()
        .copied()
        .filter(|(id, _)| existing.contains(id))
        .collect();
    // Only rows whose due time changes: recomputation mostly confirms it.
    sqlx::query(
        "update tickets t set sla_due_at = u.due
         from unnest($1::bigint[], $2::bigint[]) as u(id, due)
         where t.id = u.id and t.sla_due_at is distinct from u.due",
    )
    .bind(rows.iter().map(|r| r.0).bind_iter())
    .bind(rows.iter().map(|r| opt_micros(r.1.next_due_at)).bind_iter())
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    upsert_rows(conn, &rows).await
}

/// `insert … on conflict do update` of `(ticket_id, row)` pairs whose tickets
/// exist (ticket ids unique); `tickets.sla_due_at` is the caller's.
pub(crate) async fn upsert_rows(
    conn: &mut PgConnection,
    rows: &[(i64, &TicketSla)],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "insert into ticket_sla (ticket_id, policy_id, timeline, state, next_due_at,
             next_check_at, breached, computed_at)
         select * from unnest($1::bigint[], $2::bigint[], $3::jsonb[], $4::jsonb[],
             $5::bigint[], $6::bigint[], $7::boolean[], $8::bigint[])
         on conflict (ticket_id) do update set policy_id = excluded.policy_id,
             timeline = excluded.timeline, state = excluded.state,
             next_due_at = excluded.next_due_at, next_check_at = excluded.next_check_at,
             breached = excluded.breached, computed_at = excluded.computed_at",
    )
    .bind(rows.iter().map(|r| r.0).bind_iter())
    .bind(rows.iter().map(|r| r.1.policy_id).bind_iter())
    .bind(rows.iter().map(|r| Json(&r.1.timeline)).bind_iter())
    .bind(rows.iter().map(|r| Json(&r.1.state)).bind_iter())
    .bind(rows.iter().map(|r| opt_micros(r.1.next_due_at)).bind_iter())
    .bind(
        rows.iter()
            .map(|r| opt_micros(r.1.next_check_at))
            .bind_iter(),
    )
    .bind(rows.iter().map(|r| r.1.breached).bind_iter())
    .bind(rows.iter().map(|r| micros(r.1.computed_at)).bind_iter())
    .execute(conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

/// Rows with `next_check_at <= now`, earliest first (then by ticket id).
pub(crate) async fn ticket_slas_due(
    pool: &PgPool,
    now: Timestamp,
    limit: u32,
) -> StoreResult<Vec<TicketSla>> {
    let found = sqlx::query(concat!(
        "select ",
        ticket_sla_columns!(),
        " from ticket_sla s where s.next_check_at is not null and s.next_check_at <= $1
         order by s.next_check_at, s.ticket_id limit $2"
    ))
    .bind(micros(now))
    .bind(i64::from(limit.clamp(1, MAX_BATCH)))
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::ticket_sla).collect()
}

/// Tickets after `scan.after_ticket_id` by ascending id, with their SLA rows: a
/// walk of the primary key, so every batch costs the same however far it is.
pub(crate) async fn scan(pool: &PgPool, scan: &SlaScan) -> StoreResult<Vec<TicketWithSla>> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(concat!(
        "select ",
        ticket_columns!(),
        ", ",
        ticket_sla_columns!(),
        " from tickets t left join ticket_sla s on s.ticket_id = t.id and s.ticket_id > "
    ));
    // The bound is repeated on the joined side: without it the merge join reads
    // `ticket_sla` from its start on every batch, which grows with the walk.
    sql.push_bind(scan.after_ticket_id)
        .push(" where t.id > ")
        .push_bind(scan.after_ticket_id);
    if scan.open_only {
        sql.push(" and t.status <> all(")
            .push_bind(vec![Status::Solved.as_str(), Status::Closed.as_str()])
            .push(")");
    }
    if let Some(from) = scan.created_from {
        sql.push(" and t.created_at >= ").push_bind(micros(from));
    }
    if let Some(to) = scan.created_to {
        sql.push(" and t.created_at < ").push_bind(micros(to));
    }
    sql.push(" order by t.id limit ")
        .push_bind(i64::from(scan.limit.clamp(1, MAX_BATCH)));
    let found: Vec<PgRow> = sql.build().fetch_all(pool).await.map_err(from_sqlx)?;
    found
        .iter()
        .map(|row| Ok((rows::ticket(row)?, rows::opt_ticket_sla(row)?)))
        .collect()
}

/// Open tickets after `after_ticket_id` by ascending id with their SLA rows,
/// only the columns recomputation reads; one statement (prepared once per
/// connection), a walk of the primary key.
pub(crate) async fn scan_open_facts(
    pool: &PgPool,
    after_ticket_id: i64,
    limit: u32,
) -> StoreResult<Vec<SlaFacts>> {
    // The bound is repeated on the joined side, as in `scan`.
    let found: Vec<PgRow> = sqlx::query(concat!(
        "select ",
        sla_facts_ticket_columns!(),
        ", ",
        ticket_sla_columns!(),
        " from tickets t left join ticket_sla s on s.ticket_id = t.id and s.ticket_id > $1
         where t.id > $1 and t.status <> all($2)
         order by t.id limit $3"
    ))
    .bind(after_ticket_id)
    .bind(vec![Status::Solved.as_str(), Status::Closed.as_str()])
    .bind(i64::from(limit.clamp(1, MAX_BATCH)))
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::sla_facts).collect()
}

// ----- notifications ---------------------------------------------------------------

pub(crate) async fn create_notifications(
    pool: &PgPool,
    new: &[NewNotification],
) -> StoreResult<()> {
    let mut conn = pool.acquire().await.map_err(from_sqlx)?;
    insert_notifications(&mut conn, new).await
}

pub(crate) async fn insert_notifications(
    conn: &mut PgConnection,
    new: &[NewNotification],
) -> StoreResult<()> {
    if new.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "insert into notifications (user_id, ticket_id, kind, body, created_at)
         select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[])",
    )
    .bind(new.iter().map(|n| n.user_id).bind_iter())
    .bind(new.iter().map(|n| n.ticket_id).bind_iter())
    .bind(new.iter().map(|n| n.kind.as_str()).bind_iter())
    .bind(new.iter().map(|n| n.body.as_str()).bind_iter())
    .bind(new.iter().map(|n| micros(n.created_at)).bind_iter())
    .execute(conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

/// Newest (highest id) first.
pub(crate) async fn list_notifications(
    pool: &PgPool,
    user_id: i64,
    unread_only: bool,
    limit: u32,
) -> StoreResult<Vec<Notification>> {
    // Two fixed statements rather than `($2 or …)`, so each plans on the
    // (user_id, read_at, id) index.
    let sql = if unread_only {
        concat!(
            "select ",
            notification_columns!(),
            " from notifications where user_id = $1 and read_at is null
             order by id desc limit $2"
        )
    } else {
        concat!(
            "select ",
            notification_columns!(),
            " from notifications where user_id = $1 order by id desc limit $2"
        )
    };
    let found = sqlx::query(sql)
        .bind(user_id)
        .bind(i64::from(limit.clamp(1, MAX_NOTIFICATIONS)))
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    found.iter().map(rows::notification).collect()
}

pub(crate) async fn count_unread_notifications(pool: &PgPool, user_id: i64) -> StoreResult<u64> {
    let count: i64 = sqlx::query_scalar(
        "select count(*) from notifications where user_id = $1 and read_at is null",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    u64::try_from(count).map_err(|_| StoreError::Other(format!("negative count {count}")))
}

/// Already-read notifications keep their first `read_at`; ids of other users'
/// notifications are ignored.
pub(crate) async fn mark_notifications_read(
    pool: &PgPool,
    user_id: i64,
    ids: &[i64],
    at: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "update notifications set read_at = $2
         where user_id = $1 and read_at is null and (cardinality($3::bigint[]) = 0 or id = any($3))",
    )
    .bind(user_id)
    .bind(micros(at))
    .bind(ids)
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}
