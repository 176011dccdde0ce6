-- Migration 1: the foundation schema, column for column as described in
-- tessera_store::schema (the PostgreSQL backend carries the same tables).
-- Timestamps are integer microseconds since the Unix epoch, booleans 0/1, JSON text.
--
-- Tables whose rows can be deleted use AUTOINCREMENT so that an id is never handed
-- out twice (as with PostgreSQL identity columns); append-only tables (tickets,
-- comments, attachments, events) use the cheaper plain rowid alias.

CREATE TABLE organizations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL UNIQUE,
    domains        TEXT    NOT NULL DEFAULT '[]',
    shares_tickets INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL,
    email           TEXT    UNIQUE,
    role            TEXT    NOT NULL,
    organization_id INTEGER REFERENCES organizations (id),
    password_hash   TEXT,
    language        TEXT,
    time_zone       TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL
);
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE identities (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind    TEXT    NOT NULL,
    value   TEXT    NOT NULL,
    UNIQUE (kind, value)
);
CREATE INDEX identities_user ON identities (user_id);

CREATE TABLE groups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    tier        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES groups (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members (user_id, group_id);

CREATE TABLE tickets (
    id                  INTEGER PRIMARY KEY,
    number              INTEGER NOT NULL UNIQUE,
    subject             TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    ticket_type         TEXT    NOT NULL,
    impact              INTEGER NOT NULL,
    urgency             INTEGER NOT NULL,
    priority            INTEGER NOT NULL,
    priority_overridden INTEGER NOT NULL DEFAULT 0,
    category            TEXT,
    tags                TEXT    NOT NULL DEFAULT '[]',
    custom_fields       TEXT    NOT NULL DEFAULT '{}',
    requester_id        INTEGER NOT NULL REFERENCES users (id),
    organization_id     INTEGER REFERENCES organizations (id),
    assignee_id         INTEGER REFERENCES users (id),
    group_id            INTEGER REFERENCES groups (id),
    tier                TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    language            TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    first_response_at   INTEGER,
    solved_at           INTEGER,
    closed_at           INTEGER,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tickets_status       ON tickets (status, updated_at, id);
CREATE INDEX tickets_group        ON tickets (group_id, status, updated_at, id);
CREATE INDEX tickets_assignee     ON tickets (assignee_id, status, updated_at, id);
CREATE INDEX tickets_requester    ON tickets (requester_id, updated_at, id);
CREATE INDEX tickets_organization ON tickets (organization_id, updated_at, id);
CREATE INDEX tickets_updated      ON tickets (updated_at, id);
CREATE INDEX tickets_created      ON tickets (created_at, id);

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    tag       TEXT    NOT NULL,
    PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags (tag, ticket_id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body       TEXT    NOT NULL,
    public     INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_ticket ON comments (ticket_id, id);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    comment_id   INTEGER NOT NULL REFERENCES comments (id),
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB    NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id, id);
CREATE INDEX attachments_comment ON attachments (comment_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    actor_id   INTEGER,
    kind       TEXT    NOT NULL,
    field      TEXT,
    old_value  TEXT,
    new_value  TEXT,
    comment_id INTEGER,
    internal   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_ticket ON events (ticket_id, id);

-- Search documents. Terms are produced in Rust by tessera_core::analysis, so the
-- tokenizer only has to split on spaces and must not fold anything further.
-- The rowid addresses a document without a scan of the UNINDEXED columns:
-- a ticket's document has rowid = ticket id, a comment's has rowid = -comment id.
CREATE VIRTUAL TABLE search_docs USING fts5 (
    terms,
    ticket_id UNINDEXED,
    internal UNINDEXED,
    tokenize = "unicode61 remove_diacritics 0"
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    token_hash   BLOB    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);

CREATE TABLE sessions (
    id_hash    BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE idempotency_keys (
    user_id             INTEGER NOT NULL,
    key                 TEXT    NOT NULL,
    request_fingerprint TEXT    NOT NULL,
    ticket_id           INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
