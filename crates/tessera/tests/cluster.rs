//! Two `tessera serve` nodes on one PostgreSQL database: a change committed
//! through one node reaches the live subscribers (open views, ticket pages) of
//! the other, and a node never hears its own changes twice.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{Backend, TestApp};
use serde_json::json;
use tessera::Application;
use tessera_core::Role;
use tessera_service::Change;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::TryRecvError;

/// Waits for a change about `ticket_id` on `rx`, skipping others.
async fn change_for(rx: &mut Receiver<Change>, ticket_id: i64) -> Change {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match rx.recv().await {
                Ok(change) if change.ticket_id() == ticket_id => return change,
                Ok(_) => {}
                Err(e) => panic!("change stream failed: {e}"),
            }
        }
    })
    .await
    .expect("the peer node heard of the change within 10 s")
}

#[tokio::test]
async fn changes_made_on_one_node_reach_the_other_nodes_live_views() {
    let Some(node_a) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    // A second node on the same database: built, not serving HTTP; its service
    // is what its live views subscribe to.
    let node_b = Application::build(&node_a.db().config())
        .await
        .expect("second node starts");
    let mut on_b = node_b.service().subscribe();
    let mut on_a = node_a.service.subscribe();
    // Give the second node's listener a moment to be in place: LISTEN is issued
    // before `build` returns, so this only guards against a slow CI machine.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let token = node_a.token(Role::Agent).await;
    let created: serde_json::Value = node_a
        .post_json(
            "/api/v1/tickets",
            &token,
            &json!({"subject": "Seen everywhere", "description": "x",
                    "requester_email": "c@example.test"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().expect("ticket id");
    assert_eq!(
        change_for(&mut on_b, id).await,
        Change::TicketCreated { ticket_id: id }
    );

    let reply = node_a
        .post_json(
            &format!("/api/v1/tickets/{id}/comments"),
            &token,
            &json!({"body": "On it", "public": true}),
        )
        .send()
        .await
        .unwrap();
    assert!(
        reply.status().is_success(),
        "{}",
        reply.text().await.unwrap()
    );
    match change_for(&mut on_b, id).await {
        Change::CommentAdded {
            ticket_id, public, ..
        } => {
            assert_eq!(ticket_id, id);
            assert!(public);
        }
        other => panic!("expected the comment, got {other:?}"),
    }

    // Node A saw each change once: its own, not echoed back by the database.
    assert_eq!(
        change_for(&mut on_a, id).await,
        Change::TicketCreated { ticket_id: id }
    );
    assert!(matches!(
        change_for(&mut on_a, id).await,
        Change::CommentAdded { .. }
    ));
    tokio::time::sleep(Duration::from_millis(500)).await;
    loop {
        match on_a.try_recv() {
            Ok(change) if change.ticket_id() == id => {
                assert!(
                    matches!(change, Change::TicketUpdated { .. }),
                    "node A heard a change twice: {change:?}"
                );
            }
            Ok(_) => {}
            Err(TryRecvError::Empty) => break,
            Err(e) => panic!("{e}"),
        }
    }
    drop(node_b);
    node_a.stop().await;
}

/// Waits until `check` holds, polling; false after 10 s.
async fn eventually(mut check: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn who_views_a_ticket_on_one_node_shows_on_the_others() {
    let Some(node_a) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let node_b = Application::build(&node_a.db().config())
        .await
        .expect("second node starts");
    let token = node_a.token(Role::Agent).await;
    let created: serde_json::Value = node_a
        .post_json(
            "/api/v1/tickets",
            &token,
            &json!({"subject": "Who is on it", "requester_email": "c@example.test"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().expect("ticket id");

    // Ana signs in on node A and opens the ticket (its live stream is the visit).
    node_a
        .service
        .admin_create_token("ana@example.test", "Ana Agent", Role::Agent)
        .await
        .unwrap();
    node_a
        .service
        .admin_set_password("ana@example.test", "password123")
        .await
        .unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = browser
        .post(node_a.url("/login"))
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body("email=ana%40example.test&password=password123")
        .send()
        .await
        .unwrap();
    let cookie = login
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_owned();
    let stream = browser
        .get(node_a.url(&format!("/ui/events?ticket={id}")))
        .header(reqwest::header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert!(stream.status().is_success());

    // Someone on node B sees her.
    let presence = node_b.presence().clone();
    assert!(
        eventually(|| presence.others(id, 0).0 == vec!["ana".to_owned()]).await,
        "node B never saw the viewer on node A: {:?}",
        presence.others(id, 0)
    );
    // She closes the tab: node B forgets her.
    drop(stream);
    assert!(
        eventually(|| presence.others(id, 0).0.is_empty()).await,
        "node B still shows a viewer who left: {:?}",
        presence.others(id, 0)
    );
    drop(node_b);
    node_a.stop().await;
}
