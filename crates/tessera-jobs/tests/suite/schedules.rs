//! Periodic schedules: one job per occurrence across nodes, DST-correct instants.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::Timestamp;
use serde_json::json;
use tessera_jobs::{Runner, RunnerConfig, Schedules};
use tokio::sync::oneshot;

use crate::common::*;

on_both_backends!(
    two_schedulers_enqueue_each_minute_once,
    occurrences_follow_warsaw_across_both_dst_changes,
    a_changed_definition_is_re_aimed,
    the_run_loop_runs_due_occurrences,
);

fn minutely() -> Schedules {
    let mut schedules = Schedules::new();
    schedules
        .add("minutely", "* * * * *", "Europe/Warsaw", "tick", json!({}))
        .unwrap();
    schedules
}

async fn two_schedulers_enqueue_each_minute_once(backend: Backend) {
    let clock = TestClock::at("2026-03-02T12:00:30Z");
    let a =
        Runner::new(backend.node().await, clock.clock(), config("a")).with_schedules(minutely());
    let b =
        Runner::new(backend.node().await, clock.clock(), config("b")).with_schedules(minutely());

    // Five minutes in 10 s steps, both nodes racing at every step (several steps
    // land exactly on an occurrence).
    let end = ts("2026-03-02T12:05:30Z");
    let mut enqueued = 0;
    while clock.now() < end {
        let (ta, tb) = tokio::join!(a.run_due_schedules(), b.run_due_schedules());
        assert_eq!((ta.failed, tb.failed), (0, 0));
        enqueued += ta.enqueued + tb.enqueued;
        clock.advance(10);
    }

    assert_eq!(enqueued, 5);
    let jobs = all_jobs(&backend.store).await;
    let run_at: Vec<String> = jobs.iter().map(|j| j.run_at.to_string()).collect();
    assert_eq!(
        run_at,
        [
            "2026-03-02T12:01:00Z",
            "2026-03-02T12:02:00Z",
            "2026-03-02T12:03:00Z",
            "2026-03-02T12:04:00Z",
            "2026-03-02T12:05:00Z",
        ]
    );
    assert!(jobs.iter().all(|j| j.kind == "tick"));
    let schedule = &backend.store.list_schedules().await.unwrap()[0];
    assert_eq!(schedule.next_run_at, ts("2026-03-02T12:06:00Z"));
    assert_eq!(schedule.last_run_at, Some(ts("2026-03-02T12:05:00Z")));
}

/// Steps the clock from occurrence to occurrence over `[from, to]`; returns the
/// enqueued occurrences per schedule.
async fn occurrences(
    backend: &Backend,
    window: &str,
    from: &str,
    to: &str,
) -> BTreeMap<String, Vec<Timestamp>> {
    let mut schedules = Schedules::new();
    for (name, expression) in [
        ("daily-0230", "30 2 * * *"),
        ("daily-0900", "0 9 * * *"),
        ("hourly", "0 * * * *"),
    ] {
        let name = format!("{window}/{name}");
        schedules
            .add(
                &name,
                expression,
                "Europe/Warsaw",
                "dst",
                json!({ "schedule": name }),
            )
            .unwrap();
    }
    let clock = TestClock::at(from);
    let runner =
        Runner::new(backend.store.clone(), clock.clock(), config("w1")).with_schedules(schedules);
    let end = ts(to);
    loop {
        let tick = runner.run_due_schedules().await;
        assert_eq!(tick.failed, 0);
        let next = tick.next_due.unwrap();
        if next > end {
            break;
        }
        clock.set(next);
    }
    let mut found: BTreeMap<String, Vec<Timestamp>> = BTreeMap::new();
    for job in all_jobs(&backend.store).await {
        let schedule = job.payload["schedule"].as_str().unwrap().to_owned();
        if let Some(name) = schedule.strip_prefix(&format!("{window}/")) {
            found.entry(name.to_owned()).or_default().push(job.run_at);
        }
    }
    found
}

fn assert_hourly(found: &BTreeMap<String, Vec<Timestamp>>, first: &str, count: usize) {
    let hourly = &found["hourly"];
    assert_eq!(hourly.len(), count, "one per real hour: {hourly:?}");
    assert_eq!(hourly[0], ts(first));
    for pair in hourly.windows(2) {
        assert_eq!(pair[1].duration_since(pair[0]), secs(3600), "{pair:?}");
    }
}

fn strings(times: &[Timestamp]) -> Vec<String> {
    times.iter().map(ToString::to_string).collect()
}

async fn occurrences_follow_warsaw_across_both_dst_changes(backend: Backend) {
    // Spring forward: 2026-03-29 02:00+01 becomes 03:00+02.
    let spring = occurrences(
        &backend,
        "spring",
        "2026-03-27T12:00:00Z",
        "2026-03-30T12:00:00Z",
    )
    .await;
    assert_eq!(
        strings(&spring["daily-0230"]),
        [
            "2026-03-28T01:30:00Z", // 02:30+01
            "2026-03-29T01:00:00Z", // no 02:30 that day: 03:00+02, right after the gap
            "2026-03-30T00:30:00Z", // 02:30+02
        ]
    );
    assert_eq!(
        strings(&spring["daily-0900"]),
        [
            "2026-03-28T08:00:00Z",
            "2026-03-29T07:00:00Z",
            "2026-03-30T07:00:00Z"
        ]
    );
    assert_hourly(&spring, "2026-03-27T13:00:00Z", 72);

    // Fall back: 2026-10-25 03:00+02 becomes 02:00+01.
    let autumn = occurrences(
        &backend,
        "autumn",
        "2026-10-23T12:00:00Z",
        "2026-10-26T12:00:00Z",
    )
    .await;
    assert_eq!(
        strings(&autumn["daily-0230"]),
        [
            "2026-10-24T00:30:00Z", // 02:30+02
            "2026-10-25T00:30:00Z", // the first of that day's two 02:30s, only
            "2026-10-26T01:30:00Z", // 02:30+01
        ]
    );
    assert_eq!(
        strings(&autumn["daily-0900"]),
        [
            "2026-10-24T07:00:00Z",
            "2026-10-25T08:00:00Z",
            "2026-10-26T08:00:00Z"
        ]
    );
    // Both 02:00s of the repeated hour, and no hour twice.
    assert_hourly(&autumn, "2026-10-23T13:00:00Z", 72);
}

async fn a_changed_definition_is_re_aimed(backend: Backend) {
    let clock = TestClock::at("2026-03-02T12:00:30Z");
    // Rows written by an earlier definition of each schedule.
    backend
        .store
        .ensure_schedule("sweep", ts("2026-03-02T13:07:00Z"))
        .await
        .unwrap();
    backend
        .store
        .ensure_schedule("report", ts("2026-03-02T13:00:00Z"))
        .await
        .unwrap();
    let mut schedules = Schedules::new();
    schedules
        .add("sweep", "*/15 * * * *", "UTC", "sweep", json!({}))
        .unwrap()
        .add("report", "*/15 * * * *", "UTC", "report", json!({}))
        .unwrap();
    let runner =
        Runner::new(backend.store.clone(), clock.clock(), config("w1")).with_schedules(schedules);

    let tick = runner.run_due_schedules().await;
    assert_eq!(tick.enqueued, 0);
    assert_eq!(tick.next_due, Some(ts("2026-03-02T12:15:00Z")));
    let next: BTreeMap<String, String> = backend
        .store
        .list_schedules()
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.next_run_at.to_string()))
        .collect();
    // 13:07 is no occurrence of */15: re-aimed. 13:00 is one (another node may
    // have just moved it there): left alone.
    assert_eq!(next["sweep"], "2026-03-02T12:15:00Z");
    assert_eq!(next["report"], "2026-03-02T13:00:00Z");
}

async fn the_run_loop_runs_due_occurrences(backend: Backend) {
    let clock = TestClock::at("2026-03-02T12:00:59Z");
    let config = RunnerConfig {
        poll_interval: Duration::from_millis(20),
        ..config("w1")
    };
    let mut runner =
        Runner::new(backend.store.clone(), clock.clock(), config).with_schedules(minutely());
    let (handler, runs) = Scripted::new("tick", []);
    runner.register(handler);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(runner.run(async {
        let _ = stopped.await;
    }));

    // Once the scheduler has created the schedule, step over its occurrence.
    tokio::time::timeout(Duration::from_secs(10), async {
        while backend.store.list_schedules().await.unwrap().is_empty() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap();
    clock.set(ts("2026-03-02T12:01:00Z"));
    runs.wait_for(1).await;
    assert_eq!(runs.all()[0].run_at, ts("2026-03-02T12:01:00Z"));

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .unwrap()
        .unwrap();
}
