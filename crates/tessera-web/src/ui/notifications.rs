//! In-app notifications (SLA warnings and breaches, escalations): the bell in
//! the staff header and the `/notifications` page that lists them.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use tessera_service::sla::NotificationView;

use super::forms::CsrfForm;
use super::page::{Chrome, UiResult, UiResultExt, see_other};
use super::session::Staff;
use crate::state::AppState;

pub struct NotificationRow {
    pub kind_label: String,
    /// `sla_warning`, `sla_breach`, `escalated`: the row's colour.
    pub kind: String,
    pub body: String,
    pub at: String,
    pub at_iso: String,
    pub unread: bool,
    /// The ticket it is about, by number.
    pub ticket: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    c: Chrome,
    rows: Vec<NotificationRow>,
}

/// `/notifications`: the viewer's notifications, newest first.
pub async fn page(State(state): State<AppState>, Staff(viewer): Staff) -> UiResult<Response> {
    let tr = &viewer.tr;
    let service = &state.service;
    let list: Vec<NotificationView> = service
        .notifications(&viewer.actor, false)
        .await
        .ui(tr, "/tickets")?;
    let mut rows = Vec::with_capacity(list.len());
    // Notifications name tickets by id; links use the number people know.
    // Several notifications about one ticket cost one lookup.
    let mut numbers: HashMap<i64, Option<i64>> = HashMap::new();
    for n in list {
        let ticket = match n.ticket_id {
            Some(id) => match numbers.get(&id) {
                Some(known) => *known,
                None => {
                    let number = service
                        .get_ticket(&viewer.actor, id)
                        .await
                        .ok()
                        .map(|t| t.number);
                    numbers.insert(id, number);
                    number
                }
            },
            None => None,
        };
        let known = matches!(n.kind.as_str(), "sla_warning" | "sla_breach" | "escalated");
        rows.push(NotificationRow {
            kind_label: if known {
                tr.get(&format!("notification-kind-{}", n.kind))
            } else {
                tr.get("notification-kind-other")
            },
            kind: n.kind,
            body: n.body,
            at: tr.datetime(n.created_at),
            at_iso: tr.iso(n.created_at),
            unread: n.read_at.is_none(),
            ticket,
        });
    }
    Ok(NotificationsPage {
        c: Chrome::for_viewer(&viewer, "notifications")
            .with_unread(service, &viewer)
            .await,
        rows,
    }
    .into_response())
}

/// `POST /notifications/read`: marks the listed ids read, or all of them.
pub async fn mark_read(
    State(state): State<AppState>,
    Staff(viewer): Staff,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let ids: Vec<i64> = form.all("id").filter_map(|i| i.parse().ok()).collect();
    state
        .service
        .mark_notifications_read(&viewer.actor, &ids)
        .await
        .ui(&viewer.tr, "/notifications")?;
    Ok(see_other("/notifications"))
}

#[derive(Template, WebTemplate)]
#[template(path = "_bell_fragment.html")]
struct BellFragment {
    c: Chrome,
}

/// `/notifications/_bell`: the header's bell alone, for live refreshes.
pub async fn bell(State(state): State<AppState>, Staff(viewer): Staff) -> Response {
    BellFragment {
        c: Chrome::for_viewer(&viewer, "tickets")
            .with_unread(&state.service, &viewer)
            .await,
    }
    .into_response()
}
