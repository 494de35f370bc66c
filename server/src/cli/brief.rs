//! `planner brief`: the briefing PDF of a scenario, optionally compared with another,
//! with the execution pages when closed years' actuals are given.

use anyhow::{Context, Result, bail};
use server::brief::{self, Briefing};
use shared::Scenario;
use shared::execution::{Actuals, Execution, YearActuals, execution};
use shared::ids::Year;

use super::{BriefArgs, load_pair, write_file};

/// Lays out the briefing and writes it to `--output`.
pub(super) fn run(args: BriefArgs) -> Result<String> {
    let (scenario, compare) = load_pair(args.scenario.as_deref(), args.compare.as_deref())?;
    let executed = executed(&scenario, &args.actuals)?;
    let bytes = brief::pdf(&Briefing {
        scenario: &scenario,
        compare: compare.as_ref(),
        author: args.author,
        date: brief::today(),
        lang: args.lang,
        execution: executed.as_ref(),
    })?;
    write_file(&args.output, &bytes)
}

/// The execution through the last year of `--actuals YEAR=FILE`, if any are given;
/// without year plans, the scenario's own amounts are what was planned.
fn executed(scenario: &Scenario, given: &[String]) -> Result<Option<Execution>> {
    let mut actuals = Actuals::none();
    let mut through = None;
    for spec in given {
        let Some((year, path)) = spec.split_once('=') else {
            bail!("--actuals takes YEAR=FILE, not `{spec}`");
        };
        let year = Year::parse(year)
            .with_context(|| format!("--actuals {spec}: the year must be 2017 to 2020"))?;
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read actuals file {path}"))?;
        let year_actuals =
            YearActuals::from_json(&text).with_context(|| format!("in actuals file {path}"))?;
        actuals.set(year, year_actuals);
        through = through.max(Some(year));
    }
    Ok(
        through
            .map(|through| execution(scenario, scenario.allocations(), &actuals, through, false)),
    )
}
