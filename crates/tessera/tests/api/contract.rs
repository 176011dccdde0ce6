//! The stable contract of PRODUCT.md, exactly as written.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tessera_core::Role;

use super::{call, create_ticket, error_code};
use crate::common::{TestApp, both_backends};

both_backends!(
    create_get_patch_comment_events_list_search,
    idempotency_key_returns_the_same_ticket,
    list_filters_sort_and_cursor_pages,
    customers_see_only_their_public_world,
    operations_and_openapi,
);

async fn create_get_patch_comment_events_list_search(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let ticket = create_ticket(
        &app,
        &agent,
        json!({"subject": "Printer on fire", "description": "Smoke from tray 2", "requester_email": "Ana@Example.com"}),
    )
    .await;
    let id = ticket["id"].as_i64().unwrap();
    assert!(ticket["number"].as_i64().unwrap() >= 1001);
    assert_eq!(ticket["status"], "new");
    assert_eq!(ticket["priority"], "normal");

    let (status, got) = call(app.get(&format!("/api/v1/tickets/{id}"), &agent)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["subject"], "Printer on fire");
    assert_eq!(got["number"], ticket["number"]);

    let (status, patched) = call(app.patch_json(
        &format!("/api/v1/tickets/{id}"),
        &agent,
        &json!({"status": "open", "impact": 1, "urgency": 1, "tags": ["Hardware"]}),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["status"], "open");
    assert_eq!(
        patched["priority"], "urgent",
        "impact 1 × urgency 1 is urgent"
    );
    assert_eq!(patched["tags"], json!(["hardware"]));

    let (status, reply) = call(app.post_json(
        &format!("/api/v1/tickets/{id}/comments"),
        &agent,
        &json!({"body": "We are on our way", "public": true}),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    let (status, note) = call(app.post_json(
        &format!("/api/v1/tickets/{id}/comments"),
        &agent,
        &json!({"body": "Call facilities first", "public": false}),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");

    let (_, comments) = call(app.get(&format!("/api/v1/tickets/{id}/comments"), &agent)).await;
    let bodies: Vec<&str> = comments["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies,
        ["We are on our way", "Call facilities first"],
        "oldest first"
    );

    let (_, events) = call(app.get(&format!("/api/v1/tickets/{id}/events"), &agent)).await;
    let events = events["events"].as_array().unwrap();
    assert_eq!(events[0]["kind"], "created");
    let status_change = events
        .iter()
        .find(|e| e["field"] == "status")
        .expect("status change recorded");
    assert_eq!(status_change["old_value"], "new");
    assert_eq!(status_change["new_value"], "open");
    assert!(status_change["actor_id"].is_i64());
    assert!(
        events
            .iter()
            .any(|e| e["field"] == "priority" && e["new_value"] == "urgent")
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| e["kind"] == "comment_added")
            .count(),
        2
    );
    let ids: Vec<i64> = events.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "events oldest first");

    let (_, list) = call(app.get("/api/v1/tickets?status=open", &agent)).await;
    assert!(
        list["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == id)
    );

    let (status, found) = call(app.get("/api/v1/search?q=printer", &agent)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["results"][0]["id"], id);
    let (_, found) = call(app.get("/api/v1/search?q=facilities", &agent)).await;
    assert_eq!(
        found["results"][0]["id"], id,
        "internal notes are searchable by staff"
    );
    let number = ticket["number"].as_i64().unwrap();
    let (_, found) = call(app.get(&format!("/api/v1/search?q=%23{number}"), &agent)).await;
    assert_eq!(found["results"][0]["id"], id, "#number finds the ticket");
}

async fn idempotency_key_returns_the_same_ticket(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let body = json!({"subject": "VPN down", "requester_email": "bo@example.com"});
    let send = |body: &Value| {
        app.post_json("/api/v1/tickets", &agent, body)
            .header("Idempotency-Key", "create-42")
    };
    let (first_status, first) = call(send(&body)).await;
    let (second_status, second) = call(send(&body)).await;
    assert_eq!(first_status, StatusCode::CREATED);
    assert_eq!(second_status, StatusCode::OK);
    assert_eq!(first["id"], second["id"]);
    assert_eq!(first["number"], second["number"]);

    let (status, err) = call(send(
        &json!({"subject": "Something else", "requester_email": "bo@example.com"}),
    ))
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&err), "idempotency_key");

    let (_, list) = call(app.get("/api/v1/tickets", &agent)).await;
    assert_eq!(
        list["tickets"].as_array().unwrap().len(),
        1,
        "exactly one ticket created"
    );

    // Concurrent retries of one request still create one ticket.
    let body = json!({"subject": "Concurrent", "requester_email": "bo@example.com"});
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let req = app
            .post_json("/api/v1/tickets", &agent, &body)
            .header("Idempotency-Key", "same-everywhere");
        tasks.push(tokio::spawn(async move { call(req).await }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        let (status, json) = t.await.unwrap();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::OK,
            "{status} {json}"
        );
        ids.push(json["id"].as_i64().unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
}

async fn list_filters_sort_and_cursor_pages(app: TestApp) {
    let admin = app.token(Role::Admin).await;
    let (_, group) = call(app.post_json(
        "/api/v1/groups",
        &admin,
        &json!({"name": "Network", "tier": "l2"}),
    ))
    .await;
    let group_id = group["id"].as_i64().unwrap();
    let mut numbers = Vec::new();
    for i in 0..23 {
        let mut body = json!({"subject": format!("Ticket {i}"), "requester_email": format!("c{}@example.com", i % 3)});
        if i % 2 == 0 {
            body["group_id"] = json!(group_id);
            body["tags"] = json!(["even"]);
        }
        if i % 5 == 0 {
            body["priority"] = json!("high");
        }
        numbers.push(
            create_ticket(&app, &admin, body).await["number"]
                .as_i64()
                .unwrap(),
        );
    }
    // Cursor pages of 5, by number ascending, visit every ticket exactly once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/tickets?sort=number&limit=5&cursor={c}"),
            None => "/api/v1/tickets?sort=number&limit=5".to_owned(),
        };
        let (status, page) = call(app.get(&path, &admin)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        seen.extend(
            page["tickets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["number"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, numbers);

    let (_, page) = call(app.get("/api/v1/tickets?sort=-number&limit=3", &admin)).await;
    let top: Vec<i64> = page["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_i64().unwrap())
        .collect();
    assert_eq!(
        top,
        numbers.iter().rev().take(3).copied().collect::<Vec<_>>()
    );

    let (_, page) = call(app.get(
        &format!("/api/v1/tickets?group_id={group_id}&limit=100"),
        &admin,
    ))
    .await;
    assert_eq!(page["tickets"].as_array().unwrap().len(), 12);
    assert!(
        page["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["group_id"] == group_id)
    );

    let (_, page) =
        call(app.get("/api/v1/tickets?tags=even&priority=high&limit=100", &admin)).await;
    assert_eq!(
        page["tickets"].as_array().unwrap().len(),
        3,
        "tickets 0, 10, 20"
    );

    let (_, page) = call(app.get(
        "/api/v1/tickets?assignee_id=none&status=new,open&limit=100",
        &admin,
    ))
    .await;
    assert_eq!(page["tickets"].as_array().unwrap().len(), 23);

    let (status, err) = call(app.get("/api/v1/tickets?sort=number&cursor=bogus", &admin)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["details"][0]["field"], "cursor");
}

async fn customers_see_only_their_public_world(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    let ana = app.token_for("ana@example.com", Role::Customer).await;
    let bo = app.token_for("bo@example.com", Role::Customer).await;

    // A customer opens a ticket for themselves.
    let (status, mine) = call(app.post_json(
        "/api/v1/tickets",
        &ana,
        &json!({"subject": "My laptop", "description": "won't boot"}),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{mine}");
    assert!(
        mine.get("tags").is_none(),
        "staff-only fields hidden from customers: {mine}"
    );
    let id = mine["id"].as_i64().unwrap();
    let theirs = create_ticket(
        &app,
        &agent,
        json!({"subject": "Bo's", "requester_email": "bo@example.com"}),
    )
    .await;

    call(app.post_json(
        &format!("/api/v1/tickets/{id}/comments"),
        &agent,
        &json!({"body": "Try safe mode", "public": true}),
    ))
    .await;
    call(app.post_json(
        &format!("/api/v1/tickets/{id}/comments"),
        &agent,
        &json!({"body": "SECRET: user is VIP", "public": false}),
    ))
    .await;
    call(app.patch_json(
        &format!("/api/v1/tickets/{id}"),
        &agent,
        &json!({"tags": ["vip"], "status": "pending"}),
    ))
    .await;

    let (_, comments) = call(app.get(&format!("/api/v1/tickets/{id}/comments"), &ana)).await;
    let bodies: Vec<&str> = comments["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["Try safe mode"]);

    let (_, events) = call(app.get(&format!("/api/v1/tickets/{id}/events"), &ana)).await;
    let events = events["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["internal"] == false), "{events:?}");
    assert!(events.iter().all(|e| e["field"] != "tags"));
    assert!(
        events.iter().any(|e| e["field"] == "status"),
        "customers see status changes"
    );

    let (_, found) = call(app.get("/api/v1/search?q=secret", &ana)).await;
    assert!(
        found["results"].as_array().unwrap().is_empty(),
        "internal notes never searchable by customers"
    );

    let (_, list) = call(app.get("/api/v1/tickets", &ana)).await;
    let ids: Vec<i64> = list["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [id]);

    let (status, _) = call(app.get(&format!("/api/v1/tickets/{}", theirs["id"]), &ana)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "other customers' tickets do not exist for her"
    );
    let (status, _) = call(app.get(&format!("/api/v1/tickets/{id}"), &bo)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Her reply reopens the pending ticket; she may mark it solved.
    let (status, _) = call(app.post_json(
        &format!("/api/v1/tickets/{id}/comments"),
        &ana,
        &json!({"body": "Still broken"}),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, t) = call(app.get(&format!("/api/v1/tickets/{id}"), &ana)).await;
    assert_eq!(t["status"], "open");
    let (status, t) = call(app.patch_json(
        &format!("/api/v1/tickets/{id}"),
        &ana,
        &json!({"status": "solved"}),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["status"], "solved");
    let (status, _) = call(app.patch_json(
        &format!("/api/v1/tickets/{id}"),
        &ana,
        &json!({"priority": "urgent"}),
    ))
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn operations_and_openapi(app: TestApp) {
    let agent = app.token(Role::Agent).await;
    create_ticket(
        &app,
        &agent,
        json!({"subject": "metrics", "requester_email": "m@example.com"}),
    )
    .await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("tessera_http_requests_total"), "{metrics}");
    assert!(
        metrics.contains("route=\"/api/v1/tickets\""),
        "requests labelled by route template"
    );
    assert!(metrics.contains("tessera_tickets_created_total"));
    let (status, spec) = call(app.client.get(app.url("/api/v1/openapi.json"))).await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        "/api/v1/tickets",
        "/api/v1/tickets/{id}",
        "/api/v1/tickets/{id}/comments",
        "/api/v1/tickets/{id}/events",
        "/api/v1/search",
        "/api/v1/users",
        "/api/v1/organizations",
        "/api/v1/groups",
        "/api/v1/tokens",
    ] {
        assert!(
            spec["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
    assert!(spec["paths"]["/api/v1/tickets"].get("post").is_some());
    assert!(spec["paths"]["/api/v1/tickets/{id}"].get("patch").is_some());
}
