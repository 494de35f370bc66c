//! The simulator's WebAssembly binary (the slides are `src/bin/present.rs`).

fn main() {
    yew::Renderer::<web::components::app::App>::new().render();
}
