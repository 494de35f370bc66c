//! The simulator's charts, 计算过程 and the sensitivity tornado as their own
//! WebAssembly module. The simulator fetches it as soon as it starts
//! (`web::explain_module`), so the drawing code, the text of every explanation — two
//! languages of formulas, provenance and arithmetic — the Monte Carlo bands and the
//! one-at-a-time sensitivity runs do not weigh on the simulator's own first load, and
//! are in memory before anyone asks (also with the server gone).

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::IntoDrawingArea as _;
use shared::ids::ProgrammeId;
use shared::plan::{self, INDICATORS, Lang};
use shared::{Projection, Scenario, Uncertainty, format};
use wasm_bindgen::prelude::*;

thread_local! {
    /// The plan baseline's projection, which the charts draw against.
    static BASELINE: Rc<Projection> = Rc::new(shared::project(&Scenario::baseline()));
    /// The last Monte Carlo run, with the scenario (as sent) it is for.
    static BAND: RefCell<Option<(String, Rc<Uncertainty>)>> = const { RefCell::new(None) };
}

fn scenario_of(text: &str) -> Result<Scenario, JsError> {
    Scenario::from_json(text).map_err(|error| JsError::new(&error.to_string()))
}

/// The chart run of the scenario `text`, computed once for each scenario asked about.
fn band_of(text: &str) -> Result<Rc<Uncertainty>, JsError> {
    if let Some(band) = BAND.with_borrow(|band| {
        band.as_ref()
            .filter(|(of, _)| of == text)
            .map(|(_, band)| band.clone())
    }) {
        return Ok(band);
    }
    let band = Rc::new(shared::uncertainty::chart_run(&scenario_of(text)?));
    BAND.set(Some((text.to_owned(), band.clone())));
    Ok(band)
}

fn canvas(
    id: &str,
) -> Option<plotters::drawing::DrawingArea<plotters_canvas::CanvasBackend, plotters::coord::Shift>>
{
    plotters_canvas::CanvasBackend::new(id).map(|backend| backend.into_drawing_area())
}

/// Draws the simulator's three charts for the scenario (file format JSON) in `lang`:
/// attainment (`chart-attainment`), the trajectory of indicator `slot` with the bands of
/// the scenario `band_for` when given (`chart-trajectory`), and the allocation against
/// the plan baseline (`chart-shift`). A canvas not in the page is skipped.
#[wasm_bindgen]
pub fn draw_charts(
    scenario: &str,
    slot: usize,
    band_for: Option<String>,
    lang: &str,
) -> Result<(), JsError> {
    let projection = shared::project(&scenario_of(scenario)?);
    let baseline = BASELINE.with(Rc::clone);
    let band = band_for.as_deref().map(band_of).transpose()?;
    let lang = Lang::parse(lang).unwrap_or_default();
    let slot = slot.min(INDICATORS.len() - 1);
    if let Some(area) = canvas("chart-attainment") {
        shared::charts::attainment(&area, &projection, lang);
    }
    if let Some(area) = canvas("chart-shift") {
        shared::charts::allocation_against_baseline(&area, &projection, &baseline, lang);
    }
    if let Some(area) = canvas("chart-trajectory") {
        shared::charts::indicator_trajectory(
            &area,
            &projection,
            &baseline,
            slot,
            band.as_deref(),
            lang,
        );
    }
    Ok(())
}

/// The Monte Carlo table of the scenario (file format JSON) in `lang`, as a JSON array
/// of rows `[key, name, [target, P10, P50, P90, probability]]`: every KPI, then every
/// indicator with a target.
#[wasm_bindgen]
pub fn band_rows(scenario: &str, lang: &str) -> Result<String, JsError> {
    let band = band_of(scenario)?;
    let l = Lang::parse(lang).unwrap_or_default();
    let cells = |b: shared::uncertainty::Band, unit, target, probability| {
        vec![
            format::quantity_or_none(target, unit, l),
            format::quantity(b.p10, unit, l),
            format::quantity(b.p50, unit, l),
            format::quantity(b.p90, unit, l),
            format::percent_or_none(probability),
        ]
    };
    let kpis = band.kpis.iter().map(|k| {
        let def = k.key.headline();
        (
            def.key.to_string(),
            def.name.get(l).to_owned(),
            cells(
                k.band,
                def.unit,
                Some(k.target),
                Some(k.probability_meeting_target),
            ),
        )
    });
    let indicators = band
        .indicators
        .iter()
        .zip(INDICATORS.iter())
        .filter(|(b, _)| b.target.is_some())
        .map(|(b, def)| {
            let p = plan::programme(def.programme);
            (
                def.key(),
                format!("{} · {}", p.short_name.get(l), def.name.get(l)),
                cells(b.band, def.unit, b.target, b.probability_meeting_target),
            )
        });
    serde_json::to_string(&kpis.chain(indicators).collect::<Vec<_>>())
        .map_err(|error| JsError::new(&error.to_string()))
}

/// The explanation of `programme` in the scenario (file format JSON), in `lang`, as a
/// JSON array `[summary lines, working lines]`.
#[wasm_bindgen]
pub fn explain_lines(scenario: &str, programme: &str, lang: &str) -> Result<String, JsError> {
    let scenario = scenario_of(scenario)?;
    let programme: ProgrammeId = programme
        .parse()
        .map_err(|error: shared::UnknownName| JsError::new(&error.to_string()))?;
    let lang = Lang::parse(lang).unwrap_or_default();
    let explanation = shared::explain(&scenario, programme);
    serde_json::to_string(&(explanation.summary(lang), explanation.working(lang)))
        .map_err(|error| JsError::new(&error.to_string()))
}

/// Draws the sensitivity tornado of `measure` (a KPI key or `programme.indicator`) for
/// the scenario on the canvas `canvas`, in `lang`.
#[wasm_bindgen]
pub fn draw_tornado(
    scenario: &str,
    measure: &str,
    canvas: &str,
    lang: &str,
) -> Result<(), JsError> {
    let scenario = scenario_of(scenario)?;
    let measure = shared::uncertainty::Measure::parse(measure)
        .ok_or_else(|| JsError::new(&format!("unknown measure `{measure}`")))?;
    let lang = Lang::parse(lang).unwrap_or_default();
    let area =
        self::canvas(canvas).ok_or_else(|| JsError::new(&format!("no canvas `{canvas}`")))?;
    let sensitivity = shared::uncertainty::sensitivity_of(&scenario, measure);
    shared::charts::sensitivity_tornado(&area, &sensitivity, 10, lang);
    Ok(())
}

fn main() {}
