//! The simulator's side of the charts, 计算过程 and tornado module
//! (`src/bin/explain.rs`): loaded once, in the background as the simulator starts, and
//! asked to draw the charts, for the Monte Carlo table, for an explanation's lines or to
//! draw a tornado.

use shared::Scenario;
use shared::ids::ProgrammeId;
use shared::plan::Lang;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

async fn module() -> Result<JsValue, String> {
    // `boot.js` offers the loader, so the page needs no extra script of its own.
    let loader = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("plannerExplainModule")).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("the page has no module loader")?;
    let promise = loader
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or("the module loader did not start")?;
    JsFuture::from(promise)
        .await
        .map_err(|_| "the module could not be loaded".to_owned())
}

/// Fetches the module now, so that it is ready (and in memory) before it is asked for.
pub fn prefetch() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = module().await;
    });
}

fn function(module: &JsValue, name: &str) -> Result<js_sys::Function, String> {
    js_sys::Reflect::get(module, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| format!("the module has no {name}"))
}

fn lang_code(lang: Lang) -> &'static str {
    if lang == Lang::Zh { "zh" } else { "en" }
}

/// Draws the three charts of the simulator for the scenario in `lang`: the trajectory of
/// indicator `slot`, with the bands of `band_for` when given.
pub async fn draw_charts(
    scenario: &Scenario,
    slot: usize,
    band_for: Option<&Scenario>,
    lang: Lang,
) -> Result<(), String> {
    let module = module().await?;
    let band_for = band_for.map_or(JsValue::UNDEFINED, |s| {
        JsValue::from_str(&s.to_json_pretty())
    });
    let args = js_sys::Array::of4(
        &JsValue::from_str(&scenario.to_json_pretty()),
        &JsValue::from_f64(slot as f64),
        &band_for,
        &JsValue::from_str(lang_code(lang)),
    );
    function(&module, "draw_charts")?
        .apply(&JsValue::NULL, &args)
        .map(|_| ())
        .map_err(|_| "the charts could not be drawn".to_owned())
}

/// One row of the Monte Carlo table: key, name, and the target, P10, P50, P90 and
/// probability as shown.
pub type BandRow = (String, String, Vec<String>);

/// The Monte Carlo table of the scenario in `lang` (the run is kept by the module, so
/// the trajectory's bands drawn for the same scenario cost nothing more).
pub async fn band_rows(scenario: &Scenario, lang: Lang) -> Result<Vec<BandRow>, String> {
    let module = module().await?;
    let text = function(&module, "band_rows")?
        .call2(
            &JsValue::NULL,
            &JsValue::from_str(&scenario.to_json_pretty()),
            &JsValue::from_str(lang_code(lang)),
        )
        .map_err(|_| "the uncertainty could not be computed".to_owned())?
        .as_string()
        .ok_or("the uncertainty is not text")?;
    serde_json::from_str(&text).map_err(|error| error.to_string())
}

/// Draws the tornado of `measure` for the scenario on the canvas with id `canvas`.
pub async fn draw_tornado(
    scenario: &Scenario,
    measure: &str,
    canvas: &str,
    lang: Lang,
) -> Result<(), String> {
    let module = module().await?;
    let args = js_sys::Array::of4(
        &JsValue::from_str(&scenario.to_json_pretty()),
        &JsValue::from_str(measure),
        &JsValue::from_str(canvas),
        &JsValue::from_str(lang_code(lang)),
    );
    function(&module, "draw_tornado")?
        .apply(&JsValue::NULL, &args)
        .map(|_| ())
        .map_err(|_| "the tornado could not be drawn".to_owned())
}

/// The summary and the working of `programme`'s explanation in `lang`.
pub async fn lines(
    scenario: &Scenario,
    programme: ProgrammeId,
    lang: Lang,
) -> Result<(Vec<String>, Vec<String>), String> {
    let module = module().await?;
    let code = lang_code(lang);
    let text = function(&module, "explain_lines")?
        .call3(
            &JsValue::NULL,
            &JsValue::from_str(&scenario.to_json_pretty()),
            &JsValue::from_str(programme.as_str()),
            &JsValue::from_str(code),
        )
        .map_err(|_| "the explanation could not be computed".to_owned())?
        .as_string()
        .ok_or("the explanation is not text")?;
    serde_json::from_str(&text).map_err(|error| error.to_string())
}
