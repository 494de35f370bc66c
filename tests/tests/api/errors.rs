//! Every error status, as problem+json.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::auth::Role;

use crate::helpers::{Backend, assert_problem, baseline, spawn_app};

async fn malformed_json_is_400(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .request(Method::POST, "/scenarios", Some(Role::Planner))
        .header("Content-Type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let response = app
        .request(Method::POST, "/projection", None)
        .header("Content-Type", "application/json")
        .body("[".repeat(10_000))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}

async fn an_invalid_scenario_is_422_with_every_problem_and_its_path(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = baseline("broken");
    body["allocations"]["patents"] = json!("-5");
    body["allocations"]["bogus"] = json!("1");
    let response = app.post("/scenarios", Some(Role::Planner), &body).await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let paths: Vec<&str> = problem["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"allocations.patents"), "{paths:?}");
    assert!(paths.contains(&"allocations.bogus"), "{paths:?}");
    let response = app
        .post("/projection", None, &json!({"name": "x", "surprise": 1}))
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let response = app.post("/projection", None, &json!([1, 2])).await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn reads_without_credentials_are_401_and_writes_below_planner_are_403(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/scenarios", None).await;
    let problem = assert_problem(response, StatusCode::UNAUTHORIZED).await;
    assert!(problem["detail"].as_str().unwrap().contains("viewer"));
    let response = app
        .client
        .get(app.url("/scenarios"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let response = app
        .client
        .get(app.url("/scenarios"))
        .header("Authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let response = app
        .post("/scenarios", Some(Role::Viewer), &baseline("nope"))
        .await;
    assert_problem(response, StatusCode::FORBIDDEN).await;
    let response = app.post("/scenarios", None, &baseline("nope")).await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    for role in [Role::Planner, Role::Approver, Role::Admin] {
        let response = app.post("/scenarios", Some(role), &baseline("yes")).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{role} writes");
    }
}

async fn missing_things_are_404(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/scenarios/999999",
        "/scenarios/abc",
        "/scenarios/-1/allocations",
        "/nothing-here",
    ] {
        let response = app.get(path, Some(Role::Viewer)).await;
        assert_problem(response, StatusCode::NOT_FOUND).await;
    }
    let response = app
        .client
        .get(format!("{}/elsewhere", app.address))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::NOT_FOUND).await;
    let response = app
        .put(
            "/scenarios/999999",
            Some(Role::Planner),
            Some("\"rev-1\""),
            &baseline("x"),
        )
        .await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn an_oversized_body_is_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = baseline("huge");
    body["description"] = Value::String("x".repeat(300 * 1024));
    let response = app.post("/scenarios", Some(Role::Planner), &body).await;
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    let response = app.post("/projection", None, &body).await;
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    let (id, _) = app.create_scenario(&baseline("small")).await;
    let response = app
        .post(
            &format!("/scenarios/{id}/clone"),
            Some(Role::Planner),
            &json!({"name": "x".repeat(300 * 1024)}),
        )
        .await;
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
}

async fn a_body_that_is_not_json_is_415(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .request(Method::POST, "/scenarios", Some(Role::Planner))
        .header("Content-Type", "text/plain")
        .body(baseline("plain").to_string())
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let response = app
        .request(Method::POST, "/projection", None)
        .body(baseline("none").to_string())
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

async fn a_wrong_method_is_405_as_problem_json(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .request(Method::PATCH, "/scenarios", Some(Role::Planner))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::METHOD_NOT_ALLOWED).await;
}

async fn nul_characters_are_refused_not_a_server_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post("/scenarios", Some(Role::Planner), &baseline("bad\u{0}name"))
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["problems"][0]["path"], "name");
    let response = app.get("/scenarios?name=%00", Some(Role::Viewer)).await;
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let response = app
        .post(
            "/auth/sign-in",
            None,
            &json!({"name": "a\u{0}b", "password": "whatever it is"}),
        )
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let (id, _) = app.create_scenario(&baseline("fine")).await;
    let response = app
        .post(
            &format!("/scenarios/{id}/clone"),
            Some(Role::Planner),
            &json!({"name": "x\u{0}"}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let response = app
        .post(
            &format!("/scenarios/{id}/clone"),
            Some(Role::Planner),
            &json!({"nmae": "typo"}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

crate::on_both_backends!(
    nul_characters_are_refused_not_a_server_error,
    malformed_json_is_400,
    an_invalid_scenario_is_422_with_every_problem_and_its_path,
    reads_without_credentials_are_401_and_writes_below_planner_are_403,
    missing_things_are_404,
    an_oversized_body_is_413,
    a_body_that_is_not_json_is_415,
    a_wrong_method_is_405_as_problem_json,
);
