//! Stateless projection, optimisation and uncertainty.

use reqwest::StatusCode;
use serde_json::{Value, json};
use server::auth::Role;

use crate::helpers::{Backend, assert_problem, baseline, spawn_app};

async fn a_stateless_projection_equals_the_model_field_for_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = serde_json::to_value(shared::Scenario::baseline()).unwrap();
    let response = app.post("/projection", None, &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let projection: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    // `planner project --json` reads the file and prints this serialisation of the
    // model's projection; both texts go through the same JSON parser here.
    let scenario = shared::Scenario::from_json(&body.to_string()).unwrap();
    let expected: Value =
        serde_json::from_str(&serde_json::to_string(&shared::project(&scenario)).unwrap()).unwrap();
    assert_eq!(projection, expected);
}

async fn the_optimiser_needs_a_viewer_and_caps_its_steps(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = json!({"scenario": baseline("opt"), "objective": "enterprises", "step": "1000000"});
    let response = app.post("/optimize", None, &body).await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let response = app.post("/optimize", Some(Role::Viewer), &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: Value = response.json().await.unwrap();
    assert!(result["scenario"]["allocations"].is_object());

    let too_fine = json!({"scenario": baseline("opt"), "step": "1"});
    let problem = assert_problem(
        app.post("/optimize", Some(Role::Viewer), &too_fine).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["problems"][0]["path"], "step");
    let unknown = json!({"scenario": baseline("opt"), "objective": "happiness"});
    let problem = assert_problem(
        app.post("/optimize", Some(Role::Viewer), &unknown).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["problems"][0]["path"], "objective");
    let bad_scenario = json!({"scenario": {"name": "x", "allocations": {"patents": "lots"}}});
    let problem = assert_problem(
        app.post("/optimize", Some(Role::Viewer), &bad_scenario)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        problem["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["path"] == "scenario.allocations.patents")
    );
}

async fn monte_carlo_draws_are_capped(backend: Backend) {
    let app = spawn_app(backend).await;
    let ok = json!({"scenario": baseline("mc"), "draws": 200, "seed": 7});
    let response = app.post("/uncertainty", Some(Role::Viewer), &ok).await;
    assert_eq!(response.status(), StatusCode::OK);
    let first: Value = response.json().await.unwrap();
    let again: Value = app
        .post("/uncertainty", Some(Role::Viewer), &ok)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first, again, "the same seed gives the same bands");
    for draws in [json!(0), json!(200_001), json!(-5), json!("many")] {
        let body = json!({"scenario": baseline("mc"), "draws": draws});
        let problem = assert_problem(
            app.post("/uncertainty", Some(Role::Viewer), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(problem["problems"][0]["path"], "draws");
    }
    let extra = json!({"scenario": baseline("mc"), "iterations": 5});
    assert_problem(
        app.post("/uncertainty", Some(Role::Viewer), &extra).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

crate::on_both_backends!(
    a_stateless_projection_equals_the_model_field_for_field,
    the_optimiser_needs_a_viewer_and_caps_its_steps,
    monte_carlo_draws_are_capped,
);
