//! 审核与历史, one saved scenario's review page, opened by `?review=ID` (see
//! `web::review`), so the simulator's first load carries none of it.

fn main() {
    yew::Renderer::<web::review::ReviewPage>::new().render();
}
