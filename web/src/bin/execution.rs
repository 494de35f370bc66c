//! The execution view's WebAssembly binary (执行情况), opened by `?execution` (see
//! `web::execution`), so the simulator's first load carries none of it.

fn main() {
    yew::Renderer::<web::execution::ExecutionPage>::new().render();
}
