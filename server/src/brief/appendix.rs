//! The briefing's appendices: the PLAN facts and every assumption with provenance, and
//! 计算过程, every programme's plain explanation.

use anyhow::Result;
use shared::params::ParamKey;
use shared::plan::{self, Provenance};
use shared::{ProgrammeId, format};

use super::Briefing;
use super::pen::{MARGIN, PAGE, Pages, wrap};
use crate::words::{bilingual, zh_en};

/// The appendix's rows a page.
const ROWS_PER_PAGE: usize = 26;

/// PLAN facts (the envelope, the earmarks), then every assumption with its value,
/// provenance, range and meaning, over as many pages as it takes.
pub(super) fn plan_and_assumptions(pages: &mut Pages, briefing: &Briefing<'_>) -> Result<()> {
    let lang = briefing.lang;
    let rows = appendix_rows(briefing);
    let count = rows.len().div_ceil(ROWS_PER_PAGE);
    for (i, chunk) in rows.chunks(ROWS_PER_PAGE).enumerate() {
        pages.page(|pen| {
            let title = format!(
                "{} ({}/{})",
                zh_en(
                    lang,
                    "附录：规划值与假设及其来源",
                    "Appendix: PLAN facts and assumptions with provenance"
                ),
                i + 1,
                count
            );
            let top = pen.heading(&title);
            let header = bilingual(
                lang,
                ["参数", "取值", "来源", "范围与含义"],
                ["Key", "Value", "Source", "Range and meaning"],
            );
            let clipped: Vec<Vec<String>> = chunk
                .iter()
                .map(|row| {
                    let mut row = row.clone();
                    if let Some(last) = row.last_mut() {
                        *last = wrap(last, 8.0, PAGE.0 - MARGIN - 470.0)
                            .into_iter()
                            .next()
                            .unwrap_or_default();
                    }
                    row
                })
                .collect();
            let columns = [
                (MARGIN, false),
                (260.0, false),
                (380.0, false),
                (470.0, false),
            ];
            pen.table(top, &columns, &header, &clipped, 8.0);
            Ok(())
        })?;
    }
    Ok(())
}

/// The envelope, every earmark, then every assumption (as the scenario sets it).
fn appendix_rows(briefing: &Briefing<'_>) -> Vec<Vec<String>> {
    let lang = briefing.lang;
    let scenario = briefing.scenario;
    let mut rows: Vec<Vec<String>> = vec![vec![
        zh_en(lang, "年度资金", "Annual envelope").to_owned(),
        format::yi(plan::annual_envelope(), lang),
        plan::source_in(
            Provenance::Plan {
                reference: plan::ENVELOPE_REFERENCE,
            },
            lang,
        ),
        zh_en(
            lang,
            "每年3亿元，四年共12亿元",
            "CNY 300 million a year, CNY 1,200 million over four years",
        )
        .to_owned(),
    ]];
    for def in plan::PROGRAMMES.iter() {
        if let Some(earmark) = def.earmark {
            rows.push(vec![
                format!(
                    "{} {}",
                    def.name.get(lang),
                    zh_en(lang, "专项资金", "earmark")
                ),
                format::wan(earmark.total(), lang),
                plan::source_in(
                    Provenance::Plan {
                        reference: earmark.reference,
                    },
                    lang,
                ),
                format!(
                    "{} {}",
                    zh_en(lang, "每年下限", "annual floor"),
                    format::wan(earmark.annual_floor(), lang)
                ),
            ]);
        }
    }
    let values = scenario.model().assumptions();
    for key in ParamKey::all() {
        let info = key.info();
        let value = values.get(key);
        let overridden = scenario.overrides().get(key).is_some();
        let source = plan::source_in(info.provenance, lang);
        rows.push(vec![
            key.to_string(),
            if overridden {
                format!(
                    "{} ({} {})",
                    format::number(value, 3),
                    zh_en(lang, "已调整，默认", "overridden; default"),
                    format::number(info.default, 3)
                )
            } else {
                format::number(value, 3)
            },
            source,
            format!(
                "{} – {} · {}",
                format::number(info.low, 3),
                format::number(info.high, 3),
                info.rationale.get(lang)
            ),
        ]);
    }
    rows
}

/// The 计算过程 appendix: for every programme, the plain statements of its explanation
/// — the same sentences the page and `planner explain` give — wrapped to the page.
pub(super) fn how_computed(pages: &mut Pages, briefing: &Briefing<'_>) -> Result<()> {
    const SIZE: f32 = 9.0;
    const LEADING: f32 = 13.5;
    let lang = briefing.lang;
    let text_width = PAGE.0 - 2.0 * MARGIN - 12.0;
    // (is a programme heading, text)
    let mut lines: Vec<(bool, String)> = Vec::new();
    for id in ProgrammeId::ALL {
        let explanation = shared::explain(briefing.scenario, *id);
        lines.push((true, plan::programme(*id).name.get(lang).to_owned()));
        for sentence in explanation.summary(lang) {
            for (i, line) in wrap(&sentence, SIZE, text_width).into_iter().enumerate() {
                lines.push((
                    false,
                    if i == 0 {
                        format!("· {line}")
                    } else {
                        format!("  {line}")
                    },
                ));
            }
        }
    }
    let per_page = ((PAGE.1 - MARGIN - 50.0 - 40.0) / LEADING) as usize;
    // A programme's name never stands alone at the foot of a page.
    let mut chunks: Vec<Vec<(bool, String)>> = vec![Vec::new()];
    for line in lines {
        let full = chunks.last().map_or(0, Vec::len);
        if full >= per_page || (line.0 && full + 2 >= per_page) {
            chunks.push(Vec::new());
        }
        if let Some(chunk) = chunks.last_mut() {
            chunk.push(line);
        }
    }
    let count = chunks.len();
    for (i, chunk) in chunks.iter().enumerate() {
        pages.page(|pen| {
            let title = format!(
                "{} ({}/{})",
                zh_en(
                    lang,
                    "附录：计算过程（每个项目的要点；公式与逐年计算见 planner explain）",
                    "Appendix: how the numbers are computed (each programme's summary; formula and arithmetic in planner explain)"
                ),
                i + 1,
                count
            );
            let mut y = pen.heading(&title);
            for (heading, line) in chunk {
                if *heading {
                    pen.colour((0, 0, 0));
                    pen.text(MARGIN, y, SIZE + 1.5, line);
                } else {
                    pen.colour((40, 40, 40));
                    pen.text(MARGIN + 6.0, y, SIZE, line);
                }
                y += LEADING;
            }
            Ok(())
        })?;
    }
    Ok(())
}
