//! Tickets: numbering, round trips, idempotency, optimistic updates, atomicity,
//! conversation and history, bulk import.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::json;
use tessera_core::{Channel, Impact, Priority, Status, TicketType, Tier, Urgency};

use super::fixtures::*;
use crate::{
    EventKind, IdempotencyKey, NewAttachment, Store, Ticket, TicketScope, TicketSort,
    TicketSortField, TicketWrite,
};

pub async fn ping_and_backend_name(store: Arc<dyn Store>) {
    store.ping().await.expect("ping");
    assert!(["sqlite", "postgres"].contains(&store.backend()));
}

pub async fn ticket_numbers_start_at_1001_and_increase(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let mut numbers = Vec::new();
    for i in 0..3 {
        numbers.push(
            create(&store, ticket(&ann, &format!("ticket {i}")))
                .await
                .number,
        );
    }
    assert_eq!(numbers, [1001, 1002, 1003]);
}

pub async fn concurrent_creates_get_unique_numbers(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let store = Arc::clone(&store);
            let new = new_ticket(ticket(&ann, &format!("concurrent {i}")));
            tokio::spawn(async move { store.create_ticket(new).await })
        })
        .collect();
    let mut numbers = BTreeSet::new();
    for task in tasks {
        let created = task.await.expect("task").expect("create ticket");
        assert!(created.value.number >= 1001);
        assert!(numbers.insert(created.value.number), "duplicate number");
    }
    assert_eq!(numbers.len(), 50);
    for number in numbers {
        let t = store.get_ticket_by_number(number).await.expect("by number");
        assert_eq!(t.number, number);
    }
}

pub async fn ticket_round_trips_every_field(store: Arc<dyn Store>) {
    let org = organization(&store, "Acme", true).await;
    let requester = user(&store, "Zofia", tessera_core::Role::Customer, Some(org.id)).await;
    let agent = agent(&store, "Agnes").await;
    let team = group(&store, "Hardware").await;

    let mut t = ticket(&requester, "Zażółć gęślą jaźń — принтер не печатает 🖨");
    t.description = "Line 1\nLine 2\t«quoted» Γειά σου κόσμε".to_owned();
    t.status = Status::Pending;
    t.ticket_type = TicketType::Incident;
    t.impact = Impact::new(1).expect("impact");
    t.urgency = Urgency::new(2).expect("urgency");
    t.priority = Priority::High;
    t.priority_overridden = true;
    t.category = Some("hardware/printers".to_owned());
    t.tags = vec!["printer".to_owned(), "vip".to_owned()];
    t.custom_fields = json!({
        "asset": "PC-42",
        "count": 3,
        "ratio": 0.5,
        "approved": true,
        "missing": null,
        "list": [1, "two", {"three": 3}],
        "nested": {"a": {"b": "ć"}},
    })
    .as_object()
    .cloned()
    .expect("object");
    t.organization_id = Some(org.id);
    t.assignee_id = Some(agent.id);
    t.group_id = Some(team.id);
    t.tier = Tier::L2;
    t.channel = Channel::Email;
    t.language = Some("pl".to_owned());
    t.created_at = micros(10_000_001);
    t.updated_at = micros(20_123_457);
    t.first_response_at = Some(micros(15_000_999));
    t.solved_at = Some(micros(19_999_999));
    t.closed_at = None;

    let created = store
        .create_ticket(new_ticket(t.clone()))
        .await
        .expect("create");
    assert!(!created.replayed);
    let mut expected = t;
    expected.id = created.value.id;
    expected.number = created.value.number;
    expected.version = 1;
    assert_eq!(created.value, expected);
    assert_eq!(store.get_ticket(expected.id).await.expect("get"), expected);
    assert_eq!(
        store
            .get_ticket_by_number(expected.number)
            .await
            .expect("by number"),
        expected
    );
}

pub async fn ticket_text_is_stored_verbatim(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let mut large = String::new();
    while large.len() < 100 * 1024 {
        large.push_str("Zażółć gęślą jaźń; Съешь же ещё этих мягких французских булок. ");
    }
    let texts = [
        "'; DROP TABLE tickets; --",
        "Robert\"); DELETE FROM users WHERE ('1' = '1",
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
        "100% _done_ \\ %s $1 ?1 :name @p {{ template }}",
        "NEAR(a b) OR \"x\" * ^ col:value -not",
        "emoji 👩‍💻, RTL שלום, combining é, CJK 漢字",
    ];
    for text in texts {
        let mut t = ticket(&ann, text);
        t.description = format!("{text}\n{large}");
        t.category = Some(text.to_owned());
        t.custom_fields.insert(text.to_owned(), json!(text));
        let created = create(&store, t.clone()).await;
        let stored = store.get_ticket(created.id).await.expect("get");
        assert_eq!(stored.subject, text);
        assert_eq!(stored.description, t.description);
        assert_eq!(stored.category.as_deref(), Some(text));
        assert_eq!(stored.custom_fields, t.custom_fields);
    }
    // The store is intact after all that.
    assert_eq!(list_all(&store, query(100)).await.len(), texts.len());
}

pub async fn missing_rows_are_not_found(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let t = create(&store, ticket(&ann, "present")).await;
    assert_eq!(
        store.get_ticket_by_number(t.number).await.expect("get").id,
        t.id
    );
    assert_not_found(store.get_ticket(t.id + 1000).await, "ticket");
    assert_not_found(store.get_ticket_by_number(1).await, "ticket");
    assert_not_found(store.get_attachment(999_999).await, "attachment");
    assert_not_found(store.get_user(ann.id + 1000).await, "user");
}

pub async fn idempotent_create_replays_and_conflicts(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let bob = customer(&store, "Bob").await;
    let key = |user_id: i64, fingerprint: &str| IdempotencyKey {
        user_id,
        key: "retry-1".to_owned(),
        request_fingerprint: fingerprint.to_owned(),
    };
    let with_key = |subject: &str, idempotency: IdempotencyKey| {
        let mut new = new_ticket(ticket(&ann, subject));
        new.idempotency = Some(idempotency);
        new
    };

    let first = store
        .create_ticket(with_key("first", key(ann.id, "f1")))
        .await
        .expect("first");
    assert!(!first.replayed);

    let again = store
        .create_ticket(with_key("first", key(ann.id, "f1")))
        .await
        .expect("replay");
    assert!(again.replayed);
    assert_eq!(again.value, first.value);

    assert_conflict(
        store
            .create_ticket(with_key("other body", key(ann.id, "f2")))
            .await,
        "idempotency_key",
    );

    // Keys belong to a user: the same key from someone else is a new request.
    let bobs = store
        .create_ticket(with_key("bob's", key(bob.id, "f1")))
        .await
        .expect("other user");
    assert!(!bobs.replayed);
    assert_ne!(bobs.value.id, first.value.id);

    assert_eq!(list_all(&store, query(100)).await.len(), 2);
}

pub async fn create_with_missing_reference_is_a_conflict(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let mut t = ticket(&ann, "orphan");
    t.requester_id = ann.id + 1000;
    assert_conflict(store.create_ticket(new_ticket(t)).await, "reference");

    // A failing comment rolls back the ticket it came with.
    let mut new = new_ticket(ticket(&ann, "flamingo"));
    let mut ghost = ann.clone();
    ghost.id = ann.id + 1000;
    new.comments = vec![comment(&ghost, "flamingo comment", true, at(1))];
    assert_conflict(store.create_ticket(new).await, "reference");

    assert!(list_all(&store, query(100)).await.is_empty());
    assert!(
        search_ids(&store, "flamingo", TicketScope::All, true)
            .await
            .is_empty()
    );
}

pub async fn update_checks_the_version(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let created = create(&store, ticket(&ann, "before")).await;
    assert_eq!(created.version, 1);

    let mut next = created.clone();
    next.subject = "after".to_owned();
    next.status = Status::Open;
    next.assignee_id = Some(agent.id);
    next.tags = vec!["a".to_owned(), "b".to_owned()];
    next.first_response_at = Some(at(50));
    next.updated_at = at(50);
    let (updated, comment) = store
        .update_ticket(TicketWrite {
            sla: None,
            notifications: Vec::new(),
            ticket: next.clone(),
            comment: None,
            events: vec![field_changed("status", "new", "open", at(50))],
            jobs: Vec::new(),
        })
        .await
        .expect("update");
    assert!(comment.is_none());
    let mut expected = next;
    expected.version = 2;
    assert_eq!(updated, expected);
    assert_eq!(store.get_ticket(created.id).await.expect("get"), expected);

    // The same write again carries version 1, which is stale now.
    let mut stale = updated.clone();
    stale.version = 1;
    stale.subject = "lost update".to_owned();
    assert_conflict(
        store
            .update_ticket(TicketWrite {
                sla: None,
                notifications: Vec::new(),
                ticket: stale,
                comment: None,
                events: Vec::new(),
                jobs: Vec::new(),
            })
            .await,
        "ticket_version",
    );

    let mut ghost = updated.clone();
    ghost.id = updated.id + 1000;
    assert_not_found(
        store
            .update_ticket(TicketWrite {
                sla: None,
                notifications: Vec::new(),
                ticket: ghost,
                comment: None,
                events: Vec::new(),
                jobs: Vec::new(),
            })
            .await,
        "ticket",
    );
    assert_eq!(store.get_ticket(created.id).await.expect("get"), expected);
}

pub async fn failed_update_writes_nothing(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let created = create(&store, ticket(&ann, "stable")).await;
    let mut next = created.clone();
    next.updated_at = at(10);
    let (current, _) = store
        .update_ticket(TicketWrite {
            sla: None,
            notifications: Vec::new(),
            ticket: next,
            comment: None,
            events: vec![field_changed("status", "new", "open", at(10))],
            jobs: Vec::new(),
        })
        .await
        .expect("update");
    let events_before = store.list_events(created.id, true).await.expect("events");

    let mut stale = current.clone();
    stale.version = 1;
    stale.subject = "zebracorn".to_owned();
    let mut note = comment(&agent, "zebracorn note", false, at(20));
    note.attachments.push(NewAttachment {
        filename: "x.txt".to_owned(),
        content_type: "text/plain".to_owned(),
        bytes: b"zebracorn".to_vec(),
    });
    assert_conflict(
        store
            .update_ticket(TicketWrite {
                sla: None,
                notifications: Vec::new(),
                ticket: stale,
                comment: Some(note),
                events: vec![
                    super::fixtures::event(EventKind::CommentAdded, Some(agent.id), at(20)),
                    field_changed("subject", "stable", "zebracorn", at(20)),
                ],
                jobs: Vec::new(),
            })
            .await,
        "ticket_version",
    );

    assert_eq!(store.get_ticket(created.id).await.expect("get"), current);
    assert_eq!(
        store.list_events(created.id, true).await.expect("events"),
        events_before
    );
    assert!(
        store
            .list_comments(created.id, true)
            .await
            .expect("comments")
            .is_empty()
    );
    assert!(
        search_ids(&store, "zebracorn", TicketScope::All, true)
            .await
            .is_empty()
    );
}

pub async fn update_writes_comment_attachments_and_events(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let created = create(&store, ticket(&ann, "printer jam")).await;

    let all_bytes: Vec<u8> = (0..=255u8).collect();
    let mut reply = comment(&agent, "Please restart the printer.", true, at(30));
    reply.attachments = vec![
        NewAttachment {
            filename: "dump.bin".to_owned(),
            content_type: "application/octet-stream".to_owned(),
            bytes: all_bytes.clone(),
        },
        NewAttachment {
            filename: "zażółć empty.txt".to_owned(),
            content_type: "text/plain; charset=utf-8".to_owned(),
            bytes: Vec::new(),
        },
    ];
    let mut next = created.clone();
    next.status = Status::Pending;
    next.updated_at = at(30);
    let (updated, written) = store
        .update_ticket(TicketWrite {
            sla: None,
            notifications: Vec::new(),
            ticket: next,
            comment: Some(reply),
            events: vec![
                super::fixtures::event(EventKind::CommentAdded, Some(agent.id), at(30)),
                field_changed("status", "new", "pending", at(30)),
            ],
            jobs: Vec::new(),
        })
        .await
        .expect("update");
    assert_eq!(updated.version, 2);
    let written = written.expect("comment returned");
    assert_eq!(written.ticket_id, created.id);
    assert_eq!(written.author_id, agent.id);
    assert_eq!(written.body, "Please restart the printer.");
    assert!(written.public);
    assert_eq!(written.created_at, at(30));
    assert_eq!(written.attachments.len(), 2);
    assert_eq!(written.attachments[0].size, 256);
    assert_eq!(written.attachments[1].size, 0);
    for a in &written.attachments {
        assert_eq!(a.comment_id, written.id);
    }

    let (meta, bytes) = store
        .get_attachment(written.attachments[0].id)
        .await
        .expect("attachment");
    assert_eq!(meta, written.attachments[0]);
    assert_eq!(meta.filename, "dump.bin");
    assert_eq!(meta.content_type, "application/octet-stream");
    assert_eq!(bytes, all_bytes);
    let (meta, bytes) = store
        .get_attachment(written.attachments[1].id)
        .await
        .expect("empty attachment");
    assert_eq!(meta.filename, "zażółć empty.txt");
    assert!(bytes.is_empty());

    let comments = store
        .list_comments(created.id, false)
        .await
        .expect("comments");
    assert_eq!(comments, vec![written.clone()]);

    let events = store.list_events(created.id, true).await.expect("events");
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Created,
            EventKind::CommentAdded,
            EventKind::FieldChanged
        ]
    );
    assert!(events.iter().all(|e| e.ticket_id == created.id));
    assert_eq!(events[0].comment_id, None);
    assert_eq!(events[1].comment_id, Some(written.id));
    assert_eq!(events[1].actor_id, Some(agent.id));
    assert_eq!(events[2].comment_id, None);
    assert_eq!(events[2].field.as_deref(), Some("status"));
    assert_eq!(events[2].old_value.as_deref(), Some("new"));
    assert_eq!(events[2].new_value.as_deref(), Some("pending"));
    assert_eq!(events[2].actor_id, None);
    assert_eq!(events[2].created_at, at(30));
}

pub async fn conversation_is_oldest_first_and_hides_internal(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let mut new = new_ticket(ticket(&ann, "help"));
    new.comments = vec![comment(&ann, "first message", true, at(1))];
    new.events[0].for_comment = true;
    let t = store.create_ticket(new).await.expect("create").value;

    let write = |base: &Ticket, body: &str, public: bool, seconds: i64| {
        let mut events = vec![super::fixtures::event(
            EventKind::CommentAdded,
            Some(agent.id),
            at(seconds),
        )];
        events[0].internal = !public;
        if !public {
            let mut change = field_changed("group", "", "l2", at(seconds));
            change.internal = true;
            events.push(change);
        }
        let mut ticket = base.clone();
        ticket.updated_at = at(seconds);
        TicketWrite {
            sla: None,
            notifications: Vec::new(),
            ticket,
            comment: Some(comment(&agent, body, public, at(seconds))),
            events,
            jobs: Vec::new(),
        }
    };
    let (after_note, note) = store
        .update_ticket(write(&t, "internal note", false, 2))
        .await
        .expect("note");
    let (_, reply) = store
        .update_ticket(write(&after_note, "public reply", true, 3))
        .await
        .expect("reply");
    let (note, reply) = (note.expect("note"), reply.expect("reply"));

    let everything = store.list_comments(t.id, true).await.expect("comments");
    let bodies: Vec<&str> = everything.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, ["first message", "internal note", "public reply"]);
    assert!(everything.windows(2).all(|w| w[0].id < w[1].id));
    assert!(!everything[1].public);

    let public = store.list_comments(t.id, false).await.expect("public");
    let bodies: Vec<&str> = public.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, ["first message", "public reply"]);

    let events = store.list_events(t.id, true).await.expect("events");
    let summary: Vec<(EventKind, Option<i64>)> =
        events.iter().map(|e| (e.kind, e.comment_id)).collect();
    assert_eq!(
        summary,
        [
            (EventKind::Created, Some(everything[0].id)),
            (EventKind::CommentAdded, Some(note.id)),
            (EventKind::FieldChanged, None),
            (EventKind::CommentAdded, Some(reply.id)),
        ]
    );
    assert!(
        events
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at)
    );

    let visible = store.list_events(t.id, false).await.expect("public events");
    let summary: Vec<(EventKind, Option<i64>)> =
        visible.iter().map(|e| (e.kind, e.comment_id)).collect();
    assert_eq!(
        summary,
        [
            (EventKind::Created, Some(everything[0].id)),
            (EventKind::CommentAdded, Some(reply.id)),
        ]
    );
    assert!(visible.iter().all(|e| !e.internal));
}

pub async fn import_numbers_tickets_consecutively(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let batch: Vec<_> = (0..30)
        .map(|i| {
            let mut t = ticket(&ann, &format!("Imported quokka {i}"));
            t.created_at = at(i);
            t.updated_at = at(i);
            let mut new = new_ticket(t);
            if i % 3 == 0 {
                new.comments = vec![comment(&agent, &format!("wombat answer {i}"), true, at(i))];
            }
            // Imports ignore idempotency keys, even repeated ones.
            new.idempotency = Some(IdempotencyKey {
                user_id: ann.id,
                key: "same".to_owned(),
                request_fingerprint: format!("{i}"),
            });
            new
        })
        .collect();
    assert_eq!(store.import_tickets(batch).await.expect("import"), 30);

    let mut q = query(500);
    q.sort = TicketSort {
        field: TicketSortField::Number,
        descending: false,
    };
    let all = list_all(&store, q).await;
    assert_eq!(all.len(), 30);
    let numbers: Vec<i64> = all.iter().map(|t| t.number).collect();
    assert_eq!(numbers, (1001..1031).collect::<Vec<_>>());
    for (i, t) in all.iter().enumerate() {
        assert_eq!(t.subject, format!("Imported quokka {i}"));
    }

    assert_eq!(
        search_ids(&store, "quokka", TicketScope::All, false)
            .await
            .len(),
        30
    );
    assert_eq!(
        search_ids(&store, "wombat", TicketScope::All, false)
            .await
            .len(),
        10
    );
    let next = create(&store, ticket(&ann, "after import")).await;
    assert_eq!(next.number, 1031);
    assert_eq!(
        store
            .import_tickets(Vec::new())
            .await
            .expect("empty import"),
        0
    );
}

pub async fn create_and_import_carry_several_comments(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    // A customer message, a public reply with an attachment, an internal note; the
    // `created` event and a `comment_added` event link to the first, the field change
    // to none.
    let several = |subject: &str, words: [&str; 3], seconds: i64| {
        let mut new = new_ticket(ticket(&ann, subject));
        new.events[0].for_comment = true;
        new.events.push(super::fixtures::event(
            EventKind::CommentAdded,
            Some(ann.id),
            at(seconds),
        ));
        new.events
            .push(field_changed("status", "new", "open", at(seconds + 1)));
        let mut reply = comment(
            &agent,
            &format!("reply about the {}", words[1]),
            true,
            at(seconds + 1),
        );
        reply.attachments = vec![NewAttachment {
            filename: "log.txt".to_owned(),
            content_type: "text/plain".to_owned(),
            bytes: b"log".to_vec(),
        }];
        new.comments = vec![
            comment(
                &ann,
                &format!("question about the {}", words[0]),
                true,
                at(seconds),
            ),
            reply,
            comment(
                &agent,
                &format!("note about the {}", words[2]),
                false,
                at(seconds + 2),
            ),
        ];
        new
    };
    let check = |t: Ticket, words: [&'static str; 3]| {
        let store = store.clone();
        async move {
            let all = store.list_comments(t.id, true).await.expect("comments");
            let bodies: Vec<&str> = all.iter().map(|c| c.body.as_str()).collect();
            assert_eq!(
                bodies,
                [
                    format!("question about the {}", words[0]),
                    format!("reply about the {}", words[1]),
                    format!("note about the {}", words[2]),
                ]
            );
            assert!(all.windows(2).all(|w| w[0].id < w[1].id));
            assert!(all.iter().all(|c| c.ticket_id == t.id));
            assert_eq!(
                all.iter().map(|c| c.author_id).collect::<Vec<_>>(),
                [ann.id, agent.id, agent.id]
            );
            assert_eq!(
                all.iter().map(|c| c.public).collect::<Vec<_>>(),
                [true, true, false]
            );
            assert!(all[0].attachments.is_empty() && all[2].attachments.is_empty());
            assert_eq!(all[1].attachments.len(), 1);
            assert_eq!(all[1].attachments[0].comment_id, all[1].id);
            let (_, bytes) = store
                .get_attachment(all[1].attachments[0].id)
                .await
                .expect("attachment");
            assert_eq!(bytes, b"log");

            let public = store.list_comments(t.id, false).await.expect("public");
            assert_eq!(public, all[..2].to_vec());

            let events = store.list_events(t.id, true).await.expect("events");
            let summary: Vec<(EventKind, Option<i64>)> =
                events.iter().map(|e| (e.kind, e.comment_id)).collect();
            assert_eq!(
                summary,
                [
                    (EventKind::Created, Some(all[0].id)),
                    (EventKind::CommentAdded, Some(all[0].id)),
                    (EventKind::FieldChanged, None),
                ]
            );

            // Every comment has its own search document; the note only for staff.
            for word in &words[..2] {
                assert_eq!(
                    search_ids(&store, word, TicketScope::All, false).await,
                    vec![t.id],
                    "{word}"
                );
            }
            assert!(
                search_ids(&store, words[2], TicketScope::All, false)
                    .await
                    .is_empty()
            );
            assert_eq!(
                search_ids(&store, words[2], TicketScope::All, true).await,
                vec![t.id]
            );
        }
    };

    let created = store
        .create_ticket(several("created", ["capybara", "axolotl", "narwhal"], 10))
        .await
        .expect("create")
        .value;
    check(created, ["capybara", "axolotl", "narwhal"]).await;

    // A failing later comment rolls back the ticket and the comments before it.
    let mut failing = several("failing", ["ocelot", "pangolin", "quetzal"], 20);
    failing.comments[1].author_id = agent.id + 1000;
    assert_conflict(store.create_ticket(failing).await, "reference");
    assert!(
        search_ids(&store, "ocelot", TicketScope::All, true)
            .await
            .is_empty()
    );
    assert_eq!(list_all(&store, query(100)).await.len(), 1);

    // The bulk path: tickets with three, none and one comment, in one call.
    let mut bare = new_ticket(ticket(&ann, "bare"));
    bare.events[0].for_comment = true;
    let mut single = new_ticket(ticket(&ann, "single"));
    single.comments = vec![comment(&ann, "lonely wallaby", true, at(40))];
    single.events[0].for_comment = true;
    let batch = vec![
        several("imported first", ["meerkat", "tapir", "okapi"], 30),
        bare,
        several("imported last", ["gecko", "ibex", "jackal"], 50),
        single,
    ];
    assert_eq!(store.import_tickets(batch).await.expect("import"), 4);
    let mut q = query(100);
    q.sort = TicketSort {
        field: TicketSortField::Number,
        descending: false,
    };
    let all = list_all(&store, q).await;
    let subjects: Vec<&str> = all.iter().map(|t| t.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "created",
            "imported first",
            "bare",
            "imported last",
            "single"
        ]
    );
    check(all[1].clone(), ["meerkat", "tapir", "okapi"]).await;
    check(all[3].clone(), ["gecko", "ibex", "jackal"]).await;

    assert!(
        store
            .list_comments(all[2].id, true)
            .await
            .expect("bare comments")
            .is_empty()
    );
    let bare_events = store.list_events(all[2].id, true).await.expect("events");
    assert_eq!(bare_events.len(), 1);
    assert_eq!(bare_events[0].comment_id, None);

    let single_comments = store
        .list_comments(all[4].id, true)
        .await
        .expect("single comments");
    assert_eq!(single_comments.len(), 1);
    let single_events = store.list_events(all[4].id, true).await.expect("events");
    assert_eq!(single_events[0].comment_id, Some(single_comments[0].id));
    assert_eq!(
        search_ids(&store, "wallaby", TicketScope::All, false).await,
        vec![all[4].id]
    );
}
