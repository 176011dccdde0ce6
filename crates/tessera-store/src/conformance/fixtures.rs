//! Builders shared by the conformance tests. Every value is deterministic, and
//! timestamps are whole microseconds, the precision both backends store.

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::Map;
use tessera_core::analysis::parse_query;
use tessera_core::{Channel, Impact, Priority, Role, Status, TicketType, Tier, Urgency};

use crate::{
    EventKind, Group, NewComment, NewEvent, NewGroup, NewOrganization, NewTicket, NewUser,
    Organization, SearchTickets, Store, StoreError, Ticket, TicketQuery, TicketScope, User,
};

/// 2025-01-01T00:00:00Z, the epoch of the tests.
const T0: i64 = 1_735_689_600;

/// `T0` plus whole seconds.
pub fn at(seconds: i64) -> Timestamp {
    micros(seconds * 1_000_000)
}

/// `T0` plus microseconds.
pub fn micros(offset: i64) -> Timestamp {
    Timestamp::from_microsecond(T0 * 1_000_000 + offset).expect("test timestamp in range")
}

pub async fn user(store: &Arc<dyn Store>, name: &str, role: Role, org: Option<i64>) -> User {
    store
        .create_user(NewUser {
            name: name.to_owned(),
            email: Some(format!("{}@example.test", name.to_lowercase())),
            role,
            organization_id: org,
            language: None,
            time_zone: None,
            phones: Vec::new(),
            created_at: at(0),
        })
        .await
        .expect("create user")
}

pub async fn customer(store: &Arc<dyn Store>, name: &str) -> User {
    user(store, name, Role::Customer, None).await
}

pub async fn agent(store: &Arc<dyn Store>, name: &str) -> User {
    user(store, name, Role::Agent, None).await
}

pub async fn organization(store: &Arc<dyn Store>, name: &str, shares: bool) -> Organization {
    store
        .create_organization(NewOrganization {
            name: name.to_owned(),
            domains: vec![format!("{}.example", name.to_lowercase())],
            shares_tickets: shares,
            created_at: at(0),
        })
        .await
        .expect("create organization")
}

pub async fn group(store: &Arc<dyn Store>, name: &str) -> Group {
    store
        .create_group(NewGroup {
            name: name.to_owned(),
            description: format!("The {name} team"),
            tier: Tier::L1,
            created_at: at(0),
        })
        .await
        .expect("create group")
}

/// A minimal valid ticket: every optional field empty.
pub fn ticket(requester: &User, subject: &str) -> Ticket {
    Ticket {
        id: 0,
        number: 0,
        subject: subject.to_owned(),
        description: String::new(),
        status: Status::New,
        ticket_type: TicketType::Question,
        impact: Impact::DEFAULT,
        urgency: Urgency::DEFAULT,
        priority: Priority::Normal,
        priority_overridden: false,
        category: None,
        tags: Vec::new(),
        custom_fields: Map::new(),
        requester_id: requester.id,
        organization_id: requester.organization_id,
        assignee_id: None,
        group_id: None,
        tier: Tier::L1,
        channel: Channel::Api,
        language: None,
        created_at: at(1),
        updated_at: at(1),
        first_response_at: None,
        solved_at: None,
        closed_at: None,
        version: 0,
    }
}

pub fn event(kind: EventKind, actor: Option<i64>, created_at: Timestamp) -> NewEvent {
    NewEvent {
        actor_id: actor,
        kind,
        field: None,
        old_value: None,
        new_value: None,
        for_comment: kind == EventKind::CommentAdded,
        internal: false,
        created_at,
    }
}

pub fn field_changed(field: &str, old: &str, new: &str, created_at: Timestamp) -> NewEvent {
    NewEvent {
        field: Some(field.to_owned()),
        old_value: Some(old.to_owned()),
        new_value: Some(new.to_owned()),
        ..event(EventKind::FieldChanged, None, created_at)
    }
}

pub fn comment(author: &User, body: &str, public: bool, created_at: Timestamp) -> NewComment {
    NewComment {
        author_id: author.id,
        body: body.to_owned(),
        public,
        attachments: Vec::new(),
        created_at,
    }
}

/// A create request with its `created` event and nothing else.
pub fn new_ticket(ticket: Ticket) -> NewTicket {
    let created_at = ticket.created_at;
    NewTicket {
        sla: None,
        events: vec![event(
            EventKind::Created,
            Some(ticket.requester_id),
            created_at,
        )],
        ticket,
        comments: Vec::new(),
        idempotency: None,
        jobs: Vec::new(),
    }
}

pub async fn create(store: &Arc<dyn Store>, ticket: Ticket) -> Ticket {
    store
        .create_ticket(new_ticket(ticket))
        .await
        .expect("create ticket")
        .value
}

/// Every ticket visible under `query`, following cursors to the end.
pub async fn list_all(store: &Arc<dyn Store>, mut query: TicketQuery) -> Vec<Ticket> {
    let mut all = Vec::new();
    loop {
        let page = store.list_tickets(&query).await.expect("list tickets");
        assert!(page.items.len() <= query.limit as usize, "page over limit");
        all.extend(page.items);
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return all,
        }
    }
}

pub fn query(limit: u32) -> TicketQuery {
    TicketQuery {
        limit,
        ..TicketQuery::default()
    }
}

pub fn ids(tickets: &[Ticket]) -> Vec<i64> {
    tickets.iter().map(|t| t.id).collect()
}

pub fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

/// Ids of the tickets found for `text`, sorted (the suite never relies on rank ties).
pub async fn search_ids(
    store: &Arc<dyn Store>,
    text: &str,
    scope: TicketScope,
    include_internal: bool,
) -> Vec<i64> {
    let found = store
        .search_tickets(&SearchTickets {
            query: parse_query(text),
            scope,
            include_internal,
            limit: 100,
        })
        .await
        .expect("search");
    sorted(ids(&found))
}

#[track_caller]
pub fn assert_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, constraint: &str) {
    match result {
        Err(StoreError::Conflict { constraint: c }) if c == constraint => {}
        other => panic!("expected Conflict {{ constraint: {constraint:?} }}, got {other:?}"),
    }
}

#[track_caller]
pub fn assert_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>, entity: &str) {
    match result {
        Err(StoreError::NotFound { entity: e }) if e == entity => {}
        other => panic!("expected NotFound {{ entity: {entity:?} }}, got {other:?}"),
    }
}
