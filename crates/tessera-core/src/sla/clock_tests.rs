//! Table tests of per-ticket SLA clocks, with explicit Zagreb wall times.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::{Priority, Status};
use SlaEventKind::*;
use Status::{Closed, New, OnHold, Open, Pending, Solved};

const ZAGREB: &str = "Europe/Zagreb";

/// Wall time in Zagreb; March 2025 starts on a Saturday.
fn z(s: &str) -> Timestamp {
    s.parse::<jiff::civil::DateTime>()
        .unwrap()
        .to_zoned(TimeZone::get(ZAGREB).unwrap())
        .unwrap()
        .timestamp()
}

fn office() -> BusinessCalendar {
    let day = || vec!["09:00-17:00".parse::<Interval>().unwrap()];
    let weekly = std::array::from_fn(|i| if i < 5 { day() } else { vec![] });
    BusinessCalendar::new(TimeZone::get(ZAGREB).unwrap(), weekly, vec![]).unwrap()
}

fn h(hours: i64) -> SignedDuration {
    SignedDuration::from_hours(hours)
}

fn m(mins: i64) -> SignedDuration {
    SignedDuration::from_mins(mins)
}

fn gold() -> SlaPolicy {
    let mut policy = SlaPolicy::new(7, "Gold-EU");
    policy.calendar = PolicyCalendar::Calendar(1);
    policy.targets.insert(
        Priority::High,
        SlaTargets {
            first_response: Some(h(2)),
            next_response: Some(h(1)),
            periodic_update: Some(h(4)),
            resolution: Some(h(16)),
        },
    );
    policy.targets.insert(
        Priority::Normal,
        SlaTargets {
            first_response: Some(h(8)),
            ..Default::default()
        },
    );
    policy.targets.insert(
        Priority::Urgent,
        SlaTargets {
            first_response: Some(h(1)),
            ..Default::default()
        },
    );
    policy
}

fn ev(at: &str, kind: SlaEventKind) -> SlaEvent {
    SlaEvent::new(z(at), kind)
}

fn created(at: &str) -> SlaEvent {
    ev(
        at,
        Created {
            priority: Priority::High,
            status: New,
        },
    )
}

fn status(at: &str, from: Status, to: Status) -> SlaEvent {
    ev(at, StatusChanged { from, to })
}

fn state(events: &[SlaEvent], now: &str) -> SlaState {
    SlaState::compute(&gold(), &office(), events, z(now)).unwrap()
}

fn target(state: &SlaState, kind: TargetKind) -> &TargetState {
    state.target(kind).unwrap()
}

#[test]
fn first_response_met_by_public_reply_not_by_internal_note() {
    let events = [
        created("2025-03-04T09:00"),
        ev("2025-03-04T09:30", InternalNote),
        ev("2025-03-04T10:30", AgentPublicReply),
    ];
    let s = state(&events, "2025-03-04T12:00");
    let fr = target(&s, TargetKind::FirstResponse);
    assert_eq!(fr.status, TargetStatus::Met);
    assert_eq!(fr.met_at, Some(z("2025-03-04T10:30")));
    assert_eq!(fr.due_at, Some(z("2025-03-04T11:00")));
    assert_eq!(fr.warn_at, None);
    assert_eq!(fr.elapsed, m(90));
    assert_eq!(fr.remaining, m(30));
    // Without the public reply the note alone leaves it running.
    let s = state(&events[..2], "2025-03-04T10:00");
    let fr = target(&s, TargetKind::FirstResponse);
    assert_eq!(fr.status, TargetStatus::Active);
    assert_eq!(fr.due_at, Some(z("2025-03-04T11:00")));
    assert_eq!(fr.warn_at, Some(z("2025-03-04T10:36")));
    assert_eq!(s.next_due(), Some(z("2025-03-04T11:00")));
    assert_eq!(s.next_warning(), Some(z("2025-03-04T10:36")));
}

#[test]
fn first_response_breaches_overnight() {
    let s = state(&[created("2025-03-03T16:00")], "2025-03-04T12:00");
    let fr = target(&s, TargetKind::FirstResponse);
    assert_eq!(fr.status, TargetStatus::Breached);
    assert_eq!(fr.breached_at, Some(z("2025-03-04T10:00")));
    assert_eq!(fr.due_at, Some(z("2025-03-04T10:00")));
    assert_eq!(fr.warn_at, Some(z("2025-03-04T09:36")));
    assert_eq!(fr.remaining, -h(2));
    // A late reply keeps the breach and records when it was met.
    let events = [
        created("2025-03-03T16:00"),
        ev("2025-03-04T11:00", AgentPublicReply),
    ];
    let fr = target(
        &state(&events, "2025-03-04T12:00"),
        TargetKind::FirstResponse,
    )
    .clone();
    assert_eq!(fr.status, TargetStatus::Breached);
    assert_eq!(fr.met_at, Some(z("2025-03-04T11:00")));
    assert_eq!(fr.breached_cycles, 1);
}

#[test]
fn met_exactly_at_the_due_time_is_on_time() {
    let events = [
        created("2025-03-04T09:00"),
        ev("2025-03-04T11:00", AgentPublicReply),
    ];
    let fr = target(
        &state(&events, "2025-03-04T12:00"),
        TargetKind::FirstResponse,
    )
    .clone();
    assert_eq!(fr.status, TargetStatus::Met);
    assert_eq!(fr.breached_at, None);
    // Friday 17:00 is the due time of a ticket created at 15:00; a Monday
    // morning reply is late even though no business time passed since.
    let events = [
        created("2025-03-07T15:00"),
        ev("2025-03-10T09:00", AgentPublicReply),
    ];
    let fr = target(
        &state(&events, "2025-03-10T12:00"),
        TargetKind::FirstResponse,
    )
    .clone();
    assert_eq!(fr.status, TargetStatus::Breached);
    assert_eq!(fr.breached_at, Some(z("2025-03-07T17:00")));
}

/// (description, events, now, status, due, paused)
type PauseCase = (
    &'static str,
    Vec<SlaEvent>,
    &'static str,
    TargetStatus,
    Option<&'static str>,
    SignedDuration,
);

#[test]
fn pause_and_resume_table() {
    let cases: Vec<PauseCase> = vec![
        (
            "running, no pause",
            vec![created("2025-03-03T09:00")],
            "2025-03-03T10:00",
            TargetStatus::Active,
            Some("2025-03-03T11:00"),
            SignedDuration::ZERO,
        ),
        (
            "paused in pending: no due time",
            vec![
                created("2025-03-03T09:00"),
                status("2025-03-03T09:30", New, Pending),
            ],
            "2025-03-03T12:00",
            TargetStatus::Paused,
            None,
            m(150),
        ),
        (
            "resumed: due pushed out by the paused business time",
            vec![
                created("2025-03-03T09:00"),
                status("2025-03-03T09:30", New, Pending),
                status("2025-03-04T10:10", Pending, Open),
            ],
            "2025-03-04T10:20",
            TargetStatus::Active,
            Some("2025-03-04T11:40"),
            m(7 * 60 + 30 + 70),
        ),
        (
            "on_hold pauses too; pending → on_hold keeps pausing",
            vec![
                created("2025-03-03T09:00"),
                status("2025-03-03T10:00", New, Pending),
                status("2025-03-03T11:00", Pending, OnHold),
                status("2025-03-03T12:00", OnHold, Open),
            ],
            "2025-03-03T12:00",
            TargetStatus::Active,
            Some("2025-03-03T13:00"),
            h(2),
        ),
        (
            "paused overnight outside business hours costs nothing",
            vec![
                created("2025-03-03T15:00"),
                status("2025-03-03T16:00", New, Pending),
                status("2025-03-04T08:00", Pending, Open),
            ],
            "2025-03-04T08:30",
            TargetStatus::Active,
            Some("2025-03-04T10:00"),
            h(1),
        ),
        (
            "breach cannot happen while paused",
            vec![
                created("2025-03-03T09:00"),
                status("2025-03-03T10:59", New, Pending),
            ],
            "2025-03-05T12:00",
            TargetStatus::Paused,
            None,
            m(6 * 60 + 1 + 8 * 60 + 3 * 60),
        ),
    ];
    for (name, events, now, expected_status, due, paused) in cases {
        let s = state(&events, now);
        let fr = target(&s, TargetKind::FirstResponse);
        assert_eq!(fr.status, expected_status, "{name}");
        assert_eq!(fr.due_at, due.map(z), "{name}");
        assert_eq!(fr.paused, paused, "{name}");
    }
}

#[test]
fn paused_time_is_split_by_status() {
    let events = [
        created("2025-03-03T09:00"),
        status("2025-03-03T10:00", New, Pending),
        status("2025-03-03T11:00", Pending, OnHold),
        status("2025-03-03T11:30", OnHold, Open),
    ];
    let s = state(&events, "2025-03-03T12:00");
    let fr = target(&s, TargetKind::FirstResponse);
    assert_eq!(fr.paused_by_status, vec![(Pending, h(1)), (OnHold, m(30))]);
}

#[test]
fn next_response_scenarios() {
    let base = vec![
        created("2025-03-04T09:00"),
        ev("2025-03-04T09:30", AgentPublicReply),
        ev("2025-03-04T10:00", CustomerPublicReply),
        // A second customer message does not restart the clock.
        ev("2025-03-04T10:20", CustomerPublicReply),
        ev("2025-03-04T10:50", AgentPublicReply),
    ];
    let s = state(&base, "2025-03-04T10:55");
    let nr = target(&s, TargetKind::NextResponse);
    assert_eq!(nr.status, TargetStatus::Met);
    assert_eq!(nr.started_at, z("2025-03-04T10:00"));
    assert_eq!(nr.met_at, Some(z("2025-03-04T10:50")));
    assert_eq!(nr.due_at, Some(z("2025-03-04T11:00")));
    assert_eq!(nr.cycles, 1);

    let mut events = base.clone();
    events.push(ev("2025-03-04T11:00", CustomerPublicReply));
    let s = state(&events, "2025-03-04T12:30");
    let nr = target(&s, TargetKind::NextResponse);
    assert_eq!(nr.status, TargetStatus::Breached);
    assert_eq!(nr.breached_at, Some(z("2025-03-04T12:00")));
    assert_eq!((nr.cycles, nr.breached_cycles), (2, 1));

    // Before the first response, customer messages belong to it.
    let early = [
        created("2025-03-04T09:00"),
        ev("2025-03-04T09:10", CustomerPublicReply),
    ];
    assert!(
        state(&early, "2025-03-04T09:20")
            .target(TargetKind::NextResponse)
            .is_none()
    );

    // The next response pauses with the ticket.
    let mut events = base.clone();
    events.push(ev("2025-03-04T11:00", CustomerPublicReply));
    events.push(status("2025-03-04T11:30", Open, OnHold));
    events.push(status("2025-03-04T14:00", OnHold, Open));
    let s = state(&events, "2025-03-04T14:00");
    let nr = target(&s, TargetKind::NextResponse);
    assert_eq!(nr.due_at, Some(z("2025-03-04T14:30")));
    assert_eq!(nr.paused, m(150));
}

#[test]
fn periodic_update_scenarios() {
    let events = [
        created("2025-03-04T09:00"),
        ev("2025-03-04T09:30", AgentPublicReply),
        ev("2025-03-04T11:00", InternalNote),
        ev("2025-03-04T12:00", AgentPublicReply),
    ];
    let s = state(&events, "2025-03-04T13:00");
    let pu = target(&s, TargetKind::PeriodicUpdate);
    assert_eq!(pu.status, TargetStatus::Active);
    assert_eq!(pu.started_at, z("2025-03-04T12:00"));
    assert_eq!(pu.due_at, Some(z("2025-03-04T16:00")));
    assert_eq!(pu.cycles, 2);
    let s = state(&events, "2025-03-04T17:00");
    let pu = target(&s, TargetKind::PeriodicUpdate);
    assert_eq!(pu.status, TargetStatus::Breached);
    assert_eq!(pu.breached_at, Some(z("2025-03-04T16:00")));
    // Solving ends the obligation.
    let mut solved = events.to_vec();
    solved.push(status("2025-03-04T15:00", Open, Solved));
    let s = state(&solved, "2025-03-05T17:00");
    let pu = target(&s, TargetKind::PeriodicUpdate);
    assert_eq!(pu.status, TargetStatus::Met);
    assert_eq!(pu.met_at, Some(z("2025-03-04T15:00")));
}

#[test]
fn resolution_resumes_after_reopen_with_consumed_time() {
    let events = [
        created("2025-03-03T09:00"),
        ev("2025-03-03T09:30", AgentPublicReply),
        status("2025-03-03T13:00", Open, Solved),
        ev("2025-03-05T09:00", CustomerPublicReply),
        status("2025-03-05T09:00", Solved, Open),
    ];
    let s = state(&events[..3], "2025-03-04T09:00");
    let res = target(&s, TargetKind::Resolution);
    assert_eq!(res.status, TargetStatus::Met);
    assert_eq!(res.elapsed, h(4));
    assert_eq!(res.due_at, Some(z("2025-03-04T17:00")));

    let s = state(&events, "2025-03-05T10:00");
    let res = target(&s, TargetKind::Resolution);
    assert_eq!(res.status, TargetStatus::Active);
    assert_eq!(res.elapsed, h(5));
    assert_eq!(res.met_at, None);
    assert_eq!(res.due_at, Some(z("2025-03-06T13:00")));
    assert_eq!(res.cycles, 1);
    // The reopening customer reply (same instant, listed first) starts a
    // next-response clock because the status change applies first.
    let s = state(&events, "2025-03-05T09:30");
    let nr = target(&s, TargetKind::NextResponse);
    assert_eq!(nr.status, TargetStatus::Active);
    assert_eq!(nr.due_at, Some(z("2025-03-05T10:00")));
}

#[test]
fn solving_without_a_reply_ends_first_response() {
    let events = [
        created("2025-03-04T09:00"),
        status("2025-03-04T09:20", New, Solved),
        status("2025-03-04T09:40", Solved, Closed),
    ];
    let s = state(&events, "2025-03-04T12:00");
    let fr = target(&s, TargetKind::FirstResponse);
    assert_eq!(fr.status, TargetStatus::Met);
    assert_eq!(fr.met_at, Some(z("2025-03-04T09:20")));
    assert_eq!(target(&s, TargetKind::Resolution).status, TargetStatus::Met);
    assert_eq!(s.next_due(), None);
}

#[test]
fn priority_change_retargets_from_creation() {
    let normal = ev(
        "2025-03-03T09:00",
        Created {
            priority: Priority::Normal,
            status: New,
        },
    );
    let s = state(&[normal], "2025-03-03T11:00");
    assert_eq!(s.priority, Priority::Normal);
    assert_eq!(
        target(&s, TargetKind::FirstResponse).due_at,
        Some(z("2025-03-03T17:00"))
    );
    let raised = [
        normal,
        ev(
            "2025-03-03T11:00",
            PriorityChanged {
                to: Priority::Urgent,
            },
        ),
    ];
    let s = state(&raised, "2025-03-03T11:00");
    assert_eq!(s.priority, Priority::Urgent);
    let fr = target(&s, TargetKind::FirstResponse);
    assert_eq!(fr.status, TargetStatus::Breached);
    assert_eq!(fr.breached_at, Some(z("2025-03-03T10:00")));
    // A priority without targets has no clocks.
    let low = [
        normal,
        ev("2025-03-03T11:00", PriorityChanged { to: Priority::Low }),
    ];
    assert!(state(&low, "2025-03-03T12:00").targets.is_empty());
}

#[test]
fn events_after_now_are_ignored_and_order_is_normalised() {
    let events = [
        ev("2025-03-04T10:30", AgentPublicReply),
        created("2025-03-04T09:00"),
    ];
    let s = state(&events, "2025-03-04T10:00");
    assert_eq!(
        target(&s, TargetKind::FirstResponse).status,
        TargetStatus::Active
    );
    let s = state(&events, "2025-03-04T11:00");
    assert_eq!(
        target(&s, TargetKind::FirstResponse).status,
        TargetStatus::Met
    );
}

#[test]
fn invalid_histories() {
    let cal = office();
    let now = z("2025-03-04T10:00");
    assert!(SlaState::compute(&gold(), &cal, &[], now).is_err());
    let no_creation = [ev("2025-03-04T09:00", AgentPublicReply)];
    assert!(SlaState::compute(&gold(), &cal, &no_creation, now).is_err());
    let twice = [created("2025-03-04T09:00"), created("2025-03-04T09:10")];
    assert!(SlaState::compute(&gold(), &cal, &twice, now).is_err());
}

#[test]
fn warning_before_due_rule() {
    let mut policy = gold();
    policy.warn_at = WarnRule::Before(m(30));
    let s = SlaState::compute(
        &policy,
        &office(),
        &[created("2025-03-07T15:00")],
        z("2025-03-07T15:10"),
    )
    .unwrap();
    let fr = target(&s, TargetKind::FirstResponse);
    // Due Monday 09:00... no: Friday 15:00 + 2 h = Friday 17:00; the
    // warning is 30 business minutes earlier.
    assert_eq!(fr.due_at, Some(z("2025-03-07T17:00")));
    assert_eq!(fr.warn_at, Some(z("2025-03-07T16:30")));
}

#[test]
fn explanation_names_policy_calendar_pause_and_due() {
    let mut policy = gold();
    policy.targets.insert(
        Priority::High,
        SlaTargets {
            first_response: Some(h(2)),
            ..Default::default()
        },
    );
    let events = [
        created("2025-03-03T13:30"),
        status("2025-03-03T13:40", New, Pending),
        status("2025-03-03T16:50", Pending, Open),
    ];
    let s = SlaState::compute(&policy, &office(), &events, z("2025-03-04T09:00")).unwrap();
    assert_eq!(
        s.explain(&policy, "Zagreb office"),
        "policy Gold-EU, P2 (high): first response 2 business hours on calendar \
         Zagreb office; paused 3 h 10 min in pending; due Tue 2025-03-04 10:40 Europe/Zagreb"
    );
    let s = SlaState::compute(&policy, &office(), &events[..2], z("2025-03-03T15:00")).unwrap();
    assert_eq!(
        s.explain(&policy, "Zagreb office"),
        "policy Gold-EU, P2 (high): first response 2 business hours on calendar \
         Zagreb office; paused 1 h 20 min in pending; paused now, 1 h 50 min left"
    );
    let s = SlaState::compute(&policy, &office(), &events, z("2025-03-04T11:00")).unwrap();
    assert!(
        s.explain(&policy, "Zagreb office")
            .ends_with("breached Tue 2025-03-04 10:40 Europe/Zagreb, 20 min overdue"),
    );
}

/// `cargo test -p tessera-core --release --lib -- --ignored --nocapture compute_speed`
#[test]
#[ignore = "benchmark; prints ns per call"]
fn compute_speed() {
    let policy = gold();
    let cal = office();
    let n = 50_000i64;
    let best = (0..5)
        .map(|_| {
            let begin = std::time::Instant::now();
            for i in 0..n {
                // A typical open ticket: reply, customer answer, a pause.
                let base = z("2025-01-06T09:00") + SignedDuration::from_mins(i % 3_000 * 89);
                let at = |mins: i64| base + SignedDuration::from_mins(mins);
                let events = [
                    SlaEvent::new(
                        at(0),
                        Created {
                            priority: Priority::High,
                            status: New,
                        },
                    ),
                    SlaEvent::new(at(40), AgentPublicReply),
                    SlaEvent::new(
                        at(41),
                        StatusChanged {
                            from: New,
                            to: Pending,
                        },
                    ),
                    SlaEvent::new(at(300), CustomerPublicReply),
                    SlaEvent::new(
                        at(300),
                        StatusChanged {
                            from: Pending,
                            to: Open,
                        },
                    ),
                    SlaEvent::new(at(320), InternalNote),
                ];
                let state = SlaState::compute(&policy, &cal, &events, at(400)).unwrap();
                std::hint::black_box(state);
            }
            begin.elapsed().as_nanos() / u128::try_from(n).unwrap()
        })
        .min()
        .unwrap();
    println!("SlaState::compute, 6 events, 4 targets: {best} ns/op");
}
