//! SLA: due times through a ticket's life on a business calendar, the sweeper's
//! warnings, breaches and escalations (once each, even with two sweepers),
//! recomputation after a calendar edit, and the API's roles and validation.
//!
//! The use-case tests drive a service with a hand-set clock (no server);
//! the API tests use the real server.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tessera_core::{Priority, Role, Status, Tier};
use tessera_service::sla::{CalendarSpec, PolicySpec, TicketSlaView, WeeklyHours};
use tessera_service::{Actor, AddComment, CreateTicket, Service, ServiceConfig, UpdateTicket};
use tessera_store::{Group, NewGroup, NewUser, Store, User};

use crate::common::{Backend, ManualClock, TestApp, both_backends, clocked_service};
use crate::{call, create_ticket, error_code};

/// Runs each `async fn NAME(backend)` as tests `NAME::sqlite` and `NAME::postgres`.
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::common::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::common::Backend::Postgres).await;
            }
        }
    )+};
}

/// An instant written as Zagreb wall-clock time (UTC+1 in early March).
fn zagreb(local: &str) -> Timestamp {
    format!("{local}:00+01:00").parse().expect("instant")
}

fn office() -> CalendarSpec {
    CalendarSpec {
        name: "Zagreb office".into(),
        time_zone: "Europe/Zagreb".into(),
        always: false,
        weekly: WeeklyHours::weekdays("09:00-17:00"),
        holidays: Vec::new(),
    }
}

fn policy(spec: Value) -> PolicySpec {
    serde_json::from_value(spec).expect("policy spec")
}

async fn user(store: &Arc<dyn Store>, name: &str, role: Role) -> (User, Actor) {
    let user = store
        .create_user(NewUser {
            name: name.to_owned(),
            email: Some(format!("{name}@sla.test")),
            role,
            organization_id: None,
            language: None,
            time_zone: None,
            phones: Vec::new(),
            created_at: Timestamp::UNIX_EPOCH,
        })
        .await
        .expect("user");
    let actor = Actor::from_user(&user);
    (user, actor)
}

async fn group(store: &Arc<dyn Store>, name: &str, tier: Tier) -> Group {
    store
        .create_group(NewGroup {
            name: name.to_owned(),
            description: String::new(),
            tier,
            created_at: Timestamp::UNIX_EPOCH,
        })
        .await
        .expect("group")
}

fn ticket_request(subject: &str) -> CreateTicket {
    CreateTicket {
        subject: subject.to_owned(),
        description: "It stopped working this morning.".to_owned(),
        request_fingerprint: subject.to_owned(),
        ..CreateTicket::default()
    }
}

async fn sla(service: &Service, actor: &Actor, ticket_id: i64) -> TicketSlaView {
    service
        .ticket_sla(actor, ticket_id)
        .await
        .expect("sla read")
        .expect("a policy applies")
}

fn target<'a>(view: &'a TicketSlaView, kind: &str) -> &'a tessera_service::sla::TargetView {
    view.targets
        .iter()
        .find(|t| t.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} target in {view:?}"))
}

fn reply(body: &str, public: bool) -> AddComment {
    AddComment {
        body: body.to_owned(),
        public,
        ..AddComment::default()
    }
}

on_both!(
    due_times_follow_the_conversation,
    sweep_announces_once_and_escalates,
    concurrent_sweeps_announce_once,
    recompute_moves_open_tickets_only,
);

/// Mon–Fri 09:00–17:00 in Zagreb; first response 2 h, next response 1 h,
/// resolution 16 h, all business time.
async fn due_times_follow_the_conversation(backend: Backend) {
    let clock = ManualClock::new(zagreb("2025-03-03T08:00"));
    let Some((service, _db)) = clocked_service(backend, clock.clone()).await else {
        return;
    };
    let store = service.store().clone();
    let (_, admin) = user(&store, "admin", Role::Admin).await;
    let (_, agent) = user(&store, "agent", Role::Agent).await;
    let (_, customer) = user(&store, "customer", Role::Customer).await;
    let calendar = service
        .create_sla_calendar(&admin, office())
        .await
        .expect("calendar");
    service
        .create_sla_policy(
            &admin,
            policy(json!({
                "name": "Standard",
                "calendar_id": calendar.id,
                "targets": {"normal": {"first_response": 120, "next_response": 60, "resolution": 960}}
            })),
        )
        .await
        .expect("policy");

    // Monday 10:00: the customer opens a ticket.
    clock.set(zagreb("2025-03-03T10:00"));
    let ticket = service
        .create_ticket(&customer, ticket_request("VPN down"))
        .await
        .expect("ticket")
        .value;
    assert_eq!(ticket.priority, Priority::Normal);
    let view = sla(&service, &agent, ticket.id).await;
    assert_eq!(view.policy_name, "Standard");
    assert_eq!(view.calendar_name.as_deref(), Some("Zagreb office"));
    let first = target(&view, "first_response");
    assert_eq!(first.status, "active");
    assert_eq!(first.due_at, Some(zagreb("2025-03-03T12:00")));
    assert!(
        first
            .explanation
            .contains("first response 2 business hours")
    );
    // 7 h on Monday, 8 h on Tuesday, 1 h on Wednesday.
    assert_eq!(
        target(&view, "resolution").due_at,
        Some(zagreb("2025-03-05T10:00"))
    );
    let row = store
        .get_ticket_sla(ticket.id)
        .await
        .expect("row read")
        .expect("row written with the ticket");
    assert_eq!(row.next_due_at, Some(zagreb("2025-03-03T12:00")));

    // 11:00 the customer chases: still covered by the first response.
    clock.set(zagreb("2025-03-03T11:00"));
    service
        .add_comment(&customer, ticket.id, reply("Any news?", true))
        .await
        .expect("customer reply");
    // 11:30 an internal note is not a response.
    clock.set(zagreb("2025-03-03T11:30"));
    service
        .add_comment(&agent, ticket.id, reply("Checking the VPN logs.", false))
        .await
        .expect("note");
    let view = sla(&service, &agent, ticket.id).await;
    assert_eq!(target(&view, "first_response").status, "active");
    assert!(view.targets.iter().all(|t| t.kind != "next_response"));

    // 11:45 the public reply meets the first response.
    clock.set(zagreb("2025-03-03T11:45"));
    service
        .add_comment(&agent, ticket.id, reply("We are on it.", true))
        .await
        .expect("agent reply");
    let view = sla(&service, &agent, ticket.id).await;
    let first = target(&view, "first_response");
    assert_eq!(first.status, "met");
    assert_eq!(first.met_at, Some(zagreb("2025-03-03T11:45")));

    // 13:00 the customer writes again: next response due in one business hour.
    clock.set(zagreb("2025-03-03T13:00"));
    service
        .add_comment(&customer, ticket.id, reply("It is down again.", true))
        .await
        .expect("customer reply");
    let view = sla(&service, &agent, ticket.id).await;
    assert_eq!(
        target(&view, "next_response").due_at,
        Some(zagreb("2025-03-03T14:00"))
    );

    // 13:30 the agent answers and waits on the customer: clocks pause.
    clock.set(zagreb("2025-03-03T13:30"));
    service
        .add_comment(
            &agent,
            ticket.id,
            AddComment {
                status: Some(Status::Pending),
                ..reply("Please restart the client.", true)
            },
        )
        .await
        .expect("pending reply");
    let view = sla(&service, &agent, ticket.id).await;
    assert_eq!(target(&view, "next_response").status, "met");
    let resolution = target(&view, "resolution");
    assert_eq!(resolution.status, "paused");
    assert_eq!(resolution.due_at, None);
    assert_eq!(resolution.remaining_seconds, 750 * 60);

    // Tuesday 10:00 back to open: 4.5 business hours paused push the due time.
    clock.set(zagreb("2025-03-04T10:00"));
    service
        .update_ticket(
            &agent,
            ticket.id,
            UpdateTicket {
                status: Some(Status::Open),
                ..UpdateTicket::default()
            },
        )
        .await
        .expect("reopen");
    let view = sla(&service, &agent, ticket.id).await;
    let resolution = target(&view, "resolution");
    assert_eq!(resolution.due_at, Some(zagreb("2025-03-05T14:30")));
    assert_eq!(resolution.paused_seconds, 270 * 60);
    let row = store
        .get_ticket_sla(ticket.id)
        .await
        .expect("row read")
        .expect("row");
    assert_eq!(row.next_due_at, Some(zagreb("2025-03-05T14:30")));

    // Tuesday 15:00 solved: resolution met, nothing due any more.
    clock.set(zagreb("2025-03-04T15:00"));
    service
        .update_ticket(
            &agent,
            ticket.id,
            UpdateTicket {
                status: Some(Status::Solved),
                ..UpdateTicket::default()
            },
        )
        .await
        .expect("solve");
    let view = sla(&service, &agent, ticket.id).await;
    assert_eq!(target(&view, "resolution").status, "met");
    let row = store
        .get_ticket_sla(ticket.id)
        .await
        .expect("row read")
        .expect("row");
    assert_eq!(row.next_due_at, None);
    assert_eq!(row.next_check_at, None);
    assert!(!row.breached);

    // Customers see no SLA at all.
    assert!(service.ticket_sla(&customer, ticket.id).await.is_err());
}

struct SweepSetup {
    service: Service,
    clock: Arc<ManualClock>,
    admin: Actor,
    supervisor: Actor,
    other_supervisor: Actor,
    l2: Group,
    ticket_id: i64,
    start: Timestamp,
    _db: crate::common::TestDb,
}

/// A 24/7 policy: first response 100 min for normal, 30 min for high; warn
/// at 80 %; on warning tell the supervisors, on breach raise the priority,
/// move to the next tier and tell the supervisors.
async fn sweep_setup(backend: Backend) -> Option<SweepSetup> {
    let start: Timestamp = "2025-03-03T09:00:00Z".parse().expect("instant");
    let clock = ManualClock::new(start);
    let (service, db) = clocked_service(backend, clock.clone()).await?;
    let store = service.store().clone();
    let (_, admin) = user(&store, "admin", Role::Admin).await;
    let (agent_user, agent) = user(&store, "agent", Role::Agent).await;
    let (supervisor_user, supervisor) = user(&store, "supervisor", Role::Supervisor).await;
    let (_, other_supervisor) = user(&store, "other-supervisor", Role::Supervisor).await;
    let l1 = group(&store, "Service Desk", Tier::L1).await;
    let l2 = group(&store, "L2 Network", Tier::L2).await;
    store
        .set_group_members(l1.id, &[agent_user.id, supervisor_user.id])
        .await
        .expect("members");
    service
        .create_sla_policy(
            &admin,
            policy(json!({
                "name": "Round the clock",
                "targets": {"normal": {"first_response": 100}, "high": {"first_response": 30}},
                "escalations": [
                    {"on": "warning", "action": {"type": "notify_supervisors"}},
                    {"on": "breach", "target": "first_response", "action": {"type": "raise_priority"}},
                    {"on": "breach", "action": {"type": "move_to_next_tier"}},
                    {"on": "breach", "action": {"type": "notify_supervisors"}}
                ]
            })),
        )
        .await
        .expect("policy");
    let ticket = service
        .create_ticket(
            &agent,
            CreateTicket {
                requester_email: Some("caller@customer.test".into()),
                group_id: Some(l1.id),
                assignee_id: Some(agent_user.id),
                ..ticket_request("Switch port dead")
            },
        )
        .await
        .expect("ticket")
        .value;
    Some(SweepSetup {
        service,
        clock,
        admin,
        supervisor,
        other_supervisor,
        l2,
        ticket_id: ticket.id,
        start,
        _db: db,
    })
}

async fn sla_events(service: &Service, actor: &Actor, ticket_id: i64, field: &str) -> Vec<String> {
    service
        .list_events(actor, ticket_id)
        .await
        .expect("events")
        .into_iter()
        .filter(|e| e.field.as_deref() == Some(field))
        .map(|e| e.new_value.unwrap_or_default())
        .collect()
}

async fn sweep_announces_once_and_escalates(backend: Backend) {
    let Some(s) = sweep_setup(backend).await else {
        return;
    };
    let mins = SignedDuration::from_mins;
    let sweep = |offset: i64| {
        let at = s.start + mins(offset);
        s.clock.set(at);
        s.service.sla_sweep(at)
    };

    let report = sweep(10).await.expect("sweep");
    assert_eq!((report.warnings, report.breaches), (0, 0));

    // 80 % of 100 minutes.
    let report = sweep(85).await.expect("sweep");
    assert_eq!((report.warnings, report.breaches), (1, 0));
    let notes = s
        .service
        .notifications(&s.supervisor, false)
        .await
        .expect("notifications");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, "sla_warning");
    assert_eq!(notes[0].ticket_id, Some(s.ticket_id));
    // The group has a supervisor, so the others are not bothered.
    assert!(
        s.service
            .notifications(&s.other_supervisor, false)
            .await
            .expect("notifications")
            .is_empty()
    );
    let report = sweep(86).await.expect("sweep");
    assert_eq!((report.warnings, report.breaches), (0, 0));

    let report = sweep(101).await.expect("sweep");
    assert_eq!((report.warnings, report.breaches), (0, 1));
    assert_eq!(report.escalations, 2);
    let ticket = s
        .service
        .get_ticket(&s.admin, s.ticket_id)
        .await
        .expect("ticket");
    assert_eq!(ticket.priority, Priority::High);
    assert_eq!(ticket.tier, Tier::L2);
    assert_eq!(ticket.group_id, Some(s.l2.id));
    assert_eq!(
        sla_events(&s.service, &s.admin, s.ticket_id, "sla_warning")
            .await
            .len(),
        1
    );
    assert_eq!(
        sla_events(&s.service, &s.admin, s.ticket_id, "sla_breach")
            .await
            .len(),
        1
    );
    let escalations = sla_events(&s.service, &s.admin, s.ticket_id, "sla_escalation").await;
    assert_eq!(
        escalations,
        vec![
            "SLA breach on first response: priority raised P3 → P2".to_owned(),
            "SLA breach on first response: moved to group L2 Network (tier 2)".to_owned(),
        ]
    );
    // The new group has no supervisor: every supervisor hears of the breach.
    assert_eq!(
        s.service
            .unread_notification_count(&s.supervisor)
            .await
            .expect("count"),
        2
    );
    assert_eq!(
        s.service
            .unread_notification_count(&s.other_supervisor)
            .await
            .expect("count"),
        1
    );
    s.service
        .mark_notifications_read(&s.supervisor, &[])
        .await
        .expect("read");
    assert_eq!(
        s.service
            .unread_notification_count(&s.supervisor)
            .await
            .expect("count"),
        0
    );

    // The raised priority's shorter target is long gone, but this cycle's
    // breach was announced already.
    let report = sweep(200).await.expect("sweep");
    assert_eq!((report.warnings, report.breaches), (0, 0));
    let view = sla(&s.service, &s.admin, s.ticket_id).await;
    assert_eq!(view.health, tessera_service::sla::SlaHealth::Breached);
}

async fn concurrent_sweeps_announce_once(backend: Backend) {
    let Some(s) = sweep_setup(backend).await else {
        return;
    };
    // A second node: same database, its own caches.
    let other_node = Service::new(
        s.service.store().clone(),
        s.clock.clone(),
        ServiceConfig::default(),
    );
    let at = s.start + SignedDuration::from_mins(85);
    s.clock.set(at);
    let (a, b) = tokio::join!(s.service.sla_sweep(at), other_node.sla_sweep(at));
    let (a, b) = (a.expect("sweep a"), b.expect("sweep b"));
    assert_eq!(a.warnings + b.warnings, 1, "{a:?} {b:?}");
    assert_eq!(
        sla_events(&s.service, &s.admin, s.ticket_id, "sla_warning")
            .await
            .len(),
        1
    );
    assert_eq!(
        s.service
            .unread_notification_count(&s.supervisor)
            .await
            .expect("count"),
        1
    );
}

async fn recompute_moves_open_tickets_only(backend: Backend) {
    let clock = ManualClock::new(zagreb("2025-03-03T08:00"));
    let Some((service, _db)) = clocked_service(backend, clock.clone()).await else {
        return;
    };
    let store = service.store().clone();
    let (_, admin) = user(&store, "admin", Role::Admin).await;
    let (_, agent) = user(&store, "agent", Role::Agent).await;
    let (_, customer) = user(&store, "customer", Role::Customer).await;
    let calendar = service
        .create_sla_calendar(&admin, office())
        .await
        .expect("calendar");
    service
        .create_sla_policy(
            &admin,
            policy(json!({
                "name": "Standard",
                "calendar_id": calendar.id,
                "targets": {"normal": {"resolution": 960}}
            })),
        )
        .await
        .expect("policy");
    clock.set(zagreb("2025-03-03T10:00"));
    let open = service
        .create_ticket(&customer, ticket_request("Open one"))
        .await
        .expect("ticket")
        .value;
    let solved = service
        .create_ticket(&customer, ticket_request("Solved one"))
        .await
        .expect("ticket")
        .value;
    clock.set(zagreb("2025-03-03T11:00"));
    service
        .update_ticket(
            &agent,
            solved.id,
            UpdateTicket {
                status: Some(Status::Solved),
                ..UpdateTicket::default()
            },
        )
        .await
        .expect("solve");
    let solved_row = store.get_ticket_sla(solved.id).await.expect("row");
    assert_eq!(
        store
            .get_ticket_sla(open.id)
            .await
            .expect("row")
            .and_then(|r| r.next_due_at),
        Some(zagreb("2025-03-05T10:00"))
    );

    // Mornings only: 3 h Monday, 4 h each Tuesday to Thursday, 1 h Friday.
    let short = CalendarSpec {
        weekly: WeeklyHours::weekdays("09:00-13:00"),
        ..office()
    };
    clock.set(zagreb("2025-03-03T12:00"));
    service
        .update_sla_calendar(&admin, calendar.id, calendar.version, short)
        .await
        .expect("calendar edit");
    let report = service
        .run_sla_recompute(zagreb("2025-03-03T12:00"))
        .await
        .expect("recompute");
    assert_eq!(report.tickets, 1, "{report:?}");
    assert_eq!(report.rows_written, 1, "{report:?}");
    assert_eq!(
        store
            .get_ticket_sla(open.id)
            .await
            .expect("row")
            .and_then(|r| r.next_due_at),
        Some(zagreb("2025-03-07T10:00"))
    );
    assert_eq!(
        store.get_ticket_sla(solved.id).await.expect("row"),
        solved_row
    );
    // Nothing changed since: a second run writes nothing.
    let again = service
        .run_sla_recompute(zagreb("2025-03-03T12:30"))
        .await
        .expect("recompute");
    assert_eq!(again.rows_written, 0, "{again:?}");
}

// ----- the API ----------------------------------------------------------------

both_backends!(api_roles_and_validation, api_ticket_sla_and_escalation);

fn calendar_body() -> Value {
    json!({
        "name": "Zagreb office",
        "time_zone": "Europe/Zagreb",
        "weekly": {"monday": ["09:00-17:00"], "tuesday": ["09:00-17:00"]},
        "holidays": [{"name": "Christmas", "date": "2025-12-25", "yearly": true}]
    })
}

fn validation_field(body: &Value) -> &str {
    body["error"]["details"][0]["field"]
        .as_str()
        .unwrap_or_else(|| panic!("no field in {body}"))
}

async fn api_roles_and_validation(app: TestApp) {
    let admin = app.token(Role::Admin).await;
    let agent = app.token(Role::Agent).await;

    let (status, body) =
        call(app.post_json("/api/v1/sla/calendars", &agent, &calendar_body())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(error_code(&body), "forbidden");

    let mut bad_zone = calendar_body();
    bad_zone["time_zone"] = json!("Mars/Olympus_Mons");
    let (status, body) = call(app.post_json("/api/v1/sla/calendars", &admin, &bad_zone)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(validation_field(&body), "time_zone");

    let mut bad_interval = calendar_body();
    bad_interval["weekly"]["tuesday"] = json!(["09:00-25:00"]);
    let (status, body) = call(app.post_json("/api/v1/sla/calendars", &admin, &bad_interval)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(validation_field(&body), "weekly.tuesday[0]");

    let (status, calendar) =
        call(app.post_json("/api/v1/sla/calendars", &admin, &calendar_body())).await;
    assert_eq!(status, StatusCode::CREATED, "{calendar}");
    let calendar_id = calendar["id"].as_i64().expect("id");
    assert_eq!(calendar["holidays"][0]["name"], "Christmas");

    // Holidays from an iCalendar feed.
    let ical = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250421\r\nSUMMARY:Easter Monday\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (status, imported) = call(
        app.client
            .post(app.url(&format!(
                "/api/v1/sla/calendars/{calendar_id}/holidays/import"
            )))
            .bearer_auth(&admin)
            .header("content-type", "text/calendar")
            .body(ical),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(imported["holidays"].as_array().map(Vec::len), Some(2));

    let policy_body = json!({
        "name": "Standard",
        "calendar_id": calendar_id,
        "targets": {"high": {"first_response": 60}}
    });
    let (status, body) = call(app.post_json("/api/v1/sla/policies", &agent, &policy_body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, policy) = call(app.post_json("/api/v1/sla/policies", &admin, &policy_body)).await;
    assert_eq!(status, StatusCode::CREATED, "{policy}");
    let policy_id = policy["id"].as_i64().expect("id");

    // A stale version is a conflict; the current one saves.
    let mut edited = policy.clone();
    edited["version"] = json!(policy["version"].as_i64().expect("version") + 7);
    let (status, body) = call(
        app.client
            .put(app.url(&format!("/api/v1/sla/policies/{policy_id}")))
            .bearer_auth(&admin)
            .json(&edited),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let mut edited = policy.clone();
    edited["targets"]["high"]["first_response"] = json!(0);
    let (status, body) = call(
        app.client
            .put(app.url(&format!("/api/v1/sla/policies/{policy_id}")))
            .bearer_auth(&admin)
            .json(&edited),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(validation_field(&body), "targets.high.first_response");

    let (status, preview) = call(app.get(
        &format!(
            "/api/v1/sla/calendars/{calendar_id}/preview?policy_id={policy_id}&priority=high&opened_at=2025-03-03T16:30:00%2B01:00"
        ),
        &agent,
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    // 30 minutes on Monday, 30 on Tuesday morning.
    assert_eq!(preview["targets"][0]["due_at"], "2025-03-04T08:30:00Z");

    let (status, body) =
        call(app.delete(&format!("/api/v1/sla/calendars/{calendar_id}"), &admin)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let (status, list) = call(app.get("/api/v1/sla/policies", &agent)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["policies"][0]["name"], "Standard");

    let (status, body) = call(app.get(
        "/api/v1/reports/sla?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
        &agent,
    ))
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}

async fn api_ticket_sla_and_escalation(app: TestApp) {
    let admin = app.token(Role::Admin).await;
    let agent = app.token(Role::Agent).await;
    let supervisor = app.token(Role::Supervisor).await;
    let customer = app.token(Role::Customer).await;
    let (status, body) = call(app.post_json(
        "/api/v1/sla/policies",
        &admin,
        &json!({"name": "Everything", "targets": {
            "urgent": {"first_response": 30}, "high": {"first_response": 60},
            "normal": {"first_response": 240}, "low": {"first_response": 480}}}),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let ticket = create_ticket(
        &app,
        &customer,
        json!({"subject": "Printer jam", "description": "Tray 2"}),
    )
    .await;
    let id = ticket["id"].as_i64().expect("id");
    let (status, body) = call(app.get(&format!("/api/v1/tickets/{id}/sla"), &agent)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sla"]["policy_name"], "Everything");
    assert_eq!(body["sla"]["targets"][0]["kind"], "first_response");
    assert_eq!(body["sla"]["targets"][0]["status"], "active");
    let (status, _) = call(app.get(&format!("/api/v1/tickets/{id}/sla"), &customer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Staff read the version to send back from the ticket itself.
    let (status, staff_view) = call(app.get(&format!("/api/v1/tickets/{id}"), &agent)).await;
    assert_eq!(status, StatusCode::OK, "{staff_view}");
    let version = staff_view["version"].as_i64().expect("version");
    let (status, body) = call(app.post_json(
        &format!("/api/v1/tickets/{id}/escalate"),
        &agent,
        &json!({"reason": "  ", "version": version}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(validation_field(&body), "reason");
    let (status, body) = call(app.post_json(
        &format!("/api/v1/tickets/{id}/escalate"),
        &customer,
        &json!({"reason": "faster please", "version": version}),
    ))
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, escalated) = call(app.post_json(
        &format!("/api/v1/tickets/{id}/escalate"),
        &agent,
        &json!({"reason": "Needs network access", "version": version}),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{escalated}");
    assert_eq!(escalated["tier"], "l2", "{escalated}");
    assert_eq!(escalated["version"], version + 1, "{escalated}");
    let (status, body) = call(app.post_json(
        &format!("/api/v1/tickets/{id}/escalate"),
        &agent,
        &json!({"reason": "again", "version": version}),
    ))
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let (status, report) = call(app.get(
        "/api/v1/reports/sla?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&group_by=priority",
        &supervisor,
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["durations"], "business");
    assert_eq!(report["rows"][0]["tickets"], 1);

    let (status, notes) = call(app.get("/api/v1/notifications?unread_only=true", &agent)).await;
    assert_eq!(status, StatusCode::OK, "{notes}");
    assert_eq!(notes["unread"], 0);
    let (status, _) =
        call(app.post_json("/api/v1/notifications/read", &agent, &json!({"ids": []}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}
