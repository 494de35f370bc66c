//! The golden numbers of `funding-model.md` §4 and the optimiser's documented
//! behaviour, through the crate's public API.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::shift_equipment_to_specialised;
use shared::ids::{IndicatorId, ProgrammeId, Year};
use shared::{KpiKey, Money, Objective, OptimiseOptions, Scenario};

fn check_close(what: &str, actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} is not within {tolerance} of {expected}"
    );
}

#[test]
fn the_baseline_meets_every_target_exactly() {
    let projection = shared::project(&Scenario::baseline());
    assert!(projection.balanced);
    for row in &projection.indicators {
        if let Some(attainment) = row.attainment {
            check_close(
                &format!("{}.{}", row.programme, row.indicator),
                attainment,
                1.0,
                1e-9,
            );
        }
    }
    let energy = projection
        .indicator(
            ProgrammeId::EnergySaving,
            IndicatorId::EnergyIntensityReduction,
        )
        .expect("energy row");
    assert_eq!(energy.target, None);
    assert_eq!(energy.attainment, None);
    // Every indicator but energy intensity (a reference value) has a target, all met.
    let with_target = projection.indicators.len() - 1;
    assert_eq!(projection.targets_met(), (with_target, with_target));
    check_close("energy reference", energy.result, 0.15, 1e-12);
    check_close(
        "enterprises",
        projection.kpis.get(KpiKey::EnterprisesTransformed).result,
        12_000.0,
        1e-9,
    );
    check_close(
        "profit-tax",
        projection.kpis.get(KpiKey::ProfitTaxGrowth).result,
        0.50,
        1e-12,
    );
    check_close(
        "employment",
        projection.kpis.get(KpiKey::EmploymentGrowth).result,
        0.15,
        1e-12,
    );
}

#[test]
fn moving_twenty_million_from_equipment_to_specialised_gives_11247_enterprises() {
    let scenario = shift_equipment_to_specialised();
    for year in Year::ALL {
        assert_eq!(scenario.year_total(year), Money::yuan(300_000_000));
    }
    let projection = shared::project(&scenario);
    assert!(projection.balanced);
    let specialised = projection
        .indicator(ProgrammeId::SpecialisedProducts, IndicatorId::Products)
        .expect("row");
    check_close("specialised products", specialised.result, 634.55, 0.005);
    let equipment = projection
        .indicator(ProgrammeId::EquipmentUpgrade, IndicatorId::Enterprises)
        .expect("row");
    check_close("equipment", equipment.result, 3_112.87, 0.005);
    // Equipment upgrade misses its 4,000; specialised products goes past its 500.
    let with_target = projection.indicators.len() - 1;
    assert_eq!(projection.targets_met(), (with_target - 1, with_target));
    check_close(
        "enterprises transformed",
        projection.kpis.get(KpiKey::EnterprisesTransformed).result,
        11_247.4,
        0.05,
    );
}

#[test]
fn attainment_and_min_cost_return_the_baseline_under_the_plan() {
    let baseline = Scenario::baseline();
    for objective in [Objective::Attainment, Objective::MinCost] {
        let result =
            shared::optimise(&baseline, &OptimiseOptions::new(objective)).expect("optimise");
        assert_eq!(
            result.scenario.allocations(),
            baseline.allocations(),
            "{objective:?}"
        );
        assert_eq!(result.surplus, Money::ZERO);
    }
}

#[test]
fn a_cut_to_250_million_cuts_only_tech_and_equipment_under_the_attainment_objective() {
    let mut draft = Scenario::baseline().to_draft();
    draft.envelope = Some(Money::yuan(250_000_000));
    let cut = Scenario::new(draft).expect("valid");
    let result =
        shared::optimise(&cut, &OptimiseOptions::new(Objective::Attainment)).expect("optimise");
    let proposal = &result.scenario;
    assert!(proposal.is_balanced());
    let changed: Vec<ProgrammeId> = ProgrammeId::ALL
        .iter()
        .copied()
        .filter(|id| proposal.allocation(Year::ALL[0], *id) != cut.allocation(Year::ALL[0], *id))
        .collect();
    assert_eq!(
        changed,
        vec![ProgrammeId::TechEnterprise, ProgrammeId::EquipmentUpgrade]
    );
    let projection = shared::project(proposal);
    let below: Vec<String> = projection
        .indicators
        .iter()
        .filter(|row| row.attainment.is_some_and(|a| a < 1.0 - 1e-9))
        .map(|row| row.programme.to_string())
        .collect();
    assert_eq!(below, vec!["tech_enterprise", "equipment_upgrade"]);
}

#[test]
fn min_cost_reports_the_envelope_costlier_outputs_need() {
    let mut draft = Scenario::baseline().to_draft();
    for key in shared::params::ParamKey::all() {
        if key.kind() == shared::params::ParamKind::CostMultiplier {
            draft.overrides.set(key, 1.2).expect("valid override");
        }
    }
    let dearer = Scenario::new(draft).expect("valid");
    let result =
        shared::optimise(&dearer, &OptimiseOptions::new(Objective::MinCost)).expect("optimise");
    assert_eq!(result.required_envelope, Money::yuan(360_000_000));
    assert_eq!(result.surplus, Money::yuan(-60_000_000));
    let projection = shared::project(&result.scenario);
    assert!(
        projection
            .indicators
            .iter()
            .all(|row| row.attainment.is_none_or(|a| a >= 1.0 - 1e-9))
    );
}

#[test]
fn an_envelope_override_is_reported_as_a_plan_override() {
    let mut draft = Scenario::baseline().to_draft();
    draft.envelope = Some(Money::yuan(350_000_000));
    let scenario = Scenario::new(draft).expect("valid");
    let projection = shared::project(&scenario);
    assert!(!projection.balanced);
    assert_eq!(projection.plan_overrides.len(), 1);
    assert_eq!(projection.envelope[0].unallocated, Money::yuan(50_000_000));
    let json = serde_json::to_value(&projection).expect("json");
    assert_eq!(json["plan_overrides"][0]["key"], "envelope");
    assert_eq!(json["plan_overrides"][0]["scenario"], "350000000");
}
