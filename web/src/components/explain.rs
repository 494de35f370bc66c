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
                <ul class="plain" id="explain-summary">
                    { for explanation.summary(l).into_iter().map(|line| html! { <li>{ line }</li> }) }
                </ul>
                <details class="working" id="explain-working">
                    <summary>{ env.tr(t::EXPLAIN_WORKING) }</summary>
                    <ol>
                        { for explanation.working(l).into_iter().map(|line| html! { <li>{ line }</li> }) }
                    </ol>
                </details>
            </div>
        </div>
    }
}
