//! 计算过程: how a programme's numbers were computed — first in plain statements a
//! finance official can judge, then the formula and the arithmetic to check.

use shared::ids::ProgrammeId;
use shared::{Scenario, plan};
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::use_env;
use crate::i18n as t;

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub scenario: Scenario,
    pub programme: ProgrammeId,
    pub on_close: Callback<Option<ProgrammeId>>,
}

/// How a programme's numbers were computed, in a dialog.
#[component]
pub fn Explain(props: &ExplainProps) -> Html {
    let env = use_env();
    let l = env.lang;
    let lines = use_state(|| None::<Result<(Vec<String>, Vec<String>), String>>);
    {
        let lines = lines.clone();
        use_effect_with(
            (props.scenario.clone(), props.programme, l),
            move |(scenario, programme, lang)| {
                let (scenario, programme, lang) = (scenario.clone(), *programme, *lang);
                wasm_bindgen_futures::spawn_local(async move {
                    lines.set(Some(
                        crate::explain_module::lines(&scenario, programme, lang).await,
                    ));
                });
                || ()
            },
        );
    }
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
    let title = format!(
        "{} · {}",
        plan::programme(props.programme).name.get(l),
        env.tr(t::EXPLAIN)
    );
    html! {
        <div class="dialog-backdrop" onkeydown={on_key}>
            <div class="dialog" role="dialog" aria-modal="true" id="explain-dialog" aria-label={title.clone()}>
                <button class="close" id="close-explain" onclick={close} ref={close_button}>{ env.tr(t::CLOSE) }</button>
                <h2>{ title }</h2>
                {
                    match &*lines {
                        None => html! { <p class="small" role="status">{ env.tr(t::UPDATING) }</p> },
                        Some(Err(message)) => html! {
                            <p class="error" role="alert">{ format!("{}{}", env.tr(t::EXPLAIN_UNAVAILABLE), message) }</p>
                        },
                        Some(Ok((summary, working))) => html! {
                            <>
                            <ul class="plain" id="explain-summary">
                                { for summary.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                            </ul>
                            <details class="working" id="explain-working">
                                <summary>{ env.tr(t::EXPLAIN_WORKING) }</summary>
                                <ol>
                                    { for working.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                                </ol>
                            </details>
                            </>
                        },
                    }
                }
            </div>
        </div>
    }
}
