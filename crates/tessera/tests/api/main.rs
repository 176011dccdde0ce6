//! Acceptance tests of the JSON API on both backends: the stable contract, the
//! role matrix, bad input, and the ticket lifecycle through HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod contract;
mod lifecycle;
mod roles;
mod sla;

use common::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

/// Sends a request and returns status and JSON body (Null when empty/not JSON).
pub async fn call(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = req.send().await.expect("request sent");
    let status = response.status();
    let text = response.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Creates a ticket as `token` and returns its JSON.
pub async fn create_ticket(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, json) = call(app.post_json("/api/v1/tickets", token, &body)).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    json
}

/// The error body's code, asserting the documented shape.
pub fn error_code(body: &Value) -> &str {
    let error = body
        .get("error")
        .unwrap_or_else(|| panic!("no error object in {body}"));
    assert!(
        error["message"].is_string(),
        "error without message: {body}"
    );
    error["code"].as_str().expect("error code")
}
