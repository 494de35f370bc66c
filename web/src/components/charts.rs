//! The charts panel: attainment, a trajectory, the allocation shift, and uncertainty —
//! bands and probabilities for every target, refreshed by themselves after an edit,
//! and a sensitivity tornado for any KPI or indicator.

use shared::Scenario;
use shared::plan::{self, INDICATORS};
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use super::{figures_row, head_row, on_select, use_env};
use crate::explain_module::{self, BandRow};
use crate::i18n as t;

/// Quiet time after the last edit before bands are recomputed, in milliseconds: off
/// the input path, so dragging a slider never waits for Monte Carlo.
const SETTLE_MS: i32 = 350;

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub scenario: Scenario,
    /// Whether the scenario keeps within the envelope every year.
    pub feasible: bool,
}

/// Runs `work` once the page has been quiet for `ms`; dropping the guard cancels it.
struct Deferred(Option<(i32, Closure<dyn FnMut()>)>);

impl Deferred {
    fn run(ms: i32, work: impl FnOnce() + 'static) -> Deferred {
        let mut work = Some(work);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(work) = work.take() {
                work();
            }
        });
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                ms,
            )
            .ok()
        });
        Deferred(handle.map(|h| (h, closure)))
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        if let (Some((handle, _)), Some(window)) = (&self.0, web_sys::window()) {
            window.clear_timeout_with_handle(*handle);
        }
    }
}

/// What a tornado measures: a KPI (by key) or an indicator (by slot).
fn measures() -> Vec<(String, String, String)> {
    let mut list: Vec<(String, String, String)> = plan::KPIS
        .iter()
        .map(|k| {
            (
                k.key.to_string(),
                k.name.zh.to_owned(),
                k.name.en.to_owned(),
            )
        })
        .collect();
    for def in INDICATORS.iter().filter(|d| d.target.is_some()) {
        let p = plan::programme(def.programme);
        list.push((
            def.key(),
            format!("{} · {}", p.short_name.zh, def.name.zh),
            format!("{} · {}", p.short_name.en, def.name.en),
        ));
    }
    list
}

/// The charts.
#[component]
pub fn Charts(props: &ChartsProps) -> Html {
    let env = use_env();
    let l = env.lang;
    let chosen = use_state(|| 0usize);
    let uncertainty_on = use_state(|| false);
    // The Monte Carlo table on screen: the scenario and language it is for (the charts
    // module computes and keeps the run).
    let band = use_state(|| None::<(Scenario, plan::Lang, Vec<BandRow>)>);
    let measure = use_state(|| plan::KPIS[0].key.to_string());
    let tornado_on = use_state(|| false);
    // What the tornado canvas shows: the scenario, measure and language it was drawn
    // for (the tornado module draws it).
    let tornado = use_state(|| None::<(Scenario, String, plan::Lang)>);

    // Recompute bands and the tornado once edits settle; until then the last results
    // stay on screen, marked as updating.
    {
        let (band, tornado) = (band.clone(), tornado.clone());
        let scenario = props.scenario.clone();
        let wanted = (*uncertainty_on, *tornado_on, (*measure).clone(), l);
        use_effect_with(
            (scenario, wanted),
            move |(scenario, (on, tornado_wanted, measure, lang))| {
                let stale_band = *on
                    && band
                        .as_ref()
                        .is_none_or(|(s, drawn, _)| s != scenario || drawn != lang);
                let stale_tornado = *tornado_wanted
                    && tornado
                        .as_ref()
                        .is_none_or(|(s, m, drawn)| s != scenario || m != measure || drawn != lang);
                let pending = (stale_band || stale_tornado).then(|| {
                    let (scenario, measure, lang) = (scenario.clone(), measure.clone(), *lang);
                    let (band, tornado) = (band.clone(), tornado.clone());
                    let on = *on;
                    Deferred::run(SETTLE_MS, move || {
                        if on && stale_band {
                            let scenario = scenario.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                if let Ok(rows) = explain_module::band_rows(&scenario, lang).await {
                                    band.set(Some((scenario, lang, rows)));
                                }
                            });
                        }
                        if stale_tornado {
                            wasm_bindgen_futures::spawn_local(async move {
                                let drawn = explain_module::draw_tornado(
                                    &scenario,
                                    &measure,
                                    "chart-tornado",
                                    lang,
                                )
                                .await;
                                if drawn.is_ok() {
                                    tornado.set(Some((scenario, measure, lang)));
                                }
                            });
                        }
                    })
                });
                move || drop(pending)
            },
        );
    }
    let band_for = band.as_ref().map(|(s, _, _)| s.clone());
    let band_stale = band
        .as_ref()
        .is_some_and(|(s, drawn, _)| *s != props.scenario || *drawn != l);
    let tornado_stale = tornado
        .as_ref()
        .is_none_or(|(s, m, drawn)| *s != props.scenario || *m != *measure || *drawn != l);
    {
        let scenario = props.scenario.clone();
        let slot = *chosen;
        use_effect_with(
            (scenario, slot, l, band_for),
            move |(scenario, slot, l, band_for)| {
                crate::latency::mark("planner-charts");
                let (scenario, slot, l, band_for) = (scenario.clone(), *slot, *l, band_for.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let _ =
                        explain_module::draw_charts(&scenario, slot, band_for.as_ref(), l).await;
                    crate::latency::frame_drawn();
                });
                || ()
            },
        );
    }
    let choose = {
        let chosen = chosen.clone();
        on_select(move |value| {
            if let Ok(slot) = value.parse::<usize>() {
                chosen.set(slot.min(INDICATORS.len() - 1));
            }
        })
    };
    let choose_measure = {
        let measure = measure.clone();
        on_select(move |value| measure.set(value))
    };
    let start_uncertainty = {
        let on = uncertainty_on.clone();
        Callback::from(move |_| on.set(true))
    };
    let start_tornado = {
        let on = tornado_on.clone();
        Callback::from(move |_| on.set(true))
    };
    html! {
        <section class="panel charts" aria-label={env.tr(t::CHARTS)}>
            <h2>{ env.tr(t::CHART_ATTAINMENT) }</h2>
            <canvas id="chart-attainment" width="560" height="470" role="img" aria-label={env.tr(t::CHART_ATTAINMENT)}></canvas>
            <h2>{ env.tr(t::CHART_TRAJECTORY) }</h2>
            <select id="trajectory-indicator" onchange={choose} aria-label={env.tr(t::INDICATOR)}>
                { for INDICATORS.iter().enumerate().map(|(slot, def)| html! {
                    <option value={slot.to_string()} selected={slot == *chosen}>
                        { format!("{} · {}", plan::programme(def.programme).short_name.get(l), def.name.get(l)) }
                    </option>
                }) }
            </select>
            <canvas id="chart-trajectory" width="560" height="300" role="img" aria-label={env.tr(t::CHART_TRAJECTORY)}></canvas>
            <h2>{ env.tr(t::CHART_SHIFT) }</h2>
            <canvas id="chart-shift" width="560" height="440" role="img" aria-label={env.tr(t::CHART_SHIFT)}></canvas>

            <h2>{ env.tr(t::CHART_BAND) }</h2>
            <p class="reading-note" id="uncertainty-note">{ shared::uncertainty::reading_note(l) }</p>
            if !*uncertainty_on {
                <button id="run-uncertainty" onclick={start_uncertainty}>{ env.tr(t::RUN_UNCERTAINTY) }</button>
            }
            if *uncertainty_on && band.is_none() {
                <p class="small" role="status">{ env.tr(t::UPDATING) }</p>
            }
            if let Some((_, _, rows)) = band.as_ref() {
                <table class={classes!("probabilities", band_stale.then_some("stale"))} id="probabilities" aria-busy={band_stale.to_string()}>
                    <caption>
                        { format!("{} · {}", env.tr(t::BAND_CAPTION), if band_stale { env.tr(t::UPDATING) } else { env.tr(t::UP_TO_DATE) }) }
                        if !props.feasible {
                            <strong class="warning" id="band-infeasible">{ format!(" · {}", env.tr(t::BAND_INFEASIBLE)) }</strong>
                        }
                    </caption>
                    { head_row(&[env.tr(t::INDICATOR), env.tr(t::TARGET), "P10", "P50", "P90", env.tr(t::PROBABILITY)]) }
                    <tbody>
                        { for rows.iter().map(|(key, name, cells)| figures_row(
                            None,
                            Some(key.clone()),
                            name.clone(),
                            cells.clone(),
                        )) }
                    </tbody>
                </table>
            }

            <h2>{ env.tr(t::CHART_TORNADO) }</h2>
            <select id="tornado-measure" onchange={choose_measure} aria-label={env.tr(t::TORNADO_MEASURE)}>
                { for measures().into_iter().map(|(key, zh, en)| html! {
                    <option value={key.clone()} selected={*measure == key}>{ if l == plan::Lang::Zh { zh } else { en } }</option>
                }) }
            </select>
            if !*tornado_on {
                <button id="run-sensitivity" onclick={start_tornado}>{ env.tr(t::RUN_SENSITIVITY) }</button>
            }
            if *tornado_on {
                <canvas id="chart-tornado" class={classes!(tornado_stale.then_some("stale"))} width="560" height="420" role="img"
                    aria-label={env.tr(t::CHART_TORNADO)} aria-busy={tornado_stale.to_string()}></canvas>
            }
        </section>
    }
}
