//! Full-text search on `search_docs`.
//!
//! Text is analysed in Rust (`tessera_core::analysis`) and PostgreSQL only ever sees
//! finished lexemes: documents are built with `array_to_tsvector` and queries are
//! cast from tsquery text, never passed through PostgreSQL's parser or dictionaries.
//! That keeps the results identical to the SQLite backend's.

use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use tessera_core::analysis::{Language, SearchQuery, index_terms, is_safe_term};
use tessera_store::{SearchTickets, StoreResult, Ticket, TicketScope};

use crate::errors::from_sqlx;
use crate::rows::{self, ticket_columns};
use crate::tickets::push_scope;

/// The analysis language of a ticket (its language tag, if Tessera stems it).
pub(crate) fn language_of(ticket: &Ticket) -> Option<Language> {
    ticket.language.as_deref().and_then(|l| l.parse().ok())
}

/// The terms of a ticket's own document: subject, description and tags.
pub(crate) fn ticket_terms(ticket: &Ticket) -> String {
    let text = format!(
        "{}\n{}\n{}",
        ticket.subject,
        ticket.description,
        ticket.tags.join(" ")
    );
    index_terms(&text, language_of(ticket))
}

/// Search documents to insert, column by column (bound as arrays and unnested, so
/// one statement writes any number of them).
#[derive(Default)]
pub(crate) struct SearchDocs {
    ticket_id: Vec<i64>,
    comment_id: Vec<Option<i64>>,
    internal: Vec<bool>,
    terms: Vec<String>,
}

impl SearchDocs {
    /// The document of a ticket's subject, description and tags.
    pub(crate) fn push_ticket(&mut self, ticket_id: i64, ticket: &Ticket) {
        self.push(ticket_id, None, false, ticket_terms(ticket));
    }

    /// The document of one comment; internal notes are internal documents.
    pub(crate) fn push_comment(
        &mut self,
        ticket_id: i64,
        comment_id: i64,
        public: bool,
        body: &str,
        language: Option<Language>,
    ) {
        self.push(
            ticket_id,
            Some(comment_id),
            !public,
            index_terms(body, language),
        );
    }

    fn push(&mut self, ticket_id: i64, comment_id: Option<i64>, internal: bool, terms: String) {
        self.ticket_id.push(ticket_id);
        self.comment_id.push(comment_id);
        self.internal.push(internal);
        self.terms.push(terms);
    }

    pub(crate) async fn insert(self, conn: &mut PgConnection) -> StoreResult<()> {
        if self.ticket_id.is_empty() {
            return Ok(());
        }
        // `string_to_array('', ' ')` is an empty array, so an empty document is an
        // empty tsvector rather than an error.
        sqlx::query(
            "insert into search_docs (ticket_id, comment_id, internal, terms)
             select d.ticket_id, d.comment_id, d.internal,
                    array_to_tsvector(string_to_array(d.terms, ' '))
             from unnest($1::bigint[], $2::bigint[], $3::boolean[], $4::text[])
                  as d(ticket_id, comment_id, internal, terms)",
        )
        .bind(&self.ticket_id)
        .bind(&self.comment_id)
        .bind(&self.internal)
        .bind(&self.terms)
        .execute(conn)
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }
}

/// Replaces the ticket's own document (after its subject, description, tags or
/// language changed).
pub(crate) async fn refresh_ticket_doc(
    conn: &mut PgConnection,
    ticket: &Ticket,
) -> StoreResult<()> {
    sqlx::query("delete from search_docs where ticket_id = $1 and comment_id is null")
        .bind(ticket.id)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    let mut docs = SearchDocs::default();
    docs.push_ticket(ticket.id, ticket);
    docs.insert(conn).await
}

/// The query as tsquery text: `('a' | 'b') & ('c')`. Every term is alphanumeric
/// (anything else is dropped), so single quotes cannot be escaped out of. `None`
/// when nothing searchable is left.
pub(crate) fn tsquery_text(query: &SearchQuery) -> Option<String> {
    let groups: Vec<String> = query
        .groups
        .iter()
        .map(|group| {
            group
                .iter()
                .filter(|term| is_safe_term(term))
                .map(|term| format!("'{term}'"))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .filter(|alternatives| !alternatives.is_empty())
        .map(|alternatives| format!("({alternatives})"))
        .collect();
    (!groups.is_empty()).then(|| groups.join(" & "))
}

/// Tickets with a matching document, best match (highest `ts_rank` of any of their
/// documents) first, ties broken by newest ticket.
/// How many of the newest matching documents are ranked (see [`search_tickets`]).
const CANDIDATES: i64 = 1_000;

pub(crate) async fn search_tickets(
    pool: &PgPool,
    query: &SearchTickets,
) -> StoreResult<Vec<Ticket>> {
    let Some(tsquery) = tsquery_text(&query.query) else {
        return Ok(Vec::new());
    };
    // Ranking is the expensive part (ts_rank reads every matching document), so
    // only the newest CANDIDATES matching documents the reader may see are ranked,
    // as on SQLite: for a common word PostgreSQL walks the primary key backwards
    // and stops there; a rare word comes from the GIN index and is sorted whole.
    // Visibility (internal notes, a customer's scope) applies before the cut.
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(concat!(
        "select ",
        ticket_columns!(),
        " from (select c.ticket_id, max(ts_rank(c.terms, c.query)) as rank
                 from (select d.ticket_id, d.terms, q.query
                       from search_docs d, (select "
    ));
    // Cast, not `to_tsquery`: the text is already lexemes and operators.
    sql.push_bind(tsquery).push(
        "::tsquery as query) q
         where d.terms @@ q.query",
    );
    if !query.include_internal {
        sql.push(" and not d.internal");
    }
    if query.scope != TicketScope::All {
        sql.push(" and d.ticket_id in (select t.id from tickets t where true");
        push_scope(&mut sql, &query.scope);
        sql.push(")");
    }
    sql.push(" order by d.id desc limit ")
        .push_bind(CANDIDATES)
        .push(") c group by c.ticket_id) m join tickets t on t.id = m.ticket_id");
    sql.push(" order by m.rank desc, t.id desc limit ")
        .push_bind(i64::from(query.limit.clamp(1, 500)));
    let found = sql.build().fetch_all(pool).await.map_err(from_sqlx)?;
    found.iter().map(rows::ticket).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_become_ands_of_quoted_alternatives() {
        let query = SearchQuery {
            groups: vec![vec!["printer".into(), "print".into()], vec!["down".into()]],
        };
        assert_eq!(
            tsquery_text(&query).as_deref(),
            Some("('printer' | 'print') & ('down')")
        );
    }

    #[test]
    fn unsafe_terms_and_empty_groups_are_dropped() {
        let query = SearchQuery {
            groups: vec![
                vec!["x' | 'y".into()],
                vec!["ok".into(), "".into(), "a&b".into()],
            ],
        };
        assert_eq!(tsquery_text(&query).as_deref(), Some("('ok')"));
        assert_eq!(tsquery_text(&SearchQuery::default()), None);
    }
}
