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
use shared::plan::{self, Lang};
use shared::{KpiKey, Money, Projection, Scenario};
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::browser;
use shared::verdict::{Verdict, gap_text, gaps};

mod execution;

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
        uncertainty: Some(shared::uncertainty::chart_run(&scenario)),
        sensitivity: shared::sensitivity(&scenario, KpiKey::EnterprisesTransformed),
        scenario,
        other,
    }
}

/// Reads `#s=…` (and `&b=…`) from the address; the baseline when there is none.
fn scenarios_from_address() -> Result<(Scenario, Option<Scenario>), plan::Words> {
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

/// Which slide is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slide {
    current: usize,
    count: usize,
}

/// A move between slides.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Next,
    Previous,
    First,
    Last,
    /// The number of slides changed (the execution section arrived).
    Count(usize),
}

impl Reducible for Slide {
    type Action = Step;

    fn reduce(self: Rc<Self>, step: Step) -> Rc<Self> {
        if let Step::Count(count) = step {
            let current = self.current.min(count.saturating_sub(1));
            return Rc::new(Slide { current, count });
        }
        let last = self.count.saturating_sub(1);
        let current = match step {
            Step::Next => (self.current + 1).min(last),
            Step::Previous => self.current.saturating_sub(1),
            Step::First => 0,
            Step::Last => last,
            Step::Count(_) => self.current,
        };
        Rc::new(Slide { current, ..*self })
    }
}

/// The presentation.
#[component]
pub fn Presentation() -> Html {
    // The address's `lang=` first, else the remembered choice (browser::saved_lang).
    let lang = browser::saved_lang()
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default();
    // The document's language and title are the slides'.
    use_effect_with(lang, |l| crate::components::set_document_lang(*l));
    let loaded = use_memo((), |_| {
        scenarios_from_address().map(|(s, o)| Rc::new(deck(s, o)))
    });
    let base_count = match &*loaded {
        Ok(deck) if deck.other.is_some() => 6,
        _ => 5,
    };
    let executed = use_state(|| None::<Rc<execution::ExecutionDeck>>);
    let count = base_count
        + executed
            .as_ref()
            .map_or(0, |e| 2 + usize::from(e.replanned_from.is_some()));
    let slide = use_reducer(|| Slide {
        current: 0,
        count: base_count,
    });
    // When signed in and actuals exist: the execution section, once it has been read.
    {
        let (loaded, executed, dispatcher) = (loaded.clone(), executed.clone(), slide.dispatcher());
        use_effect_with((), move |_| {
            if let Ok(deck) = &*loaded {
                let (scenario, other) = (deck.scenario.clone(), deck.other.clone());
                let replan = browser::query().contains("replan");
                yew::platform::spawn_local(async move {
                    if let Some(found) = execution::load(scenario, other, replan).await {
                        let added = 2 + usize::from(found.replanned_from.is_some());
                        executed.set(Some(Rc::new(found)));
                        dispatcher.dispatch(Step::Count(base_count + added));
                    }
                });
            }
            || ()
        });
    }
    {
        let executed = executed.clone();
        use_effect_with((executed, lang), move |(executed, lang)| {
            if let Some(found) = &**executed {
                execution::draw(found, *lang);
            }
            || ()
        });
    }
    {
        let dispatcher = slide.dispatcher();
        browser::use_document_keydown(move |event: KeyboardEvent| {
            // Enter and Space on a focused control (the ‹ › buttons) press it; turning the
            // slide here as well would turn it twice.
            let key = event.key();
            if matches!(key.as_str(), " " | "Enter") && browser::on_control(&event) {
                return;
            }
            let step = match key.as_str() {
                "ArrowRight" | "ArrowDown" | "PageDown" | " " | "Enter" => Step::Next,
                "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" => Step::Previous,
                "Home" => Step::First,
                "End" => Step::Last,
                "f" | "F" => {
                    toggle_fullscreen();
                    return;
                }
                _ => return,
            };
            event.prevent_default();
            dispatcher.dispatch(step);
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
                    <p>{ message.get(lang).to_owned() }</p>
                </div>
            };
        }
    };
    let l = lang;
    let current = slide.current;
    let go = |step: Step| {
        let dispatcher = slide.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(step))
    };
    let slides = vec![
        headline_slide(&deck, l),
        chart_slide(
            zh_en(
                l,
                "资金投向（万元/4年；竖线 = 规划基线）",
                "Where the money goes (CNY million over 4 years; tick = plan baseline)",
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
        trajectory_slide(
            l,
            zh_en(
                l,
                "2017–2020 主要指标累计进度",
                "2017–2020 trajectory of the main indicators",
            ),
            "slide-trajectory-",
        ),
        risk_slide(&deck, l),
    ];
    let mut slides = slides;
    if deck.other.is_some() {
        slides.push(comparison_slide(&deck, l));
    }
    if let Some(found) = &*executed {
        slides.extend(execution::slides(found, &deck.scenario, l));
    }
    html! {
        <div class="present" id="presentation" lang={if l == Lang::Zh { "zh-CN" } else { "en" }}>
            <main class="slides">
            { for slides.into_iter().enumerate().map(|(i, content)| html! {
                <section class={classes!("slide", (i == current).then_some("current"))} id={format!("slide-{}", i + 1)}
                    aria-hidden={(i != current).to_string()} aria-roledescription={zh_en(l, "幻灯片", "slide")}
                    aria-label={format!("{} / {}", i + 1, count)}>
                    { content }
                    <footer class="slide-footer">
                        <span>{ deck.scenario.name_in(l).to_owned() }</span>
                        <span>{ format!("{} / {}", i + 1, count) }</span>
                    </footer>
                </section>
            }) }
            </main>
            <nav class="slide-nav" aria-label={zh_en(l, "翻页", "Slides")}>
                <button id="prev-slide" onclick={go(Step::Previous)} aria-label={zh_en(l, "上一页", "Previous slide")}>{ "‹" }</button>
                <button id="next-slide" onclick={go(Step::Next)} aria-label={zh_en(l, "下一页", "Next slide")}>{ "›" }</button>
                <button id="fullscreen" onclick={Callback::from(|_| toggle_fullscreen())} aria-keyshortcuts="F">{ zh_en(l, "全屏 (F)", "Full screen (F)") }</button>
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

/// A chart canvas's drawing size: `wide` on a screen in landscape; held upright, about
/// the width of the chart's box in pixels — `upright` on a phone, `tablet` on a tablet —
/// so the chart fills its place with text as large as the page's charts instead of a
/// landscape chart shrunk to a strip.
fn canvas_size(wide: (u32, u32), upright: (u32, u32), tablet: (u32, u32)) -> (String, String) {
    let window = web_sys::window();
    let size = |value: Option<Result<wasm_bindgen::JsValue, _>>| {
        value
            .and_then(Result::ok)
            .and_then(|v| v.as_f64())
            .unwrap_or(1280.0)
    };
    let width = size(window.as_ref().map(web_sys::Window::inner_width));
    let height = size(window.as_ref().map(web_sys::Window::inner_height));
    let (w, h) = match (height > width, width < 600.0) {
        (true, true) => upright,
        (true, false) if width < 1000.0 => tablet,
        _ => wide,
    };
    (w.to_string(), h.to_string())
}

fn chart_slide(title: &str, canvas: &str, note: Html) -> Html {
    let (width, height) = canvas_size((1280, 620), (440, 720), (440, 720));
    html! {
        <>
            <h1>{ title.to_owned() }</h1>
            { note }
            <canvas id={canvas.to_owned()} class="slide-chart" {width} {height} role="img" aria-label={title.to_owned()}></canvas>
        </>
    }
}

fn headline_slide(deck: &Deck, l: Lang) -> Html {
    let gap = gap_text(&gaps(&deck.projection.envelope), l);
    html! {
        <>
            <h1>{ format!("{} · {}", deck.scenario.name_in(l), zh_en(l, "总体目标", "Headline targets")) }</h1>
            if !deck.projection.feasible {
                <p class="slide-note slide-warning" id="slide-infeasible">
                    { format!("{}{}{} — {}", Verdict::Infeasible.label(l), zh_en(l, "：", ": "), gap,
                        zh_en(l, "每年支出恰好等于预算之前，任何目标都不算达成", "until every year spends exactly its envelope, no target counts as met")) }
                </p>
            }
            <div class="slide-tiles">
                { for shared::projection::headlines(&deck.projection, &deck.baseline).into_iter().map(|h| {
                    let class = match h.verdict {
                        Verdict::Met => "met",
                        Verdict::Missed => "missed",
                        _ => "infeasible",
                    };
                    html! {
                        <div class={classes!("slide-tile", class)}>
                            <div class="slide-tile-name">{ h.name.get(l) }</div>
                            <div class="slide-tile-value">{ format::quantity(h.value, h.unit, l) }</div>
                            <div class="slide-tile-target">
                                { format!("{} {} ", zh_en(l, "目标", "Target"), h.target.map(|t| format::quantity(t, h.unit, l)).unwrap_or_default()) }
                                <strong>{ format!("{} {}", h.verdict.mark(), h.verdict.label(l)) }</strong>
                            </div>
                            <div class="slide-tile-delta">{ format!("{} {}", zh_en(l, "较基线", "vs baseline"), format::change(h.value - h.reference_value, h.unit, l)) }</div>
                        </div>
                    }
                }) }
            </div>
        </>
    }
}

/// The main indicators' charts under `title`, on canvases `{prefix}0` to `{prefix}3`.
fn trajectory_slide(l: Lang, title: &str, prefix: &str) -> Html {
    // Upright, the four charts stack in a quarter of the screen each: drawn wide and low
    // at about the phone's width, so their text is not scaled down to a few pixels.
    let (width, height) = canvas_size((760, 300), (440, 160), (440, 340));
    html! {
        <>
            <h1>{ title.to_owned() }</h1>
            <div class="slide-grid">
                { for MAIN.iter().enumerate().map(|(i, (programme, indicator))| {
                    let name = plan::indicator_index(*programme, *indicator)
                        .map(|slot| plan::INDICATORS[slot].name.get(l))
                        .unwrap_or_default();
                    html! {
                        <figure>
                            <figcaption>{ name }</figcaption>
                            <canvas id={format!("{prefix}{i}")} class="slide-chart" width={width.clone()} height={height.clone()} role="img" aria-label={name}></canvas>
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
            format::number(f64::from(u.draws), 0),
            zh_en(l, "次蒙特卡洛模拟", "Monte Carlo draws"),
            zh_en(l, "成本系数、自发份额与饱和倍数按三角分布抽样", "cost multipliers, autonomous shares and saturation drawn from triangular distributions")
        )
    });
    let (width, height) = canvas_size((760, 620), (440, 380), (440, 380));
    html! {
        <>
            <h1>{ zh_en(l, "风险：达标概率与关键假设", "Risk: the chance of meeting each target, and the assumptions that matter") }</h1>
            <p class="slide-note">{ note.unwrap_or_default() }</p>
            <div class="slide-grid two charts">
                <figure>
                    <figcaption>{ zh_en(l, "达标概率", "Probability of meeting the target") }</figcaption>
                    <canvas id="slide-probabilities" class="slide-chart" width={width.clone()} height={height.clone()} role="img"
                        aria-label={zh_en(l, "达标概率", "Probability of meeting the target")}></canvas>
                </figure>
                <figure>
                    <figcaption>{ zh_en(l, "敏感性：转型企业数", "Sensitivity: enterprises transformed") }</figcaption>
                    <canvas id="slide-tornado" class="slide-chart" {width} {height} role="img"
                        aria-label={zh_en(l, "敏感性：转型企业数", "Sensitivity: enterprises transformed")}></canvas>
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
    // What fits one slide: losses first, then gains, then the largest movements; the
    // rest is counted, not hidden.
    let changes = comparison.verdict_changes();
    let lost = changes.iter().filter(|c| c.lost()).count();
    let first = |wanted: fn(&shared::compare::TargetChange) -> bool, most: usize| -> Vec<_> {
        changes
            .iter()
            .filter(|c| wanted(c))
            .take(most)
            .cloned()
            .collect()
    };
    let shown_losses = first(shared::compare::TargetChange::lost, 8);
    let shown_gains = first(shared::compare::TargetChange::gained, 2);
    let hidden = changes.len() - shown_losses.len() - shown_gains.len();
    let movements = comparison.largest_movements(3);
    let target_row = |row: &shared::compare::TargetChange| {
        let class = if row.lost() {
            "lost"
        } else if row.gained() {
            "gained"
        } else if row.b >= row.a {
            "up"
        } else {
            "down"
        };
        let mark = if row.lost() {
            zh_en(l, "✗ 失去", "✗ lost")
        } else if row.gained() {
            zh_en(l, "✓ 达成", "✓ now met")
        } else {
            ""
        };
        html! {
            <tr class={class} data-key={row.key.clone()}>
                <td>{ row.name.get(l) }</td>
                <td class="num">{ format::quantity(row.b, row.unit, l) }</td>
                <td class="num">{ format::change(row.b - row.a, row.unit, l) }</td>
                <td class="verdict">{ mark }</td>
            </tr>
        }
    };
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
            <h1>{
                if other.name_in(l) == deck.scenario.name_in(l) {
                    format!("{} · {}", deck.scenario.name_in(l), zh_en(l, "调整前 → 调整后", "before → after"))
                } else {
                    format!("{} → {}", other.name_in(l), deck.scenario.name_in(l))
                }
            }</h1>
            if lost > 0 {
                <p class="slide-note slide-warning" id="slide-lost-count">{ format!("{} {lost} {}",
                    zh_en(l, "此调整使", "This change loses"), zh_en(l, "项原已达成的目标落空", "targets that were met")) }</p>
            }
            <div class="slide-grid two">
                <div>
                    <h2>{ zh_en(l, "改变了什么（4年资金）", "What changed (money over 4 years)") }</h2>
                    <table class="slide-table">
                        { for moves.iter().take(8).map(|row| html! {
                            <tr><td>{ plan::programme(row.programme).short_name.get(l) }</td>
                                <td class="num">{ format::signed_wan(row.total_delta, l) }</td></tr>
                        }) }
                    </table>
                </div>
                <div>
                    <h2>{ zh_en(l, "得与失", "What it gains and loses") }</h2>
                    <table class="slide-table" id="slide-gains-losses">
                        if changes.is_empty() {
                            <tr><td colspan="4">{ zh_en(l, "各项目标达标情况不变", "No target changes its verdict") }</td></tr>
                        }
                        { for shown_losses.iter().map(target_row) }
                        { for shown_gains.iter().map(target_row) }
                        if hidden > 0 {
                            <tr class="more"><td colspan="4">{ format!("{} {hidden} {}", zh_en(l, "另有", "and"),
                                zh_en(l, "项目标的达标情况也有变化", "more targets change their verdict")) }</td></tr>
                        }
                        { for movements.iter().map(target_row) }
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
