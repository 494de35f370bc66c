//! `planner optimize`: the best annual split under the scenario's envelope,
//! assumptions and floors, with the targets it breaks and every line's change.

use std::fmt::Write as _;

use anyhow::Result;
use serde::Serialize;
use shared::format;
use shared::plan::{self, Lang};
use shared::{Locks, OptimiseOptions, Optimised, Projection};

use super::project::projection_table;
use super::table::{bilingual, table};
use super::{OptimizeArgs, load_scenario, print_json};
use server::words::zh_en;

/// Optimises and prints the proposal with its projection.
pub(super) fn run(request: OptimizeArgs) -> Result<String> {
    let output = &request.output;
    let scenario = load_scenario(request.scenario.as_deref())?;
    let mut options = OptimiseOptions::new(request.objective);
    options.aim.step = request.step;
    options.locks = Locks::of(&request.lock);
    for &(id, amount) in &request.min {
        options.aim.min[id.index()] = Some(amount);
    }
    for &(id, amount) in &request.max {
        options.aim.max[id.index()] = Some(amount);
    }
    for key in &request.keep {
        if key == "all" {
            options.aim.keep_all();
        } else {
            options.aim.keep_target(key);
        }
    }
    let optimised = shared::optimise(&scenario, &options)?;
    let projection = shared::project(&optimised.scenario);
    if output.json {
        print_json(&OptimizeJson {
            optimised: &optimised,
            projection: &projection,
        })
    } else {
        Ok(optimize_text(&optimised, &projection, output.lang))
    }
}

/// `planner optimize --json`: the API's answer and the proposal's projection.
#[derive(Serialize)]
struct OptimizeJson<'a> {
    #[serde(flatten)]
    optimised: &'a Optimised,
    projection: &'a Projection,
}

/// The proposal for people: what it achieves, the targets it breaks, every line's
/// change, then its projection.
fn optimize_text(optimised: &Optimised, projection: &Projection, lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}", optimised.summary.get(lang));
    let _ = writeln!(text, "{}", optimised.note.get(lang));
    if !optimised.unreachable.is_empty() {
        let _ = writeln!(
            text,
            "{}: {}",
            match lang {
                Lang::Zh => "在锁定或限定的金额下无法达成",
                Lang::En => "unreachable with the locked or capped amounts",
            },
            optimised.unreachable.join(", ")
        );
    }
    let _ = writeln!(text);
    if optimised.broken_targets.is_empty() {
        let none = zh_en(
            lang,
            "没有原已达成的目标落空。",
            "no target met now is broken",
        );
        let _ = writeln!(text, "{none}");
    } else {
        let _ = writeln!(
            text,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "此方案使 {} 项原已达成的目标落空：",
                    optimised.broken_targets.len()
                ),
                Lang::En => format!(
                    "targets met now that the proposal breaks ({}):",
                    optimised.broken_targets.len()
                ),
            }
        );
        let header = bilingual(
            lang,
            ["目标", "规划目标", "现方案", "优化方案", "缺口"],
            ["target", "plan target", "current", "proposed", "shortfall"],
        );
        let rows: Vec<_> = optimised
            .broken_targets
            .iter()
            .map(|broken| {
                vec![
                    format!("{} ({})", broken.name.get(lang), broken.key),
                    format::quantity(broken.target, broken.unit, lang),
                    format::quantity(broken.before, broken.unit, lang),
                    format::quantity(broken.after, broken.unit, lang),
                    format::quantity(broken.shortfall, broken.unit, lang),
                ]
            })
            .collect();
        text.push_str(&table(&header, &rows));
    }
    let _ = writeln!(text);
    let rows: Vec<Vec<String>> = optimised
        .changes
        .iter()
        .map(|change| {
            let before = format::wan(change.before_per_year, lang);
            vec![
                plan::programme(change.programme).name.get(lang).to_owned(),
                if change.before_varies {
                    match lang {
                        Lang::Zh => format!("{before}（四年平均）"),
                        Lang::En => format!("{before} (mean of 4 years)"),
                    }
                } else {
                    before
                },
                format::wan(change.after_per_year, lang),
                format::signed_wan(change.change_per_year, lang),
            ]
        })
        .collect();
    let header = bilingual(
        lang,
        ["项目", "现方案(每年)", "优化方案(每年)", "变化(每年)"],
        [
            "programme",
            "current (a year)",
            "proposed (a year)",
            "change (a year)",
        ],
    );
    text.push_str(&table(&header, &rows));
    let _ = writeln!(text);
    text.push_str(&projection_table(&optimised.scenario, projection, lang));
    text
}
