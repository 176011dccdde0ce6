//! Saved views in the workspace: the stored filter shape, the list columns a view
//! shows, and the forms that save, rename and delete views. The service decides
//! who may share or change a view; this module only maps forms to its calls.

use axum::extract::{Path, State};
use axum::response::Response;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use tessera_core::{Priority, Status};
use tessera_service::policy::{self, Action};
use tessera_service::{Actor, TicketFilter, VIEW_COLUMNS, ViewSpec};
use tessera_store::{AssigneeFilter, SavedView, TicketSort, TicketSortField};

use super::forms::CsrfForm;
use super::page::{UiError, UiResult, UiResultExt, safe_back, see_other};
use super::session::Staff;
use crate::state::AppState;

/// The longest "changed in the last N days" window a view may ask for.
const MAX_DAYS: i64 = 3650;

/// Who a view's tickets are assigned to. `Me` is whoever looks at the view, so a
/// shared "my tickets" view works for every agent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssigneeSpec {
    #[default]
    Any,
    Me,
    Nobody,
}

/// The `filters` object of a saved view (the store keeps it verbatim).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterSpec {
    /// Status names (`open`, …); unknown ones are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<String>,
    #[serde(default)]
    pub assignee: AssigneeSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<i64>,
    /// Only tickets changed in the last this many days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_within_days: Option<i64>,
    /// Priority names (`urgent`, …); unknown ones are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<String>,
    /// Tickets carrying all of these tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl FilterSpec {
    pub fn filter(&self, me: i64, now: Timestamp) -> TicketFilter {
        TicketFilter {
            statuses: self
                .statuses
                .iter()
                .filter_map(|s| s.parse::<Status>().ok())
                .collect(),
            assignee: match self.assignee {
                AssigneeSpec::Any => AssigneeFilter::Any,
                AssigneeSpec::Me => AssigneeFilter::Is(me),
                AssigneeSpec::Nobody => AssigneeFilter::Unassigned,
            },
            group_id: self.group,
            priorities: self
                .priorities
                .iter()
                .filter_map(|p| p.parse::<Priority>().ok())
                .collect(),
            tags: self.tags.clone(),
            // The days come from a submitted form: clamped, so no overflow.
            updated_since: self.updated_within_days.and_then(|d| {
                let hours = d.clamp(0, MAX_DAYS) * 24;
                now.checked_sub(SignedDuration::from_hours(hours)).ok()
            }),
            ..TicketFilter::default()
        }
    }

    /// The filter from the query of an ad-hoc filtered list (`status=open,pending
    /// &priority=urgent&assignee=me&group=3&tag=vip&days=7`); keys given several
    /// times (checkboxes) arrive joined with commas.
    pub fn from_query(q: &std::collections::HashMap<String, String>) -> FilterSpec {
        let list = |key: &str| -> Vec<String> {
            q.get(key)
                .map(|v| {
                    v.split(',')
                        .map(|s| s.trim().to_lowercase())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        FilterSpec {
            statuses: list("status"),
            priorities: list("priority"),
            tags: list("tag"),
            assignee: match q.get("assignee").map(String::as_str) {
                Some("me") => AssigneeSpec::Me,
                Some("nobody") => AssigneeSpec::Nobody,
                _ => AssigneeSpec::Any,
            },
            group: q.get("group").and_then(|g| g.parse().ok()),
            updated_within_days: q
                .get("days")
                .and_then(|d| d.parse::<i64>().ok())
                .map(|d| d.clamp(1, MAX_DAYS)),
        }
    }

    /// The inverse of [`FilterSpec::from_query`]: the query string of this filter.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.statuses.is_empty() {
            out.append_pair("status", &self.statuses.join(","));
        }
        if !self.priorities.is_empty() {
            out.append_pair("priority", &self.priorities.join(","));
        }
        match self.assignee {
            AssigneeSpec::Any => {}
            AssigneeSpec::Me => {
                out.append_pair("assignee", "me");
            }
            AssigneeSpec::Nobody => {
                out.append_pair("assignee", "nobody");
            }
        }
        if let Some(group) = self.group {
            out.append_pair("group", &group.to_string());
        }
        if !self.tags.is_empty() {
            out.append_pair("tag", &self.tags.join(","));
        }
        if let Some(days) = self.updated_within_days {
            out.append_pair("days", &days.to_string());
        }
        out.finish()
    }

    /// A stored object this version cannot read matches nothing special: it
    /// becomes "all tickets" rather than an error page.
    pub fn from_saved(view: &SavedView) -> FilterSpec {
        serde_json::from_value(view.filters.clone()).unwrap_or_else(|e| {
            tracing::warn!(view = view.id, error = %e, "unreadable saved view filters");
            FilterSpec::default()
        })
    }
}

/// Which columns the ticket list prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub number: bool,
    pub subject: bool,
    pub requester: bool,
    pub status: bool,
    pub priority: bool,
    pub assignee: bool,
    pub updated: bool,
    /// SLA health and next due time.
    pub sla: bool,
}

impl Default for Columns {
    fn default() -> Self {
        Columns::from_names(VIEW_COLUMNS.iter().copied())
    }
}

impl Columns {
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Columns {
        let mut c = Columns {
            number: false,
            subject: false,
            requester: false,
            status: false,
            priority: false,
            assignee: false,
            updated: false,
            sla: false,
        };
        for name in names {
            match name {
                "number" => c.number = true,
                "subject" => c.subject = true,
                "requester" => c.requester = true,
                "status" => c.status = true,
                "priority" => c.priority = true,
                "assignee" => c.assignee = true,
                "updated" => c.updated = true,
                "sla" => c.sla = true,
                _ => {}
            }
        }
        c
    }

    fn shown(self, name: &str) -> bool {
        match name {
            "number" => self.number,
            "subject" => self.subject,
            "requester" => self.requester,
            "status" => self.status,
            "priority" => self.priority,
            "assignee" => self.assignee,
            "updated" => self.updated,
            "sla" => self.sla,
            _ => false,
        }
    }
}

/// A column checkbox of the save form.
pub struct ColumnChoice {
    pub name: &'static str,
    pub label_key: String,
    pub checked: bool,
}

pub fn column_choices(columns: Columns) -> Vec<ColumnChoice> {
    VIEW_COLUMNS
        .iter()
        .map(|name| ColumnChoice {
            name,
            label_key: format!("column-{name}"),
            checked: columns.shown(name),
        })
        .collect()
}

/// `updated:desc` and back.
pub fn sort_to_string(sort: TicketSort) -> String {
    let field = match sort.field {
        TicketSortField::CreatedAt => "created",
        TicketSortField::UpdatedAt => "updated",
        TicketSortField::Number => "number",
        TicketSortField::Priority => "priority",
        TicketSortField::SlaDue => "due",
    };
    let dir = if sort.descending { "desc" } else { "asc" };
    format!("{field}:{dir}")
}

pub fn sort_from_string(s: &str) -> Option<TicketSort> {
    let (field, dir) = s.split_once(':')?;
    let field = match field {
        "created" => TicketSortField::CreatedAt,
        "updated" => TicketSortField::UpdatedAt,
        "number" => TicketSortField::Number,
        "priority" => TicketSortField::Priority,
        "due" => TicketSortField::SlaDue,
        _ => return None,
    };
    Some(TicketSort {
        field,
        descending: dir != "asc",
    })
}

/// Whether the viewer may rename or delete this view (mirrors the service's
/// rule, to decide which buttons to show; the service checks again).
pub fn editable(actor: &Actor, view: &SavedView) -> bool {
    match view.owner_id {
        Some(owner) => owner == actor.user_id,
        None => policy::allows(actor.role, Action::ShareViews),
    }
}

/// The form that saves the current list as a view: its hidden fields carry the
/// list's filter and sort.
pub struct SaveViewForm {
    /// The filter as JSON.
    pub filters: String,
    pub sort: String,
    pub back: String,
    pub columns: Vec<ColumnChoice>,
    pub can_share: bool,
}

/// The rename and delete forms of the saved view being shown.
pub struct ManageView {
    pub id: i64,
    pub name: String,
}

pub async fn create(
    State(state): State<AppState>,
    Staff(viewer): Staff,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let back = safe_back(form.get("back"), "/tickets");
    let filters: FilterSpec = form
        .get("filters")
        .and_then(|f| serde_json::from_str(f).ok())
        .ok_or_else(|| UiError::Invalid {
            tr: tr.clone(),
            message: tr.get("view-invalid"),
            back: back.clone(),
        })?;
    let sort = form
        .get("sort")
        .and_then(sort_from_string)
        .map(sort_to_string)
        .unwrap_or_else(|| "updated:desc".to_owned());
    let spec = ViewSpec {
        name: form.get("name").unwrap_or_default().to_owned(),
        filters: serde_json::to_value(&filters).map_err(|_| UiError::Internal(tr.clone()))?,
        sort,
        columns: form.all("column").map(str::to_owned).collect(),
        shared: form.flag("shared"),
    };
    let view = state
        .service
        .create_view(&viewer.actor, spec)
        .await
        .ui(tr, &back)?;
    Ok(see_other(&format!("/tickets?view=saved&id={}", view.id)))
}

pub async fn rename(
    State(state): State<AppState>,
    Staff(viewer): Staff,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let back = format!("/tickets?view=saved&id={id}");
    state
        .service
        .rename_view(&viewer.actor, id, form.get("name").unwrap_or_default())
        .await
        .ui(&viewer.tr, &back)?;
    Ok(see_other(&back))
}

pub async fn delete(
    State(state): State<AppState>,
    Staff(viewer): Staff,
    Path(id): Path<i64>,
    CsrfForm(_form): CsrfForm,
) -> UiResult<Response> {
    state
        .service
        .delete_view(&viewer.actor, id)
        .await
        .ui(&viewer.tr, "/tickets")?;
    Ok(see_other("/tickets"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_sorts_round_trip() {
        let spec = FilterSpec {
            statuses: vec!["new".to_owned(), "open".to_owned()],
            assignee: AssigneeSpec::Me,
            group: Some(3),
            updated_within_days: None,
            priorities: vec!["urgent".to_owned()],
            tags: vec!["vip".to_owned(), "billing".to_owned()],
        };
        let json = serde_json::to_value(&spec).expect("serializes");
        assert_eq!(
            serde_json::from_value::<FilterSpec>(json).ok(),
            Some(spec.clone())
        );
        // The query form of an ad-hoc filter round-trips too.
        let query: std::collections::HashMap<String, String> =
            form_urlencoded::parse(spec.to_query().as_bytes())
                .into_owned()
                .collect();
        assert_eq!(FilterSpec::from_query(&query), spec);
        let sort = TicketSort {
            field: TicketSortField::Priority,
            descending: false,
        };
        assert_eq!(sort_from_string(&sort_to_string(sort)), Some(sort));
        assert_eq!(sort_from_string("bogus:asc"), None);
    }

    #[test]
    fn huge_day_windows_do_not_overflow() {
        let spec = FilterSpec {
            updated_within_days: Some(i64::MAX),
            ..FilterSpec::default()
        };
        assert!(spec.filter(1, Timestamp::now()).updated_since.is_some());
    }

    #[test]
    fn unknown_columns_are_ignored() {
        let c = Columns::from_names(["number", "subject", "nope"]);
        assert!(c.number && c.subject && !c.status);
    }
}
