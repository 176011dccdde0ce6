//! Full-text search. Results are compared as sets: the suite never depends on how
//! a backend ranks equally good matches.

use std::sync::Arc;

use tessera_core::analysis::{SearchQuery, parse_query};
use tessera_core::{Role, analysis::Language};

use super::fixtures::*;
use crate::{EventKind, SearchTickets, Store, TicketScope, TicketWrite};

pub async fn search_finds_subject_description_tags_and_comments(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let by_subject = create(&store, ticket(&ann, "Broken zeppelin engine")).await;
    let mut t = ticket(&ann, "Kitchen");
    t.description = "The marmalade dispenser is empty".to_owned();
    let by_description = create(&store, t).await;
    let mut t = ticket(&ann, "Tagged");
    t.tags = vec!["tangerine".to_owned()];
    let by_tag = create(&store, t).await;
    let mut new = new_ticket(ticket(&ann, "Fruit"));
    new.comments = vec![comment(&ann, "I would like a kumquat", true, at(1))];
    let by_comment = store.create_ticket(new).await.expect("create").value;
    // A ticket matching in both its subject and a comment is found once.
    let twice = create(&store, ticket(&ann, "Another zeppelin")).await;
    store
        .update_ticket(TicketWrite {
            sla: None,
            notifications: Vec::new(),
            ticket: twice.clone(),
            comment: Some(comment(&agent, "zeppelin again", true, at(2))),
            events: vec![event(EventKind::CommentAdded, Some(agent.id), at(2))],
            jobs: Vec::new(),
        })
        .await
        .expect("comment");

    let find = |text: &'static str| search_ids(&store, text, TicketScope::All, false);
    assert_eq!(
        find("zeppelin").await,
        sorted(vec![by_subject.id, twice.id])
    );
    assert_eq!(find("MARMALADE").await, vec![by_description.id]);
    assert_eq!(find("tangerine").await, vec![by_tag.id]);
    assert_eq!(find("kumquat").await, vec![by_comment.id]);
    // Every word must match.
    assert_eq!(find("engine zeppelin").await, vec![by_subject.id]);
    assert!(find("zeppelin submarine").await.is_empty());
    assert!(find("nothingmatchesthis").await.is_empty());
}

pub async fn search_matches_inflected_words(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let mut polish = ticket(&ann, "Nie działa drukarka w biurze");
    polish.language = Some(Language::Polish.code().to_owned());
    let polish = create(&store, polish).await;
    let mut english = ticket(&ann, "The printers were printing garbage");
    english.language = Some("en".to_owned());
    let mut new = new_ticket(english);
    new.comments = vec![comment(
        &agent,
        "Restarting the servers helped",
        true,
        at(2),
    )];
    let english = store.create_ticket(new).await.expect("create").value;

    let find = |text: &'static str| search_ids(&store, text, TicketScope::All, false);
    assert_eq!(find("drukarki").await, vec![polish.id]);
    assert_eq!(find("drukarka").await, vec![polish.id]);
    assert_eq!(find("printer").await, vec![english.id]);
    assert_eq!(find("print").await, vec![english.id]);
    assert_eq!(find("server").await, vec![english.id]);
}

pub async fn search_hides_internal_notes_unless_asked(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let agent = agent(&store, "Agnes").await;
    let t = create(&store, ticket(&ann, "Printer")).await;
    let mut note = event(EventKind::CommentAdded, Some(agent.id), at(2));
    note.internal = true;
    let (t, _) = store
        .update_ticket(TicketWrite {
            sla: None,
            notifications: Vec::new(),
            ticket: t,
            comment: Some(comment(
                &agent,
                "customer is a secretive platypus",
                false,
                at(2),
            )),
            events: vec![note],
            jobs: Vec::new(),
        })
        .await
        .expect("note");
    store
        .update_ticket(TicketWrite {
            sla: None,
            notifications: Vec::new(),
            ticket: t.clone(),
            comment: Some(comment(
                &agent,
                "public answer about a pelican",
                true,
                at(3),
            )),
            events: vec![event(EventKind::CommentAdded, Some(agent.id), at(3))],
            jobs: Vec::new(),
        })
        .await
        .expect("reply");

    assert!(
        search_ids(&store, "platypus", TicketScope::All, false)
            .await
            .is_empty()
    );
    assert_eq!(
        search_ids(&store, "platypus", TicketScope::All, true).await,
        vec![t.id]
    );
    assert_eq!(
        search_ids(&store, "pelican", TicketScope::All, false).await,
        vec![t.id]
    );
}

pub async fn search_respects_scope_and_limit(store: Arc<dyn Store>) {
    let shared = organization(&store, "Shared", true).await;
    let a1 = user(&store, "A1", Role::Customer, Some(shared.id)).await;
    let a2 = user(&store, "A2", Role::Customer, Some(shared.id)).await;
    let outsider = customer(&store, "Outsider").await;
    let mine = create(&store, ticket(&a1, "quokka mine")).await;
    let colleague = create(&store, ticket(&a2, "quokka colleague")).await;
    let other = create(&store, ticket(&outsider, "quokka other")).await;

    let a1_scope = TicketScope::Requester {
        user_id: a1.id,
        organization_id: a1.organization_id,
    };
    assert_eq!(
        search_ids(&store, "quokka", a1_scope, false).await,
        sorted(vec![mine.id, colleague.id])
    );
    let outsider_scope = TicketScope::Requester {
        user_id: outsider.id,
        organization_id: None,
    };
    assert_eq!(
        search_ids(&store, "quokka", outsider_scope, true).await,
        vec![other.id]
    );

    let limited = store
        .search_tickets(&SearchTickets {
            query: parse_query("quokka"),
            scope: TicketScope::All,
            include_internal: false,
            limit: 2,
        })
        .await
        .expect("search");
    assert_eq!(limited.len(), 2);
}

pub async fn search_follows_ticket_updates(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let t = create(&store, ticket(&ann, "zeppelin trouble")).await;
    let mut renamed = t.clone();
    renamed.subject = "airship trouble".to_owned();
    renamed.tags = vec!["hovercraft".to_owned()];
    store
        .update_ticket(TicketWrite {
            sla: None,
            notifications: Vec::new(),
            ticket: renamed,
            comment: None,
            events: vec![field_changed("subject", "zeppelin", "airship", at(5))],
            jobs: Vec::new(),
        })
        .await
        .expect("update");
    let find = |text: &'static str| search_ids(&store, text, TicketScope::All, false);
    assert!(find("zeppelin").await.is_empty());
    assert_eq!(find("airship").await, vec![t.id]);
    assert_eq!(find("hovercraft").await, vec![t.id]);
    assert_eq!(find("trouble").await, vec![t.id]);
}

pub async fn search_with_empty_or_hostile_queries_is_safe(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let t = create(&store, ticket(&ann, "printer on fire")).await;

    for empty in ["", "   ", "!!! ... ---", "\"\""] {
        assert!(
            search_ids(&store, empty, TicketScope::All, true)
                .await
                .is_empty(),
            "query {empty:?}"
        );
    }
    let hostile = [
        "\"",
        "*",
        "OR",
        "AND NOT",
        "NEAR(",
        "NEAR(printer fire, 2)",
        "'; drop table tickets; --",
        "printer*",
        "(printer",
        "printer)",
        "subject:printer",
        "^printer",
        "-printer",
        "printer \" OR \"",
        "\\",
        "%_",
    ];
    for text in hostile {
        search_ids(&store, text, TicketScope::All, true).await;
    }
    // A hand-built query with terms no parser would produce is refused or ignored,
    // never passed to the database as syntax.
    let raw = SearchQuery {
        groups: vec![vec!["\" OR 1".to_owned(), "a*".to_owned()], vec![]],
    };
    store
        .search_tickets(&SearchTickets {
            query: raw,
            scope: TicketScope::All,
            include_internal: true,
            limit: 10,
        })
        .await
        .expect("hand-built query");
    // Quoted operators are plain words, and the store still works.
    assert_eq!(
        search_ids(&store, "printer OR", TicketScope::All, false).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        search_ids(&store, "printer*", TicketScope::All, false).await,
        vec![t.id]
    );
    assert_eq!(
        search_ids(&store, "(printer", TicketScope::All, false).await,
        vec![t.id]
    );
}
