//! Explain: how a projected number was computed, so a planner can check it by hand.

use std::fmt::Write as _;

use serde::Serialize;

use crate::format;
use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT, Year};
use crate::money::Money;
use crate::params::{ParamKey, ParamKind};
use crate::plan::{self, INDICATORS, IndicatorKind, Lang, Provenance, Text, Unit};
use crate::projection::outcomes;
use crate::scenario::Scenario;

/// The response curve, as written in `funding-model.md`.
pub const CURVE_FORMULA: &str = "y(a) = α·T + (s − α)·T·(1 − exp(−a / (m·k)))";
/// The calibration of k.
pub const CALIBRATION_FORMULA: &str = "k = −B / ln(1 − (1 − α) / (s − α))";

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
    /// How it is derived.
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
    /// The substitution written out.
    pub arithmetic: String,
}

/// How one indicator's number was computed.
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
}

fn g(value: f64) -> String {
    // Enough digits to redo the arithmetic by hand, without float noise.
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

/// Explains every indicator of a programme in a scenario.
pub fn explain(scenario: &Scenario, programme: ProgrammeId) -> Explanation {
    let model = scenario.model();
    let out = outcomes(scenario);
    let def_programme = plan::programme(programme);
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
            let goal_source = match (def.target, def.reference_value) {
                (Some(target), _) => target,
                (None, Some(reference)) => reference,
                (None, None) => 0.0,
            };
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
            }
        })
        .collect();
    Explanation {
        scenario: scenario.name().to_owned(),
        programme,
        name: def_programme.name,
        indicators,
        enterprises_total: out.enterprises,
    }
}

impl Explanation {
    /// The explanation as text a planner can follow with a calculator.
    pub fn render(&self, lang: Lang) -> String {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "{} ({}) — {}",
            self.name.get(lang),
            self.programme,
            self.scenario
        );
        for ind in &self.indicators {
            let _ = writeln!(text);
            let _ = writeln!(
                text,
                "## {} ({}.{}, {})",
                ind.name.get(lang),
                ind.programme,
                ind.indicator,
                match ind.kind {
                    IndicatorKind::Flow => "flow: produced each year, summed",
                    IndicatorKind::Level => "level: 2020 state, driven by the four-year total",
                }
            );
            let _ = writeln!(text, "curve:       {}", ind.formula);
            let _ = writeln!(text, "calibration: {}", ind.calibration);
            for input in &ind.inputs {
                let _ = writeln!(
                    text,
                    "  {} = {}   [{}{}] {}",
                    input.symbol,
                    g(input.value),
                    input.provenance.label(),
                    reference_suffix(input.provenance),
                    input.derivation
                );
            }
            for param in &ind.parameters {
                let _ = writeln!(
                    text,
                    "  {} = {}   [{}{}] {} ({})",
                    param.symbol,
                    g(param.value),
                    param.provenance.label(),
                    if param.overridden {
                        format!(", overridden; default {}", g(param.default))
                    } else {
                        String::new()
                    },
                    param.rationale.get(lang),
                    param.key
                );
            }
            let _ = writeln!(text, "  {}", ind.k_arithmetic);
            for step in &ind.steps {
                let _ = writeln!(
                    text,
                    "  {} ({}): {}",
                    step.year,
                    format::wan(step.funding, lang),
                    step.arithmetic
                );
            }
            let _ = writeln!(text, "  {}", ind.result_arithmetic);
            match (ind.target, ind.attainment) {
                (Some(target), Some(attainment)) => {
                    let _ = writeln!(
                        text,
                        "  target {} → attainment {} ÷ {} = {}",
                        format::quantity(target, ind.unit, lang),
                        g(ind.result),
                        g(target),
                        format::percent(attainment)
                    );
                }
                _ => {
                    let _ = writeln!(text, "  no plan target");
                }
            }
            if ind.counts_toward_enterprises {
                let _ = writeln!(
                    text,
                    "  counts toward enterprises transformed: {} of {}",
                    format::number(ind.result, 2),
                    format::number(self.enterprises_total, 2)
                );
            }
        }
        text
    }
}

fn reference_suffix(provenance: Provenance) -> String {
    match provenance {
        Provenance::Plan { reference } => format!(" {reference}"),
        Provenance::Assumption => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanation_reproduces_the_projection_and_shows_provenance() {
        let scenario = Scenario::baseline();
        let explanation = explain(&scenario, ProgrammeId::SpecialisedProducts);
        assert_eq!(explanation.indicators.len(), 1);
        let ind = &explanation.indicators[0];
        assert!((ind.k - 63_798_657.30).abs() < 0.01);
        assert!((ind.result - 500.0).abs() < 1e-9);
        let text = explanation.render(Lang::Zh);
        assert!(text.contains("T = 125   [PLAN §3(2)3]"), "{text}");
        assert!(text.contains("B = 37500000   [PLAN §4(4)]"), "{text}");
        assert!(text.contains("α = 0.2   [ASSUMPTION]"), "{text}");
        assert!(
            text.contains("k = −37500000 / ln(1 − (1 − 0.2) / (2 − 0.2)) = 63798657.3"),
            "{text}"
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
    }
}
