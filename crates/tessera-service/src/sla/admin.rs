//! Calendar and policy administration: CRUD, ordering, holiday import and
//! the "when would it be due" preview. Every edit that can change a ticket's
//! clocks clears the rules cache and queues one coalescing recomputation.

use jiff::SignedDuration;
use serde_json::json;
use tessera_core::Priority;
use tessera_core::sla::{TargetKind, parse_ical_holidays};
use tessera_store::{
    NewJob, NewSlaCalendar, NewSlaPolicy, SlaCalendarRecord, SlaPolicyRecord, StoreError,
};

use super::rules::{calendar_of, policy_spec_of};
use super::spec::{CalendarSpec, HolidaySpec, PolicySpec};
use super::views::{PreviewRequest, PreviewTarget, SlaCalendar, SlaPolicyView, SlaPreview};
use super::{SLA_RECOMPUTE_JOB, Service};
use crate::policy::{self, Action};
use crate::{Actor, ServiceError, ServiceResult};

/// Edits within this window share one recomputation.
const RECOMPUTE_DELAY: SignedDuration = SignedDuration::from_secs(2);
const IMPORT_ATTEMPTS: usize = 3;

fn to_json<T: serde::Serialize>(value: &T) -> ServiceResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| ServiceError::Store(StoreError::Other(e.to_string())))
}

fn calendar_view(record: &SlaCalendarRecord) -> Option<SlaCalendar> {
    let mut spec: CalendarSpec = serde_json::from_value(record.definition.clone()).ok()?;
    spec.name.clone_from(&record.name);
    Some(SlaCalendar {
        id: record.id,
        version: record.version,
        updated_at: record.updated_at,
        spec,
    })
}

fn policy_view(record: &SlaPolicyRecord) -> Option<SlaPolicyView> {
    Some(SlaPolicyView {
        id: record.id,
        version: record.version,
        updated_at: record.updated_at,
        spec: policy_spec_of(record)?,
    })
}

fn version_conflict(what: &str) -> ServiceError {
    ServiceError::Conflict {
        code: "version",
        message: format!("the {what} was changed by someone else; reload and try again"),
    }
}

impl Service {
    /// After an edit: this node forgets its rules, and every open ticket's
    /// clocks are recomputed shortly (one job for a burst of edits).
    async fn sla_rules_changed(&self) {
        self.inner.sla_cache.invalidate();
        let job = NewJob {
            kind: SLA_RECOMPUTE_JOB.to_owned(),
            payload: json!({}),
            run_at: self.now() + RECOMPUTE_DELAY,
            max_attempts: 5,
            dedupe_key: Some(SLA_RECOMPUTE_JOB.to_owned()),
        };
        match self.store().enqueue_jobs(vec![job]).await {
            Ok(_) => self.jobs_committed(),
            // The edit itself is stored; tickets pick it up at their next write.
            Err(e) => tracing::error!(error = %e, "could not queue SLA recomputation"),
        }
    }

    async fn calendar_record(&self, id: i64) -> ServiceResult<SlaCalendarRecord> {
        self.store()
            .list_sla_calendars()
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(ServiceError::NotFound("calendar"))
    }

    async fn policy_record(&self, id: i64) -> ServiceResult<SlaPolicyRecord> {
        self.store()
            .list_sla_policies()
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(ServiceError::NotFound("policy"))
    }

    async fn check_calendar_exists(&self, calendar_id: Option<i64>) -> ServiceResult<()> {
        if let Some(id) = calendar_id
            && !self
                .store()
                .list_sla_calendars()
                .await?
                .iter()
                .any(|c| c.id == id)
        {
            return Err(ServiceError::invalid(
                "calendar_id",
                format!("calendar {id} does not exist"),
            ));
        }
        Ok(())
    }
}

pub(super) async fn list_calendars(
    service: &Service,
    actor: &Actor,
) -> ServiceResult<Vec<SlaCalendar>> {
    policy::authorize(actor, Action::ViewSla)?;
    let records = service.store().list_sla_calendars().await?;
    Ok(records.iter().filter_map(calendar_view).collect())
}

pub(super) async fn get_calendar(
    service: &Service,
    actor: &Actor,
    id: i64,
) -> ServiceResult<SlaCalendar> {
    policy::authorize(actor, Action::ViewSla)?;
    let record = service.calendar_record(id).await?;
    calendar_view(&record).ok_or(ServiceError::NotFound("calendar"))
}

pub(super) async fn create_calendar(
    service: &Service,
    actor: &Actor,
    spec: CalendarSpec,
) -> ServiceResult<SlaCalendar> {
    policy::authorize(actor, Action::ManageSla)?;
    let (spec, _) = spec.validate()?;
    let record = service
        .store()
        .create_sla_calendar(NewSlaCalendar {
            name: spec.name.clone(),
            definition: to_json(&spec)?,
            updated_at: service.now(),
        })
        .await?;
    // No policy uses a new calendar yet: no ticket's clocks change.
    service.inner.sla_cache.invalidate();
    calendar_view(&record).ok_or(ServiceError::NotFound("calendar"))
}

pub(super) async fn update_calendar(
    service: &Service,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    spec: CalendarSpec,
) -> ServiceResult<SlaCalendar> {
    policy::authorize(actor, Action::ManageSla)?;
    let (spec, _) = spec.validate()?;
    let current = service.calendar_record(id).await?;
    if current.version != expected_version {
        return Err(version_conflict("calendar"));
    }
    let saved = write_calendar(service, current, &spec).await?;
    calendar_view(&saved).ok_or(ServiceError::NotFound("calendar"))
}

async fn write_calendar(
    service: &Service,
    current: SlaCalendarRecord,
    spec: &CalendarSpec,
) -> ServiceResult<SlaCalendarRecord> {
    let record = SlaCalendarRecord {
        name: spec.name.clone(),
        definition: to_json(spec)?,
        updated_at: service.now(),
        ..current
    };
    let saved = match service.store().update_sla_calendar(&record).await {
        Err(StoreError::Conflict {
            constraint: "version",
        }) => return Err(version_conflict("calendar")),
        other => other?,
    };
    service.sla_rules_changed().await;
    Ok(saved)
}

pub(super) async fn delete_calendar(
    service: &Service,
    actor: &Actor,
    id: i64,
) -> ServiceResult<()> {
    policy::authorize(actor, Action::ManageSla)?;
    match service.store().delete_sla_calendar(id).await {
        Err(StoreError::Conflict {
            constraint: "reference",
        }) => {
            return Err(ServiceError::Conflict {
                code: "calendar_in_use",
                message: "an SLA policy still uses this calendar".to_owned(),
            });
        }
        other => other?,
    }
    service.inner.sla_cache.invalidate();
    Ok(())
}

pub(super) async fn import_holidays(
    service: &Service,
    actor: &Actor,
    id: i64,
    ical: &str,
    expected_version: Option<i64>,
) -> ServiceResult<SlaCalendar> {
    policy::authorize(actor, Action::ManageSla)?;
    let imported = parse_ical_holidays(ical)?;
    for attempt in 1..=IMPORT_ATTEMPTS {
        let current = service.calendar_record(id).await?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(version_conflict("calendar"));
        }
        let view = calendar_view(&current).ok_or(ServiceError::NotFound("calendar"))?;
        let mut spec = view.spec;
        for holiday in &imported {
            let new = HolidaySpec::from_core(holiday);
            let known = spec
                .holidays
                .iter()
                .any(|h| h.date == new.date && h.yearly == new.yearly);
            if !known {
                spec.holidays.push(new);
            }
        }
        let (spec, _) = spec.validate()?;
        match write_calendar(service, current, &spec).await {
            Ok(saved) => return calendar_view(&saved).ok_or(ServiceError::NotFound("calendar")),
            // Someone else edited it meanwhile: merge into their version.
            Err(ServiceError::Conflict {
                code: "version", ..
            }) if expected_version.is_none() && attempt < IMPORT_ATTEMPTS => {}
            Err(e) => return Err(e),
        }
    }
    Err(version_conflict("calendar"))
}

pub(super) async fn preview(
    service: &Service,
    actor: &Actor,
    id: i64,
    req: PreviewRequest,
) -> ServiceResult<SlaPreview> {
    policy::authorize(actor, Action::ViewSla)?;
    let priority: Priority = req
        .priority
        .parse()
        .map_err(|_| ServiceError::invalid("priority", "must be urgent, high, normal or low"))?;
    let record = service.calendar_record(id).await?;
    let (_, calendar) = calendar_of(&record).ok_or(ServiceError::NotFound("calendar"))?;
    let policy_record = service
        .policy_record(req.policy_id)
        .await
        .map_err(|_| ServiceError::invalid("policy_id", "no such policy"))?;
    let spec = policy_spec_of(&policy_record).ok_or(ServiceError::NotFound("policy"))?;
    let (_, policy) = spec.validate(policy_record.id)?;
    let targets = policy
        .targets_for(priority)
        .map(|targets| {
            TargetKind::ALL
                .into_iter()
                .filter_map(|kind| {
                    let target = targets.get(kind)?;
                    Some(PreviewTarget {
                        kind: kind.as_str().to_owned(),
                        business_minutes: target.as_mins(),
                        due_at: calendar.add_business(req.opened_at, target),
                        warn_at: calendar
                            .add_business(req.opened_at, policy.warn_at.threshold(target)),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(SlaPreview {
        calendar_id: id,
        policy_id: policy.id,
        priority: priority.as_str().to_owned(),
        opened_at: req.opened_at,
        time_zone: calendar.time_zone().iana_name().unwrap_or("UTC").to_owned(),
        targets,
    })
}

pub(super) async fn list_policies(
    service: &Service,
    actor: &Actor,
) -> ServiceResult<Vec<SlaPolicyView>> {
    policy::authorize(actor, Action::ViewSla)?;
    let records = service.store().list_sla_policies().await?;
    Ok(records.iter().filter_map(policy_view).collect())
}

pub(super) async fn get_policy(
    service: &Service,
    actor: &Actor,
    id: i64,
) -> ServiceResult<SlaPolicyView> {
    policy::authorize(actor, Action::ViewSla)?;
    let record = service.policy_record(id).await?;
    policy_view(&record).ok_or(ServiceError::NotFound("policy"))
}

pub(super) async fn create_policy(
    service: &Service,
    actor: &Actor,
    spec: PolicySpec,
) -> ServiceResult<SlaPolicyView> {
    policy::authorize(actor, Action::ManageSla)?;
    let (mut spec, _) = spec.validate(0)?;
    service.check_calendar_exists(spec.calendar_id).await?;
    let position = match spec.position {
        Some(p) => p,
        None => service
            .store()
            .list_sla_policies()
            .await?
            .iter()
            .map(|p| p.position)
            .max()
            .map_or(0, |p| p.saturating_add(1)),
    };
    spec.position = Some(position);
    let record = service
        .store()
        .create_sla_policy(NewSlaPolicy {
            name: spec.name.clone(),
            position,
            active: spec.active,
            calendar_id: spec.calendar_id,
            definition: to_json(&spec)?,
            updated_at: service.now(),
        })
        .await?;
    service.sla_rules_changed().await;
    policy_view(&record).ok_or(ServiceError::NotFound("policy"))
}

pub(super) async fn update_policy(
    service: &Service,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    spec: PolicySpec,
) -> ServiceResult<SlaPolicyView> {
    policy::authorize(actor, Action::ManageSla)?;
    let (mut spec, _) = spec.validate(id)?;
    let current = service.policy_record(id).await?;
    if current.version != expected_version {
        return Err(version_conflict("policy"));
    }
    service.check_calendar_exists(spec.calendar_id).await?;
    let position = spec.position.unwrap_or(current.position);
    spec.position = Some(position);
    let record = SlaPolicyRecord {
        name: spec.name.clone(),
        position,
        active: spec.active,
        calendar_id: spec.calendar_id,
        definition: to_json(&spec)?,
        updated_at: service.now(),
        ..current
    };
    let saved = match service.store().update_sla_policy(&record).await {
        Err(StoreError::Conflict {
            constraint: "version",
        }) => return Err(version_conflict("policy")),
        other => other?,
    };
    service.sla_rules_changed().await;
    policy_view(&saved).ok_or(ServiceError::NotFound("policy"))
}

pub(super) async fn delete_policy(service: &Service, actor: &Actor, id: i64) -> ServiceResult<()> {
    policy::authorize(actor, Action::ManageSla)?;
    service.store().delete_sla_policy(id).await?;
    service.sla_rules_changed().await;
    Ok(())
}

pub(super) async fn reorder_policies(
    service: &Service,
    actor: &Actor,
    ids: &[i64],
) -> ServiceResult<Vec<SlaPolicyView>> {
    policy::authorize(actor, Action::ManageSla)?;
    let known = service.store().list_sla_policies().await?;
    for (i, id) in ids.iter().enumerate() {
        if !known.iter().any(|p| p.id == *id) {
            return Err(ServiceError::invalid(
                format!("ids[{i}]"),
                format!("policy {id} does not exist"),
            ));
        }
        if ids[..i].contains(id) {
            return Err(ServiceError::invalid(
                format!("ids[{i}]"),
                format!("policy {id} is listed twice"),
            ));
        }
    }
    service.store().reorder_sla_policies(ids).await?;
    service.sla_rules_changed().await;
    let records = service.store().list_sla_policies().await?;
    Ok(records.iter().filter_map(policy_view).collect())
}
