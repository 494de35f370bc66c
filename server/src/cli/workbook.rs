//! `planner workbook`: the Excel workbook of a scenario file, optionally compared with
//! the plan baseline or another scenario file — the same workbook as
//! `GET /api/v1/scenarios/{id}/workbook.xlsx`.

use std::path::Path;

use anyhow::{Context, Result};
use server::workbook::{self, Request};
use shared::Scenario;

use super::{WorkbookArgs, load_scenario, write_file};

/// What `--compare` names when it is not a file.
const BASELINE: &str = "baseline";

/// Writes the workbook to `--output`.
pub(super) fn run(args: &WorkbookArgs) -> Result<String> {
    let scenario = load_scenario(Some(&args.scenario))?;
    let compare = match args.compare.as_deref() {
        None => None,
        Some(BASELINE) => Some(Scenario::baseline()),
        Some(path) => Some(load_scenario(Some(Path::new(path)))?),
    };
    let bytes = workbook::write(&Request {
        scenario: &scenario,
        compare: compare.as_ref(),
        lang: args.lang,
    })
    .context("cannot lay out the workbook")?;
    write_file(&args.output, &bytes)
}
