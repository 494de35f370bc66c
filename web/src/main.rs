//! The browser simulator: the plan's sixteen programmes, sliders that rebalance the
//! envelope, and every target recomputed in the page by the model crate.

mod api;
mod browser;
mod components;
mod i18n;
mod latency;
mod present;
mod saved;
mod state;

/// The simulator, or the presentation when the address asks for it (`?present`).
#[yew::component]
fn Root() -> yew::Html {
    if browser::query().contains("present") {
        yew::html! { <present::Presentation /> }
    } else {
        yew::html! { <components::app::App /> }
    }
}

fn main() {
    yew::Renderer::<Root>::new().render();
}
