//! Saved views (a named list filter, sort and columns) and ticket counts. The web
//! layer owns the shape of `filters`; the service owns who may see, share and
//! change a view and what a valid name and column list are.

use serde_json::Value;
use tessera_core::validate;
use tessera_store::{NewSavedView, SavedView, TicketQuery};

use crate::policy::{self, Action};
use crate::{Actor, Service, ServiceError, ServiceResult, TicketFilter};

/// Columns a saved view may show, in the order lists print them.
pub const VIEW_COLUMNS: [&str; 8] = [
    "number",
    "subject",
    "requester",
    "status",
    "priority",
    "sla",
    "assignee",
    "updated",
];

const NAME_MAX_CHARS: usize = 100;
/// A stored filter is small; this bounds what one agent can make us keep.
const FILTERS_MAX_BYTES: usize = 4096;
const SORT_MAX_CHARS: usize = 40;

/// A new saved view or the new state of one.
#[derive(Debug, Clone, Default)]
pub struct ViewSpec {
    pub name: String,
    /// A JSON object; its keys are the web layer's business.
    pub filters: Value,
    pub sort: String,
    pub columns: Vec<String>,
    /// Visible to every agent (supervisors and admins only).
    pub shared: bool,
}

impl ViewSpec {
    fn validated(self) -> ServiceResult<ViewSpec> {
        let name = validate::line("name", &self.name, NAME_MAX_CHARS)?;
        if !self.filters.is_object() {
            return Err(ServiceError::invalid("filters", "must be an object"));
        }
        if self.filters.to_string().len() > FILTERS_MAX_BYTES {
            return Err(ServiceError::invalid("filters", "too large"));
        }
        if self.sort.chars().count() > SORT_MAX_CHARS {
            return Err(ServiceError::invalid("sort", "too long"));
        }
        if self.columns.is_empty() {
            return Err(ServiceError::invalid("columns", "choose at least one"));
        }
        let mut columns = Vec::with_capacity(self.columns.len());
        for c in self.columns {
            if !VIEW_COLUMNS.contains(&c.as_str()) {
                return Err(ServiceError::invalid("columns", format!("unknown: {c}")));
            }
            if !columns.contains(&c) {
                columns.push(c);
            }
        }
        Ok(ViewSpec {
            name,
            columns,
            ..self
        })
    }
}

impl Service {
    /// How many tickets of `filter` the actor may see (its sort, cursor and limit
    /// are ignored): the same scope as [`Service::list_tickets`]. With a `cap`,
    /// counting stops there.
    pub async fn count_tickets(
        &self,
        actor: &Actor,
        filter: TicketFilter,
        cap: Option<u64>,
    ) -> ServiceResult<u64> {
        let tags = validate::tags(&filter.tags)?;
        Ok(self
            .store()
            .count_tickets(
                &TicketQuery {
                    scope: policy::ticket_scope(actor),
                    statuses: filter.statuses,
                    assignee: filter.assignee,
                    group_id: filter.group_id,
                    requester_id: filter.requester_id,
                    organization_id: filter.organization_id,
                    priorities: filter.priorities,
                    tags,
                    updated_since: filter.updated_since,
                    limit: 1,
                    ..TicketQuery::default()
                },
                cap,
            )
            .await?)
    }

    /// The actor's own views and the shared ones.
    pub async fn list_views(&self, actor: &Actor) -> ServiceResult<Vec<SavedView>> {
        policy::authorize(actor, Action::SaveViews)?;
        Ok(self.store().list_views(actor.user_id).await?)
    }

    pub async fn create_view(&self, actor: &Actor, spec: ViewSpec) -> ServiceResult<SavedView> {
        policy::authorize(actor, Action::SaveViews)?;
        if spec.shared {
            policy::authorize(actor, Action::ShareViews)?;
        }
        let spec = spec.validated()?;
        let position =
            i32::try_from(self.store().list_views(actor.user_id).await?.len()).unwrap_or(i32::MAX);
        Ok(self
            .store()
            .create_view(NewSavedView {
                owner_id: (!spec.shared).then_some(actor.user_id),
                name: spec.name,
                filters: spec.filters,
                sort: spec.sort,
                columns: spec.columns,
                position,
                created_at: self.now(),
            })
            .await?)
    }

    /// Replaces a view's name, filters, sort, columns and sharing.
    pub async fn update_view(
        &self,
        actor: &Actor,
        id: i64,
        spec: ViewSpec,
    ) -> ServiceResult<SavedView> {
        let mut view = self.editable_view(actor, id).await?;
        if spec.shared {
            policy::authorize(actor, Action::ShareViews)?;
        }
        let spec = spec.validated()?;
        // Unsharing gives the view to whoever unshared it.
        view.owner_id = match (spec.shared, view.owner_id) {
            (true, _) => None,
            (false, Some(owner)) => Some(owner),
            (false, None) => Some(actor.user_id),
        };
        view.name = spec.name;
        view.filters = spec.filters;
        view.sort = spec.sort;
        view.columns = spec.columns;
        Ok(self.store().update_view(&view).await?)
    }

    /// Renames a view, keeping everything else.
    pub async fn rename_view(
        &self,
        actor: &Actor,
        id: i64,
        name: &str,
    ) -> ServiceResult<SavedView> {
        let view = self.editable_view(actor, id).await?;
        let spec = ViewSpec {
            name: name.to_owned(),
            shared: view.owner_id.is_none(),
            filters: view.filters,
            sort: view.sort,
            columns: view.columns,
        };
        self.update_view(actor, id, spec).await
    }

    pub async fn delete_view(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        self.editable_view(actor, id).await?;
        Ok(self.store().delete_view(id).await?)
    }

    /// A view the actor may change: their own, or a shared one for those who may
    /// share. Other agents' personal views are reported as missing, not forbidden,
    /// so their existence does not leak.
    async fn editable_view(&self, actor: &Actor, id: i64) -> ServiceResult<SavedView> {
        policy::authorize(actor, Action::SaveViews)?;
        let view = self.store().get_view(id).await?;
        match view.owner_id {
            Some(owner) if owner == actor.user_id => Ok(view),
            Some(_) => Err(ServiceError::NotFound("view")),
            None => {
                policy::authorize(actor, Action::ShareViews)?;
                Ok(view)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, columns: &[&str]) -> ViewSpec {
        ViewSpec {
            name: name.to_owned(),
            filters: serde_json::json!({}),
            sort: "updated:desc".to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            shared: false,
        }
    }

    #[test]
    fn names_and_columns_are_checked() {
        let ok = spec(" Mine ", &["number", "subject", "number"]).validated();
        let ok = ok.ok().map(|s| (s.name, s.columns));
        assert_eq!(
            ok,
            Some(("Mine".to_owned(), vec!["number".into(), "subject".into()]))
        );
        assert!(spec("", &["number"]).validated().is_err());
        assert!(spec(&"x".repeat(101), &["number"]).validated().is_err());
        assert!(spec("V", &[]).validated().is_err());
        assert!(spec("V", &["password"]).validated().is_err());
        let mut not_object = spec("V", &["number"]);
        not_object.filters = serde_json::json!([1]);
        assert!(not_object.validated().is_err());
    }
}
