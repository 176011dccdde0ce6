//! Handler tests through the whole router (no network): redirects, sign-in,
//! CSRF refusal, every page rendering for the roles that use it, languages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tessera_core::Role;
use tessera_service::{CreateTicket, UpdateUser};
use tower::ServiceExt;

use crate::WebConfig;

use super::test_harness::{app, csrf_of, get, post, send, sign_in};

#[tokio::test]
async fn pages_need_a_session() {
    let app = app().await;
    let r = send(&app, get("/tickets", "")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location.as_deref(), Some("/login"));
    let r = send(&app, get("/portal", "")).await;
    assert_eq!(r.location.as_deref(), Some("/portal/login"));
    let r = send(&app, get("/", "tessera_session=nonsense")).await;
    assert_eq!(r.location.as_deref(), Some("/login"));
    let r = send(&app, get("/login", "")).await;
    assert_eq!(r.status, StatusCode::OK);
    let csp = r.csp.unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert!(csp.contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn wrong_password_is_refused_with_a_message() {
    let app = app().await;
    sign_in(&app, "agent@example.test", Role::Agent).await;
    let r = send(
        &app,
        post("/login", "", "email=agent@example.test&password=wrong-one"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Wrong email or password."));
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_address() {
    let app = app().await;
    sign_in(&app, "agent@example.test", Role::Agent).await;
    for _ in 0..5 {
        let r = send(
            &app,
            post(
                "/login",
                "",
                "email=agent@example.test&password=guess-guess",
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused while locked.
    let r = send(
        &app,
        post(
            "/login",
            "",
            "email=agent@example.test&password=password123",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        r.body
            .contains("Too many failed sign-ins. Try again in 15 minutes.")
    );
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = app().await;
    let (cookie, csrf) = sign_in(&app, "agent@example.test", Role::Agent).await;
    let form = "subject=Printer&description=jammed&requester_email=c@example.test";
    let r = send(&app, post("/tickets/new", &cookie, form)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(
        &app,
        post("/tickets/new", &cookie, &format!("{form}&csrf=wrong")),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(
        &app,
        post("/tickets/new", &cookie, &format!("{form}&csrf={csrf}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location.as_deref(), Some("/tickets/1001"));
    // A foreign Origin cannot sign anyone in (login CSRF).
    let req = Request::post("/login")
        .header(header::HOST, "desk.example")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("email=agent@example.test&password=password123"))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_staff_page_renders() {
    let app = app().await;
    let (cookie, csrf) = sign_in(&app, "admin@example.test", Role::Admin).await;
    let r = send(
        &app,
        post(
            "/tickets/new",
            &cookie,
            &format!(
                "csrf={csrf}&channel=phone&subject=VPN+%3Cb%3Edown%3C%2Fb%3E&description=since+9&requester_email=cust@example.test"
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = send(
        &app,
        post(
            "/admin/groups",
            &cookie,
            &format!("csrf={csrf}&name=Network&tier=l2"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for path in [
        "/tickets",
        "/tickets?view=unassigned",
        "/tickets?view=open&sort=priority&dir=asc",
        "/tickets?view=recent",
        "/tickets/_list?view=open",
        "/tickets/_views?view=open",
        "/tickets/new",
        "/tickets/1001",
        "/tickets/1001/_part/timeline",
        "/tickets/1001/_part/head",
        "/tickets/1001/_part/side",
        "/tickets/1001/_part/presence",
        "/search?q=vpn",
        "/search?q=%231001",
        "/settings",
        "/admin/users",
        "/admin/groups",
        "/admin/organizations",
        "/admin/tokens",
        "/admin/settings",
    ] {
        let r = send(&app, get(path, &cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(!r.body.contains("<b>down"), "{path} did not escape");
    }
    let page = send(&app, get("/tickets/1001", &cookie)).await.body;
    assert!(page.contains("VPN &#60;b&#62;down") || page.contains("VPN &lt;b&gt;down"));
    assert!(page.contains("created the ticket via Phone"));
    let r = send(&app, get("/tickets/9999", &cookie)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn agent_replies_changes_fields_and_uses_bulk_actions() {
    let app = app().await;
    let (cookie, csrf) = sign_in(&app, "agent@example.test", Role::Agent).await;
    let form =
        format!("csrf={csrf}&subject=Mail+broken&description=x&requester_email=c@example.test");
    send(&app, post("/tickets/new", &cookie, &form)).await;
    let r = send(
        &app,
        post(
            "/tickets/1001/comments",
            &cookie,
            &format!("csrf={csrf}&mode=reply&body=Looking+into+it&status=pending"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = send(
        &app,
        post(
            "/tickets/1001/fields",
            &cookie,
            &format!("csrf={csrf}&orig_tags=&tags=mail%2C+urgent&orig_impact=3&impact=1"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = send(&app, get("/tickets/1001", &cookie)).await.body;
    assert!(page.contains("Looking into it"));
    assert!(page.contains("changed Status: New → Pending"), "{page}");
    assert!(page.contains("changed Tags"));
    let r = send(
        &app,
        post(
            "/tickets/bulk",
            &cookie,
            &format!("csrf={csrf}&id=1&action=assign_me&back=%2Ftickets"),
        ),
    )
    .await;
    assert_eq!(r.location.as_deref(), Some("/tickets"));
    let mine = send(&app, get("/tickets?view=mine", &cookie)).await.body;
    assert!(mine.contains("Mail broken"));
}

#[tokio::test]
async fn customers_use_the_portal_and_never_see_notes() {
    let app = app().await;
    let (agent, agent_csrf) = sign_in(&app, "agent@example.test", Role::Agent).await;
    let signup = post(
        "/portal/signup",
        "",
        "name=Ana&email=ana@example.test&password=password123&password2=password123",
    );
    let r = send(&app, signup).await;
    assert_eq!(r.location.as_deref(), Some("/portal"));
    let cookie = r.cookie.unwrap().split(';').next().unwrap().to_owned();
    let list = send(&app, get("/portal", &cookie)).await;
    let csrf = csrf_of(&list.body);
    let r = send(
        &app,
        post(
            "/portal/new",
            &cookie,
            &format!("csrf={csrf}&subject=Cannot+print&description=Paper+jam"),
        ),
    )
    .await;
    assert_eq!(r.location.as_deref(), Some("/portal/tickets/1001"));
    for (mode, body) in [("note", "secret+note"), ("reply", "public+answer")] {
        send(
            &app,
            post(
                "/tickets/1001/comments",
                &agent,
                &format!("csrf={agent_csrf}&mode={mode}&body={body}"),
            ),
        )
        .await;
    }
    let page = send(&app, get("/portal/tickets/1001", &cookie)).await.body;
    assert!(page.contains("public answer"));
    assert!(!page.contains("secret note"));
    // Customers stay out of the workspace; staff out of the portal.
    let r = send(&app, get("/tickets/1001", &cookie)).await;
    assert_eq!(r.location.as_deref(), Some("/portal"));
    let r = send(&app, get("/portal", &agent)).await;
    assert_eq!(r.location.as_deref(), Some("/tickets"));
    let r = send(
        &app,
        post(
            "/portal/tickets/1001/solve",
            &cookie,
            &format!("csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let signup_again = post(
        "/portal/signup",
        "",
        "name=Ana&email=ana@example.test&password=password123&password2=password123",
    );
    assert_eq!(
        send(&app, signup_again).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn pages_follow_the_users_language_and_time_zone() {
    let app = app().await;
    let (cookie, _) = sign_in(&app, "agent@example.test", Role::Agent).await;
    let me = app
        .service
        .store()
        .find_user_by_identity(tessera_store::IdentityKind::Email, "agent@example.test")
        .await
        .unwrap()
        .unwrap();
    let actor = tessera_service::Actor::from_user(&me);
    app.service
        .create_ticket(
            &actor,
            CreateTicket {
                subject: "Zepsuta drukarka".into(),
                requester_email: Some("k@example.test".into()),
                ..CreateTicket::default()
            },
        )
        .await
        .unwrap();
    for (lang, expected) in [
        ("pl", "Moje otwarte"),
        ("hr", "Moji otvoreni"),
        ("ru", "Мои открытые"),
        ("el", "Τα ανοιχτά μου"),
        ("en", "My open tickets"),
    ] {
        app.service
            .update_user(
                &actor,
                me.id,
                UpdateUser {
                    language: Some(Some(lang.into())),
                    time_zone: Some(Some("Asia/Tokyo".into())),
                    ..UpdateUser::default()
                },
            )
            .await
            .unwrap();
        let page = send(&app, get("/tickets?view=open", &cookie)).await.body;
        assert!(page.contains(expected), "{lang}");
        assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        assert!(page.contains("+09:00\""), "times in the user's zone");
    }
    // The user menu's language buttons save the choice and return to the page.
    let (cookie, csrf) = sign_in(&app, "agent@example.test", Role::Agent).await;
    let req = Request::post("/settings/language")
        .header(header::COOKIE, &cookie)
        .header(header::HOST, "desk.example")
        .header(header::REFERER, "http://desk.example/tickets?view=open")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={csrf}&language=ru")))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.location.as_deref(), Some("/tickets?view=open"));
    let page = send(&app, get("/tickets?view=open", &cookie)).await.body;
    assert!(page.contains("Мои открытые"));

    // Guests: Accept-Language, then ?lang= (remembered in a cookie).
    let req = Request::get("/login")
        .header(header::ACCEPT_LANGUAGE, "hr-HR,hr;q=0.9,en;q=0.5")
        .body(Body::empty())
        .unwrap();
    assert!(
        send(&app, req)
            .await
            .body
            .contains("Prijava u radni prostor")
    );
    let r = send(&app, get("/login?lang=el", "")).await;
    assert!(r.body.contains("Σύνδεση"));
    assert!(r.cookie.unwrap().starts_with("tessera_lang=el"));
}

#[tokio::test]
async fn assets_are_cacheable_and_versioned() {
    let app = app().await;
    let url = super::assets::url("app.js");
    assert!(url.starts_with("/assets/app.js?v="));
    let res = app
        .router
        .clone()
        .oneshot(Request::get(url).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cache = res.headers()[header::CACHE_CONTROL].to_str().unwrap();
    assert!(cache.contains("immutable"));
}

#[tokio::test]
async fn attachments_upload_with_a_reply_and_download_safely() {
    let app = app().await;
    let (cookie, csrf) = sign_in(&app, "agent@example.test", Role::Agent).await;
    let form = format!("csrf={csrf}&subject=Logs&description=x&requester_email=c@example.test");
    send(&app, post("/tickets/new", &cookie, &form)).await;
    let boundary = "XyZ123";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nnote\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nSee log\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"boot <1>.html\"\r\n\
         Content-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--{boundary}--\r\n"
    );
    let req = Request::post("/tickets/1001/comments")
        .header(header::COOKIE, &cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = send(&app, get("/tickets/1001", &cookie)).await.body;
    assert!(page.contains("boot &#60;1&#62;.html") || page.contains("boot &lt;1&gt;.html"));
    let start = page.find("/tickets/1001/attachments/").unwrap();
    let end = start + page[start..].find('"').unwrap();
    let res = app
        .router
        .clone()
        .oneshot(get(&page[start..end], &cookie))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/octet-stream"
    );
    let disposition = res.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
}

#[tokio::test]
async fn comments_render_markdown_and_never_markup() {
    let app = app().await;
    let (cookie, csrf) = sign_in(&app, "agent@example.test", Role::Agent).await;
    let form = format!("csrf={csrf}&subject=S&description=d&requester_email=c@example.test");
    send(&app, post("/tickets/new", &cookie, &form)).await;
    let body: String = form_urlencoded::byte_serialize(
        b"Try **this**:\n- restart\n- <img src=x onerror=alert(1)>\n[x](javascript:alert(1)) https://example.com/help",
    )
    .collect();
    let r = send(
        &app,
        post(
            "/tickets/1001/comments",
            &cookie,
            &format!("csrf={csrf}&mode=reply&body={body}"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = send(&app, get("/tickets/1001", &cookie)).await.body;
    assert!(page.contains("<strong>this</strong>"));
    assert!(page.contains("<li>restart</li>"));
    assert!(!page.contains("<img src=x"));
    assert!(!page.contains("href=\"javascript:"));
    assert!(page.contains("href=\"https://example.com/help\""));
}

/// The save-view form's hidden filter field, as the page rendered it.
fn filters_of(html: &str) -> String {
    let marker = "name=\"filters\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    let len = html[start..].find('"').unwrap();
    // Askama escapes quotes in attributes; a browser would send them decoded.
    html[start..start + len]
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn saved_views_are_personal_or_shared_and_keep_their_columns() {
    let app = app().await;
    let (agent, agent_csrf) = sign_in(&app, "ana@example.test", Role::Agent).await;
    let (other, _) = sign_in(&app, "boris@example.test", Role::Agent).await;
    let (sup, sup_csrf) = sign_in(&app, "sue@example.test", Role::Supervisor).await;
    for subject in ["Printer jam", "VPN down"] {
        let r = send(
            &app,
            post(
                "/tickets/new",
                &agent,
                &format!(
                    "csrf={agent_csrf}&subject={}&description=x&requester_email=c@example.test",
                    enc(subject)
                ),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    // A personal view of the open list with two columns.
    let list = send(&app, get("/tickets?view=open", &agent)).await.body;
    let filters = filters_of(&list);
    assert!(!list.contains("name=\"shared\""), "agents cannot share");
    let r = send(
        &app,
        post(
            "/tickets/views",
            &agent,
            &format!(
                "csrf={agent_csrf}&name=Mine+open&filters={}&sort=number%3Aasc&column=number&column=subject",
                enc(&filters)
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.location.unwrap();
    let page = send(&app, get(&to, &agent)).await.body;
    assert!(page.contains("Mine open"));
    assert!(
        page.contains("<span class=\"count\">2</span>"),
        "count in the sidebar"
    );
    assert!(page.contains("Printer jam"));
    assert!(
        !page.contains("class=\"col-req\""),
        "requester column hidden"
    );
    // Sharing is refused to agents even when forged.
    let r = send(
        &app,
        post(
            "/tickets/views",
            &agent,
            &format!(
                "csrf={agent_csrf}&name=X&filters={}&column=number&shared=1",
                enc(&filters)
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another agent sees neither the personal view nor may open it.
    let theirs = send(&app, get("/tickets", &other)).await.body;
    assert!(!theirs.contains("Mine open"));
    assert_eq!(
        send(&app, get(&to, &other)).await.status,
        StatusCode::NOT_FOUND
    );
    // A supervisor's shared view reaches every agent, who may not delete it.
    let sup_list = send(&app, get("/tickets?view=open", &sup)).await.body;
    assert!(sup_list.contains("name=\"shared\""));
    let r = send(
        &app,
        post(
            "/tickets/views",
            &sup,
            &format!(
                "csrf={sup_csrf}&name=Team+queue&filters={}&column=subject&shared=1",
                enc(&filters)
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let shared_id: i64 = r
        .location
        .unwrap()
        .rsplit('=')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let theirs = send(&app, get("/tickets", &other)).await.body;
    assert!(theirs.contains("Team queue"));
    let (_, other_csrf) = (other.clone(), csrf_of(&theirs));
    let r = send(
        &app,
        post(
            &format!("/tickets/views/{shared_id}/delete"),
            &other,
            &format!("csrf={other_csrf}"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The owner renames and deletes their own view.
    let id: i64 = to.rsplit('=').next().unwrap().parse().unwrap();
    let r = send(
        &app,
        post(
            &format!("/tickets/views/{id}/rename"),
            &agent,
            &format!("csrf={agent_csrf}&name=Renamed"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        send(&app, get("/tickets", &agent))
            .await
            .body
            .contains("Renamed")
    );
    let r = send(
        &app,
        post(
            &format!("/tickets/views/{id}/delete"),
            &agent,
            &format!("csrf={agent_csrf}"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = send(&app, get("/tickets", &agent)).await.body;
    assert!(!page.contains("Renamed"));
    assert!(page.contains("Team queue"));
    // Bad input is refused: no name, unknown column.
    let r = send(
        &app,
        post(
            "/tickets/views",
            &agent,
            &format!(
                "csrf={agent_csrf}&name=&filters={}&column=number",
                enc(&filters)
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(
        &app,
        post(
            "/tickets/views",
            &agent,
            &format!(
                "csrf={agent_csrf}&name=Y&filters={}&column=secret",
                enc(&filters)
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn view_counts_follow_the_viewers_scope() {
    let app = app().await;
    let (agent, csrf) = sign_in(&app, "ana@example.test", Role::Agent).await;
    let r = send(
        &app,
        post(
            "/tickets/new",
            &agent,
            &format!("csrf={csrf}&subject=One&description=x&requester_email=c@example.test"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let staff = tessera_service::Actor {
        user_id: 1,
        role: Role::Agent,
        organization_id: None,
    };
    let open = tessera_service::TicketFilter::default();
    assert_eq!(
        app.service
            .count_tickets(&staff, open.clone(), None)
            .await
            .unwrap(),
        1
    );
    let stranger = tessera_service::Actor {
        user_id: 999,
        role: Role::Customer,
        organization_id: None,
    };
    assert_eq!(
        app.service
            .count_tickets(&stranger, open, None)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn instance_settings_are_for_admins_and_show_everywhere() {
    let app = app().await;
    let (admin, csrf) = sign_in(&app, "admin@example.test", Role::Admin).await;
    let (sup, sup_csrf) = sign_in(&app, "sue@example.test", Role::Supervisor).await;
    let (agent, _) = sign_in(&app, "ana@example.test", Role::Agent).await;
    let page = send(&app, get("/admin/settings", &admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"Tessera\""));
    assert_eq!(
        send(&app, get("/admin/settings", &sup)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, get("/admin/settings", &agent)).await.status,
        StatusCode::FORBIDDEN
    );
    let form = "instance_name=Acme+Help&default_language=pl&default_time_zone=Europe%2FWarsaw";
    let r = send(
        &app,
        post("/admin/settings", &sup, &format!("csrf={sup_csrf}&{form}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(
        &app,
        post(
            "/admin/settings",
            &admin,
            &format!("csrf={csrf}&instance_name=X&default_language=xx&default_time_zone=UTC"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(
        &app,
        post(
            "/admin/settings",
            &admin,
            &format!(
                "csrf={csrf}&instance_name=X&default_language=en&default_time_zone=Mars%2FBase"
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(
        &app,
        post("/admin/settings", &admin, &format!("csrf={csrf}&{form}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The name is in every header and title; users without a language get Polish.
    let page = send(&app, get("/tickets", &agent)).await.body;
    assert!(page.contains("<span class=\"brand-name\">Acme Help</span>"));
    assert!(page.contains("· Acme Help</title>"));
    assert!(
        page.contains("<html lang=\"pl\">"),
        "instance default language"
    );
    let login = send(&app, get("/login", "")).await.body;
    assert!(login.contains("Acme Help"));
    // The choice of "browser language" clears the default again.
    let r = send(
        &app,
        post(
            "/admin/settings",
            &admin,
            &format!("csrf={csrf}&instance_name=Acme&default_language=&default_time_zone=UTC"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = send(&app, get("/tickets", &agent)).await.body;
    assert!(page.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn pages_and_assets_are_compressed_on_request() {
    let app = app().await;
    let (cookie, _) = sign_in(&app, "admin@example.test", Role::Admin).await;
    for path in ["/tickets", "/assets/app.css", "/assets/app.js"] {
        let req = Request::get(path)
            .header(header::COOKIE, &cookie)
            .header(header::ACCEPT_ENCODING, "br, gzip")
            .body(Body::empty())
            .unwrap();
        let res = app.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            res.headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            Some("br"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn live_streams_end_when_the_server_stops() {
    let mut app = app().await;
    let shutdown = crate::ShutdownSignal::new();
    let metrics = metrics_exporter_prometheus::PrometheusBuilder::new()
        .build_recorder()
        .handle();
    let config = WebConfig {
        secure_cookies: false,
        ..WebConfig::default()
    };
    app.router =
        crate::router_with_shutdown(app.service.clone(), metrics, config, shutdown.clone());
    let (cookie, _) = sign_in(&app, "ana@example.test", Role::Agent).await;
    let res = app
        .router
        .clone()
        .oneshot(get("/ui/events", &cookie))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = tokio::spawn(axum::body::to_bytes(res.into_body(), 1 << 20));
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(!body.is_finished(), "the stream stays open until shutdown");
    shutdown.trigger();
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), body)
        .await
        .expect("stream ended after the signal")
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&ended).contains("event: hello"));
}

#[tokio::test]
async fn the_filter_panel_narrows_the_list_and_can_be_saved() {
    let app = app().await;
    let (cookie, csrf) = sign_in(&app, "agent@example.test", Role::Agent).await;
    for subject in ["Printer+jam", "VPN+down", "Invoice+wrong"] {
        let form =
            format!("csrf={csrf}&subject={subject}&description=x&requester_email=c@example.test");
        send(&app, post("/tickets/new", &cookie, &form)).await;
    }
    // #1002 becomes urgent and tagged; #1003 tagged only.
    for (id, action) in [
        (2, "action=priority&priority=urgent"),
        (2, "action=tag&tag=vip"),
        (3, "action=tag&tag=vip"),
    ] {
        let r = send(
            &app,
            post(
                "/tickets/bulk",
                &cookie,
                &format!("csrf={csrf}&id={id}&{action}&back=%2Ftickets"),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }

    // Checkboxes send a key several times; both values count.
    let list = send(
        &app,
        get(
            "/tickets?view=filter&priority=urgent&priority=high&tag=vip",
            &cookie,
        ),
    )
    .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("VPN down"), "{}", list.body);
    assert!(!list.body.contains("Invoice wrong"));
    assert!(!list.body.contains("Printer jam"));
    // The panel shows what is applied, and the list can be saved as a view.
    assert!(list.body.contains("value=\"urgent\" checked"));
    assert!(list.body.contains("name=\"tag\" value=\"vip\""));
    assert!(list.body.contains("Filtered tickets"));
    let filters = filters_of(&list.body);
    assert!(
        filters.contains("\"priorities\":[\"urgent\",\"high\"]"),
        "{filters}"
    );

    let tagged = send(&app, get("/tickets?view=filter&tag=vip", &cookie)).await;
    assert!(tagged.body.contains("VPN down") && tagged.body.contains("Invoice wrong"));
    assert!(!tagged.body.contains("Printer jam"));
    // Sorting keeps the filter.
    assert!(
        tagged
            .body
            .contains("/tickets?view=filter&#38;tag=vip&#38;sort=number"),
        "{}",
        tagged.body
    );
    let unassigned = send(
        &app,
        get("/tickets?view=filter&assignee=nobody&status=new", &cookie),
    )
    .await;
    assert!(unassigned.body.contains("Printer jam"));
}

#[tokio::test]
async fn agents_edit_add_and_clear_custom_fields_on_the_panel() {
    let app = app().await;
    let (cookie, csrf) = sign_in(&app, "agent@example.test", Role::Agent).await;
    let me = app
        .service
        .store()
        .find_user_by_identity(tessera_store::IdentityKind::Email, "agent@example.test")
        .await
        .unwrap()
        .unwrap();
    let agent = tessera_service::Actor::from_user(&me);
    let mut custom = serde_json::Map::new();
    custom.insert("asset_tag".into(), serde_json::json!("LT-0042"));
    custom.insert("seats".into(), serde_json::json!(5));
    custom.insert("site".into(), serde_json::json!("Zagreb"));
    let ticket = app
        .service
        .create_ticket(
            &agent,
            CreateTicket {
                subject: "Licences".into(),
                requester_email: Some("k@example.test".into()),
                custom_fields: custom,
                ..CreateTicket::default()
            },
        )
        .await
        .unwrap()
        .value;
    let page = send(&app, get(&format!("/tickets/{}", ticket.number), &cookie)).await;
    assert!(
        page.body.contains("name=\"cf.seats\" value=\"5\""),
        "{}",
        page.body
    );

    let form = format!(
        "csrf={csrf}&cf.asset_tag=LT-0042&orig_cf.asset_tag=LT-0042\
         &cf.seats=7&orig_cf.seats=5&cf.site=&orig_cf.site=Zagreb\
         &cf_new_key=cost_centre&cf_new_value=CC-17"
    );
    let r = send(
        &app,
        post(
            &format!("/tickets/{}/fields", ticket.number),
            &cookie,
            &form,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.service.get_ticket(&agent, ticket.id).await.unwrap();
    let fields = &after.custom_fields;
    assert_eq!(
        fields.get("seats"),
        Some(&serde_json::json!(7)),
        "a number stays a number"
    );
    assert_eq!(fields.get("asset_tag"), Some(&serde_json::json!("LT-0042")));
    assert_eq!(fields.get("cost_centre"), Some(&serde_json::json!("CC-17")));
    assert!(!fields.contains_key("site"), "an emptied field is removed");
    let page = send(&app, get(&format!("/tickets/{}", ticket.number), &cookie)).await;
    assert!(page.body.contains("changed seats: 5 → 7"), "{}", page.body);

    // A bad name is refused with the service's reason, and nothing changes.
    let bad = format!("csrf={csrf}&cf_new_key=no%20spaces&cf_new_value=x");
    let r = send(
        &app,
        post(&format!("/tickets/{}/fields", ticket.number), &cookie, &bad),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}
