//! User administration: list, disable and enable, change role, reset a password (and
//! the user's new one), end sessions, delete; each audited, admins only, and the last
//! enabled admin kept.

use api::{
    CreatedToken, CreatedUser, Credentials, List, NewToken, NewUser, PASSWORD_CHANGE_REQUIRED,
    PasswordChange, PasswordReset, Role, RoleBody, SessionsEnded, SignedIn, TokenView, UserView,
};
use reqwest::{Method, Response, StatusCode};
use serde::Serialize;

use crate::helpers::{Backend, TestApp, assert_problem, expect, spawn_app, statuses_of};

const PASSWORD: &str = "a long enough password";

/// One person's browser: its own cookie jar, requests sent as the server's own page.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Browser<'a> {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        Browser { app, client }
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.app.url(path))
            .header(reqwest::header::ORIGIN, &self.app.address)
    }

    async fn post<B: Serialize + ?Sized>(&self, path: &str, body: &B) -> Response {
        self.request(Method::POST, path)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn sign_in(&self, name: &str, password: &str) -> Response {
        let credentials = Credentials {
            name: name.to_owned(),
            password: password.to_owned(),
        };
        self.post("/auth/sign-in", &credentials).await
    }

    /// Signs in, answered 200.
    async fn signed_in(app: &'a TestApp, name: &str, password: &str) -> Browser<'a> {
        let browser = Browser::new(app);
        let signed: SignedIn = expect(browser.sign_in(name, password).await, StatusCode::OK).await;
        assert_eq!(signed.name, name);
        browser
    }

    /// The status of `GET /auth/me` with this browser's session.
    async fn me(&self) -> StatusCode {
        self.request(Method::GET, "/auth/me")
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// Creates a user as the admin token; answered 201.
async fn create_user(app: &TestApp, name: &str, role: Role) -> CreatedUser {
    let user = NewUser {
        name: name.to_owned(),
        role,
        password: PASSWORD.to_owned(),
    };
    expect(
        app.post("/users", Some(Role::Admin), &user).await,
        StatusCode::CREATED,
    )
    .await
}

/// The user `name` as `GET /users` lists them.
async fn listed(app: &TestApp, name: &str) -> Option<UserView> {
    let users: List<UserView> = app.get_ok("/users", Some(Role::Admin)).await;
    users.items.into_iter().find(|user| user.name == name)
}

/// `POST /users/{name}/{action}` as the admin token.
async fn act(app: &TestApp, name: &str, action: &str) -> Response {
    app.request(
        Method::POST,
        &format!("/users/{name}/{action}"),
        Some(Role::Admin),
    )
    .send()
    .await
    .unwrap()
}

async fn set_role(app: &TestApp, name: &str, role: Role) -> Response {
    app.post(
        &format!("/users/{name}/role"),
        Some(Role::Admin),
        &RoleBody { role },
    )
    .await
}

/// A token `browser`'s signed-in admin creates; its secret.
async fn token_of(browser: &Browser<'_>, role: Role) -> String {
    let body = NewToken {
        name: "sync".to_owned(),
        role,
    };
    let created: CreatedToken =
        expect(browser.post("/tokens", &body).await, StatusCode::CREATED).await;
    created.token
}

/// The status of `GET /auth/me` with the bearer token `secret`.
async fn token_me(app: &TestApp, secret: &str) -> StatusCode {
    let bearer = format!("Bearer {secret}");
    app.get_with("/auth/me", Some(("authorization", &bearer)))
        .await
        .status()
}

/// The server with an enabled admin user besides the admin token (which is not a user),
/// so other admins may be disabled, demoted or deleted.
async fn spawn_app_with_root(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    create_user(&app, "root", Role::Admin).await;
    app
}

/// The server with the root admin, the planner li and a second admin, wang.
async fn spawn_app_with_li_and_wang(backend: Backend) -> TestApp {
    let app = spawn_app_with_root(backend).await;
    create_user(&app, "li", Role::Planner).await;
    create_user(&app, "wang", Role::Admin).await;
    app
}

async fn a_disabled_users_sessions_and_tokens_stop_at_once(backend: Backend) {
    let app = spawn_app_with_li_and_wang(backend).await;
    let li = Browser::signed_in(&app, "li", PASSWORD).await;
    let wang = Browser::signed_in(&app, "wang", PASSWORD).await;
    let secret = token_of(&wang, Role::Approver).await;
    assert_eq!(token_me(&app, &secret).await, StatusCode::OK);
    assert_eq!(li.me().await, StatusCode::OK);

    for name in ["li", "wang"] {
        let view: UserView = expect(act(&app, name, "disable").await, StatusCode::OK).await;
        assert!(view.disabled, "{view:?}");
    }
    assert_eq!(li.me().await, StatusCode::UNAUTHORIZED);
    assert_eq!(wang.me().await, StatusCode::UNAUTHORIZED);
    assert_eq!(token_me(&app, &secret).await, StatusCode::UNAUTHORIZED);
    let refused = assert_problem(li.sign_in("li", PASSWORD).await, StatusCode::FORBIDDEN).await;
    assert!(refused.detail.contains("disabled"), "{}", refused.detail);
    // A wrong password says nothing about the account's state.
    assert_problem(
        li.sign_in("li", "not the password").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(listed(&app, "li").await.unwrap().disabled);

    let view: UserView = expect(act(&app, "wang", "enable").await, StatusCode::OK).await;
    assert!(!view.disabled);
    // The token works again; the session ended with the disabling, for good.
    assert_eq!(token_me(&app, &secret).await, StatusCode::OK);
    assert_eq!(wang.me().await, StatusCode::UNAUTHORIZED);

    let disabled = app.audit("user.disable").await;
    assert_eq!(disabled.len(), 2);
    let entry = disabled
        .iter()
        .find(|e| e.after.as_ref().unwrap()["name"] == "li")
        .unwrap();
    assert_eq!(entry.actor, "token:admin-token");
    assert_eq!(entry.before.as_ref().unwrap()["disabled"], false);
    assert_eq!(entry.after.as_ref().unwrap()["disabled"], true);
    assert_eq!(entry.after.as_ref().unwrap()["sessions_ended"], 1);
    assert_eq!(app.audit("user.enable").await.len(), 1);
}

async fn a_token_acts_with_at_most_its_creators_role(backend: Backend) {
    let app = spawn_app_with_root(backend).await;
    create_user(&app, "wang", Role::Admin).await;
    let wang = Browser::signed_in(&app, "wang", PASSWORD).await;
    let secret = token_of(&wang, Role::Admin).await;
    let view: UserView = expect(set_role(&app, "wang", Role::Planner).await, StatusCode::OK).await;
    assert_eq!(view.role, Role::Planner);
    let bearer = format!("Bearer {secret}");
    let response = app
        .get_with("/users", Some(("authorization", &bearer)))
        .await;
    assert_problem(response, StatusCode::FORBIDDEN).await;
    let me: api::Me = expect(
        app.get_with("/auth/me", Some(("authorization", &bearer)))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.role, Some(Role::Planner));
    let entry = &app.audit("user.role").await[0];
    assert_eq!(entry.before.as_ref().unwrap()["role"], "admin");
    assert_eq!(entry.after.as_ref().unwrap()["role"], "planner");
}

async fn a_reset_password_must_be_replaced_at_the_next_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    create_user(&app, "li", Role::Planner).await;
    let li = Browser::signed_in(&app, "li", PASSWORD).await;
    let reset: PasswordReset =
        expect(act(&app, "li", "password-reset").await, StatusCode::OK).await;
    assert_eq!(reset.name, "li");
    let temporary = reset.password;
    assert!(temporary.chars().count() >= 10);
    assert_eq!(
        li.me().await,
        StatusCode::UNAUTHORIZED,
        "the reset ends sessions"
    );
    assert!(listed(&app, "li").await.unwrap().must_change_password);

    assert_problem(li.sign_in("li", PASSWORD).await, StatusCode::UNAUTHORIZED).await;
    let problem = assert_problem(li.sign_in("li", &temporary).await, StatusCode::FORBIDDEN).await;
    assert_eq!(problem.kind, PASSWORD_CHANGE_REQUIRED);
    assert!(
        problem.detail.contains("/api/v1/auth/password"),
        "{}",
        problem.detail
    );
    assert_eq!(li.me().await, StatusCode::UNAUTHORIZED, "no session yet");

    let change = |password: &str, new_password: &str| PasswordChange {
        name: "li".to_owned(),
        password: password.to_owned(),
        new_password: new_password.to_owned(),
    };
    for (body, status, field) in [
        (
            change(&temporary, &temporary),
            StatusCode::UNPROCESSABLE_ENTITY,
            "new_password",
        ),
        (
            change(&temporary, "short"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "new_password",
        ),
    ] {
        let problem = assert_problem(li.post("/auth/password", &body).await, status).await;
        crate::helpers::problem_at(&problem, field);
    }
    let response = li
        .post("/auth/password", &change(&temporary, "a new long password"))
        .await;
    let signed: SignedIn = expect(response, StatusCode::OK).await;
    assert_eq!((signed.name.as_str(), signed.role), ("li", Role::Planner));
    assert_eq!(
        li.me().await,
        StatusCode::OK,
        "signed in with the new password"
    );
    assert!(!listed(&app, "li").await.unwrap().must_change_password);
    assert_problem(li.sign_in("li", &temporary).await, StatusCode::UNAUTHORIZED).await;

    let entry = &app.audit("user.password-reset").await[0];
    assert_eq!(entry.actor, "token:admin-token");
    assert_eq!(entry.after.as_ref().unwrap()["must_change_password"], true);
    assert!(
        !entry
            .after
            .as_ref()
            .unwrap()
            .to_string()
            .contains(&temporary)
    );
    assert_eq!(app.audit("user.password").await[0].actor, "user:li");
}

async fn an_admin_ends_a_users_sessions_and_deletes_them_and_the_log_keeps_them(backend: Backend) {
    let app = spawn_app_with_li_and_wang(backend).await;
    let phone = Browser::signed_in(&app, "li", PASSWORD).await;
    let desk = Browser::signed_in(&app, "li", PASSWORD).await;
    let request = app.request(Method::DELETE, "/users/li/sessions", Some(Role::Admin));
    let ended: SessionsEnded = expect(request.send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(ended.ended, 2);
    assert_eq!(phone.me().await, StatusCode::UNAUTHORIZED);
    assert_eq!(desk.me().await, StatusCode::UNAUTHORIZED);
    assert_eq!(app.audit("user.sessions-end").await.len(), 1);

    let wang = Browser::signed_in(&app, "wang", PASSWORD).await;
    let secret = token_of(&wang, Role::Viewer).await;
    for name in ["li", "wang"] {
        let response = app
            .delete(&format!("/users/{name}"), Some(Role::Admin), None)
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(listed(&app, name).await, None);
    }
    assert_eq!(wang.me().await, StatusCode::UNAUTHORIZED);
    assert_eq!(token_me(&app, &secret).await, StatusCode::UNAUTHORIZED);
    let tokens: List<TokenView> = app.get_ok("/tokens", Some(Role::Admin)).await;
    let revoked = tokens
        .items
        .iter()
        .find(|t| t.created_by == "user:wang")
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    assert_problem(
        phone.sign_in("li", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let response = app.delete("/users/li", Some(Role::Admin), None).await;
    assert_problem(response, StatusCode::NOT_FOUND).await;

    // The log keeps what they did, by name, and says who deleted them.
    let sign_ins = app.audit("session.create").await;
    assert!(sign_ins.iter().any(|e| e.actor == "user:li"));
    let deleted = app.audit("user.delete").await;
    let wang_deleted = deleted
        .iter()
        .find(|e| e.before.as_ref().unwrap()["name"] == "wang")
        .unwrap();
    assert_eq!(wang_deleted.after.as_ref().unwrap()["tokens_revoked"], 1);
    assert_eq!(wang_deleted.after.as_ref().unwrap()["sessions_ended"], 1);
    assert_eq!(deleted.len(), 2);
}

async fn only_admins_administer_users(backend: Backend) {
    let app = spawn_app(backend).await;
    create_user(&app, "li", Role::Planner).await;
    let role = RoleBody { role: Role::Admin };
    let actions: [(Method, &str); 6] = [
        (Method::POST, "/users/li/disable"),
        (Method::POST, "/users/li/enable"),
        (Method::POST, "/users/li/role"),
        (Method::POST, "/users/li/password-reset"),
        (Method::DELETE, "/users/li/sessions"),
        (Method::DELETE, "/users/li"),
    ];
    for (method, path) in &actions {
        for (caller, status) in [
            (None, StatusCode::UNAUTHORIZED),
            (Some(Role::Viewer), StatusCode::FORBIDDEN),
            (Some(Role::Planner), StatusCode::FORBIDDEN),
            (Some(Role::Approver), StatusCode::FORBIDDEN),
        ] {
            let response = app
                .request(method.clone(), path, caller)
                .json(&role)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), status, "{method} {path} as {caller:?}");
        }
        let unknown = path.replace("/li", "/nobody");
        let response = app
            .request(method.clone(), &unknown, Some(Role::Admin))
            .json(&role)
            .send()
            .await
            .unwrap();
        assert_problem(response, StatusCode::NOT_FOUND).await;
    }
    // A signed-in planner is refused too, and nothing changed.
    let li = Browser::signed_in(&app, "li", PASSWORD).await;
    let response = li.post("/users/li/role", &role).await;
    assert_problem(response, StatusCode::FORBIDDEN).await;
    assert_eq!(listed(&app, "li").await.unwrap().role, Role::Planner);
    let response = app
        .post(
            "/users/li/role",
            Some(Role::Admin),
            &serde_json::json!({"role": "root"}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn the_last_enabled_admin_cannot_be_disabled_demoted_or_deleted(backend: Backend) {
    let app = spawn_app(backend).await;
    create_user(&app, "root", Role::Admin).await;
    let refusals = [
        act(&app, "root", "disable").await,
        set_role(&app, "root", Role::Approver).await,
        app.delete("/users/root", Some(Role::Admin), None).await,
    ];
    for response in refusals {
        let problem = assert_problem(response, StatusCode::CONFLICT).await;
        assert!(
            problem.detail.contains("`root` is the last enabled admin"),
            "{}",
            problem.detail
        );
    }
    let root = listed(&app, "root").await.unwrap();
    assert_eq!((root.role, root.disabled), (Role::Admin, false));
    assert!(app.audit("user.disable").await.is_empty());
    // Resetting the last admin's password or ending their sessions is allowed.
    assert_eq!(
        act(&app, "root", "password-reset").await.status(),
        StatusCode::OK
    );
    // With a second admin, the first may go; then the second is the last.
    create_user(&app, "wang", Role::Admin).await;
    assert_eq!(act(&app, "root", "disable").await.status(), StatusCode::OK);
    assert_problem(
        set_role(&app, "wang", Role::Viewer).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(act(&app, "root", "enable").await.status(), StatusCode::OK);
    assert_eq!(
        set_role(&app, "wang", Role::Viewer).await.status(),
        StatusCode::OK
    );
}

/// Two admins each demoting the other at the same moment, on two instances: one wins,
/// the other gets 409, and one enabled admin remains — every round.
async fn two_racing_demotions_leave_one_enabled_admin(backend: Backend) {
    let app = spawn_app(backend).await;
    let other = app.second_instance().await;
    for name in ["a", "b"] {
        create_user(&app, name, Role::Admin).await;
    }
    for round in 0..4 {
        let racing: Vec<_> = [app.url("/users/a/role"), other.url("/users/b/role")]
            .into_iter()
            .map(|url| {
                let request = app
                    .client
                    .post(url)
                    .bearer_auth(&app.tokens[&Role::Admin])
                    .json(&RoleBody {
                        role: Role::Planner,
                    });
                tokio::spawn(async move { request.send().await.unwrap().status() })
            })
            .collect();
        let statuses = statuses_of(racing).await;
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}"
        );
        let users: List<UserView> = app.get_ok("/users", Some(Role::Admin)).await;
        let admins: Vec<_> = users
            .items
            .iter()
            .filter(|u| u.role == Role::Admin && !u.disabled)
            .collect();
        assert_eq!(admins.len(), 1, "round {round}: {admins:?}");
        let demoted = if admins[0].name == "a" { "b" } else { "a" };
        assert_eq!(
            set_role(&app, demoted, Role::Admin).await.status(),
            StatusCode::OK
        );
    }
    other.stop().await;
}

crate::on_both_backends!(
    a_disabled_users_sessions_and_tokens_stop_at_once,
    a_token_acts_with_at_most_its_creators_role,
    a_reset_password_must_be_replaced_at_the_next_sign_in,
    an_admin_ends_a_users_sessions_and_deletes_them_and_the_log_keeps_them,
    only_admins_administer_users,
    the_last_enabled_admin_cannot_be_disabled_demoted_or_deleted,
    two_racing_demotions_leave_one_enabled_admin,
);
