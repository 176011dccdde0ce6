//! Tickets: creation (with idempotency), optimistic updates, lists, and the
//! conversation and history hanging off them. Write functions run on the writer
//! inside its transaction; read functions on a reader connection.

use std::collections::BTreeSet;

use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, Row, named_params};
use tessera_store::{
    AssigneeFilter, Attachment, Comment, Created, Cursor, Event, IdempotencyKey, NewComment,
    NewEvent, NewTicket, Page, StoreError, Ticket, TicketQuery, TicketScope, TicketSortField,
    TicketWrite,
};

use crate::error::Result;
use crate::jobs;
use crate::rows::{
    self, ATTACHMENT_COLUMNS, COMMENT_COLUMNS, Columns, EVENT_COLUMNS, TICKET_COLUMNS, micros,
    opt_micros,
};
use crate::search::{self, Terms};
use crate::sla;
use crate::sql::Query;

// ----- writes --------------------------------------------------------------------

/// `terms` are the analysed search documents of `new` (see [`Terms`]).
pub(crate) fn create(conn: &Connection, new: NewTicket, terms: &Terms) -> Result<Created<Ticket>> {
    if let Some(key) = &new.idempotency
        && let Some(ticket_id) = replayed_ticket(conn, key)?
    {
        return Ok(Created {
            value: get(conn, ticket_id)?,
            replayed: true,
        });
    }
    let ticket = insert(conn, &new, terms)?;
    if let Some(key) = &new.idempotency {
        conn.prepare_cached(
            "INSERT INTO idempotency_keys (user_id, key, request_fingerprint, ticket_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((
            key.user_id,
            &key.key,
            &key.request_fingerprint,
            ticket.id,
            micros(ticket.created_at),
        ))?;
    }
    Ok(Created {
        value: ticket,
        replayed: false,
    })
}

/// The ticket an earlier request with this key created, or a conflict when that
/// request had a different body.
fn replayed_ticket(conn: &Connection, key: &IdempotencyKey) -> Result<Option<i64>> {
    let found: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT request_fingerprint, ticket_id FROM idempotency_keys
             WHERE user_id = ?1 AND key = ?2",
        )?
        .query_row((key.user_id, &key.key), |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    match found {
        None => Ok(None),
        Some((fingerprint, ticket_id)) if fingerprint == key.request_fingerprint => {
            Ok(Some(ticket_id))
        }
        Some(_) => Err(StoreError::conflict("idempotency_key").into()),
    }
}

pub(crate) fn import(conn: &Connection, tickets: Vec<NewTicket>) -> Result<usize> {
    for new in &tickets {
        // A bulk path: analysing here keeps the (long) import on the writer thread
        // instead of blocking an async worker.
        insert(conn, new, &Terms::analyse(&new.ticket, &new.comments))?;
    }
    Ok(tickets.len())
}

/// Inserts the ticket with the next number, its tags, comments (in order), events
/// and search documents; `for_comment` events link to the first comment. The
/// writer is the only writer, so `max + 1` cannot race.
fn insert(conn: &Connection, new: &NewTicket, terms: &Terms) -> Result<Ticket> {
    let number: i64 = conn
        .prepare_cached("SELECT coalesce(max(number), 1000) + 1 FROM tickets")?
        .query_row([], |row| row.get(0))?;
    let values = TicketValues::new(&new.ticket)?;
    let sla_due_at = new.sla.as_ref().and_then(|sla| opt_micros(sla.next_due_at));
    let mut params = values.params();
    params.push((":number", &number));
    params.push((":created_at", &values.created_at));
    params.push((":sla_due_at", &sla_due_at));
    let ticket = conn
        .prepare_cached(&format!(
            "INSERT INTO tickets (number, subject, description, status, ticket_type, impact,
                 urgency, priority, priority_overridden, category, tags, custom_fields,
                 requester_id, organization_id, assignee_id, group_id, tier, channel, language,
                 created_at, updated_at, first_response_at, solved_at, closed_at, version,
                 sla_due_at)
             VALUES (:number, :subject, :description, :status, :ticket_type, :impact,
                 :urgency, :priority, :priority_overridden, :category, :tags, :custom_fields,
                 :requester_id, :organization_id, :assignee_id, :group_id, :tier, :channel,
                 :language, :created_at, :updated_at, :first_response_at, :solved_at,
                 :closed_at, 1, :sla_due_at)
             RETURNING {TICKET_COLUMNS}"
        ))?
        .query_row(params.as_slice(), rows::ticket)?;
    write_tags(conn, &ticket, false)?;
    let mut first_comment = None;
    for (i, c) in new.comments.iter().enumerate() {
        let comment = insert_comment(conn, &ticket, c, terms.comments.get(i).map(String::as_str))?;
        first_comment.get_or_insert(comment.id);
    }
    insert_events(conn, ticket.id, first_comment, &new.events)?;
    if let Some(row) = &new.sla {
        sla::write_ticket_sla(conn, ticket.id, row)?;
    }
    jobs::enqueue(conn, &new.jobs)?;
    search::stage_ticket(conn, ticket.id, &terms.ticket, false)?;
    Ok(ticket)
}

pub(crate) fn update(
    conn: &Connection,
    write: TicketWrite,
    terms: &Terms,
) -> Result<(Ticket, Option<Comment>)> {
    let values = TicketValues::new(&write.ticket)?;
    let mut params = values.params();
    params.push((":id", &write.ticket.id));
    params.push((":version", &write.ticket.version));
    let updated = conn
        .prepare_cached(&format!(
            "UPDATE tickets SET subject = :subject, description = :description,
                 status = :status, ticket_type = :ticket_type, impact = :impact,
                 urgency = :urgency, priority = :priority,
                 priority_overridden = :priority_overridden, category = :category, tags = :tags,
                 custom_fields = :custom_fields, requester_id = :requester_id,
                 organization_id = :organization_id, assignee_id = :assignee_id,
                 group_id = :group_id, tier = :tier, channel = :channel, language = :language,
                 updated_at = :updated_at, first_response_at = :first_response_at,
                 solved_at = :solved_at, closed_at = :closed_at, version = version + 1
             WHERE id = :id AND version = :version
             RETURNING {TICKET_COLUMNS}"
        ))?
        .query_row(params.as_slice(), rows::ticket)
        .optional()?;
    let Some(ticket) = updated else {
        let exists = conn
            .prepare_cached("SELECT 1 FROM tickets WHERE id = ?1")?
            .exists([write.ticket.id])?;
        return Err(if exists {
            StoreError::conflict("ticket_version")
        } else {
            StoreError::not_found("ticket")
        }
        .into());
    };
    write_tags(conn, &ticket, true)?;
    let comment = write
        .comment
        .as_ref()
        .map(|c| insert_comment(conn, &ticket, c, terms.comments.first().map(String::as_str)))
        .transpose()?;
    insert_events(
        conn,
        ticket.id,
        comment.as_ref().map(|c| c.id),
        &write.events,
    )?;
    if let Some(row) = &write.sla {
        sla::write_ticket_sla(conn, ticket.id, row)?;
    }
    sla::insert_notifications(conn, &write.notifications)?;
    jobs::enqueue(conn, &write.jobs)?;
    search::stage_ticket(conn, ticket.id, &terms.ticket, true)?;
    Ok((ticket, comment))
}

/// The ticket's columns as SQL values, shared by insert and update.
struct TicketValues<'a> {
    ticket: &'a Ticket,
    status: &'static str,
    ticket_type: &'static str,
    impact: i64,
    urgency: i64,
    priority: i64,
    tags: String,
    custom_fields: String,
    tier: &'static str,
    channel: &'static str,
    created_at: i64,
    updated_at: i64,
    first_response_at: Option<i64>,
    solved_at: Option<i64>,
    closed_at: Option<i64>,
}

impl<'a> TicketValues<'a> {
    fn new(ticket: &'a Ticket) -> Result<Self> {
        Ok(TicketValues {
            ticket,
            status: ticket.status.as_str(),
            ticket_type: ticket.ticket_type.as_str(),
            impact: i64::from(ticket.impact.get()),
            urgency: i64::from(ticket.urgency.get()),
            priority: i64::from(ticket.priority.rank()),
            tags: serde_json::to_string(&ticket.tags)?,
            custom_fields: serde_json::to_string(&ticket.custom_fields)?,
            tier: ticket.tier.as_str(),
            channel: ticket.channel.as_str(),
            created_at: micros(ticket.created_at),
            updated_at: micros(ticket.updated_at),
            first_response_at: opt_micros(ticket.first_response_at),
            solved_at: opt_micros(ticket.solved_at),
            closed_at: opt_micros(ticket.closed_at),
        })
    }

    /// Named parameters for every mutable column (not id, number, created_at, version).
    fn params(&self) -> Vec<(&'static str, &dyn ToSql)> {
        let t = self.ticket;
        vec![
            (":subject", &t.subject),
            (":description", &t.description),
            (":status", &self.status),
            (":ticket_type", &self.ticket_type),
            (":impact", &self.impact),
            (":urgency", &self.urgency),
            (":priority", &self.priority),
            (":priority_overridden", &t.priority_overridden),
            (":category", &t.category),
            (":tags", &self.tags),
            (":custom_fields", &self.custom_fields),
            (":requester_id", &t.requester_id),
            (":organization_id", &t.organization_id),
            (":assignee_id", &t.assignee_id),
            (":group_id", &t.group_id),
            (":tier", &self.tier),
            (":channel", &self.channel),
            (":language", &t.language),
            (":updated_at", &self.updated_at),
            (":first_response_at", &self.first_response_at),
            (":solved_at", &self.solved_at),
            (":closed_at", &self.closed_at),
        ]
    }
}

/// Mirrors `tickets.tags` into `ticket_tags`, which the tag filter uses.
fn write_tags(conn: &Connection, ticket: &Ticket, replace: bool) -> Result<()> {
    if replace {
        conn.prepare_cached("DELETE FROM ticket_tags WHERE ticket_id = ?1")?
            .execute([ticket.id])?;
    }
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)")?;
    for tag in &ticket.tags {
        insert.execute((ticket.id, tag))?;
    }
    Ok(())
}

fn insert_comment(
    conn: &Connection,
    ticket: &Ticket,
    new: &NewComment,
    terms: Option<&str>,
) -> Result<Comment> {
    let mut comment = conn
        .prepare_cached(&format!(
            "INSERT INTO comments (ticket_id, author_id, body, public, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING {COMMENT_COLUMNS}"
        ))?
        .query_row(
            (
                ticket.id,
                new.author_id,
                &new.body,
                new.public,
                micros(new.created_at),
            ),
            rows::comment,
        )?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO attachments (comment_id, ticket_id, filename, content_type, size, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING {ATTACHMENT_COLUMNS}"
    ))?;
    for a in &new.attachments {
        let size = i64::try_from(a.bytes.len())
            .map_err(|_| StoreError::Other("attachment too large".into()))?;
        comment.attachments.push(insert.query_row(
            (
                comment.id,
                ticket.id,
                &a.filename,
                &a.content_type,
                size,
                &a.bytes,
            ),
            rows::attachment,
        )?);
    }
    if let Some(comment_terms) = terms {
        search::stage_comment(conn, ticket.id, comment.id, comment.public, comment_terms)?;
    }
    Ok(comment)
}

/// `comment_id` is the comment `for_comment` events link to, if any.
fn insert_events(
    conn: &Connection,
    ticket_id: i64,
    comment_id: Option<i64>,
    events: &[NewEvent],
) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO events (ticket_id, actor_id, kind, field, old_value, new_value, comment_id,
             internal, created_at)
         VALUES (:ticket_id, :actor_id, :kind, :field, :old_value, :new_value, :comment_id,
             :internal, :created_at)",
    )?;
    for e in events {
        let comment_id = comment_id.filter(|_| e.for_comment);
        insert.execute(named_params! {
            ":ticket_id": ticket_id,
            ":actor_id": e.actor_id,
            ":kind": e.kind.as_str(),
            ":field": e.field,
            ":old_value": e.old_value,
            ":new_value": e.new_value,
            ":comment_id": comment_id,
            ":internal": e.internal,
            ":created_at": micros(e.created_at),
        })?;
    }
    Ok(())
}

// ----- reads ---------------------------------------------------------------------

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Ticket> {
    one_ticket(conn, "t.id", id)
}

pub(crate) fn get_by_number(conn: &Connection, number: i64) -> Result<Ticket> {
    one_ticket(conn, "t.number", number)
}

fn one_ticket(conn: &Connection, column: &str, value: i64) -> Result<Ticket> {
    conn.prepare_cached(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t WHERE {column} = ?1"
    ))?
    .query_row([value], rows::ticket)
    .optional()?
    .ok_or_else(|| StoreError::not_found("ticket").into())
}

pub(crate) fn list(conn: &Connection, query: &TicketQuery) -> Result<Page<Ticket>> {
    let limit = query.limit.clamp(1, 500) as usize;
    let column = match query.sort.field {
        TicketSortField::CreatedAt => "t.created_at",
        TicketSortField::UpdatedAt => "t.updated_at",
        TicketSortField::Number => "t.number",
        TicketSortField::Priority => "t.priority",
        TicketSortField::SlaDue => return list_by_sla_due(conn, query, limit),
    };
    if query.sort.field == TicketSortField::Priority && only_statuses(query) {
        return list_by_priority_per_status(conn, query, limit);
    }
    let found = list_rows(conn, query, column, limit)?;
    Ok(page_of(found, limit))
}

/// The "all open by priority" queue: one index walk per status over
/// `(status, priority, id)`, each stopping after a page, merged here. A single
/// query over several statuses reads and sorts every open ticket instead (1 s at
/// 1 M tickets).
fn list_by_priority_per_status(
    conn: &Connection,
    query: &TicketQuery,
    limit: usize,
) -> Result<Page<Ticket>> {
    let mut found = Vec::new();
    for status in &query.statuses {
        let one = TicketQuery {
            statuses: vec![*status],
            ..query.clone()
        };
        found.extend(list_rows(conn, &one, "t.priority", limit)?);
    }
    found.sort_by(|(a, a_key), (b, b_key)| {
        let order = a_key.cmp(b_key).then(a.id.cmp(&b.id));
        if query.sort.descending {
            order.reverse()
        } else {
            order
        }
    });
    found.dedup_by_key(|(t, _)| t.id);
    found.truncate(limit + 1);
    Ok(page_of(found, limit))
}

/// Up to `limit + 1` tickets of `query` after its cursor, sorted by `column`
/// then id, each with its sort key.
fn list_rows(
    conn: &Connection,
    query: &TicketQuery,
    column: &str,
    limit: usize,
) -> Result<Vec<(Ticket, i64)>> {
    let (direction, after) = direction(query);

    // The sort key is selected beside the ticket: the cursor is taken from it.
    let mut q = filtered_for_list(&format!("{TICKET_COLUMNS}, {column}"), query);
    if let Some(cursor) = query.cursor {
        // Row-value comparison: strictly after the cursor in (sort key, id) order.
        q.push(&format!(" AND ({column}, t.id) {after} ("))
            .bind(cursor.sort_value)
            .push(", ")
            .bind(cursor.id)
            .push(")");
    }
    q.push(&format!(
        " ORDER BY {column} {direction}, t.id {direction} LIMIT "
    ))
    // One more than asked, to learn whether another page follows.
    .bind(limit as i64 + 1);
    let found = q.rows(conn, |row| {
        let mut c = Columns::new(row);
        Ok((rows::ticket_from(&mut c)?, c.get()?))
    })?;
    Ok(found)
}

/// `ORDER BY` direction and the cursor comparison that goes with it.
fn direction(query: &TicketQuery) -> (&'static str, &'static str) {
    if query.sort.descending {
        ("DESC", "<")
    } else {
        ("ASC", ">")
    }
}

/// The tickets with a due time by (due, id), then those without one by id, both
/// in the list's direction: two index walks, the second only when the first
/// does not fill the page. The cursor's key is [`Cursor::NO_SLA_DUE`] once the
/// page ends among the tickets without a due time.
fn list_by_sla_due(conn: &Connection, query: &TicketQuery, limit: usize) -> Result<Page<Ticket>> {
    let (direction, after) = direction(query);
    let select = format!("{TICKET_COLUMNS}, t.sla_due_at");
    let ticket_and_key = |row: &Row<'_>| {
        let mut c = Columns::new(row);
        let ticket = rows::ticket_from(&mut c)?;
        let due: Option<i64> = c.get()?;
        Ok((ticket, due.unwrap_or(Cursor::NO_SLA_DUE)))
    };
    let past_dated = query
        .cursor
        .is_some_and(|c| c.sort_value == Cursor::NO_SLA_DUE);
    // Both walks see one snapshot, so no ticket moves between them unseen.
    let tx = conn.unchecked_transaction()?;
    let mut found = Vec::new();
    if !past_dated {
        let mut q = filtered(&select, query);
        q.push(" AND t.sla_due_at IS NOT NULL");
        if let Some(cursor) = query.cursor {
            q.push(&format!(" AND (t.sla_due_at, t.id) {after} ("))
                .bind(cursor.sort_value)
                .push(", ")
                .bind(cursor.id)
                .push(")");
        }
        q.push(&format!(
            " ORDER BY t.sla_due_at {direction}, t.id {direction} LIMIT "
        ))
        .bind(limit as i64 + 1);
        found = q.rows(&tx, ticket_and_key)?;
    }
    if found.len() <= limit {
        let mut q = filtered(&select, query);
        q.push(" AND t.sla_due_at IS NULL");
        if let Some(cursor) = query.cursor.filter(|_| past_dated) {
            q.push(&format!(" AND t.id {after} ")).bind(cursor.id);
        }
        q.push(&format!(" ORDER BY t.id {direction} LIMIT "))
            .bind((limit + 1 - found.len()) as i64);
        found.extend(q.rows(&tx, ticket_and_key)?);
    }
    tx.commit()?;
    Ok(page_of(found, limit))
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

/// How many tickets `list` would return over all its pages.
pub(crate) fn count(conn: &Connection, query: &TicketQuery, cap: Option<u64>) -> Result<u64> {
    let counted = match cap {
        None => filtered("count(*)", query).rows(conn, |row| row.get::<_, i64>(0))?,
        Some(cap) => {
            let mut q = filtered("1", query);
            q.push(" LIMIT ")
                .bind(i64::try_from(cap).unwrap_or(i64::MAX));
            q.wrap("SELECT count(*) FROM (", ")")
                .rows(conn, |row| row.get::<_, i64>(0))?
        }
    };
    let count = counted.first().copied().unwrap_or(0);
    u64::try_from(count).map_err(|e| StoreError::Other(format!("count: {e}")).into())
}

/// `SELECT <select> FROM tickets t WHERE …` with the scope and every filter of
/// `query` (not its cursor, sort or limit), shared by lists and counts.
fn filtered(select: &str, query: &TicketQuery) -> Query {
    filtered_with(select, query, false)
}

/// Like [`filtered`], for a list page: when the only filter is a set of several
/// statuses (the "all open" queue) and the sort has an index of its own, the
/// status term is kept away from the planner (`+t.status`). Without statistics
/// (Tessera does not run ANALYZE) SQLite takes a status index as selective, reads
/// every open ticket and sorts them (1.3 s at 1 M tickets); walking the sort index
/// and filtering stops after one page (a few ms). Any narrower filter (assignee,
/// group, requester) keeps its own index, as before.
fn filtered_for_list(select: &str, query: &TicketQuery) -> Query {
    let sort_has_index = matches!(
        query.sort.field,
        TicketSortField::UpdatedAt | TicketSortField::CreatedAt | TicketSortField::Number
    );
    filtered_with(select, query, sort_has_index && only_statuses(query))
}

/// Several statuses and no narrower indexed filter: the shape of the "all open"
/// queue, which the planner gets wrong without statistics.
fn only_statuses(query: &TicketQuery) -> bool {
    query.statuses.len() >= 2
        && query.scope == TicketScope::All
        && query.assignee == AssigneeFilter::Any
        && query.group_id.is_none()
        && query.requester_id.is_none()
        && query.organization_id.is_none()
}

fn filtered_with(select: &str, query: &TicketQuery, steer_to_sort_index: bool) -> Query {
    let mut q = Query::new(format!("SELECT {select} FROM tickets t WHERE 1 = 1"));
    q.scope(&query.scope);
    if !query.statuses.is_empty() {
        q.push(if steer_to_sort_index {
            " AND +t.status IN"
        } else {
            " AND t.status IN"
        })
        .bind_list(query.statuses.iter().map(|s| s.as_str().to_owned()));
    }
    match query.assignee {
        AssigneeFilter::Any => {}
        AssigneeFilter::Unassigned => {
            q.push(" AND t.assignee_id IS NULL");
        }
        AssigneeFilter::Is(id) => {
            q.push(" AND t.assignee_id = ").bind(id);
        }
    }
    for (column, value) in [
        ("t.group_id", query.group_id),
        ("t.requester_id", query.requester_id),
        ("t.organization_id", query.organization_id),
    ] {
        if let Some(value) = value {
            q.push(" AND ").push(column).push(" = ").bind(value);
        }
    }
    if !query.priorities.is_empty() {
        q.push(" AND t.priority IN")
            .bind_list(query.priorities.iter().map(|p| i64::from(p.rank())));
    }
    let tags: BTreeSet<&String> = query.tags.iter().collect();
    for tag in tags {
        q.push(" AND EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id AND tt.tag = ")
            .bind(tag.to_string())
            .push(")");
    }
    if let Some(since) = query.updated_since {
        q.push(" AND t.updated_at >= ").bind(micros(since));
    }
    q
}

pub(crate) fn comments(
    conn: &Connection,
    ticket_id: i64,
    include_internal: bool,
) -> Result<Vec<Comment>> {
    // Comments and attachments from one snapshot, so none is seen half-written.
    let tx = conn.unchecked_transaction()?;
    let mut comments: Vec<Comment> = tx
        .prepare_cached(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments
             WHERE ticket_id = ?1 AND (?2 OR public) ORDER BY id"
        ))?
        .query_map((ticket_id, include_internal), rows::comment)?
        .collect::<rusqlite::Result<_>>()?;
    let attachments: Vec<Attachment> = tx
        .prepare_cached(&format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE ticket_id = ?1 ORDER BY id"
        ))?
        .query_map([ticket_id], rows::attachment)?
        .collect::<rusqlite::Result<_>>()?;
    tx.commit()?;
    for attachment in attachments {
        // Both lists are in id order, and few; a binary search keeps this linear-ish.
        if let Ok(i) = comments.binary_search_by_key(&attachment.comment_id, |c| c.id) {
            comments[i].attachments.push(attachment);
        }
    }
    Ok(comments)
}

pub(crate) fn events(
    conn: &Connection,
    ticket_id: i64,
    include_internal: bool,
) -> Result<Vec<Event>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events
             WHERE ticket_id = ?1 AND (?2 OR NOT internal) ORDER BY id"
        ))?
        .query_map((ticket_id, include_internal), rows::event)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn attachment(conn: &Connection, id: i64) -> Result<(Attachment, Vec<u8>)> {
    conn.prepare_cached(&format!(
        "SELECT {ATTACHMENT_COLUMNS}, data FROM attachments WHERE id = ?1"
    ))?
    .query_row([id], |row| Ok((rows::attachment(row)?, row.get(5)?)))
    .optional()?
    .ok_or_else(|| StoreError::not_found("attachment").into())
}
