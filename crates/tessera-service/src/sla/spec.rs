//! What admins write: calendar and policy specifications (the JSON the API
//! accepts and the store keeps as `definition`), their validation with the
//! offending field named, and their conversion to the pure core types.

use std::collections::BTreeMap;

use jiff::SignedDuration;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tessera_core::sla::{
    BusinessCalendar, Holiday, HolidayDate, Interval, PolicyCalendar, PolicyConditions, SlaPolicy,
    SlaTargets, TargetKind, WarnRule, parse_time_zone,
};
use tessera_core::{Channel, CoreError, Priority, Status, TicketType};

use crate::{ServiceError, ServiceResult};

/// The largest target accepted: one year of business minutes is already absurd.
const TARGET_MAX_MINUTES: u32 = 525_600;
const NAME_MAX_CHARS: usize = 200;
const LIST_MAX: usize = 200;
const HOLIDAYS_MAX: usize = 2_000;
const ESCALATIONS_MAX: usize = 20;

/// A business calendar as admins define it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    pub name: String,
    /// IANA zone the hours are read in, e.g. `Europe/Zagreb`.
    pub time_zone: String,
    /// Around the clock (24/7): `weekly` and `holidays` are ignored.
    #[serde(default)]
    pub always: bool,
    #[serde(default)]
    pub weekly: WeeklyHours,
    #[serde(default)]
    pub holidays: Vec<HolidaySpec>,
}

/// Working intervals per weekday as `HH:MM-HH:MM`; an end before the start is
/// an overnight shift (`22:00-06:00`), `00:00-24:00` a whole day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHours {
    #[serde(default)]
    pub monday: Vec<String>,
    #[serde(default)]
    pub tuesday: Vec<String>,
    #[serde(default)]
    pub wednesday: Vec<String>,
    #[serde(default)]
    pub thursday: Vec<String>,
    #[serde(default)]
    pub friday: Vec<String>,
    #[serde(default)]
    pub saturday: Vec<String>,
    #[serde(default)]
    pub sunday: Vec<String>,
}

impl WeeklyHours {
    /// The same hours Monday to Friday, e.g. `office("09:00-17:00")`.
    pub fn weekdays(interval: &str) -> WeeklyHours {
        let day = || vec![interval.to_owned()];
        WeeklyHours {
            monday: day(),
            tuesday: day(),
            wednesday: day(),
            thursday: day(),
            friday: day(),
            saturday: Vec::new(),
            sunday: Vec::new(),
        }
    }

    /// `(weekday name, intervals)`, Monday first.
    pub fn days(&self) -> [(&'static str, &Vec<String>); 7] {
        [
            ("monday", &self.monday),
            ("tuesday", &self.tuesday),
            ("wednesday", &self.wednesday),
            ("thursday", &self.thursday),
            ("friday", &self.friday),
            ("saturday", &self.saturday),
            ("sunday", &self.sunday),
        ]
    }
}

/// A day off: `date` is `YYYY-MM-DD`; with `yearly` only its month and day
/// count and it repeats every year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidaySpec {
    #[serde(default)]
    pub name: String,
    pub date: String,
    #[serde(default)]
    pub yearly: bool,
}

impl HolidaySpec {
    pub(crate) fn from_core(holiday: &Holiday) -> HolidaySpec {
        let (date, yearly) = match holiday.date {
            HolidayDate::Once(date) => (date.to_string(), false),
            // Leap year 2000 so that 02-29 stays representable.
            HolidayDate::Yearly { month, day } => (format!("2000-{month:02}-{day:02}"), true),
        };
        HolidaySpec {
            name: holiday.name.clone(),
            date,
            yearly,
        }
    }
}

/// An SLA policy as admins define it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    pub name: String,
    #[serde(default = "yes")]
    pub active: bool,
    /// Order among policies (the first match applies); `None` on create puts
    /// the policy last.
    #[serde(default)]
    pub position: Option<i32>,
    /// The business calendar targets count in; `None` counts around the clock.
    #[serde(default)]
    pub calendar_id: Option<i64>,
    #[serde(default)]
    pub conditions: ConditionsSpec,
    /// Targets per priority (`urgent`, `high`, `normal`, `low`); a priority
    /// without an entry has no SLA clocks.
    #[serde(default)]
    pub targets: BTreeMap<String, TargetMinutes>,
    /// Statuses that stop every clock; default `pending` and `on_hold`.
    #[serde(default = "default_pause_statuses")]
    pub pause_statuses: Vec<String>,
    #[serde(default)]
    pub warn: WarnSpec,
    #[serde(default)]
    pub escalations: Vec<EscalationStep>,
}

fn yes() -> bool {
    true
}

fn default_pause_statuses() -> Vec<String> {
    vec![
        Status::Pending.as_str().to_owned(),
        Status::OnHold.as_str().to_owned(),
    ]
}

/// Which tickets a policy applies to; each list is "any of", empty lists do
/// not constrain, all non-empty lists must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionsSpec {
    #[serde(default)]
    pub priorities: Vec<String>,
    #[serde(default)]
    pub ticket_types: Vec<String>,
    #[serde(default)]
    pub organization_ids: Vec<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub channels: Vec<String>,
    /// Category paths; `hardware` matches `hardware/laptops` too.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Regions of the requester's time zone: `Europe` or `Europe/Zagreb`.
    #[serde(default)]
    pub regions: Vec<String>,
}

/// Business minutes allowed per clock; `None` means no such clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetMinutes {
    #[serde(default)]
    pub first_response: Option<u32>,
    #[serde(default)]
    pub next_response: Option<u32>,
    #[serde(default)]
    pub periodic_update: Option<u32>,
    #[serde(default)]
    pub resolution: Option<u32>,
}

impl TargetMinutes {
    fn get(&self, kind: TargetKind) -> Option<u32> {
        match kind {
            TargetKind::FirstResponse => self.first_response,
            TargetKind::NextResponse => self.next_response,
            TargetKind::PeriodicUpdate => self.periodic_update,
            TargetKind::Resolution => self.resolution,
        }
    }
}

/// When a target warns: give one of the two; neither means 80 % elapsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarnSpec {
    /// Percentage of the target's business time elapsed, 1–99.
    #[serde(default)]
    pub percent_elapsed: Option<u8>,
    /// Business minutes before the due time.
    #[serde(default)]
    pub minutes_before: Option<u32>,
}

/// What reaching a warning or breach does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationStep {
    pub on: EscalationTrigger,
    /// Only for this target (`first_response`, …); `None` for any target.
    #[serde(default)]
    pub target: Option<String>,
    pub action: EscalationAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationTrigger {
    Warning,
    Breach,
}

impl EscalationTrigger {
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationTrigger::Warning => "warning",
            EscalationTrigger::Breach => "breach",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum EscalationAction {
    /// In-app notification to the ticket's assignee.
    NotifyAssignee,
    /// To every member of the ticket's group.
    NotifyGroup,
    /// To the supervisors in the ticket's group, or all supervisors if none is.
    NotifySupervisors,
    /// One priority step up (low → normal → high → urgent).
    RaisePriority,
    /// To the given group, or to the next tier (and a group of that tier).
    MoveToNextTier {
        #[serde(default)]
        group_id: Option<i64>,
    },
    /// Assign to this agent.
    Reassign { agent_id: i64 },
}

impl EscalationStep {
    /// Whether this step reacts to `trigger` on target `kind`.
    pub(crate) fn applies(&self, trigger: EscalationTrigger, kind: TargetKind) -> bool {
        self.on == trigger && self.target.as_deref().is_none_or(|t| t == kind.as_str())
    }
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> ServiceError {
    ServiceError::invalid(field, message)
}

/// Re-labels a core error's field under `field` (the core names its own
/// `interval`, `time_zone`, … without the path into the spec).
fn at(field: impl Into<String>) -> impl FnOnce(CoreError) -> ServiceError {
    let field = field.into();
    move |e| match e {
        CoreError::InvalidValue { message, .. } => invalid(field, message),
        other => ServiceError::from(other),
    }
}

fn check_name(field: &str, name: &str) -> ServiceResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    if name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(invalid(
            field,
            format!("must be at most {NAME_MAX_CHARS} characters without control characters"),
        ));
    }
    Ok(name.to_owned())
}

fn check_len<T>(field: &str, items: &[T], max: usize) -> ServiceResult<()> {
    if items.len() > max {
        return Err(invalid(field, format!("at most {max} entries")));
    }
    Ok(())
}

impl CalendarSpec {
    /// Checks every field and returns the normalised spec with the calendar it
    /// describes.
    pub fn validate(&self) -> ServiceResult<(CalendarSpec, BusinessCalendar)> {
        let mut spec = self.clone();
        spec.name = check_name("name", &self.name)?;
        spec.time_zone = self.time_zone.trim().to_owned();
        let zone = parse_time_zone(&spec.time_zone).map_err(at("time_zone"))?;
        if spec.always {
            return Ok((spec, BusinessCalendar::always_in(zone)));
        }
        let mut weekly: [Vec<Interval>; 7] = Default::default();
        for (slot, (day, intervals)) in weekly.iter_mut().zip(self.weekly.days()) {
            check_len(&format!("weekly.{day}"), intervals, 24)?;
            for (i, text) in intervals.iter().enumerate() {
                let interval = text
                    .parse::<Interval>()
                    .map_err(at(format!("weekly.{day}[{i}]")))?;
                slot.push(interval);
            }
        }
        check_len("holidays", &self.holidays, HOLIDAYS_MAX)?;
        let holidays = self
            .holidays
            .iter()
            .enumerate()
            .map(|(i, h)| h.to_core(&format!("holidays[{i}]")))
            .collect::<ServiceResult<Vec<_>>>()?;
        let calendar = BusinessCalendar::new(zone, weekly, holidays).map_err(|e| match e {
            CoreError::InvalidValue { field, message } => {
                invalid(field.trim_start_matches("calendar."), message)
            }
            other => ServiceError::from(other),
        })?;
        Ok((spec, calendar))
    }
}

impl HolidaySpec {
    fn to_core(&self, field: &str) -> ServiceResult<Holiday> {
        let date: Date = self.date.trim().parse().map_err(|_| {
            invalid(
                format!("{field}.date"),
                format!("{:?} is not a date like 2025-12-25", self.date),
            )
        })?;
        let holiday = if self.yearly {
            Holiday::yearly(date.month(), date.day()).map_err(at(format!("{field}.date")))?
        } else {
            Holiday::once(date)
        };
        if self.name.chars().count() > NAME_MAX_CHARS {
            return Err(invalid(format!("{field}.name"), "is too long"));
        }
        Ok(holiday.named(self.name.trim()))
    }
}

fn parse_all<T: std::str::FromStr<Err = CoreError>>(
    field: &str,
    texts: &[String],
) -> ServiceResult<Vec<T>> {
    check_len(field, texts, LIST_MAX)?;
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| t.trim().parse::<T>().map_err(at(format!("{field}[{i}]"))))
        .collect()
}

fn clean_texts(field: &str, texts: &[String]) -> ServiceResult<Vec<String>> {
    check_len(field, texts, LIST_MAX)?;
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let t = t.trim();
            if t.is_empty() || t.chars().count() > NAME_MAX_CHARS {
                Err(invalid(
                    format!("{field}[{i}]"),
                    format!("must be 1-{NAME_MAX_CHARS} characters"),
                ))
            } else {
                Ok(t.to_owned())
            }
        })
        .collect()
}

impl PolicySpec {
    /// Checks every field and builds the core policy (with `id`), returning the
    /// normalised spec beside it. Whether `calendar_id` exists is checked by
    /// the caller against the stored calendars.
    pub fn validate(&self, id: i64) -> ServiceResult<(PolicySpec, SlaPolicy)> {
        let mut spec = self.clone();
        spec.name = check_name("name", &self.name)?;
        let c = &self.conditions;
        let conditions = PolicyConditions {
            priorities: parse_all::<Priority>("conditions.priorities", &c.priorities)?,
            ticket_types: parse_all::<TicketType>("conditions.ticket_types", &c.ticket_types)?,
            organization_ids: {
                check_len("conditions.organization_ids", &c.organization_ids, LIST_MAX)?;
                c.organization_ids.clone()
            },
            // Organizations have no segment field yet.
            segments: Vec::new(),
            tags: clean_texts("conditions.tags", &c.tags)?
                .into_iter()
                .map(|t| t.to_lowercase())
                .collect(),
            channels: parse_all::<Channel>("conditions.channels", &c.channels)?,
            categories: clean_texts("conditions.categories", &c.categories)?,
            regions: clean_texts("conditions.regions", &c.regions)?,
        };
        spec.conditions.tags.clone_from(&conditions.tags);
        let mut targets = BTreeMap::new();
        for (priority_text, minutes) in &self.targets {
            let field = format!("targets.{priority_text}");
            let priority = priority_text
                .parse::<Priority>()
                .map_err(at(field.clone()))?;
            let mut core = SlaTargets::default();
            for kind in TargetKind::ALL {
                let Some(m) = minutes.get(kind) else { continue };
                if m == 0 || m > TARGET_MAX_MINUTES {
                    return Err(invalid(
                        format!("{field}.{kind}"),
                        format!("must be 1 to {TARGET_MAX_MINUTES} business minutes"),
                    ));
                }
                let d = Some(SignedDuration::from_mins(i64::from(m)));
                match kind {
                    TargetKind::FirstResponse => core.first_response = d,
                    TargetKind::NextResponse => core.next_response = d,
                    TargetKind::PeriodicUpdate => core.periodic_update = d,
                    TargetKind::Resolution => core.resolution = d,
                }
            }
            targets.insert(priority, core);
        }
        let pause_statuses = parse_all::<Status>("pause_statuses", &self.pause_statuses)?;
        let warn_at = match (self.warn.percent_elapsed, self.warn.minutes_before) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    "warn",
                    "give either percent_elapsed or minutes_before, not both",
                ));
            }
            (Some(p), None) => WarnRule::PercentElapsed(p),
            (None, Some(m)) => {
                if m == 0 || m > TARGET_MAX_MINUTES {
                    return Err(invalid(
                        "warn.minutes_before",
                        format!("must be 1 to {TARGET_MAX_MINUTES} business minutes"),
                    ));
                }
                WarnRule::Before(SignedDuration::from_mins(i64::from(m)))
            }
            (None, None) => WarnRule::default(),
        };
        check_len("escalations", &self.escalations, ESCALATIONS_MAX)?;
        for (i, step) in self.escalations.iter().enumerate() {
            if let Some(target) = &step.target
                && !TargetKind::ALL.iter().any(|k| k.as_str() == target)
            {
                return Err(invalid(
                    format!("escalations[{i}].target"),
                    "must be one of first_response, next_response, periodic_update, resolution",
                ));
            }
        }
        let policy = SlaPolicy {
            id,
            name: spec.name.clone(),
            conditions,
            targets,
            calendar: self
                .calendar_id
                .map_or(PolicyCalendar::Always, PolicyCalendar::Calendar),
            pause_statuses,
            warn_at,
        };
        policy.validate().map_err(|e| match e {
            CoreError::InvalidValue { field, message } => {
                let field = field.trim_start_matches("policy.");
                let field = if field == "warn_at" { "warn" } else { field };
                invalid(field, message)
            }
            other => ServiceError::from(other),
        })?;
        Ok((spec, policy))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> CalendarSpec {
        CalendarSpec {
            name: "Zagreb office".into(),
            time_zone: "Europe/Zagreb".into(),
            always: false,
            weekly: WeeklyHours::weekdays("09:00-17:00"),
            holidays: vec![HolidaySpec {
                name: "Christmas".into(),
                date: "2025-12-25".into(),
                yearly: true,
            }],
        }
    }

    fn field_of(e: ServiceError) -> String {
        match e {
            ServiceError::Invalid { field, .. } => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn calendar_errors_name_the_field() {
        assert!(office().validate().is_ok());
        let mut bad = office();
        bad.time_zone = "Europe/Atlantis".into();
        assert_eq!(field_of(bad.validate().unwrap_err()), "time_zone");
        let mut bad = office();
        bad.weekly.tuesday = vec!["09:00-17:00".into(), "9-5".into()];
        assert_eq!(field_of(bad.validate().unwrap_err()), "weekly.tuesday[1]");
        let mut bad = office();
        bad.holidays[0].date = "2025-02-30".into();
        assert_eq!(field_of(bad.validate().unwrap_err()), "holidays[0].date");
        let mut bad = office();
        bad.weekly = WeeklyHours::default();
        assert_eq!(field_of(bad.validate().unwrap_err()), "weekly");
        let mut bad = office();
        bad.weekly.monday = vec!["08:00-12:00".into(), "11:00-15:00".into()];
        assert!(bad.validate().is_err());
    }

    #[test]
    fn overnight_and_always_calendars() {
        let mut night = office();
        night.weekly.friday = vec!["22:00-06:00".into()];
        let (_, calendar) = night.validate().expect("overnight shift");
        assert!(calendar.weekly()[4][0].is_overnight());
        let mut always = office();
        always.always = true;
        always.weekly = WeeklyHours::default();
        assert!(always.validate().expect("24/7").1.is_always());
    }

    fn policy() -> PolicySpec {
        serde_json::from_value(serde_json::json!({
            "name": "Gold",
            "targets": {"urgent": {"first_response": 60, "resolution": 480}},
            "escalations": [{"on": "breach", "target": "first_response",
                             "action": {"type": "raise_priority"}}]
        }))
        .expect("policy json")
    }

    #[test]
    fn policy_defaults_and_errors() {
        let (spec, core) = policy().validate(7).expect("valid");
        assert!(spec.active);
        assert_eq!(core.pause_statuses, vec![Status::Pending, Status::OnHold]);
        assert_eq!(core.warn_at, WarnRule::PercentElapsed(80));
        assert_eq!(
            core.targets_for(Priority::Urgent)
                .and_then(|t| t.first_response),
            Some(SignedDuration::from_hours(1))
        );
        let mut bad = policy();
        bad.targets.insert("p9".into(), TargetMinutes::default());
        assert_eq!(field_of(bad.validate(1).unwrap_err()), "targets.p9");
        let mut bad = policy();
        bad.targets.insert(
            "low".into(),
            TargetMinutes {
                resolution: Some(0),
                ..Default::default()
            },
        );
        assert_eq!(
            field_of(bad.validate(1).unwrap_err()),
            "targets.low.resolution"
        );
        let mut bad = policy();
        bad.pause_statuses = vec!["solved".into()];
        assert_eq!(field_of(bad.validate(1).unwrap_err()), "pause_statuses");
        let mut bad = policy();
        bad.warn.percent_elapsed = Some(100);
        assert_eq!(field_of(bad.validate(1).unwrap_err()), "warn");
        let mut bad = policy();
        bad.conditions.channels = vec!["fax".into()];
        assert_eq!(
            field_of(bad.validate(1).unwrap_err()),
            "conditions.channels[0]"
        );
        let mut bad = policy();
        bad.escalations[0].target = Some("lunch".into());
        assert_eq!(
            field_of(bad.validate(1).unwrap_err()),
            "escalations[0].target"
        );
    }
}
