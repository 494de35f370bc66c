//! The execution trajectory of one indicator: what the year plans expected, what
//! happened in the closed years (solid) and the re-forecast of the open years (dashed),
//! against the target — the same chart on the page, the slides and paper.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Line, Pen, dashed_path, lines};
use crate::execution::IndicatorExecution;
use crate::format;
use crate::plan::{IndicatorKind, Lang, Text};

/// A text of the legend.
const fn text(zh: &'static str, en: &'static str) -> Text {
    Text { zh, en }
}

/// The legend's words: year plans, actual, forecast, target.
const PLANNED: Text = text("年度计划", "Year plans");
const ACTUAL: Text = text("实际", "Actual");
const FORECAST: Text = text("预测", "Forecast");
const TARGET: Text = text("目标", "Target");

/// Running sums of a flow's yearly values; a level's values as they are.
fn to_date(kind: IndicatorKind, values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut sum = 0.0;
    values
        .map(|value| match kind {
            IndicatorKind::Flow => {
                sum += value;
                sum
            }
            IndicatorKind::Level => value,
        })
        .collect()
}

/// The lines of the chart: the year plans over all four years; the closed years'
/// actual outputs; the forecast from the last closed year (or from 2017 when none is
/// closed) to 2020. Flows are cumulative, levels as measured.
pub(crate) fn execution_lines(row: &IndicatorExecution, lang: Lang) -> Vec<Line> {
    let planned = to_date(
        row.facts.kind,
        row.by_year.iter().map(|year| year.planned_output),
    );
    let forecast = to_date(
        row.facts.kind,
        row.by_year.iter().map(|year| year.forecast_output),
    );
    let actual = to_date(
        row.facts.kind,
        row.by_year
            .iter()
            .map(|year| year.actual_output.unwrap_or(year.forecast_output)),
    );
    let closed = row.by_year.iter().filter(|year| year.closed).count();
    let mut lines = vec![Line {
        label: PLANNED.get(lang).to_owned(),
        points: planned.into_iter().enumerate().collect(),
        pen: Pen::Muted,
    }];
    if closed > 0 {
        lines.push(Line {
            label: ACTUAL.get(lang).to_owned(),
            points: actual.into_iter().take(closed).enumerate().collect(),
            pen: Pen::Solid,
        });
    }
    if closed < row.by_year.len() {
        let from = closed.saturating_sub(1);
        lines.push(Line {
            label: FORECAST.get(lang).to_owned(),
            points: forecast.into_iter().enumerate().skip(from).collect(),
            pen: Pen::Dashed,
        });
    }
    lines
}

/// Draws one indicator's execution: year plans, actuals solid, forecast dashed, and
/// the target (or the plan's reference value) as a line.
pub fn execution_trajectory<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    row: &IndicatorExecution,
    lang: Lang,
) {
    let target = row.target.map(|target| {
        (
            target,
            format!(
                "{} {}",
                TARGET.get(lang),
                format::quantity(target, row.facts.unit, lang)
            ),
        )
    });
    lines(root, &execution_lines(row, lang), target, None, dashed_path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::{Actuals, ProgrammeActual, YearActuals, execution};
    use crate::ids::{IndicatorId, ProgrammeId, Year};
    use crate::money::Money;
    use crate::plan::INDICATORS;
    use crate::scenario::Scenario;

    fn slot(programme: ProgrammeId, indicator: IndicatorId) -> usize {
        INDICATORS
            .iter()
            .position(|def| def.programme == programme && def.indicator == indicator)
            .unwrap_or(usize::MAX)
    }

    #[test]
    fn actuals_are_solid_through_the_closed_years_and_the_forecast_dashed_from_the_last() {
        let scenario = Scenario::baseline();
        let mut year = YearActuals::empty();
        let programme = ProgrammeId::EquipmentUpgrade;
        year.programmes.insert(
            programme,
            ProgrammeActual {
                spent: Money::yuan(1),
                outcomes: [(IndicatorId::Enterprises, 100.0)].into_iter().collect(),
            },
        );
        let mut actuals = Actuals::none();
        actuals.set(Year::ALL[0], year);
        let run = execution(
            &scenario,
            scenario.allocations(),
            &actuals,
            Year::ALL[0],
            false,
        );
        let row = &run.indicators[slot(programme, IndicatorId::Enterprises)];
        let lines = execution_lines(row, Lang::En);
        let pens: Vec<Pen> = lines.iter().map(|line| line.pen).collect();
        assert_eq!(pens, [Pen::Muted, Pen::Solid, Pen::Dashed]);
        assert_eq!(lines[1].points, [(0, 100.0)]);
        let forecast = &lines[2].points;
        assert_eq!(forecast.first(), Some(&(0, 100.0)));
        assert_eq!(forecast.len(), 4);
        // Cumulative: the last point is the re-forecast four-year result.
        let last = forecast.last().map_or(f64::NAN, |(_, v)| *v);
        assert!((last - row.reforecast).abs() < 1e-6 * row.reforecast.max(1.0));
        assert_eq!(lines[2].label, "Forecast");
    }

    #[test]
    fn without_closed_years_there_is_no_actual_line() {
        let scenario = Scenario::baseline();
        let mut run = execution(
            &scenario,
            scenario.allocations(),
            &Actuals::none(),
            Year::ALL[0],
            false,
        );
        let row = &mut run.indicators[0];
        for year in &mut row.by_year {
            year.closed = false;
        }
        let lines = execution_lines(row, Lang::Zh);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].pen, Pen::Dashed);
        assert_eq!(lines[1].points.len(), 4);
        assert_eq!(lines[0].label, "年度计划");
    }
}
