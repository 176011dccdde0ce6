//! SLA administration: business calendars (weekly hours, holidays, iCalendar
//! import, a due-time preview) and the ordered SLA policies (conditions,
//! targets, pauses, warnings, escalation steps). The forms are plain text and
//! checkboxes turned into the service's specs; the service validates them and
//! a refusal re-renders the form with what the admin typed and the field named.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use tessera_core::{Channel, Priority, Status, TicketType};
use tessera_service::ServiceError;
use tessera_service::policy::{Action, allows};
use tessera_service::sla::{
    CalendarSpec, ConditionsSpec, EscalationAction, EscalationStep, EscalationTrigger, HolidaySpec,
    PolicySpec, PreviewRequest, SlaCalendar, SlaPolicyView, TargetMinutes, WarnSpec, WeeklyHours,
};

use super::forms::{CsrfForm, CsrfMultipart, FormData};
use super::i18n::Tr;
use super::page::{Chrome, UiError, UiResult, UiResultExt, see_other};
use super::session::{Manager, Viewer};
use super::sla_ticket::{relative_to, target_label};
use super::views::{Choice, channel_label, priority_label, status_label, type_label};
use super::workspace::{assignable, group_choices};
use crate::state::AppState;

const TARGET_KINDS: [&str; 4] = [
    "first_response",
    "next_response",
    "periodic_update",
    "resolution",
];

/// Empty escalation rows offered below the existing ones.
const SPARE_ESCALATION_ROWS: usize = 2;

/// A refusal of the service, shown beside the form.
#[derive(Debug)]
pub struct FieldError {
    /// The spec's path, e.g. `weekly.monday[0]` or `targets.high.resolution`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    /// The form's own refusals (numbers it could not read) use the same paths.
    fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Turns a service refusal into a field error; anything else stays an error page.
fn field_error(e: ServiceError, tr: &Tr, back: &str) -> Result<FieldError, UiError> {
    match e {
        ServiceError::Invalid { field, message } => Ok(FieldError { field, message }),
        ServiceError::Conflict { code, message } => Ok(FieldError {
            field: code.to_owned(),
            message,
        }),
        other => Err(UiError::service(other, tr, back)),
    }
}

fn may_manage(viewer: &Viewer) -> bool {
    allows(viewer.actor.role, Action::ManageSla)
}

/// The error sentence of the form's alert: which field, then the service's words.
fn error_text(tr: &Tr, error: &FieldError) -> String {
    tr.args(
        "sla-form-error",
        &[("field", &error.field), ("message", &error.message)],
    )
}

// ===== calendars ==================================================================

pub struct CalendarRow {
    pub id: i64,
    pub name: String,
    pub time_zone: String,
    pub hours: String,
    pub holidays: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/sla_calendars.html")]
struct CalendarsPage {
    c: Chrome,
    tab: &'static str,
    rows: Vec<CalendarRow>,
    can_manage: bool,
    /// A refused delete (a policy still uses the calendar).
    error: Option<String>,
}

/// "Mon 09:00-17:00; Sat 10:00-14:00" or "24/7".
fn hours_summary(tr: &Tr, spec: &CalendarSpec) -> String {
    if spec.always {
        return tr.get("sla-always");
    }
    spec.weekly
        .days()
        .iter()
        .filter(|(_, intervals)| !intervals.is_empty())
        .map(|(day, intervals)| {
            format!(
                "{} {}",
                tr.get(&format!("weekday-short-{day}")),
                intervals.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

async fn calendars_page(
    state: &AppState,
    viewer: &Viewer,
    error: Option<String>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let calendars = state
        .service
        .list_sla_calendars(&viewer.actor)
        .await
        .ui(tr, "/admin")?;
    let rows = calendars
        .iter()
        .map(|cal| CalendarRow {
            id: cal.id,
            name: cal.spec.name.clone(),
            time_zone: cal.spec.time_zone.clone(),
            hours: hours_summary(tr, &cal.spec),
            holidays: cal.spec.holidays.len(),
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let page = CalendarsPage {
        c: Chrome::for_viewer(viewer, "admin")
            .with_unread(&state.service, viewer)
            .await,
        tab: "sla_calendars",
        rows,
        can_manage: may_manage(viewer),
        error,
    };
    Ok((status, page).into_response())
}

pub async fn calendars(
    State(state): State<AppState>,
    Manager(viewer): Manager,
) -> UiResult<Response> {
    calendars_page(&state, &viewer, None).await
}

/// One weekday's text box.
pub struct DayField {
    pub day: &'static str,
    pub label: String,
    pub value: String,
}

/// The calendar form as typed (or as stored, for an edit).
pub struct CalendarForm {
    pub id: Option<i64>,
    pub version: i64,
    pub name: String,
    pub time_zone: String,
    pub always: bool,
    pub days: Vec<DayField>,
    /// One holiday a line: `2026-12-24 Christmas Eve` or, yearly, `12-25 Christmas`.
    pub holidays: String,
    pub error: Option<FieldError>,
}

impl CalendarForm {
    fn from_spec(tr: &Tr, id: Option<i64>, version: i64, spec: &CalendarSpec) -> CalendarForm {
        let holidays = spec
            .holidays
            .iter()
            .map(|h| {
                let date = if h.yearly {
                    h.date.get(5..).unwrap_or(&h.date).to_owned()
                } else {
                    h.date.clone()
                };
                if h.name.is_empty() {
                    date
                } else {
                    format!("{date} {}", h.name)
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        CalendarForm {
            id,
            version,
            name: spec.name.clone(),
            time_zone: spec.time_zone.clone(),
            always: spec.always,
            days: spec
                .weekly
                .days()
                .iter()
                .map(|(day, intervals)| DayField {
                    day,
                    label: tr.get(&format!("weekday-{day}")),
                    value: intervals.join(", "),
                })
                .collect(),
            holidays,
            error: None,
        }
    }

    fn from_form(tr: &Tr, id: Option<i64>, form: &FormData) -> CalendarForm {
        let spec = CalendarSpec {
            name: String::new(),
            time_zone: String::new(),
            always: false,
            weekly: WeeklyHours::default(),
            holidays: Vec::new(),
        };
        let mut typed = CalendarForm::from_spec(tr, id, 0, &spec);
        typed.version = form
            .text("version")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        typed.name = form.get("name").unwrap_or_default().to_owned();
        typed.time_zone = form.get("time_zone").unwrap_or_default().to_owned();
        typed.always = form.flag("always");
        for d in &mut typed.days {
            d.value = form.get(d.day).unwrap_or_default().to_owned();
        }
        typed.holidays = form.get("holidays").unwrap_or_default().to_owned();
        typed
    }

    /// The spec the typed text describes; the service checks the values.
    fn spec(&self) -> CalendarSpec {
        let day = |name: &str| -> Vec<String> {
            self.days
                .iter()
                .find(|d| d.day == name)
                .map(|d| split_list(&d.value))
                .unwrap_or_default()
        };
        CalendarSpec {
            name: self.name.clone(),
            time_zone: self.time_zone.clone(),
            always: self.always,
            weekly: WeeklyHours {
                monday: day("monday"),
                tuesday: day("tuesday"),
                wednesday: day("wednesday"),
                thursday: day("thursday"),
                friday: day("friday"),
                saturday: day("saturday"),
                sunday: day("sunday"),
            },
            holidays: self
                .holidays
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(parse_holiday_line)
                .collect(),
        }
    }

    /// The error about one weekday's intervals (`weekly.monday[1]`).
    pub fn day_error(&self, day: &str) -> Option<&str> {
        self.error_at(&format!("weekly.{day}"))
    }

    /// The error message when it concerns a field whose path starts with `prefix`.
    pub fn error_at(&self, prefix: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|e| e.field.starts_with(prefix))
            .map(|e| e.message.as_str())
    }
}

/// `09:00-17:00, 18:00-22:00` → the two intervals.
fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `2026-12-24 Christmas Eve` is one day; `12-25 Christmas` repeats every year
/// (stored in leap year 2000, as the service does, so 02-29 stays possible).
fn parse_holiday_line(line: &str) -> HolidaySpec {
    let (date, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let yearly = date.len() == 5 && date.as_bytes().get(2) == Some(&b'-');
    HolidaySpec {
        name: name.trim().to_owned(),
        date: if yearly {
            format!("2000-{date}")
        } else {
            date.to_owned()
        },
        yearly,
    }
}

/// The due times the preview box shows.
pub struct PreviewLine {
    pub label: String,
    pub due: String,
    pub due_iso: String,
    pub relative: String,
}

pub struct PreviewBox {
    pub policies: Vec<Choice>,
    pub priorities: Vec<Choice>,
    /// `None` until a policy was chosen.
    pub lines: Option<Vec<PreviewLine>>,
    pub summary: String,
    /// "Times are shown in Europe/Zagreb": the viewer's zone.
    pub zone_hint: String,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/sla_calendar.html")]
struct CalendarPage {
    c: Chrome,
    tab: &'static str,
    form: CalendarForm,
    error_text: Option<String>,
    can_manage: bool,
    preview: Option<PreviewBox>,
    /// A refused iCalendar import.
    import_error: Option<String>,
}

async fn render_calendar(
    state: &AppState,
    viewer: &Viewer,
    form: CalendarForm,
    preview: Option<PreviewBox>,
    import_error: Option<String>,
) -> Response {
    let refused = form.error.is_some() || import_error.is_some();
    let page = CalendarPage {
        c: Chrome::for_viewer(viewer, "admin")
            .with_unread(&state.service, viewer)
            .await,
        tab: "sla_calendars",
        error_text: form.error.as_ref().map(|e| error_text(&viewer.tr, e)),
        form,
        can_manage: may_manage(viewer),
        preview,
        import_error,
    };
    if refused {
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    } else {
        page.into_response()
    }
}

pub async fn new_calendar(
    State(state): State<AppState>,
    Manager(viewer): Manager,
) -> UiResult<Response> {
    let spec = CalendarSpec {
        name: String::new(),
        time_zone: viewer.tr.zone_name(),
        always: false,
        weekly: WeeklyHours::weekdays("09:00-17:00"),
        holidays: Vec::new(),
    };
    let form = CalendarForm::from_spec(&viewer.tr, None, 0, &spec);
    Ok(render_calendar(&state, &viewer, form, None, None).await)
}

pub async fn create_calendar(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    CsrfForm(data): CsrfForm,
) -> UiResult<Response> {
    let mut form = CalendarForm::from_form(&viewer.tr, None, &data);
    match state
        .service
        .create_sla_calendar(&viewer.actor, form.spec())
        .await
    {
        Ok(created) => Ok(see_other(&format!("/admin/sla/calendars/{}", created.id))),
        Err(e) => {
            form.error = Some(field_error(e, &viewer.tr, "/admin/sla/calendars")?);
            Ok(render_calendar(&state, &viewer, form, None, None).await)
        }
    }
}

async fn preview_box(
    state: &AppState,
    viewer: &Viewer,
    calendar: &SlaCalendar,
    q: &HashMap<String, String>,
) -> UiResult<PreviewBox> {
    let tr = &viewer.tr;
    let policies = state
        .service
        .list_sla_policies(&viewer.actor)
        .await
        .ui(tr, "/admin/sla/calendars")?;
    let chosen_policy = q
        .get("policy")
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|id| policies.iter().any(|p| p.id == *id));
    let chosen_priority = q
        .get("priority")
        .and_then(|p| p.parse::<Priority>().ok())
        .unwrap_or(Priority::Urgent);
    let mut preview = PreviewBox {
        policies: policies
            .iter()
            .map(|p| {
                Choice::new(
                    p.id.to_string(),
                    p.spec.name.clone(),
                    chosen_policy == Some(p.id),
                )
            })
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| Choice::new(p.as_str(), priority_label(tr, *p), *p == chosen_priority))
            .collect(),
        lines: None,
        summary: String::new(),
        zone_hint: tr.args("sla-times-in-zone", &[("zone", &tr.zone_name())]),
        error: None,
    };
    let Some(policy_id) = chosen_policy else {
        return Ok(preview);
    };
    let now = Timestamp::now();
    let request = PreviewRequest {
        policy_id,
        priority: chosen_priority.as_str().to_owned(),
        opened_at: now,
    };
    preview.summary = tr.args(
        "sla-preview-summary",
        &[
            ("priority", &priority_label(tr, chosen_priority)),
            ("time", &tr.datetime(now)),
        ],
    );
    match state
        .service
        .preview_sla_calendar(&viewer.actor, calendar.id, request)
        .await
    {
        Ok(result) => {
            preview.lines = Some(
                result
                    .targets
                    .iter()
                    .map(|t| PreviewLine {
                        label: target_label(tr, &t.kind),
                        due: tr.datetime(t.due_at),
                        due_iso: tr.iso(t.due_at),
                        relative: relative_to(tr, t.due_at, now),
                    })
                    .collect(),
            );
        }
        Err(e) => {
            let refused = field_error(e, tr, "/admin/sla/calendars")?;
            preview.error = Some(error_text(tr, &refused));
        }
    }
    Ok(preview)
}

pub async fn calendar(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let stored = state
        .service
        .get_sla_calendar(&viewer.actor, id)
        .await
        .ui(tr, "/admin/sla/calendars")?;
    let preview = preview_box(&state, &viewer, &stored, &q).await?;
    let form = CalendarForm::from_spec(tr, Some(stored.id), stored.version, &stored.spec);
    Ok(render_calendar(&state, &viewer, form, Some(preview), None).await)
}

pub async fn update_calendar(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(data): CsrfForm,
) -> UiResult<Response> {
    let mut form = CalendarForm::from_form(&viewer.tr, Some(id), &data);
    match state
        .service
        .update_sla_calendar(&viewer.actor, id, form.version, form.spec())
        .await
    {
        Ok(_) => Ok(see_other(&format!("/admin/sla/calendars/{id}"))),
        Err(e) => {
            form.error = Some(field_error(e, &viewer.tr, "/admin/sla/calendars")?);
            Ok(render_calendar(&state, &viewer, form, None, None).await)
        }
    }
}

pub async fn delete_calendar(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm,
) -> UiResult<Response> {
    match state.service.delete_sla_calendar(&viewer.actor, id).await {
        Ok(()) => Ok(see_other("/admin/sla/calendars")),
        Err(ServiceError::Conflict { .. }) => {
            let message = viewer.tr.get("sla-calendar-in-use");
            calendars_page(&state, &viewer, Some(message)).await
        }
        Err(e) => Err(UiError::service(e, &viewer.tr, "/admin/sla/calendars")),
    }
}

/// `POST /admin/sla/calendars/{id}/import`: an uploaded `.ics` file or pasted text.
pub async fn import_holidays(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    upload: CsrfMultipart,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let back = format!("/admin/sla/calendars/{id}");
    let text = match upload.files.first() {
        Some(file) => String::from_utf8_lossy(&file.bytes).into_owned(),
        None => upload.form.get("ics_text").unwrap_or_default().to_owned(),
    };
    let version = upload.form.text("version").and_then(|v| v.parse().ok());
    let refusal = if text.trim().is_empty() {
        tr.get("sla-import-empty")
    } else {
        match state
            .service
            .import_sla_holidays(&viewer.actor, id, &text, version)
            .await
        {
            Ok(_) => return Ok(see_other(&back)),
            Err(e) => error_text(tr, &field_error(e, tr, &back)?),
        }
    };
    let stored = state
        .service
        .get_sla_calendar(&viewer.actor, id)
        .await
        .ui(tr, "/admin/sla/calendars")?;
    let form = CalendarForm::from_spec(tr, Some(stored.id), stored.version, &stored.spec);
    Ok(render_calendar(&state, &viewer, form, None, Some(refusal)).await)
}

// ===== policies ===================================================================

pub struct PolicyRow {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub calendar: String,
    pub targets: String,
    pub first: bool,
    pub last: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/sla_policies.html")]
struct PoliciesPage {
    c: Chrome,
    tab: &'static str,
    rows: Vec<PolicyRow>,
    can_manage: bool,
}

/// "Urgent: 1 h / 8 h" — first response and resolution per priority.
fn targets_summary(tr: &Tr, spec: &PolicySpec) -> String {
    Priority::ALL
        .iter()
        .filter_map(|p| {
            let t = spec.targets.get(p.as_str())?;
            let shown: Vec<String> = [t.first_response, t.resolution]
                .into_iter()
                .flatten()
                .map(|m| minutes_text(tr, m))
                .collect();
            (!shown.is_empty())
                .then(|| format!("{}: {}", priority_label(tr, *p), shown.join(" / ")))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn minutes_text(tr: &Tr, minutes: u32) -> String {
    super::sla_ticket::human_duration(tr, i64::from(minutes) * 60)
}

pub async fn policies(
    State(state): State<AppState>,
    Manager(viewer): Manager,
) -> UiResult<Response> {
    let tr = &viewer.tr;
    let service = &state.service;
    let list = service
        .list_sla_policies(&viewer.actor)
        .await
        .ui(tr, "/admin")?;
    let calendars = service
        .list_sla_calendars(&viewer.actor)
        .await
        .ui(tr, "/admin")?;
    let count = list.len();
    let rows = list
        .iter()
        .enumerate()
        .map(|(i, p)| PolicyRow {
            id: p.id,
            name: p.spec.name.clone(),
            active: p.spec.active,
            calendar: p
                .spec
                .calendar_id
                .and_then(|id| calendars.iter().find(|c| c.id == id))
                .map_or_else(|| tr.get("sla-always"), |c| c.spec.name.clone()),
            targets: targets_summary(tr, &p.spec),
            first: i == 0,
            last: i + 1 == count,
        })
        .collect();
    Ok(PoliciesPage {
        c: Chrome::for_viewer(&viewer, "admin")
            .with_unread(service, &viewer)
            .await,
        tab: "sla_policies",
        rows,
        can_manage: may_manage(&viewer),
    }
    .into_response())
}

/// `POST /admin/sla/policies/{id}/move` with `direction=up|down`.
pub async fn move_policy(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let back = "/admin/sla/policies";
    let service = &state.service;
    let mut order: Vec<i64> = service
        .list_sla_policies(&viewer.actor)
        .await
        .ui(&viewer.tr, back)?
        .iter()
        .map(|p| p.id)
        .collect();
    let Some(at) = order.iter().position(|p| *p == id) else {
        return Err(UiError::NotFound(viewer.tr));
    };
    let swap_with = match form.get("direction") {
        Some("up") => at.checked_sub(1),
        Some("down") => Some(at + 1).filter(|i| *i < order.len()),
        _ => None,
    };
    if let Some(other) = swap_with {
        order.swap(at, other);
        service
            .reorder_sla_policies(&viewer.actor, &order)
            .await
            .ui(&viewer.tr, back)?;
    }
    Ok(see_other(back))
}

pub async fn delete_policy(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm,
) -> UiResult<Response> {
    state
        .service
        .delete_sla_policy(&viewer.actor, id)
        .await
        .ui(&viewer.tr, "/admin/sla/policies")?;
    Ok(see_other("/admin/sla/policies"))
}

/// One target box: a number and its unit.
pub struct TargetField {
    /// `targets.high.first_response`: the input's name and the error path.
    pub path: String,
    pub label: String,
    pub value: String,
    /// `min` or `h`.
    pub unit: &'static str,
}

pub struct PriorityTargets {
    pub label: String,
    pub fields: Vec<TargetField>,
}

/// One escalation row of the form.
pub struct EscalationRow {
    pub index: usize,
    /// `warning`, `breach` or empty (an unused row).
    pub on: String,
    pub target: String,
    /// `notify_assignee`, …, `move_to_next_tier`, `move_to_group`, `reassign`.
    pub action: String,
    pub group: Option<i64>,
    pub agent: Option<i64>,
}

/// The policy form as typed or stored, plus the choices it offers.
pub struct PolicyForm {
    pub id: Option<i64>,
    pub version: i64,
    pub name: String,
    pub active: bool,
    pub calendars: Vec<Choice>,
    pub priorities: Vec<Choice>,
    pub types: Vec<Choice>,
    pub channels: Vec<Choice>,
    pub organizations: Vec<Choice>,
    pub tags: String,
    pub categories: String,
    pub regions: String,
    pub targets: Vec<PriorityTargets>,
    pub pause: Vec<Choice>,
    /// `default`, `percent` or `minutes`.
    pub warn_mode: String,
    pub warn_value: String,
    pub escalations: Vec<EscalationRow>,
    pub groups: Vec<GroupOption>,
    pub agents: Vec<Choice>,
    pub error: Option<FieldError>,
}

/// A group as the escalation selects offer it.
pub struct GroupOption {
    pub id: i64,
    pub name: String,
}

impl PolicyForm {
    pub fn error_at(&self, prefix: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|e| e.field.starts_with(prefix))
            .map(|e| e.message.as_str())
    }

    /// Choices of the escalation group select for row `row`.
    pub fn group_options(&self, row: &EscalationRow) -> Vec<Choice> {
        self.groups
            .iter()
            .map(|g| Choice::new(g.id.to_string(), g.name.clone(), row.group == Some(g.id)))
            .collect()
    }

    pub fn agent_options(&self, row: &EscalationRow) -> Vec<Choice> {
        self.agents
            .iter()
            .map(|a| Choice {
                selected: row.agent.is_some_and(|id| id.to_string() == a.value),
                ..Choice::new(a.value.clone(), a.label.clone(), false)
            })
            .collect()
    }
}

/// What the choices of a policy form are built from.
struct PolicyChoices {
    calendars: Vec<SlaCalendar>,
    organizations: Vec<(i64, String)>,
    groups: Vec<GroupOption>,
    agents: Vec<Choice>,
}

async fn policy_choices(state: &AppState, viewer: &Viewer) -> UiResult<PolicyChoices> {
    let tr = &viewer.tr;
    let service = &state.service;
    let back = "/admin/sla/policies";
    let calendars = service
        .list_sla_calendars(&viewer.actor)
        .await
        .ui(tr, back)?;
    let organizations = service
        .list_organizations(&viewer.actor)
        .await
        .ui(tr, back)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let groups = service.list_groups(&viewer.actor).await.ui(tr, back)?;
    let groups = group_choices(&groups, None)
        .into_iter()
        .filter_map(|c| {
            Some(GroupOption {
                id: c.value.parse().ok()?,
                name: c.label,
            })
        })
        .collect();
    let agents = assignable(service, &viewer.actor, None).await;
    Ok(PolicyChoices {
        calendars,
        organizations,
        groups,
        agents,
    })
}

fn action_name(action: &EscalationAction) -> (&'static str, Option<i64>, Option<i64>) {
    match action {
        EscalationAction::NotifyAssignee => ("notify_assignee", None, None),
        EscalationAction::NotifyGroup => ("notify_group", None, None),
        EscalationAction::NotifySupervisors => ("notify_supervisors", None, None),
        EscalationAction::RaisePriority => ("raise_priority", None, None),
        EscalationAction::MoveToNextTier { group_id: None } => ("move_to_next_tier", None, None),
        EscalationAction::MoveToNextTier { group_id: Some(g) } => ("move_to_group", Some(*g), None),
        EscalationAction::Reassign { agent_id } => ("reassign", None, Some(*agent_id)),
    }
}

/// Minutes as the form shows them: whole hours in hours, the rest in minutes.
fn target_field(tr: &Tr, priority: &str, kind: &str, minutes: Option<u32>) -> TargetField {
    let (value, unit) = match minutes {
        Some(m) if m >= 60 && m % 60 == 0 => ((m / 60).to_string(), "h"),
        Some(m) => (m.to_string(), "min"),
        None => (String::new(), "min"),
    };
    TargetField {
        path: format!("targets.{priority}.{kind}"),
        label: target_label(tr, kind),
        value,
        unit,
    }
}

impl PolicyForm {
    fn build(
        tr: &Tr,
        id: Option<i64>,
        version: i64,
        spec: &PolicySpec,
        choices: PolicyChoices,
    ) -> PolicyForm {
        let has = |list: &[String], v: &str| list.iter().any(|x| x == v);
        let c = &spec.conditions;
        let mut calendars = vec![Choice::new(
            "",
            tr.get("sla-always"),
            spec.calendar_id.is_none(),
        )];
        calendars.extend(choices.calendars.iter().map(|cal| {
            Choice::new(
                cal.id.to_string(),
                cal.spec.name.clone(),
                spec.calendar_id == Some(cal.id),
            )
        }));
        let targets = Priority::ALL
            .iter()
            .map(|p| {
                let minutes = spec.targets.get(p.as_str()).copied().unwrap_or_default();
                PriorityTargets {
                    label: priority_label(tr, *p),
                    fields: vec![
                        target_field(tr, p.as_str(), "first_response", minutes.first_response),
                        target_field(tr, p.as_str(), "next_response", minutes.next_response),
                        target_field(tr, p.as_str(), "periodic_update", minutes.periodic_update),
                        target_field(tr, p.as_str(), "resolution", minutes.resolution),
                    ],
                }
            })
            .collect();
        let (warn_mode, warn_value) = match (spec.warn.percent_elapsed, spec.warn.minutes_before) {
            (Some(p), _) => ("percent", p.to_string()),
            (None, Some(m)) => ("minutes", m.to_string()),
            (None, None) => ("default", String::new()),
        };
        let mut escalations: Vec<EscalationRow> = spec
            .escalations
            .iter()
            .enumerate()
            .map(|(index, step)| {
                let (action, group, agent) = action_name(&step.action);
                EscalationRow {
                    index,
                    on: step.on.as_str().to_owned(),
                    target: step.target.clone().unwrap_or_default(),
                    action: action.to_owned(),
                    group,
                    agent,
                }
            })
            .collect();
        let used = escalations.len();
        escalations.extend(
            (used..used + SPARE_ESCALATION_ROWS).map(|index| EscalationRow {
                index,
                on: String::new(),
                target: String::new(),
                action: "notify_assignee".to_owned(),
                group: None,
                agent: None,
            }),
        );
        PolicyForm {
            id,
            version,
            name: spec.name.clone(),
            active: spec.active,
            calendars,
            priorities: Priority::ALL
                .iter()
                .map(|p| {
                    Choice::new(
                        p.as_str(),
                        priority_label(tr, *p),
                        has(&c.priorities, p.as_str()),
                    )
                })
                .collect(),
            types: TicketType::ALL
                .iter()
                .map(|t| {
                    Choice::new(
                        t.as_str(),
                        type_label(tr, *t),
                        has(&c.ticket_types, t.as_str()),
                    )
                })
                .collect(),
            channels: Channel::ALL
                .iter()
                .map(|ch| {
                    Choice::new(
                        ch.as_str(),
                        channel_label(tr, *ch),
                        has(&c.channels, ch.as_str()),
                    )
                })
                .collect(),
            organizations: choices
                .organizations
                .iter()
                .map(|(oid, name)| {
                    Choice::new(
                        oid.to_string(),
                        name.clone(),
                        c.organization_ids.contains(oid),
                    )
                })
                .collect(),
            tags: c.tags.join(", "),
            categories: c.categories.join(", "),
            regions: c.regions.join(", "),
            targets,
            pause: Status::ALL
                .iter()
                .filter(|s| !matches!(s, Status::Solved | Status::Closed))
                .map(|s| {
                    Choice::new(
                        s.as_str(),
                        status_label(tr, *s),
                        has(&spec.pause_statuses, s.as_str()),
                    )
                })
                .collect(),
            warn_mode: warn_mode.to_owned(),
            warn_value,
            escalations,
            groups: choices.groups,
            agents: choices.agents,
            error: None,
        }
    }
}

/// A target box's minutes: `1.5` hours is 90 minutes; blank is no target.
fn read_minutes(value: &str, unit: &str, path: &str) -> Result<Option<u32>, FieldError> {
    let value = value.trim().replace(',', ".");
    if value.is_empty() {
        return Ok(None);
    }
    let number: f64 = value
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| FieldError::new(path, "must be a number"))?;
    let minutes = if unit == "h" { number * 60.0 } else { number };
    // Business minutes are whole; out-of-range values are the service's call.
    let rounded = minutes.round();
    if rounded > f64::from(u32::MAX) {
        return Err(FieldError::new(path, "is too large"));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(Some(rounded as u32))
}

/// The policy spec the form describes; numbers the form cannot read are
/// refused here with the same field paths the service uses.
fn policy_spec(form: &FormData) -> Result<PolicySpec, FieldError> {
    let list = |name: &str| -> Vec<String> { form.all(name).map(str::to_owned).collect() };
    let mut targets = BTreeMap::new();
    for p in Priority::ALL {
        let mut minutes = TargetMinutes::default();
        for kind in TARGET_KINDS {
            let path = format!("targets.{}.{kind}", p.as_str());
            let value = read_minutes(
                form.get(&path).unwrap_or_default(),
                form.get(&format!("{path}.unit")).unwrap_or("min"),
                &path,
            )?;
            match kind {
                "first_response" => minutes.first_response = value,
                "next_response" => minutes.next_response = value,
                "periodic_update" => minutes.periodic_update = value,
                _ => minutes.resolution = value,
            }
        }
        if minutes != TargetMinutes::default() {
            targets.insert(p.as_str().to_owned(), minutes);
        }
    }
    let warn_value = form.text("warn_value");
    let number = |field: &str| -> Result<Option<u32>, FieldError> {
        warn_value
            .as_deref()
            .map(|v| {
                v.parse::<u32>()
                    .map_err(|_| FieldError::new(field, "must be a whole number"))
            })
            .transpose()
    };
    let warn = match form.get("warn_mode") {
        Some("percent") => WarnSpec {
            percent_elapsed: number("warn")?
                .map(|p| u8::try_from(p).map_err(|_| FieldError::new("warn", "must be 1-99")))
                .transpose()?,
            minutes_before: None,
        },
        Some("minutes") => WarnSpec {
            percent_elapsed: None,
            minutes_before: number("warn.minutes_before")?,
        },
        _ => WarnSpec::default(),
    };
    let mut escalations = Vec::new();
    for i in 0.. {
        let Some(on) = form.get(&format!("e{i}.on")) else {
            break;
        };
        let on = match on {
            "warning" => EscalationTrigger::Warning,
            "breach" => EscalationTrigger::Breach,
            _ => continue,
        };
        let field = format!("escalations[{}]", escalations.len());
        let id_of = |name: &str| {
            form.text(&format!("e{i}.{name}"))
                .and_then(|v| v.parse::<i64>().ok())
        };
        let action = match form.get(&format!("e{i}.action")).unwrap_or_default() {
            "notify_assignee" => EscalationAction::NotifyAssignee,
            "notify_group" => EscalationAction::NotifyGroup,
            "notify_supervisors" => EscalationAction::NotifySupervisors,
            "raise_priority" => EscalationAction::RaisePriority,
            "move_to_next_tier" => EscalationAction::MoveToNextTier { group_id: None },
            "move_to_group" => EscalationAction::MoveToNextTier {
                group_id: Some(id_of("group").ok_or_else(|| {
                    FieldError::new(format!("{field}.action"), "choose the group")
                })?),
            },
            "reassign" => EscalationAction::Reassign {
                agent_id: id_of("agent").ok_or_else(|| {
                    FieldError::new(format!("{field}.action"), "choose the agent")
                })?,
            },
            _ => return Err(FieldError::new(format!("{field}.action"), "unknown action")),
        };
        escalations.push(EscalationStep {
            on,
            target: form.text(&format!("e{i}.target")),
            action,
        });
    }
    Ok(PolicySpec {
        name: form.get("name").unwrap_or_default().to_owned(),
        active: form.flag("active"),
        position: None,
        calendar_id: form.text("calendar_id").and_then(|c| c.parse().ok()),
        conditions: ConditionsSpec {
            priorities: list("priorities"),
            ticket_types: list("ticket_types"),
            organization_ids: form
                .all("organization_ids")
                .filter_map(|o| o.parse().ok())
                .collect(),
            tags: split_list(form.get("tags").unwrap_or_default()),
            channels: list("channels"),
            categories: split_list(form.get("categories").unwrap_or_default()),
            regions: split_list(form.get("regions").unwrap_or_default()),
        },
        targets,
        pause_statuses: list("pause_statuses"),
        warn,
        escalations,
    })
}

/// Puts what the admin typed back into a rebuilt form: every box, including
/// ones the spec could not hold (a number the form could not read).
fn keep_typed(form: &mut PolicyForm, data: &FormData) {
    for group in &mut form.targets {
        for f in &mut group.fields {
            f.value = data.get(&f.path).unwrap_or_default().to_owned();
            f.unit = if data.get(&format!("{}.unit", f.path)) == Some("h") {
                "h"
            } else {
                "min"
            };
        }
    }
    form.warn_mode = data.get("warn_mode").unwrap_or("default").to_owned();
    form.warn_value = data.get("warn_value").unwrap_or_default().to_owned();
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/sla_policy.html")]
struct PolicyPage {
    c: Chrome,
    tab: &'static str,
    form: PolicyForm,
    error_text: Option<String>,
    can_manage: bool,
    warn_modes: Vec<Choice>,
    triggers: Vec<Choice>,
    target_kinds: Vec<Choice>,
    /// Column headings of the targets table.
    target_labels: Vec<String>,
    actions: Vec<Choice>,
}

fn labelled(tr: &Tr, prefix: &str, values: &[&str]) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice::new(*v, tr.get(&format!("{prefix}{v}")), false))
        .collect()
}

async fn render_policy(state: &AppState, viewer: &Viewer, form: PolicyForm) -> Response {
    let tr = &viewer.tr;
    let refused = form.error.is_some();
    let mut target_kinds = vec![Choice::new("", tr.get("sla-target-any"), false)];
    target_kinds.extend(
        TARGET_KINDS
            .iter()
            .map(|k| Choice::new(*k, target_label(tr, k), false)),
    );
    let page = PolicyPage {
        c: Chrome::for_viewer(viewer, "admin")
            .with_unread(&state.service, viewer)
            .await,
        tab: "sla_policies",
        error_text: form.error.as_ref().map(|e| error_text(tr, e)),
        form,
        can_manage: may_manage(viewer),
        warn_modes: labelled(tr, "sla-warn-", &["default", "percent", "minutes"]),
        triggers: {
            let mut t = vec![Choice::new("", tr.get("sla-step-unused"), false)];
            t.extend(labelled(tr, "sla-on-", &["warning", "breach"]));
            t
        },
        target_kinds,
        target_labels: TARGET_KINDS.iter().map(|k| target_label(tr, k)).collect(),
        actions: labelled(
            tr,
            "sla-action-",
            &[
                "notify_assignee",
                "notify_group",
                "notify_supervisors",
                "raise_priority",
                "move_to_next_tier",
                "move_to_group",
                "reassign",
            ],
        ),
    };
    if refused {
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    } else {
        page.into_response()
    }
}

fn empty_policy() -> PolicySpec {
    PolicySpec {
        name: String::new(),
        active: true,
        position: None,
        calendar_id: None,
        conditions: ConditionsSpec::default(),
        targets: BTreeMap::new(),
        pause_statuses: vec![
            Status::Pending.as_str().to_owned(),
            Status::OnHold.as_str().to_owned(),
        ],
        warn: WarnSpec::default(),
        escalations: Vec::new(),
    }
}

pub async fn new_policy(
    State(state): State<AppState>,
    Manager(viewer): Manager,
) -> UiResult<Response> {
    let choices = policy_choices(&state, &viewer).await?;
    let form = PolicyForm::build(&viewer.tr, None, 0, &empty_policy(), choices);
    Ok(render_policy(&state, &viewer, form).await)
}

pub async fn policy(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
) -> UiResult<Response> {
    let stored: SlaPolicyView = state
        .service
        .get_sla_policy(&viewer.actor, id)
        .await
        .ui(&viewer.tr, "/admin/sla/policies")?;
    let choices = policy_choices(&state, &viewer).await?;
    let form = PolicyForm::build(
        &viewer.tr,
        Some(stored.id),
        stored.version,
        &stored.spec,
        choices,
    );
    Ok(render_policy(&state, &viewer, form).await)
}

/// Creates (`id` none) or updates a policy; a refusal shows the form again.
async fn save_policy(
    state: &AppState,
    viewer: &Viewer,
    id: Option<i64>,
    data: &FormData,
) -> UiResult<Response> {
    let version = data
        .text("version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let back = "/admin/sla/policies";
    let (spec, refusal) = match policy_spec(data) {
        Ok(spec) => {
            let saved = match id {
                Some(id) => state
                    .service
                    .update_sla_policy(&viewer.actor, id, version, spec.clone())
                    .await
                    .map(|p| p.id),
                None => state
                    .service
                    .create_sla_policy(&viewer.actor, spec.clone())
                    .await
                    .map(|p| p.id),
            };
            match saved {
                Ok(_) => return Ok(see_other(back)),
                Err(e) => (spec, field_error(e, &viewer.tr, back)?),
            }
        }
        Err(refusal) => {
            // Rebuild from what could be read; `keep_typed` restores the rest.
            let mut partial = empty_policy();
            partial.name = data.get("name").unwrap_or_default().to_owned();
            partial.active = data.flag("active");
            partial.calendar_id = data.text("calendar_id").and_then(|c| c.parse().ok());
            partial.pause_statuses = data.all("pause_statuses").map(str::to_owned).collect();
            (partial, refusal)
        }
    };
    let choices = policy_choices(state, viewer).await?;
    let mut form = PolicyForm::build(&viewer.tr, id, version, &spec, choices);
    keep_typed(&mut form, data);
    form.error = Some(refusal);
    Ok(render_policy(state, viewer, form).await)
}

pub async fn create_policy(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    CsrfForm(data): CsrfForm,
) -> UiResult<Response> {
    save_policy(&state, &viewer, None, &data).await
}

pub async fn update_policy(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Path(id): Path<i64>,
    CsrfForm(data): CsrfForm,
) -> UiResult<Response> {
    save_policy(&state, &viewer, Some(id), &data).await
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
    fn holiday_lines_are_dated_or_yearly() {
        let once = parse_holiday_line("2026-12-24 Christmas Eve");
        assert_eq!(once.date, "2026-12-24");
        assert_eq!(once.name, "Christmas Eve");
        assert!(!once.yearly);
        let yearly = parse_holiday_line("12-25 Christmas");
        assert_eq!(yearly.date, "2000-12-25");
        assert!(yearly.yearly);
    }

    #[test]
    fn targets_read_in_minutes_or_hours() {
        let spec = policy_spec(&form(&[
            ("name", "Gold"),
            ("active", "1"),
            ("targets.urgent.first_response", "1.5"),
            ("targets.urgent.first_response.unit", "h"),
            ("targets.urgent.resolution", "480"),
            ("targets.urgent.resolution.unit", "min"),
            ("e0.on", "breach"),
            ("e0.target", "first_response"),
            ("e0.action", "raise_priority"),
            ("e1.on", ""),
            ("e1.action", "notify_assignee"),
        ]))
        .unwrap();
        let urgent = spec.targets.get("urgent").unwrap();
        assert_eq!(urgent.first_response, Some(90));
        assert_eq!(urgent.resolution, Some(480));
        assert!(!spec.targets.contains_key("low"));
        assert_eq!(spec.escalations.len(), 1);
        assert_eq!(spec.escalations[0].action, EscalationAction::RaisePriority);
        let refused = policy_spec(&form(&[("targets.low.resolution", "soon")])).unwrap_err();
        assert_eq!(refused.field, "targets.low.resolution");
    }
}
