//! Ticket lists: every filter, every sort in both directions, keyset pagination,
//! and what a customer may see. Expected results are computed in Rust from the
//! tickets as created, so each assertion checks exact membership and order.

use std::sync::Arc;

use tessera_core::{Priority, Role, Status};

use super::fixtures::*;
use crate::{
    AssigneeFilter, Store, Ticket, TicketQuery, TicketScope, TicketSort, TicketSortField, User,
};

struct World {
    agent_a: User,
    agent_b: User,
    group_x: i64,
    requester_1: User,
    requester_2: User,
    org: i64,
    tickets: Vec<Ticket>,
}

/// Twelve tickets spreading every filtered attribute, with ties in created_at,
/// updated_at and priority so that the id tie-break is exercised.
async fn world(store: &Arc<dyn Store>) -> World {
    let org = organization(store, "Acme", false).await;
    let agent_a = agent(store, "Alice").await;
    let agent_b = agent(store, "Bruno").await;
    let group_x = group(store, "X").await;
    let group_y = group(store, "Y").await;
    let requester_1 = user(store, "Cecil", Role::Customer, Some(org.id)).await;
    let requester_2 = customer(store, "Dana").await;

    let statuses = [Status::New, Status::Open, Status::Pending, Status::Solved];
    let mut tickets = Vec::new();
    for i in 0..12i64 {
        let requester = if i < 6 { &requester_1 } else { &requester_2 };
        let mut t = ticket(requester, &format!("list ticket {i}"));
        t.status = statuses[(i % 4) as usize];
        t.priority = Priority::ALL[((i / 2) % 4) as usize];
        t.assignee_id = match i % 3 {
            0 => None,
            1 => Some(agent_a.id),
            _ => Some(agent_b.id),
        };
        t.group_id = match i % 4 {
            3 => None,
            0 | 2 => Some(group_x.id),
            _ => Some(group_y.id),
        };
        let mut tags = vec!["all".to_owned()];
        if i % 2 == 0 {
            tags.push("even".to_owned());
        }
        if i % 3 == 0 {
            tags.push("three".to_owned());
        }
        tags.sort();
        t.tags = tags;
        // Pairs share created_at; triples share updated_at, in the opposite order.
        t.created_at = at(100 + (i / 2) * 10);
        t.updated_at = at(1000 - (i / 3) * 7);
        tickets.push(create(store, t).await);
    }
    World {
        agent_a,
        agent_b,
        group_x: group_x.id,
        requester_1,
        requester_2,
        org: org.id,
        tickets,
    }
}

fn sort_key(t: &Ticket, field: TicketSortField) -> i64 {
    match field {
        TicketSortField::CreatedAt => t.created_at.as_microsecond(),
        TicketSortField::UpdatedAt => t.updated_at.as_microsecond(),
        TicketSortField::Number => t.number,
        TicketSortField::Priority => i64::from(t.priority.rank()),
        // This fixture writes no SLA rows: every ticket is among those without a
        // due time, which sort by id (the SLA tests cover due times).
        TicketSortField::SlaDue => crate::Cursor::NO_SLA_DUE,
    }
}

/// Ids in the order the store must return them.
fn expected(tickets: &[Ticket], keep: impl Fn(&Ticket) -> bool, sort: TicketSort) -> Vec<i64> {
    let mut kept: Vec<&Ticket> = tickets.iter().filter(|t| keep(t)).collect();
    kept.sort_by(|a, b| {
        let order = sort_key(a, sort.field)
            .cmp(&sort_key(b, sort.field))
            .then(a.id.cmp(&b.id));
        if sort.descending {
            order.reverse()
        } else {
            order
        }
    });
    kept.iter().map(|t| t.id).collect()
}

const FIELDS: [TicketSortField; 5] = [
    TicketSortField::CreatedAt,
    TicketSortField::UpdatedAt,
    TicketSortField::Number,
    TicketSortField::Priority,
    TicketSortField::SlaDue,
];

pub async fn list_filters_select_exactly_the_matching_tickets(store: Arc<dyn Store>) {
    let w = world(&store).await;
    let tags = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let has_tag = |t: &Ticket, tag: &str| t.tags.iter().any(|x| x == tag);
    let since = at(1000 - 7).checked_add(jiff::SignedDuration::from_micros(1));
    let since = since.expect("timestamp");

    type Keep<'a> = Box<dyn Fn(&Ticket) -> bool + 'a>;
    let cases: Vec<(&str, TicketQuery, Keep<'_>)> = vec![
        ("no filter", query(500), Box::new(|_| true)),
        (
            "statuses any of",
            TicketQuery {
                statuses: vec![Status::Open, Status::Pending],
                ..query(500)
            },
            Box::new(|t| matches!(t.status, Status::Open | Status::Pending)),
        ),
        (
            "priorities any of",
            TicketQuery {
                priorities: vec![Priority::Urgent, Priority::Low],
                ..query(500)
            },
            Box::new(|t| matches!(t.priority, Priority::Urgent | Priority::Low)),
        ),
        (
            "unassigned",
            TicketQuery {
                assignee: AssigneeFilter::Unassigned,
                ..query(500)
            },
            Box::new(|t| t.assignee_id.is_none()),
        ),
        (
            "assignee",
            TicketQuery {
                assignee: AssigneeFilter::Is(w.agent_a.id),
                ..query(500)
            },
            Box::new(|t| t.assignee_id == Some(w.agent_a.id)),
        ),
        (
            "group",
            TicketQuery {
                group_id: Some(w.group_x),
                ..query(500)
            },
            Box::new(|t| t.group_id == Some(w.group_x)),
        ),
        (
            "requester",
            TicketQuery {
                requester_id: Some(w.requester_2.id),
                ..query(500)
            },
            Box::new(|t| t.requester_id == w.requester_2.id),
        ),
        (
            "organization",
            TicketQuery {
                organization_id: Some(w.org),
                ..query(500)
            },
            Box::new(|t| t.organization_id == Some(w.org)),
        ),
        (
            "one tag",
            TicketQuery {
                tags: tags(&["even"]),
                ..query(500)
            },
            Box::new(move |t| has_tag(t, "even")),
        ),
        (
            "all of the tags",
            TicketQuery {
                tags: tags(&["even", "three"]),
                ..query(500)
            },
            Box::new(move |t| has_tag(t, "even") && has_tag(t, "three")),
        ),
        (
            "a repeated tag",
            TicketQuery {
                tags: tags(&["three", "three"]),
                ..query(500)
            },
            Box::new(move |t| has_tag(t, "three")),
        ),
        (
            "an unknown tag",
            TicketQuery {
                tags: tags(&["even", "nope"]),
                ..query(500)
            },
            Box::new(|_| false),
        ),
        (
            "updated since",
            TicketQuery {
                updated_since: Some(since),
                ..query(500)
            },
            Box::new(move |t| t.updated_at > since),
        ),
        (
            "combined",
            TicketQuery {
                statuses: vec![Status::New, Status::Pending],
                group_id: Some(w.group_x),
                assignee: AssigneeFilter::Is(w.agent_b.id),
                tags: tags(&["all"]),
                ..query(500)
            },
            Box::new(|t| {
                matches!(t.status, Status::New | Status::Pending)
                    && t.group_id == Some(w.group_x)
                    && t.assignee_id == Some(w.agent_b.id)
            }),
        ),
    ];
    for (name, q, keep) in cases {
        let want = expected(&w.tickets, keep, q.sort);
        let page = store.list_tickets(&q).await.expect("list");
        assert_eq!(ids(&page.items), want, "filter: {name}");
        assert!(page.next_cursor.is_none(), "filter: {name}");
    }
    // The spread is wide enough that each filter above is meaningful.
    assert!(w.tickets.iter().any(|t| t.assignee_id.is_none()));
    assert!(w.tickets.iter().any(|t| t.requester_id == w.requester_1.id));
}

pub async fn list_sorts_by_each_field_both_ways(store: Arc<dyn Store>) {
    let w = world(&store).await;
    for field in FIELDS {
        for descending in [false, true] {
            let sort = TicketSort { field, descending };
            let q = TicketQuery { sort, ..query(500) };
            let page = store.list_tickets(&q).await.expect("list");
            assert_eq!(
                ids(&page.items),
                expected(&w.tickets, |_| true, sort),
                "sort: {sort:?}"
            );
        }
    }
    // The default is most recently updated first.
    let default = store.list_tickets(&query(500)).await.expect("list");
    assert_eq!(
        ids(&default.items),
        expected(&w.tickets, |_| true, TicketSort::default())
    );
}

pub async fn list_cursor_visits_every_ticket_once(store: Arc<dyn Store>) {
    let w = world(&store).await;
    for field in FIELDS {
        for descending in [false, true] {
            let sort = TicketSort { field, descending };
            for limit in [1, 5, 6, 12, 13] {
                let q = TicketQuery {
                    sort,
                    ..query(limit)
                };
                let mut pages = 0;
                let mut seen = Vec::new();
                let mut next = q.clone();
                loop {
                    let page = store.list_tickets(&next).await.expect("page");
                    pages += 1;
                    assert!(page.items.len() <= limit as usize);
                    seen.extend(ids(&page.items));
                    match page.next_cursor {
                        Some(cursor) => {
                            let last = page.items.last().expect("a page with a cursor has items");
                            assert_eq!(cursor.id, last.id);
                            assert_eq!(cursor.sort_value, sort_key(last, field));
                            next.cursor = Some(cursor);
                        }
                        None => break,
                    }
                    assert!(pages <= 12, "pagination does not end");
                }
                assert_eq!(
                    seen,
                    expected(&w.tickets, |_| true, sort),
                    "{sort:?} limit {limit}"
                );
                // A full last page ends the listing: no empty page after it.
                assert_eq!(
                    pages,
                    12usize.div_ceil(limit as usize),
                    "{sort:?} limit {limit}"
                );
            }
        }
    }
    // Cursors combine with filters (several statuses: the "all open" queue).
    for field in FIELDS {
        for descending in [false, true] {
            let sort = TicketSort { field, descending };
            let q = TicketQuery {
                statuses: vec![Status::New, Status::Open, Status::Pending],
                sort,
                ..query(2)
            };
            assert_eq!(
                ids(&list_all(&store, q).await),
                expected(
                    &w.tickets,
                    |t| matches!(t.status, Status::New | Status::Open | Status::Pending),
                    sort
                ),
                "{sort:?}"
            );
        }
    }
}

pub async fn customers_see_their_own_and_shared_organization_tickets(store: Arc<dyn Store>) {
    let shared = organization(&store, "Shared", true).await;
    let private = organization(&store, "Private", false).await;
    let a1 = user(&store, "A1", Role::Customer, Some(shared.id)).await;
    let a2 = user(&store, "A2", Role::Customer, Some(shared.id)).await;
    let b1 = user(&store, "B1", Role::Customer, Some(private.id)).await;
    let b2 = user(&store, "B2", Role::Customer, Some(private.id)).await;
    let loner = customer(&store, "Loner").await;

    let a1_own = create(&store, ticket(&a1, "a1 first")).await;
    let mut without_org = ticket(&a1, "a1 without organization");
    without_org.organization_id = None;
    let a1_no_org = create(&store, without_org).await;
    let a2_own = create(&store, ticket(&a2, "a2")).await;
    let b1_own = create(&store, ticket(&b1, "b1")).await;
    let _b2_own = create(&store, ticket(&b2, "b2")).await;
    let loner_own = create(&store, ticket(&loner, "loner")).await;

    let scope = |u: &User| TicketScope::Requester {
        user_id: u.id,
        organization_id: u.organization_id,
    };
    let visible = |scope: TicketScope| {
        let store = Arc::clone(&store);
        async move {
            let q = TicketQuery {
                scope,
                ..query(100)
            };
            sorted(ids(&list_all(&store, q).await))
        }
    };
    assert_eq!(
        visible(scope(&a1)).await,
        sorted(vec![a1_own.id, a1_no_org.id, a2_own.id])
    );
    assert_eq!(
        visible(scope(&a2)).await,
        sorted(vec![a1_own.id, a2_own.id])
    );
    assert_eq!(visible(scope(&b1)).await, vec![b1_own.id]);
    assert_eq!(visible(scope(&loner)).await, vec![loner_own.id]);
    assert_eq!(visible(TicketScope::All).await.len(), 6);

    // Sharing is read at query time: turning it off hides colleagues' tickets.
    let mut unshared = shared.clone();
    unshared.shares_tickets = false;
    store
        .update_organization(&unshared)
        .await
        .expect("update organization");
    assert_eq!(
        visible(scope(&a1)).await,
        sorted(vec![a1_own.id, a1_no_org.id])
    );
    assert_eq!(visible(scope(&a2)).await, vec![a2_own.id]);
}
