//! The role matrix: every endpoint × every role, allowed or denied, and every
//! endpoint without credentials. Roles are enforced in one place (the service's
//! policy module); this proves it from the outside.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tessera_core::Role;

use super::{call, create_ticket, error_code};
use crate::common::{TestApp, both_backends};

both_backends!(
    every_endpoint_for_every_role,
    every_endpoint_requires_credentials
);

/// Column order of the expectations.
const ROLES: [Role; 5] = [
    Role::Admin,
    Role::Supervisor,
    Role::Agent,
    Role::LightAgent,
    Role::Customer,
];

struct Case {
    what: &'static str,
    method: Method,
    path: String,
    /// Built per role so that creates do not collide (unique names and emails).
    body: Option<fn(&str) -> Value>,
    /// Expected status for admin, supervisor, agent, light_agent, customer.
    expect: [u16; 5],
}

struct Fixture {
    /// Requested by the customer under test.
    own_ticket: i64,
    /// Requested by another customer.
    other_ticket: i64,
    other_customer: i64,
    group: i64,
    organization: i64,
}

async fn fixture(app: &TestApp, admin: &str) -> Fixture {
    let own = create_ticket(
        app,
        admin,
        json!({"subject": "Own", "requester_email": "customer@matrix.test"}),
    )
    .await;
    let other = create_ticket(
        app,
        admin,
        json!({"subject": "Other", "requester_email": "other@matrix.test"}),
    )
    .await;
    let (_, group) =
        call(app.post_json("/api/v1/groups", admin, &json!({"name": "Matrix group"}))).await;
    let (_, org) = call(app.post_json(
        "/api/v1/organizations",
        admin,
        &json!({"name": "Matrix org"}),
    ))
    .await;
    Fixture {
        own_ticket: own["id"].as_i64().unwrap(),
        other_ticket: other["id"].as_i64().unwrap(),
        other_customer: other["requester_id"].as_i64().unwrap(),
        group: group["id"].as_i64().unwrap(),
        organization: org["id"].as_i64().unwrap(),
    }
}

fn cases(f: &Fixture) -> Vec<Case> {
    let own = f.own_ticket;
    let other = f.other_ticket;
    let get = |what, path: String, expect| Case {
        what,
        method: Method::GET,
        path,
        body: None,
        expect,
    };
    vec![
        Case {
            what: "create ticket for someone",
            method: Method::POST,
            path: "/api/v1/tickets".into(),
            body: Some(
                |r| json!({"subject": format!("by {r}"), "requester_email": "third@matrix.test"}),
            ),
            expect: [201, 201, 201, 403, 403],
        },
        Case {
            what: "create ticket for oneself",
            method: Method::POST,
            path: "/api/v1/tickets".into(),
            body: Some(|r| json!({"subject": format!("mine {r}")})),
            // Staff must name a requester; customers ask for themselves.
            expect: [422, 422, 422, 403, 201],
        },
        get(
            "read own ticket",
            format!("/api/v1/tickets/{own}"),
            [200, 200, 200, 200, 200],
        ),
        get(
            "read another customer's ticket",
            format!("/api/v1/tickets/{other}"),
            [200, 200, 200, 200, 404],
        ),
        get(
            "list tickets",
            "/api/v1/tickets".into(),
            [200, 200, 200, 200, 200],
        ),
        Case {
            what: "change ticket fields",
            method: Method::PATCH,
            path: format!("/api/v1/tickets/{own}"),
            body: Some(|r| json!({"add_tags": [r]})),
            expect: [200, 200, 200, 403, 403],
        },
        Case {
            what: "change another customer's ticket",
            method: Method::PATCH,
            path: format!("/api/v1/tickets/{other}"),
            body: Some(|_| json!({"status": "solved"})),
            expect: [200, 200, 200, 403, 404],
        },
        Case {
            what: "public reply",
            method: Method::POST,
            path: format!("/api/v1/tickets/{own}/comments"),
            body: Some(|r| json!({"body": format!("reply by {r}"), "public": true})),
            expect: [201, 201, 201, 403, 201],
        },
        Case {
            what: "internal note",
            method: Method::POST,
            path: format!("/api/v1/tickets/{own}/comments"),
            body: Some(|r| json!({"body": format!("note by {r}"), "public": false})),
            expect: [201, 201, 201, 201, 403],
        },
        Case {
            what: "reply on another customer's ticket",
            method: Method::POST,
            path: format!("/api/v1/tickets/{other}/comments"),
            body: Some(|r| json!({"body": format!("reply by {r}")})),
            expect: [201, 201, 201, 403, 404],
        },
        get(
            "read conversation",
            format!("/api/v1/tickets/{own}/comments"),
            [200, 200, 200, 200, 200],
        ),
        get(
            "read history",
            format!("/api/v1/tickets/{own}/events"),
            [200, 200, 200, 200, 200],
        ),
        get(
            "read other's history",
            format!("/api/v1/tickets/{other}/events"),
            [200, 200, 200, 200, 404],
        ),
        get(
            "search",
            "/api/v1/search?q=own".into(),
            [200, 200, 200, 200, 200],
        ),
        get(
            "list users",
            "/api/v1/users".into(),
            [200, 200, 200, 200, 403],
        ),
        get(
            "read me",
            "/api/v1/users/me".into(),
            [200, 200, 200, 200, 200],
        ),
        get(
            "read another user",
            format!("/api/v1/users/{}", f.other_customer),
            [200, 200, 200, 200, 404],
        ),
        Case {
            what: "create customer",
            method: Method::POST,
            path: "/api/v1/users".into(),
            body: Some(
                |r| json!({"name": "C", "email": format!("cust-{r}@matrix.test"), "role": "customer"}),
            ),
            expect: [201, 201, 201, 403, 403],
        },
        Case {
            what: "create agent",
            method: Method::POST,
            path: "/api/v1/users".into(),
            body: Some(
                |r| json!({"name": "A", "email": format!("agent-{r}@matrix.test"), "role": "agent"}),
            ),
            expect: [201, 201, 403, 403, 403],
        },
        Case {
            what: "create admin",
            method: Method::POST,
            path: "/api/v1/users".into(),
            body: Some(
                |r| json!({"name": "A", "email": format!("admin-{r}@matrix.test"), "role": "admin"}),
            ),
            expect: [201, 403, 403, 403, 403],
        },
        get(
            "list organizations",
            "/api/v1/organizations".into(),
            [200, 200, 200, 200, 403],
        ),
        get(
            "read organization",
            format!("/api/v1/organizations/{}", f.organization),
            [200, 200, 200, 200, 404],
        ),
        Case {
            what: "create organization",
            method: Method::POST,
            path: "/api/v1/organizations".into(),
            body: Some(|r| json!({"name": format!("Org of {r}")})),
            expect: [201, 201, 403, 403, 403],
        },
        Case {
            what: "rename organization",
            method: Method::PATCH,
            path: format!("/api/v1/organizations/{}", f.organization),
            body: Some(|r| json!({"name": format!("Renamed by {r}")})),
            expect: [200, 200, 403, 403, 403],
        },
        get(
            "list groups",
            "/api/v1/groups".into(),
            [200, 200, 200, 200, 403],
        ),
        get(
            "read group members",
            format!("/api/v1/groups/{}/members", f.group),
            [200, 200, 200, 200, 404],
        ),
        Case {
            what: "create group",
            method: Method::POST,
            path: "/api/v1/groups".into(),
            body: Some(|r| json!({"name": format!("Group of {r}")})),
            expect: [201, 201, 403, 403, 403],
        },
        Case {
            what: "set group members",
            method: Method::PUT,
            path: format!("/api/v1/groups/{}/members", f.group),
            body: Some(|_| json!({"user_ids": []})),
            expect: [200, 200, 403, 403, 403],
        },
        get(
            "list own tokens",
            "/api/v1/tokens".into(),
            [200, 200, 200, 200, 200],
        ),
        Case {
            what: "create own token",
            method: Method::POST,
            path: "/api/v1/tokens".into(),
            body: Some(|r| json!({"name": format!("script of {r}")})),
            expect: [201, 201, 201, 201, 201],
        },
    ]
}

async fn every_endpoint_for_every_role(app: TestApp) {
    let admin = app.token(Role::Admin).await;
    let f = fixture(&app, &admin).await;
    let mut tokens = Vec::new();
    for role in ROLES {
        let token = match role {
            Role::Customer => app.token_for("customer@matrix.test", Role::Customer).await,
            other => app.token(other).await,
        };
        tokens.push(token);
    }
    let mut failures = Vec::new();
    for case in cases(&f) {
        for (i, role) in ROLES.iter().enumerate() {
            let mut req = app
                .client
                .request(case.method.clone(), app.url(&case.path))
                .bearer_auth(&tokens[i]);
            if let Some(body) = case.body {
                req = req.json(&body(role.as_str()));
            }
            let (status, json) = call(req).await;
            if status.as_u16() != case.expect[i] {
                failures.push(format!(
                    "{} as {role}: expected {}, got {status} {json}",
                    case.what, case.expect[i]
                ));
            }
            if status.is_client_error() {
                error_code(&json);
            }
        }
    }

    // Deletions last (they remove fixtures); only admins may delete.
    for (i, role) in ROLES.iter().enumerate().rev() {
        let expected = if *role == Role::Admin { 204 } else { 403 };
        for path in [
            format!("/api/v1/organizations/{}", f.organization),
            format!("/api/v1/groups/{}", f.group),
        ] {
            let (status, json) = call(app.delete(&path, &tokens[i])).await;
            if status.as_u16() != expected {
                failures.push(format!(
                    "DELETE {path} as {role}: expected {expected}, got {status} {json}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "role matrix mismatches:\n{}",
        failures.join("\n")
    );
}

async fn every_endpoint_requires_credentials(app: TestApp) {
    let admin = app.token(Role::Admin).await;
    let f = fixture(&app, &admin).await;
    for case in cases(&f) {
        for token in [None, Some("tsr_not-a-real-token"), Some("garbage")] {
            let mut req = app.client.request(case.method.clone(), app.url(&case.path));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            if let Some(body) = case.body {
                req = req.json(&body("anonymous"));
            }
            let (status, json) = call(req).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{} with {token:?}: {json}",
                case.what
            );
            assert_eq!(error_code(&json), "unauthenticated");
        }
    }
    // A revoked token stops working at once.
    let (_, created) =
        call(app.post_json("/api/v1/tokens", &admin, &json!({"name": "short-lived"}))).await;
    let secret = created["token"].as_str().unwrap().to_owned();
    assert_eq!(
        call(app.get("/api/v1/users/me", &secret)).await.0,
        StatusCode::OK
    );
    let (status, _) = call(app.delete(&format!("/api/v1/tokens/{}", created["id"]), &admin)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        call(app.get("/api/v1/users/me", &secret)).await.0,
        StatusCode::UNAUTHORIZED
    );
}
