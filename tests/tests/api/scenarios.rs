//! Scenario resources: CRUD, ETag/If-Match, revisions, clone, status, CSV, compare.

use api::{
    Allocations, CloneBody, Page, Revision, RevisionPage, Role, ScenarioId, ScenarioRevision,
    ScenarioSummary, Status, StoredScenario,
};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{
    Backend, assert_problem, baseline, etag_of, expect, header, model_json, problem_paths,
    scenario, spawn_app,
};

async fn a_planner_saves_a_scenario_and_gets_it_back_with_its_id_location_and_etag(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let response = app
        .post("/scenarios", Some(Role::Planner), &baseline("Plan A"))
        .await;
    let location = header(&response, "location");
    let etag = etag_of(&response);
    let created: StoredScenario = expect(response, StatusCode::CREATED).await;
    let id = created.meta.id;
    assert_eq!(location, format!("/api/v1/scenarios/{id}"));
    assert_eq!(created.meta.status, Status::Draft);
    assert_eq!(created.meta.revision, Revision::FIRST);
    assert_eq!(created.meta.created_by, "token:planner-token");

    let response = app
        .client
        .get(format!("{}{location}", app.address))
        .bearer_auth(&app.tokens[&Role::Viewer])
        .send()
        .await
        .unwrap();
    assert_eq!(etag_of(&response), etag);
    let fetched: StoredScenario = expect(response, StatusCode::OK).await;
    assert_eq!(fetched, created);
    assert_eq!(*fetched.scenario, scenario("Plan A"));
    assert_eq!(
        fetched.scenario.allocations(),
        shared::Scenario::baseline().allocations()
    );
}

/// The names on a page of scenarios, in its order.
fn names(page: &Page<ScenarioSummary>) -> Vec<&str> {
    page.items.iter().map(|s| s.name.as_str()).collect()
}

async fn lists_are_paginated_newest_first_and_filter_by_name(backend: Backend) {
    let app = spawn_app(backend).await;
    for name in ["Alpha one", "beta", "ALPHA two"] {
        app.create_scenario(&baseline(name)).await;
    }
    let list = |query: &'static str| app.get_ok::<Page<ScenarioSummary>>(query, Some(Role::Viewer));
    let page = list("/scenarios?per_page=2").await;
    assert_eq!(page.total, 3);
    assert_eq!(names(&page), vec!["ALPHA two", "beta"]);
    let second = list("/scenarios?per_page=2&page=2").await;
    assert_eq!(names(&second), vec!["Alpha one"]);
    let filtered = list("/scenarios?name=alpha").await;
    assert_eq!(names(&filtered), vec!["ALPHA two", "Alpha one"]);
    let wildcard = list("/scenarios?name=%25").await;
    assert_eq!(wildcard.total, 0, "% is matched literally");
    for query in [
        "/scenarios?per_page=101",
        "/scenarios?page=0",
        "/scenarios?per_page=lots",
    ] {
        let response = app.get(query, Some(Role::Viewer)).await;
        assert_problem(response, StatusCode::BAD_REQUEST).await;
    }
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
    let new_etag = etag_of(&response);
    assert_ne!(new_etag, etag);
    let saved: StoredScenario = expect(response, StatusCode::OK).await;
    assert_eq!(saved.meta.revision, Revision(2));
    assert_eq!(saved.meta.revision.etag(), new_etag);

    for (stale, name) in [(etag.as_str(), "lost update"), ("\"garbage\"", "x")] {
        let response = app
            .put(&path, Some(Role::Planner), Some(stale), &baseline(name))
            .await;
        assert_problem(response, StatusCode::PRECONDITION_FAILED).await;
    }

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
    let response = app
        .get(&format!("/scenarios/{id}"), Some(Role::Viewer))
        .await;
    let etag = etag_of(&response);
    // The body as it came, read-only fields and all, with one field changed.
    let mut body: Value = expect(response, StatusCode::OK).await;
    body["description"] = Value::from("edited after a GET");
    let saved = app.save(id, &etag, &body).await;
    assert_eq!(saved.scenario.description(), "edited after a GET");
    assert_eq!(saved.meta.status, Status::Draft);
}

async fn every_save_keeps_a_readable_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, etag) = app.create_scenario(&baseline("first")).await;
    app.save(id, &etag, &baseline("second")).await;
    let revisions = format!("/scenarios/{id}/revisions");
    let list: RevisionPage = app.get_ok(&revisions, Some(Role::Viewer)).await;
    let names: Vec<&str> = list.items.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["first", "second"]);
    assert_eq!(list.current, Revision(2));
    assert_eq!(list.scenario_id, id);
    let paged: RevisionPage = app
        .get_ok(
            &format!("{revisions}?per_page=1&page=2"),
            Some(Role::Viewer),
        )
        .await;
    assert_eq!(paged.total, 2);
    assert_eq!(paged.items[0].name, "second");
    app.viewer_gets_problem(
        &format!("/scenarios/{id}/revisions?per_page=500"),
        StatusCode::BAD_REQUEST,
    )
    .await;
    let first: ScenarioRevision = app
        .get_ok(&format!("/scenarios/{id}/revisions/1"), Some(Role::Viewer))
        .await;
    assert_eq!(first.scenario.name(), "first");
    assert_eq!(*first.scenario, scenario("first"));
    assert_eq!(first.summary.revision, Revision::FIRST);
    assert_eq!(first.summary.created_by, "token:planner-token");
    for missing in ["9", "x"] {
        app.viewer_gets_problem(
            &format!("/scenarios/{id}/revisions/{missing}"),
            StatusCode::NOT_FOUND,
        )
        .await;
    }
}

async fn a_clone_is_a_new_draft_with_the_same_allocations(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("original")).await;
    let response = app
        .request(
            Method::POST,
            &format!("/scenarios/{id}/clone"),
            Some(Role::Planner),
        )
        .send()
        .await
        .unwrap();
    let copy: StoredScenario = expect(response, StatusCode::CREATED).await;
    assert_ne!(copy.meta.id, id);
    assert_eq!(copy.meta.status, Status::Draft);
    assert_eq!(copy.scenario.name(), "original (copy)");
    assert_eq!(
        copy.scenario.allocations(),
        shared::Scenario::baseline().allocations()
    );
    let named = app
        .post(
            &format!("/scenarios/{id}/clone"),
            Some(Role::Planner),
            &CloneBody {
                name: Some("variant".to_owned()),
            },
        )
        .await;
    let named: StoredScenario = expect(named, StatusCode::CREATED).await;
    assert_eq!(named.scenario.name(), "variant");
    let response = app
        .post(
            "/scenarios/999999/clone",
            Some(Role::Planner),
            &CloneBody::default(),
        )
        .await;
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn only_an_approver_approves_and_an_approved_scenario_is_frozen(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/allocations/approved", Some(Role::Viewer)).await;
    assert_problem(response, StatusCode::NOT_FOUND).await;

    let (id, _) = app.create_scenario(&baseline("official")).await;
    for (role, status, refusal) in [
        (Role::Approver, Status::Approved, StatusCode::CONFLICT),
        (Role::Viewer, Status::Proposed, StatusCode::FORBIDDEN),
    ] {
        app.status_refused(id, role, status, refusal).await;
    }
    let proposed: StoredScenario = expect(
        app.set_status(id, Role::Planner, Status::Proposed).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(proposed.meta.status, Status::Proposed);
    app.status_refused(id, Role::Planner, Status::Approved, StatusCode::FORBIDDEN)
        .await;
    // Not a status at all, so not a `StatusBody`.
    let response = app
        .post(
            &format!("/scenarios/{id}/status"),
            Some(Role::Approver),
            &serde_json::json!({"status": "sideways"}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let response = app.set_status(id, Role::Approver, Status::Approved).await;
    let etag = etag_of(&response);
    let approved: StoredScenario = expect(response, StatusCode::OK).await;
    assert_eq!(approved.meta.status, Status::Approved);
    assert_eq!(
        approved.meta.approved_by.as_deref(),
        Some("token:approver-token")
    );

    let official: Allocations = app
        .get_ok("/allocations/approved", Some(Role::Viewer))
        .await;
    assert_eq!(official.scenario_id, id);
    assert_eq!(official.status, Status::Approved);

    // Approved is frozen: it neither moves back nor goes.
    app.status_refused(id, Role::Planner, Status::Draft, StatusCode::CONFLICT)
        .await;
    let path = format!("/scenarios/{id}");
    let response = app.delete(&path, Some(Role::Planner), Some(&etag)).await;
    assert_problem(response, StatusCode::CONFLICT).await;

    let response = app
        .put(
            &path,
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
    let draft: StoredScenario = expect(response, StatusCode::CREATED).await;
    assert_ne!(draft.meta.id, id);
    assert_eq!(draft.meta.status, Status::Draft);
    let unchanged: StoredScenario = app
        .get_ok(&format!("/scenarios/{id}"), Some(Role::Viewer))
        .await;
    assert_eq!(unchanged.scenario.name(), "official");
    assert_eq!(unchanged.meta.status, Status::Approved);
}

async fn a_return_needs_a_note_and_every_note_is_kept_with_its_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("reviewed")).await;
    let path = format!("/scenarios/{id}/status");
    // `role` asks for the move to `status`, with `note` if given.
    let move_as = async |role: Role, status: &str, note: Option<&str>| {
        let mut body = serde_json::json!({ "status": status });
        if let Some(note) = note {
            body["note"] = note.into();
        }
        app.post(&path, Some(role), &body).await
    };
    let proposed = move_as(Role::Planner, "proposed", Some("专利多 100 万")).await;
    expect::<StoredScenario>(proposed, StatusCode::OK).await;
    // An approver's return without a note (or with a blank one) is refused and moves
    // nothing; a planner's withdrawal needs none.
    for note in [None, Some("   ")] {
        let refused = move_as(Role::Approver, "draft", note).await;
        let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem_paths(&problem), ["note"], "{problem:?}");
    }
    let too_long = "字".repeat(api::MAX_NOTE_CHARS + 1);
    let refused = move_as(Role::Planner, "draft", Some(&too_long)).await;
    assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    let still: StoredScenario = app
        .get_ok(&format!("/scenarios/{id}"), Some(Role::Viewer))
        .await;
    assert_eq!(still.meta.status, Status::Proposed);
    assert_eq!(still.meta.revision, Revision(2));

    let returned = move_as(Role::Approver, "draft", Some("  请补充依据 ")).await;
    let returned: StoredScenario = expect(returned, StatusCode::OK).await;
    assert_eq!(returned.meta.status, Status::Draft);
    for (role, status, note) in [
        (Role::Planner, "proposed", None),
        (Role::Approver, "approved", Some("同意")),
    ] {
        let moved = move_as(role, status, note).await;
        expect::<StoredScenario>(moved, StatusCode::OK).await;
    }

    let history: RevisionPage = app
        .get_ok(&format!("/scenarios/{id}/revisions"), Some(Role::Viewer))
        .await;
    let kept: Vec<(Status, Option<&str>, &str)> = history
        .items
        .iter()
        .map(|item| (item.status, item.note.as_deref(), item.created_by.as_str()))
        .collect();
    assert_eq!(
        kept,
        [
            (Status::Draft, None, "token:planner-token"),
            (
                Status::Proposed,
                Some("专利多 100 万"),
                "token:planner-token"
            ),
            (Status::Draft, Some("请补充依据"), "token:approver-token"),
            (Status::Proposed, None, "token:planner-token"),
            (Status::Approved, Some("同意"), "token:approver-token"),
        ]
    );
    let one: ScenarioRevision = app
        .get_ok(&format!("/scenarios/{id}/revisions/3"), Some(Role::Viewer))
        .await;
    assert_eq!(one.summary.note.as_deref(), Some("请补充依据"));
    let audit = app.audit("scenario.status").await;
    let notes: Vec<&Value> = audit
        .iter()
        .filter_map(|entry| entry.after.as_ref()?.get("note"))
        .collect();
    assert!(notes.contains(&&Value::from("请补充依据")), "{audit:?}");
}

async fn locks_are_stored_with_the_scenario_and_come_back_with_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = baseline("locked");
    body["locks"] = serde_json::json!(["brands", "patents"]);
    let (id, etag) = app.create_scenario(&body).await;
    let path = format!("/scenarios/{id}");
    let stored: StoredScenario = app.get_ok(&path, Some(Role::Viewer)).await;
    let locks = shared::Locks::of(&[shared::ProgrammeId::Brands, shared::ProgrammeId::Patents]);
    assert_eq!(stored.scenario.locks(), locks);
    let raw: Value = app.get_ok(&path, Some(Role::Viewer)).await;
    assert_eq!(raw["locks"], serde_json::json!(["patents", "brands"]));
    // Unlocking one and saving keeps only the other; a wrong id is named.
    body["locks"] = serde_json::json!(["brands"]);
    let saved = app
        .put(&path, Some(Role::Planner), Some(&etag), &body)
        .await;
    let saved: StoredScenario = expect(saved, StatusCode::OK).await;
    assert_eq!(
        saved.scenario.locks(),
        shared::Locks::of(&[shared::ProgrammeId::Brands])
    );
    body["locks"] = serde_json::json!(["brandz"]);
    let refused = app.post("/scenarios", Some(Role::Planner), &body).await;
    let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem_paths(&problem), ["locks[0]"]);
}

async fn allocations_come_as_json_or_as_csv(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("csv")).await;
    let path = format!("/scenarios/{id}/allocations");
    let json: Allocations = app.get_ok(&path, Some(Role::Viewer)).await;
    assert_eq!(json.allocations.len(), 64);
    assert_eq!(json.currency, "CNY");
    assert_eq!(json.scenario_id, id);
    assert_eq!(json.status, Status::Draft);
    assert_eq!(
        json.allocations,
        Allocations::rows(&shared::Scenario::baseline())
    );

    let response = app
        .request(Method::GET, &path, Some(Role::Viewer))
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "text/csv; charset=utf-8");
    // The bytes as sent: a text decoder would drop the byte-order mark.
    let text = String::from_utf8(response.bytes().await.unwrap().to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}year,programme,amount_cny,name_zh,name_en"
    );
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
    let projection: Value = app
        .get_ok(&format!("/scenarios/{a}/projection"), Some(Role::Viewer))
        .await;
    assert_eq!(projection, model_json(&shared::project(&scenario("a"))));
    let comparison: Value = app
        .get_ok(&format!("/scenarios/{a}/compare/{b}"), Some(Role::Viewer))
        .await;
    assert_eq!(comparison["a"], "a");
    assert_eq!(comparison["b"], "b");
    assert_eq!(
        comparison,
        model_json(&shared::compare(&scenario("a"), &scenario("b")))
    );
    app.viewer_gets_problem(
        &format!("/scenarios/{a}/compare/{}", ScenarioId(424242)),
        StatusCode::NOT_FOUND,
    )
    .await;
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
    let revisions: RevisionPage = app
        .get_ok(&format!("{path}/revisions"), Some(Role::Viewer))
        .await;
    assert_eq!(revisions.items.len(), 2);
}

async fn a_client_with_the_current_etag_gets_304(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, etag) = app.create_scenario(&baseline("cached")).await;
    for path in [
        format!("/scenarios/{id}"),
        format!("/scenarios/{id}/allocations"),
        format!("/scenarios/{id}/projection"),
    ] {
        for (tag, status) in [
            (etag.as_str(), StatusCode::NOT_MODIFIED),
            ("\"rev-99\"", StatusCode::OK),
        ] {
            let response = app
                .request(Method::GET, &path, Some(Role::Viewer))
                .header("If-None-Match", tag)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), status, "{path}");
        }
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
    a_return_needs_a_note_and_every_note_is_kept_with_its_revision,
    locks_are_stored_with_the_scenario_and_come_back_with_it,
    allocations_come_as_json_or_as_csv,
    a_stored_projection_and_a_comparison_come_from_the_model,
);
