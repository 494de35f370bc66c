//! The briefing document: an A4 landscape PDF a planner can hand to leadership. A title
//! page, the headline targets, the charts, the programme table and the assumptions
//! appendix with provenance, and the 计算过程 appendix (every programme's plain
//! explanation); for a comparison, a page of what changed and what it buys.
//! Text is real text in the embedded (subset) CJK font, so it can be selected and
//! searched in Chinese and English; charts are the product's own, drawn as PNG.
//!
//! [`pdf`] writes the pages in order, one function a page (or a run of pages) in
//! `pages` and `appendix`; `pen` draws on a page.

mod appendix;
mod execution;
mod pages;
mod pen;

use anyhow::{Context, Result};
use krilla::Document;
use krilla::metadata::Metadata;
use krilla::text::Font;
use shared::plan::Lang;
use shared::{Projection, Scenario};

use crate::render;
use crate::words::zh_en;
use pen::Pages;

/// What the briefing is about.
pub struct Briefing<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The scenario it is compared with, if any.
    pub compare: Option<&'a Scenario>,
    /// Author shown on the title page.
    pub author: String,
    /// Date shown on the title page (ISO 8601).
    pub date: String,
    /// Language of the document.
    pub lang: Lang,
    /// The scenario's execution and re-forecast, when actuals exist: the execution
    /// pages are written only then.
    pub execution: Option<&'a shared::execution::Execution>,
}

/// What the pages show, computed once.
struct Facts<'a> {
    briefing: &'a Briefing<'a>,
    /// The scenario's projection.
    projection: Projection,
    /// The projection it is held against: the compared scenario's, or the baseline's.
    reference: Projection,
    /// The name of what it is held against.
    reference_name: String,
}

/// Renders the briefing.
pub fn pdf(briefing: &Briefing<'_>) -> Result<Vec<u8>> {
    let lang = briefing.lang;
    let scenario = briefing.scenario;
    let font_data = render::font_bytes()?;
    let font =
        Font::new(font_data.to_vec().into(), 0).context("the CJK font cannot be embedded")?;
    let reference_scenario = briefing.compare.cloned().unwrap_or_else(Scenario::baseline);
    let facts = Facts {
        briefing,
        projection: shared::project(scenario),
        reference: shared::project(&reference_scenario),
        reference_name: if briefing.compare.is_some() {
            reference_scenario.name_in(lang).to_owned()
        } else {
            zh_en(lang, "规划基线", "plan baseline").to_owned()
        },
    };
    let footer = format!(
        "{} · {}",
        scenario.name_in(lang),
        zh_en(
            lang,
            "天津市中小企业创新转型资金方案简报",
            "Tianjin SME plan budget briefing"
        )
    );
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!(
                "{} — {}",
                scenario.name_in(lang),
                zh_en(lang, "简报", "briefing")
            ))
            .authors(vec![briefing.author.clone()])
            .language(if lang == Lang::Zh {
                "zh-CN".to_owned()
            } else {
                "en".to_owned()
            })
            .creator("planner".to_owned()),
    );
    let mut pages = Pages::new(document, font, footer);
    pages::title(&mut pages, briefing)?;
    pages::headlines(&mut pages, &facts)?;
    pages::charts(&mut pages, briefing)?;
    pages::programmes(&mut pages, &facts)?;
    if let Some(other) = briefing.compare {
        pages::comparison(&mut pages, other, briefing)?;
    }
    if let Some(execution) = briefing.execution {
        execution::pages(&mut pages, execution, lang)?;
    }
    appendix::plan_and_assumptions(&mut pages, briefing)?;
    appendix::how_computed(&mut pages, briefing)?;
    pages.finish()
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_the_utc_date_written_yyyy_mm_dd() {
        let before = chrono::Utc::now().date_naive();
        let today = super::today();
        let after = chrono::Utc::now().date_naive();
        let date = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").expect("a date");
        assert_eq!(today.len(), 10, "{today}");
        assert!(before <= date && date <= after, "{today}");
    }
}
