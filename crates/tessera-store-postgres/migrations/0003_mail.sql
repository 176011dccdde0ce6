-- Tessera schema, version 3: the email channel (mailboxes, raw inbound messages,
-- Message-IDs); see tessera_store::schema for the shared description.

create table mailboxes (
    id               bigint generated always as identity primary key,
    address          text   not null,
    name             text   not null,
    default_group_id bigint references groups (id),
    default_language text,
    created_at       bigint not null,
    constraint mailboxes_address_unique unique (address)
);

-- Raw messages are kept for audit and re-processing. The partial unique index makes
-- a duplicate delivery (same Message-ID, same mailbox) a no-op, also across nodes.
create table raw_messages (
    id            bigint generated always as identity primary key,
    mailbox_id    bigint  not null references mailboxes (id),
    envelope_from text    not null,
    envelope_to   jsonb   not null default '[]',
    remote_addr   text,
    received_at   bigint  not null,
    sha256        text    not null,
    message_id    text,
    bytes         bytea   not null,
    state         text    not null default 'queued',
    attempts      integer not null default 0,
    error         text,
    ticket_id     bigint  references tickets (id),
    comment_id    bigint  references comments (id),
    constraint raw_messages_state_check check (state in ('queued', 'processed', 'failed'))
);
create unique index raw_messages_message_id_idx on raw_messages (mailbox_id, message_id)
    where message_id is not null;
create index raw_messages_state_idx on raw_messages (state, id);
create index raw_messages_ticket_idx on raw_messages (ticket_id, id) where ticket_id is not null;

create table message_ids (
    message_id text   primary key,
    ticket_id  bigint not null references tickets (id),
    comment_id bigint references comments (id),
    direction  text   not null,
    at         bigint not null,
    constraint message_ids_direction_check check (direction in ('in', 'out'))
);
create index message_ids_ticket_idx on message_ids (ticket_id);
