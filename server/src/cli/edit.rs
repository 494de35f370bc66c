//! `planner edit`: the page's edits on a scenario file — transfer, set, fit — printed
//! as the changed lines or as the API's body, and written back when asked to.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use api::EditedScenario;
use shared::format;
use shared::plan::{self, Lang};
use shared::verdict;
use shared::{Edited, Locks, Year, Years};

use super::table::{bilingual, table};
use super::{EditCommand, Moving, load_scenario, print_json};
use server::words::zh_en;

/// Runs one edit: prints the description and the changed lines (or the API's JSON
/// body) and writes the edited scenario file when asked to.
pub(super) fn run(command: EditCommand) -> Result<String> {
    let (edited, output) = match command {
        EditCommand::Transfer(args) => {
            let scenario = load_scenario(args.scenario.as_deref())?;
            let years = years(args.year);
            let edited = shared::transfer(&scenario, args.from, args.to, args.amount, years)?;
            (edited, args.output)
        }
        EditCommand::Set(args) => {
            let scenario = load_scenario(args.scenario.as_deref())?;
            let Moving { lock, unit } = &args.moving;
            let (id, amount) = (args.programme, args.amount);
            let locks = Locks::of(lock);
            (
                shared::set(&scenario, id, amount, years(args.year), &locks, *unit)?,
                args.output,
            )
        }
        EditCommand::Fit(args) => {
            let edited = shared::fit_envelope(
                &load_scenario(args.scenario.as_deref())?,
                &Locks::of(&args.moving.lock),
                args.moving.unit,
            )?;
            (edited, args.output)
        }
    };
    let lang = output.print.lang;
    let mut text = if output.print.json {
        String::new()
    } else {
        edit_text(&edited, lang)
    };
    if let Some(path) = &output.file {
        std::fs::write(path, edited.scenario.to_json_pretty() + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
        if !output.print.json {
            let _ = writeln!(text, "\nwrote {}", path.display());
        }
    }
    if output.print.json {
        return print_json(&EditedScenario::from(edited));
    }
    Ok(text)
}

/// Every year, or only `--year`.
fn years(year: Option<Year>) -> Years {
    year.map_or(Years::All, Years::One)
}

/// An edit for people: its description, every changed line in 万元, and the gap if
/// the edited scenario does not spend its envelope exactly.
fn edit_text(edited: &Edited, lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}", edited.description.get(lang));
    let _ = writeln!(text);
    if edited.changes.is_empty() {
        let _ = writeln!(
            text,
            "{}",
            zh_en(lang, "没有金额变化。", "no amount changed")
        );
    } else {
        let rows: Vec<_> = edited
            .changes
            .iter()
            .map(|change| {
                vec![
                    change.year.to_string(),
                    plan::programme(change.programme).name.get(lang).to_owned(),
                    format::wan(change.before, lang),
                    format::wan(change.after, lang),
                    format::signed_wan(change.after - change.before, lang),
                ]
            })
            .collect();
        let header = bilingual(
            lang,
            ["年度", "项目", "调整前", "调整后", "变化"],
            ["year", "programme", "before", "after", "change"],
        );
        text.push_str(&table(&header, &rows));
    }
    let gaps = verdict::gaps(&shared::project(&edited.scenario).envelope);
    if !gaps.is_empty() {
        let gap = verdict::gap_text(&gaps, lang);
        writeln_in!(
            text,
            lang,
            "资金不平衡：{gap}；目标均不计为达成。",
            "not balanced: {gap}; no target counts as met"
        );
    }
    text
}
