//! 假设与来源: every PLAN fact and ASSUMPTION with its value, range and source;
//! the envelope and any assumption can be overridden for this scenario.

use shared::format;
use shared::params::ParamKey;
use shared::plan::{self, INDICATORS, Provenance};
use yew::prelude::*;

use super::{ScenarioProps, on_input, use_env};
use crate::i18n as t;
use crate::state::Action;

/// Every parameter with its value, unit, range and provenance; editable per scenario.
#[component]
pub fn Assumptions(props: &ScenarioProps) -> Html {
    let env = use_env();
    let l = env.lang;
    let scenario = &props.scenario;
    let values = *scenario.model().assumptions();
    let envelope_change = {
        let dispatch = env.dispatch.clone();
        on_input(move |text| {
            if text.trim().is_empty() {
                dispatch.emit(Action::SetEnvelope(None));
            } else if let Some(money) = format::parse_money(&text, l) {
                dispatch.emit(Action::SetEnvelope(Some(money)));
            }
        })
    };
    let earmarks = env.on_toggle(Action::SetRespectEarmarks);
    html! {
        <div class="assumptions" id="assumptions">
            <section class="panel">
                <h2>{ env.tr(t::PLAN_HEADING) }</h2>
                <label>{ env.tr(t::ENVELOPE_OVERRIDE) }
                    <input id="envelope-override" type="number" min="0" step="any"
                        value={scenario.envelope_override().map(|e| format::money_figure(e, l).to_string()).unwrap_or_default()}
                        onchange={envelope_change} />
                </label>
                <label><input id="respect-earmarks" type="checkbox" checked={scenario.respect_earmarks()} onchange={earmarks} />
                    { env.tr(t::RESPECT_EARMARKS) }</label>
                <div class="wide"><table>
                    <thead><tr><th>{ env.tr(t::ALL_PROGRAMMES) }</th><th>{ env.tr(t::INDICATOR) }</th><th>{ env.tr(t::TARGET) }</th><th>{ env.tr(t::SOURCE) }</th></tr></thead>
                    <tbody>
                        { for INDICATORS.iter().map(|def| html! {
                            <tr>
                                <td>{ plan::programme(def.programme).name.get(l) }</td>
                                <td>{ def.name.get(l) }</td>
                                <td class="num">{ format::quantity_or_none(def.target, def.unit, l) }</td>
                                <td>{ plan::source_in(Provenance::Plan { reference: def.reference }, l) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table></div>
            </section>
            <section class="panel">
                <h2>{ env.tr(t::ASSUMPTION_HEADING) }</h2>
                <div class="wide"><table class="params">
                    <thead><tr>
                        <th>{ env.tr(t::KEY) }</th><th>{ env.tr(t::VALUE) }</th><th>{ env.tr(t::DEFAULT) }</th>
                        <th>{ env.tr(t::RANGE) }</th><th>{ env.tr(t::SOURCE) }</th><th>{ env.tr(t::MEANING) }</th>
                    </tr></thead>
                    <tbody>
                        { for ParamKey::all().map(|key| {
                            let info = key.info();
                            let value = values.get(key);
                            let overridden = scenario.overrides().get(key).is_some();
                            let on_change = {
                                let dispatch = env.dispatch.clone();
                                on_input(move |text| {
                                    let value = if text.trim().is_empty() { None } else { text.trim().parse::<f64>().ok() };
                                    dispatch.emit(Action::SetAssumption(key, value));
                                })
                            };
                            let restore = {
                                let dispatch = env.dispatch.clone();
                                Callback::from(move |_| dispatch.emit(Action::SetAssumption(key, None)))
                            };
                            let source = plan::source_in(info.provenance, l);
                            html! {
                                <tr class={classes!(overridden.then_some("overridden"))} id={format!("param-{key}")}>
                                    <td>{ info.name.get(l) }<div class="small"><code>{ key.to_string() }</code></div></td>
                                    <td>
                                        <input type="number" step="any" min={info.min.to_string()} max={info.max.to_string()}
                                            value={value.to_string()} onchange={on_change}
                                            aria-label={key.label(l)} />
                                        <span class="small">{ info.unit.get(l) }</span>
                                        if overridden {
                                            <span class="badge">{ env.tr(t::OVERRIDDEN) }</span>
                                            <button onclick={restore}>{ env.tr(t::RESTORE) }</button>
                                        }
                                    </td>
                                    <td class="num">{ format::number(info.default, 3) }</td>
                                    <td class="num">{ format!("{} – {}", format::number(info.low, 3), format::number(info.high, 3)) }</td>
                                    <td>{ source }</td>
                                    <td class="small">{ info.rationale.get(l) }{ info.note.map(|n| format!(" — {}", n.get(l))).unwrap_or_default() }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table></div>
            </section>
        </div>
    }
}
