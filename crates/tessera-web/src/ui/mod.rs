//! The web UI: server-rendered pages for agents (`/tickets`), customers
//! (`/portal`) and administrators (`/admin`). Pages are askama templates (compiled
//! and auto-escaping); forms are plain POSTs with a CSRF field that work without
//! JavaScript; one small script (`assets/app.js`, no framework) makes them live
//! through Server-Sent Events by re-fetching server-rendered fragments. Every string comes from the Fluent files in `locales/`.

mod admin;
mod admin_jobs;
mod assets;
mod auth;
mod forms;
pub mod i18n;
mod instance;
pub mod live;
mod markdown;
mod notifications;
mod page;
mod portal;
mod reports;
mod saved;
mod security;
mod session;
mod sla_admin;
mod sla_ticket;
mod ticket;
mod views;
mod workspace;

#[cfg(test)]
mod sla_tests;
#[cfg(test)]
mod test_harness;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use crate::ShutdownSignal;
use crate::state::AppState;

/// State the UI keeps beside [`AppState`]: who is looking at which ticket, and
/// the signal that ends live streams when the server stops.
#[derive(Default)]
pub struct UiState {
    pub presence: Arc<live::Presence>,
    pub shutdown: ShutdownSignal,
}

/// All UI routes. Merged into the application router by [`crate::router`].
pub fn router(shutdown: ShutdownSignal, presence: Arc<live::Presence>) -> Router<AppState> {
    let ui = Arc::new(UiState { presence, shutdown });
    Router::new()
        .route("/", get(auth::home))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route(
            "/portal/login",
            get(auth::portal_login_page).post(auth::portal_login),
        )
        .route("/portal/signup", get(auth::signup_page).post(auth::signup))
        .route(
            "/settings",
            get(auth::settings_page).post(auth::save_settings),
        )
        .route("/settings/password", post(auth::change_password))
        .route("/settings/language", post(auth::set_language))
        .route("/tickets", get(workspace::list))
        .route("/tickets/_list", get(workspace::list_fragment))
        .route("/tickets/_views", get(workspace::views_fragment))
        .route("/tickets/bulk", post(workspace::bulk))
        .route("/tickets/views", post(saved::create))
        .route("/tickets/views/{id}/rename", post(saved::rename))
        .route("/tickets/views/{id}/delete", post(saved::delete))
        .route(
            "/tickets/new",
            get(workspace::new_page).post(workspace::create),
        )
        .route("/search", get(workspace::search))
        .route("/tickets/{number}", get(ticket::page))
        .route("/tickets/{number}/_part/{part}", get(ticket::fragment))
        .route("/tickets/{number}/comments", post(ticket::comment))
        .route("/tickets/{number}/fields", post(ticket::fields))
        .route("/tickets/{number}/quick", post(ticket::quick))
        .route(
            "/tickets/{number}/attachments/{id}",
            get(ticket::attachment),
        )
        .route("/tickets/{number}/escalate", post(sla_ticket::escalate))
        .route("/notifications", get(notifications::page))
        .route("/notifications/read", post(notifications::mark_read))
        .route("/notifications/_bell", get(notifications::bell))
        .route("/reports/sla", get(reports::sla))
        .route(
            "/admin/sla/calendars",
            get(sla_admin::calendars).post(sla_admin::create_calendar),
        )
        .route("/admin/sla/calendars/new", get(sla_admin::new_calendar))
        .route(
            "/admin/sla/calendars/{id}",
            get(sla_admin::calendar).post(sla_admin::update_calendar),
        )
        .route(
            "/admin/sla/calendars/{id}/delete",
            post(sla_admin::delete_calendar),
        )
        .route(
            "/admin/sla/calendars/{id}/import",
            post(sla_admin::import_holidays),
        )
        .route(
            "/admin/sla/policies",
            get(sla_admin::policies).post(sla_admin::create_policy),
        )
        .route("/admin/sla/policies/new", get(sla_admin::new_policy))
        .route(
            "/admin/sla/policies/{id}",
            get(sla_admin::policy).post(sla_admin::update_policy),
        )
        .route(
            "/admin/sla/policies/{id}/move",
            post(sla_admin::move_policy),
        )
        .route(
            "/admin/sla/policies/{id}/delete",
            post(sla_admin::delete_policy),
        )
        .route("/ui/events", get(live::events))
        .route("/ui/typing/{ticket_id}", post(live::typing))
        .route("/portal", get(portal::list))
        .route("/portal/new", get(portal::new_page).post(portal::create))
        .route("/portal/tickets/{number}", get(portal::page))
        .route("/portal/tickets/{number}/reply", post(portal::reply))
        .route("/portal/tickets/{number}/solve", post(portal::solve))
        .route(
            "/portal/tickets/{number}/attachments/{id}",
            get(portal::attachment),
        )
        .route("/admin", get(admin::index))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/admin/users/{id}", post(admin::update_user))
        .route(
            "/admin/groups",
            get(admin::groups).post(admin::create_group),
        )
        .route("/admin/groups/{id}", post(admin::update_group))
        .route(
            "/admin/organizations",
            get(admin::organizations).post(admin::create_organization),
        )
        .route(
            "/admin/tokens",
            get(admin::tokens).post(admin::create_token),
        )
        .route("/admin/tokens/{id}/revoke", post(admin::revoke_token))
        .route("/admin/settings", get(instance::page).post(instance::save))
        .route("/admin/jobs", get(admin_jobs::page))
        .route("/admin/jobs/{id}/retry", post(admin_jobs::retry))
        .route("/assets/{file}", get(assets::serve))
        .layer(axum::middleware::map_response(security::headers))
        .layer(axum::Extension(ui))
}
