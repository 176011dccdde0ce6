//! SLA policies: which tickets they apply to and the targets they set.

use std::collections::BTreeMap;
use std::fmt;

use jiff::SignedDuration;

use crate::{Channel, CoreError, Priority, Status, TicketType};

/// The clocks an SLA policy can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKind {
    /// Ticket creation → first public agent reply.
    FirstResponse,
    /// Oldest unanswered customer reply → next public agent reply.
    NextResponse,
    /// A public agent reply is due this often while the ticket is unsolved.
    PeriodicUpdate,
    /// Creation → solved, excluding time spent solved before a reopen.
    Resolution,
}

impl TargetKind {
    pub const ALL: [TargetKind; 4] = [
        TargetKind::FirstResponse,
        TargetKind::NextResponse,
        TargetKind::PeriodicUpdate,
        TargetKind::Resolution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::FirstResponse => "first_response",
            TargetKind::NextResponse => "next_response",
            TargetKind::PeriodicUpdate => "periodic_update",
            TargetKind::Resolution => "resolution",
        }
    }

    /// Words for explanations: "first response".
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::FirstResponse => "first response",
            TargetKind::NextResponse => "next response",
            TargetKind::PeriodicUpdate => "periodic update",
            TargetKind::Resolution => "resolution",
        }
    }
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Business-time targets for one priority; `None` means no such clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlaTargets {
    pub first_response: Option<SignedDuration>,
    pub next_response: Option<SignedDuration>,
    pub periodic_update: Option<SignedDuration>,
    pub resolution: Option<SignedDuration>,
}

impl SlaTargets {
    pub fn get(&self, kind: TargetKind) -> Option<SignedDuration> {
        match kind {
            TargetKind::FirstResponse => self.first_response,
            TargetKind::NextResponse => self.next_response,
            TargetKind::PeriodicUpdate => self.periodic_update,
            TargetKind::Resolution => self.resolution,
        }
    }
}

/// Which calendar a policy counts business time in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyCalendar {
    /// Around the clock.
    Always,
    /// A stored business calendar, by id.
    Calendar(i64),
}

/// When the warning for a target fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarnRule {
    /// When this percentage (1–99) of the target's business time has elapsed.
    PercentElapsed(u8),
    /// This much business time before the due time (at the start if the target
    /// is shorter).
    Before(SignedDuration),
}

impl Default for WarnRule {
    fn default() -> Self {
        WarnRule::PercentElapsed(80)
    }
}

impl WarnRule {
    /// The elapsed business time at which a target of `target` warns.
    pub fn threshold(self, target: SignedDuration) -> SignedDuration {
        match self {
            WarnRule::PercentElapsed(percent) => {
                let nanos = target.as_nanos() * i128::from(percent) / 100;
                SignedDuration::from_nanos_i128(nanos)
            }
            WarnRule::Before(before) => (target - before).max(SignedDuration::ZERO),
        }
    }
}

/// What a ticket must look like for a policy to apply. Each list is "any of";
/// an empty list places no constraint; all non-empty lists must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyConditions {
    pub priorities: Vec<Priority>,
    pub ticket_types: Vec<TicketType>,
    pub organization_ids: Vec<i64>,
    /// Customer segments ("gold", "vip"), compared case-insensitively.
    pub segments: Vec<String>,
    /// Ticket tags, compared case-insensitively.
    pub tags: Vec<String>,
    pub channels: Vec<Channel>,
    /// Catalog category paths; `hardware` also matches `hardware/laptops`.
    pub categories: Vec<String>,
    /// Regions of the requester's IANA time zone: `Europe` matches
    /// `Europe/Zagreb`; a full zone name matches only itself.
    pub regions: Vec<String>,
}

/// The facts about a ticket that policy conditions look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    pub priority: Priority,
    pub ticket_type: TicketType,
    pub organization_id: Option<i64>,
    /// Segments of the requester and their organization.
    pub segments: Vec<String>,
    pub tags: Vec<String>,
    pub channel: Channel,
    pub category: Option<String>,
    /// IANA name, e.g. `Europe/Zagreb`.
    pub requester_time_zone: Option<String>,
}

impl TicketFacts {
    /// Facts with only the always-present fields set.
    pub fn new(priority: Priority, ticket_type: TicketType, channel: Channel) -> TicketFacts {
        TicketFacts {
            priority,
            ticket_type,
            organization_id: None,
            segments: Vec::new(),
            tags: Vec::new(),
            channel,
            category: None,
            requester_time_zone: None,
        }
    }
}

impl PolicyConditions {
    pub fn matches(&self, facts: &TicketFacts) -> bool {
        any_of(&self.priorities, |p| *p == facts.priority)
            && any_of(&self.ticket_types, |t| *t == facts.ticket_type)
            && any_of(&self.organization_ids, |id| {
                facts.organization_id == Some(*id)
            })
            && any_of(&self.segments, |s| {
                facts.segments.iter().any(|f| same_text(s, f))
            })
            && any_of(&self.tags, |t| facts.tags.iter().any(|f| same_text(t, f)))
            && any_of(&self.channels, |c| *c == facts.channel)
            && any_of(&self.categories, |c| {
                facts
                    .category
                    .as_deref()
                    .is_some_and(|f| is_path_prefix(c, f))
            })
            && any_of(&self.regions, |r| {
                facts.requester_time_zone.as_deref().is_some_and(|tz| {
                    tz == r
                        || tz
                            .strip_prefix(r.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                })
            })
    }
}

/// True for an empty list (no constraint), otherwise whether any item matches.
fn any_of<T>(items: &[T], matches: impl Fn(&T) -> bool) -> bool {
    items.is_empty() || items.iter().any(matches)
}

fn same_text(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// `prefix` equals `path` or names one of its ancestors (`a/b` for `a/b/c`).
fn is_path_prefix(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    let lower = |s: &str| s.to_lowercase();
    let (prefix, path) = (lower(prefix), lower(path));
    path == prefix
        || path
            .strip_prefix(prefix.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
}

/// An SLA policy. Policies are ordered; the first whose conditions match a
/// ticket applies ([`select_policy`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaPolicy {
    pub id: i64,
    pub name: String,
    pub conditions: PolicyConditions,
    /// Targets per priority; a priority without an entry has no clocks.
    pub targets: BTreeMap<Priority, SlaTargets>,
    pub calendar: PolicyCalendar,
    /// Statuses in which every clock of the policy stops.
    pub pause_statuses: Vec<Status>,
    pub warn_at: WarnRule,
}

impl SlaPolicy {
    /// A policy matching every ticket, without targets, 24/7, pausing in
    /// pending and on_hold, warning at 80 %.
    pub fn new(id: i64, name: impl Into<String>) -> SlaPolicy {
        SlaPolicy {
            id,
            name: name.into(),
            conditions: PolicyConditions::default(),
            targets: BTreeMap::new(),
            calendar: PolicyCalendar::Always,
            pause_statuses: vec![Status::Pending, Status::OnHold],
            warn_at: WarnRule::default(),
        }
    }

    pub fn targets_for(&self, priority: Priority) -> Option<&SlaTargets> {
        self.targets.get(&priority)
    }

    pub fn pauses_in(&self, status: Status) -> bool {
        self.pause_statuses.contains(&status)
    }

    /// Checks what the types cannot: a name, positive targets, a sensible
    /// warning rule and pause statuses in which a ticket is still open.
    pub fn validate(&self) -> Result<(), CoreError> {
        if self.name.trim().is_empty() {
            return Err(CoreError::invalid("policy.name", "must not be empty"));
        }
        for (priority, targets) in &self.targets {
            for kind in TargetKind::ALL {
                if let Some(target) = targets.get(kind)
                    && target <= SignedDuration::ZERO
                {
                    return Err(CoreError::invalid(
                        format!("policy.targets.{priority}.{kind}"),
                        "must be a positive duration",
                    ));
                }
            }
        }
        match self.warn_at {
            WarnRule::PercentElapsed(1..=99) => {}
            WarnRule::PercentElapsed(_) => {
                return Err(CoreError::invalid(
                    "policy.warn_at",
                    "percent elapsed must be between 1 and 99",
                ));
            }
            WarnRule::Before(before) if before <= SignedDuration::ZERO => {
                return Err(CoreError::invalid(
                    "policy.warn_at",
                    "time before breach must be positive",
                ));
            }
            WarnRule::Before(_) => {}
        }
        if let Some(status) = self.pause_statuses.iter().find(|s| !s.is_unsolved()) {
            return Err(CoreError::invalid(
                "policy.pause_statuses",
                format!("{status} cannot pause clocks: solved and closed tickets stop them anyway"),
            ));
        }
        Ok(())
    }
}

/// The first policy, in order, whose conditions match the ticket.
pub fn select_policy<'p>(policies: &'p [SlaPolicy], facts: &TicketFacts) -> Option<&'p SlaPolicy> {
    policies.iter().find(|p| p.conditions.matches(facts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(id: i64, name: &str, conditions: PolicyConditions) -> SlaPolicy {
        SlaPolicy {
            conditions,
            ..SlaPolicy::new(id, name)
        }
    }

    fn facts() -> TicketFacts {
        TicketFacts::new(Priority::High, TicketType::Incident, Channel::Email)
    }

    fn ordered() -> Vec<SlaPolicy> {
        vec![
            policy(
                1,
                "Gold-EU",
                PolicyConditions {
                    segments: vec!["gold".into()],
                    regions: vec!["Europe".into()],
                    ..Default::default()
                },
            ),
            policy(
                2,
                "Urgent incidents",
                PolicyConditions {
                    priorities: vec![Priority::Urgent],
                    ticket_types: vec![TicketType::Incident, TicketType::Problem],
                    ..Default::default()
                },
            ),
            policy(
                3,
                "Acme hardware",
                PolicyConditions {
                    organization_ids: vec![42],
                    categories: vec!["Hardware".into()],
                    ..Default::default()
                },
            ),
            policy(
                4,
                "Chat and phone, tagged",
                PolicyConditions {
                    channels: vec![Channel::Chat, Channel::Phone],
                    tags: vec!["outage".into(), "vip".into()],
                    ..Default::default()
                },
            ),
            policy(5, "Default", PolicyConditions::default()),
        ]
    }

    #[test]
    fn selection_table() {
        type Setup = fn(&mut TicketFacts);
        let cases: &[(&str, Setup, i64)] = &[
            ("nothing special → default", |_| {}, 5),
            (
                "gold in Zagreb → Gold-EU",
                |f| {
                    f.segments = vec!["Gold".into()];
                    f.requester_time_zone = Some("Europe/Zagreb".into());
                },
                1,
            ),
            (
                "gold in New York → not Gold-EU",
                |f| {
                    f.segments = vec!["gold".into()];
                    f.requester_time_zone = Some("America/New_York".into());
                },
                5,
            ),
            (
                "region is a path prefix, not a string prefix",
                |f| {
                    f.segments = vec!["gold".into()];
                    f.requester_time_zone = Some("Europeish/Nowhere".into());
                },
                5,
            ),
            (
                "gold without a known zone → not Gold-EU",
                |f| f.segments = vec!["gold".into()],
                5,
            ),
            ("urgent incident", |f| f.priority = Priority::Urgent, 2),
            (
                "urgent question → default",
                |f| {
                    f.priority = Priority::Urgent;
                    f.ticket_type = TicketType::Question;
                },
                5,
            ),
            (
                "urgent gold EU → first match wins",
                |f| {
                    f.priority = Priority::Urgent;
                    f.segments = vec!["gold".into()];
                    f.requester_time_zone = Some("Europe/Warsaw".into());
                },
                1,
            ),
            (
                "Acme hardware subcategory",
                |f| {
                    f.organization_id = Some(42);
                    f.category = Some("hardware/Laptops".into());
                },
                3,
            ),
            (
                "Acme software → default",
                |f| {
                    f.organization_id = Some(42);
                    f.category = Some("hardware-ish".into());
                },
                5,
            ),
            (
                "hardware, other organization → default",
                |f| {
                    f.organization_id = Some(7);
                    f.category = Some("Hardware".into());
                },
                5,
            ),
            (
                "chat tagged VIP",
                |f| {
                    f.channel = Channel::Chat;
                    f.tags = vec!["billing".into(), "VIP".into()];
                },
                4,
            ),
            ("chat untagged → default", |f| f.channel = Channel::Chat, 5),
        ];
        let policies = ordered();
        for (name, setup, expected) in cases {
            let mut f = facts();
            setup(&mut f);
            let chosen = select_policy(&policies, &f).map(|p| p.id);
            assert_eq!(chosen, Some(*expected), "{name}");
        }
        assert!(select_policy(&policies[..4], &facts()).is_none());
    }

    #[test]
    fn warning_thresholds() {
        let two_hours = SignedDuration::from_hours(2);
        assert_eq!(
            WarnRule::PercentElapsed(80).threshold(two_hours),
            SignedDuration::from_mins(96)
        );
        assert_eq!(
            WarnRule::Before(SignedDuration::from_mins(30)).threshold(two_hours),
            SignedDuration::from_mins(90)
        );
        assert_eq!(
            WarnRule::Before(SignedDuration::from_hours(3)).threshold(two_hours),
            SignedDuration::ZERO
        );
    }

    #[test]
    fn validation() {
        let mut p = SlaPolicy::new(1, "Gold");
        assert!(p.validate().is_ok());
        p.targets.insert(
            Priority::High,
            SlaTargets {
                first_response: Some(SignedDuration::ZERO),
                ..Default::default()
            },
        );
        assert_eq!(
            p.validate().unwrap_err().to_string(),
            "policy.targets.high.first_response: must be a positive duration"
        );
        let mut p = SlaPolicy::new(1, "Gold");
        p.warn_at = WarnRule::PercentElapsed(100);
        assert!(p.validate().is_err());
        p.warn_at = WarnRule::Before(SignedDuration::ZERO);
        assert!(p.validate().is_err());
        let mut p = SlaPolicy::new(1, "Gold");
        p.pause_statuses.push(Status::Solved);
        assert!(p.validate().is_err());
        assert!(SlaPolicy::new(1, " ").validate().is_err());
    }
}
