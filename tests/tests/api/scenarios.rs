//! Scenario resources: CRUD, ETag/If-Match, revisions, clone, status, CSV, compare.

use reqwest::StatusCode;
use serde_json::{Value, json};
use server::auth::Role;

use crate::helpers::{Backend, assert_problem, baseline, etag_of, spawn_app};

async fn a_planner_saves_a_scenario_and_gets_it_back_with_its_id_location_and_etag(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let response = app
        .post("/scenarios", Some(Role::Planner), &baseline("Plan A"))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let etag = etag_of(&response);
    let created: Value = response.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/scenarios/{id}"));
    assert_eq!(created["status"], "draft");
    assert_eq!(created["revision"], 1);
    assert_eq!(created["created_by"], "token:planner-token");

    let response = app
        .client
        .get(format!("{}{location}", app.address))
        .bearer_auth(&app.tokens[&Role::Viewer])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(etag_of(&response), etag);
    let fetched: Value = response.json().await.unwrap();
    assert_eq!(fetched, created);
    assert_eq!(fetched["allocations"], baseline("x")["allocations"]);
}

async fn lists_are_paginated_newest_first_and_filter_by_name(backend: Backend) {
    let app = spawn_app(backend).await;
    for name in ["Alpha one", "beta", "ALPHA two"] {
        app.create_scenario(&baseline(name)).await;
    }
    let page: Value = app
        .get("/scenarios?per_page=2", Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["items"][0]["name"], "ALPHA two");
    let second: Value = app
        .get("/scenarios?per_page=2&page=2", Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    let filtered: Value = app
        .get("/scenarios?name=alpha", Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = filtered["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["ALPHA two", "Alpha one"]);
    let wildcard: Value = app
        .get("/scenarios?name=%25", Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(wildcard["total"], 0, "% is matched literally");
    let response = app.get("/scenarios?per_page=101", Some(Role::Viewer)).await;
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let response = app.get("/scenarios?page=0", Some(Role::Viewer)).await;
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let response = app
        .get("/scenarios?per_page=lots", Some(Role::Viewer))
        .await;
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}

async fn an_edit_needs_if_match_and_a_stale_etag_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, etag) = app.create_scenario(&baseline("v1")).await;
    let path = format!("/scenarios/{id}");
    let response = app
        .put(&path, Some(Role::Planner), None, &baseline("v2"))
        .await;
    assert_problem(response, StatusCode::PRECONDITION_REQUIRED).await;

    let response = app
        .put(&path, Some(Role::Planner), Some(&etag), &baseline("v2"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let new_etag = etag_of(&response);
    assert_ne!(new_etag, etag);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["revision"], 2);

    let response = app
        .put(
            &path,
            Some(Role::Planner),
            Some(&etag),
            &baseline("lost update"),
        )
        .await;
    assert_problem(response, StatusCode::PRECONDITION_FAILED).await;
    let response = app
        .put(
            &path,
            Some(Role::Planner),
            Some("\"garbage\""),
            &baseline("x"),
        )
        .await;
    assert_problem(response, StatusCode::PRECONDITION_FAILED).await;

    let response = app.delete(&path, Some(Role::Planner), None).await;
    assert_problem(response, StatusCode::PRECONDITION_REQUIRED).await;
    let response = app.delete(&path, Some(Role::Planner), Some(&etag)).await;
    assert_problem(response, StatusCode::PRECONDITION_FAILED).await;
    let response = app
        .delete(&path, Some(Role::Planner), Some(&new_etag))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.get(&path, Some(Role::Viewer)).await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn a_stored_representation_can_be_edited_and_put_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("round trip")).await;
    let path = format!("/scenarios/{id}");
    let response = app.get(&path, Some(Role::Viewer)).await;
    let etag = etag_of(&response);
    let mut body: Value = response.json().await.unwrap();
    body["description"] = json!("edited after a GET");
    let response = app
        .put(&path, Some(Role::Planner), Some(&etag), &body)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(saved["description"], "edited after a GET");
    assert_eq!(saved["status"], "draft");
}

async fn every_save_keeps_a_readable_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, etag) = app.create_scenario(&baseline("first")).await;
    let response = app
        .put(
            &format!("/scenarios/{id}"),
            Some(Role::Planner),
            Some(&etag),
            &baseline("second"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let list: Value = app
        .get(&format!("/scenarios/{id}/revisions"), Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["first", "second"]);
    assert_eq!(list["current"], 2);
    let paged: Value = app
        .get(
            &format!("/scenarios/{id}/revisions?per_page=1&page=2"),
            Some(Role::Viewer),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paged["total"], 2);
    assert_eq!(paged["items"][0]["name"], "second");
    let response = app
        .get(
            &format!("/scenarios/{id}/revisions?per_page=500"),
            Some(Role::Viewer),
        )
        .await;
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let first: Value = app
        .get(&format!("/scenarios/{id}/revisions/1"), Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["scenario"]["name"], "first");
    assert_eq!(first["created_by"], "token:planner-token");
    let response = app
        .get(&format!("/scenarios/{id}/revisions/9"), Some(Role::Viewer))
        .await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
    let response = app
        .get(&format!("/scenarios/{id}/revisions/x"), Some(Role::Viewer))
        .await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn a_clone_is_a_new_draft_with_the_same_allocations(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("original")).await;
    let response = app
        .request(
            reqwest::Method::POST,
            &format!("/scenarios/{id}/clone"),
            Some(Role::Planner),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let copy: Value = response.json().await.unwrap();
    assert_ne!(copy["id"], json!(id));
    assert_eq!(copy["name"], "original (copy)");
    assert_eq!(copy["allocations"], baseline("x")["allocations"]);
    let named = app
        .post(
            &format!("/scenarios/{id}/clone"),
            Some(Role::Planner),
            &json!({"name": "variant"}),
        )
        .await;
    assert_eq!(named.status(), StatusCode::CREATED);
    let named: Value = named.json().await.unwrap();
    assert_eq!(named["name"], "variant");
    let response = app
        .post("/scenarios/999999/clone", Some(Role::Planner), &json!({}))
        .await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn only_an_approver_approves_and_an_approved_scenario_is_frozen(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/allocations/approved", Some(Role::Viewer)).await;
    assert_problem(response, StatusCode::NOT_FOUND).await;

    let (id, _) = app.create_scenario(&baseline("official")).await;
    let status = format!("/scenarios/{id}/status");
    let response = app
        .post(
            &status,
            Some(Role::Approver),
            &json!({"status": "approved"}),
        )
        .await;
    assert_problem(response, StatusCode::CONFLICT).await;
    let response = app
        .post(&status, Some(Role::Viewer), &json!({"status": "proposed"}))
        .await;
    assert_problem(response, StatusCode::FORBIDDEN).await;
    let response = app
        .post(&status, Some(Role::Planner), &json!({"status": "proposed"}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .post(&status, Some(Role::Planner), &json!({"status": "approved"}))
        .await;
    assert_problem(response, StatusCode::FORBIDDEN).await;
    let response = app
        .post(
            &status,
            Some(Role::Approver),
            &json!({"status": "sideways"}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let response = app
        .post(
            &status,
            Some(Role::Approver),
            &json!({"status": "approved"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = etag_of(&response);
    let approved: Value = response.json().await.unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["approved_by"], "token:approver-token");

    let response = app.get("/allocations/approved", Some(Role::Viewer)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let official: Value = response.json().await.unwrap();
    assert_eq!(official["scenario_id"], json!(id));

    let response = app
        .post(&status, Some(Role::Planner), &json!({"status": "draft"}))
        .await;
    assert_problem(response, StatusCode::CONFLICT).await;
    let response = app
        .delete(
            &format!("/scenarios/{id}"),
            Some(Role::Planner),
            Some(&etag),
        )
        .await;
    assert_problem(response, StatusCode::CONFLICT).await;

    let response = app
        .put(
            &format!("/scenarios/{id}"),
            Some(Role::Planner),
            Some(&etag),
            &baseline("official, revised"),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "an edit of an approved scenario makes a new draft"
    );
    let draft: Value = response.json().await.unwrap();
    assert_ne!(draft["id"], json!(id));
    assert_eq!(draft["status"], "draft");
    let unchanged: Value = app
        .get(&format!("/scenarios/{id}"), Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["name"], "official");
    assert_eq!(unchanged["status"], "approved");
}

async fn allocations_come_as_json_or_as_csv(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("csv")).await;
    let path = format!("/scenarios/{id}/allocations");
    let json: api::Allocations = app
        .get(&path, Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json.allocations.len(), 64);
    assert_eq!(json.currency, "CNY");
    assert_eq!(json.scenario_id, api::ScenarioId(id));
    assert_eq!(json.status, api::Status::Draft);
    assert_eq!(
        json.allocations,
        api::Allocations::rows(&shared::Scenario::baseline())
    );

    let response = app
        .request(reqwest::Method::GET, &path, Some(Role::Viewer))
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "year,programme,amount_cny,name_zh,name_en");
    assert_eq!(lines.len(), 65);
    let scenario = shared::Scenario::baseline();
    let year = shared::Year::ALL[0];
    let id0 = shared::ProgrammeId::ALL[0];
    let name = shared::plan::programme(id0).name;
    assert_eq!(
        lines[1],
        format!(
            "{year},{id0},{},{},{}",
            scenario.allocation(year, id0),
            name.zh,
            name.en
        )
    );
    // The page's download writes the CSV with this very function, so the two are the
    // same bytes for the same scenario.
    assert_eq!(text, api::allocations_csv(&scenario));
}

async fn a_stored_projection_and_a_comparison_come_from_the_model(backend: Backend) {
    let app = spawn_app(backend).await;
    let (a, _) = app.create_scenario(&baseline("a")).await;
    let (b, _) = app.create_scenario(&baseline("b")).await;
    let text = app
        .get(&format!("/scenarios/{a}/projection"), Some(Role::Viewer))
        .await
        .text()
        .await
        .unwrap();
    let projection: Value = serde_json::from_str(&text).unwrap();
    let scenario = shared::Scenario::from_json(&baseline("a").to_string()).unwrap();
    let expected: Value =
        serde_json::from_str(&serde_json::to_string(&shared::project(&scenario)).unwrap()).unwrap();
    assert_eq!(projection, expected);
    let comparison: Value = app
        .get(&format!("/scenarios/{a}/compare/{b}"), Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(comparison["a"], "a");
    assert_eq!(comparison["b"], "b");
    let response = app
        .get(
            &format!("/scenarios/{a}/compare/424242"),
            Some(Role::Viewer),
        )
        .await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn of_two_concurrent_edits_from_one_etag_exactly_one_wins(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, etag) = app.create_scenario(&baseline("contended")).await;
    let path = format!("/scenarios/{id}");
    let (left, right) = (baseline("left"), baseline("right"));
    let (a, b) = tokio::join!(
        app.put(&path, Some(Role::Planner), Some(&etag), &left),
        app.put(&path, Some(Role::Planner), Some(&etag), &right),
    );
    let mut statuses = vec![a.status(), b.status()];
    statuses.sort();
    assert_eq!(
        statuses,
        vec![StatusCode::OK, StatusCode::PRECONDITION_FAILED]
    );
    let revisions: Value = app
        .get(&format!("{path}/revisions"), Some(Role::Viewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(revisions["items"].as_array().unwrap().len(), 2);
}

async fn a_client_with_the_current_etag_gets_304(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, etag) = app.create_scenario(&baseline("cached")).await;
    for path in [
        format!("/scenarios/{id}"),
        format!("/scenarios/{id}/allocations"),
        format!("/scenarios/{id}/projection"),
    ] {
        let response = app
            .request(reqwest::Method::GET, &path, Some(Role::Viewer))
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{path}");
        let response = app
            .request(reqwest::Method::GET, &path, Some(Role::Viewer))
            .header("If-None-Match", "\"rev-99\"")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}

crate::on_both_backends!(
    a_client_with_the_current_etag_gets_304,
    of_two_concurrent_edits_from_one_etag_exactly_one_wins,
    a_planner_saves_a_scenario_and_gets_it_back_with_its_id_location_and_etag,
    lists_are_paginated_newest_first_and_filter_by_name,
    an_edit_needs_if_match_and_a_stale_etag_is_refused,
    a_stored_representation_can_be_edited_and_put_back,
    every_save_keeps_a_readable_revision,
    a_clone_is_a_new_draft_with_the_same_allocations,
    only_an_approver_approves_and_an_approved_scenario_is_frozen,
    allocations_come_as_json_or_as_csv,
    a_stored_projection_and_a_comparison_come_from_the_model,
);
