//! The briefing document: an A4 landscape PDF a planner can hand to leadership. A title
//! page, the headline targets, the charts, the programme table and the assumptions
//! appendix with provenance, and the 计算过程 appendix (every programme's plain
//! explanation); for a comparison, a page of what changed and what it buys.
//! Text is real text in the embedded (subset) CJK font, so it can be selected and
//! searched in Chinese and English; charts are the product's own, drawn as PNG.

use anyhow::{Context, Result, anyhow};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use shared::format;
use shared::params::ParamKey;
use shared::plan::{self, INDICATORS, Lang, Provenance};
use shared::verdict::{self, Verdict};
use shared::{Money, Scenario};

use crate::render::{self, Chart};

/// A4 landscape, in points.
const PAGE: (f32, f32) = (841.89, 595.28);
const MARGIN: f32 = 42.0;
/// Chart images in pixels: about 1.6 pixels a point across the page.
const CHART_PX: (u32, u32) = (1200, 660);

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
}

fn zh_en(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Width of text in points, estimated from the font's shapes: CJK glyphs are one em,
/// Latin letters about half.
fn width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x2E80 {
                size
            } else {
                size * 0.55
            }
        })
        .sum()
}

/// Splits text into lines no wider than `max` points.
fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for c in text.chars() {
        let line = lines.last_mut().map(|l| l.as_str()).unwrap_or_default();
        if width(line, size) + width(&c.to_string(), size) > max && !line.is_empty() {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            line.push(c);
        }
    }
    lines
}

struct Pen<'s, 'p> {
    surface: &'s mut Surface<'p>,
    font: Font,
}

impl Pen<'_, '_> {
    fn colour(&mut self, (r, g, b): (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(r, g, b).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
    }

    fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        self.surface.draw_text(
            Point::from_xy(x, y),
            self.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn text_right(&mut self, right: f32, y: f32, size: f32, text: &str) {
        self.text(right - width(text, size), y, size, text);
    }

    fn rule(&mut self, x0: f32, y: f32, x1: f32, grey: u8) {
        let mut path = PathBuilder::new();
        path.move_to(x0, y);
        path.line_to(x1, y);
        if let Some(path) = path.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(grey, grey, grey).into(),
                width: 0.6,
                ..Default::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    fn image(&mut self, png: Vec<u8>, x: f32, y: f32, w: f32, h: f32) -> Result<()> {
        let image = Image::from_png(png.into(), true).map_err(|e| anyhow!("chart image: {e}"))?;
        let size = Size::from_wh(w, h).context("chart size")?;
        self.surface
            .push_transform(&Transform::from_translate(x, y));
        self.surface.draw_image(image, size);
        self.surface.pop();
        Ok(())
    }

    /// A page heading; returns the y below it.
    fn heading(&mut self, title: &str) -> f32 {
        self.colour((0, 0, 0));
        self.text(MARGIN, MARGIN + 18.0, 20.0, title);
        self.rule(MARGIN, MARGIN + 28.0, PAGE.0 - MARGIN, 0);
        MARGIN + 50.0
    }

    fn footer(&mut self, left: &str, page: usize) {
        self.colour((90, 90, 90));
        self.text(MARGIN, PAGE.1 - 20.0, 8.0, left);
        self.text_right(PAGE.0 - MARGIN, PAGE.1 - 20.0, 8.0, &page.to_string());
    }

    /// One line of cells: text columns from their left edge, numbers to their right edge.
    fn cells<'c>(
        &mut self,
        columns: &[(f32, bool)],
        y: f32,
        size: f32,
        cell: impl Fn(usize) -> Option<&'c str>,
    ) {
        for (i, (x, right)) in columns.iter().enumerate() {
            let text = cell(i).unwrap_or_default();
            if *right {
                self.text_right(*x, y, size, text);
            } else {
                self.text(*x, y, size, text);
            }
        }
    }

    /// A table with the given column right edges (or left edges for text columns);
    /// returns the y below it.
    fn table(
        &mut self,
        top: f32,
        columns: &[(f32, bool)],
        header: &[&str],
        rows: &[Vec<String>],
        size: f32,
    ) -> f32 {
        let line = size * 1.75;
        let mut y = top;
        self.colour((0, 0, 0));
        self.cells(columns, y, size, |i| header.get(i).copied());
        self.rule(MARGIN, y + size * 0.6, PAGE.0 - MARGIN, 0);
        y += line;
        for row in rows {
            self.colour((20, 20, 20));
            self.cells(columns, y, size, |i| row.get(i).map(String::as_str));
            self.rule(MARGIN, y + size * 0.6, PAGE.0 - MARGIN, 210);
            y += line;
        }
        y
    }
}

fn png(
    scenario: &Scenario,
    compare: Option<&Scenario>,
    chart: Chart,
    lang: Lang,
    indicator: usize,
) -> Result<Vec<u8>> {
    render::png(&render::Request {
        chart,
        scenario,
        compare,
        lang,
        width: CHART_PX.0,
        height: CHART_PX.1,
        indicator,
    })
}

/// Renders the briefing.
pub fn pdf(briefing: &Briefing<'_>) -> Result<Vec<u8>> {
    let lang = briefing.lang;
    let scenario = briefing.scenario;
    let font_data = render::font_bytes()?;
    let font =
        Font::new(font_data.to_vec().into(), 0).context("the CJK font cannot be embedded")?;
    let projection = shared::project(scenario);
    let baseline_scenario = briefing.compare.cloned().unwrap_or_else(Scenario::baseline);
    let baseline = shared::project(&baseline_scenario);
    let reference_name = if briefing.compare.is_some() {
        baseline_scenario.name().to_owned()
    } else {
        zh_en(lang, "规划基线", "plan baseline").to_owned()
    };
    let footer = format!(
        "{} · {}",
        scenario.name(),
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
                scenario.name(),
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
    let settings = || PageSettings::from_wh(PAGE.0, PAGE.1).context("page size");
    let mut number = 0;
    let mut page = |document: &mut Document,
                    draw: &mut dyn FnMut(&mut Pen<'_, '_>) -> Result<()>|
     -> Result<()> {
        number += 1;
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        let result = {
            let mut pen = Pen {
                surface: &mut surface,
                font: font.clone(),
            };
            let result = draw(&mut pen);
            if number > 1 {
                pen.footer(&footer, number);
            }
            result
        };
        surface.finish();
        page.finish();
        result
    };

    // 1. Title page.
    page(&mut document, &mut |pen| {
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
        for line in wrap(scenario.name(), 34.0, PAGE.0 - 2.0 * MARGIN) {
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
        let envelope = match scenario.envelope_override() {
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
        };
        pen.text(MARGIN, y + 100.0, 12.0, &envelope);
        if let Some(other) = briefing.compare {
            pen.text(
                MARGIN,
                y + 120.0,
                12.0,
                &format!(
                    "{}: {}",
                    zh_en(lang, "对比方案", "Compared with"),
                    other.name()
                ),
            );
        }
        let mut note_y = y + 150.0;
        for line in wrap(scenario.description(), 10.0, PAGE.0 - 2.0 * MARGIN)
            .into_iter()
            .take(6)
        {
            pen.text(MARGIN, note_y, 10.0, &line);
            note_y += 15.0;
        }
        Ok(())
    })?;

    // 2. Headline targets.
    page(&mut document, &mut |pen| {
        let top = pen.heading(zh_en(lang, "总体目标", "Headline targets"));
        let rows: Vec<Vec<String>> = shared::projection::headlines(&projection, &baseline)
            .iter()
            .map(|h| headline_row(h, lang))
            .collect();
        let header = [
            zh_en(lang, "目标", "Target"),
            zh_en(lang, "预测", "Projected"),
            zh_en(lang, "规划目标", "Plan target"),
            zh_en(lang, "达成率", "Attainment"),
            zh_en(lang, "是否达成", "Met?"),
            if briefing.compare.is_some() {
                zh_en(lang, "较对比方案", "vs compared")
            } else {
                zh_en(lang, "较基线", "vs baseline")
            },
            zh_en(lang, "来源", "Source"),
        ];
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
                reference_name
            ),
        );
        Ok(())
    })?;

    // Charts, one a page so their labels stay legible on paper.
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
                "Where the money goes (万元 over 4 years; tick = comparison)",
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
        let image = png(
            scenario,
            briefing.compare,
            chart,
            lang,
            render::default_indicator(),
        )?;
        page(&mut document, &mut |pen| {
            let top = pen.heading(title);
            let w = PAGE.0 - 2.0 * MARGIN;
            pen.image(
                image.clone(),
                MARGIN,
                top - 10.0,
                w,
                w * CHART_PX.1 as f32 / CHART_PX.0 as f32,
            )
        })?;
    }

    // 5. Programme table.
    page(&mut document, &mut |pen| {
        let top = pen.heading(zh_en(
            lang,
            "各项目资金与预测",
            "Programmes: money, result, target",
        ));
        let rows: Vec<Vec<String>> = projection
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
        let header = [
            zh_en(lang, "项目", "Programme"),
            zh_en(lang, "指标", "Indicator"),
            zh_en(lang, "资金（4年）", "Money (4 years)"),
            zh_en(lang, "预测", "Projected"),
            zh_en(lang, "目标 [PLAN]", "Target [PLAN]"),
            zh_en(lang, "达成率", "Attainment"),
        ];
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
    })?;

    // 6. Comparison.
    if let Some(other) = briefing.compare {
        let comparison = shared::compare(other, scenario);
        page(&mut document, &mut |pen| {
            let top = pen.heading(&format!("{} → {}", other.name(), scenario.name()));
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
            let rows: Vec<Vec<String>> = comparison
                .kpis
                .iter()
                .zip(plan::KPIS.iter())
                .map(|(row, def)| {
                    vec![
                        def.name.get(lang).to_owned(),
                        format::quantity(row.a, def.unit, lang),
                        format::quantity(row.b, def.unit, lang),
                        format::number(row.delta, 4),
                    ]
                })
                .collect();
            let header = comparison_header(lang, zh_en(lang, "换来了什么", "What it buys"));
            pen.table(y + 20.0, &COMPARISON_COLUMNS, &header, &rows, 10.0);
            Ok(())
        })?;
    }

    // Appendix: PLAN facts, then every assumption with provenance.
    let mut appendix: Vec<Vec<String>> = vec![vec![
        zh_en(lang, "年度资金", "Annual envelope").to_owned(),
        format::yi(plan::annual_envelope(), lang),
        format!("PLAN {}", plan::ENVELOPE_REFERENCE),
        zh_en(
            lang,
            "每年3亿元，四年共12亿元",
            "300M CNY a year, 1.2bn over four years",
        )
        .to_owned(),
    ]];
    for def in plan::PROGRAMMES.iter() {
        if let Some(earmark) = def.earmark {
            appendix.push(vec![
                format!(
                    "{} {}",
                    def.name.get(lang),
                    zh_en(lang, "专项资金", "earmark")
                ),
                format::wan(earmark.total(), lang),
                format!("PLAN {}", earmark.reference),
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
        let source = match info.provenance {
            Provenance::Plan { reference } => format!("PLAN {reference}"),
            Provenance::Assumption => "ASSUMPTION".to_owned(),
        };
        appendix.push(vec![
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
    let per_page = 26;
    let pages = appendix.len().div_ceil(per_page);
    for (i, chunk) in appendix.chunks(per_page).enumerate() {
        page(&mut document, &mut |pen| {
            let title = format!(
                "{} ({}/{})",
                zh_en(
                    lang,
                    "附录：规划值与假设及其来源",
                    "Appendix: PLAN facts and assumptions with provenance"
                ),
                i + 1,
                pages
            );
            let top = pen.heading(&title);
            let header = [
                zh_en(lang, "参数", "Key"),
                zh_en(lang, "取值", "Value"),
                zh_en(lang, "来源", "Source"),
                zh_en(lang, "范围与含义", "Range and meaning"),
            ];
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
            pen.table(
                top,
                &[
                    (MARGIN, false),
                    (260.0, false),
                    (380.0, false),
                    (470.0, false),
                ],
                &header,
                &clipped,
                8.0,
            );
            Ok(())
        })?;
    }
    how_computed(&mut page, &mut document, scenario, lang)?;
    document
        .finish()
        .map_err(|error| anyhow!("cannot write the PDF: {error:?}"))
}

/// Starts a page, lets the closure draw on it, adds the footer and finishes it.
type PageMaker<'a> =
    dyn FnMut(&mut Document, &mut dyn FnMut(&mut Pen<'_, '_>) -> Result<()>) -> Result<()> + 'a;

/// The 计算过程 appendix: for every programme, the plain statements of its explanation
/// — the same sentences the page and `planner explain` give — wrapped to the page.
fn how_computed(
    page: &mut PageMaker<'_>,
    document: &mut Document,
    scenario: &shared::Scenario,
    lang: Lang,
) -> Result<()> {
    const SIZE: f32 = 9.0;
    const LEADING: f32 = 13.5;
    let text_width = PAGE.0 - 2.0 * MARGIN - 12.0;
    // (is a programme heading, text)
    let mut lines: Vec<(bool, String)> = Vec::new();
    for id in shared::ProgrammeId::ALL {
        let explanation = shared::explain(scenario, *id);
        lines.push((true, shared::plan::programme(*id).name.get(lang).to_owned()));
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
    let pages = chunks.len();
    for (i, chunk) in chunks.iter().enumerate() {
        page(document, &mut |pen| {
            let title = format!(
                "{} ({}/{})",
                zh_en(
                    lang,
                    "附录：计算过程（每个项目的要点；公式与逐年计算见 planner explain）",
                    "Appendix: how the numbers are computed (each programme's summary; formula and arithmetic in planner explain)"
                ),
                i + 1,
                pages
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

/// The verdict's mark as the briefing's font can draw it: the CJK font has `✓`, `!`
/// and `—` but no `✗`, so a miss is the multiplication sign it does have.
fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Missed => "×",
        other => other.mark(),
    }
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
