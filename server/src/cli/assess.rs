//! `planner assess --year Y`: the year's assessment (年终考核) from the stored year
//! plans and actuals — per programme and indicator, then per responsible department —
//! or, with `--json`, the body of `GET /api/v1/years/{year}/assessment`.

use anyhow::Result;
use server::routes::years::year_assessment;
use shared::format::{percent_or_none, quantity, quantity_or_none, wan};
use shared::plan::{self, Lang};

use super::table::{bilingual, table};
use super::{AssessArgs, print_json, problems, with_store};

pub(super) fn run(args: &AssessArgs) -> Result<String> {
    let answer = with_store(&args.database, async |store| {
        year_assessment(store, args.year, args.scenario)
            .await
            .map_err(problems)
    })?;
    if args.output.json {
        return print_json(&answer);
    }
    let lang = args.output.lang;
    let assessment = &answer.assessment;
    let mut text = format!(
        "{} — {}\n{}\n\n",
        match lang {
            Lang::Zh => format!("{} 年终考核", assessment.year),
            Lang::En => format!("Assessment of {}", assessment.year),
        },
        answer.basis.name,
        assessment.words.get(lang)
    );
    let header = bilingual(
        lang,
        [
            "项目",
            "指标",
            "计划",
            "实际支出",
            "执行率",
            "计划产出",
            "实际产出",
            "完成率",
            "状态",
        ],
        [
            "Programme",
            "Indicator",
            "Planned",
            "Spent",
            "Execution",
            "Planned output",
            "Actual output",
            "Attainment",
            "Status",
        ],
    );
    let rows: Vec<Vec<String>> = assessment
        .rows
        .iter()
        .map(|row| {
            let indicator = plan::indicator_index(row.facts.programme, row.facts.indicator)
                .map(|slot| &plan::INDICATORS[slot]);
            vec![
                plan::programme(row.facts.programme)
                    .short_name
                    .get(lang)
                    .to_owned(),
                indicator
                    .map_or(row.facts.indicator.as_str(), |def| def.name.get(lang))
                    .to_owned(),
                wan(row.planned_amount, lang),
                row.spent
                    .map_or_else(|| "—".to_owned(), |spent| wan(spent, lang)),
                percent_or_none(row.execution_rate),
                quantity(row.planned_output, row.facts.unit, lang),
                quantity_or_none(row.actual_output, row.facts.unit, lang),
                percent_or_none(row.attainment),
                row.status.name().get(lang).to_owned(),
            ]
        })
        .collect();
    text.push_str(&table(&header, &rows));
    text.push('\n');
    let header = bilingual(
        lang,
        [
            "责任单位",
            "计划",
            "实际支出",
            "执行率",
            "正常",
            "预警",
            "滞后",
            "未报送",
        ],
        [
            "Department",
            "Planned",
            "Spent",
            "Execution",
            "On track",
            "At risk",
            "Off track",
            "Not reported",
        ],
    );
    let rows: Vec<Vec<String>> = assessment
        .departments
        .iter()
        .map(|row| {
            vec![
                row.department.get(lang).to_owned(),
                wan(row.planned, lang),
                wan(row.spent, lang),
                percent_or_none(row.execution_rate),
                row.on_track.to_string(),
                row.at_risk.to_string(),
                row.off_track.to_string(),
                row.not_reported.to_string(),
            ]
        })
        .collect();
    text.push_str(&table(&header, &rows));
    Ok(text)
}
