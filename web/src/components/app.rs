//! The root of the simulator page: the workspace reducer, the language, the tabs.

use std::rc::Rc;

use shared::Scenario;
use shared::ids::ProgrammeId;
use shared::plan::Text;
use wasm_bindgen::JsCast as _;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::{Env, lang_tag};
use crate::browser;
use crate::i18n as t;
use crate::state::{Action, Notice, Workspace};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Explorer,
    Assumptions,
    Compare,
}

/// The root component.
#[component]
pub fn App() -> Html {
    let (l, lang_button) = super::use_lang();
    let tab = use_state(|| Tab::Explorer);
    let draft_offer = use_state(|| None::<Scenario>);
    let workspace = use_reducer(Workspace::default);
    let explain = use_state(|| None::<ProgrammeId>);
    let server_copy = use_state(|| None::<crate::saved::ServerCopy>);
    let started = use_state(|| false);
    let hint = use_state(super::hint::unseen);

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
                Some(Err(problem)) => {
                    workspace.dispatch(Action::Notify(Notice::refused(
                        format!("分享链接无法打开：{}", problem.zh),
                        format!("share link not opened: {}", problem.en),
                    )));
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
            // Then, off the first load, the charts and 计算过程 module (the charts ask for
            // it too; one fetch serves both).
            crate::explain_module::prefetch();
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
            let action = match event.key().to_ascii_lowercase().as_str() {
                "z" if event.shift_key() => Action::Redo,
                "z" => Action::Undo,
                "y" => Action::Redo,
                _ => return,
            };
            event.prevent_default();
            dispatcher.dispatch(action);
        });
    }

    crate::latency::mark("planner-render");
    let projection = Rc::new(shared::project(workspace.scenario()));
    let baseline = use_memo((), |_| shared::project(&Scenario::baseline()));

    // A stable dispatch (same identity every render), so unchanged rows skip rendering.
    let dispatch = use_callback(workspace.dispatcher(), |action: Action, dispatcher| {
        dispatcher.dispatch(action)
    });
    let env = Env { lang: l, dispatch };
    let on_explain = use_callback(explain.setter(), |id: Option<ProgrammeId>, setter| {
        setter.set(id)
    });
    let tab_button = |which: Tab, label: Text| {
        let tab = tab.clone();
        let selected = *tab == which;
        html! {
            <button role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))}
                onclick={Callback::from(move |_| tab.set(which))}>{ label.get(l) }</button>
        }
    };
    let scenario = workspace.current.scenario.clone();

    html! {
        <ContextProvider<Env> context={env.clone()}>
        <div class="app simulator" lang={lang_tag(l)}>
            <nav class="skip-links" aria-label={t::SKIP_LINKS.get(l)}>
                if *tab == Tab::Explorer {
                    { skip_link("programmes", t::SKIP_TO_PROGRAMMES.get(l)) }
                    { skip_link("optimiser", t::SKIP_TO_OPTIMISER.get(l)) }
                } else {
                    { skip_link("main", t::SKIP_TO_CONTENT.get(l)) }
                }
            </nav>
            <header class="top">
                <h1>{ t::TITLE.get(l) }</h1>
                <nav aria-label={t::VIEWS.get(l)}>
                    <div role="tablist" class="tabs" aria-label={t::VIEWS.get(l)}>
                        { tab_button(Tab::Explorer, t::EXPLORER) }
                        { tab_button(Tab::Assumptions, t::ASSUMPTIONS) }
                        { tab_button(Tab::Compare, t::COMPARE) }
                    </div>
                    <a class="tab" id="execution-link" href="?execution">{ crate::execution::words::TAB.get(l) }</a>
                </nav>
                { lang_button }
            </header>
            <main id="main">
            if let Some(draft) = &*draft_offer {
                { super::toolbar::draft_offer(&env, draft, &draft_offer) }
            }
            { super::hint::first_visit(&env, &hint) }
            <super::toolbar::Toolbar workspace={workspace.clone()} />
            { super::notice::notice_bar(&env, workspace.notice.as_ref()) }
            { super::headlines::headline_tiles(&env, &projection, &baseline) }
            {
                match *tab {
                    Tab::Explorer => html! {
                        <>
                            { super::envelope::envelope_bar(&env, &projection, workspace.free_edit) }
                            <div class="explorer">
                                <section class="programmes" id="programmes" aria-label={t::EXPLORER.get(l)}>
                                    { super::programmes::year_picker(&env, workspace.year_mode) }
                                    <super::programmes::Programmes workspace={workspace.clone()} projection={projection.clone()}
                                        on_explain={on_explain.clone()} />
                                </section>
                                <aside class="side">
                                    <crate::saved::Saved scenario={scenario.clone()} copy={server_copy.clone()} />
                                    <super::optimiser::Optimiser workspace={workspace.clone()} />
                                    <super::charts::Charts scenario={scenario.clone()} feasible={projection.feasible} />
                                </aside>
                            </div>
                        </>
                    },
                    Tab::Assumptions => html! {
                        <super::assumptions::Assumptions scenario={scenario.clone()} />
                    },
                    Tab::Compare => html! {
                        <super::compare::Compare scenario={scenario.clone()} />
                    },
                }
            }
            if let Some(id) = *explain {
                <super::explain::Explain scenario={scenario.clone()} programme={id} on_close={on_explain.clone()} />
            }
            <super::print::PrintSheet scenario={scenario.clone()} projection={projection.clone()} />
            </main>
            <footer>{ t::OFFLINE_NOTE.get(l) }</footer>
        </div>
        </ContextProvider<Env>>
    }
}

/// A link that moves the keyboard's focus to the element with `target`.
fn skip_link(target: &'static str, label: &'static str) -> Html {
    let onclick = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        browser::focus_by_id(target);
    });
    html! { <a class="skip-link" href={format!("#{target}")} {onclick}>{ label }</a> }
}
