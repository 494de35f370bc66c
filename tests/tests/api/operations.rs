//! The planner's edits as stateless operations: transfer, set, fit to the envelope.
//! Every expected amount is worked out by hand from the plan baseline (CNY a year):
//! tech_enterprise 50,000,000, emerging_industry 15,000,000, modern_services
//! 7,500,000, ecommerce 5,000,000, equipment_upgrade 50,000,000, smart_manufacturing
//! 30,000,000, specialised_products 37,500,000 (floor 37,500,000), lean_management
//! 20,000,000 (floor 20,000,000), patents 10,000,000, brands 5,000,000,
//! shareholding_reform 10,000,000, mixed_ownership 2,500,000, energy_saving 17,500,000,
//! park_upgrade 20,000,000, building_upgrade 15,000,000, demo_bases 5,000,000 (floor
//! 5,000,000): 300,000,000 a year.

use api::{EditedScenario, FitEnvelopeRequest, ProblemDetails, SetRequest, TransferRequest};
use reqwest::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};
use shared::edit::default_unit;
use shared::{EditError, Edited, Locks, Money, ProgrammeId, Scenario, Year, Years};

use crate::helpers::{
    Backend, TestApp, assert_problem, baseline, baseline_with_envelope, model_json, problem_at,
    scenario, spawn_app,
};

fn y(yuan: i64) -> Money {
    Money::yuan(yuan)
}

/// The scenario of an operation's answer, parsed by the model.
fn scenario_of(body: &Value) -> Scenario {
    Scenario::from_json(&body["scenario"].to_string())
        .unwrap_or_else(|error| panic!("the answer's scenario is invalid: {error}\n{body}"))
}

/// The baseline with an envelope of `yuan` a year.
fn with_envelope(yuan: i64) -> Scenario {
    Scenario::from_json(&baseline_with_envelope("预算 2.5 亿", yuan).to_string()).unwrap()
}

fn year(number: u16) -> Year {
    Year::from_number(number).unwrap()
}

/// The answer to `operation`, which must be the model's own edit of the same input.
async fn ok<B: Serialize>(
    app: &TestApp,
    operation: &str,
    body: &B,
    model: Result<Edited, EditError>,
) -> Value {
    let answer: Value = app
        .post_ok(&format!("/operations/{operation}"), None, body)
        .await;
    let model = model.unwrap_or_else(|error| panic!("the model refuses {operation}: {error}"));
    assert_eq!(
        answer,
        model_json(&EditedScenario::from(model)),
        "{operation}: the model's own edit"
    );
    answer
}

async fn refused<B: Serialize + ?Sized>(
    app: &TestApp,
    operation: &str,
    body: &B,
) -> ProblemDetails {
    assert_problem(
        app.post(&format!("/operations/{operation}"), None, body)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

fn transfer(
    from: ProgrammeId,
    to: ProgrammeId,
    amount: &str,
    year: Option<Year>,
) -> TransferRequest {
    TransferRequest {
        scenario: scenario("x"),
        from,
        to,
        amount: amount.to_owned(),
        year,
    }
}

fn set(programme: ProgrammeId, amount: &str, locks: Option<Vec<ProgrammeId>>) -> SetRequest {
    SetRequest {
        scenario: scenario("x"),
        programme,
        amount: amount.to_owned(),
        year: None,
        locks,
        unit: None,
    }
}

fn fit(scenario: Scenario, locks: Option<Vec<ProgrammeId>>) -> FitEnvelopeRequest {
    FitEnvelopeRequest {
        scenario,
        locks,
        unit: None,
    }
}

async fn a_transfer_moves_exactly_its_amount_and_nothing_else(backend: Backend) {
    let app = spawn_app(backend).await;
    let base = Scenario::baseline();
    let body = TransferRequest {
        scenario: scenario("调整"),
        ..transfer(
            ProgrammeId::EquipmentUpgrade,
            ProgrammeId::SpecialisedProducts,
            "20000000",
            None,
        )
    };
    let model = shared::transfer(
        &body.scenario,
        body.from,
        body.to,
        y(20_000_000),
        Years::All,
    );
    let answer = ok(&app, "transfer", &body, model).await;
    let edited = scenario_of(&answer);
    for year in Year::ALL {
        for id in ProgrammeId::ALL.iter().copied() {
            let expected = match id {
                ProgrammeId::EquipmentUpgrade => y(30_000_000),
                ProgrammeId::SpecialisedProducts => y(57_500_000),
                other => base.allocation(year, other),
            };
            assert_eq!(edited.allocation(year, id), expected, "{id} in {year}");
        }
        assert_eq!(edited.year_total(year), y(300_000_000));
    }
    assert_eq!(edited.name(), "调整");
    let changes = answer["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 8, "two lines in four years");
    assert_eq!(
        changes[0],
        json!({"programme": "equipment_upgrade", "year": 2017, "before": "50000000", "after": "30000000"})
    );
    assert_eq!(
        changes[1],
        json!({"programme": "specialised_products", "year": 2017, "before": "37500000", "after": "57500000"})
    );
    assert_eq!(answer["clamped"], false);
    assert_eq!(
        answer["description"]["zh"],
        "从「设备升级」调出 2,000 万元 至「专精特新」（每年）"
    );
    let en = answer["description"]["en"].as_str().unwrap();
    assert!(
        en.starts_with("Moved CNY 20") && en.contains(" million from "),
        "{en}"
    );

    // One year, the amount as a JSON number (so not a `TransferRequest`): only 2018
    // moves.
    let one_year = json!({
        "scenario": baseline("调整"),
        "from": "patents",
        "to": "brands",
        "amount": 2_500_000,
        "year": 2018,
    });
    let model = shared::transfer(
        &scenario("调整"),
        ProgrammeId::Patents,
        ProgrammeId::Brands,
        y(2_500_000),
        Years::One(year(2018)),
    );
    let answer = ok(&app, "transfer", &one_year, model).await;
    let edited = scenario_of(&answer);
    let y2018 = Year::ALL[1];
    for year in Year::ALL {
        let (patents, brands) = if year == y2018 {
            (y(7_500_000), y(7_500_000))
        } else {
            (y(10_000_000), y(5_000_000))
        };
        assert_eq!(edited.allocation(year, ProgrammeId::Patents), patents);
        assert_eq!(edited.allocation(year, ProgrammeId::Brands), brands);
    }
    assert_eq!(answer["changes"].as_array().unwrap().len(), 2);
    assert!(
        answer["description"]["en"]
            .as_str()
            .unwrap()
            .ends_with("(2018 only)")
    );
}

async fn a_transfer_below_a_floor_names_the_programme_the_floor_and_the_room(backend: Backend) {
    let app = spawn_app(backend).await;
    // lean_management sits at its floor of 20,000,000: no room at all.
    let body = transfer(
        ProgrammeId::LeanManagement,
        ProgrammeId::Patents,
        "5000000",
        None,
    );
    let problem = refused(&app, "transfer", &body).await;
    let amount = problem_at(&problem, "amount");
    assert_eq!(amount.programme, Some(ProgrammeId::LeanManagement));
    assert_eq!(amount.year, Some(year(2017)));
    let message = &amount.message;
    for part in [
        "lean_management",
        "floor of 20000000 CNY",
        "at most 0 CNY can be moved out",
    ] {
        assert!(message.contains(part), "{part}: {message}");
    }
    assert_eq!(problem.detail, amount.message);
    // equipment_upgrade has no floor: 50,000,000 is all it has to give.
    let body = transfer(
        ProgrammeId::EquipmentUpgrade,
        ProgrammeId::Patents,
        "60000000",
        Some(year(2019)),
    );
    let problem = refused(&app, "transfer", &body).await;
    let amount = problem_at(&problem, "amount");
    let message = &amount.message;
    assert!(message.contains("floor of 0 CNY in 2019"), "{message}");
    assert!(
        message.contains("at most 50000000 CNY can be moved out"),
        "{message}"
    );
    assert_eq!(amount.year, Some(year(2019)));
}

async fn every_mistake_in_an_operation_is_named_with_its_path(backend: Backend) {
    let app = spawn_app(backend).await;
    // Each case spoils one field of a good request, so the bodies are raw JSON.
    let good = serde_json::to_value(transfer(
        ProgrammeId::Patents,
        ProgrammeId::Brands,
        "1000000",
        None,
    ))
    .unwrap();
    let cases: [(&str, &str, Option<Value>, &str); 12] = [
        ("transfer", "colour", Some(json!("red")), "unknown field"),
        (
            "transfer",
            "from",
            Some(json!("rockets")),
            "not a programme id",
        ),
        (
            "transfer",
            "to",
            Some(json!("patents")),
            "two different programmes",
        ),
        (
            "transfer",
            "amount",
            Some(json!("lots")),
            "not an amount of CNY",
        ),
        ("transfer", "amount", Some(json!("-5")), "whole, positive"),
        // JSON numbers with a fraction or an exponent have been through f64: refused.
        (
            "transfer",
            "amount",
            Some(json!(10000000.0000000001)),
            "is not exact",
        ),
        ("transfer", "amount", Some(json!(5e6)), "is not exact"),
        ("transfer", "amount", Some(json!("0.5")), "whole, positive"),
        ("transfer", "amount", None, "missing"),
        (
            "transfer",
            "year",
            Some(json!(2021)),
            "plan year from 2017 to 2020",
        ),
        ("transfer", "from", None, "missing"),
        (
            "transfer",
            "amount",
            Some(json!("10000000000000")),
            "beyond the largest amount",
        ),
    ];
    for (operation, field, value, expected) in cases {
        let mut body = good.clone();
        match value {
            Some(value) => body[field] = value,
            None => {
                body.as_object_mut().unwrap().remove(field);
            }
        }
        let problem = refused(&app, operation, &body).await;
        let at = problem_at(&problem, field);
        assert!(at.message.contains(expected), "{field}: {problem:#?}");
    }
    let mut bad_scenario = good.clone();
    bad_scenario["scenario"]["allocations"]["patents"] = json!("lots");
    let problem = refused(&app, "transfer", &bad_scenario).await;
    problem_at(&problem, "scenario.allocations.patents");
    let zero_unit = SetRequest {
        unit: Some("0".to_owned()),
        ..set(ProgrammeId::Patents, "1", None)
    };
    problem_at(&refused(&app, "set", &zero_unit).await, "unit");
    // Not a programme, not a list, not a field: raw JSON.
    for (operation, body, path) in [
        (
            "set",
            json!({"scenario": baseline("x"), "programme": "patents", "amount": "1", "locks": ["brands", "moon_base"]}),
            "locks[1]",
        ),
        (
            "fit-envelope",
            json!({"scenario": baseline("x"), "locks": "patents"}),
            "locks",
        ),
        (
            "fit-envelope",
            json!({"scenario": baseline("x"), "step": "1"}),
            "step",
        ),
    ] {
        problem_at(&refused(&app, operation, &body).await, path);
    }
    // Anyone may call them, as a stateless projection; only POST.
    let response = app.get("/operations/transfer", None).await;
    assert!(response.status().is_client_error());
}

async fn set_keeps_every_year_exact_holds_locks_and_floors_in_round_units(backend: Backend) {
    let app = spawn_app(backend).await;
    let base = Scenario::baseline();
    let unit = 100_000;
    for (programme, amount, year, locked) in [
        (
            ProgrammeId::SpecialisedProducts,
            "57500000",
            None,
            vec![ProgrammeId::EquipmentUpgrade, ProgrammeId::Patents],
        ),
        (ProgrammeId::SpecialisedProducts, "57654321", None, vec![]),
        (
            ProgrammeId::Patents,
            "22345678",
            Some(year(2019)),
            vec![ProgrammeId::TechEnterprise],
        ),
        (
            ProgrammeId::EquipmentUpgrade,
            "12345678",
            Some(year(2017)),
            vec![],
        ),
    ] {
        let body = SetRequest {
            scenario: scenario("设定"),
            year,
            ..set(programme, amount, Some(locked.clone()))
        };
        let model = shared::set(
            &body.scenario,
            programme,
            Money::parse(amount).unwrap(),
            year.map_or(Years::All, Years::One),
            &Locks::of(&locked),
            default_unit(),
        );
        let answer = ok(&app, "set", &body, model).await;
        let edited = scenario_of(&answer);
        for y_ in Year::ALL {
            let applies = year.is_none_or(|one| y_ == one);
            assert_eq!(edited.year_total(y_), y(300_000_000), "{amount} {y_}");
            let set_to = edited.allocation(y_, programme);
            if applies {
                assert_eq!(set_to, Money::parse(amount).unwrap(), "{amount} {y_}");
            } else {
                for id in ProgrammeId::ALL.iter().copied() {
                    assert_eq!(edited.allocation(y_, id), base.allocation(y_, id));
                }
            }
            let mut off_unit = 0;
            for id in ProgrammeId::ALL.iter().copied() {
                let now = edited.allocation(y_, id);
                assert!(now >= edited.floor(id), "{id} below its floor in {y_}");
                if locked.contains(&id) {
                    assert_eq!(now, base.allocation(y_, id), "locked {id} moved");
                }
                let was = base.allocation(y_, id);
                if id != programme && now != was {
                    let moved = (now - was).as_decimal();
                    if !(moved % y(unit).as_decimal()).is_zero() {
                        off_unit += 1;
                    }
                }
            }
            assert!(
                off_unit <= 1,
                "{amount} {y_}: {off_unit} lines off the unit"
            );
        }
        // Raising a line takes from the others, and lean_management and demo_bases sit
        // at their floors: they give nothing.
        if Money::parse(amount).unwrap() > base.allocation(Year::ALL[0], programme) {
            for change in answer["changes"].as_array().unwrap() {
                assert_ne!(change["programme"], "lean_management");
                assert_ne!(change["programme"], "demo_bases");
            }
        }
        assert_eq!(answer["clamped"], false);
    }

    // Asking for the whole envelope: every other line goes to its floor and the amount
    // is clamped to 300,000,000 − 37,500,000 − 20,000,000 − 5,000,000 = 237,500,000.
    let body = SetRequest {
        scenario: scenario("全部"),
        ..set(ProgrammeId::TechEnterprise, "300000000", None)
    };
    let model = shared::set(
        &body.scenario,
        ProgrammeId::TechEnterprise,
        y(300_000_000),
        Years::All,
        &Locks::none(),
        default_unit(),
    );
    let answer = ok(&app, "set", &body, model).await;
    assert_eq!(answer["clamped"], true);
    let edited = scenario_of(&answer);
    for year in Year::ALL {
        assert_eq!(
            edited.allocation(year, ProgrammeId::TechEnterprise),
            y(237_500_000)
        );
        for id in ProgrammeId::ALL.iter().copied() {
            if id != ProgrammeId::TechEnterprise {
                assert_eq!(edited.allocation(year, id), edited.floor(id), "{id}");
            }
        }
    }

    // Refusals: the line itself locked; nothing left to absorb.
    let others: Vec<ProgrammeId> = ProgrammeId::ALL
        .iter()
        .copied()
        .filter(|id| *id != ProgrammeId::Patents)
        .collect();
    for (locks, expected) in [
        (vec![ProgrammeId::Patents], "patents is locked"),
        (others, "every other line is locked"),
    ] {
        let body = set(ProgrammeId::Patents, "1", Some(locks));
        let problem = refused(&app, "set", &body).await;
        let message = &problem_at(&problem, "locks").message;
        assert!(message.contains(expected), "{message}");
    }
}

async fn fit_envelope_scales_the_baseline_to_a_smaller_envelope_in_round_units(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = fit(with_envelope(250_000_000), None);
    let model = shared::fit_envelope(&body.scenario, &Locks::none(), default_unit());
    let answer = ok(&app, "fit-envelope", &body, model).await;
    let edited = scenario_of(&answer);
    // Scaled by 250 ÷ 300, the three earmarked lines would fall below their floors
    // (62,500,000 together), so they are pinned there; the other thirteen, 237,500,000,
    // become 187,500,000: each × 15 ÷ 19, rounded down to 100,000 CNY units, the units
    // left over going out by largest remainder (tech_enterprise 39,473,684 → 39,500,000;
    // ecommerce and brands, both 3,947,368, end at 4,000,000 and 3,900,000).
    for year in Year::ALL {
        for (id, expected) in [
            (ProgrammeId::TechEnterprise, 39_500_000),
            (ProgrammeId::MixedOwnership, 2_000_000),
            (ProgrammeId::EnergySaving, 13_800_000),
            (ProgrammeId::Brands, 3_900_000),
            (ProgrammeId::Ecommerce, 4_000_000),
            (ProgrammeId::SpecialisedProducts, 37_500_000),
            (ProgrammeId::LeanManagement, 20_000_000),
            (ProgrammeId::DemoBases, 5_000_000),
        ] {
            assert_eq!(edited.allocation(year, id), y(expected), "{id} in {year}");
        }
        assert_eq!(edited.year_total(year), y(250_000_000), "{year}");
    }
    assert!(edited.is_balanced());
    assert_eq!(answer["clamped"], false);
    // 13 lines in 4 years move; the earmarked three do not.
    assert_eq!(answer["changes"].as_array().unwrap().len(), 52);
    // The fitted scenario is feasible again.
    let projection: Value = app.post_ok("/projection", None, &answer["scenario"]).await;
    assert_eq!(projection["feasible"], true);

    // Already balanced: nothing moves.
    let body = fit(scenario("x"), None);
    let model = shared::fit_envelope(&body.scenario, &Locks::none(), default_unit());
    let answer = ok(&app, "fit-envelope", &body, model).await;
    assert_eq!(answer["changes"], json!([]));
}

async fn fit_envelope_refuses_when_floors_and_locks_exceed_it_saying_by_how_much(backend: Backend) {
    let app = spawn_app(backend).await;
    // Locked 50,000,000 + 50,000,000, floors 37,500,000 + 20,000,000 + 5,000,000:
    // 162,500,000 against 100,000,000, 62,500,000 too much.
    let body = fit(
        with_envelope(100_000_000),
        Some(vec![
            ProgrammeId::TechEnterprise,
            ProgrammeId::EquipmentUpgrade,
        ]),
    );
    let problem = refused(&app, "fit-envelope", &body).await;
    let message = &problem_at(&problem, "locks").message;
    for part in [
        "2017",
        "need 162500000 CNY",
        "62500000 CNY more than the envelope of 100000000 CNY",
    ] {
        assert!(message.contains(part), "{part}: {message}");
    }
}

async fn an_overspending_scenario_is_not_feasible_and_claims_no_target(backend: Backend) {
    let app = spawn_app(backend).await;
    let overspending = with_envelope(250_000_000);
    let projection: Value = app.post_ok("/projection", None, &overspending).await;
    assert_eq!(projection, model_json(&shared::project(&overspending)));
    assert_eq!(projection["feasible"], false);
    assert_eq!(projection["balanced"], false);
    for year in projection["envelope"].as_array().unwrap() {
        assert_eq!(year["unallocated"], "-50000000");
    }
    let mut checked = 0;
    for row in projection["indicators"].as_array().unwrap() {
        let expected = if row["target"].is_null() {
            "no-target"
        } else {
            "infeasible"
        };
        assert_eq!(row["verdict"], expected, "{row}");
        checked += 1;
    }
    for kpi in projection["kpis"].as_object().unwrap().values() {
        assert_eq!(kpi["verdict"], "infeasible", "{kpi}");
        checked += 1;
    }
    assert_eq!(checked, 20);
    // The same money within the plan's envelope meets every target.
    let projection: Value = app.post_ok("/projection", None, &scenario("x")).await;
    assert_eq!(projection["feasible"], true);
    for row in projection["indicators"].as_array().unwrap() {
        if !row["target"].is_null() {
            assert_eq!(row["verdict"], "met", "{row}");
        }
    }
}

crate::on_both_backends!(
    a_transfer_moves_exactly_its_amount_and_nothing_else,
    a_transfer_below_a_floor_names_the_programme_the_floor_and_the_room,
    every_mistake_in_an_operation_is_named_with_its_path,
    set_keeps_every_year_exact_holds_locks_and_floors_in_round_units,
    fit_envelope_scales_the_baseline_to_a_smaller_envelope_in_round_units,
    fit_envelope_refuses_when_floors_and_locks_exceed_it_saying_by_how_much,
    an_overspending_scenario_is_not_feasible_and_claims_no_target,
);
