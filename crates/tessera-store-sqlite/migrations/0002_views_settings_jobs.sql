-- Migration 2: instance settings, saved views, durable jobs and periodic schedules,
-- column for column as described in tessera_store::schema (the PostgreSQL backend
-- carries the same tables).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- owner_id NULL: a view shared with everyone.
CREATE TABLE saved_views (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER REFERENCES users (id),
    name       TEXT    NOT NULL,
    filters    TEXT    NOT NULL DEFAULT '{}',
    sort       TEXT    NOT NULL,
    columns    TEXT    NOT NULL DEFAULT '[]',
    position   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX saved_views_owner ON saved_views (owner_id, position, id);

-- Jobs are claimed through the single writer, so claiming needs no locks; the
-- partial indexes keep it (and the dedupe check) independent of how many done and
-- dead jobs have piled up. Queries must repeat the index's `status IN (…)` term
-- verbatim for SQLite to use it.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    run_at       INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'dead')),
    last_error   TEXT,
    locked_by    TEXT,
    locked_until INTEGER,
    dedupe_key   TEXT,
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX jobs_claimable ON jobs (run_at, id) WHERE status IN ('queued', 'running');
CREATE UNIQUE INDEX jobs_dedupe_key ON jobs (dedupe_key)
    WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');
CREATE INDEX jobs_status ON jobs (status, id);

CREATE TABLE schedules (
    name        TEXT    PRIMARY KEY,
    next_run_at INTEGER NOT NULL,
    last_run_at INTEGER
) WITHOUT ROWID;
