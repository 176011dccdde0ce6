//! The agent workspace: built-in and saved views with counts, the ticket list
//! (sorting, cursor paging, bulk actions), search and the new-ticket form.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use tessera_core::{Channel, Priority, Status, TicketType};
use tessera_service::policy::{self, Action};
use tessera_service::sla::SlaHealth;
use tessera_service::{Actor, CreateTicket, Service, TicketFilter, UpdateTicket};
use tessera_store::{Cursor, Group, SavedView, TicketSort, TicketSortField, UserQuery};

use super::forms::{CsrfForm, FormData};
use super::i18n::Tr;
use super::page::{Chrome, UiError, UiResult, UiResultExt, safe_back, see_other};
use super::saved::{
    AssigneeSpec, Columns, FilterSpec, ManageView, SaveViewForm, column_choices, editable,
    sort_from_string, sort_to_string,
};
use super::session::{Staff, Viewer};
use super::sla_ticket::{CountdownWords, SlaBadge};
use super::views::{Choice, Names, TicketRow, priority_choices, status_choices, type_choices};
use crate::state::AppState;

const PAGE_SIZE: u32 = 50;
const UNSOLVED: [Status; 4] = [Status::New, Status::Open, Status::Pending, Status::OnHold];

/// A view of the ticket list: a built-in one or a saved one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Mine,
    Unassigned,
    Group(i64),
    Open,
    Recent,
    Saved(i64),
    /// An ad-hoc filter from the filter panel; its spec is in the query.
    Filter,
}

impl View {
    fn parse(q: &HashMap<String, String>) -> View {
        let id = |key: &str| q.get(key).and_then(|g| g.parse().ok());
        match (q.get("view").map(String::as_str), id("group"), id("id")) {
            (Some("unassigned"), _, _) => View::Unassigned,
            (Some("group"), Some(id), _) => View::Group(id),
            (Some("open"), _, _) => View::Open,
            (Some("recent"), _, _) => View::Recent,
            (Some("saved"), _, Some(id)) => View::Saved(id),
            (Some("filter"), _, _) => View::Filter,
            _ => View::Mine,
        }
    }

    fn query(self) -> String {
        match self {
            View::Mine => "view=mine".to_owned(),
            View::Unassigned => "view=unassigned".to_owned(),
            View::Group(id) => format!("view=group&group={id}"),
            View::Open => "view=open".to_owned(),
            View::Recent => "view=recent".to_owned(),
            View::Saved(id) => format!("view=saved&id={id}"),
            View::Filter => "view=filter".to_owned(),
        }
    }

    /// The filter of a built-in view (the same shape saved views store, so the
    /// current list can be saved as is); `None` for a saved view.
    fn spec(self) -> Option<FilterSpec> {
        let unsolved = UNSOLVED.iter().map(|s| s.as_str().to_owned()).collect();
        Some(match self {
            View::Mine => FilterSpec {
                statuses: unsolved,
                assignee: AssigneeSpec::Me,
                ..FilterSpec::default()
            },
            View::Unassigned => FilterSpec {
                statuses: unsolved,
                assignee: AssigneeSpec::Nobody,
                ..FilterSpec::default()
            },
            View::Group(id) => FilterSpec {
                statuses: unsolved,
                group: Some(id),
                ..FilterSpec::default()
            },
            View::Open => FilterSpec {
                statuses: unsolved,
                ..FilterSpec::default()
            },
            View::Recent => FilterSpec {
                updated_within_days: Some(7),
                ..FilterSpec::default()
            },
            View::Saved(_) | View::Filter => return None,
        })
    }
}

/// What a view shows: its filter, its own sort (saved views) and columns.
struct Shown {
    spec: FilterSpec,
    sort: Option<TicketSort>,
    columns: Columns,
    saved: Option<SavedView>,
}

async fn resolve(state: &AppState, viewer: &Viewer, params: &ListParams) -> UiResult<Shown> {
    let view = params.view;
    if view == View::Filter {
        return Ok(Shown {
            spec: params.filter.clone(),
            sort: None,
            columns: Columns::default(),
            saved: None,
        });
    }
    if let Some(spec) = view.spec() {
        return Ok(Shown {
            spec,
            sort: None,
            columns: Columns::default(),
            saved: None,
        });
    }
    let View::Saved(id) = view else {
        return Err(UiError::NotFound(viewer.tr.clone()));
    };
    let saved = state
        .service
        .list_views(&viewer.actor)
        .await
        .ui(&viewer.tr, "/tickets")?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(|| UiError::NotFound(viewer.tr.clone()))?;
    Ok(Shown {
        spec: FilterSpec::from_saved(&saved),
        sort: sort_from_string(&saved.sort),
        columns: Columns::from_names(saved.columns.iter().map(String::as_str)),
        saved: Some(saved),
    })
}

/// Sidebar entry.
pub struct ViewLink {
    pub label: String,
    /// A saved view shared with every agent.
    pub shared: bool,
    pub href: String,
    pub count: String,
    pub active: bool,
}

/// Sidebar counts stop here: past it a badge says "999+" rather than scanning
/// every matching ticket on each page view.
const VIEW_COUNT_CAP: u64 = 1000;

/// How many tickets a view holds; a failed count shows a dash rather than
/// failing the whole page.
async fn count(service: &Service, actor: &Actor, filter: TicketFilter) -> String {
    match service
        .count_tickets(actor, filter, Some(VIEW_COUNT_CAP))
        .await
    {
        Ok(n) if n >= VIEW_COUNT_CAP => format!("{}+", VIEW_COUNT_CAP - 1),
        Ok(n) => n.to_string(),
        Err(e) => {
            tracing::warn!(error = %e, "counting a view failed");
            "–".to_owned()
        }
    }
}

/// The sidebar: built-in views, then saved ones, each with its count.
struct Sidebar {
    builtin: Vec<ViewLink>,
    saved: Vec<ViewLink>,
    /// Every group, read for the group views (the filter panel lists them too).
    groups: Vec<Group>,
}

impl Sidebar {
    fn active_label(&self) -> String {
        self.builtin
            .iter()
            .chain(&self.saved)
            .find(|v| v.active)
            .map(|v| v.label.clone())
            .unwrap_or_default()
    }
}

async fn view_links(state: &AppState, staff: &Staff, current: View) -> UiResult<Sidebar> {
    let viewer = &staff.0;
    let service = &state.service;
    let tr = &viewer.tr;
    let me = viewer.user.id;
    let now = Timestamp::now();
    let all_groups = service
        .list_groups(&viewer.actor)
        .await
        .ui(tr, "/tickets")?;
    let mine = service
        .store()
        .groups_of_user(me)
        .await
        .map_err(|e| UiError::service(e.into(), tr, "/tickets"))?;
    let mut views = vec![
        (View::Mine, tr.get("view-mine")),
        (View::Unassigned, tr.get("view-unassigned")),
    ];
    for g in all_groups.iter().filter(|g| mine.contains(&g.id)) {
        views.push((
            View::Group(g.id),
            tr.args("view-group", &[("name", &g.name)]),
        ));
    }
    views.push((View::Open, tr.get("view-open")));
    views.push((View::Recent, tr.get("view-recent")));
    let mut builtin = Vec::with_capacity(views.len());
    for (view, label) in views {
        let spec = view.spec().unwrap_or_default();
        builtin.push(ViewLink {
            count: count(service, &viewer.actor, spec.filter(me, now)).await,
            href: format!("/tickets?{}", view.query()),
            label,
            shared: false,
            active: view == current,
        });
    }
    let stored = service.list_views(&viewer.actor).await.ui(tr, "/tickets")?;
    let mut saved = Vec::with_capacity(stored.len());
    for v in stored {
        let view = View::Saved(v.id);
        let filter = FilterSpec::from_saved(&v).filter(me, now);
        saved.push(ViewLink {
            count: count(service, &viewer.actor, filter).await,
            href: format!("/tickets?{}", view.query()),
            shared: v.owner_id.is_none(),
            label: v.name,
            active: view == current,
        });
    }
    Ok(Sidebar {
        builtin,
        saved,
        groups: all_groups,
    })
}

/// The query as a map; a key given several times (the filter panel's
/// checkboxes) keeps all its values, joined with commas.
fn join_repeated(pairs: Vec<(String, String)>) -> HashMap<String, String> {
    let mut q: HashMap<String, String> = HashMap::new();
    for (key, value) in pairs {
        q.entry(key)
            .and_modify(|v| {
                v.push(',');
                v.push_str(&value);
            })
            .or_insert(value);
    }
    q
}

/// Parsed list parameters.
struct ListParams {
    view: View,
    sort: TicketSort,
    /// The query named a sort; otherwise a saved view's own sort applies.
    sort_given: bool,
    cursor: Option<Cursor>,
    /// The ad-hoc filter of `View::Filter` (empty for other views).
    filter: FilterSpec,
}

impl ListParams {
    fn parse(q: &HashMap<String, String>) -> ListParams {
        let field = match q.get("sort").map(String::as_str) {
            Some("created") => TicketSortField::CreatedAt,
            Some("number") => TicketSortField::Number,
            Some("priority") => TicketSortField::Priority,
            Some("due") => TicketSortField::SlaDue,
            _ => TicketSortField::UpdatedAt,
        };
        let descending = q.get("dir").map(String::as_str) != Some("asc");
        let cursor = q.get("cursor").and_then(|c| {
            let (value, id) = c.split_once('_')?;
            Some(Cursor {
                sort_value: value.parse().ok()?,
                id: id.parse().ok()?,
            })
        });
        let view = View::parse(q);
        ListParams {
            view,
            sort: TicketSort { field, descending },
            sort_given: q.contains_key("sort"),
            cursor,
            filter: if view == View::Filter {
                FilterSpec::from_query(q)
            } else {
                FilterSpec::default()
            },
        }
    }

    /// The query that selects this list's view (and, for an ad-hoc filter, the
    /// filter itself).
    fn view_query(&self) -> String {
        match self.view {
            View::Filter => {
                let filter = self.filter.to_query();
                if filter.is_empty() {
                    "view=filter".to_owned()
                } else {
                    format!("view=filter&{filter}")
                }
            }
            view => view.query(),
        }
    }

    fn sort_name(&self) -> &'static str {
        match self.sort.field {
            TicketSortField::CreatedAt => "created",
            TicketSortField::UpdatedAt => "updated",
            TicketSortField::Number => "number",
            TicketSortField::Priority => "priority",
            TicketSortField::SlaDue => "due",
        }
    }

    fn dir(&self) -> &'static str {
        if self.sort.descending { "desc" } else { "asc" }
    }

    /// The query of this list without the cursor.
    fn base_query(&self) -> String {
        format!(
            "{}&sort={}&dir={}",
            self.view_query(),
            self.sort_name(),
            self.dir()
        )
    }

    fn query(&self) -> String {
        match self.cursor {
            Some(c) => format!("{}&cursor={}_{}", self.base_query(), c.sort_value, c.id),
            None => self.base_query(),
        }
    }

    /// A column header link: toggles direction on the active column.
    fn sort_link(&self, name: &str) -> SortLink {
        let active = self.sort_name() == name;
        // The soonest due time is what a queue wants first; other columns
        // start with the newest or highest.
        let dir = match (active, self.sort.descending) {
            (true, true) => "asc",
            (true, false) => "desc",
            (false, _) if name == "due" => "asc",
            (false, _) => "desc",
        };
        SortLink {
            href: format!("/tickets?{}&sort={name}&dir={dir}", self.view_query()),
            active,
            aria: match (active, self.sort.descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            },
        }
    }
}

pub struct SortLink {
    pub href: String,
    pub active: bool,
    pub aria: &'static str,
}

/// The list table, its paging and bulk actions: a fragment refreshed live.
#[derive(Template, WebTemplate)]
#[template(path = "tickets/_list.html")]
pub struct ListFragment {
    c: Chrome,
    rows: Vec<TicketRow>,
    query: String,
    back: String,
    next: Option<String>,
    first: Option<String>,
    sort_number: SortLink,
    sort_priority: SortLink,
    sort_updated: SortLink,
    sort_due: SortLink,
    /// SLA health and next due time by ticket id (tickets without SLA absent).
    sla: HashMap<i64, SlaBadge>,
    /// The countdown's words for the script.
    words: CountdownWords,
    statuses: Vec<Choice>,
    priorities: Vec<Choice>,
    empty: String,
    cols: Columns,
}

impl ListFragment {
    fn sla_for(&self, ticket_id: &i64) -> Option<&SlaBadge> {
        self.sla.get(ticket_id)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "tickets/_views.html")]
pub struct ViewsFragment {
    c: Chrome,
    views: Vec<ViewLink>,
    saved_views: Vec<ViewLink>,
    view_query: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "tickets/list.html")]
pub struct ListPage {
    c: Chrome,
    title: String,
    views: Vec<ViewLink>,
    saved_views: Vec<ViewLink>,
    view_query: String,
    list: ListFragment,
    save: SaveViewForm,
    manage: Option<ManageView>,
    filter: FilterPanel,
}

/// The filter panel above the list, pre-filled with the shown view's filter;
/// applying it opens an ad-hoc `view=filter` list that can then be saved.
pub struct FilterPanel {
    /// Open when the list is an ad-hoc filter, so its settings stay in sight.
    open: bool,
    statuses: Vec<Choice>,
    priorities: Vec<Choice>,
    assignees: Vec<Choice>,
    groups: Vec<Choice>,
    tags: String,
    days: String,
}

impl FilterPanel {
    fn new(tr: &Tr, spec: &FilterSpec, groups: &[Group], open: bool) -> FilterPanel {
        let has = |list: &[String], value: &str| list.iter().any(|v| v == value);
        let mut group_choices = vec![Choice::new(
            "",
            tr.get("filter-any-group"),
            spec.group.is_none(),
        )];
        group_choices.extend(
            groups
                .iter()
                .map(|g| Choice::new(g.id.to_string(), g.name.clone(), spec.group == Some(g.id))),
        );
        FilterPanel {
            open,
            statuses: status_choices(tr, None)
                .into_iter()
                .map(|c| Choice {
                    selected: has(&spec.statuses, &c.value),
                    ..c
                })
                .collect(),
            priorities: priority_choices(tr, None)
                .into_iter()
                .map(|c| Choice {
                    selected: has(&spec.priorities, &c.value),
                    ..c
                })
                .collect(),
            assignees: [
                ("any", "filter-assignee-any", AssigneeSpec::Any),
                ("me", "filter-assignee-me", AssigneeSpec::Me),
                ("nobody", "filter-assignee-nobody", AssigneeSpec::Nobody),
            ]
            .into_iter()
            .map(|(value, key, a)| Choice::new(value, tr.get(key), spec.assignee == a))
            .collect(),
            groups: group_choices,
            tags: spec.tags.join(", "),
            days: spec
                .updated_within_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }
}

/// Parses the list query and resolves its view (a saved view's sort applies
/// unless the query chose one).
async fn params_and_view(
    state: &AppState,
    viewer: &Viewer,
    q: &HashMap<String, String>,
) -> UiResult<(ListParams, Shown)> {
    let mut params = ListParams::parse(q);
    let shown = resolve(state, viewer, &params).await?;
    if !params.sort_given
        && let Some(sort) = shown.sort
    {
        params.sort = sort;
    }
    Ok((params, shown))
}

async fn list_fragment_for(
    state: &AppState,
    staff: &Staff,
    params: &ListParams,
    shown: &Shown,
) -> UiResult<ListFragment> {
    let viewer = &staff.0;
    let tr = &viewer.tr;
    let filter = TicketFilter {
        sort: params.sort,
        cursor: params.cursor,
        limit: PAGE_SIZE,
        ..shown.spec.filter(viewer.user.id, Timestamp::now())
    };
    let page = state
        .service
        .list_tickets(&viewer.actor, filter)
        .await
        .ui(tr, "/tickets")?;
    let mut names = Names::new(&state.service, &viewer.actor, tr);
    let rows = TicketRow::build_all(&page.items, tr, &mut names).await;
    let sla = if shown.columns.sla {
        sla_badges(state, viewer, &page.items).await
    } else {
        HashMap::new()
    };
    let base = params.base_query();
    Ok(ListFragment {
        c: Chrome::for_viewer(viewer, "tickets"),
        empty: tr.get("list-empty"),
        rows,
        query: params.query(),
        back: format!("/tickets?{}", params.query()),
        next: page
            .next_cursor
            .map(|c| format!("/tickets?{base}&cursor={}_{}", c.sort_value, c.id)),
        first: params.cursor.map(|_| format!("/tickets?{base}")),
        sort_number: params.sort_link("number"),
        sort_priority: params.sort_link("priority"),
        sort_updated: params.sort_link("updated"),
        sort_due: params.sort_link("due"),
        sla,
        words: CountdownWords::new(tr),
        statuses: status_choices(tr, None),
        priorities: priority_choices(tr, None),
        cols: shown.columns,
    })
}

/// The SLA badges of a page of tickets, read in one call. The queue works
/// without them, so a failure is logged and the column stays empty.
async fn sla_badges(
    state: &AppState,
    viewer: &Viewer,
    tickets: &[tessera_store::Ticket],
) -> HashMap<i64, SlaBadge> {
    let ids: Vec<i64> = tickets.iter().map(|t| t.id).collect();
    if ids.is_empty() {
        return HashMap::new();
    }
    match state
        .service
        .ticket_sla_summaries(&viewer.actor, &ids)
        .await
    {
        Ok(summaries) => {
            let now = Timestamp::now();
            summaries
                .into_iter()
                .map(|s| {
                    // Past its due time a ticket is breached even before
                    // the sweep has announced it.
                    let health = match (s.health, s.next_due_at) {
                        (SlaHealth::Ok | SlaHealth::Warning, Some(due)) if due <= now => {
                            SlaHealth::Breached
                        }
                        (health, _) => health,
                    };
                    // The summary's due time is the next *running* target's;
                    // beside "breached" it would read as if nothing were late.
                    let due = s
                        .next_due_at
                        .filter(|due| health != SlaHealth::Breached || *due <= now);
                    (s.ticket_id, SlaBadge::new(&viewer.tr, health, due, now))
                })
                .collect()
        }
        Err(e) => {
            tracing::warn!(error = %e, "reading the queue's SLA summaries failed");
            HashMap::new()
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<Vec<(String, String)>>,
) -> UiResult<Response> {
    let q = join_repeated(q);
    let viewer = &staff.0;
    let (params, shown) = params_and_view(&state, viewer, &q).await?;
    let sidebar = view_links(&state, &staff, params.view).await?;
    let list = list_fragment_for(&state, &staff, &params, &shown).await?;
    let filter = FilterPanel::new(
        &viewer.tr,
        &shown.spec,
        &sidebar.groups,
        params.view == View::Filter,
    );
    let save = SaveViewForm {
        filters: serde_json::to_string(&shown.spec)
            .map_err(|_| UiError::Internal(viewer.tr.clone()))?,
        sort: sort_to_string(params.sort),
        back: format!("/tickets?{}", params.base_query()),
        columns: column_choices(shown.columns),
        can_share: policy::allows(viewer.actor.role, Action::ShareViews),
    };
    let manage = shown
        .saved
        .filter(|v| editable(&viewer.actor, v))
        .map(|v| ManageView {
            id: v.id,
            name: v.name,
        });
    Ok(ListPage {
        c: Chrome::for_viewer(viewer, "tickets")
            .with_unread(&state.service, viewer)
            .await,
        title: if params.view == View::Filter {
            viewer.tr.get("view-filtered")
        } else {
            sidebar.active_label()
        },
        views: sidebar.builtin,
        saved_views: sidebar.saved,
        view_query: params.view_query(),
        list,
        save,
        manage,
        filter,
    }
    .into_response())
}

pub async fn list_fragment(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<Vec<(String, String)>>,
) -> UiResult<Response> {
    let q = join_repeated(q);
    let (params, shown) = params_and_view(&state, &staff.0, &q).await?;
    Ok(list_fragment_for(&state, &staff, &params, &shown)
        .await?
        .into_response())
}

pub async fn views_fragment(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<Vec<(String, String)>>,
) -> UiResult<Response> {
    let params = ListParams::parse(&join_repeated(q));
    let sidebar = view_links(&state, &staff, params.view).await?;
    Ok(ViewsFragment {
        c: Chrome::for_viewer(&staff.0, "tickets"),
        views: sidebar.builtin,
        saved_views: sidebar.saved,
        view_query: params.view_query(),
    }
    .into_response())
}

/// Bulk actions on the checked tickets. Each ticket is changed on its own (and
/// recorded in its own history); failures are counted, not fatal.
pub async fn bulk(
    State(state): State<AppState>,
    staff: Staff,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let viewer = &staff.0;
    let tr = &viewer.tr;
    let back = safe_back(form.get("back"), "/tickets");
    let patch = bulk_patch(&form, viewer.user.id).ok_or_else(|| UiError::Invalid {
        tr: tr.clone(),
        message: tr.get("bulk-invalid"),
        back: back.clone(),
    })?;
    let mut failed = 0;
    for id in form.all("id").filter_map(|id| id.parse::<i64>().ok()) {
        if let Err(e) = state
            .service
            .update_ticket(&viewer.actor, id, patch.clone())
            .await
        {
            tracing::info!(ticket = id, error = %e, "bulk change refused");
            failed += 1;
        }
    }
    if failed > 0 {
        return Err(UiError::Invalid {
            tr: tr.clone(),
            message: tr.count("bulk-failed", failed),
            back,
        });
    }
    Ok(see_other(&back))
}

fn bulk_patch(form: &FormData, me: i64) -> Option<UpdateTicket> {
    let mut patch = UpdateTicket::default();
    match form.get("action")? {
        "assign_me" => patch.assignee_id = Some(Some(me)),
        "status" => patch.status = Some(form.get("status")?.parse().ok()?),
        "priority" => patch.priority = Some(Some(form.get("priority")?.parse().ok()?)),
        "tag" => patch.add_tags = vec![form.text("tag")?],
        _ => return None,
    }
    Some(patch)
}

// ----- search --------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "tickets/search.html")]
pub struct SearchPage {
    c: Chrome,
    q: String,
    rows: Vec<TicketRow>,
    summary: String,
}

pub async fn search(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HashMap<String, String>>,
) -> UiResult<Response> {
    let viewer = &staff.0;
    let tr = &viewer.tr;
    let text = q.get("q").map(|s| s.trim().to_owned()).unwrap_or_default();
    let found = if text.is_empty() {
        Vec::new()
    } else {
        state
            .service
            .search_tickets(&viewer.actor, &text, 50)
            .await
            .ui(tr, "/tickets")?
    };
    let mut names = Names::new(&state.service, &viewer.actor, tr);
    let rows = TicketRow::build_all(&found, tr, &mut names).await;
    let mut c = Chrome::for_viewer(viewer, "tickets");
    c.search.clone_from(&text);
    Ok(SearchPage {
        summary: tr.count("search-results", i64::try_from(rows.len()).unwrap_or(0)),
        c,
        q: text,
        rows,
    }
    .into_response())
}

// ----- new ticket ----------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "tickets/new.html")]
pub struct NewTicketPage {
    c: Chrome,
    types: Vec<Choice>,
    priorities: Vec<Choice>,
    groups: Vec<Choice>,
    agents: Vec<Choice>,
}

/// Everyone a ticket may be assigned to, by name.
pub async fn assignable(service: &Service, actor: &Actor, selected: Option<i64>) -> Vec<Choice> {
    let mut staff = Vec::new();
    for role in [
        tessera_core::Role::Admin,
        tessera_core::Role::Supervisor,
        tessera_core::Role::Agent,
    ] {
        let query = UserQuery {
            role: Some(role),
            limit: 500,
            ..UserQuery::default()
        };
        if let Ok(page) = service.list_users(actor, query).await {
            staff.extend(page.items.into_iter().filter(|u| u.active));
        }
    }
    staff.sort_by_key(|u| u.name.to_lowercase());
    staff
        .into_iter()
        .map(|u| Choice::new(u.id.to_string(), u.name, selected == Some(u.id)))
        .collect()
}

pub fn group_choices(groups: &[Group], selected: Option<i64>) -> Vec<Choice> {
    groups
        .iter()
        .map(|g| Choice::new(g.id.to_string(), g.name.clone(), selected == Some(g.id)))
        .collect()
}

pub async fn new_page(State(state): State<AppState>, staff: Staff) -> UiResult<Response> {
    let viewer = &staff.0;
    let tr = &viewer.tr;
    let groups = state
        .service
        .list_groups(&viewer.actor)
        .await
        .ui(tr, "/tickets")?;
    Ok(NewTicketPage {
        c: Chrome::for_viewer(viewer, "tickets"),
        types: type_choices(tr, Some(TicketType::Question)),
        priorities: priority_choices(tr, None),
        groups: group_choices(&groups, None),
        agents: assignable(&state.service, &viewer.actor, Some(viewer.user.id)).await,
    }
    .into_response())
}

fn parse_opt<T: std::str::FromStr>(form: &FormData, name: &str) -> Option<T> {
    form.text(name).and_then(|v| v.parse().ok())
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let viewer = &staff.0;
    let tr: &Tr = &viewer.tr;
    let channel = if form.get("channel") == Some("phone") {
        Channel::Phone
    } else {
        Channel::Web
    };
    let tags = form
        .text("tags")
        .map(|t| {
            t.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let req = CreateTicket {
        subject: form.text("subject").unwrap_or_default(),
        description: form.get("description").unwrap_or_default().to_owned(),
        requester_email: form.text("requester_email"),
        requester_name: form.text("requester_name"),
        ticket_type: parse_opt::<TicketType>(&form, "type"),
        priority: parse_opt::<Priority>(&form, "priority"),
        group_id: parse_opt(&form, "group_id"),
        assignee_id: parse_opt(&form, "assignee_id"),
        tags,
        channel: Some(channel),
        ..CreateTicket::default()
    };
    let created = state
        .service
        .create_ticket(&viewer.actor, req)
        .await
        .ui(tr, "/tickets/new")?;
    Ok(see_other(&format!("/tickets/{}", created.value.number)))
}
