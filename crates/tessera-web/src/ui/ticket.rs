//! The agent's ticket page: header, requester card, the timeline (public replies,
//! internal notes and history interleaved), the composer and the fields panel.
//! Header, timeline, panel and presence are fragments that refresh live.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tessera_core::ticket::allowed_transitions;
use tessera_core::{Priority, Status, TicketType, Tier};
use tessera_service::policy::{Action, allows};
use tessera_service::sla::TicketSlaView;
use tessera_service::{AddComment, TicketFilter, UpdateTicket};
use tessera_store::{Comment, Event, EventKind, Ticket};

use super::UiState;
use super::forms::{CsrfForm, CsrfMultipart, FormData};
use super::i18n::Tr;
use super::markdown::{self, Block};
use super::page::{Chrome, UiError, UiResult, UiResultExt, see_other};
use super::session::{Staff, Viewer};
use super::sla_ticket::{self, SlaBadge, SlaCard};
use super::views::{
    Choice, Names, channel_label, priority_label, status_label, tier_choices, type_choices,
    type_label,
};
use super::workspace::{assignable, group_choices};
use crate::state::AppState;

/// An attachment link in the timeline.
pub struct AttachmentLink {
    pub href: String,
    pub name: String,
    pub size: String,
}

/// One entry of the timeline.
pub struct Entry {
    /// `reply`, `note`, `request` (the description) or `event`.
    pub kind: &'static str,
    pub author: String,
    pub initials: String,
    pub text: String,
    pub at: String,
    pub at_iso: String,
    pub attachments: Vec<AttachmentLink>,
    pub badge: String,
    /// A message's body as Markdown blocks (empty for history events).
    pub blocks: Vec<Block>,
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

fn human_size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Builds the timeline. `base` is the attachment URL prefix (workspace or portal).
pub async fn timeline(
    ticket: &Ticket,
    comments: &[Comment],
    events: &[Event],
    tr: &Tr,
    names: &mut Names<'_>,
    base: &str,
) -> Vec<Entry> {
    // (time, order within the same instant, entry)
    let mut items: Vec<(jiff::Timestamp, u8, Entry)> = Vec::new();
    if !ticket.description.trim().is_empty() {
        let author = names.user(ticket.requester_id).await;
        items.push((
            ticket.created_at,
            0,
            Entry {
                kind: "request",
                initials: initials(&author),
                author,
                text: ticket.description.clone(),
                at: tr.datetime(ticket.created_at),
                at_iso: tr.iso(ticket.created_at),
                attachments: Vec::new(),
                badge: tr.get("timeline-request"),
                blocks: markdown::parse(&ticket.description),
            },
        ));
    }
    for c in comments {
        let author = names.user(c.author_id).await;
        let attachments = c
            .attachments
            .iter()
            .map(|a| AttachmentLink {
                href: format!("{base}/attachments/{}", a.id),
                name: a.filename.clone(),
                size: human_size(a.size),
            })
            .collect();
        items.push((
            c.created_at,
            2,
            Entry {
                kind: if c.public { "reply" } else { "note" },
                initials: initials(&author),
                author,
                text: c.body.clone(),
                at: tr.datetime(c.created_at),
                at_iso: tr.iso(c.created_at),
                attachments,
                badge: tr.get(if c.public {
                    "timeline-reply"
                } else {
                    "timeline-note"
                }),
                blocks: markdown::parse(&c.body),
            },
        ));
    }
    for e in events {
        if let Some(text) = event_text(e, tr, names).await {
            let author = match e.actor_id {
                Some(id) => names.user(id).await,
                None => tr.get("actor-system"),
            };
            items.push((
                e.created_at,
                if e.kind == EventKind::Created { 1 } else { 3 },
                Entry {
                    kind: "event",
                    initials: String::new(),
                    author,
                    text,
                    at: tr.datetime(e.created_at),
                    at_iso: tr.iso(e.created_at),
                    attachments: Vec::new(),
                    badge: String::new(),
                    blocks: Vec::new(),
                },
            ));
        }
    }
    items.sort_by_key(|item| (item.0, item.1));
    items.into_iter().map(|(_, _, e)| e).collect()
}

/// The sentence describing a history event; `None` for events the timeline
/// shows otherwise (comments) or that are noise (the override flag).
async fn event_text(e: &Event, tr: &Tr, names: &mut Names<'_>) -> Option<String> {
    let who = match e.actor_id {
        Some(id) => names.user(id).await,
        None => tr.get("actor-system"),
    };
    match e.kind {
        EventKind::CommentAdded => None,
        EventKind::Created => {
            let channel = e
                .new_value
                .as_deref()
                .and_then(|c| c.parse().ok())
                .map_or_else(|| "—".to_owned(), |c| channel_label(tr, c));
            Some(tr.args("event-created", &[("who", &who), ("channel", &channel)]))
        }
        EventKind::FieldChanged => {
            let field = e.field.as_deref()?;
            if field == "priority_overridden" {
                return None;
            }
            if let Some(text) = sla_ticket::event_text(e, tr, &who) {
                return Some(text);
            }
            let from = value_label(field, e.old_value.as_deref(), tr, names).await;
            let to = value_label(field, e.new_value.as_deref(), tr, names).await;
            let label = field_label(field, tr);
            Some(tr.args(
                "event-changed",
                &[
                    ("who", &who),
                    ("field", &label),
                    ("from", &from),
                    ("to", &to),
                ],
            ))
        }
    }
}

fn field_label(field: &str, tr: &Tr) -> String {
    match field.strip_prefix("custom_fields.") {
        Some(key) => key.to_owned(),
        None => tr.get(&format!("field-{field}")),
    }
}

async fn value_label(field: &str, value: Option<&str>, tr: &Tr, names: &mut Names<'_>) -> String {
    let Some(v) = value else {
        return "—".to_owned();
    };
    match field {
        "status" => v
            .parse::<Status>()
            .map_or_else(|_| v.to_owned(), |s| status_label(tr, s)),
        "priority" | "priority_override" => v
            .parse::<Priority>()
            .map_or_else(|_| v.to_owned(), |p| priority_label(tr, p)),
        "type" => v
            .parse::<TicketType>()
            .map_or_else(|_| v.to_owned(), |t| type_label(tr, t)),
        "assignee_id" | "requester_id" => match v.parse::<i64>() {
            Ok(id) => names.user(id).await,
            Err(_) => v.to_owned(),
        },
        "tier" => v.to_uppercase(),
        _ => {
            // Long values (descriptions) are summarised; the ticket shows them whole.
            let short: String = v.chars().take(80).collect();
            if short.len() < v.len() {
                format!("{short}…")
            } else {
                short
            }
        }
    }
}

// ----- fragments -------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "ticket/_timeline.html")]
pub struct TimelineFragment {
    pub number: i64,
    pub entries: Vec<Entry>,
}

#[derive(Template, WebTemplate)]
#[template(path = "ticket/_head.html")]
pub struct HeadFragment {
    c: Chrome,
    number: i64,
    subject: String,
    status: &'static str,
    status_label: String,
    priority: &'static str,
    priority_label: String,
    type_label: String,
    channel_label: String,
    created: String,
    created_iso: String,
    assignee: String,
    /// The ticket's SLA health and next due time; `None` without a policy.
    sla: Option<SlaBadge>,
}

#[derive(Template, WebTemplate)]
#[template(path = "ticket/_side.html")]
pub struct SideFragment {
    c: Chrome,
    number: i64,
    can_edit: bool,
    statuses: Vec<Choice>,
    types: Vec<Choice>,
    levels_impact: Vec<Choice>,
    levels_urgency: Vec<Choice>,
    priorities: Vec<Choice>,
    category: String,
    tags: String,
    assignees: Vec<Choice>,
    groups: Vec<Choice>,
    tiers: Vec<Choice>,
    orig: Vec<(&'static str, String)>,
    requester: Person,
    /// Custom fields, shown read-only until request types define their editors.
    custom: Vec<(String, String)>,
    sla: SlaCard,
}

#[derive(Template, WebTemplate)]
#[template(path = "ticket/_presence.html")]
pub struct PresenceFragment {
    number: i64,
    viewing: Option<String>,
    typing: Option<String>,
}

/// The requester card.
pub struct Person {
    pub name: String,
    pub email: String,
    pub organization: Option<String>,
    pub other: Vec<OtherTicket>,
}

pub struct OtherTicket {
    pub number: i64,
    pub subject: String,
    pub status: &'static str,
    pub status_label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "ticket/page.html")]
pub struct TicketPage {
    c: Chrome,
    id: i64,
    number: i64,
    title: String,
    head: HeadFragment,
    timeline: TimelineFragment,
    side: SideFragment,
    presence: PresenceFragment,
    can_reply: bool,
    can_edit: bool,
    send_statuses: Vec<Choice>,
}

async fn load(state: &AppState, viewer: &Viewer, number: i64) -> UiResult<Ticket> {
    state
        .service
        .get_ticket_by_number(&viewer.actor, number)
        .await
        .ui(&viewer.tr, "/tickets")
}

async fn build_timeline(
    state: &AppState,
    viewer: &Viewer,
    ticket: &Ticket,
    names: &mut Names<'_>,
) -> UiResult<TimelineFragment> {
    let tr = &viewer.tr;
    let back = format!("/tickets/{}", ticket.number);
    let comments = state
        .service
        .list_comments(&viewer.actor, ticket.id)
        .await
        .ui(tr, &back)?;
    let events = state
        .service
        .list_events(&viewer.actor, ticket.id)
        .await
        .ui(tr, &back)?;
    let base = format!("/tickets/{}", ticket.number);
    Ok(TimelineFragment {
        number: ticket.number,
        entries: timeline(ticket, &comments, &events, tr, names, &base).await,
    })
}

async fn build_head(
    viewer: &Viewer,
    ticket: &Ticket,
    sla: Option<&TicketSlaView>,
    names: &mut Names<'_>,
) -> HeadFragment {
    let tr = &viewer.tr;
    let now = jiff::Timestamp::now();
    HeadFragment {
        sla: SlaCard::new(tr, viewer, ticket.number, ticket.version, sla, now)
            .view
            .map(|line| line.badge),
        c: Chrome::for_viewer(viewer, "tickets"),
        number: ticket.number,
        subject: ticket.subject.clone(),
        status: ticket.status.as_str(),
        status_label: status_label(tr, ticket.status),
        priority: ticket.priority.as_str(),
        priority_label: priority_label(tr, ticket.priority),
        type_label: type_label(tr, ticket.ticket_type),
        channel_label: channel_label(tr, ticket.channel),
        created: tr.datetime(ticket.created_at),
        created_iso: tr.iso(ticket.created_at),
        assignee: names
            .user_opt(ticket.assignee_id)
            .await
            .unwrap_or_else(|| tr.get("unassigned")),
    }
}

fn level_choices(tr: &Tr, key: &str, current: u8) -> Vec<Choice> {
    (1..=4u8)
        .map(|l| Choice::new(l.to_string(), tr.get(&format!("{key}-{l}")), l == current))
        .collect()
}

/// Current status first, then the statuses the lifecycle allows from it.
fn reachable(tr: &Tr, current: Status) -> Vec<Choice> {
    std::iter::once(current)
        .chain(allowed_transitions(current).iter().copied())
        .map(|s| Choice::new(s.as_str(), status_label(tr, s), s == current))
        .collect()
}

async fn build_side(
    state: &AppState,
    viewer: &Viewer,
    ticket: &Ticket,
    sla: Option<&TicketSlaView>,
) -> UiResult<SideFragment> {
    let tr = &viewer.tr;
    let service = &state.service;
    let groups = service
        .list_groups(&viewer.actor)
        .await
        .ui(tr, "/tickets")?;
    let requester = service
        .get_user(&viewer.actor, ticket.requester_id)
        .await
        .ui(tr, "/tickets")?;
    let organization = match requester.organization_id {
        Some(id) => service
            .get_organization(&viewer.actor, id)
            .await
            .ok()
            .map(|o| o.name),
        None => None,
    };
    let others = service
        .list_tickets(
            &viewer.actor,
            TicketFilter {
                requester_id: Some(ticket.requester_id),
                limit: 6,
                ..TicketFilter::default()
            },
        )
        .await
        .ui(tr, "/tickets")?;
    let other = others
        .items
        .iter()
        .filter(|t| t.id != ticket.id)
        .take(5)
        .map(|t| OtherTicket {
            number: t.number,
            subject: t.subject.clone(),
            status: t.status.as_str(),
            status_label: status_label(tr, t.status),
        })
        .collect();
    let mut priorities = vec![Choice::new(
        "auto",
        tr.get("priority-auto"),
        !ticket.priority_overridden,
    )];
    priorities.extend(Priority::ALL.iter().map(|p| {
        Choice::new(
            p.as_str(),
            priority_label(tr, *p),
            ticket.priority_overridden && ticket.priority == *p,
        )
    }));
    let priority_value = if ticket.priority_overridden {
        ticket.priority.as_str()
    } else {
        "auto"
    };
    let tags = ticket.tags.join(", ");
    let category = ticket.category.clone().unwrap_or_default();
    let orig = vec![
        ("status", ticket.status.as_str().to_owned()),
        ("type", ticket.ticket_type.as_str().to_owned()),
        ("impact", ticket.impact.get().to_string()),
        ("urgency", ticket.urgency.get().to_string()),
        ("priority", priority_value.to_owned()),
        ("category", category.clone()),
        ("tags", tags.clone()),
        (
            "assignee_id",
            ticket
                .assignee_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
        ),
        (
            "group_id",
            ticket.group_id.map(|i| i.to_string()).unwrap_or_default(),
        ),
        ("tier", ticket.tier.as_str().to_owned()),
    ];
    let custom = ticket
        .custom_fields
        .iter()
        .map(|(k, v)| {
            let shown = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), shown)
        })
        .collect();
    Ok(SideFragment {
        sla: SlaCard::new(
            tr,
            viewer,
            ticket.number,
            ticket.version,
            sla,
            jiff::Timestamp::now(),
        ),
        custom,
        c: Chrome::for_viewer(viewer, "tickets"),
        number: ticket.number,
        can_edit: allows(viewer.user.role, Action::UpdateTicketFields),
        statuses: reachable(tr, ticket.status),
        types: type_choices(tr, Some(ticket.ticket_type)),
        levels_impact: level_choices(tr, "impact", ticket.impact.get()),
        levels_urgency: level_choices(tr, "urgency", ticket.urgency.get()),
        priorities,
        category,
        tags,
        assignees: assignable(service, &viewer.actor, ticket.assignee_id).await,
        groups: group_choices(&groups, ticket.group_id),
        tiers: tier_choices(ticket.tier),
        orig,
        requester: Person {
            name: requester.name,
            email: requester.email.unwrap_or_default(),
            organization,
            other,
        },
    })
}

fn build_presence(ui: &UiState, viewer: &Viewer, ticket: &Ticket) -> PresenceFragment {
    let (others, typing) = ui.presence.others(ticket.id, viewer.user.id);
    let tr = &viewer.tr;
    let sentence = |key: &str, names: &[String]| {
        (!names.is_empty()).then(|| {
            let count = i64::try_from(names.len()).unwrap_or(i64::MAX);
            tr.count_args(key, count, &[("names", &names.join(", "))])
        })
    };
    PresenceFragment {
        number: ticket.number,
        viewing: sentence("presence-viewing", &others),
        typing: sentence("presence-typing", &typing),
    }
}

pub async fn page(
    State(state): State<AppState>,
    Extension(ui): Extension<Arc<UiState>>,
    Staff(viewer): Staff,
    Path(number): Path<i64>,
) -> UiResult<Response> {
    let ticket = load(&state, &viewer, number).await?;
    let tr = &viewer.tr;
    let mut names = Names::new(&state.service, &viewer.actor, &viewer.tr);
    let sla = sla_ticket::ticket_sla(&state, &viewer, ticket.id).await;
    let head = build_head(&viewer, &ticket, sla.as_ref(), &mut names).await;
    let timeline = build_timeline(&state, &viewer, &ticket, &mut names).await?;
    let side = build_side(&state, &viewer, &ticket, sla.as_ref()).await?;
    let mut send_statuses = vec![Choice::new("", tr.get("composer-keep-status"), true)];
    send_statuses.extend(
        allowed_transitions(ticket.status)
            .iter()
            .filter(|s| **s != Status::Closed)
            .map(|s| {
                Choice::new(
                    s.as_str(),
                    tr.args("composer-send-as", &[("status", &status_label(tr, *s))]),
                    false,
                )
            }),
    );
    Ok(TicketPage {
        title: tr.args(
            "ticket-title",
            &[
                ("number", &ticket.number.to_string()),
                ("subject", &ticket.subject),
            ],
        ),
        presence: build_presence(&ui, &viewer, &ticket),
        c: Chrome::for_viewer(&viewer, "tickets")
            .with_unread(&state.service, &viewer)
            .await,
        id: ticket.id,
        number: ticket.number,
        head,
        timeline,
        side,
        can_reply: allows(viewer.user.role, Action::PublicReply),
        can_edit: allows(viewer.user.role, Action::UpdateTicketFields),
        send_statuses,
    }
    .into_response())
}

/// `/tickets/{n}/_part/{name}`: one live fragment of the page.
pub async fn fragment(
    State(state): State<AppState>,
    Extension(ui): Extension<Arc<UiState>>,
    Staff(viewer): Staff,
    Path((number, part)): Path<(i64, String)>,
) -> UiResult<Response> {
    let ticket = load(&state, &viewer, number).await?;
    let mut names = Names::new(&state.service, &viewer.actor, &viewer.tr);
    Ok(match part.as_str() {
        "timeline" => build_timeline(&state, &viewer, &ticket, &mut names)
            .await?
            .into_response(),
        "head" => {
            let sla = sla_ticket::ticket_sla(&state, &viewer, ticket.id).await;
            build_head(&viewer, &ticket, sla.as_ref(), &mut names)
                .await
                .into_response()
        }
        "side" => {
            let sla = sla_ticket::ticket_sla(&state, &viewer, ticket.id).await;
            build_side(&state, &viewer, &ticket, sla.as_ref())
                .await?
                .into_response()
        }
        "presence" => build_presence(&ui, &viewer, &ticket).into_response(),
        _ => return Err(UiError::NotFound(viewer.tr)),
    })
}

/// A reply or internal note, with attachments and an optional status change.
pub async fn comment(
    State(state): State<AppState>,
    Staff(viewer): Staff,
    Path(number): Path<i64>,
    upload: CsrfMultipart,
) -> UiResult<Response> {
    let back = format!("/tickets/{number}");
    let ticket = load(&state, &viewer, number).await?;
    let form = &upload.form;
    let status = form
        .text("status")
        .map(|s| s.parse::<Status>())
        .transpose()
        .map_err(|e| UiError::service(e.into(), &viewer.tr, &back))?;
    let req = AddComment {
        body: form.get("body").unwrap_or_default().to_owned(),
        public: form.get("mode") != Some("note"),
        attachments: upload.files,
        status,
    };
    let added = state
        .service
        .add_comment(&viewer.actor, ticket.id, req)
        .await
        .ui(&viewer.tr, &back)?;
    Ok(see_other(&format!("/tickets/{}", added.ticket.number)))
}

/// Only the fields the agent changed (submitted value differs from the value the
/// form was rendered with), so a stale form never undoes someone else's change.
fn changed_fields(form: &FormData) -> Result<UpdateTicket, tessera_core::CoreError> {
    let changed = |name: &str| -> Option<String> {
        let now = form.get(name).unwrap_or_default().trim().to_owned();
        let was = form
            .get(&format!("orig_{name}"))
            .unwrap_or_default()
            .trim()
            .to_owned();
        (form.get(name).is_some() && now != was).then_some(now)
    };
    let mut patch = UpdateTicket::default();
    if let Some(s) = changed("status") {
        patch.status = Some(s.parse()?);
    }
    if let Some(t) = changed("type") {
        patch.ticket_type = Some(t.parse()?);
    }
    if let Some(i) = changed("impact") {
        patch.impact = i.parse().ok();
    }
    if let Some(u) = changed("urgency") {
        patch.urgency = u.parse().ok();
    }
    if let Some(p) = changed("priority") {
        patch.priority = Some(if p == "auto" { None } else { Some(p.parse()?) });
    }
    if let Some(c) = changed("category") {
        patch.category = Some((!c.is_empty()).then_some(c));
    }
    if let Some(t) = changed("tags") {
        patch.tags = Some(
            t.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        );
    }
    if let Some(a) = changed("assignee_id") {
        patch.assignee_id = Some(a.parse().ok());
    }
    if let Some(g) = changed("group_id") {
        patch.group_id = Some(g.parse().ok());
    }
    if let Some(t) = changed("tier") {
        patch.tier = Some(t.parse::<Tier>()?);
    }
    let custom = changed_custom_fields(form);
    if !custom.is_empty() {
        patch.custom_fields = Some(custom);
    }
    Ok(patch)
}

/// Custom fields the agent changed (`cf.KEY` against `orig_cf.KEY`) or added
/// (`cf_new_key` + `cf_new_value`). An emptied field is removed (null). A value
/// keeps the JSON kind it had: a number stays a number, true/false a boolean, a
/// list a list, when the new text still reads as one; anything else is text.
fn changed_custom_fields(form: &FormData) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    let mut changed = serde_json::Map::new();
    for (key, now) in form.with_prefix("cf.") {
        let now = now.trim();
        let was = form
            .get(&format!("orig_cf.{key}"))
            .unwrap_or_default()
            .trim();
        if now == was {
            continue;
        }
        let value = if now.is_empty() {
            Value::Null
        } else {
            let kind = |v: &Value| std::mem::discriminant(v);
            match (
                serde_json::from_str::<Value>(was),
                serde_json::from_str::<Value>(now),
            ) {
                (Ok(old), Ok(new)) if !old.is_string() && kind(&old) == kind(&new) => new,
                _ => Value::String(now.to_owned()),
            }
        };
        changed.insert(key.to_owned(), value);
    }
    if let (Some(key), Some(value)) = (form.text("cf_new_key"), form.text("cf_new_value")) {
        changed.insert(key, Value::String(value));
    }
    changed
}

pub async fn fields(
    State(state): State<AppState>,
    Staff(viewer): Staff,
    Path(number): Path<i64>,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let back = format!("/tickets/{number}");
    let ticket = load(&state, &viewer, number).await?;
    let patch = changed_fields(&form).map_err(|e| UiError::service(e.into(), &viewer.tr, &back))?;
    state
        .service
        .update_ticket(&viewer.actor, ticket.id, patch)
        .await
        .ui(&viewer.tr, &back)?;
    Ok(see_other(&back))
}

/// Keyboard actions: assign to me, solve.
pub async fn quick(
    State(state): State<AppState>,
    Staff(viewer): Staff,
    Path(number): Path<i64>,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let back = format!("/tickets/{number}");
    let ticket = load(&state, &viewer, number).await?;
    let patch = match form.get("action") {
        Some("assign_me") => UpdateTicket {
            assignee_id: Some(Some(viewer.user.id)),
            ..UpdateTicket::default()
        },
        Some("solve") => UpdateTicket {
            status: Some(Status::Solved),
            ..UpdateTicket::default()
        },
        _ => return Err(UiError::NotFound(viewer.tr)),
    };
    state
        .service
        .update_ticket(&viewer.actor, ticket.id, patch)
        .await
        .ui(&viewer.tr, &back)?;
    Ok(see_other(&back))
}

/// Serves an attachment as a download (never rendered inline on our origin).
pub async fn attachment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((number, id)): Path<(i64, i64)>,
) -> UiResult<Response> {
    let ticket = load(&state, &viewer, number).await?;
    let (meta, bytes) = state
        .service
        .get_attachment(&viewer.actor, ticket.id, id)
        .await
        .ui(&viewer.tr, "/")?;
    Ok(download(&meta.filename, bytes))
}

pub fn download(filename: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn only_fields_the_agent_changed_are_sent() {
        // The form was rendered when the ticket was unassigned; someone else has
        // assigned it since. Changing only the tags must not unassign it again.
        let patch = changed_fields(&form(&[
            ("orig_assignee_id", ""),
            ("assignee_id", ""),
            ("orig_tags", "vpn"),
            ("tags", "vpn, billing"),
            ("orig_priority", "auto"),
            ("priority", "auto"),
        ]))
        .unwrap();
        assert_eq!(patch.assignee_id, None);
        assert_eq!(patch.priority, None);
        assert_eq!(
            patch.tags,
            Some(vec!["vpn".to_owned(), "billing".to_owned()])
        );
    }

    #[test]
    fn priority_back_to_automatic_and_clearing_fields() {
        let patch = changed_fields(&form(&[
            ("orig_priority", "urgent"),
            ("priority", "auto"),
            ("orig_group_id", "3"),
            ("group_id", ""),
            ("orig_status", "open"),
            ("status", "solved"),
        ]))
        .unwrap();
        assert_eq!(patch.priority, Some(None));
        assert_eq!(patch.group_id, Some(None));
        assert_eq!(patch.status, Some(Status::Solved));
        assert!(changed_fields(&form(&[("orig_status", "new"), ("status", "done")])).is_err());
    }
}
