//! The conformance suite: behaviours every [`Store`](crate::Store) backend must
//! show, written once and run against each backend.
//!
//! Each test is an `async fn(Arc<dyn Store>)` that gets a fresh, empty store and
//! asserts outcomes. A backend runs them all from its `tests/conformance.rs`:
//!
//! ```ignore
//! async fn fresh_store() -> (Arc<dyn tessera_store::Store>, Box<dyn std::any::Any + Send>) {
//!     // … open an empty database; the box keeps it alive (temp dir, drop handle).
//! }
//! tessera_store::conformance_tests!(fresh_store);
//! ```
//!
//! The invoking crate needs `tokio` (with `macros` and `rt-multi-thread`) as a
//! dev-dependency. Tests never depend on how a backend ranks equal search matches
//! or on anything else the trait leaves open.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod counts;
mod credentials;
mod fixtures;
mod jobs;
mod lists;
mod mail;
mod people;
mod schedules;
mod search;
mod settings;
mod sla;
mod tickets;
mod views;

pub use counts::*;
pub use credentials::*;
pub use jobs::*;
pub use lists::*;
pub use mail::*;
pub use people::*;
pub use schedules::*;
pub use search::*;
pub use settings::*;
pub use sla::*;
pub use tickets::*;
pub use views::*;

/// Expands to one `#[tokio::test]` per conformance test, each calling `$factory()`
/// for a fresh `(Arc<dyn Store>, guard)` and keeping the guard alive until the
/// test ends. The list below is the one place naming every test.
#[macro_export]
macro_rules! conformance_tests {
    ($factory:path) => {
        $crate::conformance_tests!(@tests $factory;
            ping_and_backend_name,
            // tickets
            ticket_numbers_start_at_1001_and_increase,
            concurrent_creates_get_unique_numbers,
            ticket_round_trips_every_field,
            ticket_text_is_stored_verbatim,
            missing_rows_are_not_found,
            idempotent_create_replays_and_conflicts,
            create_with_missing_reference_is_a_conflict,
            update_checks_the_version,
            failed_update_writes_nothing,
            update_writes_comment_attachments_and_events,
            conversation_is_oldest_first_and_hides_internal,
            import_numbers_tickets_consecutively,
            create_and_import_carry_several_comments,
            // lists
            list_filters_select_exactly_the_matching_tickets,
            list_sorts_by_each_field_both_ways,
            list_cursor_visits_every_ticket_once,
            customers_see_their_own_and_shared_organization_tickets,
            // search
            search_finds_subject_description_tags_and_comments,
            search_matches_inflected_words,
            search_hides_internal_notes_unless_asked,
            search_respects_scope_and_limit,
            search_follows_ticket_updates,
            search_with_empty_or_hostile_queries_is_safe,
            // people
            users_round_trip_with_identities,
            identities_are_unique,
            update_user_and_password_hash,
            list_users_filters_and_pages,
            organizations_crud_and_conflicts,
            groups_crud_and_conflicts,
            group_membership_is_replaced_and_listed,
            // credentials
            api_tokens_lifecycle,
            sessions_lifecycle,
            // settings and counts
            settings_are_upserted_and_listed,
            count_matches_list_for_filters_and_scopes,
            // saved views
            views_are_own_or_shared_and_ordered,
            views_update_share_and_delete,
            // jobs
            jobs_enqueue_claim_complete,
            jobs_are_deduplicated_while_live,
            jobs_retry_after_their_back_off,
            jobs_die_without_retry_until_retried_now,
            jobs_with_expired_leases_are_reclaimed,
            jobs_concurrent_claimers_take_each_job_once,
            jobs_are_written_atomically_with_tickets,
            // schedules
            schedules_are_ensured_once,
            schedules_advance_by_compare_and_set,
            // email channel
            mailboxes_crud_and_conflicts,
            raw_messages_are_stored_once_with_their_job,
            raw_messages_are_marked_and_listed_per_ticket,
            message_ids_map_to_tickets,
            // SLA and notifications
            sla_calendars_crud_and_conflicts,
            sla_policies_crud_and_conflicts,
            sla_policies_are_reordered,
            ticket_sla_is_written_with_create_and_import,
            ticket_sla_and_notifications_are_written_with_updates,
            ticket_slas_are_put_read_and_due,
            scan_ticket_slas_filters_and_pages,
            sla_due_sort_pages_with_and_without_due_times,
            notifications_are_listed_counted_and_marked_per_user,
        );
    };
    (@tests $factory:path; $($name:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let (store, guard) = $factory().await;
                $crate::conformance::$name(store).await;
                drop(guard);
            }
        )+
    };
}
