//! The re-forecast from where things stand, and the calibration of cost multipliers
//! from the closed years.
//!
//! - A flow's four-year result is the actual outputs of the closed years plus the
//!   model's outputs for the open years at the scenario's amounts.
//! - A level's result is the model at the actual spending of the closed years plus the
//!   scenario's amounts for the open years; the measured level is shown beside it.
//! - A closed year a programme did not report takes the planned amount as spent and the
//!   model's output there as actual, and says so (`spent_reported`, `output_reported`).
//! - With `calibrate`, each curve's cost multiplier m is re-estimated by least squares
//!   on its reported closed-year (spent, output) pairs and used for the open years.

use serde::Serialize;

use super::{
    Actuals, AssessmentStatus, DepartmentRow, ProgrammeTotals, Thresholds, departments, rate,
};
use crate::ids::{IndicatorId, PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT, Year};
use crate::model::Curve;
use crate::money::Money;
use crate::params::{ParamKey, ParamKind};
use crate::plan::{Goal, INDICATOR_COUNT, INDICATORS, IndicatorFacts, IndicatorKind, Words};
use crate::projection::Kpis;
use crate::scenario::{Allocations, Scenario};

/// The provenance label of a calibrated value, beside PLAN and ASSUMPTION.
pub const CALIBRATED: &str = "CALIBRATED";

/// One year of an indicator's execution.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearExecution {
    /// The year.
    pub year: Year,
    /// Whether the year is closed (through the `through` year).
    pub closed: bool,
    /// The year plan's amount for the programme.
    pub planned_amount: Money,
    /// Money spent in a closed year (the planned amount where the programme did not
    /// report); `null` for an open year.
    pub spent: Option<Money>,
    /// Whether `spent` was reported (ACTUAL) rather than taken from the plan.
    pub spent_reported: bool,
    /// spent ÷ planned amount; `null` for an open year or when nothing was planned.
    pub execution_rate: Option<f64>,
    /// The model at the planned amounts (a level: at the cumulative planned funding).
    pub planned_output: f64,
    /// The measured output of a closed year (the model's output at the money spent
    /// where none was reported); `null` for an open year.
    pub actual_output: Option<f64>,
    /// Whether `actual_output` was measured (ACTUAL) rather than modelled.
    pub output_reported: bool,
    /// The re-forecast trajectory: a flow's actual output in closed years and the
    /// model's at the scenario's amount in open years; a level's model value at the
    /// money to date (actual spending, then the scenario's amounts).
    pub forecast_output: f64,
}

/// One indicator's execution and re-forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorExecution {
    /// The programme, indicator, kind and unit.
    #[serde(flatten)]
    pub facts: IndicatorFacts,
    /// The plan's target, or the reference value where the plan sets none; `null`
    /// without either.
    pub target: Option<f64>,
    /// Every year, 2017 to 2020.
    pub by_year: Vec<YearExecution>,
    /// Achieved so far: a flow's Σ actual outputs of the closed years; a level's last
    /// measured level (modelled where not reported).
    pub achieved: f64,
    /// The re-forecast 4-year result (a level: its 2020 value).
    pub reforecast: f64,
    /// reforecast ÷ target; `null` without a target.
    pub reforecast_attainment: Option<f64>,
    /// The re-forecast's standing against the target, by [`Thresholds`].
    pub status: AssessmentStatus,
    /// The cost multiplier m the open years are forecast with.
    pub cost_multiplier: f64,
    /// Whether that m was calibrated from the closed years (see `calibration`).
    pub calibrated: bool,
}

/// A cost multiplier re-estimated from the closed years' actuals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calibrated {
    /// The programme.
    pub programme: ProgrammeId,
    /// The indicator whose curve was calibrated.
    pub indicator: IndicatorId,
    /// The least-squares m on the reported pairs (searched within a thousand times
    /// beyond m's allowed range).
    pub estimate: f64,
    /// The m used for the open years: the estimate clamped to the allowed range.
    pub used: f64,
    /// Whether the estimate lay outside the allowed range.
    pub clamped: bool,
    /// Smallest m a scenario may set.
    pub min: f64,
    /// Largest m a scenario may set.
    pub max: f64,
    /// The scenario's m, which the calibrated value replaces.
    pub assumed: f64,
    /// The closed years whose reported (spent, output) pairs were used.
    pub years: Vec<Year>,
    /// Always `CALIBRATED`, never ASSUMPTION.
    pub source: &'static str,
    /// "据2017–2018年实际数据校准" / "calibrated from 2017–2018 actuals".
    pub provenance: Words,
}

/// A scenario's execution through a closed year and its re-forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Execution {
    /// The scenario's name.
    pub scenario: String,
    /// The last closed year.
    pub through: Year,
    /// Whether cost multipliers were calibrated from the closed years.
    pub calibrate: bool,
    /// The thresholds of the statuses.
    pub thresholds: Thresholds,
    /// Every indicator, in plan order.
    pub indicators: Vec<IndicatorExecution>,
    /// The headline KPIs of the re-forecast.
    pub kpis: Kpis,
    /// The responsible bodies over the closed years, their indicators counted by
    /// re-forecast status.
    pub departments: Vec<DepartmentRow>,
    /// Every calibrated curve (empty without `calibrate`).
    pub calibration: Vec<Calibrated>,
}

/// Money per year and programme as the curves take it, with whether it was reported.
struct Spending {
    amounts: [[f64; PROGRAMME_COUNT]; YEAR_COUNT],
    money: Allocations,
    reported: [[bool; PROGRAMME_COUNT]; YEAR_COUNT],
}

impl Spending {
    /// Closed years: reported spending, else the planned amount; open years: the
    /// scenario's amounts.
    fn of(scenario: &Scenario, planned: &Allocations, actuals: &Actuals, closed: usize) -> Self {
        let mut money = *scenario.allocations();
        let mut reported = [[false; PROGRAMME_COUNT]; YEAR_COUNT];
        for y in 0..closed {
            for id in ProgrammeId::ALL {
                let p = id.index();
                match actuals.0[y].as_ref().and_then(|year| year.programme(*id)) {
                    Some(actual) => {
                        money[y][p] = actual.spent;
                        reported[y][p] = true;
                    }
                    None => money[y][p] = planned[y][p],
                }
            }
        }
        Spending {
            amounts: crate::model::Model::funding_of(&money),
            money,
            reported,
        }
    }
}

/// The execution of `scenario` through the closed year `through`: `planned` is the
/// amounts the year plans adopted (the scenario's own where a year has none),
/// `actuals` what was reported; the open years are forecast at the scenario's amounts
/// with its assumptions, or with cost multipliers calibrated from the closed years.
pub fn execution(
    scenario: &Scenario,
    planned: &Allocations,
    actuals: &Actuals,
    through: Year,
    calibrate: bool,
) -> Execution {
    let closed = through.index() + 1;
    let spending = Spending::of(scenario, planned, actuals, closed);
    let planned_f = crate::model::Model::funding_of(planned);
    let model = scenario.model();
    let mut calibration = Vec::new();
    let mut by_year_out = [[0.0; YEAR_COUNT]; INDICATOR_COUNT];
    let mut results = [0.0; INDICATOR_COUNT];
    let indicators: Vec<IndicatorExecution> = model
        .indicators()
        .map(|(slot, def, curve)| {
            let p = def.programme.index();
            let measured: [Option<f64>; YEAR_COUNT] = std::array::from_fn(|y| {
                (y < closed)
                    .then(|| actuals.0[y].as_ref())
                    .flatten()
                    .and_then(|year| year.outcome(def.programme, def.indicator))
            });
            let funding = |y: usize| match def.kind {
                IndicatorKind::Flow => spending.amounts[y][p],
                IndicatorKind::Level => spending.amounts[..=y].iter().map(|row| row[p]).sum(),
            };
            let fitted = calibrate
                .then(|| calibrated(slot, curve, &measured, &funding))
                .flatten();
            let forecast_curve = match &fitted {
                Some(fit) => Curve {
                    cost_multiplier: fit.used,
                    ..*curve
                },
                None => *curve,
            };
            let mut planned_to_date = 0.0;
            let by_year: Vec<YearExecution> = Year::ALL
                .iter()
                .map(|year| {
                    let y = year.index();
                    let is_closed = y < closed;
                    planned_to_date += planned_f[y][p];
                    let planned_output = curve.eval(match def.kind {
                        IndicatorKind::Flow => planned_f[y][p],
                        IndicatorKind::Level => planned_to_date,
                    });
                    let modelled = curve.eval(funding(y));
                    let actual_output = is_closed.then(|| measured[y].unwrap_or(modelled));
                    let forecast_output = match (def.kind, is_closed) {
                        (IndicatorKind::Flow, true) => actual_output.unwrap_or(modelled),
                        (IndicatorKind::Level, true) => modelled,
                        (_, false) => forecast_curve.eval(funding(y)),
                    };
                    let spent = is_closed.then_some(spending.money[y][p]);
                    YearExecution {
                        year: *year,
                        closed: is_closed,
                        planned_amount: planned[y][p],
                        spent,
                        spent_reported: is_closed && spending.reported[y][p],
                        execution_rate: spent.and_then(|spent| rate(spent, planned[y][p])),
                        planned_output,
                        actual_output,
                        output_reported: measured[y].is_some(),
                        forecast_output,
                    }
                })
                .collect();
            for (out, row) in by_year_out[slot].iter_mut().zip(&by_year) {
                *out = row.forecast_output;
            }
            let closed_rows = by_year.iter().filter(|row| row.closed);
            let (achieved, reforecast) = match def.kind {
                IndicatorKind::Flow => (
                    closed_rows.filter_map(|row| row.actual_output).sum(),
                    by_year
                        .iter()
                        .fold(0.0, |sum, row| sum + row.forecast_output),
                ),
                IndicatorKind::Level => (
                    closed_rows
                        .filter_map(|row| row.actual_output)
                        .next_back()
                        .unwrap_or(0.0),
                    by_year_out[slot][YEAR_COUNT - 1],
                ),
            };
            results[slot] = reforecast;
            let target = def.measured_against().map(Goal::value);
            let reforecast_attainment = target.map(|target| reforecast / target);
            let calibrated_m = fitted.as_ref().map(|fit| fit.used);
            calibration.extend(fitted);
            IndicatorExecution {
                facts: def.facts(),
                target,
                by_year,
                achieved,
                reforecast,
                reforecast_attainment,
                status: AssessmentStatus::of(reforecast_attainment),
                cost_multiplier: calibrated_m.unwrap_or(curve.cost_multiplier),
                calibrated: calibrated_m.is_some(),
            }
        })
        .collect();
    let outcomes = model.outcomes(by_year_out, results);
    let totals: [ProgrammeTotals; PROGRAMME_COUNT] = std::array::from_fn(|p| ProgrammeTotals {
        planned: planned[..closed].iter().map(|year| year[p]).sum(),
        spent: spending.money[..closed].iter().map(|year| year[p]).sum(),
    });
    let departments = departments(
        &totals,
        indicators
            .iter()
            .map(|row| (row.facts.programme, row.status)),
    );
    Execution {
        scenario: scenario.name().to_owned(),
        through,
        calibrate,
        thresholds: Thresholds::documented(),
        indicators,
        kpis: Kpis::of(&outcomes, scenario.is_balanced()),
        departments,
        calibration,
    }
}

/// Calibrates one curve on its reported closed years, if it has any with money.
fn calibrated(
    slot: usize,
    curve: &Curve,
    measured: &[Option<f64>; YEAR_COUNT],
    funding: &dyn Fn(usize) -> f64,
) -> Option<Calibrated> {
    let mut years = Vec::new();
    let mut pairs = Vec::new();
    for (y, output) in measured.iter().enumerate() {
        let a = funding(y);
        if let Some(output) = output
            && a > 0.0
        {
            years.push(Year::ALL[y]);
            pairs.push((a, *output));
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let info = ParamKey::curve(ParamKind::CostMultiplier, slot)?.info();
    let estimate = fit_cost_multiplier(curve, &pairs, info.min, info.max);
    let used = estimate.clamp(info.min, info.max);
    let def = &INDICATORS[slot];
    Some(Calibrated {
        programme: def.programme,
        indicator: def.indicator,
        estimate,
        used,
        clamped: used != estimate,
        min: info.min,
        max: info.max,
        assumed: curve.cost_multiplier,
        provenance: calibrated_from(&years),
        years,
        source: CALIBRATED,
    })
}

/// "据2017–2018年实际数据校准" / "calibrated from 2017–2018 actuals": a run of years
/// as a range, others listed.
pub fn calibrated_from(years: &[Year]) -> Words {
    let contiguous = years
        .windows(2)
        .all(|pair| pair[1].get() == pair[0].get() + 1);
    let (zh, en) = match years {
        [] => (String::new(), String::new()),
        [one] => (one.to_string(), one.to_string()),
        [first, .., last] if contiguous => (format!("{first}–{last}"), format!("{first}–{last}")),
        many => {
            let names: Vec<String> = many.iter().map(Year::to_string).collect();
            (
                names.join("、"),
                crate::names::one_of(&names).replace(" or ", " and "),
            )
        }
    };
    Words::new(
        format!("据{zh}年实际数据校准"),
        format!("calibrated from {en} actuals"),
    )
}

/// Points in the coarse scan of ln m before the golden-section refinement.
const SCAN_POINTS: usize = 120;
/// Golden-section iterations: the bracket shrinks by 0.618 each, to below 1e-12.
const GOLDEN_STEPS: usize = 64;
/// How far beyond m's allowed range the estimate is searched, as a factor.
const SEARCH_BEYOND: f64 = 1_000.0;

/// The m minimising Σ (y_m(a) − y)² over the pairs: a deterministic scan of ln m from
/// `min ÷ 1000` to `max × 1000`, then golden-section search around the best point.
pub(crate) fn fit_cost_multiplier(curve: &Curve, pairs: &[(f64, f64)], min: f64, max: f64) -> f64 {
    let sse = |ln_m: f64| {
        let trial = Curve {
            cost_multiplier: libm::exp(ln_m),
            ..*curve
        };
        pairs
            .iter()
            .map(|(a, y)| {
                let residual = trial.eval(*a) - y;
                residual * residual
            })
            .sum::<f64>()
    };
    let low = libm::log(min / SEARCH_BEYOND);
    let high = libm::log(max * SEARCH_BEYOND);
    let step = (high - low) / (SCAN_POINTS - 1) as f64;
    let mut best = (0, f64::INFINITY);
    for i in 0..SCAN_POINTS {
        let value = sse(low + step * i as f64);
        if value < best.1 {
            best = (i, value);
        }
    }
    let at = |i: usize| low + step * i as f64;
    let (mut a, mut b) = (
        at(best.0.saturating_sub(1)),
        at((best.0 + 1).min(SCAN_POINTS - 1)),
    );
    let ratio = (libm::sqrt(5.0) - 1.0) / 2.0;
    let mut c = b - ratio * (b - a);
    let mut d = a + ratio * (b - a);
    let (mut fc, mut fd) = (sse(c), sse(d));
    for _ in 0..GOLDEN_STEPS {
        if fc <= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - ratio * (b - a);
            fc = sse(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + ratio * (b - a);
            fd = sse(d);
        }
    }
    libm::exp((a + b) / 2.0)
}
