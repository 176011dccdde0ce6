//! The administrator's instance settings page: the name shown in the header and
//! page titles, and the language and time zone of users who chose none.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use tessera_service::InstanceSettings;
use tessera_service::policy::{self, Action};

use super::auth::ZONES;
use super::forms::CsrfForm;
use super::i18n::Lang;
use super::page::{Chrome, UiError, UiResult, UiResultExt, see_other};
use super::session::Manager;
use super::views::Choice;
use crate::state::AppState;

const BACK: &str = "/admin/settings";

#[derive(Template, WebTemplate)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    c: Chrome,
    tab: &'static str,
    name: String,
    languages: Vec<Choice>,
    zones: Vec<Choice>,
    saved: bool,
}

/// Supervisors reach the admin frame but not this page: the policy decides.
fn admin_only(viewer: &super::session::Viewer) -> UiResult<()> {
    if policy::allows(viewer.actor.role, Action::ManageSettings) {
        Ok(())
    } else {
        Err(UiError::Forbidden(viewer.tr.clone()))
    }
}

pub async fn page(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    Query(q): Query<HashMap<String, String>>,
) -> UiResult<Response> {
    admin_only(&viewer)?;
    let tr = &viewer.tr;
    let current = state.service.settings(&viewer.actor).await.ui(tr, BACK)?;
    let mut languages = vec![Choice::new(
        "",
        tr.get("language-auto"),
        current.default_language.is_none(),
    )];
    languages.extend(Lang::ALL.into_iter().map(|l| {
        Choice::new(
            l.code(),
            l.endonym(),
            current.default_language.as_deref() == Some(l.code()),
        )
    }));
    let zone = current.default_time_zone.as_str();
    let mut zones: Vec<Choice> = ZONES
        .iter()
        .map(|z| Choice::new(*z, *z, *z == zone))
        .collect();
    if !ZONES.contains(&zone) {
        // Keep a zone set elsewhere (e.g. the API) selectable.
        zones.push(Choice::new(zone, zone, true));
    }
    Ok(SettingsPage {
        c: Chrome::for_viewer(&viewer, "admin"),
        tab: "settings",
        name: current.instance_name,
        languages,
        zones,
        saved: q.contains_key("saved"),
    }
    .into_response())
}

pub async fn save(
    State(state): State<AppState>,
    Manager(viewer): Manager,
    CsrfForm(form): CsrfForm,
) -> UiResult<Response> {
    let settings = InstanceSettings {
        instance_name: form.get("instance_name").unwrap_or_default().to_owned(),
        default_language: form.text("default_language"),
        default_time_zone: form.get("default_time_zone").unwrap_or_default().to_owned(),
    };
    state
        .service
        .put_settings(&viewer.actor, settings)
        .await
        .ui(&viewer.tr, BACK)?;
    Ok(see_other(&format!("{BACK}?saved=1")))
}
