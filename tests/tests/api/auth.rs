//! Sign-in, the first-start link, users, tokens and the audit log.

use api::{
    AuditEntry, CreatedToken, CreatedUser, Credentials, List, Me, NewToken, NewUser, Page, Role,
    Setup, SignedIn, StoredScenario, TokenView, UserView,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

use server::startup::new_setup_link;
use server::storage::{NewLink, Store};

use crate::helpers::{
    Backend, TestApp, TestDatabase, add_token, assert_problem, baseline, expect, header, launch,
    spawn_app, spawn_app_without_admin_token, statuses_of,
};

const PASSWORD: &str = "a long enough password";

fn setup(token: &str, name: &str, password: &str) -> Setup {
    Setup {
        token: token.to_owned(),
        name: name.to_owned(),
        password: password.to_owned(),
    }
}

/// A planner named `name` with the tests' password, as `POST /users` takes it.
fn planner(name: &str) -> NewUser {
    NewUser {
        name: name.to_owned(),
        role: Role::Planner,
        password: PASSWORD.to_owned(),
    }
}

fn credentials(name: &str, password: &str) -> Credentials {
    Credentials {
        name: name.to_owned(),
        password: password.to_owned(),
    }
}

/// Who the client's session cookie signs in as.
async fn me(app: &TestApp) -> Me {
    app.get_ok("/auth/me", None).await
}

async fn the_first_start_link_creates_one_admin_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app.sign_in_link.clone().expect("a first-start link");
    let token = app.setup_token();
    let page = app.client.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("/api/v1/auth/setup.js"));
    let script = app.get("/auth/setup.js", None).await;
    assert_eq!(script.status(), StatusCode::OK);

    for (body, refusal) in [
        (setup("wrong", "root", PASSWORD), StatusCode::UNAUTHORIZED),
        (
            setup(&token, "root", "short"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        assert_problem(app.post("/auth/setup", None, &body).await, refusal).await;
    }
    let response = app
        .post("/auth/setup", None, &setup(&token, "root", PASSWORD))
        .await;
    let signed_in: SignedIn = expect(response, StatusCode::OK).await;
    assert_eq!(signed_in.name, "root");
    assert_eq!(signed_in.role, Role::Admin);
    let me = me(&app).await;
    assert_eq!(me.actor, "user:root");
    assert_eq!(me.role, Some(Role::Admin));
    let response = app
        .post("/auth/setup", None, &setup(&token, "root2", PASSWORD))
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let app = app.restart().await;
    assert!(
        app.sign_in_link.is_none(),
        "an admin exists, so no new link"
    );
}

async fn sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let user = planner("li");
    let response = app.post("/users", Some(Role::Admin), &user).await;
    let created: CreatedUser = expect(response, StatusCode::CREATED).await;
    assert_eq!((created.name.as_str(), created.role), ("li", Role::Planner));
    let response = app
        .post("/auth/sign-in", None, &credentials("li", "wrong password!"))
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let response = app
        .post("/auth/sign-in", None, &credentials("li", PASSWORD))
        .await;
    let cookie = header(&response, "set-cookie");
    let signed_in: SignedIn = expect(response, StatusCode::OK).await;
    assert_eq!(
        (signed_in.name.as_str(), signed_in.role),
        ("li", Role::Planner)
    );
    assert!(cookie.starts_with("planner_session="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Strict"));
    // The client's cookie store now signs the requests in.
    let response = app.post("/scenarios", None, &baseline("by cookie")).await;
    let created: StoredScenario = expect(response, StatusCode::CREATED).await;
    assert_eq!(created.meta.created_by, "user:li");
    let log: Page<AuditEntry> = app.get_ok("/audit", Some(Role::Admin)).await;
    assert!(
        log.items
            .iter()
            .any(|e| e.action == "session.create" && e.actor == "user:li")
    );
    let response = app
        .request(Method::POST, "/auth/sign-out", None)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.get("/scenarios", None).await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
}

/// A write carried by the session cookie must say it comes from the server's own
/// pages; one from another origin — a same-site one too — is refused and changes nothing.
async fn cookie_writes_from_another_origin_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let user = planner("zhao");
    let response = app.post("/users", Some(Role::Admin), &user).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let response = app
        .post("/auth/sign-in", None, &credentials("zhao", PASSWORD))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let own: StoredScenario = expect(
        app.post("/scenarios", None, &baseline("own page")).await,
        StatusCode::CREATED,
    )
    .await;
    let other_port = "http://127.0.0.1:1";
    let attempts = [
        ("/scenarios", vec![("origin", other_port)]),
        ("/scenarios", vec![("sec-fetch-site", "same-site")]),
        (
            "/scenarios",
            vec![("sec-fetch-site", "cross-site"), ("origin", &app.address)],
        ),
        ("/scenarios", vec![("origin", "null")]),
        // A browser always says where a write comes from; silence is refused too.
        ("/scenarios", vec![]),
        ("/auth/sign-out", vec![("origin", other_port)]),
    ];
    let clone = format!("/scenarios/{}/clone", own.meta.id);
    for (path, headers) in attempts
        .into_iter()
        .chain([(clone.as_str(), vec![("origin", other_port)])])
    {
        // `/clone` reads any body, so a plain form post could reach it.
        let kind = if path == clone {
            "text/plain"
        } else {
            "application/json"
        };
        let mut request = app
            .client
            .post(app.url(path))
            .header("content-type", kind)
            .body(baseline("forged").to_string());
        for (name, value) in &headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let problem = assert_problem(response, StatusCode::FORBIDDEN).await;
        assert!(problem.detail.contains("API token"), "{path} {headers:?}");
    }
    // Nothing was written and the session still works.
    let list: Page<serde_json::Value> = app.get_ok("/scenarios", Some(Role::Viewer)).await;
    assert_eq!(list.items.len(), 1);
    assert_eq!(me(&app).await.actor, "user:zhao");
    // Sign-in from another origin is refused as well (no one is signed in by a stranger).
    let response = app
        .client
        .post(app.url("/auth/sign-in"))
        .header("origin", other_port)
        .json(&credentials("zhao", PASSWORD))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::FORBIDDEN).await;
    // The same page, by either header, writes; a token needs neither.
    for header in [
        ("origin", app.address.as_str()),
        ("sec-fetch-site", "same-origin"),
    ] {
        let response = app
            .client
            .post(app.url("/scenarios"))
            .header(header.0, header.1)
            .json(&baseline("own page again"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED, "{header:?}");
    }
    let response = app
        .client
        .post(app.url("/scenarios"))
        .bearer_auth(&app.tokens[&Role::Planner])
        .header("origin", other_port)
        .json(&baseline("by token"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}

async fn repeated_sign_in_attempts_are_429_with_retry_after(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut last = None;
    for _ in 0..(server::startup::SIGN_INS_PER_ACCOUNT_PER_MINUTE + 1) {
        last = Some(
            app.post(
                "/auth/sign-in",
                None,
                &credentials("ghost", "guess guess guess"),
            )
            .await,
        );
    }
    let response = last.unwrap();
    let retry_after: u64 = header(&response, "retry-after").parse().unwrap();
    assert!(retry_after >= 1);
    assert_problem(response, StatusCode::TOO_MANY_REQUESTS).await;
}

/// `GET /scenarios` with a bearer token of one's own.
async fn scenarios_with(app: &TestApp, secret: &str) -> reqwest::Response {
    app.get_with(
        "/scenarios",
        Some(("Authorization", &format!("Bearer {secret}"))),
    )
    .await
}

async fn only_admins_manage_users_and_tokens_and_read_the_audit_log(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = |name: &str, role| NewToken {
        name: name.to_owned(),
        role,
    };
    for role in [Role::Viewer, Role::Planner, Role::Approver] {
        assert_problem(app.get("/audit", Some(role)).await, StatusCode::FORBIDDEN).await;
        assert_problem(app.get("/users", Some(role)).await, StatusCode::FORBIDDEN).await;
        let response = app
            .post("/tokens", Some(role), &token("x", Role::Admin))
            .await;
        assert_problem(response, StatusCode::FORBIDDEN).await;
    }
    assert_problem(app.get("/audit", None).await, StatusCode::UNAUTHORIZED).await;

    let response = app
        .post("/tokens", Some(Role::Admin), &token("script", Role::Viewer))
        .await;
    let created: CreatedToken = expect(response, StatusCode::CREATED).await;
    assert_eq!(
        (created.name.as_str(), created.role),
        ("script", Role::Viewer)
    );
    let secret = created.token.clone();
    assert_eq!(scenarios_with(&app, &secret).await.status(), StatusCode::OK);
    let response = app.get("/tokens", Some(Role::Admin)).await;
    let text = response.text().await.unwrap();
    assert!(!text.contains(&secret), "secrets are never listed");
    let listed: List<TokenView> = serde_json::from_str(&text).unwrap();
    let script = listed.items.iter().find(|t| t.id == created.id).unwrap();
    assert_eq!(script.revoked_at, None);
    let response = app
        .delete(&format!("/tokens/{}", created.id), Some(Role::Admin), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(
        scenarios_with(&app, &secret).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // Not a role, so not a `NewUser`.
    let response = app
        .post(
            "/users",
            Some(Role::Admin),
            &json!({"name": "x", "role": "emperor", "password": PASSWORD}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn every_write_is_in_the_audit_log_with_before_and_after(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, etag) = app.create_scenario(&baseline("audited")).await;
    app.save(id, &etag, &baseline("audited again")).await;
    let updates = app.audit("scenario.update").await;
    let update = &updates[0];
    assert_eq!(update.actor, "token:planner-token");
    assert_eq!(update.entity_id, Some(id.to_string()));
    assert_eq!(update.before.as_ref().unwrap()["name"], "audited");
    assert_eq!(update.after.as_ref().unwrap()["name"], "audited again");
    for action in ["scenario.create", "token.create"] {
        assert!(!app.audit(action).await.is_empty(), "{action}");
    }
    assert_problem(
        app.get("/audit?per_page=1000", Some(Role::Admin)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
}

async fn the_setup_page_form_creates_the_admin_too(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token();
    let response = app
        .client
        .post(app.url("/auth/setup"))
        .form(&setup(&token, "boss", PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&response, "location"), "/");
    assert_eq!(me(&app).await.actor, "user:boss");
    let users: List<UserView> = app.get_ok("/users", Some(Role::Admin)).await;
    assert_eq!(users.items[0].role, Role::Admin);
    assert_eq!(users.items[0].name, "boss");
}

/// Issue 13: one name created at once on two instances is one 201, every other answer
/// a 409 — the unique index, not a 500, settles the race the name check cannot see.
async fn racing_creations_of_one_user_on_two_instances_give_one_201_and_409s(backend: Backend) {
    let app = spawn_app(backend).await;
    let other = app.second_instance().await;
    let user = planner("zhao");
    let admin = &app.tokens[&Role::Admin];
    let racing: Vec<_> = (0..16)
        .map(|i| {
            let url = if i % 2 == 0 {
                app.url("/users")
            } else {
                other.url("/users")
            };
            let request = app.client.post(url).bearer_auth(admin).json(&user);
            tokio::spawn(async move { request.send().await.unwrap().status() })
        })
        .collect();
    let statuses = statuses_of(racing).await;
    let mut expected = vec![StatusCode::CONFLICT; 15];
    expected.insert(0, StatusCode::CREATED);
    assert_eq!(statuses, expected);
    let users: List<UserView> = app.get_ok("/users", Some(Role::Admin)).await;
    assert_eq!(users.items.iter().filter(|u| u.name == "zhao").count(), 1);
    other.stop().await;
}

/// One valid setup link at a time: a start while a link is valid makes none (it would
/// print a secret each time); `planner setup-link` makes a new one and the old stops.
/// And bad setup attempts count against their own address (20 a minute), not against
/// one limit of five shared by everyone, which put the real link behind a 429.
async fn a_new_setup_link_replaces_the_old_one(backend: Backend) {
    let app = spawn_app_without_admin_token(backend).await;
    let old = app.setup_token();
    let other = app.second_instance().await;
    assert_eq!(other.sign_in_link, None, "the first link is still valid");
    let store = Store::open(app.database_url()).await.unwrap();
    let (made, link) = new_setup_link(&store, &app.address, true).await.unwrap();
    store.close().await.unwrap();
    assert_eq!(made, NewLink::Created);
    let link = link.expect("a new link");
    assert!(link.starts_with(&format!("{}/api/v1/auth/setup#token=", app.address)));
    let new = link.split("token=").nth(1).unwrap().to_owned();
    let response = app
        .post("/auth/setup", None, &setup(&old, "early", PASSWORD))
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    for n in 0..6 {
        let response = app
            .post(
                "/auth/setup",
                None,
                &setup(&format!("guess-{n}"), "x", PASSWORD),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = app
        .client
        .post(other.url("/auth/setup"))
        .json(&setup(&new, "root", PASSWORD))
        .send()
        .await
        .unwrap();
    let signed_in: SignedIn = expect(response, StatusCode::OK).await;
    assert_eq!(signed_in.role, Role::Admin);
    other.stop().await;
}

/// Two instances started at once on an empty database make one first-admin link
/// between them: one prints it, the other finds it valid and prints none.
async fn two_instances_starting_at_once_make_one_link(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    // Migrated first, as `planner migrate` does before a deployment's instances start.
    Store::open(&database.url)
        .await
        .unwrap()
        .close()
        .await
        .unwrap();
    let (first, second) = tokio::join!(launch(&database.url), launch(&database.url));
    let links = [&first.sign_in_link, &second.sign_in_link];
    assert_eq!(links.iter().filter(|l| l.is_some()).count(), 1, "{links:?}");
    first.stop().await;
    second.stop().await;
}

/// No first-admin link once an admin API token exists: its holder makes admins.
async fn no_setup_link_once_an_admin_token_exists(backend: Backend) {
    let app = spawn_app_without_admin_token(backend).await;
    assert!(app.sign_in_link.is_some());
    let old = app.setup_token();
    add_token(app.database_url(), Role::Admin).await;
    let other = app.second_instance().await;
    assert_eq!(other.sign_in_link, None);
    // The earlier link still works: nothing replaced it.
    let response = app
        .post("/auth/setup", None, &setup(&old, "root", PASSWORD))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    other.stop().await;
}

/// The link redeemed at once on two instances, under two names, makes one admin.
async fn racing_setup_redemptions_on_two_instances_make_one_admin(backend: Backend) {
    let app = spawn_app_without_admin_token(backend).await;
    let other = app.second_instance().await;
    let racing: Vec<_> = [
        (app.url("/auth/setup"), app.setup_token(), "first"),
        (other.url("/auth/setup"), app.setup_token(), "second"),
    ]
    .into_iter()
    .map(|(url, token, name)| {
        let request = app.client.post(url).json(&setup(&token, name, PASSWORD));
        tokio::spawn(async move { request.send().await.unwrap().status() })
    })
    .collect();
    let statuses = statuses_of(racing).await;
    let created = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(created, 1, "{statuses:?}");
    assert!(
        statuses.iter().all(|s| !s.is_server_error()),
        "{statuses:?}"
    );
    // The winner's session (the client keeps its cookie) reads the users.
    let users: List<UserView> = app.get_ok("/users", None).await;
    let admins = users.items.iter().filter(|u| u.role == Role::Admin).count();
    assert_eq!(admins, 1);
    other.stop().await;
}

async fn the_setup_page_speaks_the_readers_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = |query: &'static str, accept: &'static str| {
        let request = app
            .client
            .get(app.url(&format!("/auth/setup{query}")))
            .header("Accept-Language", accept);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let han = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let zh = page("", "zh-CN,zh;q=0.9").await;
    assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("创建首个管理员"));
    assert!(zh.contains("/style.css"), "styled like the app");
    for (query, accept) in [("?lang=en", "zh-CN"), ("", "en-GB,en;q=0.8")] {
        let en = page(query, accept).await;
        assert!(
            en.contains("Create the first administrator"),
            "{query} {accept}"
        );
        // The only Chinese is the switch's name of the other language.
        assert!(!han(&en.replace("中文", "")), "{query} {accept}: {en}");
    }
}

crate::on_both_backends!(
    the_setup_page_speaks_the_readers_language,
    racing_setup_redemptions_on_two_instances_make_one_admin,
    a_new_setup_link_replaces_the_old_one,
    two_instances_starting_at_once_make_one_link,
    no_setup_link_once_an_admin_token_exists,
    racing_creations_of_one_user_on_two_instances_give_one_201_and_409s,
    the_setup_page_form_creates_the_admin_too,
    the_first_start_link_creates_one_admin_once,
    sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it,
    repeated_sign_in_attempts_are_429_with_retry_after,
    cookie_writes_from_another_origin_are_refused,
    only_admins_manage_users_and_tokens_and_read_the_audit_log,
    every_write_is_in_the_audit_log_with_before_and_after,
);
