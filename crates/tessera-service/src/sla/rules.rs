//! Calendars and policies compiled into core values, and the one function
//! every path uses to turn a ticket and its timeline into its SLA row.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;
use tessera_core::sla::{
    BusinessCalendar, PolicyCalendar, SlaPolicy, SlaState, TicketFacts, select_policy,
};
use tessera_store::{SlaCalendarRecord, SlaPolicyRecord, Ticket, TicketSla};

use super::spec::{CalendarSpec, EscalationStep, PolicySpec};
use super::state::{self, Announced};
use super::timeline::Timeline;

/// A policy ready to apply.
#[derive(Debug)]
pub(crate) struct CompiledPolicy {
    pub(crate) policy: SlaPolicy,
    pub(crate) calendar: Arc<BusinessCalendar>,
    /// `None` for 24/7.
    pub(crate) calendar_name: Option<String>,
    pub(crate) escalations: Vec<EscalationStep>,
}

/// `(id, version)` pairs of the stored calendars and of the stored policies.
pub(crate) type Fingerprint = (Vec<(i64, i64)>, Vec<(i64, i64)>);

/// Every active policy, in order, with its calendar.
#[derive(Debug, Default)]
pub(crate) struct SlaRules {
    /// Active policies in the order they are tried (what `select_policy` takes).
    order: Vec<SlaPolicy>,
    by_id: HashMap<i64, CompiledPolicy>,
    pub(crate) calendars: HashMap<i64, (String, Arc<BusinessCalendar>)>,
    /// `(id, version)` of every stored calendar, then every policy: equal
    /// fingerprints mean equal rules.
    pub(crate) fingerprint: Fingerprint,
}

/// A stored definition that no longer parses (written by a newer version, or
/// edited by hand) is left out rather than failing every ticket write.
pub(crate) fn calendar_of(record: &SlaCalendarRecord) -> Option<(CalendarSpec, BusinessCalendar)> {
    let mut spec: CalendarSpec = serde_json::from_value(record.definition.clone()).ok()?;
    spec.name.clone_from(&record.name);
    match spec.validate() {
        Ok(pair) => Some(pair),
        Err(e) => {
            tracing::warn!(calendar = record.id, error = %e, "stored SLA calendar is invalid; ignored");
            None
        }
    }
}

/// The spec of a stored policy, its columns taking precedence.
pub(crate) fn policy_spec_of(record: &SlaPolicyRecord) -> Option<PolicySpec> {
    let mut spec: PolicySpec = serde_json::from_value(record.definition.clone()).ok()?;
    spec.name.clone_from(&record.name);
    spec.active = record.active;
    spec.position = Some(record.position);
    spec.calendar_id = record.calendar_id;
    Some(spec)
}

impl SlaRules {
    pub(crate) fn compile(records: &[SlaCalendarRecord], policies: &[SlaPolicyRecord]) -> SlaRules {
        let calendars: HashMap<i64, (String, Arc<BusinessCalendar>)> = records
            .iter()
            .filter_map(|r| {
                let (_, calendar) = calendar_of(r)?;
                Some((r.id, (r.name.clone(), Arc::new(calendar))))
            })
            .collect();
        let always = Arc::new(BusinessCalendar::always());
        let mut rules = SlaRules::default();
        for record in policies.iter().filter(|p| p.active) {
            let Some(spec) = policy_spec_of(record) else {
                tracing::warn!(
                    policy = record.id,
                    "stored SLA policy is unreadable; ignored"
                );
                continue;
            };
            let policy = match spec.validate(record.id) {
                Ok((_, policy)) => policy,
                Err(e) => {
                    tracing::warn!(policy = record.id, error = %e, "stored SLA policy is invalid; ignored");
                    continue;
                }
            };
            let (calendar, calendar_name) = match policy.calendar {
                PolicyCalendar::Always => (always.clone(), None),
                PolicyCalendar::Calendar(id) => match calendars.get(&id) {
                    Some((name, calendar)) => (calendar.clone(), Some(name.clone())),
                    None => {
                        tracing::warn!(
                            policy = record.id,
                            calendar = id,
                            "SLA policy's calendar is missing; policy ignored"
                        );
                        continue;
                    }
                },
            };
            rules.order.push(policy.clone());
            rules.by_id.insert(
                record.id,
                CompiledPolicy {
                    policy,
                    calendar,
                    calendar_name,
                    escalations: spec.escalations,
                },
            );
        }
        rules.calendars = calendars;
        rules.fingerprint = (
            records_fingerprint(records.iter().map(|r| (r.id, r.version))),
            records_fingerprint(policies.iter().map(|p| (p.id, p.version))),
        );
        rules
    }

    /// The policy that applies to the ticket, if any.
    pub(crate) fn select(
        &self,
        ticket: &Ticket,
        requester_time_zone: Option<&str>,
    ) -> Option<&CompiledPolicy> {
        let facts = TicketFacts {
            priority: ticket.priority,
            ticket_type: ticket.ticket_type,
            organization_id: ticket.organization_id,
            // Organizations and users have no segment field yet.
            segments: Vec::new(),
            tags: ticket.tags.clone(),
            channel: ticket.channel,
            category: ticket.category.clone(),
            requester_time_zone: requester_time_zone.map(str::to_owned),
        };
        let policy = select_policy(&self.order, &facts)?;
        self.by_id.get(&policy.id)
    }

    /// The ticket's clocks at `now`, with the policy that gave them.
    pub(crate) fn compute(
        &self,
        ticket: &Ticket,
        timeline: &Timeline,
        now: Timestamp,
    ) -> Option<(&CompiledPolicy, SlaState)> {
        let compiled = self.select(ticket, timeline.requester_time_zone.as_deref())?;
        match SlaState::compute(&compiled.policy, &compiled.calendar, &timeline.events, now) {
            Ok(state) => Some((compiled, state)),
            Err(e) => {
                tracing::warn!(ticket = ticket.id, error = %e, "SLA timeline cannot be replayed");
                None
            }
        }
    }

    /// The ticket's SLA row at `now`. `announced` is what the previous row
    /// recorded as announced (kept only if the same policy still applies).
    pub(crate) fn row(
        &self,
        ticket: &Ticket,
        timeline: &Timeline,
        previous_state: Option<&serde_json::Value>,
        now: Timestamp,
    ) -> TicketSla {
        match self.compute(ticket, timeline, now) {
            Some((compiled, sla)) => {
                let announced = previous_state
                    .map(|s| Announced::from_state(s, Some(compiled.policy.id)))
                    .unwrap_or_default();
                row_from_state(ticket.id, timeline, &sla, announced)
            }
            None => TicketSla {
                ticket_id: ticket.id,
                policy_id: None,
                timeline: timeline.to_value(),
                state: serde_json::Value::Null,
                next_due_at: None,
                next_check_at: None,
                breached: false,
                computed_at: now,
            },
        }
    }
}

fn records_fingerprint(ids: impl Iterator<Item = (i64, i64)>) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = ids.collect();
    v.sort_unstable();
    v
}

/// The row for a computed state and what has been announced of it.
pub(crate) fn row_from_state(
    ticket_id: i64,
    timeline: &Timeline,
    sla: &SlaState,
    announced: Announced,
) -> TicketSla {
    TicketSla {
        ticket_id,
        policy_id: Some(sla.policy_id),
        timeline: timeline.to_value(),
        state: state::to_value(sla, announced),
        next_due_at: sla.next_due(),
        next_check_at: announced.next_check(sla),
        breached: sla.targets.iter().any(|t| t.breached_at.is_some()),
        computed_at: sla.computed_at,
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use serde_json::json;
    use tessera_core::{Channel, Impact, Priority, Status, TicketType, Tier, Urgency};

    use super::*;

    fn policy(
        id: i64,
        position: i32,
        active: bool,
        definition: serde_json::Value,
    ) -> SlaPolicyRecord {
        SlaPolicyRecord {
            id,
            name: format!("policy {id}"),
            position,
            active,
            calendar_id: None,
            definition,
            version: 1,
            updated_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn ticket() -> Ticket {
        Ticket {
            id: 1,
            number: 1001,
            subject: "s".into(),
            description: String::new(),
            status: Status::New,
            ticket_type: TicketType::Question,
            impact: Impact::DEFAULT,
            urgency: Urgency::DEFAULT,
            priority: Priority::Normal,
            priority_overridden: false,
            category: None,
            tags: vec![],
            custom_fields: serde_json::Map::new(),
            requester_id: 1,
            organization_id: None,
            assignee_id: None,
            group_id: None,
            tier: Tier::L1,
            channel: Channel::Email,
            language: None,
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
            first_response_at: None,
            solved_at: None,
            closed_at: None,
            version: 1,
        }
    }

    #[test]
    fn selection_table() {
        let records = vec![
            // Inactive policies never apply, whatever their position.
            policy(9, 0, false, json!({"name": "x"})),
            policy(
                1,
                1,
                true,
                json!({"name": "x", "conditions": {
                "regions": ["Europe"], "organization_ids": [42]}}),
            ),
            policy(
                2,
                2,
                true,
                json!({"name": "x", "conditions": {
                "priorities": ["urgent"], "ticket_types": ["incident", "problem"]}}),
            ),
            policy(
                3,
                3,
                true,
                json!({"name": "x", "conditions": {
                "channels": ["chat", "phone"], "tags": ["VIP"]}}),
            ),
            policy(
                4,
                4,
                true,
                json!({"name": "x", "conditions": {"categories": ["hardware"]}}),
            ),
            policy(5, 5, true, json!({"name": "x"})),
        ];
        let rules = SlaRules::compile(&[], &records);
        type Setup = fn(&mut Ticket) -> Option<&'static str>;
        let cases: &[(&str, Setup, i64)] = &[
            ("plain ticket → default", |_| None, 5),
            (
                "Acme in Zagreb → EU customers",
                |t| {
                    t.organization_id = Some(42);
                    Some("Europe/Zagreb")
                },
                1,
            ),
            (
                "Acme in New York → default",
                |t| {
                    t.organization_id = Some(42);
                    Some("America/New_York")
                },
                5,
            ),
            (
                "Acme, zone unknown → default",
                |t| {
                    t.organization_id = Some(42);
                    None
                },
                5,
            ),
            (
                "urgent incident",
                |t| {
                    t.priority = Priority::Urgent;
                    t.ticket_type = TicketType::Incident;
                    None
                },
                2,
            ),
            (
                "urgent question → default",
                |t| {
                    t.priority = Priority::Urgent;
                    None
                },
                5,
            ),
            (
                "urgent Acme incident in Warsaw → first match wins",
                |t| {
                    t.priority = Priority::Urgent;
                    t.ticket_type = TicketType::Incident;
                    t.organization_id = Some(42);
                    Some("Europe/Warsaw")
                },
                1,
            ),
            (
                "phone call tagged vip",
                |t| {
                    t.channel = Channel::Phone;
                    t.tags = vec!["billing".into(), "vip".into()];
                    None
                },
                3,
            ),
            (
                "email tagged vip → default",
                |t| {
                    t.tags = vec!["vip".into()];
                    None
                },
                5,
            ),
            (
                "laptop under hardware",
                |t| {
                    t.category = Some("Hardware/Laptops".into());
                    None
                },
                4,
            ),
        ];
        for (name, setup, expected) in cases {
            let mut t = ticket();
            let zone = setup(&mut t);
            let chosen = rules.select(&t, zone).map(|c| c.policy.id);
            assert_eq!(chosen, Some(*expected), "{name}");
        }
        assert!(
            SlaRules::compile(&[], &records[..1])
                .select(&ticket(), None)
                .is_none()
        );
    }

    #[test]
    fn a_policy_on_a_missing_calendar_is_left_out() {
        let mut record = policy(1, 0, true, json!({"name": "x"}));
        record.calendar_id = Some(77);
        let rules = SlaRules::compile(&[], &[record]);
        assert!(rules.select(&ticket(), None).is_none());
    }
}
