//! The assessment's tables: per programme and indicator, per responsible department,
//! the status legend with its thresholds, and the re-forecast of every target.

use shared::execution::{Assessment, AssessmentStatus, DepartmentRow, Execution, Thresholds};
use shared::format;
use shared::plan::{self, INDICATORS, IndicatorFacts, Lang};
use shared::{KpiKey, Money};
use yew::prelude::*;

use super::words as w;
use crate::components::scroll_table;

/// 万元 with one decimal (in English CNY million with two), or "—".
fn wan_or_none(amount: Option<Money>, lang: Lang) -> String {
    let (per, dp) = match lang {
        Lang::Zh => (1e4, 1),
        Lang::En => (1e6, 2),
    };
    amount.map_or_else(
        || format::NO_VALUE.to_owned(),
        |amount| format::number(amount.to_f64_lossy() / per, dp),
    )
}

/// CNY with no decimals (a cost per unit), or "—".
fn yuan_or_none(amount: Option<Money>) -> String {
    amount.map_or_else(
        || format::NO_VALUE.to_owned(),
        |amount| format::number(amount.to_f64_lossy(), 0),
    )
}

/// The indicator's name in the plan's table of indicators ("" if it has none).
fn indicator_name(facts: &IndicatorFacts, lang: Lang) -> &'static str {
    INDICATORS
        .iter()
        .find(|def| def.programme == facts.programme && def.indicator == facts.indicator)
        .map_or("", |def| def.name.get(lang))
}

/// The status as a badge: its name, its class (`on_track`, …) for colour.
pub fn status_badge(status: AssessmentStatus, lang: Lang) -> Html {
    html! {
        <span class={classes!("badge", "status", status.as_str())}>{ status.name().get(lang) }</span>
    }
}

/// The legend: every status with the rule that decides it.
pub fn legend(thresholds: &Thresholds, lang: Lang) -> Html {
    html! {
        <p class="small legend" id="status-legend">
            <strong>{ w::labelled(lang, w::THRESHOLDS, "") }</strong>
            { for thresholds.statuses.iter().map(|rule| html! {
                <span class="legend-item">{ status_badge(rule.status, lang) }{ format!(" {}", rule.rule.get(lang)) }</span>
            }) }
        </p>
    }
}

/// Per programme and indicator: plan, spent, 执行率, outputs, 完成率, costs, status.
pub fn assessment_table(assessment: &Assessment, lang: Lang) -> Html {
    let l = lang;
    let header = [
        w::PROGRAMME.get(l),
        w::INDICATOR.get(l),
        w::PLANNED.get(l),
        w::SPENT.get(l),
        w::EXECUTION_RATE.get(l),
        w::PLANNED_OUTPUT.get(l),
        w::ACTUAL_OUTPUT.get(l),
        w::ATTAINMENT.get(l),
        w::COST_ACTUAL.get(l),
        w::COST_MODEL.get(l),
        w::STATUS.get(l),
    ];
    let mut previous = None;
    let rows = assessment.rows.iter().map(|row| {
        // A programme's money shows once, on its first indicator.
        let first = previous.replace(row.facts.programme) != Some(row.facts.programme);
        let name = plan::programme(row.facts.programme).short_name.get(l);
        html! {
            <tr data-key={format!("{}.{}", row.facts.programme, row.facts.indicator)} class={classes!(first.then_some("first"))}>
                <td>{ if first { name } else { "" } }</td>
                <td>{ indicator_name(&row.facts, l) }</td>
                <td class="num">{ if first { wan_or_none(Some(row.planned_amount), l) } else { String::new() } }</td>
                <td class="num">{ if first { wan_or_none(row.spent, l) } else { String::new() } }</td>
                <td class="num">{ if first { format::percent_or_none(row.execution_rate) } else { String::new() } }</td>
                <td class="num">{ format::quantity(row.planned_output, row.facts.unit, l) }</td>
                <td class="num">{ format::quantity_or_none(row.actual_output, row.facts.unit, l) }</td>
                <td class="num">{ format::percent_or_none(row.attainment) }</td>
                <td class="num">{ yuan_or_none(row.cost_per_unit_actual) }</td>
                <td class="num">{ yuan_or_none(row.cost_per_unit_model) }</td>
                <td>{ status_badge(row.status, l) }</td>
            </tr>
        }
    });
    scroll_table("assessment", Some(assessment.words.get(l)), &header, rows)
}

/// Per responsible department: plan, spent, 执行率 and the count of each status.
pub fn departments_table(rows: &[DepartmentRow], lang: Lang) -> Html {
    let l = lang;
    let header = [
        w::DEPARTMENT.get(l),
        w::PLANNED.get(l),
        w::SPENT.get(l),
        w::EXECUTION_RATE.get(l),
        w::COUNTS.get(l),
    ];
    let body = rows.iter().map(|row| {
        html! {
            <tr data-key={row.department.zh}>
                <td>{ row.department.get(l) }</td>
                <td class="num">{ wan_or_none(Some(row.planned), l) }</td>
                <td class="num">{ wan_or_none(Some(row.spent), l) }</td>
                <td class="num">{ format::percent_or_none(row.execution_rate) }</td>
                <td class="num">{ format!("{} / {} / {} / {}", row.on_track, row.at_risk, row.off_track, row.not_reported) }</td>
            </tr>
        }
    });
    scroll_table("departments", None, &header, body)
}

/// The re-forecast: the headline KPIs, then every indicator with a target or reference
/// — achieved so far, the four-year re-forecast, its attainment and status.
pub fn reforecast_table(run: &Execution, lang: Lang) -> Html {
    let l = lang;
    let header = [
        w::INDICATOR.get(l),
        w::ACHIEVED.get(l),
        w::REFORECAST.get(l),
        crate::i18n::TARGET.get(l),
        w::ATTAINMENT.get(l),
        w::STATUS.get(l),
    ];
    let kpis = KpiKey::ALL.iter().map(|key| {
        let kpi = run.kpis.get(*key);
        let headline = key.headline();
        html! {
            <tr class="kpi" data-key={key.as_str()}>
                <td>{ headline.name.get(l) }</td>
                <td class="num">{ format::NO_VALUE }</td>
                <td class="num">{ format::quantity(kpi.result, headline.unit, l) }</td>
                <td class="num">{ format::quantity(kpi.target, headline.unit, l) }</td>
                <td class="num">{ format::attainment(kpi.result, kpi.target) }</td>
                <td>{ status_badge(AssessmentStatus::of(Some(kpi.attainment)), l) }</td>
            </tr>
        }
    });
    let rows = run
        .indicators
        .iter()
        .filter(|row| row.target.is_some())
        .map(|row| {
            let name = format!(
                "{} · {}",
                plan::programme(row.facts.programme).short_name.get(l),
                indicator_name(&row.facts, l)
            );
            // Achieved is what was measured: `—` where no closed year reported the
            // output, a `*` where some did and the model stood in for the others.
            let closed = row.by_year.iter().filter(|year| year.closed);
            let (years, measured) = closed.fold((0, 0), |(years, measured), year| {
                (years + 1, measured + usize::from(year.output_reported))
            });
            let achieved = match measured {
                0 => format::NO_VALUE.to_owned(),
                m if m < years => format!("{}*", format::quantity(row.achieved, row.facts.unit, l)),
                _ => format::quantity(row.achieved, row.facts.unit, l),
            };
            html! {
                <tr data-key={format!("{}.{}", row.facts.programme, row.facts.indicator)}>
                    <td>{ name }</td>
                    <td class="num achieved">{ achieved }</td>
                    <td class="num">{ format::quantity(row.reforecast, row.facts.unit, l) }</td>
                    <td class="num">{ format::quantity_or_none(row.target, row.facts.unit, l) }</td>
                    <td class="num">{ format::attainment_or_none(row.reforecast, row.target) }</td>
                    <td>{ status_badge(row.status, l) }</td>
                </tr>
            }
        });
    html! {
        <>
            { scroll_table("reforecast", None, &header, kpis.chain(rows)) }
            <p class="small" id="achieved-note">{ w::ACHIEVED_NOTE.get(l) }</p>
        </>
    }
}
