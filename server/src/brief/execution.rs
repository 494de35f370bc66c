//! The briefing's execution section (年初计划、年终考核, plan §5(2)), present whenever
//! actuals exist: what was planned, spent and achieved in the closed years, the
//! re-forecast against every target, and the roll-up per responsible body.

use anyhow::Result;
use shared::execution::{Execution, IndicatorExecution};
use shared::ids::{IndicatorId, ProgrammeId, Year};
use shared::plan::{self, INDICATORS, Lang};
use shared::{Money, format};

use super::pen::{MARGIN, PAGE, Pages, wrap};
use crate::words::{bilingual, zh_en};

/// What a table cell shows after a value that was not reported but taken from the
/// plan (money) or the model (output).
const NOT_REPORTED: &str = "*";

/// `text`, marked when any closed year's value was not reported.
fn marked(text: String, reported: bool) -> String {
    if reported {
        text
    } else {
        format!("{text}{NOT_REPORTED}")
    }
}

/// Σ of the closed years' planned amounts and money spent of one indicator's programme.
fn closed_money(row: &IndicatorExecution) -> (Money, Money) {
    row.by_year.iter().filter(|year| year.closed).fold(
        (Money::ZERO, Money::ZERO),
        |(planned, spent), year| {
            (
                planned + year.planned_amount,
                spent + year.spent.unwrap_or(Money::ZERO),
            )
        },
    )
}

/// "2017" or "2017–2018": the closed years.
fn closed_years(execution: &Execution) -> String {
    let first = Year::FIRST;
    let last = execution.through.get();
    if last == first {
        first.to_string()
    } else {
        format!("{first}–{last}")
    }
}

/// An indicator's name, from the plan.
fn indicator_name(programme: ProgrammeId, indicator: IndicatorId, lang: Lang) -> String {
    let name = plan::indicator_index(programme, indicator)
        .map_or("", |slot| INDICATORS[slot].name.get(lang));
    format!(
        "{} · {name}",
        plan::programme(programme).short_name.get(lang)
    )
}

/// A body's programmes by short name where they fit a table cell, else their count.
fn programme_list(programmes: &[ProgrammeId], lang: Lang) -> String {
    let names = programmes
        .iter()
        .map(|id| plan::programme(*id).short_name.get(lang))
        .collect::<Vec<_>>()
        .join(zh_en(lang, "、", ", "));
    // About 330 pt of column at 8.5 pt: 38 CJK or 70 Latin characters.
    let fits = names.chars().count() <= if lang == Lang::Zh { 38 } else { 70 };
    match (fits, lang) {
        (true, _) => names,
        (false, Lang::Zh) => format!("{}个项目", programmes.len()),
        (false, Lang::En) => format!("{} programmes", programmes.len()),
    }
}

/// The execution pages: every indicator, then the responsible bodies.
pub(super) fn pages(pages: &mut Pages, execution: &Execution, lang: Lang) -> Result<()> {
    indicators(pages, execution, lang)?;
    departments(pages, execution, lang)
}

fn indicators(pages: &mut Pages, execution: &Execution, lang: Lang) -> Result<()> {
    let years = closed_years(execution);
    pages.page(|pen| {
        let top = pen.heading(&match lang {
            Lang::Zh => format!("执行情况：{years}年计划、支出与完成，及至2020年的重新预测"),
            Lang::En => format!(
                "Plan execution: planned, spent and achieved in {years}, re-forecast to 2020"
            ),
        });
        let rows: Vec<Vec<String>> = execution
            .indicators
            .iter()
            .zip(INDICATORS.iter())
            .map(|(row, def)| {
                let (planned, spent) = closed_money(row);
                let closed = || row.by_year.iter().filter(|year| year.closed);
                let spent_reported = closed().all(|year| year.spent_reported);
                let output_reported = closed().all(|year| year.output_reported);
                vec![
                    plan::programme(row.facts.programme).short_name.get(lang).to_owned(),
                    def.name.get(lang).to_owned(),
                    format::wan(planned, lang),
                    marked(format::wan(spent, lang), spent_reported),
                    format::percent_or_none(
                        (planned > Money::ZERO)
                            .then(|| spent.to_f64_lossy() / planned.to_f64_lossy()),
                    ),
                    marked(format::quantity(row.achieved, row.facts.unit, lang), output_reported),
                    format::quantity(row.reforecast, row.facts.unit, lang),
                    format::quantity_or_none(row.target, row.facts.unit, lang),
                    format::attainment_or_none(row.reforecast, row.target),
                    row.status.name().get(lang).to_owned(),
                ]
            })
            .collect();
        let header = bilingual(
            lang,
            [
                "项目", "指标", "计划资金", "实际支出", "执行率", "已完成", "重新预测",
                "目标", "预测完成率", "状态",
            ],
            [
                "Programme",
                "Indicator",
                "Planned",
                "Spent",
                "Executed",
                "Achieved",
                "Re-forecast",
                "Target",
                "Forecast attained",
                "Status",
            ],
        );
        let columns = [
            (MARGIN, false),
            (150.0, false),
            (370.0, true),
            (445.0, true),
            (500.0, true),
            (575.0, true),
            (650.0, true),
            (720.0, true),
            (775.0, true),
            (782.0, false),
        ];
        let y = pen.table(top, &columns, &header, &rows, 8.5);
        let note = match lang {
            Lang::Zh => format!(
                "计划资金与实际支出为{years}年之和。已完成：流量指标为已过年度实际产出之和，存量指标为最近一次实测水平。重新预测：已过年度用实际数据（ACTUAL），其余年度按本方案的资金由模型预测。{NOT_REPORTED} 未报送：支出按计划、产出按模型计。状态按预测完成率：{}。",
                thresholds(execution, lang)
            ),
            Lang::En => format!(
                "Planned and spent are the sums over {years}. Achieved: a flow's actual outputs of the closed years, a level's last measured value. Re-forecast: the closed years' actuals (ACTUAL), the model at this scenario's amounts for the open years. {NOT_REPORTED} Not reported: the plan's amount and the model's output stand in. Status by forecast attainment: {}.",
                thresholds(execution, lang)
            ),
        };
        let mut y = y + 10.0;
        for line in wrap(&note, 9.0, PAGE.0 - 2.0 * MARGIN) {
            pen.text(MARGIN, y, 9.0, &line);
            y += 13.0;
        }
        for calibrated in &execution.calibration {
            let line = match lang {
                Lang::Zh => format!(
                    "{}：成本系数 m {} → {}（{}{}）",
                    indicator_name(calibrated.programme, calibrated.indicator, lang),
                    format::number(calibrated.assumed, 2),
                    format::number(calibrated.used, 2),
                    calibrated.provenance.get(lang),
                    if calibrated.clamped {
                        format!("；估计值 {} 超出允许范围，已截断", format::number(calibrated.estimate, 2))
                    } else {
                        String::new()
                    },
                ),
                Lang::En => format!(
                    "{}: cost multiplier m {} → {} ({}{})",
                    indicator_name(calibrated.programme, calibrated.indicator, lang),
                    format::number(calibrated.assumed, 2),
                    format::number(calibrated.used, 2),
                    calibrated.provenance.get(lang),
                    if calibrated.clamped {
                        format!("; the estimate {} lay outside the allowed range and was clamped", format::number(calibrated.estimate, 2))
                    } else {
                        String::new()
                    },
                ),
            };
            for part in wrap(&line, 9.0, PAGE.0 - 2.0 * MARGIN) {
                pen.text(MARGIN, y, 9.0, &part);
                y += 13.0;
            }
        }
        Ok(())
    })
}

/// "正常 ≥ 95%, …" from the thresholds the model documents.
fn thresholds(execution: &Execution, lang: Lang) -> String {
    execution
        .thresholds
        .statuses
        .iter()
        .map(|rule| format!("{} {}", rule.name.get(lang), rule.rule.get(lang)))
        .collect::<Vec<_>>()
        .join(zh_en(lang, "；", "; "))
}

fn departments(pages: &mut Pages, execution: &Execution, lang: Lang) -> Result<()> {
    let years = closed_years(execution);
    pages.page(|pen| {
        let top = pen.heading(&match lang {
            Lang::Zh => format!("责任单位考核（{years}年）"),
            Lang::En => format!("Assessment by responsible body ({years})"),
        });
        let rows: Vec<Vec<String>> = execution
            .departments
            .iter()
            .map(|row| {
                vec![
                    row.department.get(lang).to_owned(),
                    programme_list(&row.programmes, lang),
                    format::wan(row.planned, lang),
                    format::wan(row.spent, lang),
                    format::percent_or_none(row.execution_rate),
                    row.on_track.to_string(),
                    row.at_risk.to_string(),
                    row.off_track.to_string(),
                    row.not_reported.to_string(),
                ]
            })
            .collect();
        let header = bilingual(
            lang,
            [
                "责任单位",
                "项目",
                "计划资金",
                "实际支出",
                "执行率",
                "正常",
                "预警",
                "滞后",
                "未报",
            ],
            [
                "Body",
                "Programmes",
                "Planned",
                "Spent",
                "Executed",
                "On track",
                "At risk",
                "Off track",
                "Unreported",
            ],
        );
        let columns = [
            (MARGIN, false),
            (200.0, false),
            (540.0, true),
            (615.0, true),
            (665.0, true),
            (705.0, true),
            (740.0, true),
            (775.0, true),
            (PAGE.0 - MARGIN, true),
        ];
        pen.table(top, &columns, &header, &rows, 8.5);
        Ok(())
    })
}
