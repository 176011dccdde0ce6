//! Full-text search on the FTS5 table `search_docs`.
//!
//! Documents hold terms already analysed by `tessera_core::analysis` (the same
//! analysis the PostgreSQL backend uses), so FTS5 only matches whole terms. A
//! ticket's document has rowid = ticket id, a comment's has rowid = -comment id:
//! refreshing a ticket's document is then a rowid lookup, not a scan.
//!
//! Two things keep indexing off the writer's critical path:
//! - terms are computed by [`Terms::analyse`] before a write is queued, so the
//!   single writer thread spends its time on SQL, not on stemming;
//! - writes *stage* documents in a temporary table, and the writer moves them into
//!   FTS5 once per batch ([`flush_staged`]) just before COMMIT. FTS5 flushes its
//!   pending index data at every SAVEPOINT and RELEASE once it has been written in
//!   a transaction, which with one savepoint per job cost about a quarter of the
//!   writer's time. Staged rows live in a normal table, so a job rolled back to its
//!   savepoint takes its staged documents with it.

use rusqlite::{Connection, named_params};
use tessera_core::analysis::{Language, SearchQuery, index_terms, is_safe_term};
use tessera_store::{NewComment, SearchTickets, Ticket, TicketScope};

use crate::error::Result;
use crate::rows::{self, TICKET_COLUMNS};
use crate::sql::Query;

/// The analysed documents of one ticket write.
pub(crate) struct Terms {
    /// Subject, description and tags.
    pub(crate) ticket: String,
    /// One document per comment written with the ticket, in the same order.
    pub(crate) comments: Vec<String>,
}

impl Terms {
    /// `comments` are those of the write: a new ticket's, or an update's one.
    pub(crate) fn analyse(ticket: &Ticket, comments: &[NewComment]) -> Terms {
        let language: Option<Language> = ticket.language.as_deref().and_then(|l| l.parse().ok());
        let text = format!(
            "{}\n{}\n{}",
            ticket.subject,
            ticket.description,
            ticket.tags.join(" ")
        );
        Terms {
            ticket: index_terms(&text, language),
            comments: comments
                .iter()
                .map(|c| index_terms(&c.body, language))
                .collect(),
        }
    }
}

/// Creates the writer connection's staging table (temporary: private to the
/// connection, never part of the schema).
pub(crate) fn prepare_writer(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS staged_docs (
             doc_rowid INTEGER PRIMARY KEY,
             ticket_id INTEGER NOT NULL,
             internal  INTEGER NOT NULL,
             terms     TEXT    NOT NULL,
             replaces  INTEGER NOT NULL
         )",
    )?;
    Ok(())
}

/// Stages the ticket's own document; `replaces` when an older version may exist.
pub(crate) fn stage_ticket(
    conn: &Connection,
    ticket_id: i64,
    terms: &str,
    replaces: bool,
) -> Result<()> {
    stage(conn, ticket_id, ticket_id, false, terms, replaces)
}

/// Stages a comment's document; internal notes are marked so customers never match them.
pub(crate) fn stage_comment(
    conn: &Connection,
    ticket_id: i64,
    comment_id: i64,
    public: bool,
    terms: &str,
) -> Result<()> {
    // Comments never change, so their document never replaces one.
    stage(conn, -comment_id, ticket_id, !public, terms, false)
}

fn stage(
    conn: &Connection,
    doc_rowid: i64,
    ticket_id: i64,
    internal: bool,
    terms: &str,
    replaces: bool,
) -> Result<()> {
    // Last write wins when one batch touches a ticket twice.
    conn.prepare_cached(
        "INSERT OR REPLACE INTO staged_docs (doc_rowid, ticket_id, internal, terms, replaces)
         VALUES (:doc_rowid, :ticket_id, :internal, :terms, :replaces)",
    )?
    .execute(named_params! {
        ":doc_rowid": doc_rowid,
        ":ticket_id": ticket_id,
        ":internal": internal,
        ":terms": terms,
        ":replaces": replaces,
    })?;
    Ok(())
}

/// Moves staged documents into the index, replacing documents with the same rowid.
/// Run by the writer once per batch, outside any job's savepoint.
pub(crate) fn flush_staged(conn: &Connection) -> Result<()> {
    // One rowid lookup per replaced document (FTS5 plans `rowid = ?` as a lookup,
    // while `rowid IN (subquery)` risks a scan of the whole index).
    let replaced: Vec<i64> = conn
        .prepare_cached("SELECT doc_rowid FROM staged_docs WHERE replaces")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut delete = conn.prepare_cached("DELETE FROM search_docs WHERE rowid = ?1")?;
    for rowid in replaced {
        delete.execute([rowid])?;
    }
    conn.prepare_cached(
        "INSERT INTO search_docs (rowid, terms, ticket_id, internal)
         SELECT doc_rowid, terms, ticket_id, internal FROM staged_docs WHERE terms <> ''
         ORDER BY doc_rowid",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM staged_docs")?
        .execute([])?;
    Ok(())
}

/// How many of the newest matching documents are scored and ranked (see [`search`]).
const CANDIDATES: i64 = 1_000;

/// The FTS5 expression for a query: every group must match, any term of a group
/// may. Each term is quoted, so words like `OR`, `NEAR` or `*` are plain terms.
/// Terms that are not purely alphanumeric (never produced by `parse_query`) are
/// dropped, and so is a group left empty. `None` when nothing is left to match.
fn match_expression(query: &SearchQuery) -> Option<String> {
    let groups: Vec<String> = query
        .groups
        .iter()
        .filter_map(|group| {
            let terms: Vec<String> = group
                .iter()
                .filter(|t| is_safe_term(t))
                .map(|t| format!("\"{t}\""))
                .collect();
            (!terms.is_empty()).then(|| format!("({})", terms.join(" OR ")))
        })
        .collect();
    (!groups.is_empty()).then(|| groups.join(" AND "))
}

/// Tickets with a matching document, best bm25 score of any of their documents
/// first (lower is better in FTS5), newest ticket first among equals.
pub(crate) fn search(conn: &Connection, search: &SearchTickets) -> Result<Vec<Ticket>> {
    let Some(expression) = match_expression(&search.query) else {
        return Ok(Vec::new());
    };
    // Scoring is the expensive part of a search (bm25 reads every matching
    // document's statistics), so only the newest CANDIDATES matching documents the
    // reader may see are scored: FTS5 streams matches in rowid order and the LIMIT
    // stops it there. Then each ticket keeps its best score, and the ranking is cut
    // to the limit on narrow (id, score) rows, so only the tickets returned are read
    // in full. Visibility (internal notes, a customer's scope) is applied before the
    // cut, so a customer's candidates are all their own.
    let mut q = Query::new(
        "WITH docs AS MATERIALIZED (
             SELECT ticket_id, bm25(search_docs) AS score
             FROM search_docs WHERE search_docs MATCH ",
    );
    q.bind(expression);
    if !search.include_internal {
        q.push(" AND internal = 0");
    }
    if search.scope != TicketScope::All {
        q.push(" AND ticket_id IN (SELECT t.id FROM tickets t WHERE 1 = 1")
            .scope(&search.scope)
            .push(")");
    }
    q.push(" ORDER BY rowid DESC LIMIT ").bind(CANDIDATES).push(
        "), hits AS (
             SELECT ticket_id AS id, min(score) AS score FROM docs GROUP BY ticket_id
             ), top AS MATERIALIZED (SELECT hits.id, hits.score FROM hits",
    );
    q.push(" ORDER BY hits.score, hits.id DESC LIMIT ")
        .bind(i64::from(search.limit.clamp(1, 500)))
        .push(&format!(
            ") SELECT {} FROM top JOIN tickets t ON t.id = top.id ORDER BY top.score, top.id DESC",
            rows::qualified("t", TICKET_COLUMNS)
        ));
    Ok(q.rows(conn, rows::ticket)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tessera_core::analysis::parse_query;

    #[test]
    fn expression_quotes_terms_and_joins_groups() {
        let q = SearchQuery {
            groups: vec![
                vec!["printer".into(), "print".into()],
                vec!["\"".into(), "a*".into()],
                vec!["near".into()],
            ],
        };
        assert_eq!(
            match_expression(&q).as_deref(),
            Some(r#"("printer" OR "print") AND ("near")"#)
        );
        assert_eq!(match_expression(&parse_query("  \" * ")), None);
    }
}
