//! The page: header, explorer, charts, optimiser, assumptions, comparison, explanation.

use std::rc::Rc;

use shared::format;
use shared::ids::{ProgrammeId, Year};
use shared::params::ParamKey;
use shared::plan::{self, INDICATORS, Lang, PATHS, Provenance};
use shared::{Money, Objective, Projection, Scenario};
use wasm_bindgen::JsCast as _;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::browser;
use crate::i18n as t;
use crate::state::{Action, Notice, Workspace, YearMode};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use shared::charts;

/// Slider step: 100,000 CNY (10万元).
const STEP: i64 = 100_000;
/// Page Up / Page Down step: 1,000,000 CNY (100万元).
const PAGE_STEP: i64 = 1_000_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Explorer,
    Assumptions,
    Compare,
}

fn tr(text: plan::Text, lang: Lang) -> &'static str {
    text.get(lang)
}

/// Parses an amount typed in 万元 into whole yuan; `None` for anything else.
fn money_from_wan(text: &str) -> Option<Money> {
    let wan = Money::parse(text).ok()?;
    let yuan = wan.mul_ratio(Money::WAN, Money::yuan(1)).floor_yuan();
    (!yuan.is_negative()).then_some(yuan)
}

/// The root component.
#[component]
pub fn App() -> Html {
    let initial_lang = browser::saved_lang()
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default();
    let lang = use_state(|| initial_lang);
    let tab = use_state(|| Tab::Explorer);
    let draft_offer = use_state(|| None::<Scenario>);
    let workspace = use_reducer(Workspace::default);
    let explain = use_state(|| None::<ProgrammeId>);
    let server_copy = use_state(|| None::<crate::saved::ServerCopy>);
    let started = use_state(|| false);

    // First render: open a shared scenario from the link, or offer a kept draft.
    {
        let workspace = workspace.clone();
        let draft_offer = draft_offer.clone();
        let started = started.clone();
        use_effect_with((), move |_| {
            let hash = browser::location_hash();
            match browser::scenario_from_fragment(&hash) {
                Some(Ok(scenario)) => {
                    let name = scenario.name().to_owned();
                    workspace.dispatch(Action::Load(Box::new(scenario), name));
                }
                Some(Err(message)) => {
                    workspace.dispatch(Action::Notify(Notice::Refused(format!(
                        "share link not opened: {message}"
                    ))));
                }
                None => {
                    if let Some(draft) = browser::draft()
                        && draft != Scenario::baseline()
                    {
                        draft_offer.set(Some(draft));
                    }
                }
            }
            started.set(true);
            // First render committed and handlers attached: the page is interactive.
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("planner-interactive");
            }
            || ()
        });
    }

    // Keep every change as the local draft, so nothing is lost if the page closes.
    {
        let scenario = workspace.current.scenario.clone();
        let started = *started;
        let offering = draft_offer.is_some();
        use_effect_with(
            (scenario, started, offering),
            move |(scenario, started, offering)| {
                if *started && !*offering && *scenario != Scenario::baseline() {
                    browser::save_draft(scenario);
                }
                || ()
            },
        );
    }

    // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) anywhere but in a text field.
    {
        let dispatcher = workspace.dispatcher();
        browser::use_document_keydown(move |event: KeyboardEvent| {
            if !(event.ctrl_key() || event.meta_key()) {
                return;
            }
            let typing = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .is_some_and(|input| input.type_() == "text");
            if typing {
                return;
            }
            let action = match event.key().to_lowercase().as_str() {
                "z" if event.shift_key() => Action::Redo,
                "z" => Action::Undo,
                "y" => Action::Redo,
                _ => return,
            };
            event.prevent_default();
            dispatcher.dispatch(action);
        });
    }

    let l = *lang;
    crate::latency::mark("planner-render");
    let projection = Rc::new(shared::project(workspace.scenario()));
    let baseline = use_memo((), |_| shared::project(&Scenario::baseline()));

    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = if *lang == Lang::Zh {
                Lang::En
            } else {
                Lang::Zh
            };
            browser::save_lang(if next == Lang::Zh { "zh" } else { "en" });
            lang.set(next);
        })
    };
    // Stable callbacks (same identity every render), so unchanged rows skip rendering.
    let dispatch = use_callback(workspace.dispatcher(), |action: Action, dispatcher| {
        dispatcher.dispatch(action)
    });
    let on_explain = use_callback(explain.setter(), |id: Option<ProgrammeId>, setter| {
        setter.set(id)
    });
    let tab_button = |which: Tab, label: plan::Text| {
        let tab = tab.clone();
        let selected = *tab == which;
        html! {
            <button role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))}
                onclick={Callback::from(move |_| tab.set(which))}>{ tr(label, l) }</button>
        }
    };

    html! {
        <div class="app" lang={if l == Lang::Zh { "zh-CN" } else { "en" }}>
            <header class="top">
                <h1>{ tr(t::TITLE, l) }</h1>
                <nav role="tablist" aria-label="views">
                    { tab_button(Tab::Explorer, t::EXPLORER) }
                    { tab_button(Tab::Assumptions, t::ASSUMPTIONS) }
                    { tab_button(Tab::Compare, t::COMPARE) }
                </nav>
                <button id="lang-switch" class="lang" aria-label={tr(t::LANGUAGE_LABEL, l)} onclick={toggle_lang}>{ tr(t::LANGUAGE, l) }</button>
            </header>
            if let Some(draft) = (*draft_offer).clone() {
                <DraftOffer {draft} lang={l} dispatch={dispatch.clone()} offer={draft_offer.clone()} />
            }
            <Toolbar workspace={workspace.clone()} lang={l} dispatch={dispatch.clone()} />
            <NoticeBar notice={workspace.notice.clone()} lang={l} dispatch={dispatch.clone()} />
            <Headlines projection={projection.clone()} baseline={baseline.clone()} lang={l} />
            {
                match *tab {
                    Tab::Explorer => html! {
                        <>
                            <EnvelopeBar projection={projection.clone()} lang={l} />
                            <main class="explorer">
                                <section class="programmes" aria-label={tr(t::EXPLORER, l)}>
                                    <YearPicker mode={workspace.year_mode} lang={l} dispatch={dispatch.clone()} />
                                    <Programmes workspace={workspace.clone()} projection={projection.clone()} lang={l}
                                        dispatch={dispatch.clone()} on_explain={on_explain.clone()} />
                                </section>
                                <aside class="side">
                                    <crate::saved::Saved scenario={workspace.current.scenario.clone()} lang={l}
                                        dispatch={dispatch.clone()} copy={server_copy.clone()} />
                                    <Optimiser workspace={workspace.clone()} lang={l} dispatch={dispatch.clone()} />
                                    <Charts scenario={workspace.current.scenario.clone()} projection={projection.clone()}
                                        baseline={baseline.clone()} lang={l} />
                                </aside>
                            </main>
                        </>
                    },
                    Tab::Assumptions => html! {
                        <Assumptions scenario={workspace.current.scenario.clone()} lang={l} dispatch={dispatch.clone()} />
                    },
                    Tab::Compare => html! {
                        <Compare scenario={workspace.current.scenario.clone()} lang={l} />
                    },
                }
            }
            if let Some(id) = *explain {
                <Explain scenario={workspace.current.scenario.clone()} programme={id} lang={l} on_close={on_explain.clone()} />
            }
            <footer>{ tr(t::OFFLINE_NOTE, l) }</footer>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DraftOfferProps {
    draft: Scenario,
    lang: Lang,
    dispatch: Callback<Action>,
    offer: UseStateHandle<Option<Scenario>>,
}

#[component]
fn DraftOffer(props: &DraftOfferProps) -> Html {
    let l = props.lang;
    let restore = {
        let (draft, dispatch, offer) = (
            props.draft.clone(),
            props.dispatch.clone(),
            props.offer.clone(),
        );
        Callback::from(move |_| {
            dispatch.emit(Action::Load(
                Box::new(draft.clone()),
                draft.name().to_owned(),
            ));
            offer.set(None);
        })
    };
    let discard = {
        let offer = props.offer.clone();
        Callback::from(move |_| {
            browser::clear_draft();
            offer.set(None);
        })
    };
    html! {
        <div class="banner" role="alert" id="draft-offer">
            <span>{ format!("{}: {}", tr(t::DRAFT_FOUND, l), props.draft.name()) }</span>
            <button id="restore-draft" onclick={restore}>{ tr(t::RESTORE_DRAFT, l) }</button>
            <button onclick={discard}>{ tr(t::DISCARD_DRAFT, l) }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ToolbarProps {
    workspace: UseReducerHandle<Workspace>,
    lang: Lang,
    dispatch: Callback<Action>,
}

#[component]
fn Toolbar(props: &ToolbarProps) -> Html {
    let l = props.lang;
    let ws = &props.workspace;
    let scenario = ws.current.scenario.clone();
    let send = |action: Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    let rename = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(Action::Rename(value));
        })
    };
    let export_json = {
        let scenario = scenario.clone();
        Callback::from(move |_| {
            browser::download(
                &format!("{}.json", file_stem(scenario.name())),
                "application/json",
                &scenario.to_json_pretty(),
            )
        })
    };
    let export_csv = {
        let scenario = scenario.clone();
        Callback::from(move |_| {
            browser::download(
                &format!("{}-allocations.csv", file_stem(scenario.name())),
                "text/csv;charset=utf-8",
                &allocations_csv(&scenario),
            )
        })
    };
    let import = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let dispatch = dispatch.clone();
            browser::read_file(&input, move |text| match Scenario::from_json(&text) {
                Ok(scenario) => {
                    let name = scenario.name().to_owned();
                    dispatch.emit(Action::Load(Box::new(scenario), name));
                }
                Err(error) => {
                    dispatch.emit(Action::Notify(Notice::Refused(format!("import: {error}"))))
                }
            });
        })
    };
    let share = {
        let scenario = scenario.clone();
        let shared_note = use_state(|| false);
        let note = shared_note.clone();
        (
            Callback::from(move |_| {
                let fragment = browser::share_fragment(&scenario);
                if let Some(link) = browser::set_location_hash(&fragment) {
                    browser::copy_to_clipboard(&link);
                }
                note.set(true);
            }),
            *shared_note,
        )
    };
    html! {
        <div class="toolbar">
            <label class="name">
                <span>{ tr(t::SCENARIO_NAME, l) }</span>
                <input id="scenario-name" type="text" value={scenario.name().to_owned()} onchange={rename} maxlength="200" />
            </label>
            <button id="undo" onclick={send(Action::Undo)} disabled={!ws.can_undo()} title="Ctrl+Z">{ tr(t::UNDO, l) }</button>
            <button id="redo" onclick={send(Action::Redo)} disabled={!ws.can_redo()} title="Ctrl+Shift+Z">{ tr(t::REDO, l) }</button>
            <button id="reset" onclick={send(Action::Reset)}>{ tr(t::RESET, l) }</button>
            <button id="export-json" onclick={export_json}>{ tr(t::EXPORT_JSON, l) }</button>
            <label class="file-button">
                { tr(t::IMPORT_JSON, l) }
                <input id="import-json" type="file" accept="application/json,.json" onchange={import} />
            </label>
            <button id="export-csv" onclick={export_csv}>{ tr(t::EXPORT_CSV, l) }</button>
            <button id="share" onclick={share.0}>{ tr(t::SHARE, l) }</button>
            <a class="button" id="present" href={crate::present::link(&scenario, None)} target="_blank" rel="noopener">{ tr(t::PRESENT, l) }</a>
            if share.1 { <span class="hint" role="status">{ tr(t::SHARE_DONE, l) }</span> }
        </div>
    }
}

fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "scenario".to_owned()
    } else {
        stem
    }
}

/// The allocations as CSV: UTF-8, header row, one row per programme and year, CNY.
pub fn allocations_csv(scenario: &Scenario) -> String {
    let mut csv = String::from("programme,name_zh,name_en,year,amount_cny\n");
    for id in ProgrammeId::ALL {
        let def = plan::programme(*id);
        for year in Year::ALL {
            csv.push_str(&format!(
                "{},{},\"{}\",{},{}\n",
                id,
                def.name.zh,
                def.name.en.replace('"', "\"\""),
                year,
                scenario.allocation(year, *id)
            ));
        }
    }
    csv
}

#[derive(Properties, PartialEq)]
struct NoticeProps {
    notice: Option<Notice>,
    lang: Lang,
    dispatch: Callback<Action>,
}

#[component]
fn NoticeBar(props: &NoticeProps) -> Html {
    let l = props.lang;
    let Some(notice) = &props.notice else {
        return html! { <div class="notice empty" role="status" aria-live="polite"></div> };
    };
    let text = match notice {
        Notice::Clamped {
            programme, applied, ..
        } => format!(
            "{} · {} {}",
            plan::programme(*programme).name.get(l),
            tr(t::CLAMPED, l),
            format::wan(*applied, l)
        ),
        Notice::Refused(message) => format!("{}: {message}", tr(t::REFUSED, l)),
        Notice::Loaded(origin) => format!("{}: {origin}", tr(t::LOADED, l)),
    };
    let dismiss = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::DismissNotice))
    };
    html! {
        <div class="notice" id="notice" role="status" aria-live="polite">
            <span>{ text }</span>
            <button onclick={dismiss} aria-label={tr(t::CLOSE, l)}>{ "×" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HeadlineProps {
    projection: Rc<Projection>,
    baseline: Rc<Projection>,
    lang: Lang,
}

/// Headline tiles: the three KPIs and the carrier targets, each against the baseline.
#[component]
fn Headlines(props: &HeadlineProps) -> Html {
    let l = props.lang;
    let p = &props.projection;
    let b = &props.baseline;
    let tiles = shared::projection::headlines(p, b);
    html! {
        <section class="headlines" aria-label={tr(t::HEADLINES, l)}>
            { for tiles.into_iter().map(|h| {
                let met = h.met();
                let delta_text = format::change(h.value - h.reference_value, h.unit, l);
                let (key, name, now, target, unit, reference) = (h.key, h.name.get(l), h.value, h.target, h.unit, h.source);
                html! {
                    <div class={classes!("tile", if met { "met" } else { "missed" })} id={format!("kpi-{key}")}>
                        <div class="tile-name">{ name }</div>
                        <div class="tile-value">{ format::quantity(now, unit, l) }</div>
                        <div class="tile-target">
                            { format!("{} {} ", tr(t::TARGET, l), target.map(|t| format::quantity(t, unit, l)).unwrap_or_default()) }
                            <span class="mark">{ if met { "✓" } else { "✗" } }</span>
                            <span class="source" title={format!("PLAN {reference}")}>{ format!(" PLAN {reference}") }</span>
                        </div>
                        <div class="tile-delta">{ format!("{} {}", tr(t::VS_BASELINE, l), delta_text) }</div>
                    </div>
                }
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EnvelopeProps {
    projection: Rc<Projection>,
    lang: Lang,
}

/// The envelope of every year against its total, with surplus or deficit in words.
#[component]
fn EnvelopeBar(props: &EnvelopeProps) -> Html {
    let l = props.lang;
    let overridden = props.projection.plan_overrides.first().map(|o| o.scenario);
    html! {
        <section class="envelope" id="envelope" aria-label={tr(t::ENVELOPE, l)}>
            { for props.projection.envelope.iter().map(|year| {
                let total = year.total.to_f64_lossy().max(1.0);
                let share = (year.allocated.to_f64_lossy() / total * 100.0).clamp(0.0, 100.0);
                let state = if year.unallocated > Money::ZERO {
                    format!("{} {}", tr(t::SURPLUS, l), format::wan(year.unallocated, l))
                } else if year.unallocated < Money::ZERO {
                    format!("{} {}", tr(t::DEFICIT, l), format::wan(-year.unallocated, l))
                } else {
                    tr(t::BALANCED, l).to_owned()
                };
                let class = if year.unallocated == Money::ZERO { "ok" } else { "off" };
                html! {
                    <div class={classes!("envelope-year", class)} id={format!("envelope-{}", year.year)}>
                        <div class="envelope-label">
                            <strong>{ year.year.to_string() }</strong>
                            { format!(" {} {} / {}", tr(t::ALLOCATED, l), format::yi(year.allocated, l), format::yi(year.total, l)) }
                        </div>
                        <div class="meter" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{share:.1}")}
                            aria-label={format!("{} {}", year.year, tr(t::ALLOCATED, l))}>
                            <div class="fill" style={format!("width:{share:.2}%")}></div>
                        </div>
                        <div class="envelope-state">{ state }</div>
                    </div>
                }
            }) }
            if !props.projection.assumption_overrides.is_empty() {
                <div class="override-note" id="assumption-overrides">
                    { format!("{}: {}", tr(t::OVERRIDDEN, l), props.projection.assumption_overrides.iter()
                        .map(|o| format!("{} = {} ({} {})", o.key, format::number(o.value, 3), tr(t::DEFAULT, l), format::number(o.default, 3)))
                        .collect::<Vec<_>>().join("; ")) }
                </div>
            }
            if let Some(envelope) = overridden {
                <div class="override-note">{ format!("{}: {} ≠ {}", tr(t::PLAN_OVERRIDE, l), format::yi(envelope, l), format::yi(plan::annual_envelope(), l)) }</div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct YearPickerProps {
    mode: YearMode,
    lang: Lang,
    dispatch: Callback<Action>,
}

#[component]
fn YearPicker(props: &YearPickerProps) -> Html {
    let l = props.lang;
    let option = |mode: YearMode, label: String| {
        let dispatch = props.dispatch.clone();
        let checked = props.mode == mode;
        html! {
            <label class={classes!("year-option", checked.then_some("checked"))}>
                <input type="radio" name="year-mode" checked={checked}
                    onchange={Callback::from(move |_| dispatch.emit(Action::SetYearMode(mode)))} />
                { label }
            </label>
        }
    };
    html! {
        <fieldset class="years" id="year-mode">
            <legend>{ tr(t::YEARS, l) }</legend>
            { option(YearMode::Uniform, tr(t::SAME_EVERY_YEAR, l).to_owned()) }
            { for Year::ALL.iter().map(|y| option(YearMode::One(*y), y.to_string())) }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct ProgrammesProps {
    workspace: UseReducerHandle<Workspace>,
    projection: Rc<Projection>,
    lang: Lang,
    dispatch: Callback<Action>,
    on_explain: Callback<Option<ProgrammeId>>,
}

/// Every programme, grouped by the plan's four paths.
#[component]
fn Programmes(props: &ProgrammesProps) -> Html {
    let l = props.lang;
    let ws = &props.workspace;
    let scenario = ws.scenario();
    let year = ws.year_mode.shown_year();
    let row = |id: ProgrammeId| {
        let amount = scenario.allocation(year, id);
        let results: Vec<RowResult> = props
            .projection
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, row)| row.programme == id)
            .map(|(slot, row)| RowResult {
                slot,
                result: row.result,
            })
            .collect();
        html! {
            <ProgrammeRow programme={id} {amount} locked={ws.current.locks.is_locked(id)}
                overridden={scenario.overrides().iter().any(|(key, _)| key.programme() == id)}
                floor={scenario.floor(id)} max={scenario.envelope().max(amount)} {results} lang={l}
                dispatch={props.dispatch.clone()} on_explain={props.on_explain.clone()} />
        }
    };
    html! {
        <div class="paths">
            { for PATHS.iter().map(|path| html! {
                <section class="path" aria-label={path.name.get(l)}>
                    <h2>{ path.name.get(l) }<span class="ref">{ format!(" {}", path.reference) }</span></h2>
                    { for plan::PROGRAMMES.iter().filter(|p| p.path == path.id).map(|def| row(def.id)) }
                </section>
            }) }
        </div>
    }
}

/// One indicator's projected result, for a row.
#[derive(Clone, Copy, PartialEq)]
struct RowResult {
    slot: usize,
    result: f64,
}

#[derive(Properties, PartialEq)]
struct RowProps {
    programme: ProgrammeId,
    amount: Money,
    locked: bool,
    /// Whether the scenario overrides any assumption of this programme.
    overridden: bool,
    floor: Money,
    max: Money,
    results: Vec<RowResult>,
    lang: Lang,
    dispatch: Callback<Action>,
    on_explain: Callback<Option<ProgrammeId>>,
}

#[component]
fn ProgrammeRow(props: &RowProps) -> Html {
    let l = props.lang;
    let id = props.programme;
    let def = plan::programme(id);
    let (amount, locked, floor, max) = (props.amount, props.locked, props.floor, props.max);
    let name = def.name.get(l);
    let set = {
        let dispatch = props.dispatch.clone();
        move |value: Money| dispatch.emit(Action::SetAmount(id, value))
    };
    let on_slide = {
        let set = set.clone();
        Callback::from(move |e: InputEvent| {
            crate::latency::input_started();
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let value = input.value();
            // Show the state's amount until the state says otherwise: a refused or
            // clamped move must not leave the control where it was dragged.
            input.set_value(&amount.to_string());
            if let Ok(value) = Money::parse(&value) {
                set(value.floor_yuan());
            }
        })
    };
    let on_key = {
        let set = set.clone();
        Callback::from(move |e: KeyboardEvent| {
            let delta = match e.key().as_str() {
                "PageUp" => PAGE_STEP,
                "PageDown" => -PAGE_STEP,
                _ => return,
            };
            e.prevent_default();
            crate::latency::input_started();
            let next = (amount + Money::yuan(delta)).max(Money::ZERO);
            set(next);
        })
    };
    let on_number = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let typed = input.value();
            input.set_value(&amount.in_wan(2).to_string());
            match money_from_wan(&typed) {
                Some(value) => dispatch.emit(Action::SetAmount(id, value)),
                None => {
                    dispatch.emit(Action::Notify(Notice::Refused(format!(
                        "{id}: `{typed}` is not an amount in 万元"
                    ))));
                }
            }
        })
    };
    let toggle_lock = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::ToggleLock(id)))
    };
    let explain = {
        let on_explain = props.on_explain.clone();
        Callback::from(move |_| on_explain.emit(Some(id)))
    };
    let responsible: Vec<&str> = def.responsible.iter().map(|t| t.get(l)).collect();
    html! {
        <div class={classes!("row", locked.then_some("locked"))} id={format!("row-{id}")} data-programme={id.as_str()}>
            <div class="row-name">
                <div class="programme-name">{ name }</div>
                <div class="responsible" title={tr(t::RESPONSIBLE, l)}>{ responsible.join("、") }</div>
                if props.overridden {
                    <span class="badge" title={tr(t::ASSUMPTIONS, l)}>{ tr(t::OVERRIDDEN, l) }</span>
                }
            </div>
            <div class="row-money">
                <input type="range" class="slider" id={format!("slider-{id}")} min={floor.to_string()} max={max.to_string()}
                    step={STEP.to_string()} value={amount.to_string()} disabled={locked}
                    aria-label={format!("{name} {}", tr(t::MONEY_PER_YEAR, l))}
                    aria-valuetext={format::wan(amount, l)}
                    oninput={on_slide} onkeydown={on_key} />
                <input type="number" class="amount" id={format!("amount-{id}")} min="0" step="10"
                    value={amount.in_wan(2).to_string()} disabled={locked}
                    aria-label={format!("{name} {}", tr(t::MONEY_PER_YEAR, l))} onchange={on_number} />
                <span class="unit">{ "万元" }</span>
                <button class={classes!("lock", locked.then_some("on"))} id={format!("lock-{id}")}
                    aria-pressed={locked.to_string()} onclick={toggle_lock}
                    aria-label={format!("{} {name}", tr(if locked { t::UNLOCK } else { t::LOCK }, l))}>
                    { if locked { format!("■ {}", tr(t::LOCKED, l)) } else { format!("□ {}", tr(t::LOCK, l)) } }
                </button>
                if floor > Money::ZERO {
                    <div class="floor">{ format!("{} {}", tr(t::FLOOR, l), format::wan(floor, l)) }</div>
                }
            </div>
            <div class="row-results">
                { for props.results.iter().map(|RowResult { slot, result }| {
                    let def = &INDICATORS[*slot];
                    let unit = def.unit;
                    let (goal, goal_label) = match (def.target, def.reference_value) {
                        (Some(target), _) => (target, tr(t::TARGET, l)),
                        (None, Some(reference)) => (reference, tr(t::REFERENCE, l)),
                        _ => (1.0, ""),
                    };
                    let ratio = result / goal;
                    let met = ratio >= 1.0 - 1e-9;
                    let width = (ratio * 100.0 / 1.5).clamp(0.0, 100.0);
                    html! {
                        <div class="result" id={format!("result-{}", def.key())}>
                            <div class="result-text">
                                <span class="indicator-name">{ def.name.get(l) }</span>
                                <span class="value">{ format::quantity(*result, unit, l) }</span>
                                <span class="goal">{ format!(" / {goal_label} {}", format::quantity(goal, unit, l)) }</span>
                            </div>
                            <div class="meter attainment" role="meter" aria-valuemin="0" aria-valuenow={format!("{:.1}", ratio * 100.0)}
                                aria-label={format!("{} {}", def.name.get(l), tr(t::ATTAINMENT, l))}>
                                <div class={classes!("fill", if met { "met" } else { "missed" })} style={format!("width:{width:.2}%")}></div>
                                <div class="target-line" style="left:66.67%"></div>
                            </div>
                            <span class="percent">{ format!("{} {}", format::percent(ratio), if met { "✓" } else { "✗" }) }</span>
                        </div>
                    }
                }) }
                <button class="explain" id={format!("explain-{id}")} onclick={explain}>{ tr(t::EXPLAIN, l) }</button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OptimiserProps {
    workspace: UseReducerHandle<Workspace>,
    lang: Lang,
    dispatch: Callback<Action>,
}

#[component]
fn Optimiser(props: &OptimiserProps) -> Html {
    let l = props.lang;
    let objective = use_state(|| Objective::Enterprises);
    let choose = {
        let objective = objective.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(o) = Objective::parse(&value) {
                objective.set(o);
            }
        })
    };
    let run = {
        let (dispatch, objective) = (props.dispatch.clone(), *objective);
        Callback::from(move |_| dispatch.emit(Action::Optimise(objective)))
    };
    let send = |action: Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    let current = props.workspace.scenario();
    html! {
        <section class="panel optimiser" id="optimiser" aria-label={tr(t::OPTIMISER, l)}>
            <h2>{ tr(t::OPTIMISER, l) }</h2>
            <select id="objective" onchange={choose} aria-label={tr(t::OPTIMISER, l)}>
                <option value="enterprises" selected={*objective == Objective::Enterprises}>{ tr(t::OBJECTIVE_ENTERPRISES, l) }</option>
                <option value="attainment" selected={*objective == Objective::Attainment}>{ tr(t::OBJECTIVE_ATTAINMENT, l) }</option>
                <option value="min-cost" selected={*objective == Objective::MinCost}>{ tr(t::OBJECTIVE_MIN_COST, l) }</option>
            </select>
            <button id="propose" onclick={run}>{ tr(t::PROPOSE, l) }</button>
            if let Some(proposal) = &props.workspace.proposal {
                <div class="proposal" id="proposal">
                    <p class="note">{ proposal.note.clone() }</p>
                    <table>
                        <thead><tr>
                            <th>{ tr(t::ALL_PROGRAMMES, l) }</th><th>{ tr(t::CURRENT, l) }</th>
                            <th>{ tr(t::PROPOSED, l) }</th><th>{ tr(t::CHANGE, l) }</th>
                        </tr></thead>
                        <tbody>
                            { for ProgrammeId::ALL.iter().map(|id| {
                                let before = current.programme_total(*id);
                                let after = proposal.scenario.programme_total(*id);
                                let delta = after - before;
                                html! { <tr class={classes!((delta != Money::ZERO).then_some("changed"))}>
                                    <td>{ plan::programme(*id).short_name.get(l) }</td>
                                    <td class="num">{ format::wan(before, l) }</td>
                                    <td class="num">{ format::wan(after, l) }</td>
                                    <td class="num">{ format::signed_wan(delta, l) }</td>
                                </tr> }
                            }) }
                        </tbody>
                    </table>
                    <p>{ format!("{} → {}", format::number(proposal.starting_value, 2), format::number(proposal.value, 2)) }</p>
                    <button id="accept-proposal" onclick={send(Action::AcceptProposal)}>{ tr(t::ACCEPT, l) }</button>
                    <button id="discard-proposal" onclick={send(Action::DiscardProposal)}>{ tr(t::DISCARD, l) }</button>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ChartsProps {
    scenario: Scenario,
    projection: Rc<Projection>,
    baseline: Rc<Projection>,
    lang: Lang,
}

/// The drawing area of a canvas in the page, if it is there.
fn canvas(id: &str) -> Option<DrawingArea<CanvasBackend, Shift>> {
    CanvasBackend::new(id).map(IntoDrawingArea::into_drawing_area)
}

#[component]
fn Charts(props: &ChartsProps) -> Html {
    let l = props.lang;
    let chosen = use_state(|| 0usize);
    let band = use_state(|| None::<Rc<shared::Uncertainty>>);
    let tornado = use_state(|| None::<Rc<shared::Sensitivity>>);
    // Results computed on request belong to one scenario; drop them when it changes.
    {
        let (band, tornado) = (band.clone(), tornado.clone());
        use_effect_with(props.scenario.clone(), move |_| {
            band.set(None);
            tornado.set(None);
            || ()
        });
    }
    {
        let projection = props.projection.clone();
        let baseline = props.baseline.clone();
        let slot = *chosen;
        let band = (*band).clone();
        let tornado = (*tornado).clone();
        use_effect_with(
            (projection.clone(), slot, l, band.clone(), tornado.clone()),
            move |_| {
                crate::latency::mark("planner-charts");
                if let Some(area) = canvas("chart-attainment") {
                    charts::attainment(&area, &projection, l);
                }
                if let Some(area) = canvas("chart-shift") {
                    charts::allocation_shift(&area, &projection, &baseline, l);
                }
                if let Some(area) = canvas("chart-trajectory") {
                    charts::indicator_trajectory(
                        &area,
                        &projection,
                        &baseline,
                        slot,
                        band.as_deref(),
                        l,
                    );
                }
                if let Some(tornado) = &tornado
                    && let Some(area) = canvas("chart-tornado")
                {
                    charts::sensitivity_tornado(&area, tornado, 12, l);
                }
                crate::latency::frame_drawn();
                || ()
            },
        );
    }
    let choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Ok(slot) = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse::<usize>()
            {
                chosen.set(slot.min(INDICATORS.len() - 1));
            }
        })
    };
    let run_band = {
        let (band, scenario) = (band.clone(), props.scenario.clone());
        Callback::from(move |_| {
            if let Ok(result) = shared::monte_carlo(&scenario, 2_000, 1) {
                band.set(Some(Rc::new(result)));
            }
        })
    };
    let run_tornado = {
        let (tornado, scenario) = (tornado.clone(), props.scenario.clone());
        Callback::from(move |_| {
            tornado.set(Some(Rc::new(shared::sensitivity(
                &scenario,
                shared::KpiKey::EnterprisesTransformed,
            ))));
        })
    };
    html! {
        <section class="panel charts" aria-label={tr(t::CHARTS, l)}>
            <h2>{ tr(t::CHART_ATTAINMENT, l) }</h2>
            <canvas id="chart-attainment" width="560" height="470" role="img" aria-label={tr(t::CHART_ATTAINMENT, l)}></canvas>
            <h2>{ tr(t::CHART_TRAJECTORY, l) }</h2>
            <select id="trajectory-indicator" onchange={choose} aria-label={tr(t::INDICATOR, l)}>
                { for INDICATORS.iter().enumerate().map(|(slot, def)| html! {
                    <option value={slot.to_string()} selected={slot == *chosen}>
                        { format!("{} · {}", plan::programme(def.programme).short_name.get(l), def.name.get(l)) }
                    </option>
                }) }
            </select>
            <canvas id="chart-trajectory" width="560" height="300" role="img" aria-label={tr(t::CHART_TRAJECTORY, l)}></canvas>
            <h2>{ tr(t::CHART_SHIFT, l) }</h2>
            <canvas id="chart-shift" width="560" height="440" role="img" aria-label={tr(t::CHART_SHIFT, l)}></canvas>
            <div class="on-request">
                <button id="run-uncertainty" onclick={run_band}>{ tr(t::RUN_UNCERTAINTY, l) }</button>
                <button id="run-sensitivity" onclick={run_tornado}>{ tr(t::RUN_SENSITIVITY, l) }</button>
            </div>
            if let Some(band) = &*band {
                <h2>{ tr(t::CHART_BAND, l) }</h2>
                <table class="probabilities" id="probabilities">
                    <thead><tr><th>{ tr(t::INDICATOR, l) }</th><th>{"P10"}</th><th>{"P50"}</th><th>{"P90"}</th><th>{ tr(t::PROBABILITY, l) }</th></tr></thead>
                    <tbody>
                        { for band.kpis.iter().zip(plan::KPIS.iter()).map(|(k, def)| html! {
                            <tr><td>{ def.name.get(l) }</td>
                                <td class="num">{ format::quantity(k.band.p10, def.unit, l) }</td>
                                <td class="num">{ format::quantity(k.band.p50, def.unit, l) }</td>
                                <td class="num">{ format::quantity(k.band.p90, def.unit, l) }</td>
                                <td class="num">{ format::percent(k.probability_meeting_target) }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
            if tornado.is_some() {
                <h2>{ tr(t::CHART_TORNADO, l) }</h2>
                <canvas id="chart-tornado" width="560" height="340" role="img" aria-label={tr(t::CHART_TORNADO, l)}></canvas>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ExplainProps {
    scenario: Scenario,
    programme: ProgrammeId,
    lang: Lang,
    on_close: Callback<Option<ProgrammeId>>,
}

/// How a programme's numbers were computed, in a dialog.
#[component]
fn Explain(props: &ExplainProps) -> Html {
    let l = props.lang;
    let explanation = shared::explain(&props.scenario, props.programme);
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(None))
    };
    let on_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(None);
            }
        })
    };
    // Focus moves into the dialog, so the keyboard (and Escape) work there at once.
    let close_button = use_node_ref();
    {
        let close_button = close_button.clone();
        use_effect_with((), move |_| {
            if let Some(button) = close_button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
            || ()
        });
    }
    html! {
        <div class="dialog-backdrop" onkeydown={on_key}>
            <div class="dialog" role="dialog" aria-modal="true" id="explain-dialog" aria-label={tr(t::EXPLAIN, l)}>
                <button class="close" id="close-explain" onclick={close} ref={close_button}>{ tr(t::CLOSE, l) }</button>
                <pre class="explanation">{ explanation.render(l) }</pre>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AssumptionsProps {
    scenario: Scenario,
    lang: Lang,
    dispatch: Callback<Action>,
}

/// Every parameter with its value, unit, range and provenance; editable per scenario.
#[component]
fn Assumptions(props: &AssumptionsProps) -> Html {
    let l = props.lang;
    let scenario = &props.scenario;
    let values = *scenario.model().assumptions();
    let envelope_change = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if text.trim().is_empty() {
                dispatch.emit(Action::SetEnvelope(None));
            } else if let Some(money) = money_from_wan(&text) {
                dispatch.emit(Action::SetEnvelope(Some(money)));
            }
        })
    };
    let earmarks = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            dispatch.emit(Action::SetRespectEarmarks(on));
        })
    };
    html! {
        <main class="assumptions" id="assumptions">
            <section class="panel">
                <h2>{ "PLAN" }</h2>
                <label>{ tr(t::ENVELOPE_OVERRIDE, l) }
                    <input id="envelope-override" type="number" min="1" step="100"
                        value={scenario.envelope_override().map(|e| e.in_wan(2).to_string()).unwrap_or_default()}
                        onchange={envelope_change} />
                </label>
                <label><input id="respect-earmarks" type="checkbox" checked={scenario.respect_earmarks()} onchange={earmarks} />
                    { tr(t::RESPECT_EARMARKS, l) }</label>
                <table>
                    <thead><tr><th>{ tr(t::ALL_PROGRAMMES, l) }</th><th>{ tr(t::INDICATOR, l) }</th><th>{ tr(t::TARGET, l) }</th><th>{ tr(t::SOURCE, l) }</th></tr></thead>
                    <tbody>
                        { for INDICATORS.iter().map(|def| html! {
                            <tr>
                                <td>{ plan::programme(def.programme).name.get(l) }</td>
                                <td>{ def.name.get(l) }</td>
                                <td class="num">{ format::quantity_or_none(def.target, def.unit, l) }</td>
                                <td>{ format!("{} {}", tr(t::PLAN_SOURCE, l), def.reference) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </section>
            <section class="panel">
                <h2>{ "ASSUMPTION" }</h2>
                <table class="params">
                    <thead><tr>
                        <th>{ tr(t::KEY, l) }</th><th>{ tr(t::VALUE, l) }</th><th>{ tr(t::DEFAULT, l) }</th>
                        <th>{ tr(t::RANGE, l) }</th><th>{ tr(t::SOURCE, l) }</th><th>{ tr(t::MEANING, l) }</th>
                    </tr></thead>
                    <tbody>
                        { for ParamKey::all().map(|key| {
                            let info = key.info();
                            let value = values.get(key);
                            let overridden = scenario.overrides().get(key).is_some();
                            let on_change = {
                                let dispatch = props.dispatch.clone();
                                Callback::from(move |e: Event| {
                                    let text = e.target_unchecked_into::<HtmlInputElement>().value();
                                    let value = if text.trim().is_empty() { None } else { text.trim().parse::<f64>().ok() };
                                    dispatch.emit(Action::SetAssumption(key, value));
                                })
                            };
                            let restore = {
                                let dispatch = props.dispatch.clone();
                                Callback::from(move |_| dispatch.emit(Action::SetAssumption(key, None)))
                            };
                            let source = match info.provenance {
                                Provenance::Plan { reference } => format!("{} {reference}", tr(t::PLAN_SOURCE, l)),
                                Provenance::Assumption => tr(t::ASSUMPTION_SOURCE, l).to_owned(),
                            };
                            html! {
                                <tr class={classes!(overridden.then_some("overridden"))} id={format!("param-{key}")}>
                                    <td><code>{ key.to_string() }</code><div class="small">{ info.name.get(l) }</div></td>
                                    <td>
                                        <input type="number" step="any" min={info.min.to_string()} max={info.max.to_string()}
                                            value={value.to_string()} onchange={on_change}
                                            aria-label={format!("{} {}", key, info.name.get(l))} />
                                        <span class="small">{ info.unit.get(l) }</span>
                                        if overridden {
                                            <span class="badge">{ tr(t::OVERRIDDEN, l) }</span>
                                            <button onclick={restore}>{ tr(t::RESTORE, l) }</button>
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
                </table>
            </section>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct CompareProps {
    scenario: Scenario,
    lang: Lang,
}

/// Two scenarios side by side: the current one against the baseline or an imported one.
#[component]
fn Compare(props: &CompareProps) -> Html {
    let l = props.lang;
    let other = use_state(Scenario::baseline);
    let error = use_state(|| None::<String>);
    let load = {
        let (other, error) = (other.clone(), error.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let (other, error) = (other.clone(), error.clone());
            browser::read_file(&input, move |text| match Scenario::from_json(&text) {
                Ok(scenario) => {
                    other.set(scenario);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            });
        })
    };
    let use_baseline = {
        let other = other.clone();
        Callback::from(move |_| other.set(Scenario::baseline()))
    };
    let comparison = shared::compare(&other, &props.scenario);
    html! {
        <main class="compare" id="compare">
            <section class="panel">
                <label class="file-button">{ tr(t::COMPARE_WITH, l) }
                    <input id="compare-file" type="file" accept="application/json,.json" onchange={load} /></label>
                <button onclick={use_baseline}>{ tr(t::COMPARE_BASELINE, l) }</button>
                <a class="button" id="present-comparison" href={crate::present::link(&props.scenario, Some(&other))} target="_blank" rel="noopener">{ tr(t::PRESENT_COMPARISON, l) }</a>
                if let Some(message) = &*error { <p class="error" role="alert">{ message.clone() }</p> }
                <p>{ format!("a = {} · b = {}", comparison.a, comparison.b) }</p>
                <table>
                    <thead><tr><th>{ tr(t::ALL_PROGRAMMES, l) }</th><th>{"a"}</th><th>{"b"}</th><th>{ tr(t::CHANGE, l) }</th></tr></thead>
                    <tbody>
                        { for comparison.allocations.iter().map(|row| {
                            let a: Money = row.a.0.iter().copied().sum();
                            let b: Money = row.b.0.iter().copied().sum();
                            html! { <tr><td>{ plan::programme(row.programme).name.get(l) }</td>
                                <td class="num">{ format::wan(a, l) }</td><td class="num">{ format::wan(b, l) }</td>
                                <td class="num">{ format::signed_wan(row.total_delta, l) }</td></tr> }
                        }) }
                    </tbody>
                </table>
                <table>
                    <thead><tr><th>{ tr(t::INDICATOR, l) }</th><th>{"a"}</th><th>{"b"}</th><th>{ tr(t::CHANGE, l) }</th></tr></thead>
                    <tbody>
                        { for comparison.indicators.iter().zip(INDICATORS.iter()).map(|(row, def)| html! {
                            <tr><td>{ def.name.get(l) }</td>
                                <td class="num">{ format::quantity(row.a, def.unit, l) }</td>
                                <td class="num">{ format::quantity(row.b, def.unit, l) }</td>
                                <td class="num">{ format::number(row.delta, 2) }</td></tr>
                        }) }
                        { for comparison.kpis.iter().zip(plan::KPIS.iter()).map(|(row, def)| html! {
                            <tr class="kpi"><td>{ def.name.get(l) }</td>
                                <td class="num">{ format::quantity(row.a, def.unit, l) }</td>
                                <td class="num">{ format::quantity(row.b, def.unit, l) }</td>
                                <td class="num">{ format::number(row.delta, 4) }</td></tr>
                        }) }
                    </tbody>
                </table>
            </section>
        </main>
    }
}
