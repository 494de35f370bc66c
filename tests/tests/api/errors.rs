//! Every error status, as problem+json.

use api::{CloneBody, Credentials, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, assert_problem, baseline, header, problem_paths, spawn_app};

/// A `POST` of `body` as it is, with `content_type` when one is given.
async fn post_raw(
    app: &crate::helpers::TestApp,
    path: &str,
    role: Option<Role>,
    content_type: Option<&str>,
    body: String,
) -> reqwest::Response {
    let mut builder = app.request(Method::POST, path, role).body(body);
    if let Some(content_type) = content_type {
        builder = builder.header("Content-Type", content_type);
    }
    builder.send().await.unwrap()
}

async fn malformed_json_is_400(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, role, body) in [
        ("/scenarios", Some(Role::Planner), "{\"name\": ".to_owned()),
        ("/projection", None, "[".repeat(10_000)),
    ] {
        let response = post_raw(&app, path, role, Some("application/json"), body).await;
        assert_problem(response, StatusCode::BAD_REQUEST).await;
    }
}

async fn an_invalid_scenario_is_422_with_every_problem_and_its_path(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = baseline("broken");
    body["allocations"]["patents"] = json!("-5");
    body["allocations"]["bogus"] = json!("1");
    let response = app.post("/scenarios", Some(Role::Planner), &body).await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let paths = problem_paths(&problem);
    assert!(paths.contains(&"allocations.patents"), "{paths:?}");
    assert!(paths.contains(&"allocations.bogus"), "{paths:?}");
    for wrong in [json!({"name": "x", "surprise": 1}), json!([1, 2])] {
        let response = app.post("/projection", None, &wrong).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
}

async fn reads_without_credentials_are_401_and_writes_below_planner_are_403(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/scenarios", None).await;
    let problem = assert_problem(response, StatusCode::UNAUTHORIZED).await;
    assert!(problem.detail.contains("viewer"));
    for authorization in ["Bearer not-a-token", "Basic abc"] {
        let response = app
            .get_with("/scenarios", Some(("Authorization", authorization)))
            .await;
        assert_problem(response, StatusCode::UNAUTHORIZED).await;
    }
    for (role, refusal) in [
        (Some(Role::Viewer), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let response = app.post("/scenarios", role, &baseline("nope")).await;
        assert_problem(response, refusal).await;
    }
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
    let huge = CloneBody {
        name: Some("x".repeat(300 * 1024)),
    };
    let response = app
        .post(
            &format!("/scenarios/{id}/clone"),
            Some(Role::Planner),
            &huge,
        )
        .await;
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
}

async fn a_body_that_is_not_json_is_415(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, role, content_type, name) in [
        (
            "/scenarios",
            Some(Role::Planner),
            Some("text/plain"),
            "plain",
        ),
        ("/projection", None, None, "none"),
    ] {
        let body = baseline(name).to_string();
        let response = post_raw(&app, path, role, content_type, body).await;
        assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    }
}

async fn a_wrong_method_is_405_as_problem_json(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .request(Method::PATCH, "/scenarios", Some(Role::Planner))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::METHOD_NOT_ALLOWED).await;

    // Every path the description lists answers a method it does not serve with 405 and
    // `Allow` naming exactly the methods it lists for that path.
    let description: serde_json::Value = app.get_ok("/openapi.json", None).await;
    let paths = description["paths"].as_object().unwrap();
    assert!(paths.len() > 30, "{} paths", paths.len());
    for (path, operations) in paths {
        let Some(relative) = path.strip_prefix("/api/v1") else {
            continue;
        };
        let concrete = relative
            .replace("{id}", "1")
            .replace("{other}", "2")
            .replace("{revision}", "1")
            .replace("{year}", "2017")
            .replace("{file}", "attainment.png");
        let mut listed: Vec<String> = operations
            .as_object()
            .unwrap()
            .keys()
            .map(|m| m.to_uppercase())
            .collect();
        listed.sort();
        for method in [Method::TRACE, Method::PATCH] {
            let response = app
                .request(method.clone(), &concrete, Some(Role::Admin))
                .send()
                .await
                .unwrap();
            let allow = header(&response, "allow");
            let mut allowed: Vec<String> = allow.split(',').map(|m| m.trim().to_owned()).collect();
            allowed.sort();
            assert_problem(response, StatusCode::METHOD_NOT_ALLOWED).await;
            if path.ends_with(".csv") || path.ends_with(".xlsx") || path.ends_with("/auth/setup") {
                // The blank forms are `GET /actuals/{year}` in another media type: the
                // one resource answers, with the methods of `/actuals/{year}`; the
                // setup link's page (HTML, not the API) is a `GET` of the setup path.
                assert!(
                    listed.iter().all(|m| allowed.contains(m)),
                    "{method} {path}"
                );
            } else {
                assert_eq!(allowed, listed, "{method} {path}");
            }
        }
    }
}

async fn nul_characters_are_refused_not_a_server_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post("/scenarios", Some(Role::Planner), &baseline("bad\u{0}name"))
        .await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem_paths(&problem)[0], "name");
    let response = app.get("/scenarios?name=%00", Some(Role::Viewer)).await;
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let credentials = Credentials {
        name: "a\u{0}b".to_owned(),
        password: "whatever it is".to_owned(),
    };
    let response = app.post("/auth/sign-in", None, &credentials).await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let (id, _) = app.create_scenario(&baseline("fine")).await;
    let clone = format!("/scenarios/{id}/clone");
    let nul = CloneBody {
        name: Some("x\u{0}".to_owned()),
    };
    let response = app.post(&clone, Some(Role::Planner), &nul).await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    // A misspelt field, so not a `CloneBody`.
    let response = app
        .post(&clone, Some(Role::Planner), &json!({"nmae": "typo"}))
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
