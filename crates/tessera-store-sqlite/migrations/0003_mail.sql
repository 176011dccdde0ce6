-- Migration 3: the email channel (mailboxes, raw inbound messages, Message-IDs),
-- column for column as described in tessera_store::schema (the PostgreSQL backend
-- carries the same tables).

CREATE TABLE mailboxes (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    address          TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL,
    default_group_id INTEGER REFERENCES groups (id),
    default_language TEXT,
    created_at       INTEGER NOT NULL
);

-- Raw messages are kept for audit and re-processing. The partial unique index makes
-- a duplicate delivery (same Message-ID, same mailbox) a no-op.
CREATE TABLE raw_messages (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mailbox_id    INTEGER NOT NULL REFERENCES mailboxes (id),
    envelope_from TEXT    NOT NULL,
    envelope_to   TEXT    NOT NULL DEFAULT '[]',
    remote_addr   TEXT,
    received_at   INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    message_id    TEXT,
    bytes         BLOB    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'processed', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    error         TEXT,
    ticket_id     INTEGER REFERENCES tickets (id),
    comment_id    INTEGER REFERENCES comments (id)
);
CREATE UNIQUE INDEX raw_messages_message_id ON raw_messages (mailbox_id, message_id)
    WHERE message_id IS NOT NULL;
CREATE INDEX raw_messages_state ON raw_messages (state, id);
CREATE INDEX raw_messages_ticket ON raw_messages (ticket_id, id) WHERE ticket_id IS NOT NULL;

CREATE TABLE message_ids (
    message_id TEXT    PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    comment_id INTEGER REFERENCES comments (id),
    direction  TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX message_ids_ticket ON message_ids (ticket_id);
