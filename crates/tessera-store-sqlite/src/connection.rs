//! Opening and configuring connections.

use std::path::Path;
use std::time::Duration;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags};

use crate::Synchronous;
use crate::error::Result;

/// How long a connection waits for a lock before failing with `SQLITE_BUSY`. The
/// writer is alone, so this only matters for checkpoints and other processes.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Statements kept prepared per connection; list queries vary with their filters.
const STATEMENT_CACHE: usize = 128;

/// Settings every connection needs, reader or writer.
const COMMON_PRAGMAS: &str = "
    PRAGMA foreign_keys = ON;
    PRAGMA cache_size = -16384;   -- 16 MiB of page cache per connection
    PRAGMA mmap_size = 268435456; -- 256 MiB: reads served from the OS page cache
    PRAGMA temp_store = MEMORY;
";

/// WAL size (in pages) at which the writer checkpoints by itself. Checkpoints are
/// normally run by the checkpointer thread (see `checkpoint`), which kept the
/// writer from spending half its time copying pages; this is only the backstop that
/// bounds the WAL when constant writes keep a background checkpoint from finishing.
const WRITER_AUTOCHECKPOINT: u32 = 10_000;

/// The write connection: creates the file if missing and switches it to WAL, which
/// is persistent, so readers opened afterwards find the database in WAL mode.
pub(crate) fn open_writer(path: &Path, synchronous: Synchronous) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    // `journal_mode` answers with the mode now in force.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "SQLite did not switch to WAL; writes will block reads");
    }
    set_synchronous(&conn, synchronous)?;
    conn.execute_batch(&format!(
        "PRAGMA wal_autocheckpoint = {WRITER_AUTOCHECKPOINT};"
    ))?;
    Ok(conn)
}

/// The connection the checkpointer thread copies the WAL back with.
pub(crate) fn open_checkpointer(path: &Path, synchronous: Synchronous) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The checkpointing connection's setting decides whether checkpoints fsync.
    set_synchronous(&conn, synchronous)?;
    Ok(conn)
}

fn set_synchronous(conn: &Connection, synchronous: Synchronous) -> Result<()> {
    conn.execute_batch(match synchronous {
        // In WAL mode NORMAL is durable against application crashes and only loses the
        // last transactions on power loss; FULL fsyncs every commit.
        Synchronous::Normal => "PRAGMA synchronous = NORMAL;",
        Synchronous::Full => "PRAGMA synchronous = FULL;",
    })?;
    Ok(())
}

/// A read-only connection for the reader pool.
pub(crate) fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(COMMON_PRAGMAS)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    register_functions(conn)?;
    Ok(())
}

/// `fold(text)`: Unicode lower case. SQLite's own `lower()` and `LIKE` only fold
/// ASCII, which would make a search for "łukasz" miss "Łukasz".
fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| t.to_lowercase()))
        },
    )?;
    Ok(())
}
