use super::*;
use crate::params::Overrides;
use crate::projection::project;
use crate::scenario::ScenarioDraft;
use crate::testing::assert_says;

/// The baseline under a Chinese name: the scenario's name is printed as given, so a
/// bilingual name would bring its own Latin letters.
fn baseline_named_in_chinese() -> Scenario {
    let draft = ScenarioDraft {
        name: "规划基线".to_owned(),
        ..Scenario::baseline().to_draft()
    };
    Scenario::new(draft).unwrap_or_else(|_| Scenario::baseline())
}

fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn explanation_reproduces_the_projection_and_shows_provenance() {
    let scenario = Scenario::baseline();
    let explanation = explain(&scenario, ProgrammeId::SpecialisedProducts);
    assert_eq!(explanation.indicators.len(), 1);
    let ind = &explanation.indicators[0];
    assert!((ind.k - 63_798_657.30).abs() < 0.01);
    assert!((ind.result - 500.0).abs() < 1e-9);
    let text = explanation.render(Lang::Zh);
    assert_says(
        &text,
        &[
            "T = 125 个   [规划 三（二）3]",
            "B = 3,750 万元   [规划 四（四）]",
            "α = 0.2   [假设 · 默认值]",
            "k = −3,750 / ln(1 − (1 − 0.2) / (2 − 0.2)) = 6,379.87 万元",
            "= 500 个",
            "预计四年共 500 个",
        ],
    );
    assert_says(
        &explanation.render(Lang::En),
        &[
            "T = 125 products   [PLAN §3(2)3]",
            "α = 0.2   [ASSUMPTION · default]",
            "= 6,379.87 ten thousand CNY",
        ],
    );
}

#[test]
fn level_indicators_use_cumulative_funding() {
    let explanation = explain(&Scenario::baseline(), ProgrammeId::ParkUpgrade);
    let tax = explanation
        .indicators
        .iter()
        .find(|ind| ind.indicator == IndicatorId::ParkTax);
    let steps = tax.map(|ind| ind.steps.clone()).unwrap_or_default();
    let inputs: Vec<f64> = steps.iter().map(|step| step.input).collect();
    assert_eq!(inputs, vec![20e6, 40e6, 60e6, 80e6]);
    assert!((steps[3].output - 30e9).abs() < 1e-3);
    let text = explanation.render(Lang::Zh);
    // α = 0.9: 90% of the tax target comes without any subsidy.
    assert_eq!(tax.map(|ind| ind.money_for_90_percent), Some(Money::ZERO));
    assert_says(
        &text,
        &["2020年（累计）：y(8,000)", "每亿元", "没有补贴也能达到"],
    );
}

#[test]
fn the_chinese_text_has_no_latin_word_but_the_formula_symbols() {
    let mut overrides = Overrides::none();
    let key = ParamKey::parse("equipment_upgrade.enterprises.cost_multiplier");
    assert!(key.is_some());
    if let Some(key) = key {
        assert!(overrides.set(key, 1.2).is_ok());
    }
    let baseline = baseline_named_in_chinese();
    let overridden = Scenario::new(ScenarioDraft {
        overrides,
        ..baseline.to_draft()
    })
    .unwrap_or_else(|_| baseline.clone());
    let mut unbalanced = baseline.allocations().to_owned();
    unbalanced[1][ProgrammeId::Patents.index()] += Money::yuan(1_234_567);
    let unbalanced = baseline
        .with_allocations(unbalanced)
        .unwrap_or_else(|_| baseline.clone());
    for scenario in [&baseline, &overridden, &unbalanced] {
        for programme in ProgrammeId::ALL {
            let text = explain(scenario, *programme).render(Lang::Zh);
            for word in latin_words(&text) {
                assert!(
                    FORMULA_SYMBOLS.contains(&word.as_str()),
                    "`{word}` in the Chinese text of {programme}:\n{text}"
                );
            }
            for raw in ["CNY", "PLAN", "ASSUMPTION", "50000000", "99845182"] {
                assert!(!text.contains(raw), "{raw} in {text}");
            }
        }
    }
    let text = explain(&overridden, ProgrammeId::EquipmentUpgrade).render(Lang::Zh);
    assert_says(&text, &["m = 1.2   [假设 · 本情景修改，默认 1]"]);
    let text = explain(&unbalanced, ProgrammeId::Patents).render(Lang::Zh);
    assert_says(&text, &["不判定是否达成"]);
}

#[test]
fn the_marginal_product_is_the_finite_difference_of_the_projection() {
    let scenario = Scenario::baseline();
    for programme in ProgrammeId::ALL {
        let mut more = scenario.allocations().to_owned();
        for year in more.iter_mut() {
            year[programme.index()] += Money::yuan(EXTRA_PER_YEAR_YUAN);
        }
        let Ok(more) = scenario.with_allocations(more) else {
            panic!("+1,000,000 a year on {programme} is a valid scenario");
        };
        let (now, then) = (project(&scenario), project(&more));
        for ind in explain(&scenario, *programme).indicators {
            let slot = plan::indicator_index(ind.programme, ind.indicator).unwrap_or(0);
            let difference = then.indicators[slot].result - now.indicators[slot].result;
            assert_eq!(ind.marginal_per_million, difference, "{programme}");
            assert!(ind.marginal_per_million > 0.0, "{programme}");
        }
    }
    let equipment = explain(&scenario, ProgrammeId::EquipmentUpgrade);
    let ind = &equipment.indicators[0];
    // 4 × (y(51M) − y(50M)) ≈ 4 × 1.65·1000·e^(−0.5008)·1e6 / k ≈ 40 enterprises.
    assert!((ind.marginal_per_million - 40.0).abs() < 0.5, "{ind:?}");
    assert_eq!(ind.average_cost, Some(Money::yuan(50_000)));
}

#[test]
fn at_the_baseline_the_money_for_the_target_is_the_baseline_and_ninety_percent_less() {
    let scenario = Scenario::baseline();
    for programme in ProgrammeId::ALL {
        for ind in explain(&scenario, *programme).indicators {
            let baseline = plan::programme(*programme).baseline();
            assert_eq!(ind.money_for_target, baseline, "{programme}");
            assert!(
                ind.money_for_90_percent < ind.money_for_target,
                "{programme}"
            );
            let slot = plan::indicator_index(ind.programme, ind.indicator).unwrap_or(0);
            let curve = scenario.model().curve(slot);
            let input = |money: Money| match ind.kind {
                IndicatorKind::Flow => money.to_f64_lossy(),
                IndicatorKind::Level => money.times(YEAR_COUNT as i64).to_f64_lossy(),
            };
            let at_90 = curve.eval(input(ind.money_for_90_percent));
            assert!(
                crate::verdict::meets(at_90, 0.9 * curve.goal),
                "{programme}"
            );
            if ind.money_for_90_percent > Money::ZERO {
                let below = ind.money_for_90_percent - Money::yuan(1);
                assert!(curve.eval(input(below)) < 0.9 * curve.goal, "{programme}");
            }
        }
    }
}

#[test]
fn costs_the_target_money_with_the_cost_multiplier() {
    let mut overrides = Overrides::none();
    if let Some(key) = ParamKey::parse("specialised_products.products.cost_multiplier") {
        assert!(overrides.set(key, 1.2).is_ok());
    }
    let scenario = Scenario::new(ScenarioDraft {
        overrides,
        ..Scenario::baseline().to_draft()
    })
    .unwrap_or_else(|_| Scenario::baseline());
    let ind = &explain(&scenario, ProgrammeId::SpecialisedProducts).indicators[0];
    assert_eq!(ind.money_for_target, Money::yuan(45_000_000));
    let text = explain(&scenario, ProgrammeId::SpecialisedProducts).render(Lang::Zh);
    assert!(text.contains("还差 750 万元"), "{text}");
}

#[test]
fn energy_saving_is_measured_against_a_reference_not_a_target() {
    let explanation = explain(&Scenario::baseline(), ProgrammeId::EnergySaving);
    let ind = &explanation.indicators[0];
    assert_eq!(ind.target, None);
    assert_eq!(ind.reference_value, Some(0.15));
    assert!(ind.goal_is_reference());
    let zh = explanation.render(Lang::Zh);
    assert!(zh.contains("参考值，不是目标"), "{zh}");
    assert!(!zh.contains("规划目标"), "{zh}");
    let en = explanation.render(Lang::En);
    assert!(en.contains("a reference, not a target"), "{en}");
}
