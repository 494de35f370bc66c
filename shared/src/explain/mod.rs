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

mod summary;
#[cfg(test)]
mod tests;
mod text;
mod working;

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
            text("亿元", "hundred million CNY"),
            text("每亿元", "per hundred million CNY"),
            text("每多一亿元", "per extra hundred million CNY"),
        ),
        Unit::SquareMetres => (
            1e-4,
            text("万平方米", "ten thousand m²"),
            text("每万平方米", "per ten thousand m²"),
            text("每多一万平方米", "per extra ten thousand m²"),
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
}

impl Explanation {
    /// The header line: programme, and scenario (its name as a person reads it in
    /// `lang`, [`crate::scenario::name_in`]).
    pub fn header(&self, lang: Lang) -> String {
        let scenario = crate::scenario::name_in(&self.scenario, lang);
        match lang {
            Lang::Zh => format!("{} · 计算过程 · 情景：{scenario}", self.name.zh),
            Lang::En => format!(
                "{} ({}) · how the numbers are computed · scenario: {scenario}",
                self.name.en, self.programme
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
