//! Per-ticket SLA clocks: replays a ticket's history against a policy.
//!
//! All targets run on one "business odometer": business time of the policy's
//! calendar that passes while the ticket is unsolved and not in one of the
//! policy's pause statuses. A pause therefore pushes every due time out by
//! exactly the business time spent paused. The rules per target:
//!
//! - **First response**: from creation to the first public agent reply. An
//!   internal note is not a response.
//! - **Next response**: starts at a public customer reply once the first
//!   response phase is over, and is met by the next public agent reply. Further
//!   customer messages while one is waiting do not restart it: the oldest
//!   unanswered message sets the pace, so chasing a ticket never buys time.
//! - **Periodic update**: starts at every public agent reply while the ticket
//!   is unsolved; the next public agent reply meets it and starts a new one.
//! - **Resolution**: from creation to solved. A reopened ticket resumes it with
//!   the business time already consumed; time spent solved does not count.
//!
//! Solving a ticket ends every running response clock as met at the solve time
//! (nothing is owed on a solved ticket). A priority change re-targets from the
//! ticket's creation: every clock is measured against the current priority's
//! targets as if the ticket had always had it, so raising the priority can
//! make a due time (and breach) lie in the past; the caller reports such a
//! breach when it sees it. Meeting a target exactly at its due time counts as
//! met. Several events at one instant apply status changes first.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::calendar::BusinessCalendar;
use super::policy::{SlaPolicy, TargetKind};
use crate::{CoreError, Priority, Status};

/// What happened to a ticket, as far as SLA clocks care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaEventKind {
    Created { priority: Priority, status: Status },
    StatusChanged { from: Status, to: Status },
    AgentPublicReply,
    CustomerPublicReply,
    PriorityChanged { to: Priority },
    InternalNote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaEvent {
    pub at: Timestamp,
    pub kind: SlaEventKind,
}

impl SlaEvent {
    pub fn new(at: Timestamp, kind: SlaEventKind) -> SlaEvent {
        SlaEvent { at, kind }
    }

    /// Order within one instant: creation, then status changes, then the rest.
    fn rank(&self) -> u8 {
        match self.kind {
            SlaEventKind::Created { .. } => 0,
            SlaEventKind::StatusChanged { .. } => 1,
            _ => 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetStatus {
    /// Running towards its due time.
    Active,
    /// Stopped by a pause status; no due time until it resumes.
    Paused,
    /// Met on time.
    Met,
    /// The due time passed before it was met (it may have been met later).
    Breached,
}

impl TargetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetStatus::Active => "active",
            TargetStatus::Paused => "paused",
            TargetStatus::Met => "met",
            TargetStatus::Breached => "breached",
        }
    }
}

/// One target's latest cycle (next response and periodic update run many).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetState {
    pub kind: TargetKind,
    /// The business time allowed.
    pub target: SignedDuration,
    pub started_at: Timestamp,
    /// When the target breaches (or breached). For a met target, the due time
    /// in force when it was met. `None` while paused.
    pub due_at: Option<Timestamp>,
    /// When the warning fires (or fired); `None` while paused and for targets
    /// met before it.
    pub warn_at: Option<Timestamp>,
    pub met_at: Option<Timestamp>,
    pub breached_at: Option<Timestamp>,
    /// Business time consumed (up to `now`, or until met).
    pub elapsed: SignedDuration,
    /// Business time spent in pause statuses during this cycle.
    pub paused: SignedDuration,
    /// `paused` by status, in [`Status::ALL`] order, zero entries left out.
    pub paused_by_status: Vec<(Status, SignedDuration)>,
    /// `target - elapsed`; negative once overdue.
    pub remaining: SignedDuration,
    pub status: TargetStatus,
    /// Cycles of this target so far, and how many of them breached.
    pub cycles: u32,
    pub breached_cycles: u32,
}

/// The SLA clocks of one ticket at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaState {
    pub policy_id: i64,
    /// The priority whose targets apply (the ticket's latest).
    pub priority: Priority,
    /// The calendar's zone, for showing times.
    pub time_zone: TimeZone,
    /// The `now` the state was computed for.
    pub computed_at: Timestamp,
    /// Targets that have started at least once, in [`TargetKind`] order.
    pub targets: Vec<TargetState>,
}

impl SlaState {
    /// Replays `events` (any order; the first must be `Created`, events after
    /// `now` are ignored) against `policy` and its `calendar`.
    pub fn compute(
        policy: &SlaPolicy,
        calendar: &BusinessCalendar,
        events: &[SlaEvent],
        now: Timestamp,
    ) -> Result<SlaState, CoreError> {
        let sorted;
        let key = |e: &SlaEvent| (e.at, e.rank());
        let events = if events.is_sorted_by_key(key) {
            events
        } else {
            sorted = {
                let mut v = events.to_vec();
                v.sort_by_key(key);
                v
            };
            &sorted
        };
        let Some((first, rest)) = events.split_first() else {
            return Err(CoreError::invalid("sla.events", "the history is empty"));
        };
        let SlaEventKind::Created { priority, status } = first.kind else {
            return Err(CoreError::invalid(
                "sla.events",
                "the history must start with the ticket's creation",
            ));
        };
        if rest
            .iter()
            .any(|e| matches!(e.kind, SlaEventKind::Created { .. }))
        {
            return Err(CoreError::invalid(
                "sla.events",
                "the ticket is created more than once",
            ));
        }
        let now = now.max(first.at);
        let rest = &rest[..rest.partition_point(|e| e.at <= now)];
        let priority = rest
            .iter()
            .rev()
            .find_map(|e| match e.kind {
                SlaEventKind::PriorityChanged { to } => Some(to),
                _ => None,
            })
            .unwrap_or(priority);

        let mut engine = Engine::new(policy, calendar, priority, status, first.at);
        for event in rest {
            engine.apply(event);
        }
        engine.flush(now);
        Ok(SlaState {
            policy_id: policy.id,
            priority,
            time_zone: calendar.time_zone().clone(),
            computed_at: now,
            targets: engine.finish(now),
        })
    }

    pub fn target(&self, kind: TargetKind) -> Option<&TargetState> {
        self.targets.iter().find(|t| t.kind == kind)
    }

    /// The earliest due time of a running target: what the breach sweeper and
    /// "sort by next due" look at.
    pub fn next_due(&self) -> Option<Timestamp> {
        self.active().filter_map(|t| t.due_at).min()
    }

    /// The earliest warning time of a running target still ahead of `now`.
    pub fn next_warning(&self) -> Option<Timestamp> {
        self.active()
            .filter_map(|t| t.warn_at)
            .filter(|&w| w > self.computed_at)
            .min()
    }

    fn active(&self) -> impl Iterator<Item = &TargetState> {
        self.targets
            .iter()
            .filter(|t| t.status == TargetStatus::Active)
    }
}

const STATUSES: usize = Status::ALL.len();

fn status_index(status: Status) -> usize {
    Status::ALL.iter().position(|&s| s == status).unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Running,
    Paused(Status),
    /// Solved or closed.
    Stopped,
}

#[derive(Debug, Clone)]
struct Cycle {
    started_at: Timestamp,
    consumed: SignedDuration,
    paused: [SignedDuration; STATUSES],
    warned_at: Option<Timestamp>,
    breached_at: Option<Timestamp>,
    met_at: Option<Timestamp>,
    /// Whether the clock was running when the cycle was met (then its due
    /// time at that moment is meaningful).
    running_at_met: bool,
}

impl Cycle {
    fn new(at: Timestamp) -> Cycle {
        Cycle {
            started_at: at,
            consumed: SignedDuration::ZERO,
            paused: [SignedDuration::ZERO; STATUSES],
            warned_at: None,
            breached_at: None,
            met_at: None,
            running_at_met: false,
        }
    }

    fn is_open(&self) -> bool {
        self.met_at.is_none()
    }
}

#[derive(Debug, Clone)]
struct Track {
    kind: TargetKind,
    target: SignedDuration,
    warn_threshold: SignedDuration,
    cycle: Option<Cycle>,
    cycles: u32,
    /// Breached cycles before the current one.
    earlier_breaches: u32,
}

#[derive(Debug, Clone, Copy)]
struct Limits {
    target: SignedDuration,
    warn: SignedDuration,
}

struct Engine<'a> {
    policy: &'a SlaPolicy,
    calendar: &'a BusinessCalendar,
    tracks: Vec<Track>,
    status: Status,
    /// Start of the segment not yet accounted for.
    since: Timestamp,
    /// Until the first public agent reply (or solve), customer messages are
    /// covered by the first-response clock, not by next response.
    awaiting_first_response: bool,
}

impl<'a> Engine<'a> {
    fn new(
        policy: &'a SlaPolicy,
        calendar: &'a BusinessCalendar,
        priority: Priority,
        status: Status,
        created_at: Timestamp,
    ) -> Engine<'a> {
        let targets = policy.targets_for(priority).copied().unwrap_or_default();
        let tracks = TargetKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let target = targets.get(kind)?;
                Some(Track {
                    kind,
                    target,
                    warn_threshold: policy.warn_at.threshold(target),
                    cycle: None,
                    cycles: 0,
                    earlier_breaches: 0,
                })
            })
            .collect();
        let mut engine = Engine {
            policy,
            calendar,
            tracks,
            status,
            since: created_at,
            awaiting_first_response: status.is_unsolved(),
        };
        if status.is_unsolved() {
            engine.start(TargetKind::FirstResponse, created_at);
        }
        engine.start(TargetKind::Resolution, created_at);
        if !status.is_unsolved() {
            engine.meet(TargetKind::Resolution, created_at, false);
        }
        engine
    }

    fn mode_of(&self, status: Status) -> Mode {
        if !status.is_unsolved() {
            Mode::Stopped
        } else if self.policy.pauses_in(status) {
            Mode::Paused(status)
        } else {
            Mode::Running
        }
    }

    fn apply(&mut self, event: &SlaEvent) {
        let at = event.at;
        match event.kind {
            SlaEventKind::StatusChanged { to, .. } => {
                let before = self.mode_of(self.status);
                if self.mode_of(to) != before {
                    self.flush(at);
                }
                let was_unsolved = self.status.is_unsolved();
                self.status = to;
                if was_unsolved && !to.is_unsolved() {
                    self.awaiting_first_response = false;
                    for kind in TargetKind::ALL {
                        self.meet(kind, at, before == Mode::Running);
                    }
                } else if !was_unsolved && to.is_unsolved() {
                    self.reopen_resolution();
                }
            }
            SlaEventKind::AgentPublicReply if self.status.is_unsolved() => {
                self.flush(at);
                self.awaiting_first_response = false;
                let running = self.mode_of(self.status) == Mode::Running;
                self.meet(TargetKind::FirstResponse, at, running);
                self.meet(TargetKind::NextResponse, at, running);
                self.meet(TargetKind::PeriodicUpdate, at, running);
                self.start(TargetKind::PeriodicUpdate, at);
            }
            SlaEventKind::CustomerPublicReply
                if self.status.is_unsolved()
                    && !self.awaiting_first_response
                    && !self.is_open(TargetKind::NextResponse) =>
            {
                self.flush(at);
                self.start(TargetKind::NextResponse, at);
            }
            _ => {}
        }
    }

    fn track(&mut self, kind: TargetKind) -> Option<&mut Track> {
        self.tracks.iter_mut().find(|t| t.kind == kind)
    }

    fn is_open(&self, kind: TargetKind) -> bool {
        self.tracks
            .iter()
            .find(|t| t.kind == kind)
            .and_then(|t| t.cycle.as_ref())
            .is_some_and(Cycle::is_open)
    }

    fn start(&mut self, kind: TargetKind, at: Timestamp) {
        if let Some(track) = self.track(kind) {
            if let Some(old) = track.cycle.take()
                && old.breached_at.is_some()
            {
                track.earlier_breaches += 1;
            }
            track.cycle = Some(Cycle::new(at));
            track.cycles += 1;
        }
    }

    /// Ends an open cycle as met at `at`; `running` tells whether the clock
    /// was running just before.
    fn meet(&mut self, kind: TargetKind, at: Timestamp, running: bool) {
        if let Some(cycle) = self
            .track(kind)
            .and_then(|t| t.cycle.as_mut())
            .filter(|c| c.is_open())
        {
            cycle.met_at = Some(at);
            cycle.running_at_met = running;
            // Met exactly at the due time is on time.
            if cycle.breached_at == Some(at) {
                cycle.breached_at = None;
            }
        }
    }

    fn reopen_resolution(&mut self) {
        if let Some(cycle) = self
            .track(TargetKind::Resolution)
            .and_then(|t| t.cycle.as_mut())
        {
            cycle.met_at = None;
        }
    }

    /// Accounts for `[since, to)` in the current mode: consumption with the
    /// warning and breach crossings it causes, or paused time.
    fn flush(&mut self, to: Timestamp) {
        let from = self.since;
        if to <= from {
            return;
        }
        self.since = to;
        let calendar = self.calendar;
        match self.mode_of(self.status) {
            Mode::Stopped => {}
            Mode::Paused(status) => {
                let paused = calendar.business_between(from, to);
                for (_, cycle) in self.open_cycles() {
                    cycle.paused[status_index(status)] += paused;
                }
            }
            Mode::Running => {
                let business = calendar.business_between(from, to);
                for (limits, cycle) in self.open_cycles() {
                    let before = cycle.consumed;
                    let after = before + business;
                    // A threshold reached in this segment is crossed at an
                    // instant within [from, to]: add_business finds it.
                    if cycle.warned_at.is_none() && after >= limits.warn {
                        cycle.warned_at = Some(calendar.add_business(from, limits.warn - before));
                    }
                    if cycle.breached_at.is_none() && after >= limits.target {
                        cycle.breached_at =
                            Some(calendar.add_business(from, limits.target - before));
                    }
                    cycle.consumed = after;
                }
            }
        }
    }

    /// Open cycles with their thresholds.
    fn open_cycles(&mut self) -> impl Iterator<Item = (Limits, &mut Cycle)> {
        self.tracks.iter_mut().filter_map(|t| {
            let limits = Limits {
                target: t.target,
                warn: t.warn_threshold,
            };
            t.cycle
                .as_mut()
                .filter(|c| c.is_open())
                .map(|c| (limits, c))
        })
    }

    fn finish(self, now: Timestamp) -> Vec<TargetState> {
        let mode = self.mode_of(self.status);
        let calendar = self.calendar;
        self.tracks
            .into_iter()
            .filter_map(|track| {
                let cycle = track.cycle?;
                let open = cycle.is_open();
                let remaining = track.target - cycle.consumed;
                let (warn_at, due_at) = match (cycle.breached_at, cycle.met_at) {
                    (Some(breached), _) => (cycle.warned_at, Some(breached)),
                    // Running now: project from `now` assuming it keeps
                    // running. add_business chains, so the due time can
                    // continue from the warning instead of from `now`.
                    (None, None) if mode == Mode::Running => match cycle.warned_at {
                        Some(warned) => (Some(warned), Some(calendar.add_business(now, remaining))),
                        None => {
                            let to_warn = track.warn_threshold - cycle.consumed;
                            let warn = calendar.add_business(now, to_warn);
                            let due = calendar.add_business(warn, remaining - to_warn);
                            (Some(warn), Some(due))
                        }
                    },
                    // Met while running: the due time in force at that moment.
                    (None, Some(met)) if cycle.running_at_met => {
                        (cycle.warned_at, Some(calendar.add_business(met, remaining)))
                    }
                    _ => (cycle.warned_at, None),
                };
                let status = if cycle.breached_at.is_some() {
                    TargetStatus::Breached
                } else if !open {
                    TargetStatus::Met
                } else if mode == Mode::Running {
                    TargetStatus::Active
                } else {
                    TargetStatus::Paused
                };
                let paused_by_status: Vec<(Status, SignedDuration)> = Status::ALL
                    .iter()
                    .zip(cycle.paused)
                    .filter(|(_, d)| !d.is_zero())
                    .map(|(&s, d)| (s, d))
                    .collect();
                Some(TargetState {
                    kind: track.kind,
                    target: track.target,
                    started_at: cycle.started_at,
                    due_at,
                    warn_at,
                    met_at: cycle.met_at,
                    breached_at: cycle.breached_at,
                    elapsed: cycle.consumed,
                    paused: paused_by_status.iter().map(|(_, d)| *d).sum(),
                    paused_by_status,
                    remaining,
                    status,
                    cycles: track.cycles,
                    breached_cycles: track.earlier_breaches
                        + u32::from(cycle.breached_at.is_some()),
                })
            })
            .collect()
    }
}
