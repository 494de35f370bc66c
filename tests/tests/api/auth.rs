//! Sign-in, the first-start link, users, tokens and the audit log.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::auth::Role;

use crate::helpers::{Backend, assert_problem, baseline, spawn_app};

const PASSWORD: &str = "a long enough password";

async fn the_first_start_link_creates_one_admin_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app.sign_in_link.clone().expect("a first-start link");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let page = app.client.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("/api/v1/auth/setup.js"));
    let script = app.get("/auth/setup.js", None).await;
    assert_eq!(script.status(), StatusCode::OK);

    let response = app
        .post(
            "/auth/setup",
            None,
            &json!({"token": "wrong", "name": "root", "password": PASSWORD}),
        )
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let response = app
        .post(
            "/auth/setup",
            None,
            &json!({"token": token, "name": "root", "password": "short"}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let response = app
        .post(
            "/auth/setup",
            None,
            &json!({"token": token, "name": "root", "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = app.get("/auth/me", None).await.json().await.unwrap();
    assert_eq!(me["actor"], "user:root");
    assert_eq!(me["role"], "admin");
    let response = app
        .post(
            "/auth/setup",
            None,
            &json!({"token": token, "name": "root2", "password": PASSWORD}),
        )
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
    let response = app
        .post(
            "/users",
            Some(Role::Admin),
            &json!({"name": "li", "role": "planner", "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let response = app
        .post(
            "/auth/sign-in",
            None,
            &json!({"name": "li", "password": "wrong password!"}),
        )
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let response = app
        .post(
            "/auth/sign-in",
            None,
            &json!({"name": "li", "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("planner_session="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Strict"));
    // The client's cookie store now signs the requests in.
    let response = app.post("/scenarios", None, &baseline("by cookie")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["created_by"], "user:li");
    let log: Value = app
        .get("/audit", Some(Role::Admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "session.create" && e["actor"] == "user:li")
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

async fn repeated_sign_in_attempts_are_429_with_retry_after(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut last = None;
    for _ in 0..(server::startup::SIGN_INS_PER_ACCOUNT_PER_MINUTE + 1) {
        last = Some(
            app.post(
                "/auth/sign-in",
                None,
                &json!({"name": "ghost", "password": "guess guess guess"}),
            )
            .await,
        );
    }
    let response = last.unwrap();
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    assert_problem(response, StatusCode::TOO_MANY_REQUESTS).await;
}

async fn only_admins_manage_users_and_tokens_and_read_the_audit_log(backend: Backend) {
    let app = spawn_app(backend).await;
    for role in [Role::Viewer, Role::Planner, Role::Approver] {
        assert_problem(app.get("/audit", Some(role)).await, StatusCode::FORBIDDEN).await;
        assert_problem(app.get("/users", Some(role)).await, StatusCode::FORBIDDEN).await;
        let response = app
            .post(
                "/tokens",
                Some(role),
                &json!({"name": "x", "role": "admin"}),
            )
            .await;
        assert_problem(response, StatusCode::FORBIDDEN).await;
    }
    assert_problem(app.get("/audit", None).await, StatusCode::UNAUTHORIZED).await;

    let response = app
        .post(
            "/tokens",
            Some(Role::Admin),
            &json!({"name": "script", "role": "viewer"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let token: Value = response.json().await.unwrap();
    let secret = token["token"].as_str().unwrap().to_owned();
    let response = app
        .client
        .get(app.url("/scenarios"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let listed: Value = app
        .get("/tokens", Some(Role::Admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !listed.to_string().contains(&secret),
        "secrets are never listed"
    );
    let response = app
        .delete(&format!("/tokens/{}", token["id"]), Some(Role::Admin), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .client
        .get(app.url("/scenarios"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
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
    let response = app
        .put(
            &format!("/scenarios/{id}"),
            Some(Role::Planner),
            Some(&etag),
            &baseline("audited again"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let log: Value = app
        .get("/audit?per_page=100", Some(Role::Admin))
        .await
        .json()
        .await
        .unwrap();
    let items = log["items"].as_array().unwrap();
    let update = items
        .iter()
        .find(|e| e["action"] == "scenario.update")
        .unwrap();
    assert_eq!(update["actor"], "token:planner-token");
    assert_eq!(update["entity_id"], json!(id.to_string()));
    assert_eq!(update["before"]["name"], "audited");
    assert_eq!(update["after"]["name"], "audited again");
    assert!(items.iter().any(|e| e["action"] == "scenario.create"));
    assert!(items.iter().any(|e| e["action"] == "token.create"));
    assert_problem(
        app.get("/audit?per_page=1000", Some(Role::Admin)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
}

async fn the_setup_page_form_creates_the_admin_too(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app.sign_in_link.clone().expect("a first-start link");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let response = app
        .client
        .post(app.url("/auth/setup"))
        .form(&[
            ("token", token.as_str()),
            ("name", "boss"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers().get("location").unwrap(), "/");
    let me: Value = app.get("/auth/me", None).await.json().await.unwrap();
    assert_eq!(me["actor"], "user:boss");
    let users: Value = app
        .get("/users", Some(Role::Admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users["items"][0]["role"], "admin");
}

crate::on_both_backends!(
    the_setup_page_form_creates_the_admin_too,
    the_first_start_link_creates_one_admin_once,
    sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it,
    repeated_sign_in_attempts_are_429_with_retry_after,
    only_admins_manage_users_and_tokens_and_read_the_audit_log,
    every_write_is_in_the_audit_log_with_before_and_after,
);
