//! The browser front end: the release wasm of each binary, its bindings, wasm-opt -Oz
//! and the static files into `web/dist`, each wasm held to its size budgets.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd::{cargo, step, target_dir, with_path};
use crate::tools::{WASM_TARGET, ensure_wasm_opt, ensure_wasm_tools};

/// Where the built front end goes; the server serves it.
pub const WEB_DIST: &str = "web/dist";
/// Size budgets of the release wasm.
const WASM_RAW_BUDGET: u64 = 1024 * 1024;
const WASM_GZIP_BUDGET: u64 = 300 * 1024;

/// Builds the browser front end into `web/dist`: release wasm, bindings, wasm-opt -Oz,
/// the static files; prints the sizes and fails over budget.
pub fn build() -> Result<()> {
    ensure_wasm_tools()?;
    step(
        "front end: wasm32 release build",
        with_path(cargo()).args([
            "build",
            "-p",
            "web",
            "--target",
            WASM_TARGET,
            "--profile",
            "wasm-release",
        ]),
    )?;
    std::fs::create_dir_all(WEB_DIST).context("cannot create web/dist")?;
    let wasm_opt = ensure_wasm_opt()?;
    let built = target_dir().join(WASM_TARGET).join("wasm-release");
    // Binaries over one library: the simulator, the slides, the execution view and the
    // users page it links to, and the 计算过程 module it fetches once it is interactive.
    let mut over = Vec::new();
    for name in ["web", "present", "execution", "users", "explain"] {
        step(
            &format!("front end: wasm-bindgen ({name})"),
            with_path(Command::new("wasm-bindgen"))
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--out-dir",
                    WEB_DIST,
                    "--out-name",
                    name,
                ])
                .arg(built.join(format!("{name}.wasm"))),
        )?;
        let wasm = format!("{WEB_DIST}/{name}_bg.wasm");
        step(
            &format!("front end: wasm-opt -Oz ({name})"),
            // -Oz, then whole-program type flow (GUFA) and -Oz again until nothing
            // shrinks: about 0.5 KiB gzipped off the simulator.
            with_path(Command::new(&wasm_opt)).args([
                "-Oz",
                "--gufa",
                "--converge",
                "-Oz",
                "--strip-producers",
                "--enable-bulk-memory",
                "--enable-sign-ext",
                "--enable-nontrapping-float-to-int",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
                &wasm,
                "-o",
                &wasm,
            ]),
        )?;
        let bytes = std::fs::read(&wasm).with_context(|| format!("cannot read {wasm}"))?;
        let raw = bytes.len() as u64;
        let gzipped = gzip(&bytes)?.len() as u64;
        println!(
            "front end size: {name}_bg.wasm {raw} bytes raw ({:.1} KiB), {gzipped} bytes gzipped ({:.1} KiB); budgets {} KiB raw, {} KiB gzipped",
            raw as f64 / 1024.0,
            gzipped as f64 / 1024.0,
            WASM_RAW_BUDGET / 1024,
            WASM_GZIP_BUDGET / 1024,
        );
        if raw > WASM_RAW_BUDGET || gzipped > WASM_GZIP_BUDGET {
            over.push(format!("{name}_bg.wasm"));
        }
    }
    for file in std::fs::read_dir("web/static").context("cannot read web/static")? {
        let file = file?;
        std::fs::copy(file.path(), Path::new(WEB_DIST).join(file.file_name()))
            .with_context(|| format!("cannot copy {}", file.path().display()))?;
    }
    precompress()?;
    if !over.is_empty() {
        bail!("over its size budget: {}", over.join(", "));
    }
    Ok(())
}

/// Writes `NAME.gz` beside every file of `web/dist`, which the server sends to browsers
/// that accept gzip (`server/src/front_end.rs`); prints what a first visit transfers.
fn precompress() -> Result<()> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(WEB_DIST).with_context(|| format!("cannot read {WEB_DIST}"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "gz") {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        } else if path.is_file() {
            files.push(path);
        }
    }
    let (mut raw, mut sent) = (0, 0);
    for path in files {
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let compressed = gzip(&bytes)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // What the simulator's first visit loads: the page, its style, boot, the
        // simulator and its glue, then the charts module.
        if [
            "index.html",
            "style.css",
            "boot.js",
            "web.js",
            "web_bg.wasm",
            "explain.js",
            "explain_bg.wasm",
        ]
        .contains(&name)
        {
            raw += bytes.len();
            sent += compressed.len();
        }
        let target = format!("{}.gz", path.display());
        std::fs::write(&target, compressed).with_context(|| format!("cannot write {target}"))?;
    }
    println!(
        "front end: gzipped copies written; a first visit to the simulator transfers {sent} bytes ({:.1} KiB) of {raw} ({:.1} KiB)",
        sent as f64 / 1024.0,
        raw as f64 / 1024.0
    );
    Ok(())
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}
