//! Plan execution over HTTP: actuals with `If-Match` and revisions, their CSV and XLSX
//! files, every bad input a 422 that stores nothing, the roles, the year plans, and the
//! execution and re-plan bodies against the published description.

use api::{AuditEntry, List, Page, Role, ScenarioId, Status, StoredActuals, YearPlan, YearState};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use shared::execution::{ActualStatus, YearActuals};

use crate::described::Contract;
use crate::helpers::{
    Backend, TestApp, assert_problem, baseline, etag_of, expect, problem_at, spawn_app,
};
use crate::on_both_backends;

const EXAMPLE_2017: &str = include_str!("../../../docs/examples/actuals-2017.csv");
const EXAMPLE_2018: &str = include_str!("../../../docs/examples/actuals-2018.csv");
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn body(status: &str, spent: &str, outcome: f64) -> Value {
    json!({
        "status": status,
        "source": "fictional illustration",
        "note": "",
        "programmes": {
            "tech_enterprise": {"spent": spent, "outcomes": {"enterprises": outcome}},
        },
    })
}

async fn put(app: &TestApp, year: u16, role: Role, etag: Option<&str>, body: &Value) -> Response {
    app.put(&format!("/actuals/{year}"), Some(role), etag, body)
        .await
}

/// Imports `file` of `media` for `year` as `role` with the query `query`, naming the
/// revision it replaces when `etag` is given.
async fn import(
    app: &TestApp,
    year: u16,
    role: Role,
    etag: Option<&str>,
    query: &str,
    media: &str,
    file: Vec<u8>,
) -> Response {
    let mut request = app
        .request(
            Method::POST,
            &format!("/actuals/{year}/import{query}"),
            Some(role),
        )
        .header("content-type", media);
    if let Some(tag) = etag {
        request = request.header("If-Match", tag);
    }
    request.body(file).send().await.unwrap()
}

/// How many revisions the year's actuals have.
async fn revision_count(app: &TestApp, year: u16) -> u64 {
    let page: Page<Value> = app
        .get_ok(&format!("/actuals/{year}/revisions"), Some(Role::Viewer))
        .await;
    page.total
}

async fn actuals_round_trip_with_if_match_and_revisions(backend: Backend) {
    let app = spawn_app(backend).await;
    let provisional = body("provisional", "40000000", 400.0);
    let first = put(&app, 2017, Role::Planner, None, &provisional).await;
    let tag = etag_of(&first);
    assert_eq!(tag, "\"rev-1\"");
    let stored: StoredActuals = expect(first, StatusCode::CREATED).await;
    assert_eq!(stored.meta.revision.0, 1);
    assert_eq!(stored.meta.updated_by, "token:planner-token");
    let read = app.get("/actuals/2017", Some(Role::Viewer)).await;
    assert_eq!(etag_of(&read), tag);
    let read: StoredActuals = expect(read, StatusCode::OK).await;
    assert_eq!(read, stored);
    let spent = &read.actuals.programmes[&shared::ProgrammeId::TechEnterprise].spent;
    assert_eq!(spent.to_string(), "40000000");

    // A conditional GET, the missing and the stale precondition, then the write.
    let current = app
        .request(Method::GET, "/actuals/2017", Some(Role::Viewer))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(current.status(), StatusCode::NOT_MODIFIED);
    let changed = body("provisional", "41000000", 410.0);
    let unconditional = put(&app, 2017, Role::Planner, None, &changed).await;
    assert_problem(unconditional, StatusCode::PRECONDITION_REQUIRED).await;
    let stale = put(&app, 2017, Role::Planner, Some("\"rev-9\""), &changed).await;
    assert_problem(stale, StatusCode::PRECONDITION_FAILED).await;
    // The GET body, edited, goes back as it is: its read-only fields are ignored.
    let mut edited = serde_json::to_value(&read).unwrap();
    edited["programmes"]["tech_enterprise"]["spent"] = json!("41000000");
    let saved = put(&app, 2017, Role::Planner, Some(&tag), &edited).await;
    assert_eq!(etag_of(&saved), "\"rev-2\"");
    let saved: StoredActuals = expect(saved, StatusCode::OK).await;
    assert_eq!(saved.meta.revision.0, 2);
    let stale = put(&app, 2017, Role::Planner, Some(&tag), &changed).await;
    assert_problem(stale, StatusCode::PRECONDITION_FAILED).await;

    let revisions: Page<api::ActualsRevision> = app
        .get_ok("/actuals/2017/revisions", Some(Role::Viewer))
        .await;
    assert_eq!(revisions.total, 2);
    assert_eq!(revisions.items[0].actuals, stored.actuals);
    assert_eq!(revisions.items[1].actuals, saved.actuals);
    let log: Page<AuditEntry> = app.get_ok("/audit", Some(Role::Admin)).await;
    let actions: Vec<&str> = log
        .items
        .iter()
        .filter(|entry| entry.entity == "actuals")
        .map(|entry| entry.action.as_str())
        .collect();
    assert_eq!(actions, ["actuals.update", "actuals.create"]);
}

async fn the_example_csv_and_an_xlsx_import_and_export_unchanged(backend: Backend) {
    let app = spawn_app(backend).await;
    let query = "?source=fictional%20illustration&note=example";
    let imported = import(
        &app,
        2017,
        Role::Planner,
        None,
        query,
        "text/csv",
        EXAMPLE_2017.into(),
    )
    .await;
    let imported: StoredActuals = expect(imported, StatusCode::CREATED).await;
    assert_eq!(imported.actuals.status, ActualStatus::Provisional);
    assert_eq!(imported.actuals.source, "fictional illustration");
    assert_eq!(imported.actuals.programmes.len(), 16);
    // The export is the example's layout: it reads back to the same actuals.
    let csv = app.get("/actuals/2017.csv", Some(Role::Viewer)).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), EXAMPLE_2017.lines().count());
    // The same file again: refused without `If-Match`, saved as revision 2 with it.
    let reimport = async |etag| {
        let file = csv.clone().into_bytes();
        import(&app, 2017, Role::Planner, etag, query, "text/csv", file).await
    };
    assert_problem(reimport(None).await, StatusCode::PRECONDITION_REQUIRED).await;
    let again = reimport(Some("\"rev-1\"")).await;
    let again: StoredActuals = expect(again, StatusCode::OK).await;
    assert_eq!(again.actuals, imported.actuals);
    assert_eq!(again.meta.revision.0, 2);

    // An XLSX written here, in the same columns, with the 2018 example's rows.
    let workbook = xlsx_of(EXAMPLE_2018);
    let imported = import(&app, 2018, Role::Planner, None, "", XLSX, workbook).await;
    let imported: StoredActuals = expect(imported, StatusCode::CREATED).await;
    let from_csv = api::actuals_file::actuals_from_rows(
        &api::actuals_file::read_csv(EXAMPLE_2018).unwrap(),
        serde_json::Map::from_iter([("status".to_owned(), json!("provisional"))]),
    )
    .unwrap();
    assert_eq!(imported.actuals, from_csv);
    // The server's XLSX export imports back unchanged.
    let exported = app.get("/actuals/2018.xlsx", Some(Role::Viewer)).await;
    assert_eq!(exported.headers()["content-type"], XLSX);
    let bytes = exported.bytes().await.unwrap().to_vec();
    let back = import(
        &app,
        2018,
        Role::Planner,
        Some("\"rev-1\""),
        "",
        XLSX,
        bytes,
    )
    .await;
    let back: StoredActuals = expect(back, StatusCode::OK).await;
    assert_eq!(back.actuals, imported.actuals);
}

/// A workbook with the rows of `csv`, numbers as numbers, written with rust_xlsxwriter.
fn xlsx_of(csv: &str) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, line) in (0u32..).zip(csv.trim_start_matches('\u{feff}').lines()) {
        for (column, cell) in (0u16..).zip(line.split(',')) {
            match cell.parse::<f64>() {
                Ok(number) if row > 0 => sheet.write_number(row, column, number),
                _ => sheet.write_string(row, column, cell),
            }
            .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

async fn every_bad_input_is_a_422_naming_it_and_stores_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let good = body("provisional", "1000", 1.0);
    let problem = assert_problem(
        put(&app, 2016, Role::Planner, None, &good).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    problem_at(&problem, "year");
    let mut cases = vec![
        ("programmes.foo", {
            let mut body = good.clone();
            body["programmes"]["foo"] = json!({"spent": "1"});
            body
        }),
        (
            "programmes.tech_enterprise.spent",
            body("provisional", "-5", 1.0),
        ),
        ("programmes.tech_enterprise.outcomes.enterprises", {
            let mut body = good.clone();
            body["programmes"]["tech_enterprise"]["outcomes"]["enterprises"] = json!("many");
            body
        }),
        ("programmes.tech_enterprise.outcomes.patents", {
            let mut body = good.clone();
            body["programmes"]["tech_enterprise"]["outcomes"]["patents"] = json!(1);
            body
        }),
        ("status", body("done", "1000", 1.0)),
    ];
    for (path, bad) in cases.drain(..) {
        let problem = assert_problem(
            put(&app, 2017, Role::Planner, None, &bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        problem_at(&problem, path);
    }
    // Bad rows of a file, each named by its line; the header is line 1.
    let lines: Vec<&str> = EXAMPLE_2017.lines().collect();
    let with_line = |line: usize, text: &str| {
        let mut lines = lines.clone();
        lines[line - 1] = text;
        lines.join("\n")
    };
    let row = |line: usize| lines[line - 1].to_owned();
    let files = [
        (
            7,
            with_line(7, &row(7).replacen("smart_manufacturing", "foo", 1)),
            "programme `foo`",
        ),
        (
            4,
            with_line(4, &row(4).replace(",37", ",lots")),
            "not a number",
        ),
        (
            16,
            with_line(16, &row(16).replacen("16390000", "16390001", 1)),
            "on line 15",
        ),
        (
            3,
            with_line(3, &row(3).replacen("13110000", "-1", 1)),
            "negative",
        ),
    ];
    for (line, file, says) in files.clone() {
        let problem = assert_problem(
            import(&app, 2017, Role::Planner, None, "", "text/csv", file.into()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let at = problem_at(&problem, &format!("line {line}"));
        assert!(at.message.contains(says), "{at:?}");
        assert!(
            problem.detail.contains(&format!("line {line}")),
            "{}",
            problem.detail
        );
    }
    // Asked in Chinese, the same mistakes are named in Chinese, path still `line N`.
    let (_, unknown_programme, _) = &files[0];
    let problem = assert_problem(
        import(
            &app,
            2017,
            Role::Planner,
            None,
            "?lang=zh",
            "text/csv",
            unknown_programme.clone().into(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let at = problem_at(&problem, "line 7");
    assert_eq!(at.message, "第 7 行：没有编号为“foo”的项目");
    assert_eq!(problem.detail, "文件未导入：第 7 行：没有编号为“foo”的项目");
    for (media, file, status) in [
        (
            "application/pdf",
            &b"%PDF"[..],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (XLSX, b"not a workbook", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let refused = import(&app, 2017, Role::Planner, None, "", media, file.to_vec()).await;
        assert_problem(refused, status).await;
    }
    assert_problem(
        app.get("/actuals/2017", Some(Role::Viewer)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(revision_count(&app, 2017).await, 0);
}

async fn planners_write_provisional_approvers_final_viewers_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let provisional = body("provisional", "1000", 1.0);
    let fin = body("final", "1000", 1.0);
    assert_problem(
        put(&app, 2017, Role::Viewer, None, &provisional).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_problem(
        app.put("/actuals/2017", None, None, &provisional).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_problem(
        put(&app, 2017, Role::Planner, None, &fin).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let created = put(&app, 2017, Role::Planner, None, &provisional).await;
    let tag = etag_of(&created);
    assert_eq!(created.status(), StatusCode::CREATED);
    let marked = put(&app, 2017, Role::Approver, Some(&tag), &fin).await;
    let tag = etag_of(&marked);
    let marked: StoredActuals = expect(marked, StatusCode::OK).await;
    assert_eq!(marked.actuals.status, ActualStatus::Final);
    assert_problem(
        put(&app, 2017, Role::Planner, Some(&tag), &provisional).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let read: StoredActuals = app.get_ok("/actuals/2017", Some(Role::Viewer)).await;
    assert_eq!(read, marked);
    assert_eq!(revision_count(&app, 2017).await, 2);
    // Importing a final year is the approver's, as marking one final is.
    let import_final = async |role| {
        let file = EXAMPLE_2018.into();
        import(&app, 2018, role, None, "?status=final", "text/csv", file).await
    };
    assert_problem(import_final(Role::Planner).await, StatusCode::FORBIDDEN).await;
    assert_eq!(
        import_final(Role::Approver).await.status(),
        StatusCode::CREATED
    );
}

/// A stored, approved baseline; its id.
async fn approved(app: &TestApp, name: &str) -> ScenarioId {
    let (id, _) = app.create_scenario(&baseline(name)).await;
    for (role, status) in [
        (Role::Planner, Status::Proposed),
        (Role::Approver, Status::Approved),
    ] {
        assert_eq!(
            app.set_status(id, role, status).await.status(),
            StatusCode::OK
        );
    }
    id
}

async fn year_plans_are_adopted_from_approved_scenarios_until_the_year_is_final(backend: Backend) {
    let app = spawn_app(backend).await;
    let (draft, _) = app.create_scenario(&baseline("draft")).await;
    let adopt = |id: ScenarioId, role: Role| {
        let app = &app;
        async move {
            app.post(
                "/years/2017/plan",
                Some(role),
                &api::AdoptBody { scenario: id },
            )
            .await
        }
    };
    assert_problem(adopt(draft, Role::Planner).await, StatusCode::FORBIDDEN).await;
    assert_problem(adopt(draft, Role::Approver).await, StatusCode::CONFLICT).await;
    assert_problem(
        adopt(ScenarioId(999), Role::Approver).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_problem(
        app.get("/years/2017/plan", Some(Role::Viewer)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let id = approved(&app, "plan 2017").await;
    let plan: YearPlan = expect(adopt(id, Role::Approver).await, StatusCode::OK).await;
    assert_eq!(plan.scenario, id);
    assert_eq!(plan.allocations.len(), 16);
    assert_eq!(
        plan.total,
        shared::Scenario::baseline().year_total(shared::Year::ALL[0])
    );
    let read: YearPlan = app.get_ok("/years/2017/plan", Some(Role::Viewer)).await;
    assert_eq!(read, plan);
    let years: List<YearState> = app.get_ok("/years", Some(Role::Viewer)).await;
    assert_eq!(years.items.len(), 4);
    assert_eq!(years.items[0].plan.as_ref(), Some(&plan));
    assert!(years.items[1].plan.is_none() && years.items[0].actuals.is_none());

    // Re-adoption works while the actuals are provisional, not once they are final.
    let (provisional, fin) = (body("provisional", "1000", 1.0), body("final", "1000", 1.0));
    let created = put(&app, 2017, Role::Planner, None, &provisional).await;
    let tag = etag_of(&created);
    assert_eq!(adopt(id, Role::Approver).await.status(), StatusCode::OK);
    put(&app, 2017, Role::Approver, Some(&tag), &fin).await;
    assert_problem(adopt(id, Role::Approver).await, StatusCode::CONFLICT).await;
    let years: List<YearState> = app.get_ok("/years", Some(Role::Viewer)).await;
    assert_eq!(years.items[0].actuals, Some(ActualStatus::Final));
    assert_eq!(app.audit("year_plan.adopt").await.len(), 2);
}

async fn execution_assessment_and_replan_match_the_model_and_the_description(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut contract = Contract::fetch(&app).await;
    let id = approved(&app, "plan").await;
    app.post(
        "/years/2017/plan",
        Some(Role::Approver),
        &api::AdoptBody { scenario: id },
    )
    .await;
    let query = "?source=fictional%20illustration";
    for (year, file) in [(2017, EXAMPLE_2017), (2018, EXAMPLE_2018)] {
        let imported = import(
            &app,
            year,
            Role::Planner,
            None,
            query,
            "text/csv",
            file.into(),
        )
        .await;
        assert_eq!(imported.status(), StatusCode::CREATED);
    }
    let template = "/api/v1/scenarios/{id}/execution";
    let path = format!("/scenarios/{id}/execution");
    let executed = contract
        .get(&app, template, &path, Some(Role::Viewer))
        .await;
    assert_eq!(executed["through"], json!(2018));
    // The answer is the model's for the same inputs.
    let scenario = shared::Scenario::baseline();
    let mut actuals = shared::execution::Actuals::none();
    for (year, file) in [(0, EXAMPLE_2017), (1, EXAMPLE_2018)] {
        let rows = api::actuals_file::read_csv(file).unwrap();
        let fields = serde_json::Map::from_iter([("status".to_owned(), json!("provisional"))]);
        let mut read: YearActuals = api::actuals_file::actuals_from_rows(&rows, fields).unwrap();
        read.source = "fictional illustration".to_owned();
        actuals.set(shared::Year::ALL[year], read);
    }
    let mut named = serde_json::to_value(&scenario).unwrap();
    named["name"] = json!("plan");
    let scenario = shared::Scenario::from_json(&named.to_string()).unwrap();
    let model = shared::execution::execution(
        &scenario,
        scenario.allocations(),
        &actuals,
        shared::Year::ALL[1],
        false,
    );
    assert_eq!(executed, crate::helpers::model_json(&model));
    let calibrated = contract
        .get(
            &app,
            template,
            &format!("{path}?through=2017&calibrate=true"),
            Some(Role::Viewer),
        )
        .await;
    assert_eq!(calibrated["calibrate"], json!(true));
    let bad = app
        .get(&format!("{path}?through=2021"), Some(Role::Viewer))
        .await;
    problem_at(
        &assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY).await,
        "through",
    );

    let assessment = contract
        .get(
            &app,
            "/api/v1/years/{year}/assessment",
            "/years/2017/assessment",
            Some(Role::Viewer),
        )
        .await;
    assert_eq!(assessment["basis"]["scenario"], json!(id));
    assert_eq!(assessment["basis"]["chosen"], json!("year_plan"));
    let model = shared::execution::assess_with_history(
        scenario.allocations(),
        &scenario,
        shared::Year::ALL[0],
        &actuals,
    )
    .unwrap();
    assert_eq!(assessment["assessment"], crate::helpers::model_json(&model));

    let replan = "/api/v1/scenarios/{id}/replan";
    let replanning = format!("/scenarios/{id}/replan");
    let request = json!({"through": 2018, "carry_over": "next_year", "step": "100000"});
    contract.accepts(replan, &request);
    contract.refuses(
        replan,
        &json!({"carry_over": "later"}),
        "an unknown carry-over",
    );
    assert_problem(
        app.post(&replanning, Some(Role::Viewer), &request).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let answer = contract
        .post(&app, replan, &replanning, Some(Role::Planner), &request)
        .await;
    assert!(answer["scenario"].is_object() && answer["projection"].is_object());
    let changes = answer["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 64);
    // Closed years are their actual spending; the re-plan is not stored.
    let first = actuals.year(shared::Year::ALL[0]).unwrap();
    for change in changes
        .iter()
        .filter(|change| change["year"] == json!(2017))
    {
        let programme: shared::ProgrammeId =
            serde_json::from_value(change["programme"].clone()).unwrap();
        assert_eq!(change["closed"], json!(true));
        assert_eq!(
            change["after"],
            json!(first.programmes[&programme].spent.to_string())
        );
    }
    let list: Page<Value> = app.get_ok("/scenarios", Some(Role::Viewer)).await;
    assert_eq!(list.total, 1);
    let problem = assert_problem(
        app.post(&replanning, Some(Role::Planner), &json!({"through": 2020}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    problem_at(&problem, "through");
    let problem = assert_problem(
        app.post(
            &replanning,
            Some(Role::Planner),
            &json!({"carry_over": "later"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    problem_at(&problem, "carry_over");
}

on_both_backends!(
    actuals_round_trip_with_if_match_and_revisions,
    the_example_csv_and_an_xlsx_import_and_export_unchanged,
    every_bad_input_is_a_422_naming_it_and_stores_nothing,
    planners_write_provisional_approvers_final_viewers_read,
    year_plans_are_adopted_from_approved_scenarios_until_the_year_is_final,
    execution_assessment_and_replan_match_the_model_and_the_description,
);
