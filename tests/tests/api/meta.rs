//! Health, plan, OpenAPI, the reference page, headers, restart.

use reqwest::StatusCode;
use serde_json::Value;
use server::auth::Role;

use crate::helpers::{Backend, baseline, spawn_app};

async fn health_reports_the_database_it_checked(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/health", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
}

async fn anyone_reads_the_plan_with_every_assumption_and_its_provenance(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/plan", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let plan: Value = response.json().await.unwrap();
    assert_eq!(plan["annual_envelope"], "300000000");
    assert_eq!(plan["programmes"].as_array().unwrap().len(), 16);
    assert_eq!(plan["indicators"].as_array().unwrap().len(), 17);
    let assumptions = plan["assumptions"].as_array().unwrap();
    assert_eq!(assumptions.len(), shared::params::ParamKey::all().count());
    assert!(assumptions.iter().all(|a| a["key"].is_string()));
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    for response in [
        app.get("/health", None).await,
        app.get("/scenarios", None).await,
        app.get("/no-such-thing", None).await,
    ] {
        let csp = response
            .headers()
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(
            response.headers().get("x-content-type-options").unwrap(),
            "nosniff"
        );
        assert!(response.headers().contains_key("x-request-id"));
    }
}

async fn the_openapi_description_is_3_1_and_the_reference_page_is_served(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/openapi.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/scenarios",
        "/api/v1/scenarios/{id}",
        "/api/v1/scenarios/{id}/allocations",
        "/api/v1/projection",
        "/api/v1/allocations/approved",
        "/api/v1/audit",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    let page = app.get("/docs/", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("swagger"));
}

async fn a_restart_keeps_scenarios_revisions_and_tokens(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, etag) = app.create_scenario(&baseline("kept")).await;
    let response = app
        .put(
            &format!("/scenarios/{id}"),
            Some(Role::Planner),
            Some(&etag),
            &baseline("kept, edited"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let app = app.restart().await;
    assert!(
        app.sign_in_link.is_some(),
        "still no admin user, so a new link is printed"
    );
    let response = app
        .get(&format!("/scenarios/{id}"), Some(Role::Viewer))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["name"], "kept, edited");
    assert_eq!(body["revision"], 2);
    let revisions: Value = app
        .get(&format!("/scenarios/{id}/revisions"), Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(revisions["items"].as_array().unwrap().len(), 2);
}

crate::on_both_backends!(
    health_reports_the_database_it_checked,
    anyone_reads_the_plan_with_every_assumption_and_its_provenance,
    every_response_carries_the_security_headers,
    the_openapi_description_is_3_1_and_the_reference_page_is_served,
    a_restart_keeps_scenarios_revisions_and_tokens,
);
