//! The ticket lifecycle through HTTP: transitions, priority override, first
//! response, follow-ups, attachments.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::json;
use tessera_core::Role;

use super::{call, create_ticket, error_code};
use crate::common::{TestApp, both_backends};

both_backends!(
    status_transitions_are_validated,
    priority_matrix_and_override_are_recorded,
    closed_tickets_are_final_and_replies_open_follow_ups,
    attachments_round_trip,
);

async fn status_transitions_are_validated(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let t = create_ticket(
        &app,
        &agent,
        json!({"subject": "Lifecycle", "requester_email": "l@example.com"}),
    )
    .await;
    let path = format!("/api/v1/tickets/{}", t["id"]);
    let set = |status: &'static str| app.patch_json(&path, &agent, &json!({ "status": status }));

    assert_eq!(call(set("solved")).await.0, StatusCode::OK);
    let (status, err) = call(set("pending")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        err["error"]["details"][0]["message"],
        "cannot change status from solved to pending; allowed: open, closed"
    );
    assert_eq!(call(set("new")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, reopened) = call(set("open")).await;
    assert_eq!(reopened["status"], "open");
    assert!(
        reopened["solved_at"].is_null(),
        "reopening clears solved_at"
    );
    assert_eq!(
        call(set("closed")).await.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only solved tickets close"
    );
    call(set("solved")).await;
    let (_, closed) = call(set("closed")).await;
    assert_eq!(closed["status"], "closed");
    assert!(closed["closed_at"].is_string());
}

async fn priority_matrix_and_override_are_recorded(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let t = create_ticket(
        &app,
        &agent,
        json!({"subject": "Matrix", "impact": 2, "urgency": 3, "requester_email": "p@example.com"}),
    )
    .await;
    assert_eq!(t["priority"], "normal");
    assert_eq!(t["priority_overridden"], false);
    let path = format!("/api/v1/tickets/{}", t["id"]);
    let (_, t2) = call(app.patch_json(&path, &agent, &json!({"priority": "urgent"}))).await;
    assert_eq!(t2["priority"], "urgent");
    assert_eq!(t2["priority_overridden"], true);
    // While overridden, impact/urgency changes leave the priority alone.
    let (_, t3) = call(app.patch_json(&path, &agent, &json!({"impact": 4, "urgency": 4}))).await;
    assert_eq!(t3["priority"], "urgent");
    // Back to the matrix.
    let (_, t4) = call(app.patch_json(&path, &agent, &json!({"priority": null}))).await;
    assert_eq!(t4["priority"], "low");
    assert_eq!(t4["priority_overridden"], false);
    let (_, events) = call(app.get(&format!("{path}/events"), &agent)).await;
    let overrides: Vec<_> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] == "priority_overridden")
        .map(|e| e["new_value"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(overrides, ["true", "false"]);
}

async fn closed_tickets_are_final_and_replies_open_follow_ups(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let customer = app.token_for("f@example.com", Role::Customer).await;
    let t = create_ticket(
        &app,
        &agent,
        json!({"subject": "Old issue", "requester_email": "f@example.com"}),
    )
    .await;
    let id = t["id"].as_i64().unwrap();
    let path = format!("/api/v1/tickets/{id}");
    let (_, replied) = call(app.post_json(
        &format!("{path}/comments"),
        &agent,
        &json!({"body": "Fixed", "status": "solved"}),
    ))
    .await;
    assert_eq!(replied["ticket_id"], id);
    let (_, solved) = call(app.get(&path, &agent)).await;
    assert_eq!(solved["status"], "solved");
    assert!(
        solved["first_response_at"].is_string(),
        "a public reply is the first response"
    );
    call(app.patch_json(&path, &agent, &json!({"status": "closed"}))).await;

    let (status, err) = call(app.patch_json(&path, &agent, &json!({"subject": "edit"}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&err), "ticket_closed");
    let (status, _) = call(app.post_json(
        &format!("{path}/comments"),
        &agent,
        &json!({"body": "late note", "public": false}),
    ))
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (status, follow) = call(app.post_json(
        &format!("{path}/comments"),
        &customer,
        &json!({"body": "It broke again"}),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{follow}");
    assert_eq!(follow["follow_up_of"], id);
    let new_id = follow["ticket_id"].as_i64().unwrap();
    assert_ne!(new_id, id);
    let (_, new_ticket) = call(app.get(&format!("/api/v1/tickets/{new_id}"), &customer)).await;
    assert_eq!(new_ticket["subject"], "Follow-up: Old issue");
    assert_eq!(new_ticket["status"], "new");
    let (_, events) = call(app.get(&format!("/api/v1/tickets/{new_id}/events"), &agent)).await;
    assert!(
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "follow_up_of" && e["new_value"] == format!("#{}", t["number"]))
    );
    let (_, old_events) = call(app.get(&format!("{path}/events"), &agent)).await;
    assert!(
        old_events["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "follow_up")
    );
}

async fn attachments_round_trip(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let customer = app.token_for("att@example.com", Role::Customer).await;
    let t = create_ticket(
        &app,
        &agent,
        json!({"subject": "Logs", "requester_email": "att@example.com"}),
    )
    .await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let (status, comment) = call(app.post_json(
        &format!("/api/v1/tickets/{}/comments", t["id"]),
        &customer,
        &json!({"body": "see attached", "attachments": [{"filename": "trace.bin", "content_type": "application/octet-stream", "content_base64": encoded}]}),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{comment}");
    let att = &comment["attachments"][0];
    assert_eq!(att["size"], 70_000);
    let url = att["url"].as_str().unwrap();
    let response = app
        .client
        .get(app.url(url))
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(response.bytes().await.unwrap().to_vec(), bytes);

    // Another customer cannot fetch it.
    let stranger = app.token_for("stranger@example.com", Role::Customer).await;
    let response = app
        .client
        .get(app.url(url))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
