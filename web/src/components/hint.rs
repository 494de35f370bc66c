//! The first visit explains itself: a short, dismissible hint on how money moves.

use yew::prelude::*;

use super::Env;
use crate::browser;
use crate::i18n as t;

const SEEN_KEY: &str = "sme-planner.hint-seen";

/// Whether the hint is still to be shown in this browser.
pub fn unseen() -> bool {
    browser::load(SEEN_KEY).is_none()
}

/// Shown until dismissed once; remembered in this browser.
pub fn first_visit(env: &Env, shown: &UseStateHandle<bool>) -> Html {
    if !**shown {
        return Html::default();
    }
    let dismiss = {
        let shown = shown.clone();
        Callback::from(move |_| {
            browser::save(SEEN_KEY, "1");
            shown.set(false);
        })
    };
    html! {
        <aside class="first-visit" id="first-visit" role="note" aria-label={env.tr(t::HINT_TITLE)}>
            <strong>{ env.tr(t::HINT_TITLE) }</strong>
            <ul>
                <li>{ env.tr(t::HINT_MOVE) }</li>
                <li>{ env.tr(t::HINT_TRANSFER) }</li>
                <li>{ env.tr(t::HINT_LOCK) }</li>
                <li>{ env.tr(t::HINT_FREE) }</li>
            </ul>
            <button id="dismiss-hint" onclick={dismiss}>{ env.tr(t::HINT_DISMISS) }</button>
        </aside>
    }
}
