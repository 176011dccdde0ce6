//! API tokens and sessions.

use std::sync::Arc;

use super::fixtures::*;
use crate::{NewApiToken, NewSession, Session, Store};

fn new_token(user_id: i64, name: &str, hash_byte: u8) -> NewApiToken {
    NewApiToken {
        user_id,
        name: name.to_owned(),
        prefix: format!("tsr_{hash_byte:02x}"),
        token_hash: vec![hash_byte; 32],
        created_at: at(10),
    }
}

pub async fn api_tokens_lifecycle(store: Arc<dyn Store>) {
    let ann = agent(&store, "Ann").await;
    let bob = agent(&store, "Bob").await;
    let token = store
        .create_api_token(new_token(ann.id, "CI", 1))
        .await
        .expect("create");
    assert_eq!(token.user_id, ann.id);
    assert_eq!(token.name, "CI");
    assert_eq!(token.prefix, "tsr_01");
    assert_eq!(token.created_at, at(10));
    assert_eq!(token.last_used_at, None);
    assert_eq!(token.revoked_at, None);
    let bobs = store
        .create_api_token(new_token(bob.id, "monitoring", 2))
        .await
        .expect("create");

    let last_used = |store: Arc<dyn Store>, id: i64| async move {
        store
            .list_api_tokens(None)
            .await
            .expect("list")
            .into_iter()
            .find(|t| t.id == id)
            .expect("token listed")
            .last_used_at
    };

    let (found, owner) = store
        .use_api_token(&[1; 32], at(100))
        .await
        .expect("use")
        .expect("live token");
    assert_eq!(found.id, token.id);
    assert_eq!(owner, ann);
    assert_eq!(last_used(Arc::clone(&store), token.id).await, Some(at(100)));

    // A use within the minute need not be written; one after it must be.
    store.use_api_token(&[1; 32], at(110)).await.expect("use");
    assert_eq!(last_used(Arc::clone(&store), token.id).await, Some(at(100)));
    store.use_api_token(&[1; 32], at(200)).await.expect("use");
    assert_eq!(last_used(Arc::clone(&store), token.id).await, Some(at(200)));

    assert!(
        store
            .use_api_token(&[9; 32], at(100))
            .await
            .expect("unknown")
            .is_none()
    );

    let mine = store.list_api_tokens(Some(ann.id)).await.expect("list");
    assert_eq!(
        mine.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![token.id]
    );
    let all = store.list_api_tokens(None).await.expect("list");
    assert_eq!(
        sorted(all.iter().map(|t| t.id).collect()),
        sorted(vec![token.id, bobs.id])
    );

    store
        .revoke_api_token(token.id, at(300))
        .await
        .expect("revoke");
    assert!(
        store
            .use_api_token(&[1; 32], at(400))
            .await
            .expect("use revoked")
            .is_none()
    );
    let revoked = store.list_api_tokens(Some(ann.id)).await.expect("list");
    assert_eq!(revoked[0].revoked_at, Some(at(300)));
    // Bob's token is untouched.
    assert!(
        store
            .use_api_token(&[2; 32], at(400))
            .await
            .expect("use")
            .is_some()
    );
    assert_not_found(
        store.revoke_api_token(bobs.id + 1000, at(300)).await,
        "api_token",
    );
}

pub async fn sessions_lifecycle(store: Arc<dyn Store>) {
    let ann = customer(&store, "Ann").await;
    let id_hash = vec![7u8; 32];
    store
        .create_session(NewSession {
            id_hash: id_hash.clone(),
            user_id: ann.id,
            csrf_token: "csrf-abc".to_owned(),
            created_at: at(10),
            expires_at: at(3610),
        })
        .await
        .expect("create");

    let (session, user) = store
        .get_session(&id_hash, at(20))
        .await
        .expect("get")
        .expect("live session");
    assert_eq!(
        session,
        Session {
            user_id: ann.id,
            csrf_token: "csrf-abc".to_owned(),
            created_at: at(10),
            expires_at: at(3610),
        }
    );
    assert_eq!(user, ann);

    assert!(
        store
            .get_session(&id_hash, at(3611))
            .await
            .expect("expired")
            .is_none()
    );
    assert!(
        store
            .get_session(&[8u8; 32], at(20))
            .await
            .expect("unknown")
            .is_none()
    );

    store.delete_session(&id_hash).await.expect("delete");
    assert!(
        store
            .get_session(&id_hash, at(20))
            .await
            .expect("deleted")
            .is_none()
    );
    store
        .delete_session(&id_hash)
        .await
        .expect("deleting twice is fine");
}
