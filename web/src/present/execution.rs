//! The slides' execution section, added when the signed-in reader's server holds
//! actuals: what was planned, spent and achieved in the closed years, the re-forecast
//! (actuals solid, forecast dashed), and — for a deck opened from the execution view's
//! re-plan (`?present&replan#s=<re-planned>&b=<current>`) — what the re-plan changes.
//! Everything is computed here with `shared::execution`, from the API's year plans and
//! actuals.

use std::rc::Rc;

use plotters::prelude::IntoDrawingArea as _;
use plotters_canvas::CanvasBackend;
use shared::execution::{AssessmentStatus, Execution, execution};
use shared::format;
use shared::ids::{IndicatorId, PROGRAMME_COUNT, ProgrammeId, Year};
use shared::plan::{self, Lang};
use shared::{KpiKey, Money, Scenario};
use yew::prelude::*;

use super::zh_en;
use crate::execution::replan::changes;
use crate::execution::{actuals, client, planned};

/// The indicators whose re-forecast the section draws.
const DRAWN: [(ProgrammeId, IndicatorId); 4] = super::MAIN;

/// What the section shows: the execution of the deck's scenario, and of what it is
/// compared with when the deck is a re-plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionDeck {
    /// The deck's scenario's execution through the last year with actuals.
    pub run: Rc<Execution>,
    /// Per closed year: the year plans' total and the money spent.
    pub years: Vec<(Year, Money, Money)>,
    /// The scenario re-planned, when the deck is a re-plan.
    pub replanned_from: Option<(Scenario, Rc<Execution>)>,
}

/// Reads the year plans and actuals (only when signed in and when any year has
/// actuals) and computes the section for `scenario` (re-planned from `other` when
/// `replan`).
pub async fn load(
    scenario: Scenario,
    other: Option<Scenario>,
    replan: bool,
) -> Option<ExecutionDeck> {
    crate::api::me().await.ok()?;
    let states = client::years().await.ok()?;
    let through = states.iter().rev().find(|s| s.actuals.is_some())?.year;
    let all = actuals(&states);
    let plan_of = |s: &Scenario| planned(s, &states);
    // A re-plan's closed years are its actual spending: they are judged against the
    // plan it was made from.
    let judged = other.as_ref().filter(|_| replan).unwrap_or(&scenario);
    let planned_now = plan_of(judged);
    let run = Rc::new(execution(
        &scenario,
        &plan_of(&scenario),
        &all,
        through,
        false,
    ));
    let years = Year::ALL[..=through.index()]
        .iter()
        .map(|year| {
            let y = year.index();
            let plan_total: Money = planned_now[y].iter().copied().sum();
            let spent: Money = (0..PROGRAMME_COUNT)
                .map(|p| {
                    all.year(*year)
                        .and_then(|a| a.programme(ProgrammeId::ALL[p]))
                        .map_or(planned_now[y][p], |a| a.spent)
                })
                .sum();
            (*year, plan_total, spent)
        })
        .collect();
    let replanned_from = other.filter(|_| replan).map(|before| {
        let run = Rc::new(execution(&before, &plan_of(&before), &all, through, false));
        (before, run)
    });
    Some(ExecutionDeck {
        run,
        years,
        replanned_from,
    })
}

/// "2017" or "2017–2018": the closed years.
fn years_text(through: Year) -> String {
    if through == Year::ALL[0] {
        through.to_string()
    } else {
        format!("{}–{through}", Year::ALL[0])
    }
}

fn status_count(run: &Execution, status: AssessmentStatus) -> usize {
    run.indicators
        .iter()
        .filter(|row| row.status == status)
        .count()
}

/// One half of a slide's two columns: a heading over a table of figures.
fn slide_table(title: &str, id: &'static str, rows: Html) -> Html {
    html! {
        <div>
            <h2>{ title }</h2>
            <table class="slide-table" {id}>{ rows }</table>
        </div>
    }
}

/// Planned, spent and achieved in the closed years, and the headline re-forecast.
fn summary_slide(deck: &ExecutionDeck, l: Lang) -> Html {
    let run = &deck.run;
    html! {
        <>
            <h1>{ format!("{} · {}", zh_en(l, "执行情况：计划、支出与成效", "Execution: planned, spent and achieved"), years_text(run.through)) }</h1>
            <p class="slide-note">{ format!("{} {} · {} {} · {} {} · {} {}",
                zh_en(l, "正常", "on track"), status_count(run, AssessmentStatus::OnTrack),
                zh_en(l, "预警", "at risk"), status_count(run, AssessmentStatus::AtRisk),
                zh_en(l, "滞后", "off track"), status_count(run, AssessmentStatus::OffTrack),
                zh_en(l, "无目标或未报送", "no target or not reported"), status_count(run, AssessmentStatus::NotReported)) }</p>
            <div class="slide-grid two">
                { slide_table(zh_en(l, "年度计划与实际支出（万元）", "Year plans and money spent"), "slide-execution-years", html! {
                    <>
                        <tr><td></td><td class="num">{ zh_en(l, "计划", "Plan") }</td><td class="num">{ zh_en(l, "实际", "Spent") }</td><td class="num">{ zh_en(l, "执行率", "Rate") }</td></tr>
                        { for deck.years.iter().map(|(year, plan_total, spent)| html! {
                            <tr><td>{ year.to_string() }</td>
                                <td class="num">{ format::wan(*plan_total, l) }</td>
                                <td class="num">{ format::wan(*spent, l) }</td>
                                <td class="num">{ format::percent_or_none((*plan_total != Money::ZERO).then(|| spent.to_f64_lossy() / plan_total.to_f64_lossy())) }</td></tr>
                        }) }
                    </>
                }) }
                { slide_table(zh_en(l, "重新预测：总体目标（2020）", "Re-forecast: headline targets (2020)"), "slide-execution-kpis", html! {
                    { for KpiKey::ALL.iter().map(|key| {
                        let kpi = run.kpis.get(*key);
                        let headline = key.headline();
                        html! {
                            <tr><td>{ headline.name.get(l) }</td>
                                <td class="num">{ format::quantity(kpi.result, headline.unit, l) }</td>
                                <td class="num">{ format::attainment(kpi.result, kpi.target) }</td></tr>
                        }
                    }) }
                }) }
            </div>
        </>
    }
}

/// What the re-plan changes: the largest amounts moved, and the headline re-forecast
/// before and after.
fn replan_slide(deck: &ExecutionDeck, after: &Scenario, l: Lang) -> Html {
    let Some((before, before_run)) = &deck.replanned_from else {
        return Html::default();
    };
    let mut moved = changes(before, after);
    moved.sort_by(|a, b| {
        (b.after - b.before)
            .as_decimal()
            .abs()
            .cmp(&(a.after - a.before).as_decimal().abs())
    });
    let hidden = moved.len().saturating_sub(8);
    html! {
        <>
            <h1>{ zh_en(l, "重新规划剩余年度：改变了什么", "Re-planning the remaining years: what changes") }</h1>
            <div class="slide-grid two">
                { slide_table(zh_en(l, "变化最大的金额（万元）", "The largest changes"), "slide-replan-changes", html! {
                    <>
                        { for moved.iter().take(8).map(|c| html! {
                            <tr><td>{ format!("{} {}", c.year, plan::programme(c.programme).short_name.get(l)) }</td>
                                <td class="num">{ format::signed_wan(c.after - c.before, l) }</td></tr>
                        }) }
                        if hidden > 0 {
                            <tr class="more"><td colspan="2">{ format!("{} {hidden} {}", zh_en(l, "另有", "and"), zh_en(l, "项金额变化", "more amounts change")) }</td></tr>
                        }
                    </>
                }) }
                { slide_table(zh_en(l, "总体目标：调整前 → 调整后", "Headline targets: before → after"), "slide-replan-kpis", html! {
                    { for KpiKey::ALL.iter().map(|key| {
                        let (was, now) = (before_run.kpis.get(*key), deck.run.kpis.get(*key));
                        let unit = key.headline().unit;
                        html! {
                            <tr><td>{ key.headline().name.get(l) }</td>
                                <td class="num">{ format!("{} → {}", format::quantity(was.result, unit, l), format::quantity(now.result, unit, l)) }</td></tr>
                        }
                    }) }
                }) }
            </div>
        </>
    }
}

/// The section's slides.
pub fn slides(deck: &ExecutionDeck, scenario: &Scenario, l: Lang) -> Vec<Html> {
    let title = zh_en(
        l,
        "重新预测：实线为实际，虚线为预测",
        "Re-forecast: actuals solid, forecast dashed",
    );
    let mut slides = vec![
        summary_slide(deck, l),
        super::trajectory_slide(l, title, "slide-execution-"),
    ];
    if deck.replanned_from.is_some() {
        slides.push(replan_slide(deck, scenario, l));
    }
    slides
}

/// Draws the section's charts.
pub fn draw(deck: &ExecutionDeck, l: Lang) {
    for (i, (programme, indicator)) in DRAWN.iter().enumerate() {
        let row = plan::indicator_index(*programme, *indicator)
            .and_then(|slot| deck.run.indicators.get(slot));
        if let (Some(backend), Some(row)) =
            (CanvasBackend::new(&format!("slide-execution-{i}")), row)
        {
            shared::charts::execution_trajectory(&backend.into_drawing_area(), row, l);
        }
    }
}
