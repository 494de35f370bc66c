//! `cargo xtask test`: every check and suite, in the order CI runs them — formatting,
//! clippy (native and wasm32), the dependency direction, the front end within its
//! budgets, docs, the native tests, the wasm32 golden vectors, schemathesis against the
//! server, the browser suites.

use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::cmd::{cargo, output_of, step, with_path};
use crate::server::TestServer;
use crate::tools::{
    WASM_TARGET, browser_dependencies, ensure_browser, ensure_haproxy, ensure_libreoffice,
    ensure_postgres, ensure_wasm_tools,
};

/// Crates the model crate must never depend on (no I/O, no runtime, no UI).
const FORBIDDEN_IN_SHARED: &[&str] = &[
    "tokio",
    "actix-web",
    "actix-rt",
    "sea-orm",
    "sqlx",
    "yew",
    "web-sys",
    "reqwest",
];
/// Where the browser suites leave their screenshots.
const ARTIFACTS: &str = "tests/artifacts";

pub fn all() -> Result<()> {
    let started = Instant::now();
    ensure_wasm_tools()?;
    // Chinese chart labels need the CJK font, the browser suites need Chromium.
    ensure_browser()?;
    step(
        "formatting",
        with_path(cargo()).args(["fmt", "--all", "--check"]),
    )?;
    clippy("clippy, native", &["--workspace", "--all-targets"])?;
    clippy(
        "clippy, wasm32 (model crate)",
        &["-p", "shared", "--target", WASM_TARGET, "--lib", "--tests"],
    )?;
    clippy(
        "clippy, wasm32 (front end)",
        &["-p", "web", "--target", WASM_TARGET],
    )?;
    check_shared_dependencies()?;
    crate::web::build()?;
    step(
        "docs",
        with_path(cargo())
            .args(["doc", "--workspace", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    ensure_postgres()?;
    ensure_libreoffice()?;
    // The multi-instance suite (server/tests/balanced.rs) runs two instances behind it.
    ensure_haproxy()?;
    step(
        "native tests (unit, property, golden, integration on SQLite and PostgreSQL, two instances behind HAProxy)",
        with_path(cargo()).args(["test", "--workspace"]),
    )?;
    step(
        "wasm32 golden vectors in Node.js (native = wasm, bit for bit)",
        with_path(cargo()).args([
            "test",
            "-p",
            "shared",
            "--target",
            WASM_TARGET,
            "--test",
            "wasm_golden",
        ]),
    )?;
    crate::schemathesis::run()?;
    browser_tests()?;
    println!(
        "\nxtask test: every check and suite passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Clippy on what `scope` selects, every warning an error.
fn clippy(name: &str, scope: &[&str]) -> Result<()> {
    step(
        name,
        with_path(cargo())
            .arg("clippy")
            .args(scope)
            .args(["--", "-D", "warnings"]),
    )
}

/// The dependency direction is an invariant: the model crate pulls no runtime, database
/// or UI crate, and builds for wasm32; the contract crate, as the browser takes it (no
/// features), pulls none either.
fn check_shared_dependencies() -> Result<()> {
    // Every feature of the model crate: the charts and the OpenAPI schemas must not pull
    // a runtime either. The contract crate's `db` feature is the server's alone.
    for (package, features) in [
        ("shared", "--all-features"),
        ("api", "--no-default-features"),
    ] {
        println!(
            "\n==> dependency direction: {package} ({features}) depends on none of {FORBIDDEN_IN_SHARED:?}"
        );
        let tree = output_of(with_path(cargo()).args([
            "tree", "-p", package, features, "-e", "normal", "--prefix", "none",
        ]))
        .context("cargo tree failed")?;
        let offenders: Vec<&str> = tree
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|name| FORBIDDEN_IN_SHARED.contains(name))
            .collect();
        if !offenders.is_empty() {
            bail!("{package} depends on {offenders:?}; it must stay free of I/O and runtimes");
        }
        println!("<== dependency direction: ok");
    }
    step(
        "the model crate builds for wasm32",
        with_path(cargo()).args(["check", "-p", "shared", "--target", WASM_TARGET]),
    )
}

/// The browser suites against the real `planner serve` with a fresh SQLite database.
fn browser_tests() -> Result<()> {
    browser_dependencies()?;
    let server = TestServer::start()?;
    let files = [
        "simulator.test.mjs",
        "planner.test.mjs",
        "presentation.test.mjs",
        "accessibility.test.mjs",
        "layout.test.mjs",
        "server.test.mjs",
        "users.test.mjs",
        "review.test.mjs",
        "allocations.test.mjs",
        "keyboard.test.mjs",
        // After the slides' suite: the actuals it stores add slides to a signed-in deck.
        "execution.test.mjs",
        // Last: every view, the execution view with the actuals stored before it.
        "language.test.mjs",
    ];
    server.step(
        &format!("browser tests in headless Chromium: {}", files.join(", ")),
        server
            .node()
            .args(["--test", "--test-concurrency=1"])
            .args(files),
    )?;
    // Last: this one stops the server to show the page works without it.
    server.step(
        "browser test with the server stopped: offline.test.mjs",
        server
            .node()
            .args(["--test", "--test-concurrency=1", "offline.test.mjs"]),
    )?;
    println!("screenshots: {ARTIFACTS}/*.png");
    Ok(())
}
