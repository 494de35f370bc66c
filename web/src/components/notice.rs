//! The notice line: what an edit did, why one was refused, what was loaded.

use shared::format;
use shared::plan;
use yew::prelude::*;

use super::Env;
use crate::i18n as t;
use crate::state::{Action, Notice};

/// The last notice, dismissible; announced politely to screen readers.
pub fn notice_bar(env: &Env, notice: Option<&Notice>) -> Html {
    let l = env.lang;
    let Some(notice) = notice else {
        return html! { <div class="notice empty" role="status" aria-live="polite"></div> };
    };
    let (class, text) = match notice {
        Notice::Clamped {
            programme, applied, ..
        } => (
            "clamped",
            format!(
                "{} · {} {}",
                plan::programme(*programme).short_name.get(l),
                env.tr(t::CLAMPED),
                format::wan(*applied, l)
            ),
        ),
        Notice::Refused(words) => (
            "refused",
            format!(
                "{}{}{}",
                env.tr(t::REFUSED),
                if l == plan::Lang::En { ": " } else { "：" },
                words.get(l)
            ),
        ),
        Notice::Done(words) => ("done", words.get(l).to_owned()),
        Notice::Loaded(origin) => (
            "loaded",
            format!(
                "{}: {}",
                env.tr(t::LOADED),
                shared::scenario::name_in(origin, env.lang)
            ),
        ),
    };
    html! {
        <div class={classes!("notice", class)} id="notice" role="status" aria-live="polite">
            <span>{ text }</span>
            <button onclick={env.on_click(Action::DismissNotice)} aria-label={env.tr(t::CLOSE)}>{ "×" }</button>
        </div>
    }
}
