//! The browser simulator: the plan's sixteen programmes, sliders that rebalance the
//! envelope, and every target recomputed in the page by the model crate.

mod api;
mod app;
mod browser;
mod i18n;
mod latency;
mod saved;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
