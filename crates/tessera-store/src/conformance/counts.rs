//! Ticket counts: the same filters and scope as lists, over all pages.

use std::sync::Arc;

use tessera_core::{Priority, Role, Status};

use super::fixtures::*;
use crate::{AssigneeFilter, Cursor, Store, TicketQuery, TicketScope, TicketSort, TicketSortField};

pub async fn count_matches_list_for_filters_and_scopes(store: Arc<dyn Store>) {
    let shared = organization(&store, "Shared", true).await;
    let a1 = user(&store, "A1", Role::Customer, Some(shared.id)).await;
    let a2 = user(&store, "A2", Role::Customer, Some(shared.id)).await;
    let loner = customer(&store, "Loner").await;
    let agent = agent(&store, "Agnes").await;
    let team = group(&store, "Team").await;

    let statuses = [Status::New, Status::Open, Status::Pending, Status::Solved];
    for i in 0..23i64 {
        let requester = match i % 3 {
            0 => &a1,
            1 => &a2,
            _ => &loner,
        };
        let mut t = ticket(requester, &format!("count {i}"));
        t.status = statuses[(i % 4) as usize];
        t.priority = Priority::ALL[(i % 4) as usize];
        t.assignee_id = (i % 2 == 0).then_some(agent.id);
        t.group_id = (i % 5 == 0).then_some(team.id);
        t.tags = if i % 3 == 0 {
            vec!["vip".to_owned()]
        } else {
            Vec::new()
        };
        t.updated_at = at(100 + i);
        create(&store, t).await;
    }

    let scope = |u: &crate::User| TicketScope::Requester {
        user_id: u.id,
        organization_id: u.organization_id,
    };
    let cases: Vec<(&str, TicketQuery)> = vec![
        ("everything", query(10)),
        (
            "statuses",
            TicketQuery {
                statuses: vec![Status::Open, Status::Solved],
                ..query(10)
            },
        ),
        (
            "unassigned",
            TicketQuery {
                assignee: AssigneeFilter::Unassigned,
                ..query(10)
            },
        ),
        (
            "assignee and priority",
            TicketQuery {
                assignee: AssigneeFilter::Is(agent.id),
                priorities: vec![Priority::Urgent, Priority::Normal],
                ..query(10)
            },
        ),
        (
            "group",
            TicketQuery {
                group_id: Some(team.id),
                ..query(10)
            },
        ),
        (
            "tag",
            TicketQuery {
                tags: vec!["vip".to_owned()],
                ..query(10)
            },
        ),
        (
            "unknown tag",
            TicketQuery {
                tags: vec!["vip".to_owned(), "nope".to_owned()],
                ..query(10)
            },
        ),
        (
            "updated since",
            TicketQuery {
                updated_since: Some(at(110)),
                ..query(10)
            },
        ),
        (
            "organization",
            TicketQuery {
                organization_id: Some(shared.id),
                ..query(10)
            },
        ),
        (
            "customer in a sharing organization",
            TicketQuery {
                scope: scope(&a1),
                ..query(10)
            },
        ),
        (
            "customer alone",
            TicketQuery {
                scope: scope(&loner),
                statuses: vec![Status::New, Status::Pending],
                ..query(10)
            },
        ),
    ];
    for (name, q) in cases {
        let listed = list_all(&store, q.clone()).await.len() as u64;
        assert_eq!(
            store.count_tickets(&q, None).await.expect("count"),
            listed,
            "{name}"
        );
        // Sort, cursor and limit do not change a count.
        let paged = TicketQuery {
            sort: TicketSort {
                field: TicketSortField::Priority,
                descending: false,
            },
            cursor: Some(Cursor {
                sort_value: 2,
                id: 5,
            }),
            limit: 1,
            ..q
        };
        assert_eq!(
            store.count_tickets(&paged, None).await.expect("count"),
            listed,
            "{name} with a cursor"
        );
    }

    // A few absolute values, so that the comparison above is not vacuous.
    assert_eq!(
        store.count_tickets(&query(1), None).await.expect("count"),
        23
    );
    // A cap stops the count; one above the total changes nothing.
    assert_eq!(
        store
            .count_tickets(&query(1), Some(5))
            .await
            .expect("count"),
        5
    );
    assert_eq!(
        store
            .count_tickets(&query(1), Some(24))
            .await
            .expect("count"),
        23
    );
    let vip = TicketQuery {
        tags: vec!["vip".to_owned()],
        ..query(1)
    };
    assert_eq!(store.count_tickets(&vip, None).await.expect("count"), 8);
    let own = TicketQuery {
        scope: scope(&loner),
        ..query(1)
    };
    assert_eq!(store.count_tickets(&own, None).await.expect("count"), 7);
    let colleagues = TicketQuery {
        scope: scope(&a2),
        ..query(1)
    };
    assert_eq!(
        store.count_tickets(&colleagues, None).await.expect("count"),
        16
    );
}
