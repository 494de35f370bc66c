//! Chart images for slides and documents: the model crate's own chart functions drawn
//! to SVG (text stays text) or PNG (text rasterised with the CJK font the project
//! installs), so an image looks like the chart in the browser.

use std::sync::OnceLock;

use anyhow::{Context, Result, bail};
use plotters::prelude::*;
use shared::ids::{IndicatorId, ProgrammeId};
use shared::plan::{self, Lang};
use shared::{KpiKey, Projection, Scenario, charts};

/// Where the CJK font is looked for unless `PLANNER_FONT` names another file: Debian's
/// fonts-wqy-microhei (Apache-2.0), which `cargo xtask` installs.
pub const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
/// Image size in pixels unless asked otherwise (a 16:9-ish slide chart).
pub const DEFAULT_SIZE: (u32, u32) = (1200, 700);
/// Smallest and largest image side in pixels.
pub const SIDE: (u32, u32) = (200, 4_000);

shared::string_enum! {
    /// One of the charts the product draws.
    pub enum Chart("chart") {
        /// Attainment of every indicator against 100%.
        Attainment = "attainment",
        /// Where the money goes against the baseline (or the compared scenario).
        Allocation = "allocation",
        /// Cumulative 2017–2020 trajectory of one indicator.
        Trajectory = "trajectory",
        /// Probability of meeting each target (Monte Carlo).
        Uncertainty = "uncertainty",
        /// Sensitivity tornado of enterprises transformed.
        Tornado = "tornado",
    }
}

shared::string_enum! {
    /// Image format.
    pub enum Format("format") {
        /// Scalable, text as text.
        Svg = "svg",
        /// Raster, text drawn with the embedded CJK font.
        Png = "png",
    }
}

/// What to draw.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Which chart.
    pub chart: Chart,
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Compared with this one instead of the plan baseline.
    pub compare: Option<&'a Scenario>,
    /// Labels' language.
    pub lang: Lang,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Trajectory chart: which indicator (index into the plan's indicators).
    pub indicator: usize,
}

impl<'a> Request<'a> {
    /// The chart at the API's default size ([`DEFAULT_SIZE`]) with the default
    /// trajectory indicator.
    pub fn new(
        chart: Chart,
        scenario: &'a Scenario,
        compare: Option<&'a Scenario>,
        lang: Lang,
    ) -> Request<'a> {
        Request {
            chart,
            scenario,
            compare,
            lang,
            width: DEFAULT_SIZE.0,
            height: DEFAULT_SIZE.1,
            indicator: default_indicator(),
        }
    }
}

/// The default trajectory indicator: enterprises upgrading equipment, the largest line.
pub fn default_indicator() -> usize {
    plan::indicator_index(ProgrammeId::EquipmentUpgrade, IndicatorId::Enterprises).unwrap_or(0)
}

fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, plotters::coord::Shift>, request: &Request<'_>) {
    let projection = shared::project(request.scenario);
    let reference_scenario = request.compare.cloned().unwrap_or_else(Scenario::baseline);
    let reference: Projection = shared::project(&reference_scenario);
    match request.chart {
        Chart::Attainment => charts::attainment(area, &projection, request.lang),
        Chart::Allocation => {
            charts::allocation_against_baseline(area, &projection, &reference, request.lang)
        }
        Chart::Trajectory => {
            let band = shared::uncertainty::chart_run(request.scenario);
            charts::indicator_trajectory(
                area,
                &projection,
                &reference,
                request.indicator,
                Some(&band),
                request.lang,
            );
        }
        Chart::Uncertainty => {
            let uncertainty = shared::uncertainty::chart_run(request.scenario);
            charts::target_probabilities(area, &uncertainty, request.lang);
        }
        Chart::Tornado => {
            let sensitivity = shared::sensitivity(request.scenario, KpiKey::EnterprisesTransformed);
            charts::sensitivity_tornado(area, &sensitivity, 12, request.lang);
        }
    }
}

fn check_size(request: &Request<'_>) -> Result<()> {
    let (low, high) = SIDE;
    if !(low..=high).contains(&request.width) || !(low..=high).contains(&request.height) {
        bail!(
            "width and height must each be between {low} and {high} pixels, not {}×{}",
            request.width,
            request.height
        );
    }
    Ok(())
}

/// The chart as an SVG document.
pub fn svg(request: &Request<'_>) -> Result<String> {
    check_size(request)?;
    let mut text = String::new();
    {
        let area =
            SVGBackend::with_string(&mut text, (request.width, request.height)).into_drawing_area();
        draw(&area, request);
        area.present().context("cannot finish the SVG")?;
    }
    Ok(text)
}

/// The chart as a PNG image.
pub fn png(request: &Request<'_>) -> Result<Vec<u8>> {
    check_size(request)?;
    ensure_font()?;
    let (width, height) = (request.width, request.height);
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        draw(&area, request);
        area.present().context("cannot finish the PNG")?;
    }
    let mut encoded = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut encoded, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().context("cannot start the PNG")?;
        writer
            .write_image_data(&pixels)
            .context("cannot write the PNG")?;
    }
    Ok(encoded)
}

/// The chart in either format, with its media type.
pub fn render(request: &Request<'_>, format: Format) -> Result<(Vec<u8>, &'static str)> {
    match format {
        Format::Svg => Ok((svg(request)?.into_bytes(), "image/svg+xml")),
        Format::Png => Ok((png(request)?, "image/png")),
    }
}

static FONT: OnceLock<Result<&'static [u8], String>> = OnceLock::new();

/// The CJK font's bytes, read once.
pub fn font_bytes() -> Result<&'static [u8]> {
    let loaded = FONT.get_or_init(|| {
        let path = std::env::var("PLANNER_FONT").unwrap_or_else(|_| DEFAULT_FONT.to_owned());
        std::fs::read(&path)
            .map(|bytes| &*Box::leak(bytes.into_boxed_slice()))
            .map_err(|error| {
                format!(
                    "cannot read the CJK font {path}: {error}; install Debian's fonts-wqy-microhei \
                     (cargo xtask does) or set PLANNER_FONT to a TrueType file with Chinese glyphs"
                )
            })
    });
    match loaded {
        Ok(bytes) => Ok(bytes),
        Err(message) => bail!("{message}"),
    }
}

static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();

/// Registers the CJK font with plotters under the charts' font family, once.
fn ensure_font() -> Result<()> {
    let registered = REGISTERED.get_or_init(|| {
        let bytes = font_bytes().map_err(|e| e.to_string())?;
        for style in [FontStyle::Normal, FontStyle::Bold] {
            plotters::style::register_font(charts::FONT_FAMILY, style, bytes)
                .map_err(|_| "the CJK font is not a font plotters can read".to_owned())?;
        }
        Ok(())
    });
    match registered {
        Ok(()) => Ok(()),
        Err(message) => bail!("{message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(chart: Chart, scenario: &Scenario, lang: Lang) -> Request<'_> {
        Request {
            chart,
            scenario,
            compare: None,
            lang,
            width: 900,
            height: 560,
            indicator: default_indicator(),
        }
    }

    #[test]
    fn every_chart_renders_as_svg_with_labels_in_both_languages() {
        let scenario = Scenario::baseline();
        for &chart in Chart::ALL {
            let zh = svg(&request(chart, &scenario, Lang::Zh)).expect("svg");
            assert!(zh.starts_with("<svg"), "{chart:?}");
            assert!(zh.contains("<text"), "{chart:?} has no text");
            let en = svg(&request(chart, &scenario, Lang::En)).expect("svg");
            assert_ne!(zh, en, "{chart:?} is the same in both languages");
        }
        let attainment = svg(&request(Chart::Attainment, &scenario, Lang::Zh)).expect("svg");
        assert!(attainment.contains("专精特新"));
        assert!(attainment.contains("100.0%"));
    }

    /// Every text the model gives charts and documents, in both languages.
    fn model_texts() -> Vec<&'static str> {
        let mut texts = Vec::new();
        let mut add = |t: plan::Text| {
            texts.push(t.zh);
            texts.push(t.en);
        };
        for def in plan::PROGRAMMES.iter() {
            add(def.name);
            add(def.short_name);
            add(def.note);
            def.responsible.iter().copied().for_each(&mut add);
        }
        for def in plan::INDICATORS.iter() {
            add(def.name);
            add(def.unit.label());
            if let Some(note) = def.reference_note {
                add(note);
            }
        }
        plan::PATHS.iter().for_each(|p| add(p.name));
        plan::KPIS.iter().for_each(|k| add(k.name));
        plan::FUNDS.iter().copied().for_each(&mut add);
        for key in shared::params::ParamKey::all() {
            let info = key.info();
            add(info.name);
            add(info.unit);
            add(info.rationale);
        }
        texts
    }

    /// Every string literal of the code that draws charts and documents.
    fn literals() -> Vec<String> {
        let sources = [
            include_str!("render.rs"),
            include_str!("brief/mod.rs"),
            include_str!("brief/pages.rs"),
            include_str!("brief/appendix.rs"),
            include_str!("words.rs"),
            include_str!("../../shared/src/charts.rs"),
            include_str!("../../shared/src/format.rs"),
            include_str!("../../shared/src/explain/mod.rs"),
            include_str!("../../shared/src/explain/summary.rs"),
            include_str!("../../shared/src/explain/text.rs"),
            include_str!("../../shared/src/explain/working.rs"),
            include_str!("../../shared/src/explain/tests.rs"),
        ];
        let mut found = Vec::new();
        for source in sources {
            let mut rest = source;
            while let Some(start) = rest.find('"') {
                let after = &rest[start + 1..];
                let Some(end) = after.find('"') else { break };
                found.push(after[..end].to_owned());
                rest = &after[end + 1..];
            }
        }
        found
    }

    #[test]
    fn every_label_character_has_a_glyph_in_the_embedded_font() {
        use ab_glyph::Font as _;
        let font =
            ab_glyph::FontRef::try_from_slice(font_bytes().expect("the CJK font is installed"))
                .expect("a readable font");
        let mut missing = std::collections::BTreeSet::new();
        let texts: Vec<String> = model_texts()
            .into_iter()
            .map(str::to_owned)
            .chain(literals())
            .collect();
        for text in &texts {
            for c in text
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
            {
                if font.glyph_id(c).0 == 0 {
                    missing.insert(format!("{c} (U+{:04X}) in {text:?}", c as u32));
                }
            }
        }
        assert!(texts.len() > 400, "only {} texts checked", texts.len());
        assert!(
            missing.is_empty(),
            "no glyph for:\n{}",
            missing.into_iter().collect::<Vec<_>>().join("\n")
        );
    }

    #[test]
    fn sizes_outside_the_bounds_are_refused() {
        let scenario = Scenario::baseline();
        let mut big = request(Chart::Attainment, &scenario, Lang::Zh);
        big.width = 10_000;
        assert!(svg(&big).is_err());
    }
}
