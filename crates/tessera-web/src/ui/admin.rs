//! Administration for admins and supervisors: users and roles, groups and their
//! members, organizations, API tokens. What each role may change is decided by
//! the service's policy; these pages only offer the forms.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use tessera_core::{Role, Tier};
use tessera_service::{CreateUser, UpdateUser};
use tessera_store::UserQuery;

use super::forms::CsrfForm;
use super::i18n::Tr;
use super::page::{Chrome, UiResult, UiResultExt, see_other};
use super::session::Manager;
use super::views::{Choice, tier_choices};
use crate::state::AppState;

fn role_label(tr: &Tr, role: Role) -> String {
    tr.get(&format!("role-{}", role.as_str()))
}

fn role_choices(tr: &Tr, current: Role) -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice::new(r.as_str(), role_label(tr, *r), *r == current))
        .collect()
}

pub async fn index() -> Response {
    see_other("/admin/users")
}

pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Choice>,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct UsersPage {
    c: Chrome,
    tab: &'static str,
    q: String,
    rows: Vec<UserRow>,
    roles: Vec<Choice>,
    next: Option<String>,
}

pub async fn users(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Query(q): Query<HashMap<String, String>>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let text = q.get("q").map(|s| s.trim().to_owned()).unwrap_or_default();
    let page = state
        .service
        .list_users(
            &viewer.actor,
            UserQuery {
                text: (!text.is_empty()).then(|| text.clone()),
                after_id: q.get("after").and_then(|a| a.parse().ok()),
                limit: 100,
                ..UserQuery::default()
            },
        )
        .await
        .ui(tr, "/admin")?;
    let next = (page.items.len() == 100)
        .then(|| {
            page.items
                .last()
                .map(|u| format!("/admin/users?q={text}&after={}", u.id))
        })
        .flatten();
    let rows = page
        .items
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            email: u.email.unwrap_or_default(),
            roles: role_choices(tr, u.role),
            active: u.active,
            name: u.name,
        })
        .collect();
    Ok(UsersPage {
        c: Chrome::for_viewer(&viewer, "admin"),
        tab: "users",
        q: text,
        rows,
        roles: role_choices(tr, Role::Agent),
        next,
    }
    .into_response())
}

pub async fn create_user(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let role = form.text("role").and_then(|r| r.parse().ok());
    state
        .service
        .create_user(
            &viewer.actor,
            CreateUser {
                name: form.text("name").unwrap_or_default(),
                email: form.text("email"),
                role,
                password: form.text("password"),
                ..CreateUser::default()
            },
        )
        .await
        .ui(&viewer.tr, "/admin/users")?;
    Ok(see_other("/admin/users"))
}

pub async fn update_user(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let update = UpdateUser {
        role: form.text("role").and_then(|r| r.parse().ok()),
        active: form.get("active").map(|a| a == "1"),
        ..UpdateUser::default()
    };
    state
        .service
        .update_user(&viewer.actor, id, update)
        .await
        .ui(&viewer.tr, "/admin/users")?;
    Ok(see_other("/admin/users"))
}

// ----- groups -------------------------------------------------------------------

pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub tier: String,
    pub members: Vec<Choice>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/groups.html")]
struct GroupsPage {
    c: Chrome,
    tab: &'static str,
    rows: Vec<GroupRow>,
    tiers: Vec<Choice>,
}

pub async fn groups(State(state): State<AppState>, Manager(viewer): Manager) -> UiResult<Response> {
    let tr = &viewer.tr;
    let service = &state.service;
    let groups = service.list_groups(&viewer.actor).await.ui(tr, "/admin")?;
    let mut staff = Vec::new();
    for role in [Role::Admin, Role::Supervisor, Role::Agent, Role::LightAgent] {
        let page = service
            .list_users(
                &viewer.actor,
                UserQuery {
                    role: Some(role),
                    limit: 500,
                    ..UserQuery::default()
                },
            )
            .await
            .ui(tr, "/admin")?;
        staff.extend(page.items.into_iter().filter(|u| u.active));
    }
    staff.sort_by_key(|u| u.name.to_lowercase());
    let mut rows = Vec::with_capacity(groups.len());
    for g in groups {
        let members = service
            .group_members(&viewer.actor, g.id)
            .await
            .ui(tr, "/admin")?;
        rows.push(GroupRow {
            id: g.id,
            name: g.name,
            description: g.description,
            tier: g.tier.as_str().to_uppercase(),
            members: staff
                .iter()
                .map(|u| Choice::new(u.id.to_string(), u.name.clone(), members.contains(&u.id)))
                .collect(),
        });
    }
    Ok(GroupsPage {
        c: Chrome::for_viewer(&viewer, "admin"),
        tab: "groups",
        rows,
        tiers: tier_choices(Tier::L1),
    }
    .into_response())
}

pub async fn create_group(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    state
        .service
        .create_group(
            &viewer.actor,
            &form.text("name").unwrap_or_default(),
            form.get("description").unwrap_or_default(),
            form.text("tier").and_then(|t| t.parse().ok()),
        )
        .await
        .ui(&viewer.tr, "/admin/groups")?;
    Ok(see_other("/admin/groups"))
}

/// Replaces the group's members with the checked users.
pub async fn update_group(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let members: Vec<i64> = form.all("member").filter_map(|m| m.parse().ok()).collect();
    state
        .service
        .set_group_members(&viewer.actor, id, &members)
        .await
        .ui(&viewer.tr, "/admin/groups")?;
    Ok(see_other("/admin/groups"))
}

// ----- organizations ----------------------------------------------------------------

pub struct OrgRow {
    pub name: String,
    pub domains: String,
    pub shares: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organizations.html")]
struct OrganizationsPage {
    c: Chrome,
    tab: &'static str,
    rows: Vec<OrgRow>,
}

pub async fn organizations(
    State(state): State<AppState>,
    Manager(viewer): Manager,
) -> UiResult<Response> {
    let orgs = state
        .service
        .list_organizations(&viewer.actor)
        .await
        .ui(&viewer.tr, "/admin")?;
    let rows = orgs
        .into_iter()
        .map(|o| OrgRow {
            name: o.name,
            domains: o.domains.join(", "),
            shares: o.shares_tickets,
        })
        .collect();
    Ok(OrganizationsPage {
        c: Chrome::for_viewer(&viewer, "admin"),
        tab: "organizations",
        rows,
    }
    .into_response())
}

pub async fn create_organization(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let domains: Vec<String> = form
        .get("domains")
        .unwrap_or_default()
        .split([',', ' '])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect();
    state
        .service
        .create_organization(
            &viewer.actor,
            &form.text("name").unwrap_or_default(),
            &domains,
            form.flag("shares_tickets"),
        )
        .await
        .ui(&viewer.tr, "/admin/organizations")?;
    Ok(see_other("/admin/organizations"))
}

// ----- API tokens --------------------------------------------------------------------

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub owner: String,
    pub prefix: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/tokens.html")]
struct TokensPage {
    c: Chrome,
    tab: &'static str,
    rows: Vec<TokenRow>,
    /// A token just created: shown this once.
    secret: Option<String>,
}

async fn tokens_page(
    state: &AppState,
    viewer: &super::session::Viewer,
    secret: Option<String>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let tokens = state
        .service
        .list_api_tokens(&viewer.actor)
        .await
        .ui(tr, "/admin")?;
    let mut names = super::views::Names::new(&state.service, &viewer.actor, &viewer.tr);
    let mut rows = Vec::with_capacity(tokens.len());
    for t in tokens {
        rows.push(TokenRow {
            id: t.id,
            owner: names.user(t.user_id).await,
            name: t.name,
            prefix: t.prefix,
            created: tr.datetime(t.created_at),
            last_used: t
                .last_used_at
                .map_or_else(|| "—".to_owned(), |at| tr.datetime(at)),
            revoked: t.revoked_at.is_some(),
        });
    }
    let mut page = TokensPage {
        c: Chrome::for_viewer(viewer, "admin"),
        tab: "tokens",
        rows,
        secret,
    }
    .into_response();
    // The secret must not linger in any cache.
    page.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(page)
}

pub async fn tokens(State(state): State<AppState>, Manager(viewer): Manager) -> UiResult<Response> {
    tokens_page(&state, &viewer, None).await
}

/// Creates a token for the signed-in manager and shows it once (no redirect, so
/// the secret never sits in a URL or in history).
pub async fn create_token(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let created = state
        .service
        .create_api_token(&viewer.actor, &form.text("name").unwrap_or_default(), None)
        .await
        .ui(&viewer.tr, "/admin/tokens")?;
    tokens_page(&state, &viewer, Some(created.secret)).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm,
) -> UiResult<Response> {
    state
        .service
        .revoke_api_token(&viewer.actor, id)
        .await
        .ui(&viewer.tr, "/admin/tokens")?;
    Ok(see_other("/admin/tokens"))
}
