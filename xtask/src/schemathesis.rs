//! schemathesis against the real `planner serve`: every operation of `/api/v1/openapi.json`
//! with generated valid and invalid requests, every check, and zero failures allowed.
//! The pinned schemathesis comes from PyPI into a project-local virtualenv
//! (`.tools/schemathesis`, git-ignored), once.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::cmd::{output_of, with_path};
use crate::server::{Profile, TestServer, build_planner, scratch_database};

/// The schemathesis release the run is pinned to.
const VERSION: &str = "4.32.5";
/// The virtualenv it is installed into.
const VENV: &str = ".tools/schemathesis";
/// Generated cases per operation and phase: enough for every parameter's bounds and
/// a spread of bodies, few enough that the whole run stays near two minutes on 2 cores.
const MAX_EXAMPLES: &str = "12";
/// The settings file: where a check is narrowed for some operations, and why.
const CONFIG: &str = "xtask/schemathesis.toml";
/// A fixed seed: the same cases every run, so a failure is reproducible.
const SEED: &str = "13";

/// The schemathesis command of the pinned version, installed when missing.
fn ensure_installed() -> Result<PathBuf> {
    let cli = Path::new(VENV).join("bin/schemathesis");
    let version = output_of(Command::new(&cli).arg("--version")).unwrap_or_default();
    if !version.contains(VERSION) {
        crate::cmd::step(
            "a virtualenv for schemathesis (.tools/schemathesis)",
            Command::new("python3").args(["-m", "venv", VENV]),
        )
        .context("python3 with venv is needed: `apt-get install -y python3-venv`")?;
        crate::cmd::step(
            &format!("install schemathesis {VERSION} from PyPI, once"),
            Command::new(Path::new(VENV).join("bin/pip")).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                &format!("schemathesis=={VERSION}"),
            ]),
        )?;
    }
    Ok(cli)
}

/// An admin API token on the database at `url`: `planner token create`'s last line.
fn admin_token(planner: &Path, url: &str) -> Result<String> {
    let output = with_path(Command::new(planner))
        .args([
            "token",
            "create",
            "--role",
            "admin",
            "--name",
            "schemathesis",
        ])
        .args(["--database", url])
        .stderr(Stdio::inherit())
        .output()
        .context("cannot start planner token create")?;
    if !output.status.success() {
        bail!("planner token create failed");
    }
    String::from_utf8(output.stdout)?
        .lines()
        .last()
        .map(str::to_owned)
        .context("planner token create printed no token")
}

/// schemathesis, every check, against `planner serve` on a fresh SQLite database with an
/// admin token (so every operation is reachable); fails on any failure it reports.
pub fn run() -> Result<()> {
    let cli = ensure_installed()?;
    let planner = build_planner(Profile::Debug)?;
    let (scratch, database) = scratch_database("schemathesis")?;
    let token = admin_token(&planner, &database)?;
    let server = TestServer::spawn(&planner, scratch, &database, String::new(), &[])?;
    server.step(
        &format!(
            "schemathesis {VERSION}: every operation, every check, {MAX_EXAMPLES} examples each"
        ),
        with_path(Command::new(&cli))
            // The one narrowing of a check, and why, are in this file.
            .args(["--config-file", CONFIG])
            .args(["run", &format!("{}/api/v1/openapi.json", server.url)])
            .args(["--url", &server.url])
            .args(["--checks", "all"])
            .args(["--max-examples", MAX_EXAMPLES, "--seed", SEED])
            .args(["--generation-database", "none"])
            // A briefing PDF from the debug build on a busy machine takes seconds.
            .args(["--request-timeout", "60"])
            .args(["--header", &format!("Authorization: Bearer {token}")])
            // One worker: with two, CPython 3.11's parser (hypothesis reads the source
            // of its lambdas) fails at random with "AST constructor recursion depth
            // mismatch", a run-time error of the tool, not a finding.
            .args(["--workers", "1", "--no-color"]),
    )
}
