//! The published OpenAPI description is a contract: every response the server sends
//! (successes and problems) validates against the schema the description gives for
//! its path, method, status and media type, and the request bodies the description
//! documents accept what the server accepts and refuse what it refuses.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use server::auth::Role;

use crate::helpers::{Backend, TestApp, baseline, etag_of, spawn_app};

/// The published description, and the number of responses checked against it.
struct Contract {
    spec: Value,
    checked: usize,
}

impl Contract {
    async fn fetch(app: &TestApp) -> Contract {
        let response = app.get("/openapi.json", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        Contract {
            spec: response.json().await.unwrap(),
            checked: 0,
        }
    }

    /// A validator for `schema`, with the description's components beside it so that
    /// `#/components/schemas/...` references resolve.
    fn validator(&self, schema: &Value) -> jsonschema::Validator {
        let mut root = schema.clone();
        root["components"] = self.spec["components"].clone();
        jsonschema::draft202012::new(&root)
            .unwrap_or_else(|error| panic!("not a valid JSON Schema: {error}\n{schema}"))
    }

    fn errors(&self, schema: &Value, instance: &Value) -> Vec<String> {
        self.validator(schema)
            .iter_errors(instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect()
    }

    fn operation(&self, template: &str, method: &Method) -> &Value {
        let operation = &self.spec["paths"][template][method.as_str().to_ascii_lowercase()];
        assert!(
            operation.is_object(),
            "the description has no {method} {template}"
        );
        operation
    }

    /// Checks a response against the description of `METHOD template` and returns its
    /// JSON body.
    async fn response(&mut self, template: &str, method: Method, response: Response) -> Value {
        let status = response.status().as_u16().to_string();
        let media = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .unwrap_or_default()
            .to_owned();
        let body: Value = response.json().await.unwrap();
        let operation = self.operation(template, &method);
        let described = &operation["responses"][&status];
        assert!(
            described.is_object(),
            "{method} {template} answered {status}, which the description does not list"
        );
        let schema = &described["content"][&media]["schema"];
        assert!(
            schema.is_object(),
            "{method} {template} {status}: the description has no {media} body"
        );
        let errors = self.errors(schema, &body);
        assert!(
            errors.is_empty(),
            "{method} {template} {status} does not match its schema:\n{}\n{body:#}",
            errors.join("\n")
        );
        self.checked += 1;
        body
    }

    /// Checks a response without a body against the description: its status is listed
    /// there, with no content.
    async fn empty(&mut self, template: &str, method: Method, response: Response) {
        let status = response.status().as_u16().to_string();
        let text = response.text().await.unwrap();
        assert!(
            text.is_empty(),
            "{method} {template} {status} has a body: {text}"
        );
        let described = &self.operation(template, &method)["responses"][&status];
        assert!(
            described.is_object(),
            "{method} {template} answered {status}, which the description does not list"
        );
        assert!(
            described["content"].is_null(),
            "{method} {template} {status}"
        );
        self.checked += 1;
    }

    /// The errors of `body` against the request body `METHOD template` documents.
    fn request_errors(&self, template: &str, method: Method, body: &Value) -> Vec<String> {
        let schema = &self.operation(template, &method)["requestBody"]["content"]["application/json"]
            ["schema"];
        assert!(
            schema.is_object(),
            "{method} {template} documents no JSON body"
        );
        self.errors(schema, body)
    }
}

async fn every_response_matches_the_published_description(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut contract = Contract::fetch(&app).await;
    let (get, post, put) = (Method::GET, Method::POST, Method::PUT);

    contract
        .response(
            "/api/v1/health",
            get.clone(),
            app.get("/health", None).await,
        )
        .await;
    contract
        .response("/api/v1/plan", get.clone(), app.get("/plan", None).await)
        .await;

    // Scenarios: create, read, list, edit, revisions, status, clone.
    let body = baseline("契约 contract");
    assert_eq!(
        contract.request_errors("/api/v1/scenarios", post.clone(), &body),
        Vec::<String>::new()
    );
    let created = app.post("/scenarios", Some(Role::Planner), &body).await;
    let etag = etag_of(&created);
    let stored = contract
        .response("/api/v1/scenarios", post.clone(), created)
        .await;
    let id = stored["id"].as_i64().unwrap();
    let path = format!("/scenarios/{id}");
    contract
        .response(
            "/api/v1/scenarios/{id}",
            get.clone(),
            app.get(&path, Some(Role::Viewer)).await,
        )
        .await;
    contract
        .response(
            "/api/v1/scenarios",
            get.clone(),
            app.get("/scenarios?per_page=5", Some(Role::Viewer)).await,
        )
        .await;
    let mut edited = baseline("契约 contract, edited");
    edited["allocations"]["patents"] = json!("12000000");
    edited["allocations"]["brands"] = json!(3_000_000);
    let saved = app
        .put(&path, Some(Role::Planner), Some(&etag), &edited)
        .await;
    contract
        .response("/api/v1/scenarios/{id}", put, saved)
        .await;
    contract
        .response(
            "/api/v1/scenarios/{id}/revisions",
            get.clone(),
            app.get(&format!("{path}/revisions"), Some(Role::Viewer))
                .await,
        )
        .await;
    contract
        .response(
            "/api/v1/scenarios/{id}/revisions/{revision}",
            get.clone(),
            app.get(&format!("{path}/revisions/1"), Some(Role::Viewer))
                .await,
        )
        .await;
    let clone = app
        .post(
            &format!("{path}/clone"),
            Some(Role::Planner),
            &json!({"name": "副本"}),
        )
        .await;
    let copy = contract
        .response("/api/v1/scenarios/{id}/clone", post.clone(), clone)
        .await;
    let proposed = app
        .post(
            &format!("{path}/status"),
            Some(Role::Planner),
            &json!({"status": "proposed"}),
        )
        .await;
    contract
        .response("/api/v1/scenarios/{id}/status", post.clone(), proposed)
        .await;
    let approved = app
        .post(
            &format!("{path}/status"),
            Some(Role::Approver),
            &json!({"status": "approved"}),
        )
        .await;
    contract
        .response("/api/v1/scenarios/{id}/status", post.clone(), approved)
        .await;
    // An approved scenario is frozen: an edit is saved as a new draft, answered 201.
    let frozen_tag = etag_of(&app.get(&path, Some(Role::Viewer)).await);
    let redraft = app
        .put(&path, Some(Role::Planner), Some(&frozen_tag), &edited)
        .await;
    assert_eq!(redraft.status(), StatusCode::CREATED);
    contract
        .response("/api/v1/scenarios/{id}", Method::PUT, redraft)
        .await;

    // What API clients pull.
    let allocations = contract
        .response(
            "/api/v1/scenarios/{id}/allocations",
            get.clone(),
            app.get(&format!("{path}/allocations"), Some(Role::Viewer))
                .await,
        )
        .await;
    assert_eq!(allocations["allocations"].as_array().unwrap().len(), 64);
    // Not vacuous: money as a JSON number, an unknown programme or a missing field
    // would each break the described contract.
    let described = &contract.operation("/api/v1/scenarios/{id}/allocations", &get)["responses"]["200"]
        ["content"]["application/json"]["schema"];
    for (pointer, wrong) in [
        ("/allocations/0/amount", json!(50_000_000)),
        ("/allocations/3/programme", json!("space_programme")),
        ("/annual_envelope", json!(3e8)),
        ("/revision", json!("one")),
    ] {
        let mut broken = allocations.clone();
        *broken.pointer_mut(pointer).unwrap() = wrong;
        assert!(
            !contract.errors(described, &broken).is_empty(),
            "{pointer} broken still validates"
        );
    }
    let mut incomplete = allocations.clone();
    incomplete.as_object_mut().unwrap().remove("currency");
    assert!(!contract.errors(described, &incomplete).is_empty());
    contract
        .response(
            "/api/v1/allocations/approved",
            get.clone(),
            app.get("/allocations/approved", Some(Role::Viewer)).await,
        )
        .await;
    contract
        .response(
            "/api/v1/scenarios/{id}/projection",
            get.clone(),
            app.get(&format!("{path}/projection"), Some(Role::Viewer))
                .await,
        )
        .await;
    contract
        .response(
            "/api/v1/scenarios/{id}/compare/{other}",
            get.clone(),
            app.get(
                &format!("{path}/compare/{}", copy["id"]),
                Some(Role::Viewer),
            )
            .await,
        )
        .await;

    // Stateless computations, with requests checked against their documented bodies.
    assert_eq!(
        contract.request_errors("/api/v1/projection", post.clone(), &body),
        Vec::<String>::new()
    );
    contract
        .response(
            "/api/v1/projection",
            post.clone(),
            app.post("/projection", None, &body).await,
        )
        .await;
    let optimise = json!({"scenario": body, "objective": "attainment", "step": "1000000", "locks": ["patents"]});
    assert_eq!(
        contract.request_errors("/api/v1/optimize", post.clone(), &optimise),
        Vec::<String>::new()
    );
    contract
        .response(
            "/api/v1/optimize",
            post.clone(),
            app.post("/optimize", Some(Role::Viewer), &optimise).await,
        )
        .await;
    let least = json!({"scenario": body});
    for operation in ["/api/v1/optimize", "/api/v1/uncertainty"] {
        assert_eq!(
            contract.request_errors(operation, post.clone(), &least),
            Vec::<String>::new()
        );
    }
    contract
        .response(
            "/api/v1/optimize",
            post.clone(),
            app.post("/optimize", Some(Role::Viewer), &least).await,
        )
        .await;
    let draws = json!({"scenario": body, "draws": 200, "seed": 7});
    assert_eq!(
        contract.request_errors("/api/v1/uncertainty", post.clone(), &draws),
        Vec::<String>::new()
    );
    contract
        .response(
            "/api/v1/uncertainty",
            post.clone(),
            app.post("/uncertainty", Some(Role::Viewer), &draws).await,
        )
        .await;

    // The optimiser's bounds and kept targets, and a conflict between them.
    let bounded = json!({
        "scenario": body,
        "min": {"patents": "15000000", "brands": 6_000_000},
        "max": {"equipment_upgrade": "40000000"},
        "keep_targets": ["park_upgrade.park_tax", "park_upgrade.idle_land"],
    });
    assert_eq!(
        contract.request_errors("/api/v1/optimize", post.clone(), &bounded),
        Vec::<String>::new()
    );
    let proposal = contract
        .response(
            "/api/v1/optimize",
            post.clone(),
            app.post("/optimize", Some(Role::Viewer), &bounded).await,
        )
        .await;
    assert!(proposal["broken_targets"].is_array());
    let all = json!({"scenario": body, "keep_targets": "all"});
    assert_eq!(
        contract.request_errors("/api/v1/optimize", post.clone(), &all),
        Vec::<String>::new()
    );
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
        assert!(
            !contract
                .request_errors("/api/v1/optimize", post.clone(), &wrong)
                .is_empty(),
            "the documented optimiser body accepts {what}"
        );
        let refused = contract
            .response(
                "/api/v1/optimize",
                post.clone(),
                app.post("/optimize", Some(Role::Viewer), &wrong).await,
            )
            .await;
        assert_eq!(refused["status"], 422);
    }
    let conflict =
        json!({"scenario": body, "min": {"patents": "20000000"}, "max": {"patents": "10000000"}});
    let refused = contract
        .response(
            "/api/v1/optimize",
            post.clone(),
            app.post("/optimize", Some(Role::Viewer), &conflict).await,
        )
        .await;
    assert_eq!(refused["problems"][0]["path"], "min.patents");

    // The planner's edits: each answer, and each kind of refusal.
    let mut smaller = body.clone();
    smaller["envelope"] = json!("250000000");
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
        assert_eq!(
            contract.request_errors(&template, post.clone(), &request),
            Vec::<String>::new(),
            "{operation}"
        );
        let answer = contract
            .response(
                &template,
                post.clone(),
                app.post(&format!("/operations/{operation}"), None, &request)
                    .await,
            )
            .await;
        // Not vacuous: money as a JSON number or an unknown programme breaks it.
        let described = &contract.operation(&template, &post)["responses"]["200"]["content"]["application/json"]
            ["schema"];
        if !answer["changes"].as_array().unwrap().is_empty() {
            for (pointer, wrong) in [
                ("/changes/0/before", json!(50_000_000)),
                ("/changes/0/programme", json!("space_programme")),
                ("/description", json!("moved")),
                ("/clamped", json!("no")),
            ] {
                let mut broken = answer.clone();
                *broken.pointer_mut(pointer).unwrap() = wrong;
                assert!(
                    !contract.errors(described, &broken).is_empty(),
                    "{operation}: {pointer} broken still validates"
                );
            }
        }
    }
    let mut tiny = body.clone();
    tiny["envelope"] = json!("100000000");
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
        let template = format!("/api/v1/operations/{operation}");
        let refused = contract
            .response(
                &template,
                post.clone(),
                app.post(&format!("/operations/{operation}"), None, &request)
                    .await,
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
        assert!(
            !contract
                .request_errors(
                    &format!("/api/v1/operations/{operation}"),
                    post.clone(),
                    &wrong
                )
                .is_empty(),
            "the documented {operation} body accepts {wrong}"
        );
    }

    // Accounts and the audit log.
    contract
        .response(
            "/api/v1/auth/me",
            get.clone(),
            app.get("/auth/me", Some(Role::Planner)).await,
        )
        .await;
    let token = json!({"name": "contract-script", "role": "viewer"});
    contract
        .response(
            "/api/v1/tokens",
            post.clone(),
            app.post("/tokens", Some(Role::Admin), &token).await,
        )
        .await;
    contract
        .response(
            "/api/v1/tokens",
            get.clone(),
            app.get("/tokens", Some(Role::Admin)).await,
        )
        .await;
    contract
        .response(
            "/api/v1/users",
            get.clone(),
            app.get("/users", Some(Role::Admin)).await,
        )
        .await;
    let audit = contract
        .response(
            "/api/v1/audit",
            get.clone(),
            app.get("/audit", Some(Role::Admin)).await,
        )
        .await;
    assert!(audit["total"].as_u64().unwrap() >= 5);

    // Problems are described too.
    contract
        .response(
            "/api/v1/scenarios/{id}",
            get.clone(),
            app.get(&path, None).await,
        )
        .await;
    contract
        .response(
            "/api/v1/scenarios/{id}",
            get.clone(),
            app.get("/scenarios/999999", Some(Role::Viewer)).await,
        )
        .await;
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
        assert!(
            !contract
                .request_errors("/api/v1/projection", post.clone(), &invalid)
                .is_empty(),
            "the documented body accepts {what}"
        );
        mistakes.push(invalid);
    }
    for invalid in &mistakes {
        let refused = contract
            .response(
                "/api/v1/projection",
                post.clone(),
                app.post("/projection", None, invalid).await,
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
    let forbidden = app.post("/scenarios", Some(Role::Viewer), &body).await;
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
    let stale = app
        .put(&copy_path, Some(Role::Planner), Some("\"rev-99\""), &edited)
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    contract
        .response("/api/v1/scenarios/{id}", Method::PUT, stale)
        .await;
    let unconditional = app
        .put(&copy_path, Some(Role::Planner), None, &edited)
        .await;
    assert_eq!(unconditional.status(), StatusCode::PRECONDITION_REQUIRED);
    contract
        .response("/api/v1/scenarios/{id}", Method::PUT, unconditional)
        .await;

    // Deleting: 204 without a body.
    let copy_tag = etag_of(&app.get(&copy_path, Some(Role::Viewer)).await);
    contract
        .empty(
            "/api/v1/scenarios/{id}",
            Method::DELETE,
            app.delete(&copy_path, Some(Role::Planner), Some(&copy_tag))
                .await,
        )
        .await;

    // Accounts: a user made by an admin signs in; the first-start link makes an admin.
    // Last, because the client keeps the session cookie from here on.
    let password = "contract-password-1";
    let user = json!({"name": "wen", "role": "planner", "password": password});
    assert_eq!(
        contract.request_errors("/api/v1/users", post.clone(), &user),
        Vec::<String>::new()
    );
    contract
        .response(
            "/api/v1/users",
            post.clone(),
            app.post("/users", Some(Role::Admin), &user).await,
        )
        .await;
    let wrong = json!({"name": "wen", "password": "not the password"});
    contract
        .response(
            "/api/v1/auth/sign-in",
            post.clone(),
            app.post("/auth/sign-in", None, &wrong).await,
        )
        .await;
    let right = json!({"name": "wen", "password": password});
    contract
        .response(
            "/api/v1/auth/sign-in",
            post.clone(),
            app.post("/auth/sign-in", None, &right).await,
        )
        .await;
    contract
        .empty(
            "/api/v1/auth/sign-out",
            post.clone(),
            app.post("/auth/sign-out", None, &json!({})).await,
        )
        .await;
    let link = app.sign_in_link.clone().expect("a first-start link");
    let token = link.split("token=").nth(1).unwrap();
    let setup = json!({"token": token, "name": "root", "password": password});
    assert_eq!(
        contract.request_errors("/api/v1/auth/setup", post.clone(), &setup),
        Vec::<String>::new()
    );
    contract
        .response(
            "/api/v1/auth/setup",
            post.clone(),
            app.post("/auth/setup", None, &setup).await,
        )
        .await;
    contract
        .response(
            "/api/v1/auth/setup",
            post,
            app.post("/auth/setup", None, &setup).await,
        )
        .await;
    assert_eq!(contract.checked, 64, "responses checked");
}

crate::on_both_backends!(every_response_matches_the_published_description);
