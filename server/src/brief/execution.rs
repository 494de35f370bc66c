//! The briefing's execution section (年初计划、年终考核, plan §5(2)), present whenever
//! actuals exist: what was planned, spent and achieved in the closed years, the
//! re-forecast against every target, and the roll-up per responsible body.

use anyhow::Result;
use shared::execution::{Calibrated, Execution, IndicatorExecution};
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
        let rules = thresholds(execution, lang);
        let note = match lang {
            Lang::Zh => format!(
                "计划资金与实际支出为{years}年之和。已完成：流量指标为已过年度实际产出之和，存量指标为最近一次实测水平。重新预测：已过年度用实际数据（ACTUAL），其余年度按本方案的资金由模型预测。{NOT_REPORTED} 未报送：支出按计划、产出按模型计。状态按预测完成率：{rules}。"
            ),
            Lang::En => format!(
                "Planned and spent are the sums over {years}. Achieved: a flow's actual outputs of the closed years, a level's last measured value. Re-forecast: the closed years' actuals (ACTUAL), the model at this scenario's amounts for the open years. {NOT_REPORTED} Not reported: the plan's amount and the model's output stand in. Status by forecast attainment: {rules}."
            ),
        };
        let mut y = y + 10.0;
        for line in wrap(&note, 9.0, PAGE.0 - 2.0 * MARGIN) {
            pen.text(MARGIN, y, 9.0, &line);
            y += 13.0;
        }
        for calibrated in &execution.calibration {
            let line = calibration_line(calibrated, lang);
            for part in wrap(&line, 9.0, PAGE.0 - 2.0 * MARGIN) {
                pen.text(MARGIN, y, 9.0, &part);
                y += 13.0;
            }
        }
        Ok(())
    })
}

/// "专精特新 · 产品：成本系数 m 1.00 → 1.24（据2017年实际数据校准）" / "…: cost
/// multiplier m 1.00 → 1.24 (calibrated from 2017 actuals)", saying so when the estimate
/// was clamped to m's range.
fn calibration_line(calibrated: &Calibrated, lang: Lang) -> String {
    let clamped = if calibrated.clamped {
        let estimate = format::number(calibrated.estimate, 2);
        match lang {
            Lang::Zh => format!("；估计值 {estimate} 超出允许范围，已截断"),
            Lang::En => {
                format!("; the estimate {estimate} lay outside the allowed range and was clamped")
            }
        }
    } else {
        String::new()
    };
    let (m, open, close) = match lang {
        Lang::Zh => ("：成本系数 m", "（", "）"),
        Lang::En => (": cost multiplier m", " (", ")"),
    };
    format!(
        "{}{m} {} → {}{open}{}{clamped}{close}",
        indicator_name(calibrated.programme, calibrated.indicator, lang),
        format::number(calibrated.assumed, 2),
        format::number(calibrated.used, 2),
        calibrated.provenance.get(lang),
    )
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
                let mut cells = vec![
                    row.department.get(lang).to_owned(),
                    programme_list(&row.programmes, lang),
                ];
                cells.extend(row.figures(lang));
                cells
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

#[cfg(test)]
mod tests {
    use super::*;
    use shared::Scenario;
    use shared::execution::{Actuals, YearActuals};

    /// The calibration of 专精特新 products from 2017's 37,500,000 CNY and `products`.
    fn calibrated(products: f64) -> Calibrated {
        let body = serde_json::json!({"status": "final", "programmes": {"specialised_products":
            {"spent": "37500000", "outcomes": {"products": products}}}});
        let mut actuals = Actuals::none();
        actuals.set(Year::ALL[0], YearActuals::from_value(&body).expect("valid"));
        let baseline = Scenario::baseline();
        let execution = shared::execution(
            &baseline,
            baseline.allocations(),
            &actuals,
            Year::ALL[0],
            true,
        );
        execution.calibration[0].clone()
    }

    #[test]
    fn a_calibration_line_names_the_curve_the_change_of_m_and_its_source() {
        let fit = calibrated(110.0);
        let name = |lang| indicator_name(fit.programme, fit.indicator, lang);
        assert_eq!(
            calibration_line(&fit, Lang::Zh),
            format!(
                "{}：成本系数 m 1.00 → 1.24（据2017年实际数据校准）",
                name(Lang::Zh)
            )
        );
        assert_eq!(
            calibration_line(&fit, Lang::En),
            format!(
                "{}: cost multiplier m 1.00 → 1.24 (calibrated from 2017 actuals)",
                name(Lang::En)
            )
        );
        let clamped = calibrated(300.0);
        let zh = calibration_line(&clamped, Lang::Zh);
        let en = calibration_line(&clamped, Lang::En);
        assert!(zh.ends_with("超出允许范围，已截断）"), "{zh}");
        assert!(
            en.contains("→ 0.05 (calibrated from 2017 actuals; the estimate ")
                && en.ends_with(" lay outside the allowed range and was clamped)"),
            "{en}"
        );
    }
}
