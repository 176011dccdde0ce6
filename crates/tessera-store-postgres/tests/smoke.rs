//! PostgreSQL-specific checks beside the shared conformance suite: concurrency
//! (idempotency races, migrations from several nodes), the import path and query
//! plans.

// A failed unwrap is a failed test, which is what a test should do.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::Map;
use tessera_core::analysis::parse_query;
use tessera_core::{Channel, Impact, Priority, Role, Status, TicketType, Tier, Urgency};
use tessera_store::{
    EventKind, IdempotencyKey, NewComment, NewEvent, NewTicket, NewUser, SearchTickets, Store,
    StoreError, Ticket, TicketQuery, TicketScope, TicketSort, TicketSortField, TicketWrite,
};
use tessera_store_postgres::testing::{fresh_database, fresh_store};
use tessera_store_postgres::{PgOptions, connect};

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

async fn user(store: &dyn Store, email: &str) -> i64 {
    store
        .create_user(NewUser {
            name: email.to_owned(),
            email: Some(email.to_owned()),
            role: Role::Customer,
            organization_id: None,
            language: None,
            time_zone: None,
            phones: vec![],
            created_at: at(0),
        })
        .await
        .unwrap()
        .id
}

fn new_ticket(requester_id: i64, subject: &str, seconds: i64) -> NewTicket {
    NewTicket {
        ticket: Ticket {
            id: 0,
            number: 0,
            subject: subject.to_owned(),
            description: format!("Description of {subject}"),
            status: Status::New,
            ticket_type: TicketType::Incident,
            impact: Impact::DEFAULT,
            urgency: Urgency::DEFAULT,
            priority: Priority::Normal,
            priority_overridden: false,
            category: None,
            tags: vec!["vpn".to_owned()],
            custom_fields: Map::new(),
            requester_id,
            organization_id: None,
            assignee_id: None,
            group_id: None,
            tier: Tier::L1,
            channel: Channel::Api,
            language: Some("en".to_owned()),
            created_at: at(seconds),
            updated_at: at(seconds),
            first_response_at: None,
            solved_at: None,
            closed_at: None,
            version: 0,
        },
        comments: vec![NewComment {
            author_id: requester_id,
            body: "The printers were printing garbage".to_owned(),
            public: true,
            attachments: vec![],
            created_at: at(seconds),
        }],
        events: vec![NewEvent {
            actor_id: Some(requester_id),
            kind: EventKind::Created,
            field: None,
            old_value: None,
            new_value: None,
            for_comment: true,
            internal: false,
            created_at: at(seconds),
        }],
        idempotency: None,
        sla: None,
        jobs: Vec::new(),
    }
}

#[tokio::test]
async fn create_update_list_search() {
    let Some((store, _db)) = fresh_store().await else {
        return;
    };
    let requester = user(&store, "ana@example.com").await;
    let first = store
        .create_ticket(new_ticket(requester, "VPN down", 1))
        .await
        .unwrap()
        .value;
    let second = store
        .create_ticket(new_ticket(requester, "Printer jam", 2))
        .await
        .unwrap()
        .value;
    assert_eq!((first.number, second.number), (1001, 1002));
    assert_eq!(store.get_ticket(first.id).await.unwrap(), first);
    assert_eq!(store.get_ticket_by_number(1002).await.unwrap(), second);
    let events = store.list_events(first.id, false).await.unwrap();
    let comments = store.list_comments(first.id, false).await.unwrap();
    assert_eq!(events[0].comment_id, Some(comments[0].id));

    let mut changed = first.clone();
    changed.status = Status::Open;
    changed.priority = Priority::Urgent;
    changed.tags = vec!["network".to_owned()];
    changed.updated_at = at(10);
    let (updated, _) = store
        .update_ticket(TicketWrite {
            ticket: changed.clone(),
            comment: None,
            events: vec![],
            jobs: Vec::new(),
            sla: None,
            notifications: Vec::new(),
        })
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    let stale = store
        .update_ticket(TicketWrite {
            ticket: changed,
            comment: None,
            events: vec![],
            jobs: Vec::new(),
            sla: None,
            notifications: Vec::new(),
        })
        .await;
    assert!(matches!(
        stale,
        Err(StoreError::Conflict {
            constraint: "ticket_version"
        })
    ));

    let by_priority = store
        .list_tickets(&TicketQuery {
            sort: TicketSort {
                field: TicketSortField::Priority,
                descending: false,
            },
            limit: 1,
            ..TicketQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(by_priority.items[0].id, first.id);
    let rest = store
        .list_tickets(&TicketQuery {
            sort: TicketSort {
                field: TicketSortField::Priority,
                descending: false,
            },
            cursor: by_priority.next_cursor,
            limit: 1,
            ..TicketQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(rest.items[0].id, second.id);
    assert!(rest.next_cursor.is_none());

    let tagged = store
        .list_tickets(&TicketQuery {
            tags: vec!["network".to_owned()],
            limit: 10,
            ..TicketQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(tagged.items.len(), 1);

    let search = |text: &str, scope: TicketScope| SearchTickets {
        query: parse_query(text),
        scope,
        include_internal: false,
        limit: 10,
    };
    let found = store
        .search_tickets(&search("printer", TicketScope::All))
        .await
        .unwrap();
    assert_eq!(found.len(), 2, "both have the comment about printers");
    let found = store
        .search_tickets(&search("jam", TicketScope::All))
        .await
        .unwrap();
    assert_eq!(found.iter().map(|t| t.id).collect::<Vec<_>>(), [second.id]);
    let found = store
        .search_tickets(&search("network", TicketScope::All))
        .await
        .unwrap();
    assert_eq!(found.iter().map(|t| t.id).collect::<Vec<_>>(), [first.id]);
    let other = user(&store, "bo@example.com").await;
    let hidden = store
        .search_tickets(&search(
            "printer",
            TicketScope::Requester {
                user_id: other,
                organization_id: None,
            },
        ))
        .await
        .unwrap();
    assert!(hidden.is_empty());
    assert!(
        store
            .search_tickets(&search("' & !", TicketScope::All))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn concurrent_identical_requests_create_one_ticket() {
    let Some((store, _db)) = fresh_store().await else {
        return;
    };
    let store = Arc::new(store);
    let requester = user(store.as_ref(), "ana@example.com").await;
    let request = |fingerprint: &str| {
        let mut new = new_ticket(requester, "Retry me", 1);
        new.idempotency = Some(IdempotencyKey {
            user_id: requester,
            key: "k-1".to_owned(),
            request_fingerprint: fingerprint.to_owned(),
        });
        new
    };
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            let new = request("same");
            tokio::spawn(async move { store.create_ticket(new).await })
        })
        .collect();
    let mut ids = Vec::new();
    let mut fresh = 0;
    for attempt in attempts {
        let created = attempt.await.unwrap().unwrap();
        ids.push(created.value.id);
        fresh += usize::from(!created.replayed);
    }
    assert_eq!(fresh, 1);
    assert!(ids.iter().all(|&id| id == ids[0]));

    let other_body = store.create_ticket(request("different")).await;
    assert!(matches!(
        other_body,
        Err(StoreError::Conflict {
            constraint: "idempotency_key"
        })
    ));
}

#[tokio::test]
async fn nodes_starting_together_migrate_once() {
    let Some((url, _db)) = fresh_database().await else {
        return;
    };
    // The template is already migrated; reconnecting from several "nodes" at once
    // must find every migration recorded and change nothing.
    let nodes: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move { connect(&url, PgOptions { max_connections: 2 }).await })
        })
        .collect();
    for node in nodes {
        let store = node.await.unwrap().unwrap();
        store.ping().await.unwrap();
        let applied: i64 = sqlx::query_scalar("select count(*) from schema_migrations")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(applied, tessera_store::schema::MIGRATIONS.len() as i64);
    }
}

#[tokio::test]
async fn import_numbers_in_order_and_indexes_everything() {
    let Some((store, _db)) = fresh_store().await else {
        return;
    };
    let requester = user(&store, "ana@example.com").await;
    let batch: Vec<NewTicket> = (0..2500)
        .map(|i| new_ticket(requester, &format!("Imported {i}"), i))
        .collect();
    assert_eq!(store.import_tickets(batch).await.unwrap(), 2500);
    let first = store.get_ticket_by_number(1001).await.unwrap();
    let last = store.get_ticket_by_number(3500).await.unwrap();
    assert_eq!(first.subject, "Imported 0");
    assert_eq!(last.subject, "Imported 2499");
    let comments = store.list_comments(last.id, true).await.unwrap();
    let events = store.list_events(last.id, true).await.unwrap();
    assert_eq!(events[0].comment_id, Some(comments[0].id));
    let found = store
        .search_tickets(&SearchTickets {
            query: parse_query("2499"),
            scope: TicketScope::All,
            include_internal: false,
            limit: 5,
        })
        .await
        .unwrap();
    assert_eq!(found.iter().map(|t| t.id).collect::<Vec<_>>(), [last.id]);
}

/// `cargo test --release -p tessera-store-postgres --test smoke import_throughput -- --ignored --nocapture`
#[tokio::test]
#[ignore = "benchmark"]
async fn import_throughput() {
    let Some((store, _db)) = fresh_store().await else {
        return;
    };
    let requester = user(&store, "ana@example.com").await;
    let total = 100_000;
    let started = std::time::Instant::now();
    for chunk in 0..total / 5000 {
        let batch: Vec<NewTicket> = (0..5000)
            .map(|i| new_ticket(requester, &format!("Imported {chunk} {i}"), i))
            .collect();
        store.import_tickets(batch).await.unwrap();
    }
    let elapsed = started.elapsed();
    eprintln!(
        "imported {total} tickets in {elapsed:?}: {:.0} tickets/s",
        f64::from(total) / elapsed.as_secs_f64()
    );
}
