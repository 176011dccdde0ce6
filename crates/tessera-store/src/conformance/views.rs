//! Saved views: round trips, who sees which, order, updates and deletes.

use std::sync::Arc;

use serde_json::json;

use super::fixtures::*;
use crate::{NewSavedView, SavedView, Store};

fn new_view(owner_id: Option<i64>, name: &str, position: i32) -> NewSavedView {
    NewSavedView {
        owner_id,
        name: name.to_owned(),
        filters: json!({"status": ["open", "pending"], "assignee": "me"}),
        sort: "updated_at:desc".to_owned(),
        columns: vec!["number".to_owned(), "subject".to_owned()],
        position,
        created_at: at(5),
    }
}

fn names(views: &[SavedView]) -> Vec<&str> {
    views.iter().map(|v| v.name.as_str()).collect()
}

pub async fn views_are_own_or_shared_and_ordered(store: Arc<dyn Store>) {
    let alice = agent(&store, "Alice").await;
    let bob = agent(&store, "Bruno").await;
    let carol = agent(&store, "Carol").await;

    let mut detailed = new_view(Some(alice.id), "Mine B", 2);
    detailed.filters = json!({
        "tags": ["vip", "ćma"],
        "nested": {"priority": [1, 2], "since": null, "flag": true},
        "text": "'; DROP TABLE saved_views; --",
    });
    detailed.columns = vec![
        "priority".to_owned(),
        "number".to_owned(),
        "assignee".to_owned(),
    ];
    detailed.sort = "priority:asc".to_owned();
    let mine_b = store.create_view(detailed.clone()).await.expect("create");
    assert_eq!(mine_b.owner_id, Some(alice.id));
    assert_eq!(mine_b.filters, detailed.filters);
    assert_eq!(mine_b.columns, detailed.columns);
    assert_eq!(mine_b.sort, "priority:asc");
    assert_eq!(mine_b.position, 2);
    assert_eq!(mine_b.created_at, at(5));
    assert_eq!(store.get_view(mine_b.id).await.expect("get"), mine_b);

    for view in [
        new_view(None, "Everyone", 1),
        new_view(Some(bob.id), "Bruno's", 0),
        new_view(Some(alice.id), "Mine A", 2),
        new_view(None, "Urgent", 0),
    ] {
        store.create_view(view).await.expect("create");
    }

    // By position, then id (creation order breaks the ties).
    let alices = store.list_views(alice.id).await.expect("list");
    assert_eq!(names(&alices), ["Urgent", "Everyone", "Mine B", "Mine A"]);
    assert_eq!(alices[2], mine_b);
    let bobs = store.list_views(bob.id).await.expect("list");
    assert_eq!(names(&bobs), ["Bruno's", "Urgent", "Everyone"]);
    let carols = store.list_views(carol.id).await.expect("list");
    assert_eq!(names(&carols), ["Urgent", "Everyone"]);
    assert!(carols.iter().all(|v| v.owner_id.is_none()));
}

pub async fn views_update_share_and_delete(store: Arc<dyn Store>) {
    let alice = agent(&store, "Alice").await;
    let bob = agent(&store, "Bruno").await;
    let view = store
        .create_view(new_view(Some(alice.id), "Mine", 3))
        .await
        .expect("create");
    assert!(store.list_views(bob.id).await.expect("list").is_empty());

    // Every field but id and created_at is written; clearing the owner shares it.
    let mut changed = view.clone();
    changed.owner_id = None;
    changed.name = "Ours".to_owned();
    changed.filters = json!({"group": 7});
    changed.sort = "created_at:asc".to_owned();
    changed.columns = Vec::new();
    changed.position = -1;
    changed.created_at = at(999);
    let updated = store.update_view(&changed).await.expect("update");
    let expected = SavedView {
        created_at: view.created_at,
        ..changed.clone()
    };
    assert_eq!(updated, expected);
    assert_eq!(store.get_view(view.id).await.expect("get"), expected);
    assert_eq!(
        store.list_views(bob.id).await.expect("list"),
        vec![expected.clone()]
    );

    let ghost = SavedView {
        id: view.id + 1000,
        ..changed
    };
    assert_not_found(store.update_view(&ghost).await, "saved_view");
    assert_not_found(store.get_view(ghost.id).await, "saved_view");
    assert_not_found(store.delete_view(ghost.id).await, "saved_view");
    assert_conflict(
        store
            .create_view(new_view(Some(bob.id + 1000), "Orphan", 0))
            .await,
        "reference",
    );

    store.delete_view(view.id).await.expect("delete");
    assert_not_found(store.get_view(view.id).await, "saved_view");
    assert_not_found(store.delete_view(view.id).await, "saved_view");
    assert!(store.list_views(alice.id).await.expect("list").is_empty());
}
