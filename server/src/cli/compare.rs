//! `planner compare`: two scenarios side by side — every line's change of money, then
//! every indicator and KPI (b − a).

use std::iter::zip;
use std::path::Path;

use anyhow::Result;
use server::words::{self, change_row};
use shared::format;
use shared::plan::{self, INDICATORS};

use super::table::table;
use super::{Output, load_scenario, print_json};

/// Compares scenario `a` with scenario `b`.
pub(super) fn run(a: &Path, b: &Path, output: &Output) -> Result<String> {
    let a = load_scenario(Some(a))?;
    let b = load_scenario(Some(b))?;
    let comparison = shared::compare(&a, &b);
    if output.json {
        return print_json(&comparison);
    }
    let lang = output.lang;
    let mut text = format!("a = {}\nb = {}\n\n", comparison.a, comparison.b);
    let rows: Vec<Vec<String>> = comparison
        .allocations
        .iter()
        .map(|row| {
            vec![
                plan::programme(row.programme).name.get(lang).to_owned(),
                format::signed_wan(row.total_delta, lang),
            ]
        })
        .collect();
    text.push_str(&table(&["programme", "Δ money (4 yr)"], &rows));
    text.push('\n');
    let mut rows: Vec<Vec<String>> = zip(&comparison.indicators, &INDICATORS)
        .map(|(row, def)| change_row(&def.name, def.unit, (row.a, row.b, row.delta), 2, lang))
        .collect();
    rows.extend(words::kpi_changes(&comparison, lang));
    text.push_str(&table(&["indicator", "a", "b", "Δ"], &rows));
    Ok(text)
}
