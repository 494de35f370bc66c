//! `planner project`: every indicator against its target, the envelope by year and
//! the headline KPIs, as a table or as the API's projection body.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use shared::format;
use shared::plan::{self, INDICATORS, Lang, PATHS};
use shared::verdict::{self, Verdict};
use shared::{Projection, Scenario};

use super::table::{bilingual, table};
use super::{Output, load_scenario, print_json};

/// Projects the scenario (the baseline without a file).
pub(super) fn run(scenario: Option<&Path>, output: &Output) -> Result<String> {
    let scenario = load_scenario(scenario)?;
    let projection = shared::project(&scenario);
    if output.json {
        print_json(&projection)
    } else {
        Ok(projection_table(&scenario, &projection, output.lang))
    }
}

/// The human projection: programmes by path with money, result, target and attainment;
/// the envelope by year; the headline KPIs.
pub(super) fn projection_table(scenario: &Scenario, projection: &Projection, lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}",
        shared::scenario::name_in(&projection.scenario, lang)
    );
    if let Some(envelope) = scenario.envelope_override() {
        let (now, plan_amount) = (
            format::yi(envelope, lang),
            format::yi(plan::annual_envelope(), lang),
        );
        let reference = plan::reference_in(plan::ENVELOPE_REFERENCE, lang);
        writeln_in!(
            text,
            lang,
            "已调整规划值：年度资金每年 {now}，规划为 {plan_amount}（{reference}）",
            "PLAN override: envelope {now} a year instead of the plan's {plan_amount} ({reference})"
        );
    }
    for item in &projection.assumption_overrides {
        let (value, default) = (
            format::number(item.value, 3),
            format::number(item.default, 3),
        );
        writeln_in!(
            text,
            lang,
            "已调整假设：{} = {value}（默认 {default}）",
            "ASSUMPTION override: {} = {value} (default {default})",
            item.key
        );
    }
    let _ = writeln!(text);
    let header = bilingual(
        lang,
        [
            "路径",
            "项目",
            "资金(4年)",
            "预测结果",
            "目标",
            "达成率",
            "达成",
        ],
        [
            "path",
            "programme",
            "money (4 yr)",
            "result",
            "target",
            "attainment",
            "verdict",
        ],
    );
    let rows: Vec<Vec<String>> = projection
        .indicators
        .iter()
        .zip(INDICATORS.iter())
        .map(|(row, def)| {
            let programme = plan::programme(row.programme);
            let path = PATHS
                .iter()
                .find(|path| path.id == programme.path)
                .map(|path| path.name.get(lang))
                .unwrap_or_default();
            vec![
                path.to_owned(),
                format!(
                    "{} · {}",
                    programme.short_name.get(lang),
                    def.name.get(lang)
                ),
                format::wan(row.funding, lang),
                format::quantity(row.result, row.unit, lang),
                match row.measured_against() {
                    Some(plan::Goal::Target(target)) => format::quantity(target, row.unit, lang),
                    Some(plan::Goal::Reference(reference)) => {
                        let reference = format::quantity(reference, row.unit, lang);
                        match lang {
                            Lang::Zh => format!("（参照 {reference}）"),
                            Lang::En => format!("({reference} ref)"),
                        }
                    }
                    None => format::NO_VALUE.to_owned(),
                },
                format::attainment_or_none(row.result, row.target),
                row.verdict.mark().to_owned(),
            ]
        })
        .collect();
    text.push_str(&table(&header, &rows));
    let _ = writeln!(text);
    let header = bilingual(
        lang,
        ["年度", "资金总额", "已分配", "未分配"],
        ["year", "envelope", "allocated", "unallocated"],
    );
    let envelope_rows: Vec<Vec<String>> = projection
        .envelope
        .iter()
        .map(|year| {
            vec![
                year.year.to_string(),
                format::yi(year.total, lang),
                format::yi(year.allocated, lang),
                format::wan(year.unallocated, lang),
            ]
        })
        .collect();
    text.push_str(&table(&header, &envelope_rows));
    let gap = verdict::gap_text(&verdict::gaps(&projection.envelope), lang);
    let _ = writeln!(
        text,
        "{}",
        match (projection.feasible, lang) {
            (true, Lang::Zh) => "资金平衡：每年恰好用完。".to_owned(),
            (true, Lang::En) => "balanced: every year spends its envelope exactly".to_owned(),
            (false, Lang::Zh) => format!(
                "资金不平衡：{gap}；目标均不计为达成（{}）。",
                Verdict::Infeasible.mark()
            ),
            (false, Lang::En) => format!(
                "not balanced: {gap}; no target counts as met ({})",
                Verdict::Infeasible.mark()
            ),
        }
    );
    let _ = writeln!(text);
    let header = bilingual(
        lang,
        ["总体目标", "预测", "目标", "达成率", "达成"],
        ["headline", "projected", "target", "attainment", "verdict"],
    );
    let rows: Vec<Vec<String>> = projection
        .kpis
        .iter()
        .map(|(def, kpi)| {
            vec![
                def.name.get(lang).to_owned(),
                format::quantity(kpi.result, def.unit, lang),
                format::quantity(kpi.target, def.unit, lang),
                format::attainment(kpi.result, kpi.target),
                kpi.verdict.mark().to_owned(),
            ]
        })
        .collect();
    text.push_str(&table(&header, &rows));
    text
}
