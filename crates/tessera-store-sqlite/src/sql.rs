//! A small builder for queries whose shape depends on filters: SQL text and its
//! positional arguments grow together, so a placeholder can't lose its value.

use rusqlite::types::Value;
use rusqlite::{Connection, Row, params_from_iter};
use tessera_store::TicketScope;

#[derive(Default)]
pub(crate) struct Query {
    sql: String,
    args: Vec<Value>,
}

impl Query {
    pub(crate) fn new(sql: impl Into<String>) -> Query {
        Query {
            sql: sql.into(),
            args: Vec::new(),
        }
    }

    /// The query as a sub-select: `prefix <this query> suffix`, same bindings.
    pub(crate) fn wrap(mut self, prefix: &str, suffix: &str) -> Query {
        self.sql = format!("{prefix}{}{suffix}", self.sql);
        self
    }

    pub(crate) fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    pub(crate) fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.sql.push('?');
        self.args.push(value.into());
        self
    }

    /// ` (?, ?, …)` with one placeholder per value.
    pub(crate) fn bind_list<V: Into<Value>>(
        &mut self,
        values: impl IntoIterator<Item = V>,
    ) -> &mut Self {
        self.sql.push_str(" (");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.bind(value);
        }
        self.sql.push(')');
        self
    }

    /// Restricts tickets (aliased `t`) to what `scope` may see.
    pub(crate) fn scope(&mut self, scope: &TicketScope) -> &mut Self {
        match *scope {
            TicketScope::All => self,
            TicketScope::Requester {
                user_id,
                organization_id: None,
            } => self.push(" AND t.requester_id = ").bind(user_id),
            TicketScope::Requester {
                user_id,
                organization_id: Some(org),
            } => self
                .push(" AND (t.requester_id = ")
                .bind(user_id)
                .push(" OR (t.organization_id = ")
                .bind(org)
                .push(" AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = t.organization_id AND o.shares_tickets)))"),
        }
    }

    pub(crate) fn rows<T>(
        &self,
        conn: &Connection,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        let mut statement = conn.prepare_cached(&self.sql)?;
        statement
            .query_map(params_from_iter(&self.args), map)?
            .collect()
    }
}
