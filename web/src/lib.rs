//! The browser front end: the simulator (the plan's sixteen programmes, sliders that
//! rebalance the envelope, every target recomputed in the page by the model crate),
//! the presentation, the execution view, the review page and the admin's users page.
//! They are WebAssembly binaries over this one library — `web` (`src/main.rs`),
//! `present` (`src/bin/present.rs`), `execution` (`src/bin/execution.rs`, 执行情况),
//! `review` (`src/bin/review.rs`, 审核与历史), `users` (`src/bin/users.rs`, 用户管理) and
//! `explain` (`src/bin/explain.rs`, the text of 计算过程, fetched in the background once
//! the page is interactive) — so a planner's first load carries neither the slides, the
//! execution view, the review page, the users page nor the explanations; `boot.js`
//! loads the page the address asks for (`?present` → the slides, `?execution` → the
//! execution view, `?review=ID` → the review page, `?users` → the users page).

// The browser binaries allocate with Talc, not the default DLmalloc: the same
// behaviour for a smaller module (a first load under its 300 KiB budget) and faster
// allocation.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod api;
pub mod browser;
pub mod components;
pub mod execution;
pub mod explain_module;
pub mod i18n;
pub mod latency;
pub mod present;
pub mod review;
pub mod saved;
pub mod state;
pub mod users;
