//! The envelope of every year against its total, with surplus or deficit in words,
//! the free-edit switch and the one-step fit to the envelope.

use shared::format;
use shared::plan;
use shared::{Money, Projection};
use yew::prelude::*;

use super::Env;
use crate::i18n as t;
use crate::state::Action;

/// Every year's envelope, the edit mode and 按比例调整.
pub fn envelope_bar(env: &Env, projection: &Projection, free_edit: bool) -> Html {
    let l = env.lang;
    let overridden = projection
        .plan_overrides
        .iter()
        .find(|o| o.key == "envelope")
        .and_then(|o| o.scenario.amount());
    let toggle_free = env.on_toggle(Action::SetFreeEdit);
    html! {
        <section class="envelope" id="envelope" aria-label={env.tr(t::ENVELOPE)}>
            <div class="envelope-years">
            { for projection.envelope.iter().map(|year| {
                let total = year.total.to_f64_lossy().max(1.0);
                let share = (year.allocated.to_f64_lossy() / total * 100.0).clamp(0.0, 100.0);
                let state = if year.unallocated > Money::ZERO {
                    format!("{} {}", env.tr(t::SURPLUS), format::wan(year.unallocated, l))
                } else if year.unallocated < Money::ZERO {
                    format!("{} {}", env.tr(t::DEFICIT), format::wan(-year.unallocated, l))
                } else {
                    env.tr(t::BALANCED).to_owned()
                };
                let class = if year.unallocated == Money::ZERO { "ok" } else { "off" };
                html! {
                    <div class={classes!("envelope-year", class)} id={format!("envelope-{}", year.year)}>
                        <div class="envelope-label">
                            <strong>{ year.year.to_string() }</strong>
                            { format!(" {} {} / {}", env.tr(t::ALLOCATED), format::yi(year.allocated, l), format::yi(year.total, l)) }
                        </div>
                        <div class="meter" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{share:.1}")}
                            aria-label={format!("{} {}", year.year, env.tr(t::ALLOCATED))}>
                            <div class="fill" style={format!("width:{share:.2}%")}></div>
                        </div>
                        <div class="envelope-state">{ state }</div>
                    </div>
                }
            }) }
            </div>
            <div class="edit-mode">
                <label class="switch" title={env.tr(t::FREE_EDIT_HELP)}>
                    <input type="checkbox" id="free-edit" checked={free_edit} onchange={toggle_free} />
                    { env.tr(t::FREE_EDIT) }
                </label>
                <span class="small">{ env.tr(if free_edit { t::FREE_EDIT_HELP } else { t::REBALANCE_HELP }) }</span>
                <button id="fit-envelope" disabled={projection.feasible} onclick={env.on_click(Action::FitEnvelope)}
                    title={env.tr(t::FIT_ENVELOPE_HELP)}>{ env.tr(t::FIT_ENVELOPE) }</button>
            </div>
            if !projection.assumption_overrides.is_empty() {
                <div class="override-note" id="assumption-overrides">
                    { format!("{}: {}", env.tr(t::OVERRIDDEN), projection.assumption_overrides.iter()
                        .map(|o| format!("{} = {} ({} {})", o.key.info().name.get(l), format::number(o.value, 3), env.tr(t::DEFAULT), format::number(o.default, 3)))
                        .collect::<Vec<_>>().join("; ")) }
                </div>
            }
            if let Some(envelope) = overridden {
                <div class="override-note">{ format!("{}: {} ≠ {}", env.tr(t::PLAN_OVERRIDE), format::yi(envelope, l), format::yi(plan::annual_envelope(), l)) }</div>
            }
        </section>
    }
}
