//! The presentation's WebAssembly binary: full-screen slides of one scenario or a
//! comparison, opened by `?present` (see `web::present`).

fn main() {
    yew::Renderer::<web::present::Presentation>::new().render();
}
