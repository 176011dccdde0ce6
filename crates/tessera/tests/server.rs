//! The in-process server of `TestApp` on both backends: operations endpoints,
//! tokens per role, and a clean stop. API behaviour has its own suites.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tessera_core::Role;

both_backends!(
    operations_endpoints_answer,
    every_role_gets_a_working_token,
    tickets_round_trip_and_the_server_stops_cleanly,
);

async fn operations_endpoints_answer(app: TestApp) {
    for path in ["/healthz", "/readyz", "/metrics"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let spec: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["paths"]["/api/v1/tickets"].is_object(), "{spec}");
}

async fn every_role_gets_a_working_token(app: TestApp) {
    for role in Role::ALL {
        let token = app.token(role).await;
        let response = app.get("/api/v1/tickets", &token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{role}");
    }
    let response = app.get("/api/v1/tickets", "tsr_nope").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

async fn tickets_round_trip_and_the_server_stops_cleanly(app: TestApp) {
    let token = app.token(Role::Agent).await;
    let created = app
        .post_json(
            "/api/v1/tickets",
            &token,
            &json!({
                "subject": "Drukarka nie drukuje",
                "description": "Od wczoraj drukarka zgłasza zacięcie papieru.",
                "requester_email": "anna@example.com",
            }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let ticket: Value = created.json().await.unwrap();
    let fetched: Value = app
        .get(&format!("/api/v1/tickets/{}", ticket["id"]), &token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["number"], ticket["number"]);
    app.stop().await;
}
