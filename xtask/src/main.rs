//! Project automation, in Rust so it runs wherever cargo does:
//!
//! - `cargo xtask run [-- ARGS]`: installs what the build needs, builds everything in
//!   release mode and runs `planner ARGS` (by default `planner serve`).
//! - `cargo xtask test`: installs what the tests need and runs every check and suite:
//!   formatting, clippy (native and wasm32), the dependency-direction invariant, docs,
//!   the native tests, and the wasm32 golden-vector test in Node.js. Nothing is skipped
//!   silently: a missing tool is installed or the run fails saying which.
//! - `cargo xtask bench [-- PART ...]`: the benchmarks, each against its budget: `model`
//!   and `documents` (criterion), `api` and `api-postgres` (wrk against the release
//!   server on SQLite or PostgreSQL), `balanced` (wrk through HAProxy in front of two
//!   instances on one PostgreSQL database) and `browser` (input-to-frame latency in headless
//!   Chromium); every part when none is named.
//! - `cargo xtask web`: the browser front end into `web/dist`, within its size budgets.
//!
//! This file parses the arguments and dispatches; each task lives in its own module.

mod bench;
mod cmd;
mod load;
mod schemathesis;
mod server;
mod test;
mod tools;
mod web;

use std::env;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

fn main() {
    if let Err(error) = try_main() {
        eprintln!("xtask: error: {error:#}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<()> {
    let mut args = env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.skip_while(|a| a == "--").collect();
    let root = project_root()?;
    env::set_current_dir(&root).context("cannot enter the project root")?;
    match task.as_str() {
        "run" => server::run(&rest),
        "test" => test::all(),
        "bench" => bench::run(&rest),
        "web" => web::build(),
        _ => {
            eprintln!(
                "usage: cargo xtask <run [-- ARGS] | test | bench [-- PART ...] | web>\n\n\
                 run    build everything (release) and run `planner ARGS` (default: serve)\n\
                 test   every check and test suite, as CI runs them\n\
                 bench  the benchmarks against their budgets; parts: {}\n\
                 web    build the browser front end into web/dist",
                bench::PARTS.join(", ")
            );
            bail!("unknown task `{task}`")
        }
    }
}

fn project_root() -> Result<PathBuf> {
    let manifest = env::var("CARGO_MANIFEST_DIR").context("run me through `cargo xtask`")?;
    Path::new(&manifest)
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent folder")
}
