//! `planner brief`: the briefing PDF of a scenario, optionally compared with another.

use anyhow::Result;
use server::brief::{self, Briefing};

use super::{BriefArgs, load_pair, write_file};

/// Lays out the briefing and writes it to `--output`.
pub(super) fn run(args: BriefArgs) -> Result<String> {
    let (scenario, compare) = load_pair(args.scenario.as_deref(), args.compare.as_deref())?;
    let bytes = brief::pdf(&Briefing {
        scenario: &scenario,
        compare: compare.as_ref(),
        author: args.author,
        date: brief::today(),
        lang: args.lang,
    })?;
    write_file(&args.output, &bytes)
}
