//! The briefing's pages before the appendices, one function each: the title page, the
//! headline targets, the charts, the programme table and the comparison.

use anyhow::Result;
use shared::plan::{self, INDICATORS, Lang};
use shared::verdict::{self, Verdict};
use shared::{Money, Scenario, format};

use super::pen::{MARGIN, PAGE, Pages, wrap};
use super::{Briefing, Facts};
use crate::render::{self, Chart};
use crate::words::{self, bilingual, zh_en};

/// Chart images in pixels: about 1.6 pixels a point across the page.
const CHART_PX: (u32, u32) = (1200, 660);

/// The title page: the plan, the scenario's name, date, author, envelope and the
/// scenario's own description (none when it has only the baseline's).
pub(super) fn title(pages: &mut Pages, briefing: &Briefing<'_>) -> Result<()> {
    let lang = briefing.lang;
    let scenario = briefing.scenario;
    pages.page(|pen| {
        pen.colour((0, 0, 0));
        pen.text(
            MARGIN,
            150.0,
            14.0,
            zh_en(
                lang,
                "天津市中小企业创新转型行动计划（2017–2020年）",
                "Tianjin SME Innovation and Transformation Plan (2017–2020)",
            ),
        );
        let mut y = 210.0;
        for line in wrap(scenario.name_in(lang), 34.0, PAGE.0 - 2.0 * MARGIN) {
            pen.text(MARGIN, y, 34.0, &line);
            y += 44.0;
        }
        pen.text(
            MARGIN,
            y + 10.0,
            18.0,
            zh_en(lang, "资金方案简报", "Budget scenario briefing"),
        );
        pen.rule(MARGIN, y + 30.0, PAGE.0 - MARGIN, 0);
        pen.colour((40, 40, 40));
        pen.text(
            MARGIN,
            y + 60.0,
            12.0,
            &format!("{}: {}", zh_en(lang, "日期", "Date"), briefing.date),
        );
        pen.text(
            MARGIN,
            y + 80.0,
            12.0,
            &format!("{}: {}", zh_en(lang, "编制", "Author"), briefing.author),
        );
        pen.text(MARGIN, y + 100.0, 12.0, &envelope_line(scenario, lang));
        if let Some(other) = briefing.compare {
            pen.text(
                MARGIN,
                y + 120.0,
                12.0,
                &format!(
                    "{}: {}",
                    zh_en(lang, "对比方案", "Compared with"),
                    other.name_in(lang)
                ),
            );
        }
        let mut note_y = y + 150.0;
        for line in wrap(scenario.description_in(lang), 10.0, PAGE.0 - 2.0 * MARGIN)
            .into_iter()
            .take(6)
        {
            pen.text(MARGIN, note_y, 10.0, &line);
            note_y += 15.0;
        }
        Ok(())
    })
}

/// The title page's envelope: the plan's, or the scenario's override of it.
fn envelope_line(scenario: &Scenario, lang: Lang) -> String {
    match scenario.envelope_override() {
        Some(e) => format!(
            "{} {} ({} {} {})",
            zh_en(lang, "年度资金", "Annual envelope"),
            format::yi(e, lang),
            zh_en(lang, "已调整规划值；规划为", "PLAN override; the plan sets"),
            format::yi(plan::annual_envelope(), lang),
            plan::ENVELOPE_REFERENCE
        ),
        None => format!(
            "{} {} [PLAN {}]",
            zh_en(lang, "年度资金", "Annual envelope"),
            format::yi(scenario.envelope(), lang),
            plan::ENVELOPE_REFERENCE
        ),
    }
}

/// The headline targets against the plan and the reference, and whether the money
/// balances.
pub(super) fn headlines(pages: &mut Pages, facts: &Facts<'_>) -> Result<()> {
    let lang = facts.briefing.lang;
    let projection = &facts.projection;
    pages.page(|pen| {
        let top = pen.heading(zh_en(lang, "总体目标", "Headline targets"));
        let rows: Vec<Vec<String>> = shared::projection::headlines(projection, &facts.reference)
            .iter()
            .map(|h| headline_row(h, lang))
            .collect();
        let mut header = bilingual(
            lang,
            [
                "目标",
                "预测",
                "规划目标",
                "达成率",
                "是否达成",
                "较基线",
                "来源",
            ],
            [
                "Target",
                "Projected",
                "Plan target",
                "Attainment",
                "Met?",
                "vs baseline",
                "Source",
            ],
        );
        if facts.briefing.compare.is_some() {
            header[5] = zh_en(lang, "较对比方案", "vs compared");
        }
        let columns = [
            (MARGIN, false),
            (410.0, true),
            (510.0, true),
            (585.0, true),
            (600.0, false),
            (720.0, true),
            (735.0, false),
        ];
        let y = pen.table(top, &columns, &header, &rows, 11.0);
        pen.colour((60, 60, 60));
        let balance = if projection.feasible {
            zh_en(
                lang,
                "资金平衡：每年恰好用完年度资金。",
                "Balanced: every year spends its envelope exactly.",
            )
            .to_owned()
        } else {
            // No target is claimed while the money is not the money there is: the gap
            // is what the reader must see.
            let gap = verdict::gap_text(&verdict::gaps(&projection.envelope), lang);
            match lang {
                Lang::Zh => format!("资金不平衡：{gap}；目标均不计为达成。"),
                Lang::En => format!("Not balanced: {gap}; no target counts as met."),
            }
        };
        pen.text(MARGIN, y + 20.0, 10.0, &balance);
        pen.text(
            MARGIN,
            y + 36.0,
            10.0,
            &format!(
                "{} {}",
                zh_en(lang, "对比对象：", "Compared against:"),
                facts.reference_name
            ),
        );
        Ok(())
    })
}

fn headline_row(h: &shared::projection::Headline, lang: Lang) -> Vec<String> {
    vec![
        h.name.get(lang).to_owned(),
        format::quantity(h.value, h.unit, lang),
        h.target
            .map(|t| format::quantity(t, h.unit, lang))
            .unwrap_or_default(),
        format::attainment_or_none(h.value, h.target),
        format!("{} {}", mark(h.verdict), h.verdict.label(lang)),
        format::change(h.value - h.reference_value, h.unit, lang),
        format!("PLAN {}", h.source),
    ]
}

/// The charts, one a page so their labels stay legible on paper.
pub(super) fn charts(pages: &mut Pages, briefing: &Briefing<'_>) -> Result<()> {
    let lang = briefing.lang;
    let charts = [
        (
            Chart::Attainment,
            zh_en(
                lang,
                "各项目目标达成率（目标 = 100%）",
                "Attainment by programme (target = 100%)",
            ),
        ),
        (
            Chart::Allocation,
            zh_en(
                lang,
                "资金投向（万元/4年；竖线为对比对象）",
                "Where the money goes (CNY million over 4 years; tick = comparison)",
            ),
        ),
        (
            Chart::Trajectory,
            zh_en(
                lang,
                "设备升级企业 2017–2020 累计进度（P10–P90 区间）",
                "Enterprises upgrading equipment, 2017–2020 (P10–P90 band)",
            ),
        ),
        (
            Chart::Uncertainty,
            zh_en(
                lang,
                "达标概率（2,000 次蒙特卡洛模拟）",
                "Probability of meeting each target (2,000 Monte Carlo draws)",
            ),
        ),
        (
            Chart::Tornado,
            zh_en(
                lang,
                "敏感性：转型企业数",
                "Sensitivity: enterprises transformed",
            ),
        ),
    ];
    for (chart, title) in charts {
        let image = render::png(&render::Request {
            width: CHART_PX.0,
            height: CHART_PX.1,
            ..render::Request::new(chart, briefing.scenario, briefing.compare, lang)
        })?;
        pages.page(|pen| {
            let top = pen.heading(title);
            let w = PAGE.0 - 2.0 * MARGIN;
            pen.image(
                image,
                MARGIN,
                top - 10.0,
                w,
                w * CHART_PX.1 as f32 / CHART_PX.0 as f32,
            )
        })?;
    }
    Ok(())
}

/// Every programme's money, result, target and attainment.
pub(super) fn programmes(pages: &mut Pages, facts: &Facts<'_>) -> Result<()> {
    let lang = facts.briefing.lang;
    pages.page(|pen| {
        let top = pen.heading(zh_en(
            lang,
            "各项目资金与预测",
            "Programmes: money, result, target",
        ));
        let rows: Vec<Vec<String>> = facts
            .projection
            .indicators
            .iter()
            .zip(INDICATORS.iter())
            .map(|(row, def)| {
                vec![
                    plan::programme(row.programme).name.get(lang).to_owned(),
                    def.name.get(lang).to_owned(),
                    format::wan(row.funding, lang),
                    format::quantity(row.result, row.unit, lang),
                    format::quantity_or_none(row.target, row.unit, lang),
                    match row.target {
                        Some(target) => format!(
                            "{} {}",
                            format::attainment(row.result, target),
                            mark(row.verdict)
                        ),
                        None => format::NO_VALUE.to_owned(),
                    },
                ]
            })
            .collect();
        let header = bilingual(
            lang,
            [
                "项目",
                "指标",
                "资金（4年）",
                "预测",
                "目标 [PLAN]",
                "达成率",
            ],
            [
                "Programme",
                "Indicator",
                "Money (4 years)",
                "Projected",
                "Target [PLAN]",
                "Attainment",
            ],
        );
        let columns = [
            (MARGIN, false),
            (250.0, false),
            (540.0, true),
            (640.0, true),
            (735.0, true),
            (PAGE.0 - MARGIN, true),
        ];
        pen.table(top, &columns, &header, &rows, 9.5);
        Ok(())
    })
}

/// What changed from the compared scenario, and what it buys.
pub(super) fn comparison(
    pages: &mut Pages,
    other: &Scenario,
    briefing: &Briefing<'_>,
) -> Result<()> {
    let lang = briefing.lang;
    let scenario = briefing.scenario;
    let comparison = shared::compare(other, scenario);
    pages.page(|pen| {
        let top = pen.heading(&format!(
            "{} → {}",
            other.name_in(lang),
            scenario.name_in(lang)
        ));
        let rows: Vec<Vec<String>> = comparison
            .allocations
            .iter()
            .filter(|row| row.total_delta != Money::ZERO)
            .map(|row| {
                let a: Money = row.a.0.iter().copied().sum();
                let b: Money = row.b.0.iter().copied().sum();
                vec![
                    plan::programme(row.programme).name.get(lang).to_owned(),
                    format::wan(a, lang),
                    format::wan(b, lang),
                    format::signed_wan(row.total_delta, lang),
                ]
            })
            .collect();
        let header = comparison_header(lang, zh_en(lang, "改变了什么", "What changed"));
        let y = pen.table(top, &COMPARISON_COLUMNS, &header, &rows, 10.0);
        let rows = words::kpi_changes(&comparison, lang);
        let header = comparison_header(lang, zh_en(lang, "换来了什么", "What it buys"));
        pen.table(y + 20.0, &COMPARISON_COLUMNS, &header, &rows, 10.0);
        Ok(())
    })
}

/// The comparison page's two tables: what changed, then what it buys.
const COMPARISON_COLUMNS: [(f32, bool); 4] = [
    (MARGIN, false),
    (480.0, true),
    (620.0, true),
    (PAGE.0 - MARGIN, true),
];

/// A comparison table's header: its subject, then the two scenarios and the change.
fn comparison_header(lang: Lang, subject: &'static str) -> [&'static str; 4] {
    [
        subject,
        zh_en(lang, "对比方案", "Compared"),
        zh_en(lang, "本方案", "This scenario"),
        zh_en(lang, "变化", "Change"),
    ]
}

/// The verdict's mark as the briefing's font can draw it: the CJK font has `✓`, `!`
/// and `—` but no `✗`, so a miss is the multiplication sign it does have.
fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Missed => "×",
        other => other.mark(),
    }
}
