//! Chooses the store backend from the database URL and opens it; both backends
//! apply their migrations while opening.

use std::sync::Arc;

use anyhow::Context;
use tessera_store::Store;
use tessera_store_postgres::PgOptions;
use tessera_store_sqlite::SqliteOptions;

use crate::config::{DatabaseConfig, DatabaseUrl};

pub async fn open_store(config: &DatabaseConfig) -> anyhow::Result<Arc<dyn Store>> {
    match &config.url {
        DatabaseUrl::Sqlite(path) => {
            // Zero setup: `sqlite:///var/lib/tessera/tessera.db` works on a fresh
            // machine, so create the directory as SQLite creates the file.
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                tokio::fs::create_dir_all(dir)
                    .await
                    .with_context(|| format!("creating directory {}", dir.display()))?;
            }
            let options = SqliteOptions {
                synchronous: config.sqlite_synchronous.to_store(),
                readers: config.sqlite_readers,
            };
            let store = tessera_store_sqlite::open(path, options)
                .await
                .with_context(|| format!("opening SQLite database {}", path.display()))?;
            Ok(Arc::new(store))
        }
        DatabaseUrl::Postgres(url) => {
            let options = PgOptions {
                max_connections: config.postgres_max_connections,
            };
            let store = tessera_store_postgres::connect(url, options)
                .await
                .with_context(|| format!("connecting to PostgreSQL at {}", config.url))?;
            Ok(Arc::new(store))
        }
    }
}
