//! `planner plan` and `planner baseline`: the plan's facts and assumptions with their
//! provenance, and its baseline as a scenario file.

use std::fmt::Write as _;

use anyhow::Result;
use shared::Scenario;
use shared::format;
use shared::plan::{self, INDICATORS, Lang};

use super::Output;
use super::table::{bilingual, table};
use server::words::zh_en;

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
    let envelope = plan::source_in(
        plan::Provenance::Plan {
            reference: plan::ENVELOPE_REFERENCE,
        },
        lang,
    );
    let (yearly, total) = (
        format::yi(plan::annual_envelope(), lang),
        format::yi(
            plan::annual_envelope().times(shared::ids::YEAR_COUNT as i64),
            lang,
        ),
    );
    writeln_in!(
        text,
        lang,
        "年度资金：每年 {yearly}，2017–2020 年共 {total} [{envelope}]\n",
        "envelope: {yearly} a year, {total} over 2017-2020 [{envelope}]\n"
    );
    let rows: Vec<Vec<String>> = INDICATORS
        .iter()
        .map(|def| {
            let programme = plan::programme(def.programme);
            vec![
                programme.name.get(lang).to_owned(),
                def.name.get(lang).to_owned(),
                format::quantity_or_none(def.target, def.unit, lang),
                plan::reference_in(def.reference, lang),
                format::wan(programme.baseline(), lang),
                programme
                    .earmark
                    .map(|e| {
                        format!(
                            "{} ({})",
                            format::yi(e.total(), lang),
                            plan::reference_in(e.reference, lang)
                        )
                    })
                    .unwrap_or_default(),
            ]
        })
        .collect();
    text.push_str(&table(
        &bilingual(
            lang,
            [
                "项目",
                "指标",
                "目标 [规划]",
                "出处",
                "基线/年",
                "专项资金 [规划]",
            ],
            [
                "programme",
                "indicator",
                "target [PLAN]",
                "ref",
                "baseline/yr",
                "earmark [PLAN]",
            ],
        ),
        &rows,
    ));
    let _ = writeln!(
        text,
        "\n{}",
        zh_en(lang, "假设 [假设]：", "assumptions [ASSUMPTION]:")
    );
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
    text.push_str(&table(
        &bilingual(
            lang,
            ["参数", "默认", "不确定范围", "含义"],
            ["key", "default", "range", "meaning"],
        ),
        &rows,
    ));
    text
}
