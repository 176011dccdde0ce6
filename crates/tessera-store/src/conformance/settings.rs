//! Instance settings: an upserted key-value map.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::Store;

pub async fn settings_are_upserted_and_listed(store: Arc<dyn Store>) {
    assert!(store.settings().await.expect("settings").is_empty());

    let hostile = "'; DROP TABLE settings; -- «Zażółć» 🖨";
    store
        .put_setting("site.name", "Tessera")
        .await
        .expect("put");
    store
        .put_setting("locale.default", "pl")
        .await
        .expect("put");
    store.put_setting("empty", "").await.expect("put");
    // The second write of a key replaces the first.
    store.put_setting("site.name", hostile).await.expect("put");

    let expected: BTreeMap<String, String> = [
        ("empty", ""),
        ("locale.default", "pl"),
        ("site.name", hostile),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(store.settings().await.expect("settings"), expected);
}
