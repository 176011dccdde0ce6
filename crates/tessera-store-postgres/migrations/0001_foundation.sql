-- Tessera schema, version 1 (see tessera_store::schema for the shared description).
--
-- Conventions: ids are identity columns; timestamps are bigint microseconds since the
-- Unix epoch (so both backends sort and compare them identically); enums are their
-- `as_str()` text; priority is its rank (1 = urgent .. 4 = low). Constraint names are
-- explicit because the store maps them to stable `StoreError::Conflict` names.
--
-- schema_migrations is created by the migration runner itself (it must exist before
-- the first migration can be recorded).

create table organizations (
    id             bigint generated always as identity primary key,
    name           text    not null,
    domains        jsonb   not null default '[]',
    shares_tickets boolean not null default false,
    created_at     bigint  not null,
    constraint organizations_name_unique unique (name)
);

create table users (
    id              bigint generated always as identity primary key,
    name            text    not null,
    email           text,
    role            text    not null,
    organization_id bigint  references organizations (id),
    password_hash   text,
    language        text,
    time_zone       text,
    active          boolean not null default true,
    created_at      bigint  not null,
    constraint users_email_unique unique (email)
);
create index users_organization_idx on users (organization_id, id);

create table identities (
    id      bigint generated always as identity primary key,
    user_id bigint not null references users (id) on delete cascade,
    kind    text   not null,
    value   text   not null,
    constraint identities_kind_value_unique unique (kind, value)
);
create index identities_user_idx on identities (user_id, id);

create table groups (
    id          bigint generated always as identity primary key,
    name        text   not null,
    description text   not null default '',
    tier        text   not null,
    created_at  bigint not null,
    constraint groups_name_unique unique (name)
);

-- Members go with their group: only tickets keep a group "in use".
create table group_members (
    group_id bigint not null references groups (id) on delete cascade,
    user_id  bigint not null references users (id) on delete cascade,
    primary key (group_id, user_id)
);
create index group_members_user_idx on group_members (user_id, group_id);

-- Ticket numbers come from a sequence: race-free across nodes without serialising
-- creates on a counter row (a rolled-back create leaves a gap, which is fine).
create sequence ticket_number_seq start 1001;

create table tickets (
    id                  bigint generated always as identity primary key,
    number              bigint   not null,
    subject             text     not null,
    description         text     not null,
    status              text     not null,
    ticket_type         text     not null,
    impact              smallint not null,
    urgency             smallint not null,
    priority            smallint not null,
    priority_overridden boolean  not null default false,
    category            text,
    tags                jsonb    not null default '[]',
    custom_fields       jsonb    not null default '{}',
    requester_id        bigint   not null references users (id),
    organization_id     bigint   references organizations (id),
    assignee_id         bigint   references users (id),
    group_id            bigint   references groups (id),
    tier                text     not null,
    channel             text     not null,
    language            text,
    created_at          bigint   not null,
    updated_at          bigint   not null,
    first_response_at   bigint,
    solved_at           bigint,
    closed_at           bigint,
    version             bigint   not null default 1,
    constraint tickets_number_unique unique (number)
);
-- The list views: queues by status/group/assignee, a requester's or an
-- organization's tickets, everything by recency. Each ends in (updated_at, id) or
-- (created_at, id) so keyset pagination walks the index.
create index tickets_status_updated_idx on tickets (status, updated_at, id);
create index tickets_group_status_updated_idx on tickets (group_id, status, updated_at, id);
create index tickets_assignee_status_updated_idx on tickets (assignee_id, status, updated_at, id);
create index tickets_requester_updated_idx on tickets (requester_id, updated_at, id);
create index tickets_organization_updated_idx on tickets (organization_id, updated_at, id);
create index tickets_updated_idx on tickets (updated_at, id);
create index tickets_created_idx on tickets (created_at, id);

create table ticket_tags (
    ticket_id bigint not null references tickets (id) on delete cascade,
    tag       text   not null,
    primary key (ticket_id, tag)
);
create index ticket_tags_tag_idx on ticket_tags (tag, ticket_id);

create table comments (
    id         bigint generated always as identity primary key,
    ticket_id  bigint  not null references tickets (id) on delete cascade,
    author_id  bigint  not null references users (id),
    body       text    not null,
    public     boolean not null,
    created_at bigint  not null
);
create index comments_ticket_idx on comments (ticket_id, id);

create table attachments (
    id           bigint generated always as identity primary key,
    comment_id   bigint not null references comments (id) on delete cascade,
    ticket_id    bigint not null references tickets (id) on delete cascade,
    filename     text   not null,
    content_type text   not null,
    size         bigint not null,
    data         bytea  not null
);
create index attachments_ticket_idx on attachments (ticket_id, id);
create index attachments_comment_idx on attachments (comment_id, id);

create table events (
    id         bigint generated always as identity primary key,
    ticket_id  bigint  not null references tickets (id) on delete cascade,
    actor_id   bigint,
    kind       text    not null,
    field      text,
    old_value  text,
    new_value  text,
    comment_id bigint,
    internal   boolean not null default false,
    created_at bigint  not null
);
create index events_ticket_idx on events (ticket_id, id);

-- One search document per ticket (comment_id null) and one per comment. `terms` is
-- built from terms analysed in Rust (array_to_tsvector, no PostgreSQL parser), so
-- both backends index exactly the same lexemes.
--
-- No foreign keys: documents are derived data, written only by the store in the
-- same transaction as their ticket or comment, and read only joined to tickets. Two
-- referential checks per document were a sixth of the bulk-import time.
create table search_docs (
    id         bigint generated always as identity primary key,
    ticket_id  bigint   not null,
    comment_id bigint,
    internal   boolean  not null,
    terms      tsvector not null
);
create index search_docs_ticket_idx on search_docs (ticket_id, comment_id);
create index search_docs_terms_idx on search_docs using gin (terms);

create table api_tokens (
    id           bigint generated always as identity primary key,
    user_id      bigint not null references users (id) on delete cascade,
    name         text   not null,
    prefix       text   not null,
    token_hash   bytea  not null,
    created_at   bigint not null,
    last_used_at bigint,
    revoked_at   bigint,
    constraint api_tokens_token_hash_unique unique (token_hash)
);
create index api_tokens_user_idx on api_tokens (user_id, id);

create table sessions (
    id_hash    bytea  primary key,
    user_id    bigint not null references users (id) on delete cascade,
    csrf_token text   not null,
    created_at bigint not null,
    expires_at bigint not null
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table idempotency_keys (
    user_id             bigint not null,
    key                 text   not null,
    request_fingerprint text   not null,
    ticket_id           bigint not null references tickets (id) on delete cascade,
    created_at          bigint not null,
    constraint idempotency_keys_pkey primary key (user_id, key)
);
