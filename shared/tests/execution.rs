//! Plan execution against hand-computed values: actuals read with every problem named,
//! execution rates, the flow and level re-forecasts, and calibrated cost multipliers;
//! and two properties: without actuals, and with actuals equal to the model's own
//! outputs, the re-forecast is today's projection.
//!
//! Hand values (Python, from `funding-model.md` §3): 专精特新 products, T = 125 a year,
//! α = 0.2, s = 2, B = 37,500,000, so k = −B ÷ ln(1 − 0.8 ÷ 1.8) = 63,798,657.30;
//! the demo-park tax level, T = 3×10^10, α = 0.9, B = 80,000,000 over four years, so
//! k = 80,000,000 ÷ ln(11 ÷ 10) = 839,364,694.98.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::says;

use proptest::prelude::*;
use serde_json::json;
use shared::execution::{
    ActualStatus, Actuals, AssessmentStatus, Execution, IndicatorExecution, YearActuals,
};
use shared::ids::{IndicatorId, ProgrammeId, Year};
use shared::{Money, Scenario, Years};

const Y2017: Year = Year::ALL[0];
const Y2018: Year = Year::ALL[1];

fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= relative * expected.abs().max(1.0)
}

fn year_actuals(body: serde_json::Value) -> YearActuals {
    YearActuals::from_value(&body).expect("valid actuals")
}

fn specialised(spent: &str, products: f64) -> serde_json::Value {
    json!({"status": "final", "source": "test", "note": "",
           "programmes": {"specialised_products": {"spent": spent,
                          "outcomes": {"products": products}}}})
}

fn indicator(
    execution: &Execution,
    programme: ProgrammeId,
    id: IndicatorId,
) -> &IndicatorExecution {
    execution
        .indicators
        .iter()
        .find(|row| row.facts.programme == programme && row.facts.indicator == id)
        .expect("indicator exists")
}

#[test]
fn actuals_report_every_problem_with_its_path() {
    let body = json!({
        "status": "done",
        "source": "x".repeat(501),
        "colour": 1,
        "programmes": {
            "bogus": {"spent": "1"},
            "equipment_upgrade": {"spent": "-5", "outcomes": {"bases": 3, "enterprises": "many"}},
            "patents": {"spent": "lots", "outcomes": {"enterprises": -1}},
            "brands": {"outcomes": {}},
            "ecommerce": {"spent": "1.005"}
        }
    });
    let error = YearActuals::from_value(&body).expect_err("invalid");
    let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
    for path in [
        "status",
        "source",
        "colour",
        "programmes.bogus",
        "programmes.equipment_upgrade.spent",
        "programmes.equipment_upgrade.outcomes.bases",
        "programmes.equipment_upgrade.outcomes.enterprises",
        "programmes.patents.spent",
        "programmes.patents.outcomes.enterprises",
        "programmes.brands.spent",
        "programmes.ecommerce.spent",
    ] {
        assert!(paths.contains(&path), "{path} missing from {paths:?}");
    }
    let text = error.to_string();
    says(
        &text,
        "unknown actuals status `done`: use provisional or final",
    );
    says(
        &text,
        "equipment_upgrade has no indicator `bases`: use enterprises",
    );
    says(&text, "negative amount -5 CNY");
    says(&text, "-1 is not a finite number ≥ 0");
    says(&text, "fraction of a fen");
    let missing = YearActuals::from_json("{}").expect_err("status is required");
    assert_eq!(missing.problems[0].path, "status");
    let malformed = YearActuals::from_json("{\"status\": ").expect_err("malformed");
    assert!(malformed.to_string().contains("malformed JSON at line 1"));
}

#[test]
fn actuals_round_trip_through_their_json() {
    let actuals = year_actuals(json!({
        "status": "provisional", "source": "市中小企业局", "note": "示意",
        "programmes": {"park_upgrade": {"spent": "12500000.5",
                        "outcomes": {"idle_land": 1200, "park_tax": 2.75e10}}}
    }));
    assert_eq!(actuals.status, ActualStatus::Provisional);
    let park = actuals
        .programme(ProgrammeId::ParkUpgrade)
        .expect("reported");
    assert_eq!(park.spent, Money::parse("12500000.5").expect("money"));
    let written = serde_json::to_value(&actuals).expect("serialises");
    assert_eq!(written["programmes"]["park_upgrade"]["spent"], "12500000.5");
    assert_eq!(YearActuals::from_value(&written).as_ref(), Ok(&actuals));
    let read: YearActuals = serde_json::from_value(written).expect("deserialises");
    assert_eq!(read, actuals);
}

#[test]
fn the_assessment_gives_execution_rate_attainment_costs_and_status() {
    let baseline = Scenario::baseline();
    let actuals = year_actuals(specialised("30000000", 100.0));
    let assessment = shared::assess(baseline.allocations(), &baseline, Y2017, &actuals);
    let row = assessment
        .rows
        .iter()
        .find(|row| row.facts.programme == ProgrammeId::SpecialisedProducts)
        .expect("row");
    assert_eq!(row.planned_amount, Money::yuan(37_500_000));
    assert_eq!(row.spent, Some(Money::yuan(30_000_000)));
    assert_eq!(row.execution_rate, Some(0.8));
    assert!(close(row.planned_output, 125.0, 1e-12));
    assert_eq!(row.actual_output, Some(100.0));
    assert!(close(row.attainment.expect("attainment"), 0.8, 1e-12));
    assert_eq!(row.status, AssessmentStatus::AtRisk);
    assert_eq!(row.cost_per_unit_actual, Some(Money::yuan(300_000)));
    // y(30,000,000) = 109.4067358572; 30,000,000 ÷ it = 274,206.1516 CNY a product.
    assert_eq!(row.cost_per_unit_model, Money::parse("274206.1516").ok());
    let unreported = assessment
        .rows
        .iter()
        .find(|row| row.facts.programme == ProgrammeId::Patents)
        .expect("row");
    assert_eq!(
        (unreported.spent, unreported.status),
        (None, AssessmentStatus::NotReported)
    );
    assert_eq!(assessment.departments.len(), 13, "the plan names 13 bodies");
    let sme = assessment
        .departments
        .iter()
        .find(|row| row.department.zh == "市中小企业局")
        .expect("市中小企业局 is responsible for 专精特新");
    assert!(sme.programmes.contains(&ProgrammeId::SpecialisedProducts));
    assert_eq!(sme.spent, Money::yuan(30_000_000));
    assert_eq!((sme.at_risk, sme.on_track), (1, 0));
    assert_eq!(assessment.thresholds.on_track, 0.95);
    says(&assessment.words.en, "1 at risk");
}

#[test]
fn a_flow_reforecast_is_actual_closed_years_plus_the_model_for_open_years() {
    let baseline = Scenario::baseline();
    let mut actuals = Actuals::none();
    actuals.set(Y2017, year_actuals(specialised("30000000", 100.0)));
    actuals.set(Y2018, year_actuals(specialised("40000000", 110.0)));
    let execution = shared::execution(&baseline, baseline.allocations(), &actuals, Y2018, false);
    let row = indicator(
        &execution,
        ProgrammeId::SpecialisedProducts,
        IndicatorId::Products,
    );
    assert_eq!(row.achieved, 210.0);
    // 100 + 110 actual, then y(37,500,000) = 125 in each open year.
    assert!(close(row.reforecast, 460.0, 1e-12), "{}", row.reforecast);
    assert!(close(
        row.reforecast_attainment.expect("target"),
        0.92,
        1e-12
    ));
    assert_eq!(row.status, AssessmentStatus::AtRisk);
    assert_eq!(row.by_year[1].spent, Some(Money::yuan(40_000_000)));
    assert!(row.by_year[1].spent_reported && row.by_year[1].output_reported);
    assert!(close(
        row.by_year[1].execution_rate.expect("rate"),
        40.0 / 37.5,
        1e-12
    ));
    assert_eq!(
        (row.by_year[2].spent, row.by_year[2].actual_output),
        (None, None)
    );
    assert!(execution.calibration.is_empty() && !row.calibrated);
    // An unreported programme's closed years are the plan, modelled, and say so.
    let patents = indicator(&execution, ProgrammeId::Patents, IndicatorId::Enterprises);
    assert!(!patents.by_year[0].spent_reported && !patents.by_year[0].output_reported);
    assert_eq!(
        patents.by_year[0].actual_output,
        Some(patents.by_year[0].planned_output)
    );
}

#[test]
fn a_level_reforecast_is_the_model_at_actual_spending_with_the_measured_level_beside_it() {
    let baseline = Scenario::baseline();
    let park = |spent: &str, tax: f64| {
        year_actuals(json!({"status": "final", "programmes": {"park_upgrade":
            {"spent": spent, "outcomes": {"park_tax": tax}}}}))
    };
    let mut actuals = Actuals::none();
    actuals.set(Y2017, park("10000000", 2.7e10));
    actuals.set(Y2018, park("15000000", 2.75e10));
    let execution = shared::execution(&baseline, baseline.allocations(), &actuals, Y2018, false);
    let row = indicator(&execution, ProgrammeId::ParkUpgrade, IndicatorId::ParkTax);
    // y(10M + 15M + 20M + 20M) with k = 839,364,694.98.
    assert!(
        close(row.reforecast, 29_459_061_168.104_668, 1e-12),
        "{}",
        row.reforecast
    );
    assert_eq!(row.achieved, 2.75e10, "the last measured level");
    assert!(close(
        row.by_year[1].forecast_output,
        27_968_393_121.684_803,
        1e-12
    ));
    assert!(close(
        row.by_year[1].planned_output,
        28_535_734_554.895_454,
        1e-12
    ));
    let assessment =
        shared::execution::assess_with_history(baseline.allocations(), &baseline, Y2018, &actuals)
            .expect("2018 has actuals");
    let tax = assessment
        .rows
        .iter()
        .find(|row| row.facts.indicator == IndicatorId::ParkTax)
        .expect("row");
    // Money to date 25,000,000 over a level of 2.75×10^10 CNY.
    assert_eq!(tax.cost_per_unit_actual, Money::parse("0.0009").ok());
    assert!(close(
        tax.attainment.expect("attainment"),
        2.75e10 / 28_535_734_554.895_454,
        1e-12
    ));
}

#[test]
fn a_calibrated_m_reproduces_an_actual_point_inside_its_range() {
    let baseline = Scenario::baseline();
    let mut actuals = Actuals::none();
    actuals.set(Y2017, year_actuals(specialised("37500000", 110.0)));
    let execution = shared::execution(&baseline, baseline.allocations(), &actuals, Y2017, true);
    let fit = execution
        .calibration
        .iter()
        .find(|fit| fit.programme == ProgrammeId::SpecialisedProducts)
        .expect("calibrated");
    // m = a ÷ (k · −ln(1 − q)), q = (110 ÷ 125 − 0.2) ÷ 1.8: 1.238859267.
    assert!(
        close(fit.estimate, 1.238_859_267_165_69, 1e-7),
        "{}",
        fit.estimate
    );
    assert_eq!((fit.used, fit.clamped), (fit.estimate, false));
    assert_eq!(fit.years, vec![Y2017]);
    assert_eq!(fit.source, "CALIBRATED");
    assert_eq!(fit.provenance.zh, "据2017年实际数据校准");
    let row = indicator(
        &execution,
        ProgrammeId::SpecialisedProducts,
        IndicatorId::Products,
    );
    assert!(row.calibrated && row.cost_multiplier == fit.used);
    // The open years at the same money reproduce the actual point.
    assert!(
        close(row.by_year[2].forecast_output, 110.0, 1e-7),
        "{}",
        row.by_year[2].forecast_output
    );
    assert!(close(row.reforecast, 440.0, 1e-7));
    // Programmes without reported outputs keep their assumption.
    assert_eq!(execution.calibration.len(), 1);
}

#[test]
fn a_calibrated_m_outside_its_range_is_clamped_and_says_so() {
    let baseline = Scenario::baseline();
    for (products, bound) in [(300.0, 0.05), (20.0, 20.0)] {
        let mut actuals = Actuals::none();
        actuals.set(Y2017, year_actuals(specialised("37500000", products)));
        actuals.set(Y2018, year_actuals(specialised("37500000", products)));
        let execution = shared::execution(&baseline, baseline.allocations(), &actuals, Y2018, true);
        let fit = &execution.calibration[0];
        assert!(fit.clamped, "{products}: {fit:?}");
        assert_eq!(fit.used, bound);
        assert!(
            fit.estimate < 0.05 || fit.estimate > 20.0,
            "{}",
            fit.estimate
        );
        assert_eq!(fit.provenance.en, "calibrated from 2017–2018 actuals");
    }
}

/// A valid scenario off the baseline: one line moved in one or every year, and one cost
/// multiplier overridden.
fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::sample::select(ProgrammeId::ALL.to_vec()),
        prop::option::of(prop::sample::select(Year::ALL.to_vec())),
        0i64..=60_000_000,
        0usize..17,
        0.6f64..1.6,
    )
        .prop_map(|(programme, year, value, slot, m)| {
            let years = year.map_or(Years::All, Years::One);
            let moved = shared::rebalance(
                &Scenario::baseline(),
                programme,
                years,
                Money::yuan(value),
                &shared::Locks::none(),
            )
            .map_or_else(|_| Scenario::baseline(), |done| done.scenario);
            let mut draft = moved.to_draft();
            let key =
                shared::params::ParamKey::curve(shared::params::ParamKind::CostMultiplier, slot)
                    .expect("a curve");
            draft.overrides.set(key, m).expect("in range");
            Scenario::new(draft).expect("valid")
        })
}

/// The model's own outputs as the actuals of every closed year.
fn modelled_actuals(scenario: &Scenario, through: Year) -> Actuals {
    let projection = shared::project(scenario);
    let mut actuals = Actuals::none();
    for year in &Year::ALL[..=through.index()] {
        let mut programmes = serde_json::Map::new();
        for id in ProgrammeId::ALL {
            let outcomes: serde_json::Map<String, serde_json::Value> = projection
                .indicators
                .iter()
                .filter(|row| row.programme == *id)
                .map(|row| {
                    (
                        row.indicator.to_string(),
                        json!(row.by_year.0[year.index()]),
                    )
                })
                .collect();
            programmes.insert(
                id.to_string(),
                json!({"spent": scenario.allocation(*year, *id).to_string(), "outcomes": outcomes}),
            );
        }
        actuals.set(
            *year,
            year_actuals(json!({"status": "final", "programmes": programmes})),
        );
    }
    actuals
}

fn assert_equals_projection(execution: &Execution, scenario: &Scenario, relative: f64) {
    let projection = shared::project(scenario);
    for (row, projected) in execution.indicators.iter().zip(&projection.indicators) {
        assert!(
            close(row.reforecast, projected.result, relative),
            "{}.{}: {} against {}",
            row.facts.programme,
            row.facts.indicator,
            row.reforecast,
            projected.result
        );
    }
    for (headline, kpi) in projection.kpis.iter() {
        assert!(close(
            execution.kpis.get(headline.key).result,
            kpi.result,
            relative
        ));
        assert_eq!(execution.kpis.get(headline.key).verdict, kpi.verdict);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn without_actuals_the_reforecast_is_the_projection(
        scenario in scenario(),
        through in prop::sample::select(Year::ALL.to_vec()),
        calibrate in any::<bool>(),
    ) {
        let execution = shared::execution(&scenario, scenario.allocations(), &Actuals::none(), through, calibrate);
        assert_equals_projection(&execution, &scenario, 0.0);
        prop_assert!(execution.calibration.is_empty());
    }

    #[test]
    fn with_the_models_own_outputs_as_actuals_the_reforecast_is_the_projection(
        scenario in scenario(),
        through in prop::sample::select(Year::ALL[..3].to_vec()),
        calibrate in any::<bool>(),
    ) {
        let actuals = modelled_actuals(&scenario, through);
        let execution = shared::execution(&scenario, scenario.allocations(), &actuals, through, calibrate);
        assert_equals_projection(&execution, &scenario, if calibrate { 1e-7 } else { 0.0 });
        for fit in &execution.calibration {
            prop_assert!(close(fit.used, fit.assumed, 1e-6), "{:?}", fit);
        }
    }
}
