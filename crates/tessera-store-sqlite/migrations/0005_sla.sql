-- SLA: business calendars and policies (JSON documents the service validates),
-- each ticket's derived SLA state, and in-app notifications.

CREATE TABLE sla_calendars (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    definition TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL
);

CREATE TABLE sla_policies (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    position    INTEGER NOT NULL,
    active      INTEGER NOT NULL,
    -- No cascade: a calendar cannot be deleted while a policy counts in it.
    calendar_id INTEGER REFERENCES sla_calendars (id),
    definition  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX sla_policies_calendar ON sla_policies (calendar_id) WHERE calendar_id IS NOT NULL;

CREATE TABLE ticket_sla (
    ticket_id     INTEGER PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    policy_id     INTEGER REFERENCES sla_policies (id) ON DELETE SET NULL,
    timeline      TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    next_due_at   INTEGER,
    next_check_at INTEGER,
    breached      INTEGER NOT NULL,
    computed_at   INTEGER NOT NULL
);
-- The sweeper's "what needs a look now"; most rows have nothing pending.
CREATE INDEX ticket_sla_next_check ON ticket_sla (next_check_at, ticket_id)
    WHERE next_check_at IS NOT NULL;
-- Deleting a policy nulls its rows (and SQLite checks the reference on every delete).
CREATE INDEX ticket_sla_policy ON ticket_sla (policy_id) WHERE policy_id IS NOT NULL;

-- `ticket_sla.next_due_at`, copied onto the ticket by the store in the same
-- transaction, so "sort by next due" walks one index of `tickets` like the other
-- queue sorts (migration 4) instead of joining a million SLA rows.
ALTER TABLE tickets ADD COLUMN sla_due_at INTEGER;
CREATE INDEX tickets_status_sla_due ON tickets (status, sla_due_at, id);
CREATE INDEX tickets_group_sla_due  ON tickets (group_id, status, sla_due_at, id);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ticket_id  INTEGER REFERENCES tickets (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_user   ON notifications (user_id, read_at, id);
CREATE INDEX notifications_ticket ON notifications (ticket_id) WHERE ticket_id IS NOT NULL;
