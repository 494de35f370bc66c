//! A probe for the input-to-frame latency budget: a slider's input event records its
//! time; when the charts have been redrawn, the next animation frame records the
//! elapsed milliseconds in `window.__plannerLatencies`, which the browser test reads.

use std::cell::Cell;

use wasm_bindgen::JsCast as _;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;

thread_local! {
    static STARTED: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Called by an input handler before it dispatches.
pub fn input_started() {
    STARTED.with(|s| s.set(Some(crate::browser::now_ms())));
    mark("planner-input");
}

/// A performance mark, visible in the browser's profiler and to the latency test.
pub fn mark(name: &str) {
    if STARTED.with(|s| s.get()).is_some()
        && let Some(performance) = web_sys::window().and_then(|w| w.performance())
    {
        let _ = performance.mark(name);
    }
}

/// Called once every number and chart of a render has been updated.
pub fn frame_drawn() {
    mark("planner-drawn");
    let Some(started) = STARTED.with(|s| s.take()) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(move || {
        let elapsed = crate::browser::now_ms() - started;
        let Some(window) = web_sys::window() else {
            return;
        };
        let key = JsValue::from_str("__plannerLatencies");
        let list = js_sys::Reflect::get(&window, &key)
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
            .unwrap_or_else(|| {
                let list = js_sys::Array::new();
                let _ = js_sys::Reflect::set(&window, &key, &list);
                list
            });
        list.push(&JsValue::from_f64(elapsed));
    });
    let _ = window.request_animation_frame(callback.unchecked_ref());
}
