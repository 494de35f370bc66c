//! Property tests over random scenarios: the envelope stays exact, floors hold, results
//! rise with money, the optimiser is feasible and no worse than where it started, and
//! Monte Carlo is reproducible.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use shared::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT, Year};
use shared::optimise::objective_value;
use shared::{Locks, Money, Objective, OptimiseOptions, Scenario, ScenarioDraft, Years};

const STEP: i64 = 100_000;

fn floor(id: ProgrammeId) -> Money {
    shared::plan::programme(id)
        .earmark
        .map(|e| e.annual_floor())
        .unwrap_or(Money::ZERO)
}

/// Splits `free` yuan over the lines by weight, in whole multiples of `unit`, the
/// remainder to the first line with weight; floors added on top.
fn split(free: i64, weights: &[u32; PROGRAMME_COUNT], unit: i64) -> [Money; PROGRAMME_COUNT] {
    let total: i64 = weights.iter().map(|w| i64::from(*w)).sum::<i64>().max(1);
    let units = free / unit;
    let mut row = [Money::ZERO; PROGRAMME_COUNT];
    let mut given = 0;
    for (i, w) in weights.iter().enumerate() {
        let share = units * i64::from(*w) / total * unit;
        row[i] = Money::yuan(share);
        given += share;
    }
    row[0] += Money::yuan(free - given);
    for id in ProgrammeId::ALL {
        row[id.index()] += floor(*id);
    }
    row
}

fn floors_total() -> i64 {
    ProgrammeId::ALL
        .iter()
        .map(|id| floor(*id).to_f64_lossy() as i64)
        .sum()
}

/// A balanced scenario with floors respected; years may differ.
fn balanced_scenario() -> impl Strategy<Value = Scenario> {
    (
        200_000_000i64..=400_000_000,
        prop::array::uniform4(prop::array::uniform16(0u32..100)),
    )
        .prop_map(|(envelope, weights)| {
            let envelope = envelope / STEP * STEP;
            let mut draft = Scenario::baseline().to_draft();
            draft.envelope = Some(Money::yuan(envelope));
            for (t, w) in weights.iter().enumerate() {
                draft.allocations[t] = split(envelope - floors_total(), w, 1);
            }
            Scenario::new(draft).expect("generated scenario is valid")
        })
}

/// A balanced scenario, the same split every year, on the 100,000 CNY grid.
fn uniform_grid_scenario() -> impl Strategy<Value = Scenario> {
    (
        2_000i64..=4_000,
        prop::array::uniform16(0u32..100),
        prop::sample::select(vec![1.0, 0.8, 1.2, 1.35]),
    )
        .prop_map(|(steps, weights, cost)| {
            let envelope = steps * STEP;
            let row = split(envelope - floors_total(), &weights, STEP);
            let mut draft: ScenarioDraft = Scenario::baseline().to_draft();
            draft.envelope = Some(Money::yuan(envelope));
            draft.allocations = [row; YEAR_COUNT];
            let key =
                shared::params::ParamKey::parse("equipment_upgrade.enterprises.cost_multiplier")
                    .expect("documented key");
            draft.overrides.set(key, cost).expect("valid");
            Scenario::new(draft).expect("generated scenario is valid")
        })
}

fn programme() -> impl Strategy<Value = ProgrammeId> {
    prop::sample::select(ProgrammeId::ALL.to_vec())
}

/// The line an edit sets and up to `most - 1` other lines locked (never the line itself).
fn target_and_locks(most: usize) -> impl Strategy<Value = (ProgrammeId, Locks)> {
    (programme(), prop::collection::vec(programme(), 0..most)).prop_map(|(target, locked)| {
        let others: Vec<ProgrammeId> = locked.into_iter().filter(|id| *id != target).collect();
        (target, Locks::of(&others))
    })
}

/// What every edit keeps: each line of `after` at or above its floor, each locked line
/// as it was in `before`.
fn floors_and_locks_hold(
    before: &Scenario,
    after: &Scenario,
    locks: &Locks,
) -> Result<(), TestCaseError> {
    for year in Year::ALL {
        for id in ProgrammeId::ALL {
            let now = after.allocation(year, *id);
            prop_assert!(now >= floor(*id), "{} below its floor in {}", id, year);
            if locks.is_locked(*id) {
                prop_assert_eq!(now, before.allocation(year, *id));
            }
        }
    }
    Ok(())
}

fn years() -> impl Strategy<Value = Years> {
    prop_oneof![
        Just(Years::All),
        prop::sample::select(Year::ALL.to_vec()).prop_map(Years::One)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rebalance_keeps_every_year_exact_and_never_breaks_a_floor(
        scenario in balanced_scenario(),
        (target, locks) in target_and_locks(6),
        value in 0i64..450_000_000,
        years in years(),
    ) {
        let done = shared::rebalance(&scenario, target, years, Money::yuan(value), &locks)
            .expect("rebalance of a valid scenario");
        floors_and_locks_hold(&scenario, &done.scenario, &locks)?;
        for year in Year::ALL {
            prop_assert_eq!(done.scenario.year_total(year), scenario.year_total(year));
            for id in ProgrammeId::ALL {
                prop_assert!(done.scenario.allocation(year, *id).is_whole_yuan());
            }
        }
        prop_assert_eq!(done.clamped, done.applied.0.iter().enumerate().any(|(t, a)| {
            let included = match years { Years::All => true, Years::One(y) => y.index() == t };
            included && *a != Money::yuan(value)
        }));
    }

    #[test]
    fn every_indicator_rises_with_its_programmes_money(
        scenario in balanced_scenario(),
        target in programme(),
        year in prop::sample::select(Year::ALL.to_vec()),
        extra in 1i64..100_000_000,
    ) {
        let before = shared::project(&scenario);
        let mut allocations = *scenario.allocations();
        allocations[year.index()][target.index()] += Money::yuan(extra);
        let richer = scenario.with_allocations(allocations).expect("still valid");
        let after = shared::project(&richer);
        for (a, b) in before.indicators.iter().zip(&after.indicators) {
            prop_assert!(b.result >= a.result, "{}.{} fell", a.programme, a.indicator);
            if a.programme == target {
                prop_assert!(b.result > a.result, "{}.{} did not rise", a.programme, a.indicator);
            } else {
                prop_assert_eq!(b.result, a.result);
            }
        }
    }

    #[test]
    fn scenarios_round_trip_through_the_file_format(scenario in balanced_scenario()) {
        let text = scenario.to_json_pretty();
        prop_assert_eq!(Scenario::from_json(&text).expect("parses"), scenario);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_optimiser_is_feasible_and_no_worse_than_the_scenario_it_starts_from(
        scenario in uniform_grid_scenario(),
        objective in prop::sample::select(vec![Objective::Enterprises, Objective::Attainment]),
        locked in prop::collection::vec(programme(), 0..3),
    ) {
        let mut options = OptimiseOptions::new(objective);
        options.locks = Locks::of(&locked);
        let result = shared::optimise(&scenario, &options).expect("optimise");
        let proposal = &result.scenario;
        prop_assert!(proposal.is_balanced(), "proposal is not balanced");
        floors_and_locks_hold(&scenario, proposal, &options.locks)?;
        for id in ProgrammeId::ALL {
            prop_assert!(proposal.uniform_allocation(*id).is_some(), "{} differs between years", id);
        }
        let start = objective_value(objective, &scenario);
        prop_assert!(result.value >= start - 1e-9 * start.abs().max(1.0),
            "{:?}: {} is worse than the starting {}", objective, result.value, start);
        let baseline = objective_value(objective, &Scenario::baseline());
        if scenario.envelope() == Money::yuan(300_000_000) && options.locks == Locks::none()
            && scenario.overrides().iter().all(|(_, v)| v == 1.0) {
            prop_assert!(result.value >= baseline - 1e-9 * baseline);
        }
    }

    #[test]
    fn min_cost_meets_every_target_at_no_more_than_any_scenario_that_does(
        scenario in uniform_grid_scenario(),
    ) {
        let result = shared::optimise(&scenario, &OptimiseOptions::new(Objective::MinCost))
            .expect("optimise");
        let projection = shared::project(&result.scenario);
        for row in &projection.indicators {
            let goal = row.target.or(row.reference).expect("every indicator has a goal");
            prop_assert!(row.result >= goal * (1.0 - 1e-9), "{}.{} missed", row.programme, row.indicator);
        }
        let start = shared::project(&scenario);
        let start_meets = start.indicators.iter().all(|row| {
            row.result >= row.target.or(row.reference).unwrap_or(0.0) * (1.0 - 1e-9)
        });
        if start_meets {
            prop_assert!(result.required_envelope <= scenario.year_total(Year::ALL[0]));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_monte_carlo_result(
        scenario in balanced_scenario(),
        seed in any::<u64>(),
        draws in 1u64..200,
    ) {
        let draws = shared::uncertainty::Draws::new(draws).expect("1 to 199 draws are allowed");
        let a = shared::monte_carlo(&scenario, draws, seed);
        let b = shared::monte_carlo(&scenario, draws, seed);
        prop_assert_eq!(&a, &b);
        let c = shared::monte_carlo(&scenario, draws, seed.wrapping_add(1));
        prop_assert_eq!(c.draws, a.draws);
        for band in &a.indicators {
            prop_assert!(band.band.p10 <= band.band.p50 && band.band.p50 <= band.band.p90);
        }
    }
}

fn any_scenario() -> impl Strategy<Value = Scenario> {
    (
        balanced_scenario(),
        prop::option::of(150_000_000i64..450_000_000),
    )
        .prop_map(|(scenario, envelope)| {
            let mut draft = scenario.to_draft();
            if envelope.is_some() {
                draft.envelope = envelope.map(Money::yuan);
            }
            Scenario::new(draft).expect("valid")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_verdict_and_the_displayed_percentage_never_contradict(
        scenario in any_scenario(),
    ) {
        let projection = shared::project(&scenario);
        prop_assert_eq!(projection.feasible, scenario.is_balanced());
        for row in &projection.indicators {
            let Some(target) = row.target else {
                prop_assert_eq!(row.verdict, shared::Verdict::NoTarget);
                continue;
            };
            let shown = shared::format::attainment(row.result, target);
            let number: f64 = shown.trim_end_matches('%').replace(',', "").parse().unwrap();
            if shared::meets(row.result, target) {
                prop_assert!(number >= 100.0, "{} met but shows {}", row.programme, shown);
            } else {
                prop_assert!(number < 100.0, "{} missed but shows {}", row.programme, shown);
            }
            if projection.feasible {
                prop_assert_eq!(row.verdict.is_met(), shared::meets(row.result, target));
            } else {
                prop_assert_eq!(row.verdict, shared::Verdict::Infeasible);
            }
        }
        let baseline = shared::project(&Scenario::baseline());
        for headline in shared::projection::headlines(&projection, &baseline) {
            if !projection.feasible {
                prop_assert!(!headline.verdict.is_met(), "{} met while infeasible", headline.key);
            }
        }
        for (_, kpi) in projection.kpis.iter() {
            prop_assert!(projection.feasible || !kpi.verdict.is_met());
        }
        // The count the optimiser's proposal shows agrees with the rows' verdicts.
        let (met, with_target) = projection.targets_met();
        let rows_met = projection.indicators.iter().filter(|row| row.verdict.is_met()).count();
        prop_assert_eq!(met, rows_met);
        prop_assert_eq!(with_target, projection.indicators.len() - 1);
        prop_assert!(projection.feasible || met == 0);
    }

    #[test]
    fn set_and_fit_keep_years_exact_floors_held_and_lines_on_the_unit(
        scenario in any_scenario(),
        (target, locks) in target_and_locks(4),
        value in 0i64..300_000_000,
    ) {
        let unit = Money::yuan(STEP);
        let value = Money::yuan(value / STEP * STEP);
        let done = shared::set(&scenario, target, value, Years::All, &locks, unit).expect("set");
        floors_and_locks_hold(&scenario, &done.scenario, &locks)?;
        for year in Year::ALL {
            prop_assert_eq!(done.scenario.year_total(year), scenario.year_total(year));
            let mut odd = 0;
            for id in ProgrammeId::ALL {
                let now = done.scenario.allocation(year, *id);
                let changed = now != scenario.allocation(year, *id);
                if changed && *id != target && !(now.as_decimal() % unit.as_decimal()).is_zero() {
                    odd += 1;
                }
            }
            prop_assert!(odd <= 1, "{} changed lines off the unit in {}", odd, year);
        }
        if let Ok(fitted) = shared::fit_envelope(&scenario, &locks, unit) {
            prop_assert!(fitted.scenario.is_balanced());
            floors_and_locks_hold(&scenario, &fitted.scenario, &locks)?;
        }
    }
}
