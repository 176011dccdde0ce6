//! Durable jobs: enqueue, claim, complete, dedupe, retries with back-off, dead
//! jobs, expired leases, concurrent claimers, and jobs written atomically with
//! ticket changes.

use std::collections::BTreeSet;
use std::sync::Arc;

use jiff::SignedDuration;
use serde_json::json;

use super::fixtures::*;
use crate::{Job, JobStatus, NewJob, Store, TicketWrite};

const LEASE: SignedDuration = SignedDuration::from_secs(60);

pub(super) fn new_job(kind: &str, run_at: jiff::Timestamp) -> NewJob {
    NewJob {
        kind: kind.to_owned(),
        payload: json!({"kind": kind, "to": ["ann@example.test"], "n": 1}),
        run_at,
        max_attempts: 3,
        dedupe_key: None,
    }
}

fn deduped(kind: &str, key: &str) -> NewJob {
    NewJob {
        dedupe_key: Some(key.to_owned()),
        ..new_job(kind, at(0))
    }
}

fn job_ids(jobs: &[Job]) -> Vec<i64> {
    jobs.iter().map(|j| j.id).collect()
}

async fn all_jobs(store: &Arc<dyn Store>) -> Vec<Job> {
    store.list_jobs(None, 500).await.expect("list jobs")
}

async fn job(store: &Arc<dyn Store>, id: i64) -> Job {
    all_jobs(store)
        .await
        .into_iter()
        .find(|j| j.id == id)
        .expect("job listed")
}

pub async fn jobs_enqueue_claim_complete(store: Arc<dyn Store>) {
    assert_eq!(store.next_job_due().await.expect("next due"), None);
    let mut late = new_job("late", at(20));
    late.payload = json!({"text": "Zażółć 🖨 '; DROP TABLE jobs; --", "list": [1, {"a": null}]});
    let ids = store
        .enqueue_jobs(vec![
            new_job("a", at(10)),
            new_job("b", at(5)),
            late.clone(),
        ])
        .await
        .expect("enqueue");
    let [a, b, c] = ids[..] else {
        panic!("three ids, got {ids:?}")
    };
    assert!(a < b && b < c, "ids increase in input order: {ids:?}");
    assert!(
        store
            .enqueue_jobs(Vec::new())
            .await
            .expect("none")
            .is_empty()
    );

    let stored = job(&store, c).await;
    assert_eq!(stored.kind, "late");
    assert_eq!(stored.payload, late.payload);
    assert_eq!(stored.run_at, at(20));
    assert_eq!(stored.status, JobStatus::Queued);
    assert_eq!((stored.attempts, stored.max_attempts), (0, 3));
    assert_eq!(stored.locked_by, None);
    assert_eq!(stored.finished_at, None);
    assert_eq!(store.next_job_due().await.expect("next due"), Some(at(5)));

    // Nothing is due yet; then the due ones come oldest run_at first.
    let none = store.claim_jobs("w1", 10, at(4), LEASE).await;
    assert!(none.expect("claim").is_empty());
    let claimed = store.claim_jobs("w1", 10, at(10), LEASE).await;
    let claimed = claimed.expect("claim");
    assert_eq!(job_ids(&claimed), [b, a]);
    for j in &claimed {
        assert_eq!(j.status, JobStatus::Running);
        assert_eq!(j.locked_by.as_deref(), Some("w1"));
        assert_eq!(j.locked_until, Some(at(70)));
        assert_eq!(j.attempts, 1);
    }
    assert_eq!(claimed[0], job(&store, b).await);
    assert_eq!(store.next_job_due().await.expect("next due"), Some(at(20)));
    // Held jobs are not claimed again while their lease runs.
    let held = store.claim_jobs("w2", 10, at(11), LEASE).await;
    assert!(held.expect("claim").is_empty());
    assert_eq!(
        job_ids(
            &store
                .claim_jobs("w2", 1, at(30), LEASE)
                .await
                .expect("claim")
        ),
        [c]
    );

    assert!(!store.complete_job(b, "w2", at(12)).await.expect("complete"));
    assert!(store.complete_job(b, "w1", at(12)).await.expect("complete"));
    assert!(!store.complete_job(b, "w1", at(13)).await.expect("complete"));
    assert!(
        !store
            .complete_job(b + 1000, "w1", at(13))
            .await
            .expect("complete")
    );
    let done = store
        .list_jobs(Some(JobStatus::Done), 10)
        .await
        .expect("list");
    assert_eq!(job_ids(&done), [b]);
    assert_eq!(done[0].finished_at, Some(at(12)));
    assert_eq!(done[0].locked_by, None);
    assert_eq!(done[0].locked_until, None);

    // Newest first, with a limit.
    assert_eq!(job_ids(&all_jobs(&store).await), [c, b, a]);
    assert_eq!(
        job_ids(&store.list_jobs(None, 2).await.expect("list")),
        [c, b]
    );
    assert_eq!(
        job_ids(
            &store
                .list_jobs(Some(JobStatus::Running), 10)
                .await
                .expect("list")
        ),
        [c, a]
    );
    assert!(
        store
            .list_jobs(Some(JobStatus::Dead), 10)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(store.next_job_due().await.expect("next due"), None);
    assert_eq!(
        store.job_counts().await.expect("counts"),
        [
            ("a".to_owned(), JobStatus::Running, 1),
            ("b".to_owned(), JobStatus::Done, 1),
            ("late".to_owned(), JobStatus::Running, 1),
        ]
    );
}

pub async fn jobs_are_deduplicated_while_live(store: Arc<dyn Store>) {
    let ids = store
        .enqueue_jobs(vec![
            deduped("sla", "sla:1"),
            deduped("sla", "sla:1"),
            new_job("plain", at(0)),
            deduped("sla", "sla:2"),
        ])
        .await
        .expect("enqueue");
    let [first, again, plain, second] = ids[..] else {
        panic!("four ids, got {ids:?}")
    };
    assert_eq!(first, again);
    assert_ne!(first, second);
    assert_ne!(first, plain);
    assert_eq!(all_jobs(&store).await.len(), 3);
    assert_eq!(
        store
            .enqueue_jobs(vec![deduped("sla", "sla:1")])
            .await
            .expect("enqueue"),
        [first]
    );

    // Running still holds the key.
    let claimed = store
        .claim_jobs("w", 10, at(0), LEASE)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 3);
    let again = store.enqueue_jobs(vec![deduped("sla", "sla:1")]).await;
    assert_eq!(again.expect("enqueue"), [first]);

    // Done releases it: the next one is a new job.
    assert!(
        store
            .complete_job(first, "w", at(1))
            .await
            .expect("complete")
    );
    let fresh = store
        .enqueue_jobs(vec![deduped("sla", "sla:1")])
        .await
        .expect("enqueue");
    assert_ne!(fresh, [first]);
    assert_eq!(all_jobs(&store).await.len(), 4);

    // So does dead; retrying the dead one while a live one holds the key conflicts.
    assert!(
        store
            .fail_job(second, "w", "boom", None, at(2))
            .await
            .expect("fail")
    );
    let replacement = store
        .enqueue_jobs(vec![deduped("sla", "sla:2")])
        .await
        .expect("enqueue");
    assert_ne!(replacement, [second]);
    assert_conflict(store.retry_job(second, at(3)).await, "job_dedupe");
    assert_eq!(job(&store, second).await.status, JobStatus::Dead);
}

pub async fn jobs_retry_after_their_back_off(store: Arc<dyn Store>) {
    let ids = store
        .enqueue_jobs(vec![new_job("mail", at(0))])
        .await
        .expect("enqueue");
    let id = ids[0];
    let first = store
        .claim_jobs("w1", 5, at(1), LEASE)
        .await
        .expect("claim");
    assert_eq!(job_ids(&first), [id]);

    assert!(
        !store
            .fail_job(id, "other", "nope", Some(at(5)), at(2))
            .await
            .expect("fail by another worker")
    );
    assert!(
        store
            .fail_job(id, "w1", "smtp: 451 try later", Some(at(100)), at(2))
            .await
            .expect("fail")
    );
    let queued = job(&store, id).await;
    assert_eq!(queued.status, JobStatus::Queued);
    assert_eq!(queued.run_at, at(100));
    assert_eq!(queued.attempts, 1);
    assert_eq!(queued.last_error.as_deref(), Some("smtp: 451 try later"));
    assert_eq!((queued.locked_by, queued.locked_until), (None, None));
    assert_eq!(queued.finished_at, None);
    assert_eq!(store.next_job_due().await.expect("next due"), Some(at(100)));
    // The worker that failed it no longer holds it.
    assert!(!store.complete_job(id, "w1", at(3)).await.expect("complete"));

    // Not claimable before its back-off ends.
    let early = store.claim_jobs("w2", 5, at(99), LEASE).await;
    assert!(early.expect("claim").is_empty());
    let retried = store.claim_jobs("w2", 5, at(100), LEASE).await;
    let retried = retried.expect("claim");
    assert_eq!(job_ids(&retried), [id]);
    assert_eq!(retried[0].attempts, 2);
    assert_eq!(retried[0].locked_by.as_deref(), Some("w2"));
    assert!(
        store
            .complete_job(id, "w2", at(101))
            .await
            .expect("complete")
    );
}

pub async fn jobs_die_without_retry_until_retried_now(store: Arc<dyn Store>) {
    let ids = store
        .enqueue_jobs(vec![new_job("webhook", at(0))])
        .await
        .expect("enqueue");
    let id = ids[0];
    store.claim_jobs("w", 5, at(1), LEASE).await.expect("claim");
    assert!(
        store
            .fail_job(id, "w", "HTTP 500", None, at(5))
            .await
            .expect("fail")
    );
    let dead = job(&store, id).await;
    assert_eq!(dead.status, JobStatus::Dead);
    assert_eq!(dead.finished_at, Some(at(5)));
    assert_eq!(dead.last_error.as_deref(), Some("HTTP 500"));
    assert_eq!(dead.locked_by, None);
    assert!(
        store
            .claim_jobs("w", 5, at(10_000), LEASE)
            .await
            .expect("claim")
            .is_empty()
    );
    assert_eq!(store.next_job_due().await.expect("next due"), None);
    assert_eq!(
        job_ids(
            &store
                .list_jobs(Some(JobStatus::Dead), 10)
                .await
                .expect("list")
        ),
        [id]
    );

    // "Retry now": queued again, due now, with its attempts starting over.
    assert!(store.retry_job(id, at(50)).await.expect("retry"));
    let queued = job(&store, id).await;
    assert_eq!(queued.status, JobStatus::Queued);
    assert_eq!(queued.run_at, at(50));
    assert_eq!(queued.attempts, 0);
    assert_eq!(queued.finished_at, None);
    // Only dead jobs are retried.
    assert!(!store.retry_job(id, at(51)).await.expect("retry"));
    assert!(!store.retry_job(id + 1000, at(51)).await.expect("retry"));
    let again = store
        .claim_jobs("w", 5, at(50), LEASE)
        .await
        .expect("claim");
    assert_eq!(job_ids(&again), [id]);
    assert_eq!(again[0].attempts, 1);
}

pub async fn jobs_with_expired_leases_are_reclaimed(store: Arc<dyn Store>) {
    let ids = store
        .enqueue_jobs(vec![new_job("slow", at(0)), new_job("other", at(30))])
        .await
        .expect("enqueue");
    let (slow, other) = (ids[0], ids[1]);
    let first = store
        .claim_jobs("w1", 1, at(0), LEASE)
        .await
        .expect("claim");
    assert_eq!(job_ids(&first), [slow]);
    assert_eq!(first[0].locked_until, Some(at(60)));

    // The lease still runs at its last instant; after it, the job is up for grabs,
    // and comes before later queued jobs (oldest run_at first).
    let at_end = store.claim_jobs("w2", 1, at(60), LEASE).await;
    assert_eq!(job_ids(&at_end.expect("claim")), [other]);
    let taken = store.claim_jobs("w2", 5, at(61), LEASE).await;
    let taken = taken.expect("claim");
    assert_eq!(job_ids(&taken), [slow]);
    assert_eq!(taken[0].locked_by.as_deref(), Some("w2"));
    assert_eq!(taken[0].locked_until, Some(at(121)));
    assert_eq!(taken[0].attempts, 2);

    // The first worker wakes up: it holds nothing any more.
    assert!(
        !store
            .complete_job(slow, "w1", at(62))
            .await
            .expect("complete")
    );
    assert!(
        !store
            .fail_job(slow, "w1", "late", Some(at(70)), at(62))
            .await
            .expect("fail")
    );
    assert_eq!(job(&store, slow).await.locked_by.as_deref(), Some("w2"));
    assert!(
        store
            .complete_job(slow, "w2", at(63))
            .await
            .expect("complete")
    );
}

pub async fn jobs_concurrent_claimers_take_each_job_once(store: Arc<dyn Store>) {
    let new: Vec<NewJob> = (0..500)
        .map(|i| NewJob {
            payload: json!({"n": i}),
            ..new_job("bulk", at(i % 50))
        })
        .collect();
    let ids = store.enqueue_jobs(new).await.expect("enqueue");
    assert_eq!(ids.len(), 500);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 500);

    let claimers: Vec<_> = (0..50)
        .map(|w| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let worker = format!("worker-{w}");
                let mut mine = Vec::new();
                loop {
                    let batch = store
                        .claim_jobs(&worker, 7, at(100), LEASE)
                        .await
                        .expect("claim");
                    if batch.is_empty() {
                        return mine;
                    }
                    for job in batch {
                        assert_eq!(job.locked_by.as_deref(), Some(worker.as_str()));
                        assert_eq!(job.attempts, 1, "job {} claimed twice", job.id);
                        mine.push(job.id);
                    }
                }
            })
        })
        .collect();
    let mut claimed = Vec::new();
    for claimer in claimers {
        claimed.extend(claimer.await.expect("claimer"));
    }
    assert_eq!(claimed.len(), 500, "every job claimed exactly once");
    assert_eq!(sorted(claimed), sorted(ids));
    assert!(
        store
            .claim_jobs("late", 10, at(100), LEASE)
            .await
            .expect("claim")
            .is_empty()
    );
    assert_eq!(
        store.job_counts().await.expect("counts"),
        [("bulk".to_owned(), JobStatus::Running, 500)]
    );
}

pub async fn jobs_are_written_atomically_with_tickets(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let kinds = |jobs: Vec<Job>| {
        let mut kinds: Vec<String> = jobs.into_iter().map(|j| j.kind).collect();
        kinds.sort();
        kinds
    };

    let mut new = new_ticket(ticket(&ann, "with jobs"));
    new.jobs = vec![new_job("notify_created", at(1))];
    new.idempotency = Some(crate::IdempotencyKey {
        user_id: ann.id,
        key: "k1".to_owned(),
        request_fingerprint: "f1".to_owned(),
    });
    let created = store
        .create_ticket(new.clone())
        .await
        .expect("create")
        .value;
    assert_eq!(kinds(all_jobs(&store).await), ["notify_created"]);
    // A replayed create writes nothing, jobs included.
    assert!(store.create_ticket(new).await.expect("replay").replayed);
    assert_eq!(all_jobs(&store).await.len(), 1);

    let mut next = created.clone();
    next.subject = "changed".to_owned();
    let write = TicketWrite {
        sla: None,
        notifications: Vec::new(),
        ticket: next,
        comment: None,
        events: vec![field_changed("subject", "with jobs", "changed", at(2))],
        jobs: vec![new_job("notify_updated", at(2)), new_job("webhook", at(2))],
    };
    store.update_ticket(write.clone()).await.expect("update");
    assert_eq!(
        kinds(all_jobs(&store).await),
        ["notify_created", "notify_updated", "webhook"]
    );

    // The same write again is stale: it fails, and enqueues nothing.
    let stale = TicketWrite {
        jobs: vec![new_job("must_not_exist", at(3))],
        ..write.clone()
    };
    assert_conflict(store.update_ticket(stale).await, "ticket_version");
    let mut ghost = write;
    ghost.ticket.id += 1000;
    ghost.jobs = vec![new_job("must_not_exist", at(3))];
    assert_not_found(store.update_ticket(ghost).await, "ticket");
    assert_eq!(all_jobs(&store).await.len(), 3);

    // So does a create that fails on a missing reference.
    let mut orphan = new_ticket(ticket(&ann, "orphan"));
    orphan.ticket.assignee_id = Some(ann.id + 1000);
    orphan.jobs = vec![new_job("must_not_exist", at(4))];
    assert_conflict(store.create_ticket(orphan).await, "reference");

    // The import path writes its tickets' jobs too.
    let mut imported = new_ticket(ticket(&ann, "imported"));
    imported.jobs = vec![new_job("index_imported", at(5))];
    assert_eq!(
        store.import_tickets(vec![imported]).await.expect("import"),
        1
    );
    assert_eq!(
        kinds(all_jobs(&store).await),
        [
            "index_imported",
            "notify_created",
            "notify_updated",
            "webhook"
        ]
    );
}
