//! The schema versions both backends must carry. Each backend embeds its own SQL for
//! every version listed here; a test in each backend asserts its migration list has
//! exactly these versions and names, so the two can never drift apart.

/// `(version, name)` of every migration, in order.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, "foundation"),
    (2, "views_settings_jobs"),
    (3, "mail"),
    (4, "queue_indexes"),
    (5, "sla"),
];

// The tables every backend creates in migration 1 (names and columns identical;
// types are the closest each backend has). Timestamps are bigint microseconds since
// the Unix epoch; booleans are `boolean` (PostgreSQL) / integer 0/1 (SQLite); JSON is
// `jsonb` / text.
//
// schema_migrations(version pk, name, applied_at)
// organizations(id pk, name unique, domains json array, shares_tickets bool, created_at)
// users(id pk, name, email unique null, role text, organization_id fk null, password_hash null,
//       language null, time_zone null, active bool, created_at)
// identities(id pk, user_id fk, kind text, value text, unique(kind, value))
// groups(id pk, name unique, description, tier text, created_at)
// group_members(group_id fk, user_id fk, pk(group_id, user_id))
// tickets(id pk, number unique, subject, description, status text, ticket_type text,
//         impact smallint, urgency smallint, priority smallint (rank 1-4), priority_overridden bool,
//         category null, tags json array, custom_fields json object, requester_id fk,
//         organization_id fk null, assignee_id fk null, group_id fk null, tier text,
//         channel text, language null, created_at, updated_at, first_response_at null,
//         solved_at null, closed_at null, version bigint)
//   indexes: (status, updated_at, id), (group_id, status, updated_at, id),
//            (assignee_id, status, updated_at, id), (requester_id, updated_at, id),
//            (organization_id, updated_at, id), (updated_at, id), (created_at, id)
// ticket_tags(ticket_id fk, tag, pk(ticket_id, tag)), index (tag, ticket_id)
// comments(id pk, ticket_id fk, author_id fk, body, public bool, created_at), index (ticket_id, id)
// attachments(id pk, comment_id fk, ticket_id fk, filename, content_type, size, data blob/bytea)
// events(id pk, ticket_id fk, actor_id null, kind text, field null, old_value null, new_value null,
//        comment_id null, internal bool, created_at), index (ticket_id, id)
// search documents: one per ticket (subject + description + tags, internal = false) and one
//        per comment (internal = not public); terms from tessera_core::analysis::index_terms
//        with the ticket's language. SQLite: FTS5 table; PostgreSQL: tsvector('simple') + GIN.
// api_tokens(id pk, user_id fk, name, prefix, token_hash unique, created_at, last_used_at null, revoked_at null)
// sessions(id_hash pk, user_id fk, csrf_token, created_at, expires_at)
// idempotency_keys(user_id, key, request_fingerprint, ticket_id, created_at, pk(user_id, key))

// Migration 2 adds:
//
// settings(key pk, value)
// saved_views(id pk, owner_id fk users null (null = shared), name, filters json object,
//             sort text, columns json array, position int, created_at)
//   index: (owner_id, position, id)
// jobs(id pk, kind, payload json, run_at, attempts int, max_attempts int,
//      status text (queued | running | done | dead), last_error null, locked_by null,
//      locked_until null, dedupe_key null, created_at, finished_at null)
//   indexes: (run_at, id) where status in ('queued', 'running')  -- claiming and next due;
//              done and dead jobs, however many, are not in it
//            unique (dedupe_key) where dedupe_key is not null and status in ('queued', 'running')
//            (status, id)  -- the admin list, newest first
// schedules(name pk, next_run_at, last_run_at null)

// Migration 3 (`mail`) adds the email channel:
//
// mailboxes(id pk, address unique (lower-case), name, default_group_id fk groups null,
//           default_language null, created_at)
// raw_messages(id pk, mailbox_id fk, envelope_from, envelope_to json array, remote_addr null,
//              received_at, sha256, message_id null, bytes blob/bytea,
//              state text (queued | processed | failed), attempts int, error null,
//              ticket_id fk null, comment_id fk null)
//   indexes: unique (mailbox_id, message_id) where message_id is not null  -- duplicate
//              deliveries are stored once
//            (state, id)  -- re-processing what is still queued after a crash
//            (ticket_id, id) where ticket_id is not null
// message_ids(message_id pk, ticket_id fk, comment_id fk null, direction text (in | out), at)
//   index: (ticket_id)

// Migration 5 (`sla`) adds SLA state and notifications:
//
// sla_calendars(id pk, name unique, definition json, version bigint, updated_at)
// sla_policies(id pk, name unique, position int, active bool, calendar_id fk sla_calendars null
//              (no cascade: "reference" conflict while used), definition json, version, updated_at)
// ticket_sla(ticket_id pk fk tickets on delete cascade, policy_id fk sla_policies null on delete
//            set null, timeline json, state json, next_due_at null, next_check_at null,
//            breached bool, computed_at)
//   indexes: (next_check_at, ticket_id) where next_check_at is not null  -- the sweeper
//            (policy_id) where policy_id is not null
// tickets.sla_due_at null: a copy of ticket_sla.next_due_at, written by the store in the
//   transaction that writes the ticket_sla row, so "sort by next due" is a tickets index walk
//   indexes: (status, sla_due_at, id), (group_id, status, sla_due_at, id)
// notifications(id pk, user_id fk users on delete cascade, ticket_id fk tickets null on delete
//               cascade, kind text, body text, created_at, read_at null)
//   indexes: (user_id, read_at, id), (ticket_id) where ticket_id is not null
