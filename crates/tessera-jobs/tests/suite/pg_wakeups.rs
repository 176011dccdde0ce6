//! LISTEN/NOTIFY between nodes: a node hears the others' wake-ups, not its own.

use std::time::Duration;

use futures_util::StreamExt;
use tessera_jobs::{PeerSignal, PgNotifier, pg_wakeups};
use tessera_store_postgres::testing::fresh_database;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_hear_each_other_but_not_themselves() {
    let Some((url, _database)) = fresh_database().await else {
        return;
    };
    let mut heard_by_a = Box::pin(pg_wakeups(&url, "node-a").await.unwrap());
    let a = PgNotifier::start(&url, "node-a").unwrap();
    let b = PgNotifier::start(&url, "node-b").unwrap();

    a.signal();
    let own = tokio::time::timeout(Duration::from_millis(500), heard_by_a.next()).await;
    assert!(own.is_err(), "a node must not be woken by its own NOTIFY");

    // A burst from the other node arrives as at least one wake-up, promptly.
    for _ in 0..20 {
        b.signal();
    }
    tokio::time::timeout(Duration::from_secs(5), heard_by_a.next())
        .await
        .expect("the other node's NOTIFY arrives")
        .expect("the stream never ends");
}
