//! 计算过程 and the sensitivity tornado as their own small WebAssembly module. The
//! simulator fetches it in the background once the page is interactive
//! (`web::explain_module`), so the text of every explanation — two languages of formulas,
//! provenance and arithmetic — and the one-at-a-time sensitivity runs do not weigh on
//! the first load, and are in memory before anyone asks (also with the server gone).

use shared::Scenario;
use shared::ids::ProgrammeId;
use shared::plan::Lang;
use wasm_bindgen::prelude::*;

/// The explanation of `programme` in the scenario (file format JSON), in `lang`, as a
/// JSON array `[summary lines, working lines]`.
#[wasm_bindgen]
pub fn explain_lines(scenario: &str, programme: &str, lang: &str) -> Result<String, JsError> {
    let scenario =
        Scenario::from_json(scenario).map_err(|error| JsError::new(&error.to_string()))?;
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
    use plotters::prelude::IntoDrawingArea as _;
    let scenario =
        Scenario::from_json(scenario).map_err(|error| JsError::new(&error.to_string()))?;
    let measure = shared::uncertainty::Measure::parse(measure)
        .ok_or_else(|| JsError::new(&format!("unknown measure `{measure}`")))?;
    let lang = Lang::parse(lang).unwrap_or_default();
    let area = plotters_canvas::CanvasBackend::new(canvas)
        .ok_or_else(|| JsError::new(&format!("no canvas `{canvas}`")))?
        .into_drawing_area();
    let sensitivity = shared::uncertainty::sensitivity_of(&scenario, measure);
    shared::charts::sensitivity_tornado(&area, &sensitivity, 10, lang);
    Ok(())
}

fn main() {}
