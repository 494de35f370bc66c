//! `planner replan SCENARIO --through Y`: the open years of a stored scenario
//! re-planned from the stored actuals (nothing is saved), as a table of what changes
//! in each open year, or, with `--json`, the body of `POST
//! /api/v1/scenarios/{id}/replan`.

use anyhow::Result;
use api::ReplanBody;
use server::execution::{Stored, replan_answer, stored_scenario};
use server::routes::compute::optimise_error;
use shared::format::{signed_wan, wan};
use shared::plan::{self, Lang};
use shared::replan::ReplanOptions;

use super::table::{bilingual, table};
use super::{ReplanArgs, problems, with_store};

pub(super) fn run(args: &ReplanArgs) -> Result<String> {
    let (scenario, stored) = with_store(&args.database, async |store| {
        let (scenario, _) = stored_scenario(store, args.scenario)
            .await
            .map_err(problems)?;
        let stored = Stored::read(store).await.map_err(problems)?;
        Ok((scenario, stored))
    })?;
    let mut options = ReplanOptions::new(args.objective, args.carry_over);
    options.aim.step = args.step;
    let answer = replan_answer(&scenario, &stored, args.through, &options)
        .map_err(|error| problems(optimise_error(error)))?;
    args.output.print(&answer, text)
}

fn text(answer: &ReplanBody, lang: Lang) -> String {
    let replanned = &answer.replanned;
    let mut text = format!(
        "{}\n{}\n\n",
        replanned.summary.get(lang),
        replanned.note.get(lang)
    );
    let open_years: Vec<Vec<String>> = replanned
        .changes
        .iter()
        .filter(|change| !change.closed)
        .map(|change| {
            vec![
                change.year.to_string(),
                plan::programme(change.programme)
                    .short_name
                    .get(lang)
                    .to_owned(),
                wan(change.before, lang),
                wan(change.after, lang),
                signed_wan(change.delta, lang),
            ]
        })
        .collect();
    let header = [
        ["年份", "Year"],
        ["项目", "Programme"],
        ["调整前", "Before"],
        ["调整后", "After"],
        ["变化", "Change"],
    ]
    .map(|[zh, en]| bilingual(lang, [zh], [en])[0]);
    text.push_str(&table(&header, &open_years));
    text.push_str(match lang {
        Lang::Zh => "\n未保存：用 --json 取得情景，再 POST /api/v1/scenarios 保存为新草稿。\n",
        Lang::En => "\nNot saved: take the scenario from --json and POST it to /api/v1/scenarios as a new draft.\n",
    });
    text
}
