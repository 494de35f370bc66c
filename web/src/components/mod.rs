//! The page's components, one file each. The interface language and the workspace's
//! dispatch reach every component through one context ([`use_env`]) instead of being
//! threaded through props; the workspace itself stays a pure reducer in `state.rs`.

pub mod app;
pub mod assumptions;
pub mod charts;
pub mod compare;
pub mod envelope;
pub mod explain;
pub mod headlines;
pub mod hint;
pub mod notice;
pub mod optimiser;
pub mod print;
pub mod programmes;
pub mod toolbar;

use shared::Scenario;
use shared::plan::{Lang, Text};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::{Action, Workspace};

/// The props of a component that reads (and, through its [`Env`], edits) the workspace.
#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    pub workspace: UseReducerHandle<Workspace>,
}

/// The props of a component that reads one scenario.
#[derive(Properties, PartialEq)]
pub struct ScenarioProps {
    pub scenario: Scenario,
}

/// What every component may read: the interface language, and how to change the
/// workspace.
#[derive(Clone, PartialEq)]
pub struct Env {
    /// The interface language.
    pub lang: Lang,
    /// Sends an action to the workspace reducer.
    pub dispatch: Callback<Action>,
}

impl Env {
    /// A text of the interface's own words in the current language.
    pub fn tr(&self, text: Text) -> &'static str {
        text.get(self.lang)
    }

    /// A callback that sends `action` when clicked.
    pub fn on_click(&self, action: Action) -> Callback<MouseEvent> {
        let dispatch = self.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    }

    /// A callback that sends `action` with a checkbox's new state.
    pub fn on_toggle(&self, action: fn(bool) -> Action) -> Callback<Event> {
        let dispatch = self.dispatch.clone();
        on_checked(move |on| dispatch.emit(action(on)))
    }
}

/// A callback given a checkbox's new state.
pub fn on_checked(then: impl Fn(bool) + 'static) -> Callback<Event> {
    Callback::from(move |e: Event| then(e.target_unchecked_into::<HtmlInputElement>().checked()))
}

/// A callback given a text input's new value.
pub fn on_input(then: impl Fn(String) + 'static) -> Callback<Event> {
    Callback::from(move |e: Event| then(e.target_unchecked_into::<HtmlInputElement>().value()))
}

/// A callback given the value of the option chosen in a select.
pub fn on_select(then: impl Fn(String) + 'static) -> Callback<Event> {
    Callback::from(move |e: Event| then(e.target_unchecked_into::<HtmlSelectElement>().value()))
}

/// A checkbox that holds its state in `state`.
pub fn toggles(state: &UseStateHandle<bool>) -> Callback<Event> {
    let state = state.clone();
    on_checked(move |on| state.set(on))
}

/// The page's [`Env`]; outside a provider (never, in the page) the default language
/// and a dispatch that does nothing.
#[hook]
pub fn use_env() -> Env {
    use_context::<Env>().unwrap_or_else(|| Env {
        lang: Lang::default(),
        dispatch: Callback::noop(),
    })
}

/// The interface language, first the one saved in this browser, and the button that
/// switches it (and saves the choice).
#[hook]
pub fn use_lang() -> (Lang, Html) {
    let lang = use_state(|| {
        crate::browser::saved_lang()
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_default()
    });
    let l = *lang;
    let toggle = Callback::from(move |_| {
        let next = if l == Lang::Zh { Lang::En } else { Lang::Zh };
        crate::browser::save_lang(if next == Lang::Zh { "zh" } else { "en" });
        lang.set(next);
    });
    // The page's `lang` follows the interface, so screen readers and hyphenation do too;
    // so does the window's title.
    use_effect_with(l, |l| set_document_lang(*l));
    // The button reads the other language's name in that language: its accessible name
    // is what it shows, and its `lang` says which language that is.
    let other = if l == Lang::Zh { Lang::En } else { Lang::Zh };
    let button = html! {
        <button id="lang-switch" class="lang" lang={lang_tag(other)} title={crate::i18n::LANGUAGE_LABEL.get(l)} onclick={toggle}>{ crate::i18n::LANGUAGE.get(l) }</button>
    };
    (l, button)
}

/// The document's `lang` and title in the language.
pub fn set_document_lang(lang: Lang) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(crate::i18n::TITLE.get(lang));
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", lang_tag(lang));
        }
    }
}

/// The last message of a page of its own (`(true, text)` for a success; the execution
/// view has errors only, as text), cleared when the language changes: a message is
/// written in the language of its moment.
#[hook]
pub fn use_message<T: 'static>(lang: Lang) -> UseStateHandle<Option<T>> {
    let message = use_state(|| None::<T>);
    {
        let message = message.clone();
        use_effect_with(lang, move |_| {
            message.set(None);
            || ()
        });
    }
    message
}

/// A page of its own beside the simulator (the review page, the users page): its title,
/// the way back to the simulator and the language switch, then in its `main` the last
/// message (with `message_id`) and the body.
pub fn own_page(
    lang: Lang,
    class: &'static str,
    title: Text,
    lang_button: Html,
    (message_id, message): (&'static str, Option<&(bool, String)>),
    body: Html,
) -> Html {
    html! {
        <div class={classes!("app", class)} lang={lang_tag(lang)}>
            <header class="top">
                <h1>{ title.get(lang) }</h1>
                <nav aria-label={crate::i18n::VIEWS.get(lang)}>
                    <a class="button" id="back-to-simulator" href="./">{ crate::execution::words::BACK.get(lang) }</a>
                </nav>
                { lang_button }
            </header>
            <main id="main">
                { message_line(message_id, message) }
                { body }
            </main>
        </div>
    }
}

/// The last message of a form or page (`true` for a success, shown as a hint; else
/// as an error), with its `id`; nothing when there is none.
pub fn message_line(id: &'static str, message: Option<&(bool, String)>) -> Html {
    html! {
        if let Some((ok, text)) = message {
            <p class={if *ok { "hint" } else { "error" }} {id} role="status">{ text.clone() }</p>
        }
    }
}

/// `lang` attribute value of the language.
pub fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

/// A table's header row.
pub fn head_row(cells: &[&str]) -> Html {
    html! {
        <thead><tr>{ for cells.iter().map(|c| html! { <th>{ *c }</th> }) }</tr></thead>
    }
}

/// A table of figures: its id, its header row and its [`figures_row`]s.
pub fn figures_table(
    id: &'static str,
    head: &[&str],
    rows: impl IntoIterator<Item = Html>,
) -> Html {
    html! {
        <div class="wide">
            <table {id}>
                { head_row(head) }
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// A wide table that scrolls sideways on a narrow screen: its name (its class and its
/// id), a caption if any, its header row and its body's rows.
pub fn scroll_table(
    name: &'static str,
    caption: Option<&str>,
    head: &[&str],
    rows: impl IntoIterator<Item = Html>,
) -> Html {
    html! {
        <div class="table-scroll">
            <table class={name} id={name}>
                if let Some(caption) = caption {
                    <caption>{ caption }</caption>
                }
                { head_row(head) }
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// A table row: a name, then figures aligned as numbers; an optional class and
/// `data-key` say what the row stands for.
pub fn figures_row(
    class: Option<&'static str>,
    key: Option<String>,
    name: String,
    figures: Vec<String>,
) -> Html {
    html! {
        <tr class={class} data-key={key}>
            <td>{ name }</td>
            { for figures.into_iter().map(|f| html! { <td class="num">{ f }</td> }) }
        </tr>
    }
}
