//! Optimise: the best annual split of the envelope under an objective.
//!
//! Every objective is separable across programmes and concave in each programme's
//! money, so greedy marginal allocation in fixed steps is optimal on the grid of steps,
//! and so within one step of the continuous optimum. The optimiser works on one annual
//! split applied to every year (by symmetry and concavity the best split is the same
//! every year when the envelope is). Floors (earmarks) and locked lines hold.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT};
use crate::model::Model;
use crate::money::Money;
use crate::plan::{ENTERPRISE_LINES, INDICATORS, IndicatorKind};
use crate::projection::outcomes;
use crate::rebalance::Locks;
use crate::scenario::{Scenario, ScenarioError, floor_of};

/// What to optimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Objective {
    /// Maximise enterprises transformed.
    Enterprises,
    /// Maximise Σ w·min(1, result ÷ target) over every indicator with a target (or a
    /// reference value), equal weights.
    Attainment,
    /// The cheapest allocation that meets every target and reference value.
    MinCost,
}

impl Objective {
    /// Every objective.
    pub const ALL: [Objective; 3] = [
        Objective::Enterprises,
        Objective::Attainment,
        Objective::MinCost,
    ];

    /// The stable name: `enterprises`, `attainment` or `min-cost`.
    pub fn as_str(self) -> &'static str {
        match self {
            Objective::Enterprises => "enterprises",
            Objective::Attainment => "attainment",
            Objective::MinCost => "min-cost",
        }
    }

    /// Parses the stable name.
    pub fn parse(text: &str) -> Option<Objective> {
        Objective::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// The default step: 100,000 CNY (10万元).
pub const DEFAULT_STEP_YUAN: i64 = 100_000;
/// The most greedy steps one optimisation may take.
pub const MAX_STEPS: i64 = 1_000_000;

/// How to optimise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptimiseOptions {
    /// The objective.
    pub objective: Objective,
    /// Step of the greedy allocation, whole yuan ≥ 1.
    pub step: Money,
    /// Lines held at their current (uniform) amount.
    pub locks: Locks,
}

impl OptimiseOptions {
    /// The objective with the default step and no locks.
    pub fn new(objective: Objective) -> OptimiseOptions {
        OptimiseOptions {
            objective,
            step: Money::yuan(DEFAULT_STEP_YUAN),
            locks: Locks::none(),
        }
    }
}

/// Why an optimisation cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptimiseError {
    /// The step is not a whole positive number of yuan.
    #[error("the step must be a whole number of yuan of at least 1, not {0}")]
    BadStep(Money),
    /// Too many steps for the envelope.
    #[error(
        "a step of {step} CNY needs {steps} steps to spend the envelope, more than the {max} allowed; use a step of at least {min_step} CNY"
    )]
    TooManySteps {
        /// The step given.
        step: Money,
        /// Steps it would take.
        steps: i64,
        /// The cap.
        max: i64,
        /// The smallest step that fits.
        min_step: Money,
    },
    /// Floors and locked lines already exceed the envelope.
    #[error(
        "floors and locked lines need {fixed} CNY a year, more than the envelope of {envelope} CNY"
    )]
    FixedExceedsEnvelope {
        /// Σ floors and locked amounts.
        fixed: Money,
        /// The annual envelope.
        envelope: Money,
    },
    /// A locked line does not have one amount for every year.
    #[error(
        "{0} is locked but its amount differs between years; the optimiser proposes one annual split, so unlock it or make its years equal"
    )]
    LockedLineVaries(ProgrammeId),
    /// The proposal is invalid (cannot happen for a valid input; checked, not assumed).
    #[error(transparent)]
    Invalid(#[from] ScenarioError),
}

/// A proposed scenario and what it achieves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Optimised {
    /// The proposal, in the scenario file format.
    pub scenario: Scenario,
    /// The objective.
    pub objective: Objective,
    /// The objective's value for the proposal (enterprises, weighted attainment, or the
    /// annual cost in CNY for min-cost).
    pub value: f64,
    /// The objective's value for the scenario it started from.
    pub starting_value: f64,
    /// The greedy step.
    pub step: Money,
    /// Annual money the proposal needs (min-cost) or spends.
    pub required_envelope: Money,
    /// Envelope minus required: positive is money left over, negative is a shortfall.
    pub surplus: Money,
    /// Indicators no allowed money can bring to their target, as `programme.indicator`.
    pub unreachable: Vec<String>,
    /// How to read the result.
    pub note: String,
}

/// Optimises a scenario's annual split under its envelope, assumptions and floors.
pub fn optimise(
    scenario: &Scenario,
    options: &OptimiseOptions,
) -> Result<Optimised, OptimiseError> {
    let step = options.step;
    if !step.is_whole_yuan() || step < Money::yuan(1) {
        return Err(OptimiseError::BadStep(step));
    }
    let envelope = scenario.envelope();
    let mut lower = [Money::ZERO; PROGRAMME_COUNT];
    let mut fixed = [false; PROGRAMME_COUNT];
    for id in ProgrammeId::ALL.iter().copied() {
        lower[id.index()] = floor_of(id, scenario.respect_earmarks());
        if options.locks.is_locked(id) {
            lower[id.index()] = scenario
                .uniform_allocation(id)
                .ok_or(OptimiseError::LockedLineVaries(id))?;
            fixed[id.index()] = true;
        }
    }
    let fixed_total: Money = lower.iter().copied().sum();
    let model = scenario.model();
    let (allocation, unreachable) = match options.objective {
        Objective::MinCost => min_cost(model, lower, &fixed),
        objective => {
            if fixed_total > envelope {
                return Err(OptimiseError::FixedExceedsEnvelope {
                    fixed: fixed_total,
                    envelope,
                });
            }
            let budget = envelope - fixed_total;
            let steps = budget.as_decimal() / step.as_decimal();
            let steps = i64::try_from(steps.floor()).unwrap_or(i64::MAX);
            if steps > MAX_STEPS {
                let min_step =
                    Money::from_decimal((budget.as_decimal() / Decimal::from(MAX_STEPS)).ceil());
                return Err(OptimiseError::TooManySteps {
                    step,
                    steps,
                    max: MAX_STEPS,
                    min_step,
                });
            }
            (
                greedy(model, objective, lower, &fixed, budget, step),
                Vec::new(),
            )
        }
    };
    let required_envelope: Money = allocation.iter().copied().sum();
    let mut draft = scenario.to_draft();
    draft.allocations = [allocation; YEAR_COUNT];
    let proposal = Scenario::new(draft)?;
    let value = objective_value(options.objective, &proposal);
    let starting_value = objective_value(options.objective, scenario);
    let note = match options.objective {
        Objective::MinCost => format!(
            "closed form per curve: each line gets the least money that meets its targets (m·B when k is calibrated at B); \
             it needs {required_envelope} CNY a year against an envelope of {envelope} CNY"
        ),
        _ => format!(
            "greedy marginal allocation in steps of {step} CNY; every objective is separable and concave, \
             so the result is optimal to within one step"
        ),
    };
    Ok(Optimised {
        scenario: proposal,
        objective: options.objective,
        value,
        starting_value,
        step,
        required_envelope,
        surplus: envelope - required_envelope,
        unreachable,
        note,
    })
}

/// The objective's value for a scenario: enterprises, weighted attainment, or for
/// min-cost the mean annual spend in CNY (lower is better).
pub fn objective_value(objective: Objective, scenario: &Scenario) -> f64 {
    let out = outcomes(scenario);
    match objective {
        Objective::Enterprises => out.enterprises,
        Objective::Attainment => INDICATORS
            .iter()
            .zip(&out.result)
            .map(|(def, result)| capped_attainment(*result, def.goal()))
            .sum(),
        Objective::MinCost => {
            let total: Money = crate::ids::Year::ALL
                .iter()
                .map(|year| scenario.year_total(*year))
                .sum();
            total.to_f64_lossy() / YEAR_COUNT as f64
        }
    }
}

fn capped_attainment(result: f64, goal: f64) -> f64 {
    if goal > 0.0 {
        (result / goal).min(1.0)
    } else {
        0.0
    }
}

/// The gain of one programme at an annual amount: (primary, secondary) objective.
fn line_value(model: &Model, objective: Objective, programme: usize, annual: f64) -> (f64, f64) {
    let mut enterprises = 0.0;
    let mut attainment = 0.0;
    for (slot, def) in INDICATORS.iter().enumerate() {
        if def.programme.index() != programme {
            continue;
        }
        let curve = model.curve(slot);
        let result = match curve.kind {
            IndicatorKind::Flow => YEAR_COUNT as f64 * curve.eval(annual),
            IndicatorKind::Level => curve.eval(YEAR_COUNT as f64 * annual),
        };
        if programme < ENTERPRISE_LINES {
            enterprises += result;
        }
        attainment += capped_attainment(result, def.goal());
    }
    match objective {
        Objective::Attainment => (attainment, enterprises),
        _ => (enterprises, attainment),
    }
}

#[derive(Debug, PartialEq)]
struct Candidate {
    gain: (f64, f64),
    programme: usize,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.gain
            .0
            .total_cmp(&other.gain.0)
            .then(self.gain.1.total_cmp(&other.gain.1))
            // Lower index wins ties, so results are deterministic.
            .then(other.programme.cmp(&self.programme))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn gain(
    model: &Model,
    objective: Objective,
    programme: usize,
    from: Money,
    by: Money,
) -> (f64, f64) {
    let before = line_value(model, objective, programme, from.to_f64_lossy());
    let after = line_value(model, objective, programme, (from + by).to_f64_lossy());
    (after.0 - before.0, after.1 - before.1)
}

fn greedy(
    model: &Model,
    objective: Objective,
    lower: [Money; PROGRAMME_COUNT],
    fixed: &[bool; PROGRAMME_COUNT],
    budget: Money,
    step: Money,
) -> [Money; PROGRAMME_COUNT] {
    let mut allocation = lower;
    let mut heap: BinaryHeap<Candidate> = (0..PROGRAMME_COUNT)
        .filter(|i| !fixed[*i])
        .map(|programme| Candidate {
            gain: gain(model, objective, programme, allocation[programme], step),
            programme,
        })
        .collect();
    let mut remaining = budget;
    while remaining >= step {
        let Some(best) = heap.pop() else { break };
        let i = best.programme;
        allocation[i] += step;
        remaining -= step;
        heap.push(Candidate {
            gain: gain(model, objective, i, allocation[i], step),
            programme: i,
        });
    }
    if remaining > Money::ZERO {
        // Less than one step is left: it goes where it buys the most.
        let best = (0..PROGRAMME_COUNT)
            .filter(|i| !fixed[*i])
            .map(|programme| Candidate {
                gain: gain(
                    model,
                    objective,
                    programme,
                    allocation[programme],
                    remaining,
                ),
                programme,
            })
            .max();
        if let Some(best) = best {
            allocation[best.programme] += remaining;
        }
    }
    allocation
}

fn min_cost(
    model: &Model,
    lower: [Money; PROGRAMME_COUNT],
    fixed: &[bool; PROGRAMME_COUNT],
) -> ([Money; PROGRAMME_COUNT], Vec<String>) {
    let mut allocation = lower;
    let mut unreachable = Vec::new();
    for (slot, def) in INDICATORS.iter().enumerate() {
        let curve = model.curve(slot);
        let i = def.programme.index();
        // y(a) = T ⇔ a = −m·k·ln(1 − (1 − α)/(s − α)); k is calibrated at the baseline
        // B with the same α and s, so this is m·B exactly: computed in decimals, no
        // rounding drift. A level's four-year need is spread evenly over the years.
        let baseline = crate::plan::programme(def.programme).baseline();
        let multiplier = Decimal::from_f64_retain(curve.cost_multiplier)
            .map(|m| m.round_dp(12))
            .unwrap_or(Decimal::ONE);
        let need = Money::from_decimal(baseline.as_decimal() * multiplier).ceil_yuan();
        if fixed[i] {
            if allocation[i] < need {
                unreachable.push(def.key());
            }
        } else {
            allocation[i] = allocation[i].max(need);
        }
    }
    (allocation, unreachable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objective_names_round_trip() {
        for objective in Objective::ALL {
            assert_eq!(Objective::parse(objective.as_str()), Some(objective));
        }
        assert_eq!(Objective::parse("max"), None);
    }

    #[test]
    fn a_zero_or_fractional_step_is_refused() {
        let mut options = OptimiseOptions::new(Objective::Enterprises);
        options.step = Money::ZERO;
        assert!(matches!(
            optimise(&Scenario::baseline(), &options),
            Err(OptimiseError::BadStep(_))
        ));
        options.step = Money::parse("0.5").unwrap_or(Money::ZERO);
        assert!(matches!(
            optimise(&Scenario::baseline(), &options),
            Err(OptimiseError::BadStep(_))
        ));
    }
}
