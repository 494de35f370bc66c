//! Health, plan, OpenAPI, the reference page, headers, restart.

use api::{Health, Revision, RevisionPage, Role, StoredScenario};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Backend, baseline, header, model_json, spawn_app};

async fn health_reports_the_database_it_checked(backend: Backend) {
    let app = spawn_app(backend).await;
    let health: Health = app.get_ok("/health", None).await;
    assert_eq!(health.status, "ok");
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(health.database, expected);
    assert!(!health.version.is_empty());
}

async fn anyone_reads_the_plan_with_every_assumption_and_its_provenance(backend: Backend) {
    let app = spawn_app(backend).await;
    // The plan is the model crate's constant data, written and never read back.
    let plan: Value = app.get_ok("/plan", None).await;
    assert_eq!(plan, model_json(&api::PlanBody::new()));
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
        let csp = header(&response, "content-security-policy");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert!(response.headers().contains_key("x-request-id"));
    }
}

async fn the_openapi_description_is_3_1_and_the_reference_page_is_served(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc: Value = app.get_ok("/openapi.json", None).await;
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
    let saved = app.save(id, &etag, &baseline("kept, edited")).await;
    let app = app.restart().await;
    assert!(
        app.sign_in_link.is_none(),
        "no admin user, but an admin token: no link, the token's holder makes admins"
    );
    let body: StoredScenario = app
        .get_ok(&format!("/scenarios/{id}"), Some(Role::Viewer))
        .await;
    assert_eq!(body.scenario.name(), "kept, edited");
    assert_eq!(body.meta.revision, Revision(2));
    assert_eq!(body, saved);
    let revisions: RevisionPage = app
        .get_ok(&format!("/scenarios/{id}/revisions"), Some(Role::Viewer))
        .await;
    assert_eq!(revisions.items.len(), 2);
}

crate::on_both_backends!(
    health_reports_the_database_it_checked,
    anyone_reads_the_plan_with_every_assumption_and_its_provenance,
    every_response_carries_the_security_headers,
    the_openapi_description_is_3_1_and_the_reference_page_is_served,
    a_restart_keeps_scenarios_revisions_and_tokens,
);
