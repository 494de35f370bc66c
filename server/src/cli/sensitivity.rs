//! `planner sensitivity`: a KPI with each assumption at its low and high value, the
//! largest swings first (a tornado as a table).

use anyhow::Result;
use shared::format;

use super::table::{bilingual, table};
use super::{SensitivityArgs, load_scenario, print_json};

/// Prints the `--top` largest swings of `--kpi`.
pub(super) fn run(args: &SensitivityArgs) -> Result<String> {
    let (kpi, output) = (args.kpi, &args.output);
    let scenario = load_scenario(args.scenario.as_deref())?;
    let result = shared::sensitivity(&scenario, kpi);
    if output.json {
        return print_json(&result);
    }
    let mut text = format!("{}: {}\n\n", kpi.as_str(), format::number(result.base, 4));
    let rows: Vec<Vec<String>> = result
        .bars
        .iter()
        .take(args.top)
        .map(|bar| {
            vec![
                bar.key.to_string(),
                format!(
                    "{} – {}",
                    format::number(bar.low, 3),
                    format::number(bar.high, 3)
                ),
                format::number(bar.kpi_at_low, 4),
                format::number(bar.kpi_at_high, 4),
                format::number(bar.swing, 4),
            ]
        })
        .collect();
    let header = bilingual(
        output.lang,
        ["假设", "范围", "取低值时", "取高值时", "摆幅"],
        ["assumption", "range", "at low", "at high", "swing"],
    );
    text.push_str(&table(&header, &rows));
    Ok(text)
}
