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
pub mod programmes;
pub mod toolbar;

use shared::Money;
use shared::plan::{Lang, Text};
use yew::prelude::*;

use crate::state::Action;

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

/// Parses an amount typed in 万元 into whole yuan; `None` for anything else.
pub fn money_from_wan(text: &str) -> Option<Money> {
    let wan = Money::parse(text.trim()).ok()?;
    let yuan = wan.mul_ratio(Money::WAN, Money::yuan(1)).floor_yuan();
    (!yuan.is_negative()).then_some(yuan)
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
