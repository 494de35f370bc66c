//! The admin's users page (用户管理), opened by `?users` (see `web::users`), so the
//! simulator's first load carries none of it.

fn main() {
    yew::Renderer::<web::users::UsersPage>::new().render();
}
