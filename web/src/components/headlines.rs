//! Headline tiles — the three KPIs and the carrier targets of §2(3) — and, while the
//! scenario over- or underspends, the one verdict that no target is met yet.

use shared::Projection;
use shared::format;
use shared::plan::{self, Provenance};
use shared::projection::headlines;
use shared::verdict::{Verdict, gap_text, gaps};
use yew::prelude::*;

use super::Env;
use crate::i18n as t;
use crate::state::Action;

/// The mark and word of a verdict: `✓ 达成`, `✗ 未达成`, `! 预算未平衡`.
pub fn verdict_mark(verdict: Verdict, lang: shared::Lang) -> String {
    format!("{} {}", verdict.mark(), verdict.label(lang))
}

/// Headline tiles, each against its target and the baseline.
pub fn headline_tiles(env: &Env, p: &Projection, baseline: &Projection) -> Html {
    let l = env.lang;
    let tiles = headlines(p, baseline);
    let gap = gap_text(&gaps(&p.envelope), l);
    html! {
        <>
        if !p.feasible {
            <div class="verdict-banner" id="verdict" role="alert">
                <strong>{ format!("{}{}", env.tr(t::NOT_FEASIBLE), if l == shared::Lang::Zh { "：" } else { ": " }) }</strong>
                <span id="verdict-gap">{ gap }</span>
                <span class="why">{ env.tr(t::NOT_FEASIBLE_WHY) }</span>
                <button id="fit-envelope-banner" class="primary" onclick={env.on_click(Action::FitEnvelope)}>{ env.tr(t::FIT_ENVELOPE) }</button>
            </div>
        }
        <section class="headlines" aria-label={env.tr(t::HEADLINES)}>
            { for tiles.into_iter().map(|h| {
                let delta_text = format::change(h.value - h.reference_value, h.unit, l);
                let class = match h.verdict {
                    Verdict::Met => "met",
                    Verdict::Missed => "missed",
                    Verdict::Infeasible => "infeasible",
                    Verdict::NoTarget => "no-target",
                };
                html! {
                    <div class={classes!("tile", class)} id={format!("kpi-{}", h.key)}>
                        <div class="tile-name">{ h.name.get(l) }</div>
                        <div class="tile-value">{ format::quantity(h.value, h.unit, l) }</div>
                        <div class="tile-target">
                            { format!("{} {} ", env.tr(t::TARGET), h.target.map(|t| format::quantity(t, h.unit, l)).unwrap_or_default()) }
                            <span class="mark">{ verdict_mark(h.verdict, l) }</span>
                        </div>
                        <div class="tile-delta">
                            { format!("{} {}", env.tr(t::VS_BASELINE), delta_text) }
                            <span class="source" title={plan::source_in(Provenance::Plan { reference: h.source }, l)}>{ format!(" · {}", plan::source_in(Provenance::Plan { reference: h.source }, l)) }</span>
                        </div>
                    </div>
                }
            }) }
        </section>
        </>
    }
}
