//! Stateless projection, optimisation and uncertainty.

use api::{OptimizeRequest, Role, UncertaintyRequest};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::Objective;

use crate::helpers::{
    Backend, TestApp, assert_problem, baseline, model_json, problem_at, problem_paths, scenario,
    spawn_app,
};

async fn a_stateless_projection_equals_the_model_field_for_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let scenario = shared::Scenario::baseline();
    // `planner project --json` reads the file and prints this serialisation of the
    // model's projection; both texts go through the same JSON parser here.
    let projection: Value = app.post_ok("/projection", None, &scenario).await;
    assert_eq!(projection, model_json(&shared::project(&scenario)));
}

/// The optimiser's request for `scenario`, every option left to its default.
fn optimize(scenario: shared::Scenario) -> OptimizeRequest {
    OptimizeRequest {
        scenario,
        objective: None,
        step: None,
        locks: None,
        min: None,
        max: None,
        keep_targets: None,
    }
}

/// The problem of a 422 from `POST path` as a viewer, which must be at `field`.
async fn refused_at(app: &TestApp, path: &str, body: &Value, field: &str) -> api::ProblemDetails {
    let problem = assert_problem(
        app.post(path, Some(Role::Viewer), body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    problem_at(&problem, field);
    problem
}

async fn the_optimiser_needs_a_viewer_and_caps_its_steps(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = OptimizeRequest {
        objective: Some(Objective::Enterprises),
        step: Some("1000000".to_owned()),
        ..optimize(scenario("opt"))
    };
    let response = app.post("/optimize", None, &body).await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let result: Value = app.post_ok("/optimize", Some(Role::Viewer), &body).await;
    assert!(result["scenario"]["allocations"].is_object());

    let too_fine = OptimizeRequest {
        step: Some("1".to_owned()),
        ..optimize(scenario("opt"))
    };
    let too_fine = serde_json::to_value(too_fine).unwrap();
    let problem = refused_at(&app, "/optimize", &too_fine, "step").await;
    assert_eq!(problem_paths(&problem)[0], "step");
    // Not an objective, so not an `OptimizeRequest`.
    let unknown = json!({"scenario": baseline("opt"), "objective": "happiness"});
    let problem = refused_at(&app, "/optimize", &unknown, "objective").await;
    assert_eq!(problem_paths(&problem)[0], "objective");
    let bad_scenario = json!({"scenario": {"name": "x", "allocations": {"patents": "lots"}}});
    refused_at(
        &app,
        "/optimize",
        &bad_scenario,
        "scenario.allocations.patents",
    )
    .await;
}

async fn monte_carlo_draws_are_capped(backend: Backend) {
    let app = spawn_app(backend).await;
    let ok = UncertaintyRequest {
        scenario: scenario("mc"),
        draws: Some(200),
        seed: Some(7),
    };
    let first: Value = app.post_ok("/uncertainty", Some(Role::Viewer), &ok).await;
    let again: Value = app.post_ok("/uncertainty", Some(Role::Viewer), &ok).await;
    assert_eq!(first, again, "the same seed gives the same bands");
    let model = shared::monte_carlo(&scenario("mc"), shared::Draws::new(200).unwrap(), 7);
    assert_eq!(first, model_json(&model), "the model's own bands");
    // Out of range or not a whole number: raw JSON.
    for draws in [json!(0), json!(200_001), json!(-5), json!("many")] {
        let body = json!({"scenario": baseline("mc"), "draws": draws});
        let problem = refused_at(&app, "/uncertainty", &body, "draws").await;
        assert_eq!(problem_paths(&problem)[0], "draws");
    }
    let extra = json!({"scenario": baseline("mc"), "iterations": 5});
    assert_problem(
        app.post("/uncertainty", Some(Role::Viewer), &extra).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

/// The three carrier targets the enterprise optimum gives up on the baseline.
const CARRIERS: [&str; 3] = [
    "park_upgrade.park_tax",
    "building_upgrade.floor_area",
    "park_upgrade.idle_land",
];

async fn optimise(app: &TestApp, body: &OptimizeRequest) -> Value {
    app.post_ok("/optimize", Some(Role::Viewer), body).await
}

/// Keeps `targets`, as the optimiser's `keep_targets` reads them.
fn keeping(targets: Value) -> OptimizeRequest {
    OptimizeRequest {
        keep_targets: Some(targets),
        ..optimize(scenario("opt"))
    }
}

fn broken_keys(result: &Value) -> Vec<String> {
    result["broken_targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_optimiser_lists_the_targets_it_breaks_and_keeps_those_it_is_told_to(backend: Backend) {
    let app = spawn_app(backend).await;
    let free = optimise(&app, &optimize(scenario("opt"))).await;
    let broken = broken_keys(&free);
    for key in CARRIERS {
        assert!(broken.iter().any(|b| b == key), "{key} not in {broken:?}");
    }
    for row in free["broken_targets"].as_array().unwrap() {
        let (target, after) = (
            row["target"].as_f64().unwrap(),
            row["after"].as_f64().unwrap(),
        );
        let shortfall = row["shortfall"].as_f64().unwrap();
        assert!(shortfall > 0.0, "{row}");
        assert!(
            (shortfall - (target - after)).abs() <= 1e-9 * target,
            "{row}"
        );
        assert!(
            row["before"].as_f64().unwrap() >= target * (1.0 - 1e-9),
            "{row}"
        );
    }
    assert_eq!(free["feasible"], true);
    assert_eq!(free["improved"], true);
    assert_eq!(free["changes"].as_array().unwrap().len(), 16);
    assert!(free["note"]["zh"].is_string() && free["note"]["en"].is_string());
    assert!(
        free["summary"]["en"]
            .as_str()
            .unwrap()
            .starts_with("Enterprises transformed")
    );

    let kept = optimise(&app, &keeping(json!(CARRIERS))).await;
    let broken = broken_keys(&kept);
    for key in CARRIERS {
        assert!(!broken.iter().any(|b| b == key), "{key} still broken");
    }
    let projection: Value = app.post_ok("/projection", None, &kept["scenario"]).await;
    assert_eq!(projection["feasible"], true);
    for row in projection["indicators"].as_array().unwrap() {
        let key = format!(
            "{}.{}",
            row["programme"].as_str().unwrap(),
            row["indicator"].as_str().unwrap()
        );
        if CARRIERS.contains(&key.as_str()) {
            assert!(row["attainment"].as_f64().unwrap() >= 1.0 - 1e-9, "{row}");
            assert_eq!(row["verdict"], "met", "{row}");
        }
    }
    // Keeping them costs enterprises, but still beats the baseline's 12,000.
    let (with, without) = (
        kept["value"].as_f64().unwrap(),
        free["value"].as_f64().unwrap(),
    );
    assert!(12_000.0 < with && with < without, "{with} vs {without}");

    // "all": no carrier target is broken; only the enterprise lines may give way.
    let all = optimise(&app, &keeping(json!("all"))).await;
    for key in broken_keys(&all) {
        assert!(!CARRIERS.contains(&key.as_str()), "{key} broken under all");
    }
}

async fn the_optimiser_holds_min_and_max_and_names_bounds_that_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    let bounded = OptimizeRequest {
        min: Some(json!({"patents": "15000000", "park_upgrade": 25_000_000})),
        max: Some(json!({"equipment_upgrade": "40000000", "lean_management": "20000000"})),
        ..optimize(scenario("opt"))
    };
    let bounded = optimise(&app, &bounded).await;
    let allocations = &bounded["scenario"]["allocations"];
    let amount = |id: &str| allocations[id].as_str().unwrap().parse::<i64>().unwrap();
    assert!(amount("patents") >= 15_000_000, "{allocations}");
    assert!(amount("park_upgrade") >= 25_000_000, "{allocations}");
    assert!(amount("equipment_upgrade") <= 40_000_000, "{allocations}");
    assert_eq!(amount("lean_management"), 20_000_000, "max at the floor");
    let total: i64 = allocations
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_str().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(total, 300_000_000, "the envelope is spent exactly");

    for (body, path, expected) in [
        (
            json!({"min": {"patents": "20000000"}, "max": {"patents": "10000000"}}),
            "min.patents",
            "above max",
        ),
        (
            json!({"max": {"lean_management": "10000000"}}),
            "max.lean_management",
            "below the floor of 20000000 CNY",
        ),
        (
            json!({"max": {"park_upgrade": "1000000"}, "keep_targets": ["park_upgrade.park_tax"]}),
            "keep_targets",
            "keeping park_upgrade.park_tax needs",
        ),
        (
            json!({"keep_targets": ["park_upgrade.park_tax", "park_upgrade.happiness"]}),
            "keep_targets[1]",
            "park_upgrade.idle_land",
        ),
        (json!({"keep_targets": "some"}), "keep_targets", "\"all\""),
        (
            json!({"min": {"moon_base": "1"}}),
            "min.moon_base",
            "not a programme id",
        ),
        (
            json!({"min": {"patents": "-1"}}),
            "min.patents",
            "non-negative",
        ),
        (json!({"max": ["patents"]}), "max", "by programme id"),
        (
            json!({"min": {"tech_enterprise": "300000000"}}),
            "scenario",
            "62500000 CNY more than the envelope",
        ),
    ] {
        let mut body = body;
        body["scenario"] = baseline("opt");
        let problem = refused_at(&app, "/optimize", &body, path).await;
        let message = &problem_at(&problem, path).message;
        assert!(message.contains(expected), "{path}: {message}");
    }
}

/// A large bad body cannot buy a much larger answer: 10,000 unknown programmes give the
/// first problems and the count of the rest, in a reply under 64 KiB.
async fn the_problem_list_is_capped(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = baseline("many");
    for n in 0..10_000 {
        body["allocations"][format!("made_up_{n}")] = json!("1");
    }
    let response = app.post("/projection", None, &body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await.unwrap();
    assert!(text.len() < 64 * 1024, "a reply of {} bytes", text.len());
    let problem: api::ProblemDetails = serde_json::from_str(&text).unwrap();
    let listed = problem.problems.as_deref().unwrap_or_default();
    assert_eq!(listed.len(), api::PROBLEMS_LISTED);
    assert!(
        listed
            .iter()
            .all(|p| p.path.starts_with("allocations.made_up_"))
    );
    let more = problem.more_problems.unwrap_or_default();
    assert_eq!(listed.len() + more, 10_000, "{}", problem.detail);
    assert!(
        problem.detail.contains("10000 problems"),
        "{}",
        problem.detail
    );
    assert!(problem.sentence().ends_with(&format!("; and {more} more")));

    // At the cap, nothing is left out and nothing is said about more.
    let mut body = baseline("some");
    for n in 0..api::PROBLEMS_LISTED {
        body["allocations"][format!("made_up_{n}")] = json!("1");
    }
    let problem = assert_problem(
        app.post("/projection", None, &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        problem.problems.map(|p| p.len()),
        Some(api::PROBLEMS_LISTED)
    );
    assert_eq!(problem.more_problems, None);
}

/// Amounts are written plainly or not at all: every lenient spelling an earlier server
/// accepted (and rounded, or read through f64) is a 422 naming the allocation, and the
/// plain spelling of the same amount is accepted.
async fn lenient_amounts_are_refused_naming_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let lenient = [
        json!("1_000"),
        json!("+5"),
        json!(" 5"),
        json!("5."),
        json!(".5e1"),
        json!("5e6"),
        json!("1,000"),
        // 29 significant digits: would be rounded to fit a decimal.
        json!("12345678901234567890123456789"),
        // Beyond the largest amount the model takes (10^12 CNY).
        json!("1000000000001"),
        // JSON numbers that went through f64: a fraction, an exponent.
        json!(10000000.0000000001),
        json!(5e6),
    ];
    for amount in lenient {
        let mut body = baseline("lenient");
        body["allocations"]["patents"] = amount.clone();
        let problem = assert_problem(
            app.post("/projection", None, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let at = problem_at(&problem, "allocations.patents");
        assert!(!at.message.is_empty(), "{amount}: {problem:#?}");
    }
    let mut plain = baseline("plain");
    let baseline_amount = plain["allocations"]["patents"].clone();
    for amount in [baseline_amount.clone(), json!(5_000_000)] {
        plain["allocations"]["patents"] = amount.clone();
        let response = app.post("/projection", None, &plain).await;
        assert_eq!(response.status(), StatusCode::OK, "{amount} was refused");
    }
}

/// A body that trickles in is cut off with 408 once the body deadline has passed, and
/// the server goes on answering.
async fn a_stalled_body_gets_408_within_the_deadline(backend: Backend) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let app = spawn_app(backend).await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let started = std::time::Instant::now();
    let head = format!(
        "POST /api/v1/projection HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let deadline = std::time::Duration::from_secs(server::deadline::BODY_SECONDS + 5);
    let mut reply = Vec::new();
    let read = tokio::time::timeout(deadline, async {
        let mut buffer = [0u8; 4096];
        // One more byte a second: never the whole body.
        loop {
            tokio::select! {
                n = stream.read(&mut buffer) => match n {
                    Ok(0) | Err(_) => break,
                    Ok(n) => reply.extend_from_slice(&buffer[..n]),
                },
                () = tokio::time::sleep(std::time::Duration::from_secs(1)) => {
                    if stream.write_all(b" ").await.is_err() {
                        break;
                    }
                }
            }
            if reply.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within {deadline:?}");
    let elapsed = started.elapsed().as_secs();
    let text = String::from_utf8_lossy(&reply);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        (server::deadline::BODY_SECONDS - 1..=server::deadline::BODY_SECONDS + 2)
            .contains(&elapsed),
        "answered after {elapsed} s"
    );
    let health = app.get("/health", None).await;
    assert_eq!(health.status(), StatusCode::OK);
}

crate::on_both_backends!(
    a_stateless_projection_equals_the_model_field_for_field,
    a_stalled_body_gets_408_within_the_deadline,
    the_problem_list_is_capped,
    lenient_amounts_are_refused_naming_the_field,
    the_optimiser_needs_a_viewer_and_caps_its_steps,
    monte_carlo_draws_are_capped,
    the_optimiser_lists_the_targets_it_breaks_and_keeps_those_it_is_told_to,
    the_optimiser_holds_min_and_max_and_names_bounds_that_conflict,
);
