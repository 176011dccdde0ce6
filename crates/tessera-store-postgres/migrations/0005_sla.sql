-- SLA: business calendars and policies (JSON documents the service validates),
-- each ticket's derived SLA state, and in-app notifications.

create table sla_calendars (
    id         bigint generated always as identity primary key,
    name       text   not null,
    definition jsonb  not null,
    version    bigint not null default 1,
    updated_at bigint not null,
    constraint sla_calendars_name_unique unique (name)
);

create table sla_policies (
    id          bigint   generated always as identity primary key,
    name        text     not null,
    position    integer  not null,
    active      boolean  not null,
    -- No cascade: a calendar cannot be deleted while a policy counts in it.
    calendar_id bigint   references sla_calendars (id),
    definition  jsonb    not null,
    version     bigint   not null default 1,
    updated_at  bigint   not null,
    constraint sla_policies_name_unique unique (name)
);
create index sla_policies_calendar_idx on sla_policies (calendar_id) where calendar_id is not null;

create table ticket_sla (
    ticket_id     bigint  primary key references tickets (id) on delete cascade,
    policy_id     bigint  references sla_policies (id) on delete set null,
    timeline      jsonb   not null,
    state         jsonb   not null,
    next_due_at   bigint,
    next_check_at bigint,
    breached      boolean not null,
    computed_at   bigint  not null
);
-- The sweeper's "what needs a look now"; most rows have nothing pending.
create index ticket_sla_next_check_idx on ticket_sla (next_check_at, ticket_id)
    where next_check_at is not null;
-- Deleting a policy nulls its rows.
create index ticket_sla_policy_idx on ticket_sla (policy_id) where policy_id is not null;

-- `ticket_sla.next_due_at`, copied onto the ticket by the store in the same
-- transaction, so "sort by next due" walks one index of `tickets` like the other
-- queue sorts (migration 4) instead of joining a million SLA rows.
alter table tickets add column sla_due_at bigint;
create index tickets_status_sla_due_idx on tickets (status, sla_due_at, id);
create index tickets_group_sla_due_idx on tickets (group_id, status, sla_due_at, id);

create table notifications (
    id         bigint generated always as identity primary key,
    user_id    bigint not null references users (id) on delete cascade,
    ticket_id  bigint references tickets (id) on delete cascade,
    kind       text   not null,
    body       text   not null,
    created_at bigint not null,
    read_at    bigint
);
create index notifications_user_idx on notifications (user_id, read_at, id);
create index notifications_ticket_idx on notifications (ticket_id) where ticket_id is not null;
