//! The customer portal: own tickets, new requests, the public conversation,
//! replies and marking a ticket solved. Customers only ever reach the service
//! with their own actor, so internal notes, internal events and other customers'
//! tickets are filtered by the service, not here.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tessera_core::{Channel, Status};
use tessera_service::{AddComment, CreateTicket, TicketFilter, UpdateTicket};
use tessera_store::Cursor;

use super::forms::{CsrfForm, CsrfMultipart};
use super::page::{Chrome, UiResult, UiResultExt, see_other};
use super::session::Customer;
use super::ticket::{Entry, download, timeline};
use super::views::{Names, status_label};
use crate::state::AppState;

pub struct PortalRow {
    pub number: i64,
    pub subject: String,
    pub status: &'static str,
    pub status_label: String,
    pub updated: String,
    pub updated_iso: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/list.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<PortalRow>,
    next: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Customer(viewer): Customer,
    Query(q): Query<HashMap<String, String>>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let cursor = q.get("cursor").and_then(|c| {
        let (value, id) = c.split_once('_')?;
        Some(Cursor {
            sort_value: value.parse().ok()?,
            id: id.parse().ok()?,
        })
    });
    let page = state
        .service
        .list_tickets(
            &viewer.actor,
            TicketFilter {
                cursor,
                limit: 50,
                ..TicketFilter::default()
            },
        )
        .await
        .ui(tr, "/portal")?;
    let rows = page
        .items
        .iter()
        .map(|t| PortalRow {
            number: t.number,
            subject: t.subject.clone(),
            status: t.status.as_str(),
            status_label: status_label(tr, t.status),
            updated: tr.datetime(t.updated_at),
            updated_iso: tr.iso(t.updated_at),
        })
        .collect();
    Ok(ListPage {
        c: Chrome::for_viewer(&viewer, "portal"),
        rows,
        next: page
            .next_cursor
            .map(|c| format!("/portal?cursor={}_{}", c.sort_value, c.id)),
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/new.html")]
struct NewPage {
    c: Chrome,
}

pub async fn new_page(Customer(viewer): Customer) -> Response {
    NewPage {
        c: Chrome::for_viewer(&viewer, "portal"),
    }
    .into_response()
}

/// A new request: the ticket from subject and description, then the attachments
/// as the requester's first comment (tickets carry files on comments).
pub async fn create(
    State(state): State<AppState>,
    Customer(viewer): Customer,
    upload: CsrfMultipart,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let form = &upload.form;
    let created = state
        .service
        .create_ticket(
            &viewer.actor,
            CreateTicket {
                subject: form.text("subject").unwrap_or_default(),
                description: form.get("description").unwrap_or_default().to_owned(),
                channel: Some(Channel::Portal),
                ..CreateTicket::default()
            },
        )
        .await
        .ui(tr, "/portal/new")?;
    let ticket = created.value;
    if !upload.files.is_empty() {
        state
            .service
            .add_comment(
                &viewer.actor,
                ticket.id,
                AddComment {
                    body: String::new(),
                    public: true,
                    attachments: upload.files,
                    status: None,
                },
            )
            .await
            .ui(tr, &format!("/portal/tickets/{}", ticket.number))?;
    }
    Ok(see_other(&format!("/portal/tickets/{}", ticket.number)))
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/ticket.html")]
struct TicketPage {
    c: Chrome,
    id: i64,
    number: i64,
    subject: String,
    status: &'static str,
    status_label: String,
    created: String,
    entries: Vec<Entry>,
    can_solve: bool,
    closed: bool,
}

pub async fn page(
    State(state): State<AppState>,
    Customer(viewer): Customer,
    Path(number): Path<i64>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let service = &state.service;
    let ticket = service
        .get_ticket_by_number(&viewer.actor, number)
        .await
        .ui(tr, "/portal")?;
    let comments = service
        .list_comments(&viewer.actor, ticket.id)
        .await
        .ui(tr, "/portal")?;
    let events = service
        .list_events(&viewer.actor, ticket.id)
        .await
        .ui(tr, "/portal")?;
    let mut names = Names::new(service, &viewer.actor, tr);
    let base = format!("/portal/tickets/{number}");
    let entries = timeline(&ticket, &comments, &events, tr, &mut names, &base).await;
    Ok(TicketPage {
        c: Chrome::for_viewer(&viewer, "portal"),
        id: ticket.id,
        number: ticket.number,
        subject: ticket.subject.clone(),
        status: ticket.status.as_str(),
        status_label: status_label(tr, ticket.status),
        created: tr.datetime(ticket.created_at),
        entries,
        can_solve: ticket.status.is_unsolved(),
        closed: ticket.status == Status::Closed,
    }
    .into_response())
}

pub async fn reply(
    State(state): State<AppState>,
    Customer(viewer): Customer,
    Path(number): Path<i64>,
    upload: CsrfMultipart,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let back = format!("/portal/tickets/{number}");
    let ticket = state
        .service
        .get_ticket_by_number(&viewer.actor, number)
        .await
        .ui(tr, "/portal")?;
    let added = state
        .service
        .add_comment(
            &viewer.actor,
            ticket.id,
            AddComment {
                body: upload.form.get("body").unwrap_or_default().to_owned(),
                public: true,
                attachments: upload.files,
                status: None,
            },
        )
        .await
        .ui(tr, &back)?;
    // A reply to a closed ticket lands on a new follow-up ticket.
    Ok(see_other(&format!(
        "/portal/tickets/{}",
        added.ticket.number
    )))
}

pub async fn solve(
    State(state): State<AppState>,
    Customer(viewer): Customer,
    Path(number): Path<i64>,
    CsrfForm(_): CsrfForm,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let back = format!("/portal/tickets/{number}");
    let ticket = state
        .service
        .get_ticket_by_number(&viewer.actor, number)
        .await
        .ui(tr, "/portal")?;
    state
        .service
        .update_ticket(
            &viewer.actor,
            ticket.id,
            UpdateTicket {
                status: Some(Status::Solved),
                ..UpdateTicket::default()
            },
        )
        .await
        .ui(tr, &back)?;
    Ok(see_other(&back))
}

pub async fn attachment(
    State(state): State<AppState>,
    Customer(viewer): Customer,
    Path((number, id)): Path<(i64, i64)>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let ticket = state
        .service
        .get_ticket_by_number(&viewer.actor, number)
        .await
        .ui(tr, "/portal")?;
    let (meta, bytes) = state
        .service
        .get_attachment(&viewer.actor, ticket.id, id)
        .await
        .ui(tr, "/portal")?;
    Ok(download(&meta.filename, bytes))
}
