//! `planner assess --year Y`: the year's assessment (年终考核) from the stored year
//! plans and actuals — per programme and indicator, then per responsible department —
//! or, with `--json`, the body of `GET /api/v1/years/{year}/assessment`.

use anyhow::Result;
use api::YearAssessment;
use server::routes::years::year_assessment;
use shared::format::{percent_or_none, quantity, quantity_or_none, wan};
use shared::plan::{self, Lang};

use super::table::{bilingual, table};
use super::{AssessArgs, problems, with_store};

pub(super) fn run(args: &AssessArgs) -> Result<String> {
    let answer = with_store(&args.database, async |store| {
        year_assessment(store, args.year, args.scenario)
            .await
            .map_err(problems)
    })?;
    args.output.print(&answer, text)
}

fn text(answer: &YearAssessment, lang: Lang) -> String {
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
            let mut cells = vec![row.department.get(lang).to_owned()];
            cells.extend(row.figures(lang));
            cells
        })
        .collect();
    text.push_str(&table(&header, &rows));
    text
}
