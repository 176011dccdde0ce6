//! The email channel: mailboxes, raw messages (stored once per Message-ID and
//! mailbox, with their processing job) and the Message-IDs threading relies on.

use std::sync::Arc;

use super::fixtures::*;
use crate::{
    JobStatus, MAIL_PROCESS_JOB, Mailbox, MessageDirection, MessageIdRecord, NewMailbox,
    NewRawMessage, RawMessageState, Store,
};

fn new_mailbox(address: &str, group: Option<i64>) -> NewMailbox {
    NewMailbox {
        address: address.to_owned(),
        name: format!("Mailbox {address}"),
        default_group_id: group,
        default_language: Some("pl".to_owned()),
        created_at: at(1),
    }
}

fn raw(mailbox: &Mailbox, message_id: Option<&str>, body: &str) -> NewRawMessage {
    let bytes = format!("Subject: hi\r\n\r\n{body}\r\n").into_bytes();
    NewRawMessage {
        mailbox_id: mailbox.id,
        envelope_from: "ann@example.test".to_owned(),
        envelope_to: vec![mailbox.address.clone(), "other@example.test".to_owned()],
        remote_addr: Some("127.0.0.1:40000".to_owned()),
        received_at: at(5),
        sha256: format!("sha-{body}"),
        message_id: message_id.map(str::to_owned),
        bytes,
    }
}

pub async fn mailboxes_crud_and_conflicts(store: Arc<dyn Store>) {
    let support_group = group(&store, "Support").await;
    let support = store
        .create_mailbox(new_mailbox("Support@Example.test", Some(support_group.id)))
        .await
        .expect("create");
    assert_eq!(support.address, "support@example.test");
    assert_eq!(support.default_group_id, Some(support_group.id));
    assert_eq!(support.default_language.as_deref(), Some("pl"));
    assert_eq!(support.created_at, at(1));
    assert_eq!(store.get_mailbox(support.id).await.expect("get"), support);

    assert_conflict(
        store
            .create_mailbox(new_mailbox("SUPPORT@example.test", None))
            .await,
        "mailbox_address",
    );
    assert_conflict(
        store
            .create_mailbox(new_mailbox("x@example.test", Some(999_999)))
            .await,
        "reference",
    );

    let billing = store
        .create_mailbox(new_mailbox("billing@example.test", None))
        .await
        .expect("create");
    assert_eq!(
        store
            .find_mailbox("BILLING@example.test")
            .await
            .expect("find"),
        Some(billing.clone())
    );
    assert_eq!(store.find_mailbox("nobody@x").await.expect("find"), None);
    let addresses: Vec<String> = store
        .list_mailboxes()
        .await
        .expect("list")
        .into_iter()
        .map(|m| m.address)
        .collect();
    assert_eq!(addresses, ["billing@example.test", "support@example.test"]);

    let mut changed = billing.clone();
    changed.name = "Billing «Zażółć»".to_owned();
    changed.default_language = None;
    changed.default_group_id = Some(support_group.id);
    let updated = store.update_mailbox(&changed).await.expect("update");
    assert_eq!(updated, changed);

    store.delete_mailbox(billing.id).await.expect("delete");
    assert_not_found(store.get_mailbox(billing.id).await, "mailbox");
    assert_not_found(store.delete_mailbox(billing.id).await, "mailbox");

    // A mailbox that received mail keeps it: deleting it is a conflict.
    store
        .store_raw_message(raw(&support, Some("m1@x"), "one"))
        .await
        .expect("store");
    assert_conflict(store.delete_mailbox(support.id).await, "reference");
}

pub async fn raw_messages_are_stored_once_with_their_job(store: Arc<dyn Store>) {
    let support = store
        .create_mailbox(new_mailbox("support@example.test", None))
        .await
        .expect("create");
    let billing = store
        .create_mailbox(new_mailbox("billing@example.test", None))
        .await
        .expect("create");

    let first = store
        .store_raw_message(raw(&support, Some("abc@mail.example"), "one"))
        .await
        .expect("store");
    assert!(!first.duplicate);
    let stored = store.get_raw_message(first.id).await.expect("get");
    assert_eq!(stored.mailbox_id, support.id);
    assert_eq!(stored.envelope_from, "ann@example.test");
    assert_eq!(
        stored.envelope_to,
        ["support@example.test", "other@example.test"]
    );
    assert_eq!(stored.remote_addr.as_deref(), Some("127.0.0.1:40000"));
    assert_eq!(stored.received_at, at(5));
    assert_eq!(stored.sha256, "sha-one");
    assert_eq!(stored.message_id.as_deref(), Some("abc@mail.example"));
    assert_eq!(stored.bytes, b"Subject: hi\r\n\r\none\r\n");
    assert_eq!(stored.state, RawMessageState::Queued);
    assert_eq!(stored.attempts, 0);
    assert_eq!((stored.ticket_id, stored.comment_id), (None, None));

    // The same Message-ID in the same mailbox again: nothing new.
    let again = store
        .store_raw_message(raw(&support, Some("abc@mail.example"), "one again"))
        .await
        .expect("store");
    assert_eq!((again.id, again.duplicate), (first.id, true));
    // In another mailbox, or without a Message-ID, it is another message.
    let other = store
        .store_raw_message(raw(&billing, Some("abc@mail.example"), "one"))
        .await
        .expect("store");
    assert!(!other.duplicate);
    let anonymous_a = store
        .store_raw_message(raw(&support, None, "a"))
        .await
        .expect("store");
    let anonymous_b = store
        .store_raw_message(raw(&support, None, "b"))
        .await
        .expect("store");
    assert!(!anonymous_a.duplicate && !anonymous_b.duplicate);
    assert_ne!(anonymous_a.id, anonymous_b.id);

    // One processing job per stored message, none for the duplicate.
    let jobs = store
        .list_jobs(Some(JobStatus::Queued), 100)
        .await
        .expect("jobs");
    let mut job_ids: Vec<i64> = jobs
        .iter()
        .filter(|j| j.kind == MAIL_PROCESS_JOB)
        .map(|j| j.payload["raw_message_id"].as_i64().expect("id"))
        .collect();
    job_ids.sort_unstable();
    assert_eq!(
        job_ids,
        sorted(vec![first.id, other.id, anonymous_a.id, anonymous_b.id])
    );

    assert_eq!(
        store
            .list_raw_message_ids(RawMessageState::Queued, 100)
            .await
            .expect("queued"),
        [first.id, other.id, anonymous_a.id, anonymous_b.id]
    );
    assert_not_found(store.get_raw_message(999_999).await, "raw_message");
}

pub async fn raw_messages_are_marked_and_listed_per_ticket(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let mut new = new_ticket(ticket(&ann, "from mail"));
    new.comments = vec![comment(&ann, "body", true, at(2))];
    let created = store.create_ticket(new).await.expect("create").value;
    let comment_id = store
        .list_comments(created.id, true)
        .await
        .expect("comments")[0]
        .id;
    let support = store
        .create_mailbox(new_mailbox("support@example.test", None))
        .await
        .expect("create");

    let a = store
        .store_raw_message(raw(&support, Some("a@x"), "a"))
        .await
        .expect("store");
    let b = store
        .store_raw_message(raw(&support, Some("b@x"), "b"))
        .await
        .expect("store");
    let c = store
        .store_raw_message(raw(&support, Some("c@x"), "c"))
        .await
        .expect("store");

    store
        .mark_raw_message(
            a.id,
            RawMessageState::Processed,
            Some(created.id),
            Some(comment_id),
            None,
        )
        .await
        .expect("mark");
    store
        .mark_raw_message(b.id, RawMessageState::Failed, None, None, Some("no sender"))
        .await
        .expect("mark");
    store
        .mark_raw_message(
            c.id,
            RawMessageState::Processed,
            Some(created.id),
            None,
            None,
        )
        .await
        .expect("mark");

    let marked = store.get_raw_message(a.id).await.expect("get");
    assert_eq!(marked.state, RawMessageState::Processed);
    assert_eq!(marked.attempts, 1);
    assert_eq!(marked.ticket_id, Some(created.id));
    assert_eq!(marked.comment_id, Some(comment_id));
    let failed = store.get_raw_message(b.id).await.expect("get");
    assert_eq!(failed.state, RawMessageState::Failed);
    assert_eq!(failed.error.as_deref(), Some("no sender"));

    // A failed message can be re-processed later.
    store
        .mark_raw_message(b.id, RawMessageState::Queued, None, None, None)
        .await
        .expect("mark");
    let requeued = store.get_raw_message(b.id).await.expect("get");
    assert_eq!(
        (requeued.state, requeued.attempts),
        (RawMessageState::Queued, 2)
    );
    assert_eq!(requeued.error, None);

    let for_ticket: Vec<i64> = store
        .list_raw_messages_for_ticket(created.id)
        .await
        .expect("list")
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(for_ticket, [a.id, c.id]);
    assert_eq!(
        store
            .list_raw_message_ids(RawMessageState::Queued, 10)
            .await
            .expect("queued"),
        [b.id]
    );
    assert_eq!(
        store
            .list_raw_message_ids(RawMessageState::Processed, 1)
            .await
            .expect("processed"),
        [a.id]
    );
    assert_not_found(
        store
            .mark_raw_message(999_999, RawMessageState::Failed, None, None, None)
            .await,
        "raw_message",
    );
}

pub async fn message_ids_map_to_tickets(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let one = create(&store, ticket(&ann, "one")).await;
    let two = create(&store, ticket(&ann, "two")).await;
    let record = |id: &str, ticket_id: i64, direction: MessageDirection| MessageIdRecord {
        message_id: id.to_owned(),
        ticket_id,
        comment_id: None,
        direction,
        at: at(3),
    };

    assert!(
        store
            .record_message_id(record("in-1@mail", one.id, MessageDirection::In))
            .await
            .expect("record")
    );
    assert!(
        store
            .record_message_id(record("t1001.x@tessera", one.id, MessageDirection::Out))
            .await
            .expect("record")
    );
    assert!(
        store
            .record_message_id(record("in-2@mail", two.id, MessageDirection::In))
            .await
            .expect("record")
    );
    // A known id keeps its first ticket.
    assert!(
        !store
            .record_message_id(record("in-1@mail", two.id, MessageDirection::In))
            .await
            .expect("record")
    );
    assert_conflict(
        store
            .record_message_id(record("x@mail", 999_999, MessageDirection::In))
            .await,
        "reference",
    );

    let mut found = store
        .tickets_for_message_ids(&[
            "unknown@mail".to_owned(),
            "t1001.x@tessera".to_owned(),
            "in-1@mail".to_owned(),
        ])
        .await
        .expect("lookup");
    found.sort_by(|a, b| a.message_id.cmp(&b.message_id));
    assert_eq!(
        found,
        [
            record("in-1@mail", one.id, MessageDirection::In),
            record("t1001.x@tessera", one.id, MessageDirection::Out),
        ]
    );
    assert!(
        store
            .tickets_for_message_ids(&[])
            .await
            .expect("lookup")
            .is_empty()
    );
}
