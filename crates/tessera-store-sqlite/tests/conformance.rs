//! The shared store conformance suite, run on a fresh SQLite file per test.

use std::any::Any;
use std::sync::Arc;

use tessera_store::Store;
use tessera_store_sqlite::{SqliteOptions, open};

async fn fresh_store() -> (Arc<dyn Store>, Box<dyn Any + Send>) {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => panic!("temp dir: {e}"),
    };
    let store = match open(&dir.path().join("tessera.db"), SqliteOptions::default()).await {
        Ok(store) => store,
        Err(e) => panic!("open store: {e}"),
    };
    (Arc::new(store), Box::new(dir))
}

tessera_store::conformance_tests!(fresh_store);
