//! `planner plan` and `planner baseline`: the plan's facts and assumptions with their
//! provenance, and its baseline as a scenario file.

use std::fmt::Write as _;

use anyhow::Result;
use shared::Scenario;
use shared::format;
use shared::plan::{self, INDICATORS, Lang};

use super::Output;
use super::table::table;

/// The plan as a table, or exactly the body of `GET /api/v1/plan`.
pub(super) fn run(output: &Output) -> Result<String> {
    if output.json {
        Ok(server::routes::plan::body().to_owned())
    } else {
        Ok(plan_text(output.lang))
    }
}

/// The plan baseline as a scenario file, a starting point for one's own.
pub(super) fn baseline() -> String {
    Scenario::baseline().to_json_pretty() + "\n"
}

fn plan_text(lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "envelope: {} a year, {} over 2017-2020 [PLAN {}]\n",
        format::yi(plan::annual_envelope(), lang),
        format::yi(plan::annual_envelope().times(4), lang),
        plan::ENVELOPE_REFERENCE
    );
    let rows: Vec<Vec<String>> = INDICATORS
        .iter()
        .map(|def| {
            let programme = plan::programme(def.programme);
            vec![
                programme.name.get(lang).to_owned(),
                def.name.get(lang).to_owned(),
                format::quantity_or_none(def.target, def.unit, lang),
                def.reference.to_owned(),
                format::wan(programme.baseline(), lang),
                programme
                    .earmark
                    .map(|e| format!("{} ({})", format::yi(e.total(), lang), e.reference))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    text.push_str(&table(
        &[
            "programme",
            "indicator",
            "target [PLAN]",
            "ref",
            "baseline/yr",
            "earmark [PLAN]",
        ],
        &rows,
    ));
    let _ = writeln!(text, "\nassumptions [ASSUMPTION]:");
    let rows: Vec<Vec<String>> = shared::params::ParamKey::all()
        .map(|key| {
            let info = key.info();
            vec![
                key.to_string(),
                format::number(info.default, 3),
                format!(
                    "{} – {}",
                    format::number(info.low, 3),
                    format::number(info.high, 3)
                ),
                info.rationale.get(lang).to_owned(),
            ]
        })
        .collect();
    text.push_str(&table(&["key", "default", "range", "meaning"], &rows));
    text
}
