//! What the builds, checks and suites need on the machine, installed when missing: the
//! wasm target, the pinned wasm-bindgen CLI, wasm-opt and the browser tests' modules
//! from npm, Debian's packages; and the local PostgreSQL, started when down.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd::{cargo, output_of, step, with_path};

/// Must equal the `wasm-bindgen` version pinned in the workspace `Cargo.toml`.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// wasm-opt from npm (Debian's binaryen 108 cannot read current output).
const BINARYEN_VERSION: &str = "132.0.0";
/// Where the npm-installed tools live, inside the project.
const NPM_TOOLS: &str = ".tools";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The browser suites and their npm modules.
pub const E2E: &str = "tests/e2e";

/// Installs the wasm target and the wasm-bindgen CLI of the pinned version.
pub fn ensure_wasm_tools() -> Result<()> {
    let installed = output_of(&mut with_path(rustup_command(&[
        "target",
        "list",
        "--installed",
    ])))
    .unwrap_or_default();
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        step(
            "install the wasm32 target",
            &mut with_path(rustup_command(&["target", "add", WASM_TARGET])),
        )?;
    }
    let version =
        output_of(with_path(Command::new("wasm-bindgen")).arg("--version")).unwrap_or_default();
    if !version.contains(WASM_BINDGEN_VERSION)
        || output_of(with_path(Command::new("wasm-bindgen-test-runner")).arg("--version")).is_none()
    {
        // No --locked: the CLI's own lock file wants a crate newer than the registry has.
        step(
            &format!("install wasm-bindgen-cli {WASM_BINDGEN_VERSION} (about 3 minutes, once)"),
            with_path(cargo()).args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN_VERSION,
            ]),
        )?;
    }
    if output_of(with_path(Command::new("node")).arg("--version")).is_none() {
        bail!(
            "Node.js is needed to run the wasm32 tests; install it with `apt-get install -y nodejs`"
        );
    }
    Ok(())
}

fn rustup_command(args: &[&str]) -> Command {
    let mut command = Command::new("rustup");
    command.args(args);
    command
}

/// wasm-opt of the pinned binaryen, from npm into `.tools` (once); its path.
pub fn ensure_wasm_opt() -> Result<PathBuf> {
    let wasm_opt = Path::new(NPM_TOOLS).join("node_modules/.bin/wasm-opt");
    if !wasm_opt.exists() {
        step(
            &format!("install wasm-opt (npm binaryen@{BINARYEN_VERSION}, once)"),
            with_path(Command::new("npm")).args([
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                NPM_TOOLS,
                &format!("binaryen@{BINARYEN_VERSION}"),
            ]),
        )?;
    }
    Ok(wasm_opt)
}

/// Debian's Chromium, a CJK font (so Chinese renders as text in screenshots, PNGs and
/// PDFs) and poppler-utils (to read the PDFs back in tests).
pub fn ensure_browser() -> Result<()> {
    ensure_debian_packages(
        "chromium, a CJK font and poppler-utils",
        &[
            (CHROMIUM, "chromium"),
            (
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                "fonts-wqy-microhei",
            ),
            ("/usr/bin/pdftotext", "poppler-utils"),
        ],
    )
}

/// The browser and the browser tests' npm modules.
pub fn browser_dependencies() -> Result<()> {
    ensure_browser()?;
    step(
        "browser test dependencies (playwright-core, no browser download)",
        with_path(Command::new("npm"))
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(E2E),
    )
}

/// LibreOffice Calc without its desktop (`soffice --headless`), so the workbook test
/// checks LibreOffice's own recalculation instead of skipping it. About 150 MB from
/// Debian, once.
pub fn ensure_libreoffice() -> Result<()> {
    ensure_debian_packages(
        "LibreOffice Calc (headless), for the workbook test",
        &[("/usr/bin/soffice", "libreoffice-calc-nogui")],
    )
}

/// The HTTP load generator of the API benchmark.
pub fn ensure_wrk() -> Result<()> {
    ensure_debian_packages("wrk", &[("/usr/bin/wrk", "wrk")])
}

/// The load balancer of the multi-instance suite and benchmark.
pub fn ensure_haproxy() -> Result<()> {
    ensure_debian_packages("HAProxy", &[("/usr/sbin/haproxy", "haproxy")])
}

/// Installs from Debian's packages each package whose file is missing (as root), or
/// fails saying the command that would.
fn ensure_debian_packages(what: &str, needed: &[(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = needed
        .iter()
        .filter(|(file, _)| !Path::new(file).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if output_of(Command::new("id").arg("-u"))
        .as_deref()
        .map(str::trim)
        != Some("0")
    {
        bail!(
            "this needs {what} from Debian's packages; install them with \
             `sudo apt-get install -y {}` and run again",
            missing.join(" ")
        );
    }
    step(
        "apt-get update",
        Command::new("apt-get").args(["update", "-qq"]),
    )?;
    step(
        &format!("install {what} from Debian ({}), once", missing.join(", ")),
        Command::new("apt-get")
            .args(["install", "-y", "-qq"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Whether PostgreSQL accepts connections at 127.0.0.1:5432 (a TCP connect, no query).
fn postgres_listens() -> bool {
    std::net::TcpStream::connect(("127.0.0.1", 5432)).is_ok()
}

/// The API's integration tests run against PostgreSQL at 127.0.0.1:5432 too; start the
/// local cluster if it is down (machines of this kind have one, started before CI).
pub fn ensure_postgres() -> Result<()> {
    if postgres_listens() {
        return Ok(());
    }
    let versions = std::fs::read_dir("/etc/postgresql")
        .context("PostgreSQL is not running at 127.0.0.1:5432 and no local cluster is installed")?;
    for version in versions.flatten() {
        let version = version.file_name().to_string_lossy().into_owned();
        let _ = step(
            &format!("start PostgreSQL {version}"),
            Command::new("pg_ctlcluster").args([
                "--skip-systemctl-redirect",
                &version,
                "main",
                "start",
            ]),
        );
    }
    for _ in 0..50 {
        if postgres_listens() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    bail!("PostgreSQL is not answering at 127.0.0.1:5432; the API's tests need it")
}
