//! The published OpenAPI description is a contract: every response the server sends
//! (successes and problems) validates against the schema the description gives for
//! its path, method, status and media type, and the request bodies the description
//! documents accept what the server accepts and refuse what it refuses.

use api::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::described::Contract;
use crate::helpers::{Backend, baseline, baseline_with_envelope, etag_of, spawn_app};

async fn every_response_matches_the_published_description(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut contract = Contract::fetch(&app).await;
    let (get, post) = (Method::GET, Method::POST);
    let viewer = Some(Role::Viewer);

    contract.get(&app, "/api/v1/health", "/health", None).await;
    contract.get(&app, "/api/v1/plan", "/plan", None).await;

    // Scenarios: create, read, list, edit, revisions, status, clone.
    let body = baseline("契约 contract");
    contract.accepts("/api/v1/scenarios", &body);
    let created = app.post("/scenarios", Some(Role::Planner), &body).await;
    let etag = etag_of(&created);
    let stored = contract
        .response("/api/v1/scenarios", post.clone(), created)
        .await;
    let id = stored["id"].as_i64().unwrap();
    let path = format!("/scenarios/{id}");
    let one = "/api/v1/scenarios/{id}";
    contract.get(&app, one, &path, viewer).await;
    contract
        .get(&app, "/api/v1/scenarios", "/scenarios?per_page=5", viewer)
        .await;
    let mut edited = baseline("契约 contract, edited");
    edited["allocations"]["patents"] = json!("12000000");
    edited["allocations"]["brands"] = json!(3_000_000);
    let saved = app
        .put(&path, Some(Role::Planner), Some(&etag), &edited)
        .await;
    contract.response(one, Method::PUT, saved).await;
    for (template, below) in [
        ("/api/v1/scenarios/{id}/revisions", "/revisions"),
        (
            "/api/v1/scenarios/{id}/revisions/{revision}",
            "/revisions/1",
        ),
    ] {
        contract
            .get(&app, template, &format!("{path}{below}"), viewer)
            .await;
    }
    let copy = contract
        .post(
            &app,
            "/api/v1/scenarios/{id}/clone",
            &format!("{path}/clone"),
            Some(Role::Planner),
            &json!({"name": "副本"}),
        )
        .await;
    for (role, status) in [(Role::Planner, "proposed"), (Role::Approver, "approved")] {
        contract
            .post(
                &app,
                "/api/v1/scenarios/{id}/status",
                &format!("{path}/status"),
                Some(role),
                &json!({ "status": status }),
            )
            .await;
    }
    // An approved scenario is frozen: an edit is saved as a new draft, answered 201.
    let frozen_tag = etag_of(&app.get(&path, viewer).await);
    let redraft = app
        .put(&path, Some(Role::Planner), Some(&frozen_tag), &edited)
        .await;
    assert_eq!(redraft.status(), StatusCode::CREATED);
    contract.response(one, Method::PUT, redraft).await;

    // What API clients pull.
    let allocations_template = "/api/v1/scenarios/{id}/allocations";
    let allocations_path = format!("{path}/allocations");
    let allocations = contract
        .get(&app, allocations_template, &allocations_path, viewer)
        .await;
    assert_eq!(allocations["allocations"].as_array().unwrap().len(), 64);
    // Not vacuous: money as a JSON number, an unknown programme or a missing field
    // would each break the described contract.
    contract.breaks(
        allocations_template,
        &get,
        &allocations,
        &[
            ("/allocations/0/amount", json!(50_000_000)),
            ("/allocations/3/programme", json!("space_programme")),
            ("/annual_envelope", json!(3e8)),
            ("/revision", json!("one")),
        ],
    );
    let described = &contract.operation(allocations_template, &get)["responses"]["200"]["content"]
        ["application/json"]["schema"];
    let mut incomplete = allocations.clone();
    incomplete.as_object_mut().unwrap().remove("currency");
    assert!(!contract.errors(described, &incomplete).is_empty());
    contract
        .get(
            &app,
            "/api/v1/allocations/approved",
            "/allocations/approved",
            viewer,
        )
        .await;
    contract
        .get(
            &app,
            "/api/v1/scenarios/{id}/projection",
            &format!("{path}/projection"),
            viewer,
        )
        .await;
    contract
        .get(
            &app,
            "/api/v1/scenarios/{id}/compare/{other}",
            &format!("{path}/compare/{}", copy["id"]),
            viewer,
        )
        .await;

    // Stateless computations, with requests checked against their documented bodies.
    contract.accepts("/api/v1/projection", &body);
    contract
        .post(&app, "/api/v1/projection", "/projection", None, &body)
        .await;
    let optimize = "/api/v1/optimize";
    let optimise = json!({"scenario": body, "objective": "attainment", "step": "1000000", "locks": ["patents"]});
    let least = json!({"scenario": body});
    for operation in ["/api/v1/optimize", "/api/v1/uncertainty"] {
        contract.accepts(operation, &least);
    }
    for request in [&optimise, &least] {
        contract.accepts(optimize, request);
        contract
            .post(&app, optimize, "/optimize", viewer, request)
            .await;
    }
    let draws = json!({"scenario": body, "draws": 200, "seed": 7});
    contract.accepts("/api/v1/uncertainty", &draws);
    contract
        .post(&app, "/api/v1/uncertainty", "/uncertainty", viewer, &draws)
        .await;

    // The optimiser's bounds and kept targets, and a conflict between them.
    let bounded = json!({
        "scenario": body,
        "min": {"patents": "15000000", "brands": 6_000_000},
        "max": {"equipment_upgrade": "40000000"},
        "keep_targets": ["park_upgrade.park_tax", "park_upgrade.idle_land"],
    });
    contract.accepts(optimize, &bounded);
    let proposal = contract
        .post(&app, optimize, "/optimize", viewer, &bounded)
        .await;
    assert!(proposal["broken_targets"].is_array());
    contract.accepts(optimize, &json!({"scenario": body, "keep_targets": "all"}));
    for (what, wrong) in [
        (
            "an unknown target",
            json!({"scenario": body, "keep_targets": ["park_upgrade.happiness"]}),
        ),
        (
            "an unknown programme",
            json!({"scenario": body, "min": {"moon_base": "1"}}),
        ),
        (
            "a bound in words",
            json!({"scenario": body, "max": {"patents": "lots"}}),
        ),
    ] {
        contract.refuses(optimize, &wrong, what);
        let refused = contract
            .post(&app, optimize, "/optimize", viewer, &wrong)
            .await;
        assert_eq!(refused["status"], 422);
    }
    let conflict =
        json!({"scenario": body, "min": {"patents": "20000000"}, "max": {"patents": "10000000"}});
    let refused = contract
        .post(&app, optimize, "/optimize", viewer, &conflict)
        .await;
    assert_eq!(refused["problems"][0]["path"], "min.patents");

    // The planner's edits: each answer, and each kind of refusal.
    let smaller = baseline_with_envelope("契约 contract", 250_000_000);
    for (operation, request) in [
        (
            "transfer",
            json!({"scenario": body, "from": "equipment_upgrade", "to": "specialised_products", "amount": "20000000"}),
        ),
        (
            "transfer",
            json!({"scenario": body, "from": "patents", "to": "brands", "amount": 1_000_000, "year": 2018}),
        ),
        (
            "set",
            json!({"scenario": body, "programme": "patents", "amount": "12345678", "year": 2019, "locks": ["brands"], "unit": "1000000"}),
        ),
        (
            "set",
            json!({"scenario": body, "programme": "tech_enterprise", "amount": "300000000"}),
        ),
        (
            "fit-envelope",
            json!({"scenario": smaller, "locks": ["patents"], "unit": 100_000}),
        ),
        ("fit-envelope", json!({"scenario": body})),
    ] {
        let template = format!("/api/v1/operations/{operation}");
        contract.accepts(&template, &request);
        let answer = contract
            .post(
                &app,
                &template,
                &format!("/operations/{operation}"),
                None,
                &request,
            )
            .await;
        // Not vacuous: money as a JSON number or an unknown programme breaks it.
        if !answer["changes"].as_array().unwrap().is_empty() {
            contract.breaks(
                &template,
                &post,
                &answer,
                &[
                    ("/changes/0/before", json!(50_000_000)),
                    ("/changes/0/programme", json!("space_programme")),
                    ("/description", json!("moved")),
                    ("/clamped", json!("no")),
                ],
            );
        }
    }
    let tiny = baseline_with_envelope("契约 contract", 100_000_000);
    for (operation, request) in [
        (
            "transfer",
            json!({"scenario": body, "from": "lean_management", "to": "patents", "amount": "5000000"}),
        ),
        (
            "transfer",
            json!({"scenario": body, "from": "rockets", "to": "patents", "amount": "5000000"}),
        ),
        (
            "set",
            json!({"scenario": body, "programme": "patents", "amount": "1", "locks": ["patents"]}),
        ),
        (
            "fit-envelope",
            json!({"scenario": tiny, "locks": ["tech_enterprise", "equipment_upgrade"]}),
        ),
        ("fit-envelope", json!({"scenario": body, "colour": "red"})),
    ] {
        let refused = contract
            .post(
                &app,
                &format!("/api/v1/operations/{operation}"),
                &format!("/operations/{operation}"),
                None,
                &request,
            )
            .await;
        assert_eq!(refused["status"], 422, "{operation}: {refused}");
    }
    for (operation, wrong) in [
        (
            "transfer",
            json!({"scenario": body, "from": "patents", "to": "brands"}),
        ),
        (
            "transfer",
            json!({"scenario": body, "from": "rockets", "to": "brands", "amount": "1"}),
        ),
        (
            "set",
            json!({"scenario": body, "programme": "patents", "amount": "lots"}),
        ),
        (
            "set",
            json!({"scenario": body, "programme": "patents", "amount": "1", "year": 2021}),
        ),
        ("fit-envelope", json!({"scenario": body, "colour": "red"})),
        ("fit-envelope", json!({"locks": []})),
    ] {
        let template = format!("/api/v1/operations/{operation}");
        contract.refuses(&template, &wrong, &wrong.to_string());
    }

    // Accounts and the audit log.
    contract
        .get(&app, "/api/v1/auth/me", "/auth/me", Some(Role::Planner))
        .await;
    let token = json!({"name": "contract-script", "role": "viewer"});
    contract
        .post(&app, "/api/v1/tokens", "/tokens", Some(Role::Admin), &token)
        .await;
    for (template, path) in [("/api/v1/tokens", "/tokens"), ("/api/v1/users", "/users")] {
        contract.get(&app, template, path, Some(Role::Admin)).await;
    }
    let audit = contract
        .get(&app, "/api/v1/audit", "/audit", Some(Role::Admin))
        .await;
    assert!(audit["total"].as_u64().unwrap() >= 5);

    // Problems are described too.
    contract.get(&app, one, &path, None).await;
    contract.get(&app, one, "/scenarios/999999", viewer).await;
    // The documented request body refuses what the server refuses, one mistake at a
    // time, and each refusal is a described problem.
    let mut mistakes = Vec::new();
    for (what, pointer, wrong) in [
        (
            "an amount in words",
            "/allocations/patents",
            Some(json!("lots")),
        ),
        ("a negative amount", "/allocations/patents", Some(json!(-5))),
        (
            "an unknown programme",
            "/allocations/space_programme",
            Some(json!("1000")),
        ),
        ("an unknown field", "/colour", Some(json!("red"))),
        ("no name", "/name", None),
        ("a missing programme", "/allocations/brands", None),
        ("no allocations", "/allocations", None),
    ] {
        let mut invalid = body.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let object = invalid
            .pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap();
        match wrong {
            Some(value) => object.insert(key.to_owned(), value),
            None => object.remove(key),
        };
        contract.refuses("/api/v1/projection", &invalid, what);
        mistakes.push(invalid);
    }
    for invalid in &mistakes {
        let refused = contract
            .post(&app, "/api/v1/projection", "/projection", None, invalid)
            .await;
        assert_eq!(refused["status"], 422);
        // The workbook takes the same body and refuses it the same way.
        contract.refuses("/api/v1/workbook.xlsx", invalid, "the workbook's body");
        let refused = contract
            .post(
                &app,
                "/api/v1/workbook.xlsx",
                "/workbook.xlsx",
                None,
                invalid,
            )
            .await;
        assert_eq!(refused["status"], 422);
    }
    // Malformed, too large, not JSON; wrong role, wrong status, stale or missing ETag.
    let raw = |content_type: &'static str, body: Vec<u8>| {
        app.request(Method::POST, "/projection", None)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    for (response, status) in [
        (
            raw("application/json", b"{\"name\": ".to_vec())
                .await
                .unwrap(),
            400,
        ),
        (
            raw("application/json", vec![b' '; 300 * 1024])
                .await
                .unwrap(),
            413,
        ),
        (raw("text/plain", b"name=x".to_vec()).await.unwrap(), 415),
    ] {
        assert_eq!(response.status().as_u16(), status);
        contract
            .response("/api/v1/projection", post.clone(), response)
            .await;
    }
    let forbidden = app.post("/scenarios", viewer, &body).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    contract
        .response("/api/v1/scenarios", post.clone(), forbidden)
        .await;
    let copy_path = format!("/scenarios/{}", copy["id"]);
    let too_soon = app
        .post(
            &format!("{copy_path}/status"),
            Some(Role::Approver),
            &json!({"status": "approved"}),
        )
        .await;
    assert_eq!(too_soon.status(), StatusCode::CONFLICT);
    contract
        .response("/api/v1/scenarios/{id}/status", post.clone(), too_soon)
        .await;
    for (tag, refusal) in [
        (Some("\"rev-99\""), StatusCode::PRECONDITION_FAILED),
        (None, StatusCode::PRECONDITION_REQUIRED),
    ] {
        let response = app.put(&copy_path, Some(Role::Planner), tag, &edited).await;
        assert_eq!(response.status(), refusal);
        contract.response(one, Method::PUT, response).await;
    }

    // Deleting: 204 without a body.
    let copy_tag = etag_of(&app.get(&copy_path, viewer).await);
    contract
        .empty(
            one,
            Method::DELETE,
            app.delete(&copy_path, Some(Role::Planner), Some(&copy_tag))
                .await,
        )
        .await;

    // Accounts: a user made by an admin signs in; the first-start link makes an admin.
    // Last, because the client keeps the session cookie from here on.
    let password = "contract-password-1";
    let user = json!({"name": "wen", "role": "planner", "password": password});
    contract.accepts("/api/v1/users", &user);
    contract
        .post(&app, "/api/v1/users", "/users", Some(Role::Admin), &user)
        .await;
    // User administration: each action's answer, then the reset password's forced change.
    let admin = Some(Role::Admin);
    let role = json!({"role": "approver"});
    contract.accepts("/api/v1/users/{name}/role", &role);
    contract
        .post(
            &app,
            "/api/v1/users/{name}/role",
            "/users/wen/role",
            admin,
            &role,
        )
        .await;
    for action in ["disable", "enable"] {
        let template = format!("/api/v1/users/{{name}}/{action}");
        let path = format!("/users/wen/{action}");
        contract
            .post(&app, &template, &path, admin, &json!({}))
            .await;
    }
    let sessions = app.delete("/users/wen/sessions", admin, None).await;
    contract
        .response("/api/v1/users/{name}/sessions", Method::DELETE, sessions)
        .await;
    let reset = "/api/v1/users/{name}/password-reset";
    let temporary = contract
        .post(&app, reset, "/users/wen/password-reset", admin, &json!({}))
        .await["password"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = json!({"name": "zhu", "role": "viewer", "password": password});
    app.post("/users", admin, &other).await;
    contract
        .empty(
            "/api/v1/users/{name}",
            Method::DELETE,
            app.delete("/users/zhu", admin, None).await,
        )
        .await;
    // Sign-in with the temporary password (403), the new password set, a wrong one
    // (401), the new one (200).
    let change = json!({"name": "wen", "password": temporary, "new_password": password});
    contract.accepts("/api/v1/auth/password", &change);
    let sign_in = |attempt: &str| ("/auth/sign-in", json!({"name": "wen", "password": attempt}));
    for (path, body) in [
        sign_in(&temporary),
        ("/auth/password", change),
        sign_in("not the password"),
        sign_in(password),
    ] {
        let template = format!("/api/v1{path}");
        contract.post(&app, &template, path, None, &body).await;
    }
    contract
        .empty(
            "/api/v1/auth/sign-out",
            post.clone(),
            app.post("/auth/sign-out", None, &json!({})).await,
        )
        .await;
    let setup = json!({"token": app.setup_token(), "name": "root", "password": password});
    contract.accepts("/api/v1/auth/setup", &setup);
    // Once an admin, then refused: the link is used.
    for _ in 0..2 {
        contract
            .post(&app, "/api/v1/auth/setup", "/auth/setup", None, &setup)
            .await;
    }
    assert_eq!(contract.checked, 79, "responses checked");
}

crate::on_both_backends!(every_response_matches_the_published_description);
