//! "Nothing is lost": every ticket acknowledged with 201 survives `kill -9` of
//! the server, on both backends, with the number it was given.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::{Backend, ServerProcess, TestDb, create_token, http_client};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tessera_core::Role;

/// Acknowledged creates wanted before the kill.
const ACKNOWLEDGED: usize = 200;
/// Concurrent writers, so that requests are still in flight when the server dies.
const WRITERS: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_tickets_survive_kill_9_sqlite() {
    acknowledged_tickets_survive_kill_9(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_tickets_survive_kill_9_postgres() {
    acknowledged_tickets_survive_kill_9(Backend::Postgres).await;
}

async fn acknowledged_tickets_survive_kill_9(backend: Backend) {
    let Some(db) = TestDb::fresh(backend).await else {
        return;
    };
    let mut server = ServerProcess::start(&db).await;
    let token = create_token(&db, "admin@example.com", Role::Admin);

    // (id, number) of every ticket the server answered 201 for.
    let acknowledged: Arc<Mutex<Vec<(i64, i64)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for writer in 0..WRITERS {
        let (acknowledged, stop) = (Arc::clone(&acknowledged), Arc::clone(&stop));
        let (url, token) = (server.url("/api/v1/tickets"), token.clone());
        writers.push(tokio::spawn(async move {
            let client = http_client();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({
                        "subject": format!("Printer on floor {writer} is jammed, report {n}"),
                        "description": "It blinks orange and prints nothing.",
                        "requester_email": format!("customer{writer}@example.com"),
                    }))
                    .send()
                    .await;
                // Once the server is killed, requests fail: that is the point.
                let Ok(response) = response else { break };
                let status = response.status();
                let Ok(body) = response.json::<Value>().await else {
                    break;
                };
                assert_eq!(status, StatusCode::CREATED, "create failed: {body}");
                let id = body["id"].as_i64().expect("ticket id");
                let number = body["number"].as_i64().expect("ticket number");
                let mut acknowledged = acknowledged.lock().unwrap();
                acknowledged.push((id, number));
                if acknowledged.len() >= ACKNOWLEDGED {
                    stop.store(true, Ordering::SeqCst);
                }
            }
        }));
    }
    while !stop.load(Ordering::SeqCst) {
        if writers.iter().all(|w| w.is_finished()) {
            break; // a writer failed: its panic is reported below
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    // The other writers' requests are in flight right now.
    server.kill_9();
    for writer in writers {
        writer.await.expect("writer task");
    }

    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= ACKNOWLEDGED,
        "only {} tickets acknowledged before the kill",
        acknowledged.len()
    );
    let numbers: HashSet<i64> = acknowledged.iter().map(|(_, number)| *number).collect();
    assert_eq!(
        numbers.len(),
        acknowledged.len(),
        "ticket numbers are unique"
    );

    let server = ServerProcess::start(&db).await;
    let client = http_client();
    for (id, number) in &acknowledged {
        let response = client
            .get(server.url(&format!("/api/v1/tickets/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "acknowledged ticket {id} (#{number}) is gone after kill -9"
        );
        let ticket: Value = response.json().await.unwrap();
        assert_eq!(ticket["number"].as_i64(), Some(*number), "ticket {id}");
    }

    // Numbering carries on after the crash, never reusing an acknowledged number.
    let response = client
        .post(server.url("/api/v1/tickets"))
        .bearer_auth(&token)
        .json(&json!({
            "subject": "After the restart",
            "description": "Numbering continues.",
            "requester_email": "customer0@example.com",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let ticket: Value = response.json().await.unwrap();
    let highest = numbers.iter().max().copied().unwrap_or(0);
    assert!(
        ticket["number"].as_i64().unwrap() > highest,
        "new number {} not above {highest}",
        ticket["number"]
    );
}
