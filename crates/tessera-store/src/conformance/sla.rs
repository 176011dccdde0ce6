//! SLA storage: calendars and policies (names, versions, references, order),
//! each ticket's SLA row written with its ticket or in batches, the sweeper's and
//! the recomputation's reads, the "next due" queue sort, and notifications.

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::json;
use tessera_core::{Channel, Priority, Status, TicketType};

use super::fixtures::*;
use crate::{
    Cursor, NewNotification, NewSlaCalendar, NewSlaPolicy, NewTicket, SlaCalendarRecord, SlaFacts,
    SlaPolicyRecord, SlaScan, Store, Ticket, TicketQuery, TicketSla, TicketSort, TicketSortField,
    TicketWrite, User,
};

// ----- builders ------------------------------------------------------------------

fn new_calendar(name: &str) -> NewSlaCalendar {
    NewSlaCalendar {
        name: name.to_owned(),
        definition: json!({ "time_zone": "Europe/Warsaw", "hours": [[9, 17]] }),
        updated_at: at(1),
    }
}

fn new_policy(name: &str, position: i32, calendar_id: Option<i64>) -> NewSlaPolicy {
    NewSlaPolicy {
        name: name.to_owned(),
        position,
        active: true,
        calendar_id,
        definition: json!({ "targets": { "first_response": 60 } }),
        updated_at: at(1),
    }
}

async fn calendar(store: &Arc<dyn Store>, name: &str) -> SlaCalendarRecord {
    store
        .create_sla_calendar(new_calendar(name))
        .await
        .expect("create calendar")
}

async fn policy(
    store: &Arc<dyn Store>,
    name: &str,
    position: i32,
    calendar_id: Option<i64>,
) -> SlaPolicyRecord {
    store
        .create_sla_policy(new_policy(name, position, calendar_id))
        .await
        .expect("create policy")
}

/// An SLA row; `due` and `check` are seconds after the test epoch.
fn sla(ticket_id: i64, policy_id: Option<i64>, due: Option<i64>, check: Option<i64>) -> TicketSla {
    TicketSla {
        ticket_id,
        policy_id,
        timeline: json!([{ "at": 1, "status": "new" }]),
        state: json!({ "first_response": { "due": due } }),
        next_due_at: due.map(at),
        next_check_at: check.map(at),
        breached: false,
        computed_at: at(2),
    }
}

fn write(ticket: Ticket) -> TicketWrite {
    TicketWrite {
        ticket,
        comment: None,
        events: Vec::new(),
        jobs: Vec::new(),
        sla: None,
        notifications: Vec::new(),
    }
}

fn notification(user: &User, ticket_id: Option<i64>, body: &str, at: Timestamp) -> NewNotification {
    NewNotification {
        user_id: user.id,
        ticket_id,
        kind: "sla_warning".to_owned(),
        body: body.to_owned(),
        created_at: at,
    }
}

fn ticket_ids(rows: &[TicketSla]) -> Vec<i64> {
    rows.iter().map(|r| r.ticket_id).collect()
}

// ----- calendars and policies ----------------------------------------------------

pub async fn sla_calendars_crud_and_conflicts(store: Arc<dyn Store>) {
    let office = calendar(&store, "Office").await;
    let bank = calendar(&store, "Bank holidays").await;
    assert_eq!(office.version, 1);
    assert_eq!(office.definition, new_calendar("Office").definition);
    assert_eq!(office.updated_at, at(1));
    let listed = store.list_sla_calendars().await.expect("list");
    assert_eq!(listed, vec![bank.clone(), office.clone()], "by name");
    assert_conflict(
        store.create_sla_calendar(new_calendar("Office")).await,
        "sla_calendar_name",
    );

    let mut edited = office.clone();
    edited.name = "Office hours".to_owned();
    edited.definition = json!({ "time_zone": "UTC" });
    edited.updated_at = at(5);
    let updated = store.update_sla_calendar(&edited).await.expect("update");
    assert_eq!(updated.version, 2);
    assert_eq!(updated.name, "Office hours");
    assert_eq!(updated.definition, json!({ "time_zone": "UTC" }));
    assert_eq!(updated.updated_at, at(5));
    // The stale copy (version 1) is refused and changes nothing.
    assert_conflict(store.update_sla_calendar(&edited).await, "version");
    let mut renamed = updated.clone();
    renamed.name = "Bank holidays".to_owned();
    assert_conflict(
        store.update_sla_calendar(&renamed).await,
        "sla_calendar_name",
    );
    let mut ghost = updated.clone();
    ghost.id += 1000;
    assert_not_found(store.update_sla_calendar(&ghost).await, "sla_calendar");
    assert_eq!(
        store.list_sla_calendars().await.expect("list"),
        vec![bank.clone(), updated.clone()]
    );

    // A calendar in use by a policy cannot go; once unused it can.
    let p = policy(&store, "Gold", 0, Some(updated.id)).await;
    assert_conflict(store.delete_sla_calendar(updated.id).await, "reference");
    store.delete_sla_policy(p.id).await.expect("delete policy");
    store
        .delete_sla_calendar(updated.id)
        .await
        .expect("delete unused calendar");
    assert_not_found(store.delete_sla_calendar(updated.id).await, "sla_calendar");
    assert_eq!(store.list_sla_calendars().await.expect("list"), vec![bank]);
}

pub async fn sla_policies_crud_and_conflicts(store: Arc<dyn Store>) {
    let office = calendar(&store, "Office").await;
    let gold = policy(&store, "Gold", 1, Some(office.id)).await;
    let silver = policy(&store, "Silver", 0, None).await;
    let bronze = policy(&store, "Bronze", 1, None).await;
    assert_eq!(gold.version, 1);
    assert_eq!(gold.calendar_id, Some(office.id));
    assert!(gold.active);
    assert_eq!(
        store.list_sla_policies().await.expect("list"),
        vec![silver.clone(), gold.clone(), bronze.clone()],
        "by position, then id"
    );
    assert_conflict(
        store.create_sla_policy(new_policy("Gold", 5, None)).await,
        "sla_policy_name",
    );
    assert_conflict(
        store
            .create_sla_policy(new_policy("Platinum", 5, Some(office.id + 1000)))
            .await,
        "reference",
    );

    let mut edited = bronze.clone();
    edited.position = 7;
    edited.active = false;
    edited.calendar_id = Some(office.id);
    edited.definition = json!({ "targets": {} });
    edited.updated_at = at(9);
    let updated = store.update_sla_policy(&edited).await.expect("update");
    assert_eq!(
        updated,
        SlaPolicyRecord {
            version: 2,
            ..edited.clone()
        }
    );
    assert_conflict(store.update_sla_policy(&edited).await, "version");
    let mut renamed = updated.clone();
    renamed.name = "Silver".to_owned();
    assert_conflict(store.update_sla_policy(&renamed).await, "sla_policy_name");
    let mut unknown_calendar = updated.clone();
    unknown_calendar.calendar_id = Some(office.id + 1000);
    assert_conflict(
        store.update_sla_policy(&unknown_calendar).await,
        "reference",
    );
    let mut ghost = updated.clone();
    ghost.id += 1000;
    assert_not_found(store.update_sla_policy(&ghost).await, "sla_policy");

    // Deleting a policy keeps the rows of its tickets, without the policy.
    let requester = customer(&store, "Rita").await;
    let covered = create(&store, ticket(&requester, "covered")).await;
    let other = create(&store, ticket(&requester, "other")).await;
    store
        .put_ticket_slas(vec![
            sla(covered.id, Some(gold.id), Some(100), None),
            sla(other.id, Some(silver.id), Some(200), None),
        ])
        .await
        .expect("put");
    store.delete_sla_policy(gold.id).await.expect("delete");
    assert_not_found(store.delete_sla_policy(gold.id).await, "sla_policy");
    let kept = store
        .get_ticket_sla(covered.id)
        .await
        .expect("get")
        .expect("row kept");
    assert_eq!(kept, sla(covered.id, None, Some(100), None));
    let untouched = store.get_ticket_sla(other.id).await.expect("get");
    assert_eq!(
        untouched,
        Some(sla(other.id, Some(silver.id), Some(200), None))
    );
    assert_eq!(
        store.list_sla_policies().await.expect("list"),
        vec![silver, updated]
    );
}

pub async fn sla_policies_are_reordered(store: Arc<dyn Store>) {
    let a = policy(&store, "A", 5, None).await;
    let b = policy(&store, "B", 5, None).await;
    let c = policy(&store, "C", 7, None).await;
    let d = policy(&store, "D", 9, None).await;
    store
        .reorder_sla_policies(&[c.id, a.id])
        .await
        .expect("reorder");
    let listed = store.list_sla_policies().await.expect("list");
    let order: Vec<(i64, i32)> = listed.iter().map(|p| (p.id, p.position)).collect();
    assert_eq!(order, vec![(c.id, 0), (a.id, 1), (b.id, 2), (d.id, 3)]);
    // Every position changed, so every version did.
    assert!(listed.iter().all(|p| p.version == 2), "{listed:?}");

    // An unknown id changes nothing.
    assert_not_found(
        store.reorder_sla_policies(&[d.id, d.id + 1000]).await,
        "sla_policy",
    );
    assert_eq!(store.list_sla_policies().await.expect("list"), listed);

    // Positions already right are left alone, versions included.
    store
        .reorder_sla_policies(&[c.id, a.id, b.id])
        .await
        .expect("same order");
    assert_eq!(store.list_sla_policies().await.expect("list"), listed);
}

// ----- per-ticket rows -----------------------------------------------------------

pub async fn ticket_sla_is_written_with_create_and_import(store: Arc<dyn Store>) {
    let requester = customer(&store, "Rita").await;
    let gold = policy(&store, "Gold", 0, None).await;
    let created = store
        .create_ticket(NewTicket {
            // The store fills in the new ticket's id.
            sla: Some(sla(0, Some(gold.id), Some(300), Some(250))),
            ..new_ticket(ticket(&requester, "with SLA"))
        })
        .await
        .expect("create")
        .value;
    assert_eq!(created.version, 1);
    assert_eq!(
        store.get_ticket_sla(created.id).await.expect("get"),
        Some(sla(created.id, Some(gold.id), Some(300), Some(250)))
    );
    let plain = create(&store, ticket(&requester, "without SLA")).await;
    assert_eq!(store.get_ticket_sla(plain.id).await.expect("get"), None);

    let imported = store
        .import_tickets(vec![
            NewTicket {
                sla: Some(sla(0, None, Some(500), None)),
                ..new_ticket(ticket(&requester, "imported 1"))
            },
            new_ticket(ticket(&requester, "imported 2")),
            NewTicket {
                sla: Some(sla(0, Some(gold.id), None, Some(400))),
                ..new_ticket(ticket(&requester, "imported 3"))
            },
        ])
        .await
        .expect("import");
    assert_eq!(imported, 3);
    let all = list_all(
        &store,
        TicketQuery {
            sort: TicketSort {
                field: TicketSortField::Number,
                descending: false,
            },
            ..query(50)
        },
    )
    .await;
    let [_, _, first, second, third] = all.as_slice() else {
        panic!("expected five tickets, got {all:?}");
    };
    let rows = store
        .get_ticket_slas(&[first.id, second.id, third.id])
        .await
        .expect("get many");
    let mut rows = rows;
    rows.sort_by_key(|r| r.ticket_id);
    assert_eq!(
        rows,
        vec![
            sla(first.id, None, Some(500), None),
            sla(third.id, Some(gold.id), None, Some(400)),
        ]
    );
}

pub async fn ticket_sla_and_notifications_are_written_with_updates(store: Arc<dyn Store>) {
    let requester = customer(&store, "Rita").await;
    let agent = agent(&store, "Alice").await;
    let gold = policy(&store, "Gold", 0, None).await;
    let t = create(&store, ticket(&requester, "updated")).await;

    let mut next = t.clone();
    next.status = Status::Open;
    next.updated_at = at(10);
    let (updated, _) = store
        .update_ticket(TicketWrite {
            sla: Some(sla(t.id, Some(gold.id), Some(100), Some(90))),
            notifications: vec![notification(&agent, Some(t.id), "due soon", at(10))],
            ..write(next)
        })
        .await
        .expect("update");
    assert_eq!(
        updated.version, 2,
        "one bump for the change, none for the SLA"
    );
    assert_eq!(
        store.get_ticket_sla(t.id).await.expect("get"),
        Some(sla(t.id, Some(gold.id), Some(100), Some(90)))
    );
    let listed = store
        .list_notifications(agent.id, false, 10)
        .await
        .expect("notifications");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].ticket_id, Some(t.id));
    assert_eq!(listed[0].body, "due soon");
    assert_eq!(listed[0].kind, "sla_warning");
    assert_eq!(listed[0].created_at, at(10));
    assert_eq!(listed[0].read_at, None);

    // A second update replaces the row (the row's own ticket id does not matter).
    let mut again = updated.clone();
    again.updated_at = at(20);
    let (updated, _) = store
        .update_ticket(TicketWrite {
            sla: Some(sla(t.id + 1000, None, Some(150), None)),
            ..write(again)
        })
        .await
        .expect("second update");
    assert_eq!(updated.version, 3);
    assert_eq!(
        store.get_ticket_sla(t.id).await.expect("get"),
        Some(sla(t.id, None, Some(150), None))
    );

    // A version conflict writes neither the row nor the notifications.
    let mut stale = t.clone();
    stale.updated_at = at(30);
    assert_conflict(
        store
            .update_ticket(TicketWrite {
                sla: Some(sla(t.id, Some(gold.id), Some(999), Some(999))),
                notifications: vec![notification(&agent, Some(t.id), "stale", at(30))],
                ..write(stale)
            })
            .await,
        "ticket_version",
    );
    assert_eq!(
        store.get_ticket_sla(t.id).await.expect("get"),
        Some(sla(t.id, None, Some(150), None))
    );
    assert_eq!(
        store
            .count_unread_notifications(agent.id)
            .await
            .expect("count"),
        1
    );

    // Writing rows directly leaves the ticket's version alone.
    store
        .put_ticket_slas(vec![sla(t.id, Some(gold.id), Some(160), None)])
        .await
        .expect("put");
    assert_eq!(store.get_ticket(t.id).await.expect("get").version, 3);
}

pub async fn ticket_slas_are_put_read_and_due(store: Arc<dyn Store>) {
    let requester = customer(&store, "Rita").await;
    let mut tickets = Vec::new();
    for i in 0..5 {
        tickets.push(create(&store, ticket(&requester, &format!("t{i}"))).await);
    }
    let id = |i: usize| tickets[i].id;
    let missing = id(4) + 1000;
    store
        .put_ticket_slas(vec![
            sla(id(0), None, Some(100), Some(50)),
            sla(id(1), None, Some(100), Some(30)),
            sla(id(2), None, None, Some(30)),
            sla(missing, None, Some(1), Some(1)),
            sla(id(3), None, Some(100), None),
            // The last row for a ticket wins.
            sla(id(0), None, Some(110), Some(40)),
        ])
        .await
        .expect("put");
    assert_eq!(store.get_ticket_sla(missing).await.expect("get"), None);
    assert_eq!(
        store.get_ticket_sla(id(0)).await.expect("get"),
        Some(sla(id(0), None, Some(110), Some(40)))
    );
    assert_eq!(store.get_ticket_sla(id(4)).await.expect("get"), None);
    let mut many = store
        .get_ticket_slas(&[id(3), id(0), id(4), missing])
        .await
        .expect("get many");
    many.sort_by_key(|r| r.ticket_id);
    assert_eq!(
        many,
        vec![
            sla(id(0), None, Some(110), Some(40)),
            sla(id(3), None, Some(100), None)
        ]
    );
    assert!(store.get_ticket_slas(&[]).await.expect("none").is_empty());

    // Due: next_check_at <= now, earliest first, ties by ticket id, up to the limit.
    let due = store.ticket_slas_due(at(40), 10).await.expect("due");
    assert_eq!(ticket_ids(&due), vec![id(1), id(2), id(0)]);
    let due = store.ticket_slas_due(at(39), 10).await.expect("due");
    assert_eq!(ticket_ids(&due), vec![id(1), id(2)]);
    let due = store.ticket_slas_due(at(100), 1).await.expect("due");
    assert_eq!(ticket_ids(&due), vec![id(1)]);
    assert!(
        store
            .ticket_slas_due(at(29), 10)
            .await
            .expect("due")
            .is_empty()
    );

    // Clearing the check takes a row off the due list.
    store
        .put_ticket_slas(vec![sla(id(1), None, Some(100), None)])
        .await
        .expect("put");
    let due = store.ticket_slas_due(at(100), 10).await.expect("due");
    assert_eq!(ticket_ids(&due), vec![id(2), id(0)]);
    store.put_ticket_slas(Vec::new()).await.expect("empty put");
}

pub async fn scan_ticket_slas_filters_and_pages(store: Arc<dyn Store>) {
    let requester = customer(&store, "Rita").await;
    let statuses = [
        Status::New,
        Status::Open,
        Status::Solved,
        Status::Pending,
        Status::Closed,
        Status::Open,
        Status::New,
    ];
    let mut tickets = Vec::new();
    for (i, status) in statuses.into_iter().enumerate() {
        let mut t = ticket(&requester, &format!("scan {i}"));
        t.status = status;
        t.created_at = at(100 + i as i64 * 10);
        t.updated_at = t.created_at + jiff::SignedDuration::from_secs(5);
        // Fields the slim SLA scan reads, varied per ticket.
        t.tags = vec!["vpn".to_owned(), format!("t{i}")];
        t.category = (i % 2 == 1).then(|| "network".to_owned());
        t.priority = if i % 3 == 0 {
            Priority::High
        } else {
            Priority::Normal
        };
        t.ticket_type = if i % 2 == 0 {
            TicketType::Incident
        } else {
            TicketType::Question
        };
        t.channel = Channel::Email;
        t.first_response_at = (i % 3 == 1).then(|| at(101 + i as i64 * 10));
        tickets.push(create(&store, t).await);
    }
    // Every other ticket has a row.
    let rows: Vec<TicketSla> = tickets
        .iter()
        .step_by(2)
        .map(|t| sla(t.id, None, Some(1000 + t.id), None))
        .collect();
    store.put_ticket_slas(rows.clone()).await.expect("put");
    let row_of = |t: &Ticket| rows.iter().find(|r| r.ticket_id == t.id).cloned();

    // Walks in batches to the end; returns every (ticket id, has row) seen.
    let walk = |scan: SlaScan| {
        let store = store.clone();
        async move {
            let mut seen = Vec::new();
            let mut scan = scan;
            loop {
                let batch = store.scan_ticket_slas(&scan).await.expect("scan");
                assert!(batch.len() <= scan.limit as usize);
                let Some((last, _)) = batch.last() else {
                    return seen;
                };
                scan.after_ticket_id = last.id;
                seen.extend(batch);
            }
        }
    };
    let everything = walk(SlaScan {
        limit: 3,
        ..SlaScan::default()
    })
    .await;
    let expected: Vec<(Ticket, Option<TicketSla>)> =
        tickets.iter().map(|t| (t.clone(), row_of(t))).collect();
    assert_eq!(everything, expected);

    let ids_of = |found: &[(Ticket, Option<TicketSla>)]| -> Vec<i64> {
        found.iter().map(|(t, _)| t.id).collect()
    };
    let open = walk(SlaScan {
        limit: 2,
        open_only: true,
        ..SlaScan::default()
    })
    .await;
    let expected_open: Vec<i64> = tickets
        .iter()
        .filter(|t| !matches!(t.status, Status::Solved | Status::Closed))
        .map(|t| t.id)
        .collect();
    assert_eq!(ids_of(&open), expected_open);

    let window = walk(SlaScan {
        limit: 1,
        created_from: Some(at(120)),
        created_to: Some(at(150)),
        ..SlaScan::default()
    })
    .await;
    assert_eq!(
        ids_of(&window),
        vec![tickets[2].id, tickets[3].id, tickets[4].id],
        "from inclusive, to exclusive"
    );

    let after = store
        .scan_ticket_slas(&SlaScan {
            after_ticket_id: tickets[4].id,
            limit: 10,
            open_only: true,
            created_from: Some(at(100)),
            created_to: None,
        })
        .await
        .expect("scan");
    assert_eq!(ids_of(&after), vec![tickets[5].id, tickets[6].id]);
    assert_eq!(after[1].1, row_of(&tickets[6]));
    assert_eq!(after[0].1, None);

    // The slim scan of open tickets equals the full one, field for field.
    let mut facts = Vec::new();
    let mut after_id = 0;
    loop {
        let batch = store.scan_open_sla_facts(after_id, 2).await.expect("facts");
        assert!(batch.len() <= 2);
        let Some(last) = batch.last() else {
            break;
        };
        after_id = last.ticket_id;
        facts.extend(batch);
    }
    let expected_facts: Vec<SlaFacts> = open
        .into_iter()
        .map(|(t, row)| SlaFacts::from_ticket(t, row))
        .collect();
    assert_eq!(facts.len(), expected_open.len());
    assert_eq!(facts, expected_facts);
    assert!(facts.iter().any(|f| f.sla.is_some()) && facts.iter().any(|f| f.sla.is_none()));
    let from_middle = store
        .scan_open_sla_facts(tickets[4].id, 5000)
        .await
        .expect("facts");
    assert_eq!(
        from_middle.iter().map(|f| f.ticket_id).collect::<Vec<_>>(),
        vec![tickets[5].id, tickets[6].id]
    );
}

pub async fn sla_due_sort_pages_with_and_without_due_times(store: Arc<dyn Store>) {
    let requester = customer(&store, "Rita").await;
    // Due times with ties, and three tickets without one (one with an SLA row
    // but nothing running, two without a row).
    let dues = [
        Some(300),
        None,
        Some(100),
        Some(300),
        None,
        Some(200),
        Some(100),
        None,
    ];
    let mut tickets = Vec::new();
    for (i, due) in dues.iter().enumerate() {
        let mut t = ticket(&requester, &format!("due {i}"));
        t.status = if i % 2 == 0 {
            Status::Open
        } else {
            Status::New
        };
        let created = store
            .create_ticket(NewTicket {
                sla: (i != 1 && i != 4).then(|| sla(0, None, *due, None)),
                ..new_ticket(t)
            })
            .await
            .expect("create")
            .value;
        tickets.push((created, *due));
    }
    let expected = |keep: &dyn Fn(&Ticket) -> bool, descending: bool| -> Vec<i64> {
        let mut dated: Vec<(i64, i64)> = tickets
            .iter()
            .filter(|(t, _)| keep(t))
            .filter_map(|(t, due)| due.map(|d| (d, t.id)))
            .collect();
        let mut undated: Vec<i64> = tickets
            .iter()
            .filter(|(t, due)| keep(t) && due.is_none())
            .map(|(t, _)| t.id)
            .collect();
        dated.sort_unstable();
        undated.sort_unstable();
        if descending {
            dated.reverse();
            undated.reverse();
        }
        dated.into_iter().map(|(_, id)| id).chain(undated).collect()
    };
    let due_of = |id: i64| {
        tickets
            .iter()
            .find(|(t, _)| t.id == id)
            .and_then(|(_, due)| *due)
    };

    for descending in [false, true] {
        let sort = TicketSort {
            field: TicketSortField::SlaDue,
            descending,
        };
        for limit in [1, 2, 3, 5, 8, 9] {
            let mut q = TicketQuery {
                sort,
                ..query(limit)
            };
            let mut seen = Vec::new();
            loop {
                let page = store.list_tickets(&q).await.expect("page");
                assert!(page.items.len() <= limit as usize);
                seen.extend(ids(&page.items));
                let Some(cursor) = page.next_cursor else {
                    break;
                };
                let last = page.items.last().expect("a page with a cursor has items");
                assert_eq!(cursor.id, last.id);
                let key = due_of(last.id).map_or(Cursor::NO_SLA_DUE, |d| at(d).as_microsecond());
                assert_eq!(cursor.sort_value, key, "cursor key, limit {limit}");
                q.cursor = Some(cursor);
            }
            assert_eq!(
                seen,
                expected(&|_| true, descending),
                "{sort:?}, limit {limit}"
            );
        }
        // With a filter, across the boundary between the two kinds.
        let open = TicketQuery {
            sort,
            statuses: vec![Status::Open],
            ..query(2)
        };
        assert_eq!(
            ids(&list_all(&store, open).await),
            expected(&|t| t.status == Status::Open, descending)
        );
    }

    // A new due time moves the ticket; clearing it sends it to the end.
    let (first_undated, _) = tickets[1].clone();
    let (earliest, _) = tickets[2].clone();
    store
        .put_ticket_slas(vec![
            sla(first_undated.id, None, Some(50), None),
            sla(earliest.id, None, None, None),
        ])
        .await
        .expect("put");
    let sorted_ids = ids(&list_all(
        &store,
        TicketQuery {
            sort: TicketSort {
                field: TicketSortField::SlaDue,
                descending: false,
            },
            ..query(3)
        },
    )
    .await);
    assert_eq!(sorted_ids.first(), Some(&first_undated.id));
    assert_eq!(sorted_ids.len(), tickets.len());
    let undated_tail: Vec<i64> = sorted_ids[sorted_ids.len() - 3..].to_vec();
    assert_eq!(
        undated_tail,
        vec![earliest.id, tickets[4].0.id, tickets[7].0.id]
    );
}

// ----- notifications -------------------------------------------------------------

pub async fn notifications_are_listed_counted_and_marked_per_user(store: Arc<dyn Store>) {
    let alice = agent(&store, "Alice").await;
    let bruno = agent(&store, "Bruno").await;
    let requester = customer(&store, "Rita").await;
    let t = create(&store, ticket(&requester, "noisy")).await;
    store
        .create_notifications(vec![
            notification(&alice, Some(t.id), "a1", at(1)),
            notification(&bruno, None, "b1", at(2)),
            notification(&alice, None, "a2", at(3)),
            notification(&alice, Some(t.id), "a3", at(4)),
        ])
        .await
        .expect("create");
    store.create_notifications(Vec::new()).await.expect("none");
    assert_conflict(
        store
            .create_notifications(vec![NewNotification {
                user_id: bruno.id + 1000,
                ..notification(&bruno, None, "nobody", at(5))
            }])
            .await,
        "reference",
    );

    let bodies = |list: &[crate::Notification]| -> Vec<String> {
        list.iter().map(|n| n.body.clone()).collect()
    };
    let all = store
        .list_notifications(alice.id, false, 200)
        .await
        .expect("list");
    assert_eq!(bodies(&all), ["a3", "a2", "a1"], "newest first");
    assert!(all.iter().all(|n| n.user_id == alice.id));
    let limited = store
        .list_notifications(alice.id, false, 2)
        .await
        .expect("list");
    assert_eq!(bodies(&limited), ["a3", "a2"]);
    assert_eq!(
        store
            .count_unread_notifications(alice.id)
            .await
            .expect("count"),
        3
    );

    // Marking some: only the user's own; Bruno's id in Alice's call is ignored.
    let b1 = store
        .list_notifications(bruno.id, false, 10)
        .await
        .expect("list")[0]
        .clone();
    store
        .mark_notifications_read(alice.id, &[all[0].id, b1.id], at(10))
        .await
        .expect("mark");
    assert_eq!(
        store
            .count_unread_notifications(alice.id)
            .await
            .expect("count"),
        2
    );
    assert_eq!(
        store
            .count_unread_notifications(bruno.id)
            .await
            .expect("count"),
        1
    );
    let unread = store
        .list_notifications(alice.id, true, 10)
        .await
        .expect("list");
    assert_eq!(bodies(&unread), ["a2", "a1"]);
    let read = store
        .list_notifications(alice.id, false, 10)
        .await
        .expect("list");
    assert_eq!(read[0].read_at, Some(at(10)));

    // Marking all: the rest are read now; the first keeps its time.
    store
        .mark_notifications_read(alice.id, &[], at(20))
        .await
        .expect("mark all");
    assert_eq!(
        store
            .count_unread_notifications(alice.id)
            .await
            .expect("count"),
        0
    );
    let read = store
        .list_notifications(alice.id, false, 10)
        .await
        .expect("list");
    let times: Vec<Option<Timestamp>> = read.iter().map(|n| n.read_at).collect();
    assert_eq!(times, [Some(at(10)), Some(at(20)), Some(at(20))]);
    assert!(
        store
            .list_notifications(alice.id, true, 10)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        store
            .count_unread_notifications(bruno.id)
            .await
            .expect("count"),
        1,
        "another user's notifications stay unread"
    );
}
