//! `cargo xtask bench [PART ...]`: the benchmarks, each against its budget.

use anyhow::{Result, bail};

use crate::cmd::{cargo, step, with_path};
use crate::load::{LoadDatabase, api_load, balanced_load};
use crate::server::{Profile, TestServer, build_planner};

/// The parts of `cargo xtask bench`, in the order they run.
pub const PARTS: &[&str] = &[
    "model",
    "documents",
    "api",
    "api-postgres",
    "balanced",
    "browser",
];

/// Every part, or the ones named.
pub fn run(args: &[String]) -> Result<()> {
    for part in args {
        if !PARTS.contains(&part.as_str()) {
            bail!(
                "unknown benchmark `{part}`: the parts are {}",
                PARTS.join(", ")
            );
        }
    }
    let wanted = |part: &str| args.is_empty() || args.iter().any(|arg| arg == part);
    if wanted("model") {
        step(
            "criterion benchmarks of the model (budgets: projection <= 10 us, optimise <= 2 ms, 10,000 draws <= 50 ms)",
            with_path(cargo()).args(["bench", "-p", "shared", "--bench", "model"]),
        )?;
    }
    if wanted("documents") {
        step(
            "criterion benchmarks of chart images and the briefing (budgets: PNG <= 100 ms, PDF <= 1 s)",
            with_path(cargo()).args(["bench", "-p", "server", "--bench", "documents"]),
        )?;
    }
    if wanted("api") {
        api_load(LoadDatabase::Sqlite)?;
    }
    if wanted("api-postgres") {
        api_load(LoadDatabase::Postgres)?;
    }
    if wanted("balanced") {
        balanced_load()?;
    }
    if wanted("browser") {
        crate::web::build()?;
        build_planner(Profile::Debug)?;
        crate::tools::browser_dependencies()?;
        let server = TestServer::start()?;
        server.step(
            "browser latency benchmark (budgets: median <= 16 ms, p95 <= 33 ms, first load <= 1 s)",
            server.node().arg("latency.bench.mjs"),
        )?;
    }
    Ok(())
}
