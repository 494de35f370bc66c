//! `planner uncertainty`: Monte Carlo bands of every indicator and KPI and the
//! probability of meeting each target.

use anyhow::Result;
use shared::format;
use shared::plan::{INDICATORS, Text};
use shared::uncertainty::Band;
use std::iter::zip;

use super::table::{bilingual, table};
use super::{UncertaintyArgs, load_scenario, print_json};

/// Runs the draws and prints the bands.
pub(super) fn run(args: &UncertaintyArgs) -> Result<String> {
    let (draws, output) = (args.draws, &args.output);
    let scenario = load_scenario(args.scenario.as_deref())?;
    let result = shared::monte_carlo(&scenario, draws, args.seed);
    if output.json {
        return print_json(&result);
    }
    let lang = output.lang;
    let row = |name: &Text, unit, band: &Band, probability: Option<f64>| {
        let quantity = |value| format::quantity(value, unit, lang);
        let (p10, p50, p90) = (band.p10, band.p50, band.p90);
        let name = name.get(lang).to_owned();
        vec![
            name,
            quantity(p10),
            quantity(p50),
            quantity(p90),
            format::percent_or_none(probability),
        ]
    };
    let indicators = zip(&result.indicators, &INDICATORS).map(|(band, def)| {
        row(
            &def.name,
            def.unit,
            &band.band,
            band.probability_meeting_target,
        )
    });
    let kpis = result.kpis.iter().map(|kpi| {
        let def = kpi.key.headline();
        row(
            &def.name,
            def.unit,
            &kpi.band,
            Some(kpi.probability_meeting_target),
        )
    });
    let rows: Vec<Vec<String>> = indicators.chain(kpis).collect();
    let header = bilingual(
        lang,
        ["指标", "P10", "P50", "P90", "达标概率"],
        ["indicator", "P10", "P50", "P90", "P(meet target)"],
    );
    Ok(format!(
        "{} draws, seed {}: {}\n\n{}",
        result.draws,
        result.seed,
        result.note,
        table(&header, &rows)
    ))
}
