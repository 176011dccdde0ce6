//! The SLA screens through the whole router on SQLite: admin calendar and
//! policy forms (with their field errors), the ticket's SLA card and the
//! escalation form, the queue's SLA column and due-time sort, notifications
//! and the compliance report, each with the roles that may and may not use it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::StatusCode;
use jiff::Timestamp;
use tessera_core::{Priority, Role};
use tessera_service::{Actor, CreateTicket};
use tessera_store::Ticket;

use super::test_harness::{self as harness, App, Reply, app, get, post_pairs, send};

/// A signed-in user: session cookie, CSRF token and the service actor.
struct Session {
    cookie: String,
    csrf: String,
    actor: Actor,
}

async fn sign_in(app: &App, email: &str, role: Role) -> Session {
    let (cookie, csrf) = harness::sign_in(app, email, role).await;
    let user = app
        .service
        .store()
        .find_user_by_identity(tessera_store::IdentityKind::Email, email)
        .await
        .unwrap()
        .unwrap();
    Session {
        cookie,
        csrf,
        actor: Actor::from_user(&user),
    }
}

/// Posts a form as `who`, with their CSRF token added.
async fn submit(app: &App, who: &Session, path: &str, form: &[(&str, &str)]) -> Reply {
    let mut fields = vec![("csrf", who.csrf.as_str())];
    fields.extend_from_slice(form);
    send(app, post_pairs(path, &who.cookie, &fields)).await
}

/// A 24/7 policy with urgent and low first-response targets, through the form.
async fn create_policy(app: &App, admin: &Session, name: &str) {
    let reply = submit(
        app,
        admin,
        "/admin/sla/policies",
        &[
            ("name", name),
            ("active", "1"),
            ("calendar_id", ""),
            ("targets.urgent.first_response", "1"),
            ("targets.urgent.first_response.unit", "h"),
            ("targets.urgent.resolution", "8"),
            ("targets.urgent.resolution.unit", "h"),
            ("targets.low.first_response", "3000"),
            ("targets.low.first_response.unit", "min"),
            ("pause_statuses", "pending"),
            ("warn_mode", "percent"),
            ("warn_value", "75"),
            ("e0.on", "breach"),
            ("e0.target", "first_response"),
            ("e0.action", "notify_supervisors"),
            ("e1.on", ""),
            ("e1.action", "notify_assignee"),
        ],
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "policy form refused: {}",
        reply.body
    );
}

async fn ticket(app: &App, who: &Session, subject: &str, priority: Priority) -> Ticket {
    app.service
        .create_ticket(
            &who.actor,
            CreateTicket {
                subject: subject.into(),
                requester_email: Some("customer@example.test".into()),
                priority: Some(priority),
                ..CreateTicket::default()
            },
        )
        .await
        .unwrap()
        .value
}

#[tokio::test]
async fn admin_creates_a_calendar_and_a_policy_through_the_forms() {
    let app = app().await;
    let admin = sign_in(&app, "admin@example.test", Role::Admin).await;
    let form = send(&app, get("/admin/sla/calendars/new", &admin.cookie)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"time_zone\""));
    let reply = submit(
        &app,
        &admin,
        "/admin/sla/calendars",
        &[
            ("name", "Zagreb office"),
            ("time_zone", "Europe/Zagreb"),
            ("monday", "09:00-17:00, 18:00-22:00"),
            ("tuesday", "09:00-17:00"),
            ("wednesday", "09:00-17:00"),
            ("thursday", "09:00-17:00"),
            ("friday", "22:00-06:00"),
            ("saturday", ""),
            ("sunday", ""),
            ("holidays", "2026-12-24 Christmas Eve\n12-25 Christmas"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let calendars = app.service.list_sla_calendars(&admin.actor).await.unwrap();
    assert_eq!(calendars.len(), 1);
    let stored = &calendars[0];
    assert_eq!(
        reply.location.as_deref(),
        Some(format!("/admin/sla/calendars/{}", stored.id).as_str())
    );
    assert_eq!(
        stored.spec.weekly.monday,
        vec!["09:00-17:00", "18:00-22:00"]
    );
    assert_eq!(stored.spec.weekly.friday, vec!["22:00-06:00"]);
    assert_eq!(stored.spec.holidays.len(), 2);
    assert!(
        stored
            .spec
            .holidays
            .iter()
            .any(|h| h.yearly && h.date.ends_with("12-25"))
    );

    let list = send(&app, get("/admin/sla/calendars", &admin.cookie)).await;
    assert!(list.body.contains("Zagreb office"), "{}", list.body);

    create_policy(&app, &admin, "Gold").await;
    let policies = app.service.list_sla_policies(&admin.actor).await.unwrap();
    assert_eq!(policies.len(), 1);
    let gold = &policies[0].spec;
    assert_eq!(gold.targets["urgent"].first_response, Some(60));
    assert_eq!(gold.targets["urgent"].resolution, Some(480));
    assert_eq!(gold.warn.percent_elapsed, Some(75));
    assert_eq!(gold.escalations.len(), 1);

    // The edit page shows the preview box for this calendar and policy.
    let page = send(
        &app,
        get(
            &format!(
                "/admin/sla/calendars/{}?policy={}&priority=urgent",
                stored.id, policies[0].id
            ),
            &admin.cookie,
        ),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("sla-preview"), "{}", page.body);

    // A second policy can be moved above the first.
    create_policy(&app, &admin, "Silver").await;
    let silver = app.service.list_sla_policies(&admin.actor).await.unwrap()[1].id;
    let moved = submit(
        &app,
        &admin,
        &format!("/admin/sla/policies/{silver}/move"),
        &[("direction", "up")],
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let order: Vec<String> = app
        .service
        .list_sla_policies(&admin.actor)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.spec.name)
        .collect();
    assert_eq!(order, vec!["Silver", "Gold"]);
}

#[tokio::test]
async fn a_bad_time_zone_is_shown_beside_the_form_with_what_was_typed() {
    let app = app().await;
    let admin = sign_in(&app, "admin@example.test", Role::Admin).await;
    let reply = submit(
        &app,
        &admin,
        "/admin/sla/calendars",
        &[
            ("name", "Atlantis desk"),
            ("time_zone", "Europe/Atlantis"),
            ("monday", "08:30-16:30"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("class=\"field-error\""),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("time_zone"));
    // What the admin typed is still there.
    assert!(reply.body.contains("value=\"Atlantis desk\""));
    assert!(reply.body.contains("value=\"Europe/Atlantis\""));
    assert!(reply.body.contains("value=\"08:30-16:30\""));
    assert!(
        app.service
            .list_sla_calendars(&admin.actor)
            .await
            .unwrap()
            .is_empty()
    );

    // A target the form cannot read is refused the same way.
    let reply = submit(
        &app,
        &admin,
        "/admin/sla/policies",
        &[
            ("name", "Broken"),
            ("targets.high.resolution", "soon"),
            ("targets.high.resolution.unit", "h"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("value=\"soon\""), "{}", reply.body);
}

#[tokio::test]
async fn agents_may_not_open_the_sla_admin_pages() {
    let app = app().await;
    let agent = sign_in(&app, "agent@example.test", Role::Agent).await;
    for path in [
        "/admin/sla/calendars",
        "/admin/sla/calendars/new",
        "/admin/sla/policies",
        "/admin/sla/policies/new",
    ] {
        let reply = send(&app, get(path, &agent.cookie)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    let reply = submit(
        &app,
        &agent,
        "/admin/sla/calendars",
        &[("name", "Mine"), ("time_zone", "UTC")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_ticket_page_shows_each_target_with_its_due_time() {
    let app = app().await;
    let admin = sign_in(&app, "admin@example.test", Role::Admin).await;
    create_policy(&app, &admin, "Gold").await;
    let urgent = ticket(&app, &admin, "Server down", Priority::Urgent).await;
    let page = send(
        &app,
        get(&format!("/tickets/{}", urgent.number), &admin.cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("class=\"card sla-card\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("First response"));
    assert!(page.body.contains("Resolution"));
    assert!(page.body.contains("data-countdown"));
    // Due an hour after creation, shown as a machine-readable instant too.
    let due = urgent.created_at + jiff::SignedDuration::from_hours(1);
    let due_local = due
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    assert!(page.body.contains(&due_local), "due {due_local} not shown");
    assert!(page.body.contains("sla-ok"));
    assert!(page.body.contains("Gold"));
    // The explanation is there for those who ask.
    assert!(page.body.contains("<details class=\"sla-why\">"));
}

#[tokio::test]
async fn the_escalate_form_requires_a_reason() {
    let app = app().await;
    let admin = sign_in(&app, "admin@example.test", Role::Admin).await;
    app.service
        .create_group(&admin.actor, "L1 desk", "", Some(tessera_core::Tier::L1))
        .await
        .unwrap();
    app.service
        .create_group(&admin.actor, "L2 network", "", Some(tessera_core::Tier::L2))
        .await
        .unwrap();
    let t = ticket(&app, &admin, "VPN drops", Priority::High).await;
    let path = format!("/tickets/{}/escalate", t.number);
    let version = t.version.to_string();
    let refused = submit(
        &app,
        &admin,
        &path,
        &[("version", &version), ("reason", "  ")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unchanged = app.service.get_ticket(&admin.actor, t.id).await.unwrap();
    assert_eq!(unchanged.tier, t.tier);

    let done = submit(
        &app,
        &admin,
        &path,
        &[("version", &version), ("reason", "Needs the network team")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let moved = app.service.get_ticket(&admin.actor, t.id).await.unwrap();
    assert_ne!(moved.tier, t.tier);
    // The timeline tells it in words.
    let page = send(&app, get(&format!("/tickets/{}", t.number), &admin.cookie)).await;
    assert!(page.body.contains("escalated the ticket"), "{}", page.body);
    assert!(page.body.contains("Needs the network team"));
}

#[tokio::test]
async fn the_queue_shows_the_sla_column_and_sorts_by_due_time() {
    let app = app().await;
    let admin = sign_in(&app, "admin@example.test", Role::Admin).await;
    create_policy(&app, &admin, "Gold").await;
    // Created first, but due later (50 h against 1 h).
    let low = ticket(&app, &admin, "Toner low", Priority::Low).await;
    let urgent = ticket(&app, &admin, "Payroll down", Priority::Urgent).await;
    let list = send(&app, get("/tickets?view=open", &admin.cookie)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("class=\"col-sla\""), "{}", list.body);
    let header = list.body.find("<th class=\"col-sla\"").expect("SLA header");
    let header = &list.body[header..header + 300];
    assert!(header.contains("sort=due"), "{header}");
    assert!(
        header.contains("dir=asc"),
        "soonest due first on the first click: {header}"
    );
    assert!(list.body.contains("sla-badge sla-ok"));

    let sorted = send(
        &app,
        get("/tickets?view=open&sort=due&dir=asc", &admin.cookie),
    )
    .await;
    assert_eq!(sorted.status, StatusCode::OK);
    let first = sorted.body.find(&urgent.subject).expect("urgent listed");
    let second = sorted.body.find(&low.subject).expect("low listed");
    assert!(first < second, "soonest due first");
    let reversed = send(
        &app,
        get("/tickets?view=open&sort=due&dir=desc", &admin.cookie),
    )
    .await;
    let first = reversed.body.find(&urgent.subject).unwrap();
    let second = reversed.body.find(&low.subject).unwrap();
    assert!(first > second, "latest due first");
}

#[tokio::test]
async fn notifications_are_listed_and_marked_read() {
    let app = app().await;
    let admin = sign_in(&app, "admin@example.test", Role::Admin).await;
    let supervisor = sign_in(&app, "boss@example.test", Role::Supervisor).await;
    create_policy(&app, &admin, "Gold").await;
    let t = ticket(&app, &admin, "Mail server down", Priority::Urgent).await;
    // Two hours later the first response (1 h) is breached; the policy's step
    // notifies supervisors.
    let later = Timestamp::now() + jiff::SignedDuration::from_hours(2);
    app.service.sla_sweep(later).await.unwrap();
    let unread = app
        .service
        .unread_notification_count(&supervisor.actor)
        .await
        .unwrap();
    assert!(unread >= 1, "the sweep notified the supervisor");

    let page = send(&app, get("/notifications", &supervisor.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("href=\"/tickets/{}\"", t.number)),
        "{}",
        page.body
    );
    assert!(page.body.contains("SLA breach"));
    assert!(page.body.contains("class=\"bell-count\""));
    assert!(page.body.contains("action=\"/notifications/read\""));

    let marked = submit(&app, &supervisor, "/notifications/read", &[]).await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.service
            .unread_notification_count(&supervisor.actor)
            .await
            .unwrap(),
        0
    );
    let page = send(&app, get("/notifications", &supervisor.cookie)).await;
    assert!(!page.body.contains("class=\"bell-count\""));
    let bell = send(&app, get("/notifications/_bell", &supervisor.cookie)).await;
    assert_eq!(bell.status, StatusCode::OK);
    assert!(bell.body.contains("id=\"bell\""));
}

#[tokio::test]
async fn the_compliance_report_is_for_supervisors_only() {
    let app = app().await;
    let admin = sign_in(&app, "admin@example.test", Role::Admin).await;
    let supervisor = sign_in(&app, "boss@example.test", Role::Supervisor).await;
    let agent = sign_in(&app, "agent@example.test", Role::Agent).await;
    create_policy(&app, &admin, "Gold").await;
    ticket(&app, &admin, "Printer", Priority::Urgent).await;
    let page = send(
        &app,
        get("/reports/sla?group_by=policy", &supervisor.cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<table class=\"data report\">"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Gold"));
    assert!(
        page.body.contains("href=\"/reports/sla\""),
        "nav link for supervisors"
    );
    let by_priority = send(
        &app,
        get(
            "/reports/sla?group_by=priority&from=2020-01-01&to=2099-12-31",
            &supervisor.cookie,
        ),
    )
    .await;
    assert_eq!(by_priority.status, StatusCode::OK);
    assert!(by_priority.body.contains("Urgent"));
    let bad = send(&app, get("/reports/sla?from=yesterday", &supervisor.cookie)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let refused = send(&app, get("/reports/sla", &agent.cookie)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let tickets = send(&app, get("/tickets", &agent.cookie)).await;
    assert!(
        !tickets.body.contains("href=\"/reports/sla\""),
        "no nav link for agents"
    );
}
