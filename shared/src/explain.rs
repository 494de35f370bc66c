//! Explain: how a projected number was computed, so a planner — and the finance official
//! who checks the planner — can follow it with a calculator and judge it.
//!
//! For every indicator of a programme an [`Explanation`] gives first plain statements
//! ([`Explanation::summary`]): the result against its target, the average cost per unit,
//! what one more 100万元 a year buys, and how much money a year reaches the target and 90%
//! of it, each against what the scenario gives now; then the working
//! ([`Explanation::working`]): the curve, every input with its provenance, k, each year's
//! substitution and the arithmetic behind every statement.
//!
//! The text is entirely in the requested language. In Chinese no Latin letters appear
//! except the formula's own symbols, [`FORMULA_SYMBOLS`]; money is written in 万元 and
//! numbers carry thousands separators.

use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::format;
use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT, Year};
use crate::model::Curve;
use crate::money::Money;
use crate::params::{ParamKey, ParamKind};
use crate::plan::{
    self, ENTERPRISES_TARGET, INDICATORS, IndicatorKind, Lang, Provenance, Text, Unit, Words,
};
use crate::projection::outcomes;
use crate::scenario::Scenario;
use crate::verdict::{self, Gap, Verdict};

/// The response curve, as written in `funding-model.md`.
pub const CURVE_FORMULA: &str = "y(a) = α·T + (s − α)·T·(1 − exp(−a / (m·k)))";
/// The calibration of k.
pub const CALIBRATION_FORMULA: &str = "k = −B / ln(1 − (1 − α) / (s − α))";
/// The money that reaches the target (or reference value): the curve solved for y(a) = T.
/// With k calibrated at B it equals m·B.
pub const TARGET_MONEY_FORMULA: &str = "a = −m·k·ln(1 − (1 − α) / (s − α))";
/// The money that reaches 90% of the target: the curve solved for y(a) = 0.9·T; zero
/// when α ≥ 0.9.
pub const NINETY_PERCENT_MONEY_FORMULA: &str = "a = −m·k·ln(1 − (0.9 − α) / (s − α))";
/// The only Latin letters the Chinese text contains: the formula's symbols (α is listed
/// for completeness; it is not ASCII).
pub const FORMULA_SYMBOLS: [&str; 10] = ["y", "a", "T", "B", "α", "s", "m", "k", "exp", "ln"];
/// The extra money a year behind [`IndicatorExplanation::marginal_per_million`]: 100万元.
pub const EXTRA_PER_YEAR_YUAN: i64 = 1_000_000;

/// A parameter as it entered one curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamUse {
    /// The documented key.
    pub key: ParamKey,
    /// Formula symbol.
    pub symbol: &'static str,
    /// Value used.
    pub value: f64,
    /// The default.
    pub default: f64,
    /// Whether the scenario overrides it.
    pub overridden: bool,
    /// Provenance (ASSUMPTION).
    pub provenance: Provenance,
    /// What it means.
    pub rationale: Text,
    /// The programme-specific reason for the default, where there is one.
    pub note: Option<Text>,
}

/// A PLAN or ASSUMPTION input that is not a parameter: T and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// Formula symbol.
    pub symbol: &'static str,
    /// Value.
    pub value: f64,
    /// Where it comes from.
    pub provenance: Provenance,
    /// How it is derived (English, kept for the JSON output; the rendered text says it in
    /// the requested language).
    pub derivation: String,
}

/// One year's step of the arithmetic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The year.
    pub year: Year,
    /// The programme's money that year.
    pub funding: Money,
    /// The curve's input a: that year's money (flow) or the total to date (level).
    pub input: f64,
    /// y(a).
    pub output: f64,
    /// y(a) with [`EXTRA_PER_YEAR_YUAN`] more that year (and every year before, for a
    /// level).
    pub output_with_extra: f64,
    /// The substitution written out (in CNY, for the JSON output).
    pub arithmetic: String,
}

/// How one indicator's number was computed, and what it means for the money.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorExplanation {
    /// Programme.
    pub programme: ProgrammeId,
    /// Indicator.
    pub indicator: IndicatorId,
    /// Name.
    pub name: Text,
    /// Flow or level.
    pub kind: IndicatorKind,
    /// Unit.
    pub unit: Unit,
    /// The curve.
    pub formula: &'static str,
    /// The calibration.
    pub calibration: &'static str,
    /// T and B.
    pub inputs: Vec<Input>,
    /// α, s, m.
    pub parameters: Vec<ParamUse>,
    /// The calibrated k, in CNY.
    pub k: f64,
    /// k written out.
    pub k_arithmetic: String,
    /// Year by year.
    pub steps: Vec<Step>,
    /// The result.
    pub result: f64,
    /// How the result follows from the steps.
    pub result_arithmetic: String,
    /// The plan's target.
    pub target: Option<f64>,
    /// result ÷ target.
    pub attainment: Option<f64>,
    /// Contribution to enterprises transformed, for the twelve enterprise lines.
    pub counts_toward_enterprises: bool,
    /// What the curve is calibrated to: the target, or the reference value where the
    /// plan sets none.
    pub goal: f64,
    /// The reference value where the plan sets no target (energy intensity): shown as a
    /// reference, not as a target.
    pub reference_value: Option<f64>,
    /// Met, missed, infeasible (the scenario over- or underspends a year) or no target.
    pub verdict: Verdict,
    /// B as money: the baseline the curve is calibrated at (annual for a flow, the
    /// four-year sum for a level).
    pub baseline_funding: Money,
    /// The programme's money over the four years.
    pub funding_total: Money,
    /// The programme's money a year on average: `funding_total ÷ 4`, exact.
    pub funding_per_year: Money,
    /// The result with no money at all: 4·α·T for a flow, α·T for a level.
    pub without_subsidy: f64,
    /// How much of the indicator one average or marginal cost is for, in its unit: 1 for
    /// counts, 10⁸ for CNY of tax (per 亿元), 10⁴ for m² (per 万平方米), 0.01 for a share
    /// (per percentage point).
    pub cost_basis: f64,
    /// Average cost: `funding_total ÷ result × cost_basis`, rounded half-even
    /// (`MidpointNearestEven`) to whole yuan; `None` when the result is zero.
    pub average_cost: Option<Money>,
    /// Average cost of what the money adds: `funding_total ÷ (result − without_subsidy) ×
    /// cost_basis`, rounded the same way; `None` when the money adds nothing.
    pub average_cost_of_added: Option<Money>,
    /// What one more 1,000,000 CNY every year buys now: the result with that extra money
    /// minus the result, the four-year total of a flow, the 2020 level of a level.
    pub marginal_per_million: f64,
    /// The four extra 1,000,000 CNY ÷ `marginal_per_million` × `cost_basis`: what one
    /// more unit costs at the margin, rounded half-even to whole yuan; `None` when more
    /// money buys nothing.
    pub marginal_cost: Option<Money>,
    /// The money a year, the same every year, that brings the result to `goal`: the
    /// closed form −m·k·ln(1 − (1 − α) / (s − α)), equal to m·B since k is calibrated
    /// at B (a level's four-year need spread evenly). Rounded up
    /// (`ToPositiveInfinity`) to whole yuan after float noise below 0.0001 yuan is
    /// dropped, so the amount reaches the goal.
    pub money_for_target: Money,
    /// The same for 90% of `goal`: −m·k·ln(1 − (0.9 − α) / (s − α)); zero when α ≥ 0.9,
    /// that is reached without subsidy. Rounded like `money_for_target`.
    pub money_for_90_percent: Money,
}

/// How a programme's numbers were computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The scenario.
    pub scenario: String,
    /// The programme.
    pub programme: ProgrammeId,
    /// Its name.
    pub name: Text,
    /// Each indicator.
    pub indicators: Vec<IndicatorExplanation>,
    /// The programme's enterprises against the scenario's total, for enterprise lines.
    pub enterprises_total: f64,
    /// Whether every year spends its envelope exactly; while not, no target is claimed.
    pub feasible: bool,
    /// Why the scenario is not feasible, in words; empty when it is.
    pub budget_gap: Words,
}

fn g(value: f64) -> String {
    // Enough digits to redo the arithmetic by hand, without float noise.
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

/// Money per `basis` of `quantity`: exact decimal division, rounded half-even to whole
/// yuan; `None` for a quantity that is not positive.
fn money_per(money: Money, basis: Decimal, quantity: f64) -> Option<Money> {
    if !quantity.is_finite() || quantity <= 0.0 {
        return None;
    }
    let quantity = Decimal::from_f64_retain(quantity)?;
    let value = money
        .as_decimal()
        .checked_mul(basis)?
        .checked_div(quantity)?;
    Some(Money::from_decimal(value.round_dp_with_strategy(
        0,
        RoundingStrategy::MidpointNearestEven,
    )))
}

/// A closed-form amount of CNY as money: float noise below 0.0001 yuan dropped (so m·B
/// stays m·B), then rounded up to whole yuan, so the amount reaches what it is for.
fn yuan_up(amount: f64) -> Money {
    Decimal::from_f64_retain(amount.max(0.0)).map_or(Money::ZERO, |value| {
        Money::from_decimal(
            value
                .round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
                .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity),
        )
    })
}

/// The money that brings a curve to `share` of T: annual for a flow, the four-year
/// total for a level; zero when α alone reaches it.
fn money_reaching(curve: &Curve, share: f64) -> f64 {
    if curve.alpha >= share {
        return 0.0;
    }
    -curve.scale() * libm::log1p(-(share - curve.alpha) / (curve.saturation - curve.alpha))
}

/// How the text writes an indicator's quantities: the factor from its unit, and the
/// name of one displayed unit. One displayed unit is also what a cost is "per".
struct Shown {
    scale: f64,
    unit: Text,
    each: Text,
    extra: Text,
}

fn shown(unit: Unit) -> Shown {
    let text = |zh, en| Text { zh, en };
    let (scale, name, each, extra) = match unit {
        Unit::Share => (
            100.0,
            text("个百分点", "percentage points"),
            text("每个百分点", "per percentage point"),
            text("每多一个百分点", "per extra percentage point"),
        ),
        Unit::Cny => (
            1e-8,
            text("亿元", "亿元 (100M CNY)"),
            text("每亿元", "per 亿元 (100M CNY)"),
            text("每多一亿元", "per extra 亿元 (100M CNY)"),
        ),
        Unit::SquareMetres => (
            1e-4,
            text("万平方米", "万 m² (10k m²)"),
            text("每万平方米", "per 万 m² (10k m²)"),
            text("每多一万平方米", "per extra 万 m²"),
        ),
        Unit::Enterprises => (
            1.0,
            unit.label(),
            text("每家", "per enterprise"),
            text("每多一家", "per extra enterprise"),
        ),
        Unit::Projects => (
            1.0,
            unit.label(),
            text("每个项目", "per project"),
            text("每多一个项目", "per extra project"),
        ),
        Unit::Products => (
            1.0,
            unit.label(),
            text("每个产品", "per product"),
            text("每多一个产品", "per extra product"),
        ),
        Unit::Brands => (
            1.0,
            unit.label(),
            text("每个品牌", "per brand"),
            text("每多一个品牌", "per extra brand"),
        ),
        Unit::Mu => (
            1.0,
            unit.label(),
            text("每亩", "per mu"),
            text("每多一亩", "per extra mu"),
        ),
        Unit::Bases => (
            1.0,
            unit.label(),
            text("每个基地", "per base"),
            text("每多一个基地", "per extra base"),
        ),
    };
    Shown {
        scale,
        unit: name,
        each,
        extra,
    }
}

/// The Decimal of one displayed unit: 1, 10⁸, 10⁴ or 0.01.
fn basis_of(unit: Unit) -> Decimal {
    match unit {
        Unit::Share => Decimal::new(1, 2),
        Unit::Cny => Decimal::from(100_000_000),
        Unit::SquareMetres => Decimal::from(10_000),
        _ => Decimal::ONE,
    }
}

/// Explains every indicator of a programme in a scenario.
pub fn explain(scenario: &Scenario, programme: ProgrammeId) -> Explanation {
    let model = scenario.model();
    let out = outcomes(scenario);
    let extra = Money::yuan(EXTRA_PER_YEAR_YUAN);
    let mut funding_plus = *scenario.funding();
    for year in funding_plus.iter_mut() {
        year[programme.index()] += extra.to_f64_lossy();
    }
    // The projection with the extra money, computed the way the projection computes.
    let plus = model.evaluate(&funding_plus);
    let feasible = scenario.is_balanced();
    let gaps: Vec<Gap> = Year::ALL
        .iter()
        .map(|year| Gap {
            year: *year,
            unallocated: scenario.unallocated(*year),
        })
        .filter(|gap| gap.unallocated != Money::ZERO)
        .collect();
    let def_programme = plan::programme(programme);
    let funding_total = scenario.programme_total(programme);
    let funding_per_year =
        Money::from_decimal(funding_total.as_decimal() / Decimal::from(YEAR_COUNT as u64));
    let indicators = plan::indicators_of(programme)
        .map(|slot| {
            let def = &INDICATORS[slot];
            let curve = model.curve(slot);
            let baseline = def_programme.baseline();
            let goal_provenance = match def.target {
                Some(_) => Provenance::Plan {
                    reference: def.reference,
                },
                None => Provenance::Assumption,
            };
            let goal_source = def.goal();
            let (t_derivation, b_derivation) = match def.kind {
                IndicatorKind::Flow => (
                    format!("four-year target {} ÷ 4", g(goal_source)),
                    format!("baseline annual allocation {baseline} CNY"),
                ),
                IndicatorKind::Level => (
                    if def.target.is_some() {
                        format!("2020 level {}", g(goal_source))
                    } else {
                        format!("reference value {} (no plan target)", g(goal_source))
                    },
                    format!("four-year baseline 4 × {baseline} CNY"),
                ),
            };
            let inputs = vec![
                Input {
                    symbol: "T",
                    value: curve.goal,
                    provenance: goal_provenance,
                    derivation: t_derivation,
                },
                Input {
                    symbol: "B",
                    value: curve.baseline,
                    provenance: def_programme.baseline_provenance(),
                    derivation: b_derivation,
                },
            ];
            let parameters = [
                ParamKind::Alpha,
                ParamKind::Saturation,
                ParamKind::CostMultiplier,
            ]
            .into_iter()
            .filter_map(|kind| ParamKey::curve(kind, slot))
            .map(|key| {
                let info = key.info();
                ParamUse {
                    key,
                    symbol: info.symbol,
                    value: model.assumptions().get(key),
                    default: info.default,
                    overridden: scenario.overrides().get(key).is_some(),
                    provenance: info.provenance,
                    rationale: info.rationale,
                    note: info.note,
                }
            })
            .collect();
            let (alpha, s, m, t) = (
                curve.alpha,
                curve.saturation,
                curve.cost_multiplier,
                curve.goal,
            );
            let k_arithmetic = format!(
                "k = −{} / ln(1 − (1 − {}) / ({} − {})) = {} CNY",
                g(curve.baseline),
                g(alpha),
                g(s),
                g(alpha),
                g(curve.k)
            );
            let mut cumulative = Money::ZERO;
            let steps = Year::ALL
                .iter()
                .map(|year| {
                    let funding = scenario.allocation(*year, programme);
                    cumulative += funding;
                    let input = match def.kind {
                        IndicatorKind::Flow => funding.to_f64_lossy(),
                        IndicatorKind::Level => cumulative.to_f64_lossy(),
                    };
                    let output = out.by_year[slot][year.index()];
                    Step {
                        year: *year,
                        funding,
                        input,
                        output,
                        output_with_extra: plus.by_year[slot][year.index()],
                        arithmetic: format!(
                            "y({}) = {}·{} + ({} − {})·{}·(1 − exp(−{} / ({}·{}))) = {}",
                            g(input),
                            g(alpha),
                            g(t),
                            g(s),
                            g(alpha),
                            g(t),
                            g(input),
                            g(m),
                            g(curve.k),
                            g(output)
                        ),
                    }
                })
                .collect::<Vec<_>>();
            let result = out.result[slot];
            let result_arithmetic = match def.kind {
                IndicatorKind::Flow => format!(
                    "result = Σ years = {} = {}",
                    steps
                        .iter()
                        .map(|step| g(step.output))
                        .collect::<Vec<_>>()
                        .join(" + "),
                    g(result)
                ),
                IndicatorKind::Level => format!(
                    "result = the {} level = y(Σ four years) = {}",
                    Year::ALL[YEAR_COUNT - 1],
                    g(result)
                ),
            };
            let years = match def.kind {
                IndicatorKind::Flow => YEAR_COUNT as f64,
                IndicatorKind::Level => 1.0,
            };
            let without_subsidy = years * alpha * t;
            let basis = basis_of(def.unit);
            let marginal_per_million = plus.result[slot] - result;
            let per_year = |need: f64| match def.kind {
                IndicatorKind::Flow => yuan_up(need),
                IndicatorKind::Level => yuan_up(need / YEAR_COUNT as f64),
            };
            IndicatorExplanation {
                programme,
                indicator: def.indicator,
                name: def.name,
                kind: def.kind,
                unit: def.unit,
                formula: CURVE_FORMULA,
                calibration: CALIBRATION_FORMULA,
                inputs,
                parameters,
                k: curve.k,
                k_arithmetic,
                steps,
                result,
                result_arithmetic,
                target: def.target,
                attainment: def.target.map(|target| result / target),
                counts_toward_enterprises: def_programme.counts_toward_enterprises(),
                goal: def.goal(),
                reference_value: def
                    .target
                    .is_none()
                    .then_some(def.reference_value)
                    .flatten(),
                verdict: verdict::verdict(result, def.target, feasible),
                baseline_funding: match def.kind {
                    IndicatorKind::Flow => baseline,
                    IndicatorKind::Level => baseline.times(YEAR_COUNT as i64),
                },
                funding_total,
                funding_per_year,
                without_subsidy,
                cost_basis: Money::from_decimal(basis).to_f64_lossy(),
                average_cost: money_per(funding_total, basis, result),
                average_cost_of_added: money_per(funding_total, basis, result - without_subsidy),
                marginal_per_million,
                marginal_cost: money_per(
                    extra.times(YEAR_COUNT as i64),
                    basis,
                    marginal_per_million,
                ),
                money_for_target: per_year(money_reaching(curve, 1.0)),
                money_for_90_percent: per_year(money_reaching(curve, 0.9)),
            }
        })
        .collect();
    Explanation {
        scenario: scenario.name().to_owned(),
        programme,
        name: def_programme.name,
        indicators,
        enterprises_total: out.enterprises,
        feasible,
        budget_gap: Words::each(|lang| verdict::gap_text(&gaps, lang)),
    }
}

/// A number with thousands separators and at most `dp` decimals, trailing zeros dropped.
fn num(value: f64, dp: usize) -> String {
    let text = format::number(value, dp);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// An amount of money as a bare number of 万元, for substitutions.
fn wan_number(amount: Money) -> String {
    let wan = amount.in_wan(2);
    format::number(
        Money::from_decimal(wan).to_f64_lossy(),
        wan.scale() as usize,
    )
}

/// A quantity of an indicator in its displayed unit, `dp` decimals at most.
fn amount(value: f64, unit: Unit, lang: Lang, dp: usize) -> String {
    let shown = shown(unit);
    format!("{} {}", num(value * shown.scale, dp), shown.unit.get(lang))
}

/// PLAN §ref or ASSUMPTION, in the language.
fn source(provenance: Provenance, lang: Lang) -> String {
    match (provenance, lang) {
        (Provenance::Plan { reference }, Lang::Zh) => format!("规划 {reference}"),
        (Provenance::Plan { reference }, Lang::En) => format!("PLAN {reference}"),
        (Provenance::Assumption, Lang::Zh) => "假设".to_owned(),
        (Provenance::Assumption, Lang::En) => "ASSUMPTION".to_owned(),
    }
}

/// What the scenario gives against what is needed, in words.
fn against(now: Money, need: Money, lang: Lang) -> String {
    let gap = now - need;
    match (lang, gap.cmp(&Money::ZERO)) {
        (Lang::Zh, std::cmp::Ordering::Less) => format!("还差 {}", format::wan(-gap, lang)),
        (Lang::Zh, std::cmp::Ordering::Greater) => format!("多出 {}", format::wan(gap, lang)),
        (Lang::Zh, std::cmp::Ordering::Equal) => "正好足够".to_owned(),
        (Lang::En, std::cmp::Ordering::Less) => {
            format!("{} short", format::wan(-gap, lang))
        }
        (Lang::En, std::cmp::Ordering::Greater) => {
            format!("{} more than needed", format::wan(gap, lang))
        }
        (Lang::En, std::cmp::Ordering::Equal) => "exactly enough".to_owned(),
    }
}

impl IndicatorExplanation {
    fn parameter(&self, kind: ParamKind) -> f64 {
        self.parameters
            .iter()
            .find(|param| param.key.kind() == kind)
            .map_or(f64::NAN, |param| param.value)
    }

    fn input(&self, symbol: &str) -> f64 {
        self.inputs
            .iter()
            .find(|input| input.symbol == symbol)
            .map_or(f64::NAN, |input| input.value)
    }

    fn uniform_funding(&self) -> bool {
        self.steps
            .windows(2)
            .all(|pair| pair[0].funding == pair[1].funding)
    }

    /// Whether the goal is a reference value rather than a plan target.
    pub fn goal_is_reference(&self) -> bool {
        self.target.is_none()
    }

    /// Whether 90% of the goal is reached without any subsidy (α ≥ 0.9).
    pub fn ninety_percent_without_subsidy(&self) -> bool {
        self.parameter(ParamKind::Alpha) >= 0.9
    }

    /// The plain statements about this indicator, one sentence each.
    pub fn summary(&self, lang: Lang, enterprises_total: f64, budget_gap: &str) -> Vec<String> {
        let zh = lang == Lang::Zh;
        let name = self.name.get(lang);
        let shown = shown(self.unit);
        let q = |value: f64| format::quantity(value, self.unit, lang);
        let flow = self.kind == IndicatorKind::Flow;
        let attainment = format::attainment(self.result, self.goal);
        let mut sentences = Vec::new();

        let goal_clause = match (self.verdict, self.target, lang) {
            (Verdict::Met | Verdict::Missed, Some(target), Lang::Zh) => format!(
                "为规划目标 {}的 {attainment}（{}）",
                q(target),
                self.verdict.label(lang)
            ),
            (Verdict::Met | Verdict::Missed, Some(target), Lang::En) => format!(
                "{attainment} of the plan target of {} ({})",
                q(target),
                self.verdict.label(lang)
            ),
            (Verdict::Infeasible, Some(target), Lang::Zh) => format!(
                "为规划目标 {}的 {attainment}；但本情景预算未平衡（{budget_gap}），不判定是否达成",
                q(target)
            ),
            (Verdict::Infeasible, Some(target), Lang::En) => format!(
                "{attainment} of the plan target of {}; but the scenario's budget is not \
                 balanced ({budget_gap}), so no target is claimed",
                q(target)
            ),
            (_, _, Lang::Zh) => format!(
                "为参考值 {}的 {attainment}（{}）",
                q(self.goal),
                reference_note(self, lang)
            ),
            (_, _, Lang::En) => format!(
                "{attainment} of the reference value of {} ({})",
                q(self.goal),
                reference_note(self, lang)
            ),
        };
        sentences.push(match (flow, zh) {
            (true, true) => format!(
                "{name}：四年投入 {}，预计四年共 {}，{goal_clause}。",
                format::wan(self.funding_total, lang),
                q(self.result)
            ),
            (false, true) => format!(
                "{name}：四年累计投入 {}，预计2020年达到 {}，{goal_clause}。",
                format::wan(self.funding_total, lang),
                q(self.result)
            ),
            (true, false) => format!(
                "{name}: {} over four years is projected to give {} over four years, {goal_clause}.",
                format::wan(self.funding_total, lang),
                q(self.result)
            ),
            (false, false) => format!(
                "{name}: {} over four years is projected to reach {} in 2020, {goal_clause}.",
                format::wan(self.funding_total, lang),
                q(self.result)
            ),
        });

        let added = self.result - self.without_subsidy;
        sentences.push(
            match (self.average_cost, self.average_cost_of_added, lang) {
                (None, _, Lang::Zh) => "平均成本：结果为零，无法计算。".to_owned(),
                (None, _, Lang::En) => {
                    "Average cost: the result is zero, so there is none.".to_owned()
                }
                (Some(cost), added_cost, Lang::Zh) => format!(
                    "平均成本：{} {}（四年投入 ÷ {}）；其中 {}没有补贴也会发生，{}。",
                    shown.each.get(lang),
                    format::wan(cost, lang),
                    if flow {
                        "四年结果"
                    } else {
                        "2020年水平"
                    },
                    q(self.without_subsidy),
                    match added_cost {
                        Some(added_cost) => format!(
                            "只算资金带来的 {}，{} {}",
                            q(added),
                            shown.each.get(lang),
                            format::wan(added_cost, lang)
                        ),
                        None => "资金没有带来额外的结果".to_owned(),
                    }
                ),
                (Some(cost), added_cost, Lang::En) => format!(
                    "Average cost: {} {} (four-year money ÷ {}); {} would happen without subsidy \
                 anyway, {}.",
                    format::wan(cost, lang),
                    shown.each.get(lang),
                    if flow {
                        "four-year result"
                    } else {
                        "2020 level"
                    },
                    q(self.without_subsidy),
                    match added_cost {
                        Some(added_cost) => format!(
                            "so counting only the {} the money adds, {} {}",
                            q(added),
                            format::wan(added_cost, lang),
                            shown.each.get(lang)
                        ),
                        None => "so the money adds nothing".to_owned(),
                    }
                ),
            },
        );

        let extra = Money::yuan(EXTRA_PER_YEAR_YUAN);
        let extra_total = extra.times(YEAR_COUNT as i64);
        let gain = amount(self.marginal_per_million, self.unit, lang, 2);
        sentences.push(match (self.marginal_cost, lang) {
            (Some(cost), Lang::Zh) => format!(
                "多投入的效果：每年再多投入 {}（四年共 {}），{} {}，折合{} {}。",
                format::wan(extra, lang),
                format::wan(extra_total, lang),
                if flow {
                    "四年结果增加"
                } else {
                    "2020年水平提高"
                },
                gain,
                shown.extra.get(lang),
                format::wan(cost, lang)
            ),
            (None, Lang::Zh) => format!(
                "多投入的效果：每年再多投入 {}（四年共 {}），结果几乎不再增加（已接近饱和上限）。",
                format::wan(extra, lang),
                format::wan(extra_total, lang)
            ),
            (Some(cost), Lang::En) => format!(
                "One more {} a year ({} over four years) {}: {} {}.",
                format::wan(extra, lang),
                format::wan(extra_total, lang),
                if flow {
                    format!("gives {gain} more over four years")
                } else {
                    format!("raises the 2020 level by {gain}")
                },
                format::wan(cost, lang),
                shown.extra.get(lang)
            ),
            (None, Lang::En) => format!(
                "One more {} a year ({} over four years) adds next to nothing: the curve is \
                 close to its ceiling.",
                format::wan(extra, lang),
                format::wan(extra_total, lang)
            ),
        });

        let reference = self.goal_is_reference();
        let now = format::wan(self.funding_per_year, lang);
        let on_average = !self.uniform_funding();
        let gives = match (lang, on_average) {
            (Lang::Zh, false) => format!("本情景每年 {now}"),
            (Lang::Zh, true) => format!("本情景平均每年 {now}"),
            (Lang::En, false) => format!("the scenario gives {now} a year"),
            (Lang::En, true) => format!("the scenario gives {now} a year on average"),
        };
        let need = self.money_for_target;
        sentences.push(match (lang, reference) {
            (Lang::Zh, false) => format!(
                "达到目标：每年需要 {}；{gives}，{}。",
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
            (Lang::Zh, true) => format!(
                "达到参考值（参考值，不是目标）：每年需要 {}；{gives}，{}。",
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
            (Lang::En, false) => format!(
                "Reaching the target takes {} a year; {gives}: {}.",
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
            (Lang::En, true) => format!(
                "Reaching the reference value (a reference, not a target) takes {} a year; \
                 {gives}: {}.",
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
        });
        let need = self.money_for_90_percent;
        let alpha = format::percent(self.parameter(ParamKind::Alpha));
        sentences.push(match (lang, reference, self.ninety_percent_without_subsidy()) {
            (Lang::Zh, false, true) => {
                format!("达到目标的90%：没有补贴也能达到（没有补贴也会发生的部分就有目标的 {alpha}）。")
            }
            (Lang::Zh, true, true) => format!(
                "达到参考值的90%：没有补贴也能达到（没有补贴也会发生的部分就有参考值的 {alpha}）。"
            ),
            (Lang::Zh, reference, false) => format!(
                "达到{}的90%：每年需要 {}；{gives}，{}。",
                if reference { "参考值" } else { "目标" },
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
            (Lang::En, reference, true) => format!(
                "90% of the {} is reached without subsidy ({alpha} of it happens anyway).",
                if reference { "reference value" } else { "target" }
            ),
            (Lang::En, reference, false) => format!(
                "Reaching 90% of the {} takes {} a year; {gives}: {}.",
                if reference { "reference value" } else { "target" },
                format::wan(need, lang),
                against(self.funding_per_year, need, lang)
            ),
        });

        if self.counts_toward_enterprises {
            let unit = Unit::Enterprises;
            sentences.push(match lang {
                Lang::Zh => format!(
                    "计入转型企业总数：本项 {}，十二项合计 {}（目标 {}）。",
                    format::quantity(self.result, unit, lang),
                    format::quantity(enterprises_total, unit, lang),
                    format::quantity(ENTERPRISES_TARGET, unit, lang)
                ),
                Lang::En => format!(
                    "Counts toward enterprises transformed: {} of the twelve lines' {} \
                     (target {}).",
                    format::quantity(self.result, unit, lang),
                    format::quantity(enterprises_total, unit, lang),
                    format::quantity(ENTERPRISES_TARGET, unit, lang)
                ),
            });
        }
        sentences
    }

    /// The formula and the arithmetic, line by line: every input with its provenance,
    /// k, each year's substitution, the result and attainment, and the arithmetic of
    /// every statement of [`IndicatorExplanation::summary`].
    pub fn working(&self, lang: Lang, enterprises_total: f64, budget_gap: &str) -> Vec<String> {
        let zh = lang == Lang::Zh;
        let flow = self.kind == IndicatorKind::Flow;
        let shown = shown(self.unit);
        let unit = shown.unit.get(lang);
        let y = |value: f64| num(value * shown.scale, 4);
        let p = |value: f64| num(value, 4);
        let (alpha, s, m) = (
            self.parameter(ParamKind::Alpha),
            self.parameter(ParamKind::Saturation),
            self.parameter(ParamKind::CostMultiplier),
        );
        let t = self.input("T");
        let k = format::number(self.k / 1e4, 2);
        let b = wan_number(self.baseline_funding);
        let mut lines = Vec::new();
        lines.push(match (zh, flow) {
            (true, true) => format!("【{}】每年的产出按当年资金计算，四年相加", self.name.zh),
            (true, false) => format!("【{}】2020年的水平，由截至当年的累计资金决定", self.name.zh),
            (false, true) => format!(
                "[{}] a flow: produced each year from that year's money, summed over four years",
                self.name.en
            ),
            (false, false) => format!(
                "[{}] a level: the 2020 state, driven by the money to date",
                self.name.en
            ),
        });
        lines.push(if zh {
            format!("曲线：{}", self.formula)
        } else {
            format!("curve: {}", self.formula)
        });
        lines.push(if zh {
            format!(
                "校准：{}，使 y(B) = T（基线资金正好达到目标）",
                self.calibration
            )
        } else {
            format!(
                "calibration: {}, so that y(B) = T (the baseline money meets the goal exactly)",
                self.calibration
            )
        });

        // Inputs with their provenance.
        for input in &self.inputs {
            let line = match input.symbol {
                "T" => {
                    let derivation = match (self.target, flow, lang) {
                        (Some(target), true, Lang::Zh) => format!(
                            "年度目标 = 四年目标 {} ÷ 4",
                            amount(target, self.unit, lang, 4)
                        ),
                        (Some(target), true, Lang::En) => format!(
                            "annual target = four-year target {} ÷ 4",
                            amount(target, self.unit, lang, 4)
                        ),
                        (Some(_), false, Lang::Zh) => "规划设定的2020年水平".to_owned(),
                        (Some(_), false, Lang::En) => "the 2020 level the plan sets".to_owned(),
                        (None, _, Lang::Zh) => {
                            format!("参考值：{}", reference_note(self, lang))
                        }
                        (None, _, Lang::En) => {
                            format!("reference value: {}", reference_note(self, lang))
                        }
                    };
                    format!(
                        "  T = {} {unit}   [{}] {derivation}",
                        y(input.value),
                        source(input.provenance, lang)
                    )
                }
                _ => {
                    let annual = plan::programme(self.programme).baseline();
                    let why = match (plan::programme(self.programme).earmark, lang) {
                        (Some(earmark), Lang::Zh) => format!(
                            "规划专项安排 {} ÷ 4 = 每年 {}",
                            format::wan(earmark.total(), lang),
                            format::wan(annual, lang)
                        ),
                        (Some(earmark), Lang::En) => format!(
                            "the plan's earmark of {} ÷ 4 = {} a year",
                            format::wan(earmark.total(), lang),
                            format::wan(annual, lang)
                        ),
                        (None, Lang::Zh) => format!(
                            "本项目的默认年度安排 {}；十六项合计正好为规划每年 {}的资金规模",
                            format::wan(annual, lang),
                            format::yi(plan::annual_envelope(), lang)
                        ),
                        (None, Lang::En) => format!(
                            "this project's default of {} a year; the sixteen lines add up to \
                             the plan's {} a year",
                            format::wan(annual, lang),
                            format::yi(plan::annual_envelope(), lang)
                        ),
                    };
                    let what = match (flow, lang) {
                        (true, Lang::Zh) => "基线年度资金：".to_owned(),
                        (true, Lang::En) => "baseline annual money: ".to_owned(),
                        (false, Lang::Zh) => "四年基线 = 4 × 每年基线；".to_owned(),
                        (false, Lang::En) => "four-year baseline = 4 × the annual one; ".to_owned(),
                    };
                    format!(
                        "  B = {}   [{}] {what}{why}",
                        format::wan(self.baseline_funding, lang),
                        source(input.provenance, lang)
                    )
                }
            };
            lines.push(line);
        }
        for param in &self.parameters {
            let status = match (param.overridden, lang) {
                (false, Lang::Zh) => " · 默认值".to_owned(),
                (false, Lang::En) => " · default".to_owned(),
                (true, Lang::Zh) => format!(" · 本情景修改，默认 {}", p(param.default)),
                (true, Lang::En) => {
                    format!(" · set by the scenario; default {}", p(param.default))
                }
            };
            let note = match (param.note, lang) {
                (Some(note), Lang::Zh) => format!("；本项说明：{}", note.get(lang)),
                (Some(note), Lang::En) => format!("; about this line: {}", note.get(lang)),
                (None, _) => String::new(),
            };
            lines.push(format!(
                "  {} = {}   [{}{status}] {}{note}",
                param.symbol,
                p(param.value),
                source(param.provenance, lang),
                param.rationale.get(lang)
            ));
        }
        lines.push(format!(
            "  k = −{b} / ln(1 − (1 − {}) / ({} − {})) = {k} {}",
            p(alpha),
            p(s),
            p(alpha),
            if zh { "万元" } else { "万元 (10k CNY)" }
        ));

        // Year by year.
        lines.push(if zh {
            format!("逐年代入（a 与 k 以万元计，T 与 y 以{unit}计）：")
        } else {
            format!("year by year (a and k in 万元 (10k CNY), T and y in {unit}):")
        });
        for step in &self.steps {
            let money = match self.kind {
                IndicatorKind::Flow => step.funding,
                IndicatorKind::Level => self
                    .steps
                    .iter()
                    .take_while(|other| other.year <= step.year)
                    .map(|other| other.funding)
                    .sum(),
            };
            let a = wan_number(money);
            let year = match (zh, flow) {
                (true, true) => format!("{}年", step.year),
                (true, false) => format!("{}年（累计）", step.year),
                (false, true) => format!("{}", step.year),
                (false, false) => format!("{} (to date)", step.year),
            };
            lines.push(format!(
                "  {year}{}y({a}) = {}·{} + ({} − {})·{}·(1 − exp(−{a} / ({}·{k}))) = {}",
                if zh { "：" } else { ": " },
                p(alpha),
                y(t),
                p(s),
                p(alpha),
                y(t),
                p(m),
                y(step.output)
            ));
        }
        lines.push(match (flow, zh) {
            (true, true) => format!(
                "  结果 = 四年相加 = {} = {} {unit}",
                self.steps
                    .iter()
                    .map(|step| y(step.output))
                    .collect::<Vec<_>>()
                    .join(" + "),
                y(self.result)
            ),
            (true, false) => format!(
                "  result = sum of the four years = {} = {} {unit}",
                self.steps
                    .iter()
                    .map(|step| y(step.output))
                    .collect::<Vec<_>>()
                    .join(" + "),
                y(self.result)
            ),
            (false, true) => format!("  结果 = 2020年的水平 = {} {unit}", y(self.result)),
            (false, false) => format!("  result = the 2020 level = {} {unit}", y(self.result)),
        });
        let attainment = format::attainment(self.result, self.goal);
        lines.push(match (self.verdict, lang) {
            (Verdict::Met | Verdict::Missed, Lang::Zh) => format!(
                "  达成率 = {} ÷ {} = {attainment}（{}）",
                y(self.result),
                y(self.goal),
                self.verdict.label(lang)
            ),
            (Verdict::Met | Verdict::Missed, Lang::En) => format!(
                "  attainment = {} ÷ {} = {attainment} ({})",
                y(self.result),
                y(self.goal),
                self.verdict.label(lang)
            ),
            (Verdict::Infeasible, Lang::Zh) => format!(
                "  达成率 = {} ÷ {} = {attainment}；本情景预算未平衡（{budget_gap}），不判定是否达成",
                y(self.result),
                y(self.goal)
            ),
            (Verdict::Infeasible, Lang::En) => format!(
                "  attainment = {} ÷ {} = {attainment}; the budget is not balanced ({budget_gap}), \
                 so no target is claimed",
                y(self.result),
                y(self.goal)
            ),
            (Verdict::NoTarget, Lang::Zh) => format!(
                "  对照参考值 = {} ÷ {} = {attainment}（参考值，不是目标）",
                y(self.result),
                y(self.goal)
            ),
            (Verdict::NoTarget, Lang::En) => format!(
                "  against the reference value = {} ÷ {} = {attainment} (a reference, not a target)",
                y(self.result),
                y(self.goal)
            ),
        });

        // The statements' arithmetic.
        let total = wan_number(self.funding_total);
        let wan_unit = if zh { "万元" } else { "万元 (10k CNY)" };
        if let Some(cost) = self.average_cost {
            lines.push(if zh {
                format!(
                    "  平均成本 = 四年投入 ÷ {} = {total} 万元 ÷ {} {unit} = {}（{}）",
                    if flow { "四年结果" } else { "2020年水平" },
                    y(self.result),
                    format::wan(cost, lang),
                    shown.each.get(lang)
                )
            } else {
                format!(
                    "  average cost = four-year money ÷ {} = {total} {wan_unit} ÷ {} {unit} = {} {}",
                    if flow { "four-year result" } else { "2020 level" },
                    y(self.result),
                    format::wan(cost, lang),
                    shown.each.get(lang)
                )
            });
        }
        let without = if flow {
            format!("4·α·T = 4·{}·{}", p(alpha), y(t))
        } else {
            format!("α·T = {}·{}", p(alpha), y(t))
        };
        let added = self.result - self.without_subsidy;
        lines.push(match (self.average_cost_of_added, lang) {
            (Some(cost), Lang::Zh) => format!(
                "  没有补贴也会发生 = {without} = {} {unit}；资金带来的 = {} − {} = {} {unit}；{total} 万元 ÷ {} {unit} = {}（{}）",
                y(self.without_subsidy),
                y(self.result),
                y(self.without_subsidy),
                y(added),
                y(added),
                format::wan(cost, lang),
                shown.each.get(lang)
            ),
            (Some(cost), Lang::En) => format!(
                "  without subsidy = {without} = {} {unit}; added by the money = {} − {} = {} {unit}; \
                 {total} {wan_unit} ÷ {} {unit} = {} {}",
                y(self.without_subsidy),
                y(self.result),
                y(self.without_subsidy),
                y(added),
                y(added),
                format::wan(cost, lang),
                shown.each.get(lang)
            ),
            (None, Lang::Zh) => format!(
                "  没有补贴也会发生 = {without} = {} {unit}；资金没有带来额外的结果",
                y(self.without_subsidy)
            ),
            (None, Lang::En) => format!(
                "  without subsidy = {without} = {} {unit}; the money adds nothing",
                y(self.without_subsidy)
            ),
        });
        let extra = Money::yuan(EXTRA_PER_YEAR_YUAN);
        let extra_total = extra.times(YEAR_COUNT as i64);
        let e = wan_number(extra);
        let difference = match self.kind {
            IndicatorKind::Flow => format!(
                "Σ [y(a + {e}) − y(a)] = {}",
                self.steps
                    .iter()
                    .map(|step| y(step.output_with_extra - step.output))
                    .collect::<Vec<_>>()
                    .join(" + ")
            ),
            IndicatorKind::Level => {
                let last = self.steps.last();
                let now = self.funding_total;
                format!(
                    "y({} + {}) − y({}) = {} − {}",
                    wan_number(now),
                    wan_number(extra_total),
                    wan_number(now),
                    y(last.map_or(f64::NAN, |step| step.output_with_extra)),
                    y(self.result)
                )
            }
        };
        let gain = y(self.marginal_per_million);
        lines.push(match (self.marginal_cost, lang) {
            (Some(cost), Lang::Zh) => format!(
                "  每年多投入 {e} 万元：{difference} = {gain} {unit}；{} 万元 ÷ {gain} {unit} = {}（{}）",
                wan_number(extra_total),
                format::wan(cost, lang),
                shown.extra.get(lang)
            ),
            (Some(cost), Lang::En) => format!(
                "  {e} {wan_unit} more a year: {difference} = {gain} {unit}; {} {wan_unit} ÷ {gain} {unit} = {} {}",
                wan_number(extra_total),
                format::wan(cost, lang),
                shown.extra.get(lang)
            ),
            (None, Lang::Zh) => format!("  每年多投入 {e} 万元：{difference} = {gain} {unit}"),
            (None, Lang::En) => {
                format!("  {e} {wan_unit} more a year: {difference} = {gain} {unit}")
            }
        });
        let reference = self.goal_is_reference();
        let goal_word = match (lang, reference) {
            (Lang::Zh, false) => "目标",
            (Lang::Zh, true) => "参考值",
            (Lang::En, false) => "the target",
            (Lang::En, true) => "the reference value",
        };
        for (share, formula, need) in [
            (1.0, TARGET_MONEY_FORMULA, self.money_for_target),
            (0.9, NINETY_PERCENT_MONEY_FORMULA, self.money_for_90_percent),
        ] {
            let what = match (lang, share < 1.0) {
                (Lang::Zh, false) => format!("达到{goal_word}所需"),
                (Lang::Zh, true) => format!("达到{goal_word}的90%所需"),
                (Lang::En, false) => format!("money for {goal_word}"),
                (Lang::En, true) => format!("money for 90% of {goal_word}"),
            };
            if alpha >= share {
                lines.push(match lang {
                    Lang::Zh => format!(
                        "  {what}：α = {} ≥ {}，没有补贴也能达到，所需为 0",
                        p(alpha),
                        p(share)
                    ),
                    Lang::En => format!(
                        "  {what}: α = {} ≥ {}, reached without subsidy, so 0",
                        p(alpha),
                        p(share)
                    ),
                });
                continue;
            }
            let x = libm::log1p(-(share - alpha) / (s - alpha));
            let a = -m * self.k * x;
            let substituted = format!(
                "−{}·{k}·ln(1 − ({} − {}) / ({} − {}))",
                p(m),
                p(share),
                p(alpha),
                p(s),
                p(alpha)
            );
            let equal = if share < 1.0 {
                String::new()
            } else {
                match lang {
                    Lang::Zh => format!("（k 按 B 校准，故等于 m·B = {}·{b}）", p(m)),
                    Lang::En => format!(" (k is calibrated at B, so this is m·B = {}·{b})", p(m)),
                }
            };
            let value = num(a / 1e4, 2);
            let need = format::wan(need, lang);
            lines.push(match (lang, flow) {
                (Lang::Zh, true) => {
                    format!("  {what}（每年）：{formula} = {substituted} = {need}{equal}")
                }
                (Lang::Zh, false) => format!(
                    "  {what}：{formula} = {substituted} = {value} 万元，四年累计{equal}，即每年 {need}"
                ),
                (Lang::En, true) => {
                    format!("  {what} (a year): {formula} = {substituted} = {need}{equal}")
                }
                (Lang::En, false) => format!(
                    "  {what}: {formula} = {substituted} = {value} {wan_unit} over four years{equal}, \
                     that is {need} a year"
                ),
            });
        }
        if self.counts_toward_enterprises {
            lines.push(match lang {
                Lang::Zh => format!(
                    "  计入转型企业总数：本项 {} 家，十二项合计 {} 家",
                    num(self.result, 2),
                    num(enterprises_total, 2)
                ),
                Lang::En => format!(
                    "  counts toward enterprises transformed: {} of {}",
                    num(self.result, 2),
                    num(enterprises_total, 2)
                ),
            });
        }
        lines
    }
}

/// Where the reference value comes from, to follow a colon or an opening parenthesis.
fn reference_note(ind: &IndicatorExplanation, lang: Lang) -> String {
    let note = INDICATORS
        .iter()
        .find(|def| def.programme == ind.programme && def.indicator == ind.indicator)
        .and_then(|def| def.reference_note)
        .map_or("", |note| note.get(lang));
    let mut chars = note.chars();
    match chars.next() {
        Some(first) if lang == Lang::En => std::iter::once(first.to_ascii_lowercase())
            .chain(chars)
            .collect(),
        _ => note.to_owned(),
    }
}

impl Explanation {
    /// The header line: programme, and scenario (its name as given).
    pub fn header(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{} · 计算过程 · 情景：{}", self.name.zh, self.scenario),
            Lang::En => format!(
                "{} ({}) · how the numbers are computed · scenario: {}",
                self.name.en, self.programme, self.scenario
            ),
        }
    }

    /// The plain statements, one sentence each, indicator by indicator: the result
    /// against its target, average cost, what one more 100万元 a year buys, and the money
    /// a year for the target and for 90% of it against what the scenario gives.
    pub fn summary(&self, lang: Lang) -> Vec<String> {
        let several = self.indicators.len() > 1;
        self.indicators
            .iter()
            .flat_map(|ind| {
                let sentences =
                    ind.summary(lang, self.enterprises_total, self.budget_gap.get(lang));
                let name = ind.name.get(lang);
                sentences.into_iter().enumerate().map(move |(i, sentence)| {
                    if several && i > 0 {
                        match lang {
                            Lang::Zh => format!("{name}·{sentence}"),
                            Lang::En => format!("{name} · {sentence}"),
                        }
                    } else {
                        sentence
                    }
                })
            })
            .collect()
    }

    /// The working, line by line, indicator by indicator: the formula, every input with
    /// its provenance (PLAN §ref, or ASSUMPTION with its rationale and whether the
    /// scenario overrides it), k, each year's substitution, the result and attainment,
    /// and the arithmetic of every statement of [`Explanation::summary`].
    pub fn working(&self, lang: Lang) -> Vec<String> {
        let mut lines = Vec::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            lines.extend(ind.working(lang, self.enterprises_total, self.budget_gap.get(lang)));
        }
        lines
    }

    /// The explanation as text a planner can follow with a calculator: the header, the
    /// summary, then the working, entirely in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut text = String::new();
        let _ = writeln!(text, "{}", self.header(lang));
        let (summary, working) = match lang {
            Lang::Zh => ("要点：", "计算过程："),
            Lang::En => ("Summary:", "Working:"),
        };
        let summary_lines: Vec<String> = self
            .summary(lang)
            .iter()
            .map(|s| format!("· {s}"))
            .collect();
        for (title, lines) in [(summary, summary_lines), (working, self.working(lang))] {
            let _ = writeln!(text);
            let _ = writeln!(text, "{title}");
            for line in lines {
                let _ = writeln!(text, "{line}");
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
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
                "T = 125 个   [规划 §3(2)3]",
                "B = 3,750 万元   [规划 §4(4)]",
                "α = 0.2   [假设 · 默认值]",
                "k = −3,750 / ln(1 − (1 − 0.2) / (2 − 0.2)) = 6,379.87 万元",
                "= 500 个",
                "500.0 个",
            ],
        );
        assert_says(
            &explanation.render(Lang::En),
            &[
                "T = 125 products   [PLAN §3(2)3]",
                "α = 0.2   [ASSUMPTION · default]",
                "= 6,379.87 万元 (10k CNY)",
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
}
