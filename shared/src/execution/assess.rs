//! The assessment of one year (年终考核): per programme and indicator, the year plan's
//! amount against the money spent, the model's output at the planned amount against
//! the measured one, the cost per unit both ways, and a status; rolled up per
//! responsible department.

use serde::Serialize;

use super::{
    ActualStatus, AssessmentStatus, DepartmentRow, ProgrammeTotals, Thresholds, YearActuals,
    departments, per_unit, rate, ratio,
};
use crate::ids::{PROGRAMME_COUNT, ProgrammeId, Year};
use crate::money::Money;
use crate::plan::{IndicatorFacts, IndicatorKind, Words};
use crate::scenario::{Allocations, Scenario};

/// One programme and indicator in a year's assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentRow {
    /// The programme, indicator, kind and unit.
    #[serde(flatten)]
    pub facts: IndicatorFacts,
    /// The year plan's amount for the programme.
    pub planned_amount: Money,
    /// Money spent (ACTUAL); `null` when the programme did not report.
    pub spent: Option<Money>,
    /// spent ÷ planned amount (执行率); `null` when nothing was planned or reported.
    pub execution_rate: Option<f64>,
    /// The model at the planned amount: a flow's output in the year; a level's value
    /// with the cumulative planned funding through the year.
    pub planned_output: f64,
    /// The measured output (ACTUAL); `null` when not reported.
    pub actual_output: Option<f64>,
    /// actual ÷ planned output; `null` when either is missing or planned is 0.
    pub attainment: Option<f64>,
    /// CNY per unit of measured output: spent ÷ actual output (a level: the money to
    /// date ÷ the level); `null` without a positive output.
    pub cost_per_unit_actual: Option<Money>,
    /// CNY per unit the assumptions imply at the money spent (a level: at the money to
    /// date); `null` when not reported.
    pub cost_per_unit_model: Option<Money>,
    /// On track, at risk, off track (by [`Thresholds`]) or not reported.
    pub status: AssessmentStatus,
}

/// The assessment of one year against its year plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    /// The year.
    pub year: Year,
    /// Whether its actuals are provisional or final.
    pub actuals_status: ActualStatus,
    /// Where the actuals come from.
    pub source: String,
    /// The thresholds of the statuses.
    pub thresholds: Thresholds,
    /// Every programme and indicator, in plan order.
    pub rows: Vec<AssessmentRow>,
    /// The responsible bodies, in the order the plan names them.
    pub departments: Vec<DepartmentRow>,
    /// A one-line summary.
    pub words: Words,
}

/// Assesses one year: `plan` is the year plans' allocations (the adopted plan of each
/// year, else the scenario's own), `scenario` supplies the assumptions. A level's
/// planned output, and its costs to date, take the earlier years at their planned
/// amounts; [`assess_with_history`] takes their reported spending instead.
pub fn assess(
    plan: &Allocations,
    scenario: &Scenario,
    year: Year,
    actuals: &YearActuals,
) -> Assessment {
    let earlier = std::array::from_fn(|programme| {
        plan[..year.index()]
            .iter()
            .map(|amounts| amounts[programme])
            .sum()
    });
    assess_after(plan, scenario, year, actuals, &earlier)
}

/// [`assess`] with the earlier years' reported spending (the year plan's amount where a
/// programme did not report) in a level's money to date.
pub fn assess_with_history(
    plan: &Allocations,
    scenario: &Scenario,
    year: Year,
    actuals: &super::Actuals,
) -> Option<Assessment> {
    let this = actuals.year(year)?;
    let earlier = std::array::from_fn(|programme| {
        Year::ALL[..year.index()]
            .iter()
            .map(|earlier| {
                actuals
                    .year(*earlier)
                    .and_then(|reported| reported.programme(ProgrammeId::ALL[programme]))
                    .map_or(plan[earlier.index()][programme], |actual| actual.spent)
            })
            .sum()
    });
    Some(assess_after(plan, scenario, year, this, &earlier))
}

fn assess_after(
    plan: &Allocations,
    scenario: &Scenario,
    year: Year,
    actuals: &YearActuals,
    earlier_spent: &[Money; PROGRAMME_COUNT],
) -> Assessment {
    let y = year.index();
    let model = scenario.model();
    let rows: Vec<AssessmentRow> = model
        .indicators()
        .map(|(_, def, curve)| {
            let p = def.programme.index();
            let planned_amount = plan[y][p];
            let reported = actuals.programme(def.programme);
            let spent = reported.map(|actual| actual.spent);
            let actual_output = actuals.outcome(def.programme, def.indicator);
            let (planned_output, money_to_date) = match def.kind {
                IndicatorKind::Flow => (
                    curve.eval(planned_amount.to_f64_lossy()),
                    spent.unwrap_or_default(),
                ),
                IndicatorKind::Level => {
                    let planned_to_date: f64 = plan[..=y]
                        .iter()
                        .map(|amounts| amounts[p].to_f64_lossy())
                        .sum();
                    (
                        curve.eval(planned_to_date),
                        earlier_spent[p] + spent.unwrap_or_default(),
                    )
                }
            };
            let attainment = actual_output.and_then(|actual| ratio(actual, planned_output));
            AssessmentRow {
                facts: def.facts(),
                planned_amount,
                spent,
                execution_rate: spent.and_then(|spent| rate(spent, planned_amount)),
                planned_output,
                actual_output,
                attainment,
                cost_per_unit_actual: spent
                    .zip(actual_output)
                    .and_then(|(_, actual)| per_unit(money_to_date, actual)),
                cost_per_unit_model: spent.and_then(|_| {
                    per_unit(money_to_date, curve.eval(money_to_date.to_f64_lossy()))
                }),
                status: AssessmentStatus::of(attainment),
            }
        })
        .collect();
    let totals: [ProgrammeTotals; PROGRAMME_COUNT] = std::array::from_fn(|p| ProgrammeTotals {
        planned: plan[y][p],
        spent: actuals
            .programme(ProgrammeId::ALL[p])
            .map_or(Money::ZERO, |actual| actual.spent),
    });
    let departments = departments(
        &totals,
        rows.iter().map(|row| (row.facts.programme, row.status)),
    );
    let words = summary(year, &rows);
    Assessment {
        year,
        actuals_status: actuals.status,
        source: actuals.source.clone(),
        thresholds: Thresholds::documented(),
        rows,
        departments,
        words,
    }
}

fn summary(year: Year, rows: &[AssessmentRow]) -> Words {
    let count = |status: AssessmentStatus| rows.iter().filter(|row| row.status == status).count();
    let (on, risk, off, missing) = (
        count(AssessmentStatus::OnTrack),
        count(AssessmentStatus::AtRisk),
        count(AssessmentStatus::OffTrack),
        count(AssessmentStatus::NotReported),
    );
    let total = rows.len();
    Words::new(
        format!(
            "{year}年{total}项指标：{on}项正常，{risk}项预警，{off}项滞后，{missing}项未报送。"
        ),
        format!(
            "{year}, {total} indicators: {on} on track, {risk} at risk, {off} off track, \
             {missing} not reported."
        ),
    )
}
