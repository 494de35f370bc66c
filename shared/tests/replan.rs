//! The per-year re-plan: hand-checked cases and properties — it never changes a closed
//! year, spends each open year's envelope exactly under `lapse` and the whole remaining
//! money under `next_year`/`spread`, and holds what is left of every earmark.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::says;

use proptest::prelude::*;
use shared::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT, Year};
use shared::optimise::OptimiseError;
use shared::plan::{INDICATORS, IndicatorKind, Lang, Refusal};
use shared::projection::PlanValue;
use shared::{
    CarryOver, ClosedYears, Money, Objective, ReplanOptions, Replanned, Scenario, Step, replan,
};

const Y2017: Year = Year::ALL[0];
const Y2018: Year = Year::ALL[1];
const Y2020: Year = Year::ALL[3];

fn options(objective: Objective, carry_over: CarryOver) -> ReplanOptions {
    ReplanOptions::new(objective, carry_over)
}

fn run(closed: &ClosedYears, options: &ReplanOptions) -> Replanned {
    replan(&Scenario::baseline(), closed, options).expect("the re-plan runs")
}

fn open_total(replanned: &Replanned, year: Year) -> Money {
    replanned.scenario.year_total(year)
}

/// The baseline's 2017 as planned, but `programme` spent `less` yuan less.
fn underspent(programme: ProgrammeId, less: i64, through: Year) -> ClosedYears {
    let mut closed = ClosedYears::as_planned(&Scenario::baseline(), through);
    closed.spent[0][programme.index()] -= Money::yuan(less);
    closed
}

fn envelope() -> Money {
    shared::plan::annual_envelope()
}

#[test]
fn unspent_money_goes_to_the_next_year_is_spread_or_lapses() {
    // Equipment upgrade has no earmark; 2017 and 2018 closed, 10,000,001 yuan unspent.
    let closed = underspent(ProgrammeId::EquipmentUpgrade, 10_000_001, Year::ALL[1]);
    let spent_2017 = envelope() - Money::yuan(10_000_001);
    let cases = [
        (
            CarryOver::NextYear,
            [envelope() + Money::yuan(10_000_001), envelope()],
        ),
        (
            CarryOver::Spread,
            [
                envelope() + Money::yuan(5_000_001),
                envelope() + Money::yuan(5_000_000),
            ],
        ),
        (CarryOver::Lapse, [envelope(), envelope()]),
    ];
    for (rule, open) in cases {
        let replanned = run(&closed, &options(Objective::Enterprises, rule));
        assert_eq!(
            replanned.envelopes,
            [spent_2017, envelope(), open[0], open[1]],
            "{rule}"
        );
        assert_eq!(replanned.unspent, Money::yuan(10_000_001));
        let carried = if rule == CarryOver::Lapse {
            0
        } else {
            10_000_001
        };
        assert_eq!(replanned.carried, Money::yuan(carried), "{rule}");
        assert_eq!(
            replanned.lapsed,
            Money::yuan(10_000_001 - carried),
            "{rule}"
        );
        for year in &Year::ALL[2..] {
            assert_eq!(
                open_total(&replanned, *year),
                replanned.envelopes[year.index()]
            );
        }
        assert!(replanned.scenario.is_balanced(), "{rule}");
        assert_eq!(replanned.scenario.carry_over(), Some(rule));
        assert_eq!(
            replanned.scenario.envelope_by_year(),
            Some(&replanned.envelopes)
        );
    }
}

#[test]
fn an_overspend_carried_forward_is_repaid_and_under_lapse_written_off() {
    let mut closed = ClosedYears::as_planned(&Scenario::baseline(), Y2017);
    closed.spent[0][ProgrammeId::Ecommerce.index()] += Money::yuan(7);
    let spread = run(&closed, &options(Objective::Enterprises, CarryOver::Spread));
    // −7 over three years: −2 each, the remainder −1 to 2018.
    assert_eq!(spread.unspent, Money::yuan(-7));
    assert_eq!(
        spread.envelopes[1..],
        [
            envelope() - Money::yuan(3),
            envelope() - Money::yuan(2),
            envelope() - Money::yuan(2)
        ]
    );
    let next = run(
        &closed,
        &options(Objective::Enterprises, CarryOver::NextYear),
    );
    assert_eq!(next.envelopes[1], envelope() - Money::yuan(7));
    let lapse = run(&closed, &options(Objective::Enterprises, CarryOver::Lapse));
    assert_eq!(lapse.envelopes[1..], [envelope(); 3]);
    assert_eq!(
        (lapse.carried, lapse.lapsed),
        (Money::ZERO, Money::yuan(-7))
    );
    says(lapse.note.get(Lang::En), "overspent by");
    says(lapse.note.get(Lang::Zh), "超支");
}

#[test]
fn closed_years_hold_actual_spending_even_below_an_earmark_floor() {
    // Specialised products (earmark 150,000,000 over four years) spent nothing in
    // 2017: each open year's floor is 150,000,000 ÷ 3.
    let programme = ProgrammeId::SpecialisedProducts;
    let closed = underspent(programme, 37_500_000, Y2017);
    let replanned = run(&closed, &options(Objective::Enterprises, CarryOver::Lapse));
    assert_eq!(replanned.scenario.allocation(Y2017, programme), Money::ZERO);
    for year in &Year::ALL[1..] {
        assert!(
            replanned.scenario.allocation(*year, programme) >= Money::yuan(50_000_000),
            "{year}"
        );
    }
    assert_eq!(
        replanned.changes[programme.index()].delta,
        Money::yuan(-37_500_000),
        "2017's change is the actual against the plan"
    );
    assert!(
        replanned
            .changes
            .iter()
            .take(PROGRAMME_COUNT)
            .all(|c| c.closed)
    );
    // An earmark spent in full leaves no floor; an odd remainder rounds up.
    let mut closed = ClosedYears::as_planned(&Scenario::baseline(), Y2017);
    closed.spent[0][programme.index()] = Money::yuan(150_000_000);
    closed.spent[0][ProgrammeId::LeanManagement.index()] = Money::yuan(1);
    let mut max = [None; PROGRAMME_COUNT];
    max[programme.index()] = Some(Money::ZERO);
    let mut capped = options(Objective::Enterprises, CarryOver::Lapse);
    capped.aim.max = max;
    let replanned = replan(&Scenario::baseline(), &closed, &capped).expect("no floor is left");
    assert_eq!(replanned.scenario.allocation(Y2020, programme), Money::ZERO);
    // Lean management: 80,000,000 − 1 left over three years is 26,666,666.33…
    let lean = ProgrammeId::LeanManagement;
    let mut below = capped;
    below.aim.max[lean.index()] = Some(Money::yuan(26_666_666));
    let error = replan(&Scenario::baseline(), &closed, &below).map_err(|e| e.to_string());
    assert_eq!(
        error.err().as_deref(),
        Some("lean_management: max 26666666 CNY is below the floor of 26666667 CNY")
    );
}

#[test]
fn nothing_is_left_to_re_plan_after_2020() {
    let closed = ClosedYears::as_planned(&Scenario::baseline(), Y2020);
    let error = replan(
        &Scenario::baseline(),
        &closed,
        &options(Objective::Enterprises, CarryOver::Lapse),
    );
    assert_eq!(
        error.as_ref().err(),
        Some(&OptimiseError::NoOpenYears(Y2020))
    );
    let error = error.expect_err("refused");
    assert_eq!(
        error.to_string(),
        "actuals through 2020 close every plan year; there is no open year left to re-plan"
    );
    assert!(error.message(Lang::Zh).contains("没有可重新规划的年度"));
}

#[test]
fn bad_actuals_are_named() {
    let mut closed = ClosedYears::as_planned(&Scenario::baseline(), Y2018);
    closed.spent[1][ProgrammeId::Patents.index()] = Money::yuan(-1);
    let options = options(Objective::Enterprises, CarryOver::Lapse);
    let error = replan(&Scenario::baseline(), &closed, &options).map_err(|e| e.to_string());
    assert_eq!(
        error.err().as_deref(),
        Some("spent.2018.patents: negative amount -1 CNY")
    );
    // Open years' spending is not read.
    closed.spent[1][ProgrammeId::Patents.index()] = Money::ZERO;
    closed.spent[3][ProgrammeId::Patents.index()] = Money::yuan(-1);
    assert!(replan(&Scenario::baseline(), &closed, &options).is_ok());
    let slot = INDICATORS
        .iter()
        .position(|def| def.kind == IndicatorKind::Flow)
        .expect("a flow");
    closed.achieved[slot] = f64::NAN;
    let error = replan(&Scenario::baseline(), &closed, &options).map_err(|e| e.to_string());
    assert_eq!(
        error.err(),
        Some(format!(
            "achieved.{}: NaN is not a number of at least 0",
            INDICATORS[slot].key()
        ))
    );
}

/// The flow with a target on the specialised-products line, and its slot.
fn specialised_flow() -> usize {
    INDICATORS
        .iter()
        .position(|def| {
            def.programme == ProgrammeId::SpecialisedProducts
                && def.kind == IndicatorKind::Flow
                && def.target.is_some()
        })
        .expect("specialised products has a flow target")
}

#[test]
fn a_kept_flow_target_counts_what_is_already_achieved() {
    let slot = specialised_flow();
    let key = INDICATORS[slot].key();
    let target = INDICATORS[slot].target.expect("target");
    let curve = *Scenario::baseline().model().curve(slot);
    let mut keep = options(Objective::Attainment, CarryOver::Lapse);
    assert!(keep.aim.keep_target(&key));
    for achieved in [0.6 * target, 0.05 * target] {
        let mut closed = ClosedYears::as_planned(&Scenario::baseline(), Y2017);
        closed.achieved[slot] = achieved;
        let replanned = run(&closed, &keep);
        let projection = shared::project(&replanned.scenario);
        let open: f64 = projection.indicators[slot].by_year.0[1..].iter().sum();
        assert!(
            shared::meets(achieved + open, target),
            "{achieved} + {open} < {target}"
        );
        // The least equal amount a year that does it: output (target − achieved) ÷ 3.
        let need = curve
            .funding_for((target - achieved) / 3.0)
            .expect("reachable");
        for year in &Year::ALL[1..] {
            let amount = replanned
                .scenario
                .allocation(*year, ProgrammeId::SpecialisedProducts);
            assert!(
                amount.to_f64_lossy() >= need.ceil(),
                "{year}: {amount} < {need}"
            );
        }
        assert!(replanned.unreachable.is_empty());
    }
    // Beyond what saturation allows in the one year left: listed, not enforced.
    let mut closed = ClosedYears::as_planned(&Scenario::baseline(), Year::ALL[2]);
    for year in &mut closed.spent[..3] {
        year[ProgrammeId::SpecialisedProducts.index()] = Money::yuan(50_000_000);
    }
    closed.achieved[slot] = 0.0;
    assert!(curve.saturation * curve.goal < target);
    let replanned = run(&closed, &keep);
    assert_eq!(replanned.unreachable, vec![key]);
    assert!(
        replanned
            .note
            .get(Lang::En)
            .contains("1 indicators cannot reach")
    );
}

#[test]
fn a_level_counts_the_closed_years_actual_spending() {
    let slot = INDICATORS
        .iter()
        .position(|def| def.kind == IndicatorKind::Level && def.target.is_some())
        .expect("a level target");
    let programme = INDICATORS[slot].programme;
    let mut closed = ClosedYears::as_planned(&Scenario::baseline(), Y2018);
    closed.spent[0][programme.index()] += Money::yuan(1_000_000);
    closed.spent[0][ProgrammeId::EquipmentUpgrade.index()] -= Money::yuan(1_000_000);
    let replanned = run(&closed, &options(Objective::Enterprises, CarryOver::Lapse));
    let model = Scenario::baseline().model().to_owned();
    let funding: f64 = Year::ALL
        .iter()
        .map(|year| {
            replanned
                .scenario
                .allocation(*year, programme)
                .to_f64_lossy()
        })
        .sum();
    let level = shared::project(&replanned.scenario).indicators[slot].result;
    assert!((level - model.curve(slot).eval(funding)).abs() < 1e-9 * level.max(1.0));
}

#[test]
fn a_re_plan_as_planned_keeps_the_closed_year_and_never_does_worse() {
    let closed = ClosedYears::as_planned(&Scenario::baseline(), Y2017);
    for objective in [Objective::Enterprises, Objective::Attainment] {
        let replanned = run(&closed, &options(objective, CarryOver::NextYear));
        assert_eq!(replanned.unspent, Money::ZERO);
        assert_eq!(
            replanned.scenario.allocations()[0],
            Scenario::baseline().allocations()[0]
        );
        assert!(
            replanned.value >= replanned.starting_value - 1e-9,
            "{objective}"
        );
        assert!(replanned.summary.get(Lang::Zh).contains("→"));
        assert!(replanned.note.get(Lang::En).starts_with("2017 closed"));
        assert_eq!(replanned.changes.len(), YEAR_COUNT * PROGRAMME_COUNT);
    }
    // The plan's amounts meet every goal exactly, so the cheapest re-plan costs them,
    // to the yuan each need is rounded up by.
    let cheapest = run(&closed, &options(Objective::MinCost, CarryOver::Lapse));
    assert!(
        (cheapest.value - cheapest.starting_value).abs() < 100.0,
        "{cheapest:?}"
    );
    assert!(
        cheapest
            .summary
            .get(Lang::En)
            .contains("Money needed a year in 2018–2020")
    );
}

#[test]
fn an_open_year_whose_floors_exceed_its_envelope_is_refused() {
    let mut closed = ClosedYears::as_planned(&Scenario::baseline(), Y2017);
    closed.spent[0][ProgrammeId::Ecommerce.index()] += Money::yuan(290_000_000);
    let error = replan(
        &Scenario::baseline(),
        &closed,
        &options(Objective::Enterprises, CarryOver::NextYear),
    );
    match error {
        Err(OptimiseError::YearOverCommitted { year, overrun }) => {
            assert_eq!(year, Y2018);
            assert_eq!(overrun.envelope, Money::yuan(10_000_000));
        }
        other => panic!("expected the year to be over-committed, got {other:?}"),
    }
}

#[test]
fn the_re_planned_file_round_trips_and_shows_its_plan_overrides() {
    let closed = underspent(ProgrammeId::EquipmentUpgrade, 5_000_000, Y2017);
    let replanned = run(
        &closed,
        &options(Objective::Enterprises, CarryOver::NextYear),
    );
    let text = replanned.scenario.to_json_pretty();
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(json["carry_over"], "next_year");
    assert_eq!(json["envelope_by_year"]["2017"], "295000000");
    assert_eq!(json["envelope_by_year"]["2018"], "305000000");
    assert_eq!(Scenario::from_json(&text).as_ref(), Ok(&replanned.scenario));
    let overrides = shared::project(&replanned.scenario).plan_overrides;
    let keys: Vec<(&str, Option<Year>)> = overrides.iter().map(|o| (o.key, o.year)).collect();
    assert_eq!(
        keys,
        vec![
            ("envelope_by_year", Some(Y2017)),
            ("envelope_by_year", Some(Y2018)),
            ("carry_over", None),
        ]
    );
    assert_eq!(overrides[2].plan, PlanValue::Rule(CarryOver::Lapse));
    assert_eq!(
        overrides[1].scenario,
        PlanValue::Amount(Money::yuan(305_000_000))
    );
    let body = serde_json::to_value(&replanned).expect("serialises");
    assert_eq!(body["envelopes"]["2018"], "305000000");
    assert_eq!(body["changes"][0]["year"], 2017);
    // A file without the two fields is read and written as before.
    let plain = Scenario::baseline().to_json_pretty();
    assert!(!plain.contains("envelope_by_year") && !plain.contains("carry_over"));
    assert!(
        shared::project(&Scenario::baseline())
            .plan_overrides
            .is_empty()
    );
}

#[test]
fn bad_per_year_envelopes_and_carry_over_rules_are_named() {
    let mut file = serde_json::to_value(Scenario::baseline()).expect("JSON");
    file["envelope_by_year"] =
        serde_json::json!({"2017": "-1", "2018": "1.5", "2019": "x", "2021": "1"});
    file["carry_over"] = "sometimes".into();
    let error = Scenario::from_json(&file.to_string()).expect_err("refused");
    let problems: Vec<(String, String)> = error
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.message.clone()))
        .collect();
    let paths: Vec<&str> = problems.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "envelope_by_year.2019",
            "envelope_by_year.2021",
            "envelope_by_year.2020",
            "carry_over",
        ],
        "{problems:?}"
    );
    says(&problems[3].1, "use next_year, spread or lapse");
    // Amounts that parse are checked as amounts.
    file["envelope_by_year"] =
        serde_json::json!({"2017": "-1", "2018": "1.5", "2019": "0", "2020": "300000000"});
    file["carry_over"] = "lapse".into();
    let error = Scenario::from_json(&file.to_string()).expect_err("refused");
    let text = error.to_string();
    says(
        &text,
        "envelope_by_year.2017: the envelope of 2017: negative amount -1 CNY",
    );
    says(
        &text,
        "envelope_by_year.2018: the envelope of 2018: 1.5 CNY has a fraction",
    );
}

#[test]
fn with_per_year_envelopes_an_earmark_binds_the_four_years() {
    let mut draft = Scenario::baseline().to_draft();
    draft.envelopes = Some([envelope(); YEAR_COUNT]);
    let lean = ProgrammeId::LeanManagement.index();
    draft.allocations[0][lean] = Money::ZERO;
    draft.allocations[1][lean] += Money::yuan(20_000_000);
    assert!(
        Scenario::new(draft.clone()).is_ok(),
        "the four years still hold 80,000,000"
    );
    draft.allocations[1][lean] -= Money::yuan(1);
    let error = Scenario::new(draft).expect_err("refused").to_string();
    assert!(
        error.contains(
            "lean_management: 79999999 CNY over the four years is below the earmark of 80000000 CNY"
        ),
        "{error}"
    );
}

/// Closed-year spending: the scenario's, each line scaled by a factor, in whole yuan.
fn actuals(
    scenario: &Scenario,
    through: Year,
    factors: &[[u8; PROGRAMME_COUNT]; 3],
) -> ClosedYears {
    let mut closed = ClosedYears::as_planned(scenario, through);
    for (year, row) in closed
        .spent
        .iter_mut()
        .enumerate()
        .take(through.index() + 1)
    {
        for (amount, factor) in row.iter_mut().zip(&factors[year]) {
            *amount = amount
                .mul_ratio(Money::yuan(i64::from(*factor) + 50), Money::yuan(100))
                .floor_yuan();
        }
    }
    for (slot, value) in closed.achieved.iter_mut().enumerate() {
        *value *= f64::from(factors[0][slot % PROGRAMME_COUNT]) / 100.0 + 0.5;
    }
    closed
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_re_plan_keeps_closed_years_spends_what_it_should_and_holds_the_floors(
        envelope_steps in 250u32..=400,
        through in 0usize..3,
        factors in prop::array::uniform3(prop::array::uniform16(0u8..=100)),
        rule in prop::sample::select(CarryOver::ALL.to_vec()),
        objective in prop::sample::select(vec![Objective::Enterprises, Objective::Attainment]),
    ) {
        let mut draft = Scenario::baseline().to_draft();
        let annual = Money::yuan(i64::from(envelope_steps) * 1_000_000);
        draft.envelope = Some(annual);
        let current = shared::fit_envelope(
            &Scenario::new(draft).expect("valid"),
            &shared::Locks::none(),
            Money::yuan(1),
        )
        .expect("fits")
        .scenario;
        let through = Year::ALL[through];
        let closed = actuals(&current, through, &factors);
        let mut options = ReplanOptions::new(objective, rule);
        options.aim.step = Step::new(Money::yuan(1_000_000)).expect("a step");
        let replanned = match replan(&current, &closed, &options) {
            Err(OptimiseError::YearOverCommitted { overrun, .. }) => {
                prop_assert!(overrun.fixed > overrun.envelope);
                return Ok(());
            }
            other => other.expect("the re-plan runs"),
        };
        let first_open = through.index() + 1;
        let scenario = &replanned.scenario;
        for year in &Year::ALL[..first_open] {
            prop_assert_eq!(scenario.allocations()[year.index()], closed.spent[year.index()]);
        }
        let open_total: Money = Year::ALL[first_open..].iter().map(|y| scenario.year_total(*y)).sum();
        let open_envelopes: Money = Year::ALL[first_open..].iter().map(|y| current.year_envelope(*y)).sum();
        if rule == CarryOver::Lapse {
            for year in &Year::ALL[first_open..] {
                prop_assert_eq!(scenario.year_total(*year), current.year_envelope(*year));
            }
        } else {
            prop_assert_eq!(open_total, open_envelopes + replanned.unspent);
        }
        prop_assert!(scenario.is_balanced());
        let open = (YEAR_COUNT - first_open) as i64;
        for id in ProgrammeId::ALL {
            if let Some(earmark) = shared::plan::programme(*id).earmark {
                let spent: Money = closed.spent[..first_open].iter().map(|row| row[id.index()]).sum();
                let left = (earmark.total() - spent).max(Money::ZERO);
                for year in &Year::ALL[first_open..] {
                    let amount = scenario.allocation(*year, *id);
                    prop_assert!(amount.times(open) >= left, "{id} {year}: {amount}");
                }
            }
        }
        prop_assert_eq!(replanned.carried + replanned.lapsed, replanned.unspent);
    }
}
