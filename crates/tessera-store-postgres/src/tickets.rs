//! Tickets, their conversation and their history.
//!
//! Creation is columnar: every table of a batch of new tickets is written with one
//! `insert … select … from unnest($1, $2, …)` statement whose parameters are arrays,
//! so a single create and a 1000-ticket import chunk take the same number of round
//! trips.

use std::collections::HashMap;

use sqlx::postgres::{PgBindIterExt, PgRow};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row};
use tessera_store::{
    AssigneeFilter, Attachment, Comment, Created, Cursor, Event, NewAttachment, NewComment,
    NewEvent, NewJob, NewTicket, Page, StoreError, StoreResult, Ticket, TicketQuery, TicketScope,
    TicketSla, TicketSortField, TicketWrite,
};

use crate::errors::from_sqlx;
use crate::jobs;
use crate::rows::{self, micros, opt_micros, ticket_columns};
use crate::search::{self, SearchDocs};
use crate::sla;

/// Tickets per statement on the import path: large enough to amortise round trips,
/// small enough to keep each message a few megabytes.
const IMPORT_CHUNK: usize = 1000;

const SELECT_TICKET_BY_ID: &str = concat!(
    "select ",
    ticket_columns!(),
    " from tickets t where t.id = $1"
);
const SELECT_TICKET_BY_NUMBER: &str = concat!(
    "select ",
    ticket_columns!(),
    " from tickets t where t.number = $1"
);

// ----- reads -----------------------------------------------------------------------

pub(crate) async fn get_ticket(pool: &PgPool, id: i64) -> StoreResult<Ticket> {
    fetch_one_ticket(pool, SELECT_TICKET_BY_ID, id).await
}

pub(crate) async fn get_ticket_by_number(pool: &PgPool, number: i64) -> StoreResult<Ticket> {
    fetch_one_ticket(pool, SELECT_TICKET_BY_NUMBER, number).await
}

async fn fetch_one_ticket(pool: &PgPool, sql: &'static str, key: i64) -> StoreResult<Ticket> {
    let row = sqlx::query(sql)
        .bind(key)
        .fetch_optional(pool)
        .await
        .map_err(from_sqlx)?;
    match row {
        Some(row) => rows::ticket(&row),
        None => Err(StoreError::not_found("ticket")),
    }
}

/// Restricts `t` to what the reader may see. Expects a `where` clause to be open.
pub(crate) fn push_scope(sql: &mut QueryBuilder<Postgres>, scope: &TicketScope) {
    match scope {
        TicketScope::All => {}
        TicketScope::Requester {
            user_id,
            organization_id: None,
        } => {
            sql.push(" and t.requester_id = ").push_bind(*user_id);
        }
        TicketScope::Requester {
            user_id,
            organization_id: Some(org),
        } => {
            // The organization check is uncorrelated: planned once, not per row.
            sql.push(" and (t.requester_id = ")
                .push_bind(*user_id)
                .push(" or (t.organization_id = ")
                .push_bind(*org)
                .push(" and exists (select 1 from organizations o where o.id = ")
                .push_bind(*org)
                .push(" and o.shares_tickets)))");
        }
    }
}

/// Pushes `and <column> = <value>` for one value (so an index on the column can
/// also deliver the sort order) or `= any(<values>)` for several.
fn push_any<T>(sql: &mut QueryBuilder<Postgres>, column: &str, values: Vec<T>)
where
    T: for<'q> sqlx::Encode<'q, Postgres> + sqlx::Type<Postgres> + sqlx::postgres::PgHasArrayType,
{
    match <[T; 1]>::try_from(values) {
        Ok([only]) => {
            sql.push(format_args!(" and {column} = ")).push_bind(only);
        }
        Err(values) if values.is_empty() => {}
        Err(values) => {
            sql.push(format_args!(" and {column} = any("))
                .push_bind(values)
                .push(")");
        }
    }
}

/// Pushes the scope and every filter of `query` (not its cursor, sort or limit) onto
/// an open `where` clause over `tickets t`: shared by lists and counts.
fn push_filters(sql: &mut QueryBuilder<Postgres>, query: &TicketQuery) {
    push_scope(sql, &query.scope);
    push_any(
        sql,
        "t.status",
        query.statuses.iter().map(|s| s.as_str()).collect(),
    );
    push_any(
        sql,
        "t.priority",
        query
            .priorities
            .iter()
            .map(|p| i16::from(p.rank()))
            .collect(),
    );
    match query.assignee {
        AssigneeFilter::Any => {}
        AssigneeFilter::Unassigned => {
            sql.push(" and t.assignee_id is null");
        }
        AssigneeFilter::Is(id) => {
            sql.push(" and t.assignee_id = ").push_bind(id);
        }
    }
    for (column, value) in [
        ("t.group_id", query.group_id),
        ("t.requester_id", query.requester_id),
        ("t.organization_id", query.organization_id),
    ] {
        if let Some(value) = value {
            sql.push(format_args!(" and {column} = ")).push_bind(value);
        }
    }
    let mut tags: Vec<&str> = query.tags.iter().map(String::as_str).collect();
    tags.sort_unstable();
    tags.dedup();
    for tag in tags {
        sql.push(
            " and exists (select 1 from ticket_tags tt where tt.ticket_id = t.id and tt.tag = ",
        )
        .push_bind(tag.to_owned())
        .push(")");
    }
    if let Some(since) = query.updated_since {
        sql.push(" and t.updated_at >= ").push_bind(micros(since));
    }
}

pub(crate) async fn count_tickets(
    pool: &PgPool,
    query: &TicketQuery,
    cap: Option<u64>,
) -> StoreResult<u64> {
    let mut sql: QueryBuilder<Postgres> = match cap {
        None => QueryBuilder::new("select count(*) from tickets t where true"),
        Some(_) => QueryBuilder::new("select count(*) from (select 1 from tickets t where true"),
    };
    push_filters(&mut sql, query);
    if let Some(cap) = cap {
        sql.push(" limit ")
            .push_bind(i64::try_from(cap).unwrap_or(i64::MAX))
            .push(") capped");
    }
    let count: i64 = sql
        .build_query_scalar()
        .fetch_one(pool)
        .await
        .map_err(from_sqlx)?;
    u64::try_from(count).map_err(|_| StoreError::Other(format!("negative count {count}")))
}

pub(crate) async fn list_tickets(pool: &PgPool, query: &TicketQuery) -> StoreResult<Page<Ticket>> {
    let limit = query.limit.clamp(1, 500) as usize;
    let column = match query.sort.field {
        TicketSortField::CreatedAt => "t.created_at",
        TicketSortField::UpdatedAt => "t.updated_at",
        TicketSortField::Number => "t.number",
        TicketSortField::Priority => "t.priority",
        TicketSortField::SlaDue => return list_by_sla_due(pool, query, limit).await,
    };
    let (direction, after) = direction(query);

    // The sort key is selected beside the ticket: the cursor is taken from it.
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(concat!("select ", ticket_columns!()));
    sql.push(format_args!(
        ", {column}::bigint as sort_key from tickets t where true"
    ));
    push_filters(&mut sql, query);
    if let Some(cursor) = query.cursor {
        // Row-value comparison: walks the (column, id) index from the cursor on.
        sql.push(format_args!(" and ({column}, t.id) {after} ("))
            .push_bind(cursor.sort_value)
            .push(", ")
            .push_bind(cursor.id)
            .push(")");
    }
    sql.push(format_args!(
        " order by {column} {direction}, t.id {direction} limit "
    ))
    // One extra row tells whether there is a next page.
    .push_bind((limit + 1) as i64);

    let found = sql.build().fetch_all(pool).await.map_err(from_sqlx)?;
    let found = found
        .iter()
        .map(|row| Ok((rows::ticket(row)?, rows::get::<i64>(row, "sort_key")?)))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(page_of(found, limit))
}

/// `order by` direction and the cursor comparison that goes with it.
fn direction(query: &TicketQuery) -> (&'static str, &'static str) {
    if query.sort.descending {
        ("desc", "<")
    } else {
        ("asc", ">")
    }
}

/// The tickets with a due time by (due, id), then those without one by id, both
/// in the list's direction: two index walks, the second only when the first does
/// not fill the page (an eager `union all` would also walk the undated tickets on
/// every page, all of them when few lack a due time). The cursor's key is
/// [`Cursor::NO_SLA_DUE`] once the page ends among the tickets without a due time.
async fn list_by_sla_due(
    pool: &PgPool,
    query: &TicketQuery,
    limit: usize,
) -> StoreResult<Page<Ticket>> {
    let (direction, after) = direction(query);
    let past_dated = query
        .cursor
        .is_some_and(|c| c.sort_value == Cursor::NO_SLA_DUE);
    let mut conn = pool.acquire().await.map_err(from_sqlx)?;
    let mut found = Vec::new();
    if !past_dated {
        let mut sql = select_with_sla_due("is not null");
        push_filters(&mut sql, query);
        if let Some(cursor) = query.cursor {
            sql.push(format_args!(" and (t.sla_due_at, t.id) {after} ("))
                .push_bind(cursor.sort_value)
                .push(", ")
                .push_bind(cursor.id)
                .push(")");
        }
        sql.push(format_args!(
            " order by t.sla_due_at {direction}, t.id {direction} limit "
        ))
        .push_bind((limit + 1) as i64);
        found = fetch_with_sla_due(&mut conn, sql).await?;
    }
    if found.len() <= limit {
        let mut sql = select_with_sla_due("is null");
        push_filters(&mut sql, query);
        if let Some(cursor) = query.cursor.filter(|_| past_dated) {
            sql.push(format_args!(" and t.id {after} "))
                .push_bind(cursor.id);
        }
        sql.push(format_args!(" order by t.id {direction} limit "))
            .push_bind((limit + 1 - found.len()) as i64);
        found.extend(fetch_with_sla_due(&mut conn, sql).await?);
    }
    Ok(page_of(found, limit))
}

/// `select <ticket>, t.sla_due_at from tickets t where t.sla_due_at <condition>`,
/// open for more conditions.
fn select_with_sla_due(condition: &str) -> QueryBuilder<Postgres> {
    let mut sql = QueryBuilder::new(concat!("select ", ticket_columns!()));
    sql.push(format_args!(
        ", t.sla_due_at from tickets t where t.sla_due_at {condition}"
    ));
    sql
}

/// Tickets with their `SlaDue` sort keys.
async fn fetch_with_sla_due(
    conn: &mut PgConnection,
    mut sql: QueryBuilder<Postgres>,
) -> StoreResult<Vec<(Ticket, i64)>> {
    let found = sql.build().fetch_all(conn).await.map_err(from_sqlx)?;
    found
        .iter()
        .map(|row| {
            let due: Option<i64> = rows::get(row, "sla_due_at")?;
            Ok((rows::ticket(row)?, due.unwrap_or(Cursor::NO_SLA_DUE)))
        })
        .collect()
}

/// A page from up to `limit + 1` tickets with their sort keys: the extra one
/// only says that another page follows.
fn page_of(mut found: Vec<(Ticket, i64)>, limit: usize) -> Page<Ticket> {
    let next_cursor = if found.len() > limit {
        found.truncate(limit);
        found.last().map(|(t, key)| Cursor {
            sort_value: *key,
            id: t.id,
        })
    } else {
        None
    };
    Page {
        items: found.into_iter().map(|(t, _)| t).collect(),
        next_cursor,
    }
}

pub(crate) async fn list_comments(
    pool: &PgPool,
    ticket_id: i64,
    include_internal: bool,
) -> StoreResult<Vec<Comment>> {
    let found = sqlx::query(
        "select id, ticket_id, author_id, body, public, created_at from comments
         where ticket_id = $1 and (public or $2) order by id",
    )
    .bind(ticket_id)
    .bind(include_internal)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    let mut comments = found
        .iter()
        .map(rows::comment)
        .collect::<StoreResult<Vec<_>>>()?;
    if comments.is_empty() {
        return Ok(comments);
    }

    let attachments = sqlx::query(
        "select id, comment_id, filename, content_type, size from attachments
         where ticket_id = $1 order by id",
    )
    .bind(ticket_id)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    let position: HashMap<i64, usize> = comments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    for row in &attachments {
        let attachment = rows::attachment(row)?;
        // Attachments of internal notes are skipped when the notes are.
        if let Some(&i) = position.get(&attachment.comment_id) {
            comments[i].attachments.push(attachment);
        }
    }
    Ok(comments)
}

pub(crate) async fn list_events(
    pool: &PgPool,
    ticket_id: i64,
    include_internal: bool,
) -> StoreResult<Vec<Event>> {
    let found = sqlx::query(
        "select id, ticket_id, actor_id, kind, field, old_value, new_value, comment_id,
                internal, created_at
         from events where ticket_id = $1 and (not internal or $2) order by id",
    )
    .bind(ticket_id)
    .bind(include_internal)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    found.iter().map(rows::event).collect()
}

pub(crate) async fn get_attachment(pool: &PgPool, id: i64) -> StoreResult<(Attachment, Vec<u8>)> {
    let row = sqlx::query(
        "select id, comment_id, filename, content_type, size, data from attachments where id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?
    .ok_or_else(|| StoreError::not_found("attachment"))?;
    let data: Vec<u8> = row.try_get("data").map_err(from_sqlx)?;
    Ok((rows::attachment(&row)?, data))
}

// ----- creation --------------------------------------------------------------------

pub(crate) async fn create_ticket(pool: &PgPool, new: NewTicket) -> StoreResult<Created<Ticket>> {
    // A client retrying after a timeout usually finds its key already committed: answer
    // from it without doing (and rolling back) the work.
    if let Some(key) = &new.idempotency
        && let Some(replayed) = replay(pool, key).await?
    {
        return Ok(replayed);
    }

    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let created = insert_tickets(&mut tx, std::slice::from_ref(&new)).await?;
    let Some(&(id, number)) = created.first() else {
        return Err(StoreError::Other(
            "ticket insert returned no row".to_owned(),
        ));
    };

    if let Some(key) = &new.idempotency {
        // Concurrent requests with the same key queue on the primary key here; the
        // losers see the winner's row once it commits and replay it.
        let claimed = sqlx::query(
            "insert into idempotency_keys (user_id, key, request_fingerprint, ticket_id, created_at)
             values ($1, $2, $3, $4, $5) on conflict (user_id, key) do nothing",
        )
        .bind(key.user_id)
        .bind(&key.key)
        .bind(&key.request_fingerprint)
        .bind(id)
        .bind(micros(new.ticket.created_at))
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?
        .rows_affected();
        if claimed == 0 {
            tx.rollback().await.map_err(from_sqlx)?;
            return replay(pool, key)
                .await?
                // The other request's ticket vanished in between (deleted with its
                // key): rare enough that the client may simply retry.
                .ok_or_else(|| StoreError::conflict("idempotency_key"));
        }
    }
    tx.commit().await.map_err(from_sqlx)?;

    let mut ticket = new.ticket;
    ticket.id = id;
    ticket.number = number;
    ticket.version = 1;
    Ok(Created {
        value: ticket,
        replayed: false,
    })
}

/// The ticket created earlier with this key, or `None` if the key is unused.
async fn replay(
    pool: &PgPool,
    key: &tessera_store::IdempotencyKey,
) -> StoreResult<Option<Created<Ticket>>> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "select request_fingerprint, ticket_id from idempotency_keys where user_id = $1 and key = $2",
    )
    .bind(key.user_id)
    .bind(&key.key)
    .fetch_optional(pool)
    .await
    .map_err(from_sqlx)?;
    match row {
        None => Ok(None),
        Some((fingerprint, _)) if fingerprint != key.request_fingerprint => {
            Err(StoreError::conflict("idempotency_key"))
        }
        Some((_, ticket_id)) => Ok(Some(Created {
            value: get_ticket(pool, ticket_id).await?,
            replayed: true,
        })),
    }
}

pub(crate) async fn import_tickets(pool: &PgPool, tickets: Vec<NewTicket>) -> StoreResult<usize> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    for chunk in tickets.chunks(IMPORT_CHUNK) {
        insert_tickets(&mut tx, chunk).await?;
    }
    tx.commit().await.map_err(from_sqlx)?;
    Ok(tickets.len())
}

/// Inserts tickets with their tags, comments (all of the batch in one statement, in
/// input order, so each ticket's comment ids increase), attachments, events and
/// search documents; `for_comment` events link to their ticket's first comment.
/// Returns `(id, number)` of each, in input order; numbers increase in input order.
async fn insert_tickets(
    conn: &mut PgConnection,
    items: &[NewTicket],
) -> StoreResult<Vec<(i64, i64)>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    // Numbers are drawn first so they follow input order whatever order the insert
    // happens to process rows in. One session's `nextval`s always increase.
    let mut numbers: Vec<i64> =
        sqlx::query_scalar("select nextval('ticket_number_seq') from generate_series(1, $1)")
            .bind(items.len() as i64)
            .fetch_all(&mut *conn)
            .await
            .map_err(from_sqlx)?;
    numbers.sort_unstable();

    let tickets = || items.iter().map(|n| &n.ticket);
    let inserted: Vec<(i64, i64)> = sqlx::query_as(
        "insert into tickets (number, subject, description, status, ticket_type, impact, urgency,
             priority, priority_overridden, category, tags, custom_fields, requester_id,
             organization_id, assignee_id, group_id, tier, channel, language, created_at,
             updated_at, first_response_at, solved_at, closed_at, sla_due_at)
         select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
             $6::smallint[], $7::smallint[], $8::smallint[], $9::boolean[], $10::text[],
             $11::jsonb[], $12::jsonb[], $13::bigint[], $14::bigint[], $15::bigint[],
             $16::bigint[], $17::text[], $18::text[], $19::text[], $20::bigint[], $21::bigint[],
             $22::bigint[], $23::bigint[], $24::bigint[], $25::bigint[])
         returning number, id",
    )
    .bind(&numbers)
    .bind(tickets().map(|t| t.subject.as_str()).bind_iter())
    .bind(tickets().map(|t| t.description.as_str()).bind_iter())
    .bind(tickets().map(|t| t.status.as_str()).bind_iter())
    .bind(tickets().map(|t| t.ticket_type.as_str()).bind_iter())
    .bind(tickets().map(|t| i16::from(t.impact.get())).bind_iter())
    .bind(tickets().map(|t| i16::from(t.urgency.get())).bind_iter())
    .bind(tickets().map(|t| i16::from(t.priority.rank())).bind_iter())
    .bind(tickets().map(|t| t.priority_overridden).bind_iter())
    .bind(tickets().map(|t| t.category.as_deref()).bind_iter())
    .bind(tickets().map(|t| Json(&t.tags)).bind_iter())
    .bind(tickets().map(|t| Json(&t.custom_fields)).bind_iter())
    .bind(tickets().map(|t| t.requester_id).bind_iter())
    .bind(tickets().map(|t| t.organization_id).bind_iter())
    .bind(tickets().map(|t| t.assignee_id).bind_iter())
    .bind(tickets().map(|t| t.group_id).bind_iter())
    .bind(tickets().map(|t| t.tier.as_str()).bind_iter())
    .bind(tickets().map(|t| t.channel.as_str()).bind_iter())
    .bind(tickets().map(|t| t.language.as_deref()).bind_iter())
    .bind(tickets().map(|t| micros(t.created_at)).bind_iter())
    .bind(tickets().map(|t| micros(t.updated_at)).bind_iter())
    .bind(
        tickets()
            .map(|t| opt_micros(t.first_response_at))
            .bind_iter(),
    )
    .bind(tickets().map(|t| opt_micros(t.solved_at)).bind_iter())
    .bind(tickets().map(|t| opt_micros(t.closed_at)).bind_iter())
    .bind(
        items
            .iter()
            .map(|n| n.sla.as_ref().and_then(|sla| opt_micros(sla.next_due_at)))
            .bind_iter(),
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    let id_of: HashMap<i64, i64> = inserted.into_iter().collect();
    let ids = numbers
        .iter()
        .map(|n| id_of.get(n).copied())
        .collect::<Option<Vec<i64>>>()
        .ok_or_else(|| StoreError::Other("ticket insert lost a row".to_owned()))?;

    let mut tag_rows: Vec<(i64, &str)> = items
        .iter()
        .zip(&ids)
        .flat_map(|(n, &id)| n.ticket.tags.iter().map(move |tag| (id, tag.as_str())))
        .collect();
    // Tags should already be unique per ticket; deduplicating here lets the insert
    // skip `on conflict` (speculative insertion costs on every row).
    tag_rows.sort_unstable();
    tag_rows.dedup();
    insert_tags(conn, &tag_rows).await?;

    let comments: Vec<(i64, &NewComment)> = items
        .iter()
        .zip(&ids)
        .flat_map(|(n, &id)| n.comments.iter().map(move |c| (id, c)))
        .collect();
    let comment_ids = insert_comments(conn, &comments).await?;
    // The first comment of each ticket, which its `for_comment` events link to.
    let mut first_comment_of: HashMap<i64, i64> = HashMap::with_capacity(items.len());
    for ((ticket_id, _), &comment_id) in comments.iter().zip(&comment_ids) {
        first_comment_of.entry(*ticket_id).or_insert(comment_id);
    }

    let attachment_rows: Vec<(i64, i64, &NewAttachment)> = comments
        .iter()
        .zip(&comment_ids)
        .flat_map(|((ticket_id, c), &comment_id)| {
            c.attachments
                .iter()
                .map(move |a| (*ticket_id, comment_id, a))
        })
        .collect();
    insert_attachments(conn, &attachment_rows).await?;

    let event_rows: Vec<(i64, Option<i64>, &NewEvent)> = items
        .iter()
        .zip(&ids)
        .flat_map(|(n, &id)| {
            let comment_id = first_comment_of.get(&id).copied();
            n.events.iter().map(move |e| (id, comment_id, e))
        })
        .collect();
    insert_events(conn, &event_rows).await?;

    let mut docs = SearchDocs::default();
    // `comments` runs ticket by ticket in input order, like `items`.
    let mut comment_rows = comments.iter().zip(&comment_ids).peekable();
    for (n, &id) in items.iter().zip(&ids) {
        docs.push_ticket(id, &n.ticket);
        let language = search::language_of(&n.ticket);
        while let Some(((_, c), &comment_id)) = comment_rows.next_if(|((t, _), _)| *t == id) {
            docs.push_comment(id, comment_id, c.public, &c.body, language);
        }
    }
    docs.insert(conn).await?;

    // The due times went in with the tickets; the rows themselves follow.
    let sla_rows: Vec<(i64, &TicketSla)> = items
        .iter()
        .zip(&ids)
        .filter_map(|(n, &id)| n.sla.as_ref().map(|sla| (id, sla)))
        .collect();
    sla::upsert_rows(conn, &sla_rows).await?;

    let new_jobs: Vec<&NewJob> = items.iter().flat_map(|n| &n.jobs).collect();
    jobs::enqueue(conn, &new_jobs).await?;

    Ok(ids.into_iter().zip(numbers).collect())
}

/// Inserts `(ticket_id, tag)` rows of new tickets (unique, none stored yet).
async fn insert_tags(conn: &mut PgConnection, rows: &[(i64, &str)]) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "insert into ticket_tags (ticket_id, tag) select * from unnest($1::bigint[], $2::text[])",
    )
    .bind(rows.iter().map(|r| r.0).bind_iter())
    .bind(rows.iter().map(|r| r.1).bind_iter())
    .execute(conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

/// Inserts `(ticket_id, comment)` rows; returns their ids in input order.
async fn insert_comments(
    conn: &mut PgConnection,
    rows: &[(i64, &NewComment)],
) -> StoreResult<Vec<i64>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // Identity values are drawn as rows are produced, and the rows are produced in
    // `ord` order, so sorted ids line up with the input.
    let mut ids: Vec<i64> = sqlx::query_scalar(
        "insert into comments (ticket_id, author_id, body, public, created_at)
         select c.ticket_id, c.author_id, c.body, c.public, c.created_at
         from unnest($1::bigint[], $2::bigint[], $3::text[], $4::boolean[], $5::bigint[])
              with ordinality as c(ticket_id, author_id, body, public, created_at, ord)
         order by c.ord
         returning id",
    )
    .bind(rows.iter().map(|r| r.0).bind_iter())
    .bind(rows.iter().map(|r| r.1.author_id).bind_iter())
    .bind(rows.iter().map(|r| r.1.body.as_str()).bind_iter())
    .bind(rows.iter().map(|r| r.1.public).bind_iter())
    .bind(rows.iter().map(|r| micros(r.1.created_at)).bind_iter())
    .fetch_all(conn)
    .await
    .map_err(from_sqlx)?;
    ids.sort_unstable();
    Ok(ids)
}

/// Inserts `(ticket_id, comment_id, attachment)` rows; returns their ids in input order.
async fn insert_attachments(
    conn: &mut PgConnection,
    rows: &[(i64, i64, &NewAttachment)],
) -> StoreResult<Vec<i64>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = sqlx::query_scalar(
        "insert into attachments (ticket_id, comment_id, filename, content_type, size, data)
         select a.ticket_id, a.comment_id, a.filename, a.content_type, octet_length(a.data), a.data
         from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bytea[])
              with ordinality as a(ticket_id, comment_id, filename, content_type, data, ord)
         order by a.ord
         returning id",
    )
    .bind(rows.iter().map(|r| r.0).bind_iter())
    .bind(rows.iter().map(|r| r.1).bind_iter())
    .bind(rows.iter().map(|r| r.2.filename.as_str()).bind_iter())
    .bind(rows.iter().map(|r| r.2.content_type.as_str()).bind_iter())
    .bind(rows.iter().map(|r| r.2.bytes.as_slice()).bind_iter())
    .fetch_all(conn)
    .await
    .map_err(from_sqlx)?;
    ids.sort_unstable();
    Ok(ids)
}

/// Inserts `(ticket_id, comment_id, event)` rows; an event's `comment_id` is set only
/// when it asks for the comment (`for_comment`).
async fn insert_events(
    conn: &mut PgConnection,
    rows: &[(i64, Option<i64>, &NewEvent)],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "insert into events (ticket_id, actor_id, kind, field, old_value, new_value, comment_id,
             internal, created_at)
         select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[],
             $6::text[], $7::bigint[], $8::boolean[], $9::bigint[])",
    )
    .bind(rows.iter().map(|r| r.0).bind_iter())
    .bind(rows.iter().map(|r| r.2.actor_id).bind_iter())
    .bind(rows.iter().map(|r| r.2.kind.as_str()).bind_iter())
    .bind(rows.iter().map(|r| r.2.field.as_deref()).bind_iter())
    .bind(rows.iter().map(|r| r.2.old_value.as_deref()).bind_iter())
    .bind(rows.iter().map(|r| r.2.new_value.as_deref()).bind_iter())
    .bind(
        rows.iter()
            .map(|r| r.1.filter(|_| r.2.for_comment))
            .bind_iter(),
    )
    .bind(rows.iter().map(|r| r.2.internal).bind_iter())
    .bind(rows.iter().map(|r| micros(r.2.created_at)).bind_iter())
    .execute(conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

// ----- updates ---------------------------------------------------------------------

const UPDATE_TICKET: &str = concat!(
    "update tickets as t set subject = $3, description = $4, status = $5, ticket_type = $6,
         impact = $7, urgency = $8, priority = $9, priority_overridden = $10, category = $11,
         tags = $12, custom_fields = $13, requester_id = $14, organization_id = $15,
         assignee_id = $16, group_id = $17, tier = $18, channel = $19, language = $20,
         updated_at = $21, first_response_at = $22, solved_at = $23, closed_at = $24,
         version = t.version + 1
     where t.id = $1 and t.version = $2
     returning ",
    ticket_columns!()
);

pub(crate) async fn update_ticket(
    pool: &PgPool,
    write: TicketWrite,
) -> StoreResult<(Ticket, Option<Comment>)> {
    let TicketWrite {
        ticket: new,
        comment,
        events,
        jobs: new_jobs,
        sla: sla_row,
        notifications,
    } = write;
    let mut tx = pool.begin().await.map_err(from_sqlx)?;

    let row: Option<PgRow> = sqlx::query(UPDATE_TICKET)
        .bind(new.id)
        .bind(new.version)
        .bind(&new.subject)
        .bind(&new.description)
        .bind(new.status.as_str())
        .bind(new.ticket_type.as_str())
        .bind(i16::from(new.impact.get()))
        .bind(i16::from(new.urgency.get()))
        .bind(i16::from(new.priority.rank()))
        .bind(new.priority_overridden)
        .bind(new.category.as_deref())
        .bind(Json(&new.tags))
        .bind(Json(&new.custom_fields))
        .bind(new.requester_id)
        .bind(new.organization_id)
        .bind(new.assignee_id)
        .bind(new.group_id)
        .bind(new.tier.as_str())
        .bind(new.channel.as_str())
        .bind(new.language.as_deref())
        .bind(micros(new.updated_at))
        .bind(opt_micros(new.first_response_at))
        .bind(opt_micros(new.solved_at))
        .bind(opt_micros(new.closed_at))
        .fetch_optional(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    let Some(row) = row else {
        let exists: Option<i64> = sqlx::query_scalar("select id from tickets where id = $1")
            .bind(new.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        return Err(match exists {
            Some(_) => StoreError::conflict("ticket_version"),
            None => StoreError::not_found("ticket"),
        });
    };
    let ticket = rows::ticket(&row)?;

    // Keep the tags that stay, add the new ones.
    sqlx::query("delete from ticket_tags where ticket_id = $1 and tag <> all($2)")
        .bind(ticket.id)
        .bind(&ticket.tags)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    sqlx::query(
        "insert into ticket_tags (ticket_id, tag) select $1, tag from unnest($2::text[]) as tag
         on conflict do nothing",
    )
    .bind(ticket.id)
    .bind(&ticket.tags)
    .execute(&mut *tx)
    .await
    .map_err(from_sqlx)?;

    let comment = match comment {
        Some(new_comment) => Some(add_comment(&mut tx, &ticket, new_comment).await?),
        None => None,
    };
    let comment_id = comment.as_ref().map(|c| c.id);
    let event_rows: Vec<(i64, Option<i64>, &NewEvent)> =
        events.iter().map(|e| (ticket.id, comment_id, e)).collect();
    insert_events(&mut tx, &event_rows).await?;
    if let Some(row) = &sla_row {
        sla::write_ticket_slas(&mut tx, &[(ticket.id, row)]).await?;
    }
    sla::insert_notifications(&mut tx, &notifications).await?;
    jobs::enqueue(&mut tx, &new_jobs.iter().collect::<Vec<_>>()).await?;
    search::refresh_ticket_doc(&mut tx, &ticket).await?;

    tx.commit().await.map_err(from_sqlx)?;
    Ok((ticket, comment))
}

/// Inserts a comment on `ticket` with its attachments and search document.
async fn add_comment(
    conn: &mut PgConnection,
    ticket: &Ticket,
    new: NewComment,
) -> StoreResult<Comment> {
    let ids = insert_comments(conn, &[(ticket.id, &new)]).await?;
    let Some(&id) = ids.first() else {
        return Err(StoreError::Other(
            "comment insert returned no row".to_owned(),
        ));
    };
    let attachment_rows: Vec<(i64, i64, &NewAttachment)> =
        new.attachments.iter().map(|a| (ticket.id, id, a)).collect();
    let attachment_ids = insert_attachments(conn, &attachment_rows).await?;

    let mut docs = SearchDocs::default();
    docs.push_comment(
        ticket.id,
        id,
        new.public,
        &new.body,
        search::language_of(ticket),
    );
    docs.insert(conn).await?;

    let attachments = new
        .attachments
        .iter()
        .zip(attachment_ids)
        .map(|(a, attachment_id)| Attachment {
            id: attachment_id,
            comment_id: id,
            filename: a.filename.clone(),
            content_type: a.content_type.clone(),
            size: a.bytes.len() as i64,
        })
        .collect();
    Ok(Comment {
        id,
        ticket_id: ticket.id,
        author_id: new.author_id,
        body: new.body,
        public: new.public,
        attachments,
        created_at: new.created_at,
    })
}
