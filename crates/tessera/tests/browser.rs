//! End-to-end tests of the web UI in a real headless Chromium, driven over
//! WebDriver (chromedriver, started here on a free port) against the real server
//! running in-process.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them the test fails
//! with a message saying so, unless `TESSERA_SKIP_BROWSER=1` (then it prints
//! SKIPPED and passes). Screenshots of the main pages, at desktop and phone
//! widths, are written to `target/screenshots/` (the path is printed).
//!
//! One test runs every scenario in turn: browsers are heavy, and two at a time
//! on a two-core machine only makes each slower.

// A panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tessera_core::Role;
use tessera_service::{Actor, AddComment, UpdateUser};

use common::{Backend, TestApp, free_port, http_client};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// A deadline for things that should happen within a second or two (a broken
/// page, not a timing assertion).
const PATIENCE: Duration = Duration::from_secs(15);
const PASSWORD: &str = "correct horse battery";

/// chromedriver on a free loopback port, killed on drop.
struct Driver {
    child: Child,
    url: String,
    profiles: tempfile::TempDir,
}

impl Driver {
    async fn start() -> Driver {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        let client = http_client();
        let started = Instant::now();
        while client.get(format!("{url}/status")).send().await.is_err() {
            assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Driver {
            child,
            url,
            profiles: tempfile::tempdir().expect("profile directory"),
        }
    }

    /// A fresh browser (its own profile: no cookies from other scenarios).
    async fn browser(&self, name: &str) -> Client {
        let profile = self.profiles.path().join(name);
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--no-first-run",
                    "--disable-dev-shm-usage",
                    "--window-size=1366,900",
                    "--lang=en-US",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("browser session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn browser_available() -> bool {
    if std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    if std::env::var("TESSERA_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("*** SKIPPED: browser tests (TESSERA_SKIP_BROWSER=1, no chromium) ***");
        return false;
    }
    panic!(
        "browser tests need {CHROMIUM} and {CHROMEDRIVER}: `apt-get install -y chromium chromium-driver` \
         (or set TESSERA_SKIP_BROWSER=1 to skip them)"
    );
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir.canonicalize().unwrap_or(dir)
}

/// Saves the page at desktop (1366×900) and phone (390×844) sizes.
async fn shoot(c: &Client, name: &str) {
    let dir = screenshot_dir();
    for (suffix, w, h) in [("desktop", 1366, 900), ("phone", 390, 844)] {
        c.set_window_size(w, h).await.expect("resize");
        tokio::time::sleep(Duration::from_millis(150)).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}-{suffix}.png")), png).expect("write screenshot");
        // Nothing may stick out sideways (wide tables scroll inside their box).
        let overflow = c
            .execute(
                "const w = document.documentElement.clientWidth;
                 if (document.documentElement.scrollWidth <= w) return [];
                 return [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > w + 1)
                   .slice(0, 8)
                   .map(e => e.tagName + '.' + e.className + '#' + e.id);",
                vec![],
            )
            .await
            .expect("overflow check");
        assert_eq!(overflow, json!([]), "{name} ({suffix}) overflows sideways");
    }
    c.set_window_size(1366, 900).await.expect("resize");
}

/// Waits until the page's HTML satisfies `check`.
async fn until(c: &Client, what: &str, check: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let source = c.source().await.expect("page source");
        if check(&source) {
            return source;
        }
        if started.elapsed() > PATIENCE {
            panic!("timed out waiting for {what}; page was:\n{source}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn fill(c: &Client, css: &str, text: &str) {
    let field = c.find(Locator::Css(css)).await.expect(css);
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("type");
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .click()
        .await
        .expect("click");
}

async fn path(c: &Client) -> String {
    let url = c.current_url().await.expect("url");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

async fn staff_user(app: &TestApp, email: &str, role: Role) -> Actor {
    app.service
        .admin_create_token(email, "browser test", role)
        .await
        .expect("user");
    app.service
        .admin_set_password(email, PASSWORD)
        .await
        .expect("password");
    let user = app
        .service
        .store()
        .find_user_by_identity(tessera_store::IdentityKind::Email, email)
        .await
        .expect("lookup")
        .expect("user exists");
    Actor::from_user(&user)
}

async fn sign_in(c: &Client, app: &TestApp, email: &str) {
    c.goto(&app.url("/login")).await.expect("login page");
    fill(c, "#email", email).await;
    fill(c, "#password", PASSWORD).await;
    click(c, "form button[type=submit]").await;
    until(c, "the workspace", |s| s.contains("id=\"ticket-list\"")).await;
}

/// Browsers are heavy: the tests of this file take turns.
static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_ui_in_chromium() {
    if !browser_available() {
        return;
    }
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let driver = Driver::start().await;
    println!("screenshots: {}", screenshot_dir().display());

    agent_works_a_ticket_live(&app, &driver).await;
    agent_saves_a_view(&app, &driver).await;
    customer_uses_the_portal(&app, &driver).await;
    forms_without_csrf_are_refused(&app, &driver).await;
    every_language_renders(&app, &driver).await;
    admin_pages(&app, &driver).await;
    report_page_weight(&app).await;
}

async fn agent_works_a_ticket_live(app: &TestApp, driver: &Driver) {
    let agent = staff_user(app, "agent@example.test", Role::Agent).await;
    let api_token = app.token(Role::Admin).await;
    let c = driver.browser("agent").await;
    sign_in(&c, app, "agent@example.test").await;
    click(&c, "a[href='/tickets?view=open']").await;
    until(&c, "the open view", |s| {
        s.contains("aria-current=\"page\"><span>All open")
    })
    .await;
    // Marks this page load: if it survives, nothing reloaded the page.
    c.execute("window.__sameLoad = 'yes';", vec![])
        .await
        .expect("js");
    until(&c, "the live connection", |s| {
        s.contains("data-live=\"on\"")
    })
    .await;

    let created: Value = app
        .post_json(
            "/api/v1/tickets",
            &api_token,
            &json!({"subject": "Printer on fire", "description": "Smoke from tray 2.\nPlease hurry.",
                    "requester_email": "mia@example.test", "requester_name": "Mia Novak"}),
        )
        .send()
        .await
        .expect("API create")
        .json()
        .await
        .expect("ticket JSON");
    let number = created["number"].as_i64().expect("number");
    until(&c, "the new ticket to appear live", |s| {
        s.contains("Printer on fire")
    })
    .await;
    let same = c
        .execute("return window.__sameLoad || 'reloaded';", vec![])
        .await
        .expect("js");
    assert_eq!(same, json!("yes"), "the list must update without a reload");
    shoot(&c, "agent-list").await;
    // On a phone the views sidebar folds away behind the menu button.
    c.set_window_size(390, 844).await.expect("resize");
    click(&c, "[data-nav-toggle]").await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join("agent-views-open-phone.png"), png).expect("write");
    click(&c, "[data-nav-toggle]").await;
    c.set_window_size(1366, 900).await.expect("resize");

    // Keyboard: "j" moves the row cursor, Enter opens the ticket, "r" starts a reply.
    c.find(Locator::Css("body"))
        .await
        .expect("body")
        .send_keys("j")
        .await
        .expect("key");
    until(&c, "the row cursor", |s| s.contains("is-cursor")).await;
    c.active_element()
        .await
        .expect("focused row link")
        .send_keys("\u{E007}")
        .await
        .expect("enter");
    until(&c, "the ticket page", |s| s.contains("id=\"composer\"")).await;
    assert_eq!(path(&c).await, format!("/tickets/{number}"));
    c.find(Locator::Css("body"))
        .await
        .expect("body")
        .send_keys("r")
        .await
        .expect("key");
    let focused = c
        .execute("return document.activeElement.id;", vec![])
        .await
        .expect("js");
    assert_eq!(focused, json!("body"), "r focuses the reply box");
    fill(&c, "#body", "We are on our way with an extinguisher.").await;
    c.find(Locator::Css("#send-status"))
        .await
        .expect("status select")
        .select_by_value("pending")
        .await
        .expect("choose pending");
    click(&c, "#composer button[type=submit]").await;
    let page = until(&c, "the reply in the timeline", |s| {
        s.contains("We are on our way with an extinguisher.")
    })
    .await;
    assert!(page.contains("changed Status: New → Pending"), "{page}");
    assert!(page.contains("tl-reply"));

    // An internal note from another agent arrives live, with presence shown.
    let other = staff_user(app, "boris@example.test", Role::Agent).await;
    let ticket_id = created["id"].as_i64().expect("id");
    app.service
        .add_comment(
            &other,
            ticket_id,
            AddComment {
                body: "Internal: facilities informed, do not tell the customer the cost.".into(),
                public: false,
                ..AddComment::default()
            },
        )
        .await
        .expect("note");
    let page = until(&c, "the note to appear live", |s| {
        s.contains("facilities informed")
    })
    .await;
    assert!(page.contains("tl-note"));

    // Collision detection: Boris opens the same ticket and starts typing.
    let b = driver.browser("boris").await;
    app.service
        .admin_set_password("boris@example.test", PASSWORD)
        .await
        .expect("password");
    sign_in(&b, app, "boris@example.test").await;
    b.goto(&app.url(&format!("/tickets/{number}")))
        .await
        .expect("ticket");
    until(&c, "Boris to show up as a viewer", |s| {
        s.contains("boris is also viewing")
    })
    .await;
    until(&b, "Boris's live connection", |s| {
        s.contains("data-live=\"on\"")
    })
    .await;
    fill(&b, "#body", "Drafting").await;
    until(&c, "Boris to show up as typing", |s| {
        s.contains("boris is typing")
    })
    .await;
    shoot(&c, "agent-ticket").await;
    b.close().await.expect("close");
    until(&c, "Boris to leave", |s| !s.contains("boris is")).await;

    // Keyboard: "a" assigns the ticket to me.
    c.find(Locator::Css("body"))
        .await
        .expect("body")
        .send_keys("a")
        .await
        .expect("key");
    until(&c, "the assignment", |s| s.contains("Assignee: agent")).await;

    // The side panel changes fields; the history shows it.
    c.find(Locator::Css("#f-priority"))
        .await
        .expect("priority")
        .select_by_value("urgent")
        .await
        .expect("urgent");
    click(&c, ".fields button[type=submit]").await;
    until(&c, "the priority change", |s| {
        s.contains("changed Priority")
    })
    .await;
    let _ = agent;
    c.close().await.expect("close");
}

/// The open list saved as a personal view appears in the sidebar with its count.
async fn agent_saves_a_view(app: &TestApp, driver: &Driver) {
    let c = driver.browser("views").await;
    sign_in(&c, app, "agent@example.test").await;
    c.goto(&app.url("/tickets?view=open"))
        .await
        .expect("open view");
    let before = until(&c, "the open view", |s| s.contains("All open")).await;
    let count = open_count(&before);
    click(&c, ".view-form:not(.filter-panel) summary").await;
    fill(&c, "#view-name", "Fires first").await;
    click(&c, "form[action='/tickets/views'] button").await;
    let page = until(&c, "the saved view", |s| s.contains("data-saved-views")).await;
    let saved = &page[page.find("data-saved-views").expect("saved list")..];
    assert!(saved.contains("Fires first"), "{saved}");
    assert!(
        saved.contains(&format!("<span class=\"count\">{count}</span>")),
        "saved view count {count}: {saved}"
    );
    shoot(&c, "agent-saved-views").await;
    c.close().await.expect("close");
}

/// The count beside "All open" in the sidebar.
fn open_count(html: &str) -> String {
    let from = html.find("All open</span>").expect("open view link");
    let rest = &html[from..];
    let start = rest.find("class=\"count\">").expect("count") + "class=\"count\">".len();
    let end = start + rest[start..].find('<').expect("end");
    rest[start..end].to_owned()
}

async fn customer_uses_the_portal(app: &TestApp, driver: &Driver) {
    let c = driver.browser("customer").await;
    c.goto(&app.url("/portal")).await.expect("portal");
    assert_eq!(path(&c).await, "/portal/login");
    shoot(&c, "portal-login").await;
    click(&c, "a[href='/portal/signup']").await;
    fill(&c, "#name", "Ana Kovač").await;
    fill(&c, "#email", "ana@example.test").await;
    fill(&c, "#password", PASSWORD).await;
    fill(&c, "#password2", PASSWORD).await;
    click(&c, "form button[type=submit]").await;
    until(&c, "the portal", |s| s.contains("portal-list")).await;
    click(&c, "header a[href='/portal/new']").await;
    fill(&c, "#subject", "VPN drops every hour").await;
    fill(
        &c,
        "#description",
        "Since Monday the VPN disconnects hourly.",
    )
    .await;
    click(&c, "form button.btn-primary").await;
    let page = until(&c, "the new request", |s| {
        s.contains("VPN drops every hour")
    })
    .await;
    assert!(page.contains("Since Monday"));
    let number: i64 = path(&c)
        .await
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("ticket number in URL");
    until(&c, "the live connection", |s| {
        s.contains("data-live=\"on\"")
    })
    .await;

    let agent = staff_user(app, "agent@example.test", Role::Agent).await;
    let ticket = app
        .service
        .get_ticket_by_number(&agent, number)
        .await
        .expect("ticket");
    for (public, body) in [
        (false, "NOTE: customer is on the legacy VPN profile"),
        (true, "Please update your VPN client to version 5."),
    ] {
        app.service
            .add_comment(
                &agent,
                ticket.id,
                AddComment {
                    body: body.into(),
                    public,
                    ..AddComment::default()
                },
            )
            .await
            .expect("comment");
    }
    let page = until(&c, "the agent's reply to arrive live", |s| {
        s.contains("update your VPN client")
    })
    .await;
    assert!(!page.contains("legacy VPN profile"), "internal note leaked");
    shoot(&c, "portal-ticket").await;
    c.goto(&app.url("/portal")).await.expect("list");
    let page = until(&c, "the list", |s| s.contains("VPN drops every hour")).await;
    assert!(!page.contains("legacy VPN profile"));
    shoot(&c, "portal-list").await;
    // Customers never reach the workspace.
    c.goto(&app.url(&format!("/tickets/{number}")))
        .await
        .expect("goto");
    assert_eq!(path(&c).await, "/portal");
    c.close().await.expect("close");
}

async fn forms_without_csrf_are_refused(app: &TestApp, driver: &Driver) {
    let c = driver.browser("csrf").await;
    sign_in(&c, app, "agent@example.test").await;
    c.goto(&app.url("/tickets/1001")).await.expect("ticket");
    until(&c, "the composer", |s| s.contains("id=\"composer\"")).await;
    c.execute(
        "document.querySelector('#composer input[name=csrf]').remove();",
        vec![],
    )
    .await
    .expect("js");
    fill(&c, "#body", "This must not be stored.").await;
    click(&c, "#composer button[type=submit]").await;
    until(&c, "the refusal", |s| s.contains("Form expired")).await;
    c.goto(&app.url("/tickets/1001")).await.expect("ticket");
    let page = until(&c, "the ticket", |s| s.contains("id=\"composer\"")).await;
    assert!(!page.contains("This must not be stored."));
    c.close().await.expect("close");
}

async fn every_language_renders(app: &TestApp, driver: &Driver) {
    let agent = staff_user(app, "agent@example.test", Role::Agent).await;
    let ticket = app
        .service
        .get_ticket_by_number(&agent, 1001)
        .await
        .expect("ticket");
    let c = driver.browser("languages").await;
    sign_in(&c, app, "agent@example.test").await;
    for (lang, zone, nav, status) in [
        ("en", "America/New_York", "Tickets", "Pending"),
        ("pl", "Europe/Warsaw", "Zgłoszenia", "Oczekuje"),
        ("hr", "Europe/Zagreb", "Zahtjevi", "Na čekanju"),
        ("ru", "Europe/Moscow", "Заявки", "Ожидает ответа"),
        ("el", "Europe/Athens", "Αιτήματα", "Σε αναμονή"),
    ] {
        app.service
            .update_user(
                &agent,
                agent.user_id,
                UpdateUser {
                    language: Some(Some(lang.into())),
                    time_zone: Some(Some(zone.into())),
                    ..UpdateUser::default()
                },
            )
            .await
            .expect("preferences");
        c.goto(&app.url("/tickets/1001")).await.expect("ticket");
        let page = until(&c, lang, |s| s.contains(&format!("lang=\"{lang}\""))).await;
        assert!(page.contains(nav), "{lang}: {nav}");
        assert!(page.contains(status), "{lang}: {status}");
        let local = ticket
            .created_at
            .to_zoned(jiff::tz::TimeZone::get(zone).expect("zone"));
        let offset = local.strftime("%:z").to_string();
        let clock = local.strftime("%H:%M").to_string();
        assert!(
            page.contains(&format!("{offset}\"")),
            "{lang}: times in {zone}"
        );
        assert!(page.contains(&clock), "{lang}: {clock} shown in {zone}");
        let isolation = ['\u{2068}', '\u{2069}'];
        assert!(!page.contains(isolation), "{lang}: isolation marks leaked");
        if lang != "en" {
            shoot(&c, &format!("agent-ticket-{lang}")).await;
        }
        c.goto(&app.url("/tickets?view=open")).await.expect("list");
        until(&c, "list", |s| s.contains("ticket-list")).await;
        if lang == "el" || lang == "ru" {
            shoot(&c, &format!("agent-list-{lang}")).await;
        }
    }
    c.close().await.expect("close");
}

async fn admin_pages(app: &TestApp, driver: &Driver) {
    staff_user(app, "admin@example.test", Role::Admin).await;
    let c = driver.browser("admin").await;
    sign_in(&c, app, "admin@example.test").await;
    c.goto(&app.url("/admin/groups")).await.expect("groups");
    fill(&c, "#ng-name", "Network").await;
    click(&c, "form[action='/admin/groups'] button").await;
    until(&c, "the group", |s| s.contains("Network")).await;
    c.goto(&app.url("/admin/tokens")).await.expect("tokens");
    fill(&c, "#nt-name", "Monitoring").await;
    click(&c, "form[action='/admin/tokens'] button").await;
    let page = until(&c, "the token", |s| s.contains("class=\"secret\"")).await;
    assert!(page.contains("tsr_"));
    c.goto(&app.url("/admin/users")).await.expect("users");
    until(&c, "users", |s| s.contains("agent@example.test")).await;
    shoot(&c, "admin-users").await;
    c.goto(&app.url("/tickets/new")).await.expect("new");
    shoot(&c, "agent-new-ticket").await;
    c.goto(&app.url("/admin/settings")).await.expect("settings");
    fill(&c, "#s-name", "Acme Support").await;
    click(&c, "form[action='/admin/settings'] button").await;
    let page = until(&c, "the new name", |s| {
        s.contains("<span class=\"brand-name\">Acme Support</span>")
    })
    .await;
    assert!(page.contains("Acme Support</title>"));
    shoot(&c, "admin-settings").await;
    c.close().await.expect("close");
}

fn asset_url(html: &str, marker: &str) -> String {
    let start = html.find(marker).expect("asset link") + marker.find('/').expect("slash");
    let end = start + html[start..].find('"').expect("end quote");
    html[start..end].to_owned()
}

/// Bytes a first visit to the ticket page downloads, plain and compressed.
async fn report_page_weight(app: &TestApp) {
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let login = client
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email=agent%40example.test&password={}",
            PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .expect("login");
    let cookie = login
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("cookie")
        .to_owned();
    let html = client
        .get(app.url("/tickets/1001"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let mut total = html.len();
    let mut parts = vec![format!("HTML {}", html.len())];
    for marker in ["href=\"/assets/app.css", "src=\"/assets/app.js"] {
        let start = html.find(marker).expect("asset link") + marker.find('/').expect("slash");
        let end = start + html[start..].find('"').expect("end quote");
        let bytes = client
            .get(app.url(&html[start..end]))
            .send()
            .await
            .expect("asset")
            .bytes()
            .await
            .expect("asset bytes")
            .len();
        parts.push(format!("{} {bytes}", &html[start..end]));
        total += bytes;
    }
    println!("ticket page weight: {} = {total} bytes", parts.join(" + "));
    // The same first visit as a browser gets it: compressed (brotli). Setting
    // Accept-Encoding by hand keeps the client from decoding the bodies.
    let mut compressed = 0;
    let mut parts = Vec::new();
    for url in [
        "/tickets/1001".to_owned(),
        asset_url(&html, "href=\"/assets/app.css"),
        asset_url(&html, "src=\"/assets/app.js"),
    ] {
        let response = client
            .get(app.url(&url))
            .header("cookie", &cookie)
            .header("accept-encoding", "br")
            .send()
            .await
            .expect("compressed");
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some("br"),
            "{url} compressed"
        );
        let bytes = response.bytes().await.expect("bytes").len();
        parts.push(format!("{url} {bytes}"));
        compressed += bytes;
    }
    println!(
        "ticket page weight (brotli): {} = {compressed} bytes",
        parts.join(" + ")
    );

    // Server render times on this small database (the 1 M-ticket figure comes
    // from the bench tool); 50 sequential requests per page.
    for page in ["/tickets/1001", "/tickets?view=open", "/portal/login"] {
        let mut times = Vec::new();
        for _ in 0..50 {
            let started = Instant::now();
            let response = client
                .get(app.url(page))
                .header("cookie", &cookie)
                .send()
                .await
                .expect("page");
            let _ = response.bytes().await.expect("body");
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "render {page}: p50 {:?}, p95 {:?}",
            times[times.len() / 2],
            times[times.len() * 95 / 100]
        );
    }
}

// ----- SLA ------------------------------------------------------------------------

/// A ticket whose first response is overdue shows red on its page; after the
/// sweep the supervisor's bell rings with the breach, and the SLA admin,
/// queue, notification and report pages render at desktop and phone widths.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sla_in_chromium() {
    if !browser_available() {
        return;
    }
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let driver = Driver::start().await;
    println!("screenshots: {}", screenshot_dir().display());

    let admin = staff_user(&app, "admin@example.test", Role::Admin).await;
    staff_user(&app, "lead@example.test", Role::Supervisor).await;
    let policy: tessera_service::sla::PolicySpec = serde_json::from_value(json!({
        "name": "Gold",
        "targets": {"urgent": {"first_response": 30, "resolution": 480},
                    "normal": {"first_response": 240, "resolution": 2400}},
        "escalations": [{"on": "breach", "target": "first_response",
                         "action": {"type": "notify_supervisors"}}]
    }))
    .expect("policy spec");
    app.service
        .create_sla_policy(&admin, policy)
        .await
        .expect("policy");
    app.service
        .create_sla_calendar(
            &admin,
            tessera_service::sla::CalendarSpec {
                name: "Zagreb office".into(),
                time_zone: "Europe/Zagreb".into(),
                always: false,
                weekly: tessera_service::sla::WeeklyHours::weekdays("08:00-16:00"),
                holidays: Vec::new(),
            },
        )
        .await
        .expect("calendar");

    // The overdue ticket was opened two hours ago: a service on the same
    // database whose clock says so creates it.
    let two_hours_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(2);
    let config = app.db().config();
    let store = tessera::database::open_store(&config.database)
        .await
        .expect("second store handle");
    let earlier = tessera_service::Service::new(
        store,
        common::ManualClock::new(two_hours_ago),
        config.service.clone(),
    );
    let overdue = earlier
        .create_ticket(
            &admin,
            tessera_service::CreateTicket {
                subject: "Payroll export stuck".into(),
                requester_email: Some("mia@example.test".into()),
                priority: Some(tessera_core::Priority::Urgent),
                ..tessera_service::CreateTicket::default()
            },
        )
        .await
        .expect("overdue ticket")
        .value;
    app.service
        .create_ticket(
            &admin,
            tessera_service::CreateTicket {
                subject: "New laptop for Ana".into(),
                requester_email: Some("ana@example.test".into()),
                priority: Some(tessera_core::Priority::Normal),
                ..tessera_service::CreateTicket::default()
            },
        )
        .await
        .expect("ticket on time");

    let c = driver.browser("supervisor").await;
    sign_in(&c, &app, "lead@example.test").await;
    let page_path = format!("/tickets/{}", overdue.number);
    c.goto(&app.url(&page_path)).await.expect("ticket page");
    let page = until(&c, "the SLA card", |s| s.contains("sla-card")).await;
    assert!(page.contains("sla-badge sla-breached"), "{page}");
    let colour = c
        .execute(
            "return getComputedStyle(document.querySelector('#ticket-head .sla-badge')).backgroundColor;",
            vec![],
        )
        .await
        .expect("badge colour");
    assert_eq!(
        colour,
        json!("rgb(253, 228, 226)"),
        "the breached badge is red"
    );
    let countdown = c
        .execute(
            "return document.querySelector('.sla-target.sla-breached time[data-countdown]').textContent;",
            vec![],
        )
        .await
        .expect("countdown");
    assert!(
        countdown
            .as_str()
            .is_some_and(|t| t.starts_with("overdue by 1 h 30 min")),
        "{countdown}"
    );
    // Before the sweep nothing has been announced.
    assert!(!page.contains("class=\"bell-count\""), "{page}");
    c.find(Locator::Css(".sla-why summary"))
        .await
        .expect("explanation")
        .click()
        .await
        .expect("open explanation");
    shoot(&c, "sla-ticket").await;

    // The queue is open and live when the sweep announces the breach: the
    // bell rings without a reload.
    c.goto(&app.url("/tickets?view=open")).await.expect("queue");
    until(&c, "the live connection", |s| {
        s.contains("data-live=\"on\"")
    })
    .await;
    let swept = app
        .service
        .sla_sweep(jiff::Timestamp::now())
        .await
        .expect("sweep");
    assert!(swept.breaches >= 1, "{swept:?}");
    let list = until(&c, "the bell to ring", |s| {
        s.contains("class=\"bell-count\"")
    })
    .await;
    assert!(list.contains("col-sla"), "the queue shows the SLA column");
    let bell = c
        .find(Locator::Css("#bell .bell-count"))
        .await
        .expect("bell count")
        .text()
        .await
        .expect("count text");
    assert!(bell.starts_with('1'), "one unread notification: {bell}");
    shoot(&c, "sla-queue").await;

    click(&c, "#bell").await;
    let notes = until(&c, "the notifications page", |s| {
        s.contains("class=\"notifications card\"")
    })
    .await;
    assert!(
        notes.contains(&format!("href=\"/tickets/{}\"", overdue.number)),
        "{notes}"
    );
    assert!(notes.contains("SLA breach"));
    shoot(&c, "sla-notifications").await;
    click(&c, "form[action='/notifications/read'] button").await;
    until(&c, "the bell to go quiet", |s| {
        s.contains("class=\"notifications card\"") && !s.contains("class=\"bell-count\"")
    })
    .await;

    // The timeline tells the breach in words.
    c.goto(&app.url(&page_path)).await.expect("ticket page");
    until(&c, "the breach in the timeline", |s| {
        s.contains("SLA breached: First response is overdue")
    })
    .await;

    c.goto(&app.url("/reports/sla")).await.expect("report");
    until(&c, "the report", |s| s.contains("class=\"data report\"")).await;
    shoot(&c, "sla-report").await;
    c.goto(&app.url("/admin/sla/policies"))
        .await
        .expect("policies");
    until(&c, "the policies", |s| s.contains("Gold")).await;
    shoot(&c, "sla-policies").await;
    c.close().await.expect("close");

    // Admins edit; the forms show the service's refusals next to the field.
    let c = driver.browser("sla-admin").await;
    sign_in(&c, &app, "admin@example.test").await;
    c.goto(&app.url("/admin/sla/calendars"))
        .await
        .expect("calendars");
    click(&c, "a[href='/admin/sla/calendars/new']").await;
    until(&c, "the calendar form", |s| s.contains("id=\"cal-zone\"")).await;
    fill(&c, "#cal-name", "Night desk").await;
    fill(&c, "#cal-zone", "Mars/Olympus").await;
    fill(&c, "#day-friday", "22:00-06:00").await;
    click(&c, ".sla-form button[type=submit]").await;
    let refused = until(&c, "the field error", |s| {
        s.contains("class=\"field-error\"")
    })
    .await;
    assert!(refused.contains("value=\"Mars/Olympus\""));
    fill(&c, "#cal-zone", "Europe/Zagreb").await;
    click(&c, ".sla-form button[type=submit]").await;
    until(&c, "the saved calendar with its preview", |s| {
        s.contains("id=\"preview-title\"")
    })
    .await;
    c.find(Locator::Css("#pv-priority"))
        .await
        .expect("priority select")
        .select_by_value("urgent")
        .await
        .expect("urgent");
    click(&c, ".sla-preview button[type=submit]").await;
    until(&c, "the preview's due times", |s| {
        s.contains("sla-preview-lines")
    })
    .await;
    shoot(&c, "sla-calendar").await;
    c.goto(&app.url("/admin/sla/policies/new"))
        .await
        .expect("new policy");
    until(&c, "the policy form", |s| s.contains("id=\"pol-name\"")).await;
    shoot(&c, "sla-policy-form").await;
    c.close().await.expect("close");
}
