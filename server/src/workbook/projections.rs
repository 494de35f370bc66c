//! The projections sheet: every KPI and indicator against its target, from the
//! model's projection.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use shared::plan::{self, INDICATORS, Lang, Unit};
use shared::{Scenario, Verdict, format};

use super::{Styles, header, money_unit};
use crate::words::bilingual;

/// A projected value as the cell holds it: CNY in the language's unit of money (万元,
/// CNY million), the rest in its unit.
pub(super) fn in_unit(value: f64, unit: Unit, lang: Lang) -> f64 {
    match (unit, lang) {
        (Unit::Cny, Lang::Zh) => value / 10_000.0,
        (Unit::Cny, Lang::En) => value / 1_000_000.0,
        _ => value,
    }
}

pub(super) fn unit_label(unit: Unit, lang: Lang) -> &'static str {
    if unit == Unit::Cny {
        money_unit(lang)
    } else {
        unit.label().get(lang)
    }
}

pub(super) fn value_format(unit: Unit, styles: &Styles) -> &Format {
    if unit == Unit::Share {
        &styles.percent
    } else {
        &styles.number
    }
}

/// [`format::attainment`]'s figure as a ratio, so the cell rounds as every other front
/// end does and never contradicts the verdict beside it.
pub(super) fn attainment(result: f64, goal: f64) -> Option<f64> {
    let shown = format::attainment(result, goal);
    let percent: f64 = shown.trim_end_matches('%').replace(',', "").parse().ok()?;
    // Tenths of a percent, whole: the ratio is then the nearest float to the figure.
    Some((percent * 10.0).round() / 1000.0)
}

struct Outcome {
    name: String,
    unit: Unit,
    target: Option<f64>,
    result: f64,
    verdict: Verdict,
}

/// Every KPI, then every indicator, from the model's projection.
pub(super) fn projections(
    sheet: &mut Worksheet,
    scenario: &Scenario,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let projection = shared::project(scenario);
    header(
        sheet,
        0,
        &bilingual(
            lang,
            ["指标", "单位", "目标", "预测值", "完成率", "结论"],
            [
                "Indicator",
                "Unit",
                "Target",
                "Projected",
                "Attainment",
                "Verdict",
            ],
        ),
        styles,
    )?;
    let kpis = projection.kpis.iter().map(|(def, kpi)| Outcome {
        name: def.name.get(lang).to_owned(),
        unit: def.unit,
        target: Some(kpi.target),
        result: kpi.result,
        verdict: kpi.verdict,
    });
    let indicators = projection
        .indicators
        .iter()
        .zip(&INDICATORS)
        .map(|(row, def)| Outcome {
            name: format!(
                "{} · {}",
                plan::programme(row.programme).name.get(lang),
                def.name.get(lang)
            ),
            unit: row.unit,
            target: row.target,
            result: row.result,
            verdict: row.verdict,
        });
    for (row, outcome) in (1..).zip(kpis.chain(indicators)) {
        let format = value_format(outcome.unit, styles);
        sheet.write_string(row, 0, &outcome.name)?;
        sheet.write_string(row, 1, unit_label(outcome.unit, lang))?;
        match outcome.target {
            Some(target) => {
                sheet.write_number_with_format(
                    row,
                    2,
                    in_unit(target, outcome.unit, lang),
                    format,
                )?;
                if let Some(ratio) = attainment(outcome.result, target) {
                    sheet.write_number_with_format(row, 4, ratio, &styles.percent)?;
                }
            }
            None => {
                sheet.write_string(row, 2, format::NO_VALUE)?;
                sheet.write_string(row, 4, format::NO_VALUE)?;
            }
        }
        sheet.write_number_with_format(
            row,
            3,
            in_unit(outcome.result, outcome.unit, lang),
            format,
        )?;
        sheet.write_string(row, 5, outcome.verdict.name().get(lang))?;
    }
    sheet.set_column_width(0, 46)?;
    for column in 1..=5 {
        sheet.set_column_width(column, 14)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}
