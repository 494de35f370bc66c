//! Presentation mode: one scenario, or a comparison of two, as full-screen slides for a
//! meeting room. Its address carries the scenarios themselves (`?present#s=…&b=…`), so
//! a link opens the same slides anywhere. Arrow keys, Page Up/Down, Space and a clicker
//! move between slides; F toggles full screen; printing gives one slide per landscape
//! page.

use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use shared::charts;
use shared::format;
use shared::ids::{IndicatorId, ProgrammeId};
use shared::plan::{self, Lang, Unit};
use shared::{KpiKey, Money, Projection, Scenario};
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::browser;

/// Draws of the risk slide's Monte Carlo run, and its seed.
const DRAWS: u64 = 2_000;
const SEED: u64 = 1;

/// The indicators of the trajectory slide.
const MAIN: [(ProgrammeId, IndicatorId); 4] = [
    (ProgrammeId::EquipmentUpgrade, IndicatorId::Enterprises),
    (ProgrammeId::TechEnterprise, IndicatorId::Enterprises),
    (ProgrammeId::SpecialisedProducts, IndicatorId::Products),
    (ProgrammeId::BuildingUpgrade, IndicatorId::FloorArea),
];

fn zh_en(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// What the slides show, computed once.
struct Deck {
    scenario: Scenario,
    other: Option<Scenario>,
    projection: Projection,
    baseline: Projection,
    uncertainty: Option<shared::Uncertainty>,
    sensitivity: shared::Sensitivity,
}

impl PartialEq for Deck {
    fn eq(&self, other: &Deck) -> bool {
        self.scenario == other.scenario && self.other == other.other
    }
}

fn deck(scenario: Scenario, other: Option<Scenario>) -> Deck {
    Deck {
        projection: shared::project(&scenario),
        baseline: shared::project(&Scenario::baseline()),
        uncertainty: shared::monte_carlo(&scenario, DRAWS, SEED).ok(),
        sensitivity: shared::sensitivity(&scenario, KpiKey::EnterprisesTransformed),
        scenario,
        other,
    }
}

/// Reads `#s=…` (and `&b=…`) from the address; the baseline when there is none.
fn scenarios_from_address() -> Result<(Scenario, Option<Scenario>), String> {
    let hash = browser::location_hash();
    let mut parts = hash.trim_start_matches('#').split('&');
    let first = parts.next().unwrap_or_default();
    let scenario = match browser::scenario_from_fragment(&format!("#{first}")) {
        Some(result) => result?,
        None => Scenario::baseline(),
    };
    let other = parts
        .find_map(|part| part.strip_prefix("b="))
        .and_then(|encoded| browser::scenario_from_fragment(&format!("#s={encoded}")))
        .transpose()?;
    Ok((scenario, other))
}

/// The address of the slides for a scenario (and what it is compared with).
pub fn link(scenario: &Scenario, other: Option<&Scenario>) -> String {
    let mut fragment = browser::share_fragment(scenario);
    if let Some(other) = other {
        let b = browser::share_fragment(other);
        fragment.push_str("&b=");
        fragment.push_str(b.trim_start_matches("#s="));
    }
    format!("?present{fragment}")
}

fn toggle_fullscreen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    } else if let Some(root) = document.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// The presentation.
#[component]
pub fn Presentation() -> Html {
    let lang = browser::saved_lang()
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default();
    let lang = if browser::query().contains("lang=en") {
        Lang::En
    } else if browser::query().contains("lang=zh") {
        Lang::Zh
    } else {
        lang
    };
    let loaded = use_memo((), |_| {
        scenarios_from_address().map(|(s, o)| Rc::new(deck(s, o)))
    });
    let slide = use_state(|| 0usize);
    let count = match &*loaded {
        Ok(deck) if deck.other.is_some() => 6,
        _ => 5,
    };
    {
        let slide = slide.clone();
        use_effect_with(count, move |count| {
            let count = *count;
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                let current = *slide;
                let next = match event.key().as_str() {
                    "ArrowRight" | "ArrowDown" | "PageDown" | " " | "Enter" => {
                        (current + 1).min(count - 1)
                    }
                    "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" => current.saturating_sub(1),
                    "Home" => 0,
                    "End" => count - 1,
                    "f" | "F" => {
                        toggle_fullscreen();
                        return;
                    }
                    _ => return,
                };
                event.prevent_default();
                slide.set(next);
            });
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(document) = &document {
                let _ = document
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(document) = document {
                    let _ = document.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    // Every chart of every slide is drawn, so printing gets them all.
    {
        let loaded = loaded.clone();
        use_effect_with(lang, move |lang| {
            if let Ok(deck) = &*loaded {
                draw(deck, *lang);
            }
            || ()
        });
    }
    let deck = match &*loaded {
        Ok(deck) => deck.clone(),
        Err(message) => {
            return html! {
                <div class="present error-page" role="alert">
                    <h1>{ zh_en(lang, "无法打开演示", "The presentation cannot be opened") }</h1>
                    <p>{ message.clone() }</p>
                </div>
            };
        }
    };
    let l = lang;
    let current = *slide;
    let go = |delta: isize| {
        let slide = slide.clone();
        Callback::from(move |_| {
            let next = (*slide as isize + delta).clamp(0, count as isize - 1) as usize;
            slide.set(next);
        })
    };
    let slides = vec![
        headline_slide(&deck, l),
        chart_slide(
            zh_en(
                l,
                "资金投向（万元/4年；竖线 = 规划基线）",
                "Where the money goes (万元 over 4 years; tick = plan baseline)",
            ),
            "slide-shift",
            money_note(&deck, l),
        ),
        chart_slide(
            zh_en(
                l,
                "各项目目标达成率（目标 = 100%）",
                "Attainment by programme (target = 100%)",
            ),
            "slide-attainment",
            Html::default(),
        ),
        trajectory_slide(l),
        risk_slide(&deck, l),
    ];
    let slides = if deck.other.is_some() {
        let mut slides = slides;
        slides.push(comparison_slide(&deck, l));
        slides
    } else {
        slides
    };
    html! {
        <div class="present" id="presentation" lang={if l == Lang::Zh { "zh-CN" } else { "en" }}>
            { for slides.into_iter().enumerate().map(|(i, content)| html! {
                <section class={classes!("slide", (i == current).then_some("current"))} id={format!("slide-{}", i + 1)}
                    aria-hidden={(i != current).to_string()} aria-roledescription="slide"
                    aria-label={format!("{} / {}", i + 1, count)}>
                    { content }
                    <footer class="slide-footer">
                        <span>{ deck.scenario.name().to_owned() }</span>
                        <span>{ format!("{} / {}", i + 1, count) }</span>
                    </footer>
                </section>
            }) }
            <nav class="slide-nav" aria-label={zh_en(l, "翻页", "Slides")}>
                <button id="prev-slide" onclick={go(-1)} aria-label={zh_en(l, "上一页", "Previous slide")}>{ "‹" }</button>
                <button id="next-slide" onclick={go(1)} aria-label={zh_en(l, "下一页", "Next slide")}>{ "›" }</button>
                <button id="fullscreen" onclick={Callback::from(|_| toggle_fullscreen())}>{ zh_en(l, "全屏 (F)", "Full screen (F)") }</button>
            </nav>
        </div>
    }
}

fn money_note(deck: &Deck, l: Lang) -> Html {
    let envelope = deck.scenario.envelope();
    let text = if deck.scenario.envelope_override().is_some() {
        format!(
            "{} {} · {} {}",
            zh_en(l, "年度资金", "Annual envelope"),
            format::yi(envelope, l),
            zh_en(l, "规划值", "plan"),
            format::yi(plan::annual_envelope(), l)
        )
    } else {
        format!(
            "{} {}",
            zh_en(l, "年度资金", "Annual envelope"),
            format::yi(envelope, l)
        )
    };
    html! { <p class="slide-note">{ text }</p> }
}

fn chart_slide(title: &str, canvas: &str, note: Html) -> Html {
    html! {
        <>
            <h1>{ title.to_owned() }</h1>
            { note }
            <canvas id={canvas.to_owned()} class="slide-chart" width="1280" height="620" role="img" aria-label={title.to_owned()}></canvas>
        </>
    }
}

struct Headline {
    name: String,
    now: f64,
    base: f64,
    target: Option<f64>,
    unit: Unit,
}

fn headlines(projection: &Projection, baseline: &Projection, l: Lang) -> Vec<Headline> {
    let k = &projection.kpis;
    let b = &baseline.kpis;
    let mut rows = vec![
        Headline {
            name: plan::KPIS[0].name.get(l).to_owned(),
            now: k.enterprises_transformed.result,
            base: b.enterprises_transformed.result,
            target: Some(plan::KPIS[0].target),
            unit: plan::KPIS[0].unit,
        },
        Headline {
            name: plan::KPIS[1].name.get(l).to_owned(),
            now: k.profit_tax_growth.result,
            base: b.profit_tax_growth.result,
            target: Some(plan::KPIS[1].target),
            unit: plan::KPIS[1].unit,
        },
        Headline {
            name: plan::KPIS[2].name.get(l).to_owned(),
            now: k.employment_growth.result,
            base: b.employment_growth.result,
            target: Some(plan::KPIS[2].target),
            unit: plan::KPIS[2].unit,
        },
    ];
    for (programme, indicator) in [
        (ProgrammeId::ParkUpgrade, IndicatorId::ParkTax),
        (ProgrammeId::BuildingUpgrade, IndicatorId::FloorArea),
        (ProgrammeId::ParkUpgrade, IndicatorId::IdleLand),
        (ProgrammeId::DemoBases, IndicatorId::Bases),
    ] {
        if let Some(slot) = plan::indicator_index(programme, indicator) {
            let def = &plan::INDICATORS[slot];
            rows.push(Headline {
                name: def.name.get(l).to_owned(),
                now: projection.indicators[slot].result,
                base: baseline.indicators[slot].result,
                target: def.target,
                unit: def.unit,
            });
        }
    }
    rows
}

fn delta_text(delta: f64, unit: Unit, l: Lang) -> String {
    if unit == Unit::Share {
        format!("{:+.1} pt", delta * 100.0)
    } else if delta.abs() < 0.05 {
        "±0".to_owned()
    } else if delta > 0.0 {
        format!("+{}", format::quantity(delta, unit, l))
    } else {
        format::quantity(delta, unit, l)
    }
}

fn headline_slide(deck: &Deck, l: Lang) -> Html {
    html! {
        <>
            <h1>{ format!("{} · {}", deck.scenario.name(), zh_en(l, "总体目标", "Headline targets")) }</h1>
            <div class="slide-tiles">
                { for headlines(&deck.projection, &deck.baseline, l).into_iter().map(|h| {
                    let met = h.target.is_none_or(|t| h.now >= t * (1.0 - 1e-9));
                    html! {
                        <div class={classes!("slide-tile", if met { "met" } else { "missed" })}>
                            <div class="slide-tile-name">{ h.name }</div>
                            <div class="slide-tile-value">{ format::quantity(h.now, h.unit, l) }</div>
                            <div class="slide-tile-target">
                                { format!("{} {} ", zh_en(l, "目标", "Target"), h.target.map(|t| format::quantity(t, h.unit, l)).unwrap_or_default()) }
                                <strong>{ if met { zh_en(l, "✓ 达成", "✓ met") } else { zh_en(l, "✗ 未达成", "✗ missed") } }</strong>
                            </div>
                            <div class="slide-tile-delta">{ format!("{} {}", zh_en(l, "较基线", "vs baseline"), delta_text(h.now - h.base, h.unit, l)) }</div>
                        </div>
                    }
                }) }
            </div>
        </>
    }
}

fn trajectory_slide(l: Lang) -> Html {
    html! {
        <>
            <h1>{ zh_en(l, "2017–2020 主要指标累计进度", "2017–2020 trajectory of the main indicators") }</h1>
            <div class="slide-grid">
                { for MAIN.iter().enumerate().map(|(i, (programme, indicator))| {
                    let name = plan::indicator_index(*programme, *indicator)
                        .map(|slot| plan::INDICATORS[slot].name.get(l))
                        .unwrap_or_default();
                    html! {
                        <figure>
                            <figcaption>{ name }</figcaption>
                            <canvas id={format!("slide-trajectory-{i}")} class="slide-chart" width="760" height="300" role="img" aria-label={name}></canvas>
                        </figure>
                    }
                }) }
            </div>
        </>
    }
}

fn risk_slide(deck: &Deck, l: Lang) -> Html {
    let note = deck.uncertainty.as_ref().map(|u| {
        format!(
            "{} {} · {}",
            u.draws,
            zh_en(l, "次蒙特卡洛模拟", "Monte Carlo draws"),
            zh_en(l, "成本系数、自发份额与饱和倍数按三角分布抽样", "cost multipliers, autonomous shares and saturation drawn from triangular distributions")
        )
    });
    html! {
        <>
            <h1>{ zh_en(l, "风险：达标概率与关键假设", "Risk: the chance of meeting each target, and the assumptions that matter") }</h1>
            <p class="slide-note">{ note.unwrap_or_default() }</p>
            <div class="slide-grid two">
                <figure>
                    <figcaption>{ zh_en(l, "达标概率", "Probability of meeting the target") }</figcaption>
                    <canvas id="slide-probabilities" class="slide-chart" width="760" height="620" role="img"></canvas>
                </figure>
                <figure>
                    <figcaption>{ zh_en(l, "敏感性：转型企业数", "Sensitivity: enterprises transformed") }</figcaption>
                    <canvas id="slide-tornado" class="slide-chart" width="760" height="620" role="img"></canvas>
                </figure>
            </div>
        </>
    }
}

fn comparison_slide(deck: &Deck, l: Lang) -> Html {
    let Some(other) = &deck.other else {
        return Html::default();
    };
    let comparison = shared::compare(other, &deck.scenario);
    let mut moves: Vec<_> = comparison
        .allocations
        .iter()
        .filter(|row| row.total_delta != Money::ZERO)
        .collect();
    moves.sort_by(|a, b| {
        b.total_delta
            .as_decimal()
            .abs()
            .cmp(&a.total_delta.as_decimal().abs())
    });
    html! {
        <>
            <h1>{ format!("{} → {}", other.name(), deck.scenario.name()) }</h1>
            <div class="slide-grid two">
                <div>
                    <h2>{ zh_en(l, "改变了什么（4年资金）", "What changed (money over 4 years)") }</h2>
                    <table class="slide-table">
                        { for moves.iter().take(8).map(|row| html! {
                            <tr><td>{ plan::programme(row.programme).short_name.get(l) }</td>
                                <td class="num">{ if row.total_delta > Money::ZERO { format!("+{}", format::wan(row.total_delta, l)) } else { format::wan(row.total_delta, l) } }</td></tr>
                        }) }
                    </table>
                </div>
                <div>
                    <h2>{ zh_en(l, "换来了什么", "What it buys") }</h2>
                    <table class="slide-table">
                        { for comparison.kpis.iter().zip(plan::KPIS.iter()).map(|(row, def)| html! {
                            <tr><td>{ def.name.get(l) }</td>
                                <td class="num">{ format::quantity(row.b, def.unit, l) }</td>
                                <td class="num">{ delta_text(row.delta, def.unit, l) }</td></tr>
                        }) }
                    </table>
                </div>
            </div>
        </>
    }
}

fn draw(deck: &Deck, l: Lang) {
    let area = |id: &str| CanvasBackend::new(id).map(IntoDrawingArea::into_drawing_area);
    if let Some(a) = area("slide-shift") {
        charts::allocation_against_baseline(&a, &deck.projection, &deck.baseline, l);
    }
    if let Some(a) = area("slide-attainment") {
        charts::attainment(&a, &deck.projection, l);
    }
    for (i, (programme, indicator)) in MAIN.iter().enumerate() {
        if let (Some(a), Some(slot)) = (
            area(&format!("slide-trajectory-{i}")),
            plan::indicator_index(*programme, *indicator),
        ) {
            charts::indicator_trajectory(
                &a,
                &deck.projection,
                &deck.baseline,
                slot,
                deck.uncertainty.as_ref(),
                l,
            );
        }
    }
    if let (Some(a), Some(u)) = (area("slide-probabilities"), &deck.uncertainty) {
        charts::target_probabilities(&a, u, l);
    }
    if let Some(a) = area("slide-tornado") {
        charts::sensitivity_tornado(&a, &deck.sensitivity, 10, l);
    }
}
