//! Periodic schedules: created once, advanced by compare-and-set with exactly one
//! enqueued job per occurrence, however many nodes race.

use std::sync::Arc;

use serde_json::json;

use super::fixtures::*;
use super::jobs::new_job;
use crate::{NewJob, Schedule, Store};

pub async fn schedules_are_ensured_once(store: Arc<dyn Store>) {
    assert!(store.list_schedules().await.expect("list").is_empty());
    let digest = store
        .ensure_schedule("daily_digest", at(100))
        .await
        .expect("ensure");
    assert_eq!(
        digest,
        Schedule {
            name: "daily_digest".to_owned(),
            next_run_at: at(100),
            last_run_at: None,
        }
    );
    // Ensuring again (another node starting, a restart) keeps what is stored.
    let again = store
        .ensure_schedule("daily_digest", at(500))
        .await
        .expect("ensure");
    assert_eq!(again, digest);
    let cleanup = store
        .ensure_schedule("cleanup", at(50))
        .await
        .expect("ensure");
    assert_eq!(
        store.list_schedules().await.expect("list"),
        [cleanup, digest]
    );
    assert_not_found(
        store
            .advance_schedule("missing", at(0), at(1), Some(new_job("x", at(0))))
            .await,
        "schedule",
    );
    assert!(store.list_jobs(None, 10).await.expect("jobs").is_empty());
}

pub async fn schedules_advance_by_compare_and_set(store: Arc<dyn Store>) {
    store
        .ensure_schedule("sla_sweep", at(100))
        .await
        .expect("ensure");
    let occurrence = |round: i64| NewJob {
        payload: json!({"round": round}),
        ..new_job("sla_sweep", at(100 * round))
    };

    // A stale expectation changes nothing and enqueues nothing.
    assert!(
        !store
            .advance_schedule("sla_sweep", at(99), at(200), Some(occurrence(0)))
            .await
            .expect("advance")
    );
    assert!(store.list_jobs(None, 10).await.expect("jobs").is_empty());

    // Racing nodes: exactly one wins each occurrence.
    for round in 1..=5 {
        let racers: Vec<_> = (0..8)
            .map(|_| {
                let store = Arc::clone(&store);
                tokio::spawn(async move {
                    store
                        .advance_schedule(
                            "sla_sweep",
                            at(100 * round),
                            at(100 * (round + 1)),
                            Some(occurrence(round)),
                        )
                        .await
                        .expect("advance")
                })
            })
            .collect();
        let mut winners = 0;
        for racer in racers {
            if racer.await.expect("racer") {
                winners += 1;
            }
        }
        assert_eq!(winners, 1, "round {round}");
    }
    let mut rounds: Vec<i64> = store
        .list_jobs(None, 100)
        .await
        .expect("jobs")
        .iter()
        .map(|j| j.payload["round"].as_i64().expect("round"))
        .collect();
    rounds.sort_unstable();
    assert_eq!(rounds, [1, 2, 3, 4, 5]);
    assert_eq!(
        store.list_schedules().await.expect("list"),
        [Schedule {
            name: "sla_sweep".to_owned(),
            next_run_at: at(600),
            last_run_at: Some(at(500)),
        }]
    );

    // An occurrence may be skipped without a job.
    assert!(
        store
            .advance_schedule("sla_sweep", at(600), at(700), None)
            .await
            .expect("advance")
    );
    assert_eq!(store.list_jobs(None, 100).await.expect("jobs").len(), 5);
}
