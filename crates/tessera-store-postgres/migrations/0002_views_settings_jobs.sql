-- Tessera schema, version 2: instance settings, saved views, durable jobs and
-- periodic schedules (see tessera_store::schema for the shared description).

create table settings (
    key   text primary key,
    value text not null
);

-- owner_id null: a view shared with everyone.
create table saved_views (
    id         bigint generated always as identity primary key,
    owner_id   bigint  references users (id) on delete cascade,
    name       text    not null,
    filters    jsonb   not null default '{}',
    sort       text    not null,
    columns    jsonb   not null default '[]',
    position   integer not null default 0,
    created_at bigint  not null
);
create index saved_views_owner_idx on saved_views (owner_id, position, id);

-- Workers on any node claim with `for update skip locked` on the claimable index.
-- Done and dead jobs are outside both partial indexes, so claiming and the dedupe
-- check cost the same with a million finished jobs as with none.
create table jobs (
    id           bigint generated always as identity primary key,
    kind         text    not null,
    payload      jsonb   not null,
    run_at       bigint  not null,
    attempts     integer not null default 0,
    max_attempts integer not null,
    status       text    not null default 'queued',
    last_error   text,
    locked_by    text,
    locked_until bigint,
    dedupe_key   text,
    created_at   bigint  not null,
    finished_at  bigint,
    constraint jobs_status_check check (status in ('queued', 'running', 'done', 'dead'))
);
create index jobs_claimable_idx on jobs (run_at, id) where status in ('queued', 'running');
create unique index jobs_dedupe_key_idx on jobs (dedupe_key)
    where dedupe_key is not null and status in ('queued', 'running');
create index jobs_status_idx on jobs (status, id);

create table schedules (
    name        text   primary key,
    next_run_at bigint not null,
    last_run_at bigint
);
