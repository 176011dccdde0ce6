//! The web UI: server-rendered pages for agents (`/tickets`), customers
//! (`/portal`) and administrators (`/admin`). Pages are askama templates (compiled
//! and auto-escaping); forms are plain POSTs with a CSRF field that work without
//! JavaScript; one small script (`assets/app.js`, no framework) makes them live
//! through Server-Sent Events by re-fetching server-rendered fragments. Every string comes from the Fluent files in `locales/`.

mod admin;
mod assets;
mod auth;
mod forms;
pub mod i18n;
mod instance;
mod live;
mod markdown;
mod page;
mod portal;
mod saved;
mod security;
mod session;
mod ticket;
mod views;
mod workspace;

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
    pub presence: live::Presence,
    pub shutdown: ShutdownSignal,
}

/// All UI routes. Merged into the application router by [`crate::router`].
pub fn router(shutdown: ShutdownSignal) -> Router<AppState> {
    let ui = Arc::new(UiState {
        presence: live::Presence::default(),
        shutdown,
    });
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
        .route("/assets/{file}", get(assets::serve))
        .layer(axum::middleware::map_response(security::headers))
        .layer(axum::Extension(ui))
}
