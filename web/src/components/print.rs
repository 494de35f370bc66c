//! The printable allocation-and-outcome table: every programme's money by year (in the
//! language's unit, 万元 or CNY million) beside its projected outcomes, their targets and
//! attainment, then the year totals and the headline targets. The screen never shows
//! it; print shows only it, on one A4 landscape page with its header row repeated
//! should it ever run over (`style.css`, `@media print`).

use std::rc::Rc;

use shared::format;
use shared::ids::{ProgrammeId, Year};
use shared::plan::{self, INDICATORS};
use shared::verdict::{gap_text, gaps};
use shared::{Projection, Scenario};
use yew::prelude::*;

use super::headlines::verdict_mark;
use super::use_env;
use crate::i18n as t;

/// What the table shows.
#[derive(Properties, PartialEq)]
pub struct PrintProps {
    /// The scenario on screen.
    pub scenario: Scenario,
    /// Its projection.
    pub projection: Rc<Projection>,
}

/// The table, hidden on screen.
#[component]
pub fn PrintSheet(props: &PrintProps) -> Html {
    let env = use_env();
    let l = env.lang;
    let (scenario, projection) = (&props.scenario, &*props.projection);
    let money = |amount| format::decimal(format::money_figure(amount, l));
    let verdict_line = if projection.feasible {
        env.tr(t::SCENARIO_FEASIBLE).to_owned()
    } else {
        let separator = if l == shared::Lang::Zh { "：" } else { ": " };
        format!(
            "{}{separator}{}",
            env.tr(t::NOT_FEASIBLE),
            gap_text(&gaps(&projection.envelope), l)
        )
    };
    let outcome = |slot: usize| {
        let row = &projection.indicators[slot];
        let def = &INDICATORS[slot];
        let attainment = match row.target {
            Some(target) => format!(
                "{} {}",
                format::attainment(row.result, target),
                verdict_mark(row.verdict, l)
            ),
            None => env.tr(t::REFERENCE_ONLY).to_owned(),
        };
        html! {
            <>
                <td>{ def.name.get(l) }</td>
                <td class="num">{ format::quantity(row.result, row.unit, l) }</td>
                <td class="num">{ format::quantity_or_none(row.target, row.unit, l) }</td>
                <td class="num">{ attainment }</td>
            </>
        }
    };
    let programme_rows = |id: ProgrammeId| {
        let slots: Vec<usize> = (0..INDICATORS.len())
            .filter(|slot| INDICATORS[*slot].programme == id)
            .collect();
        let span = slots.len().max(1).to_string();
        let (first, rest) = slots
            .split_first()
            .map_or((None, &[][..]), |(f, r)| (Some(*f), r));
        html! {
            <>
                <tr class="programme" data-programme={id.as_str()}>
                    <th scope="row" rowspan={span.clone()}>{ plan::programme(id).name.get(l) }</th>
                    { for Year::ALL.iter().map(|year| html! {
                        <td class="num" rowspan={span.clone()}>{ money(scenario.allocation(*year, id)) }</td>
                    }) }
                    <td class="num total" rowspan={span.clone()}>{ money(scenario.programme_total(id)) }</td>
                    if let Some(slot) = first { { outcome(slot) } } else { <td colspan="4"></td> }
                </tr>
                { for rest.iter().map(|slot| html! { <tr>{ outcome(*slot) }</tr> }) }
            </>
        }
    };
    let four_years = Year::ALL.iter().fold(shared::Money::ZERO, |sum, year| {
        sum + scenario.year_total(*year)
    });
    html! {
        <section class="print-sheet" id="print-sheet">
            <h1>{ format!("{} · {}", env.tr(t::PRINT_TITLE), scenario.name_in(l)) }</h1>
            <p>{ format!("{} · {verdict_line}", env.tr(t::PRINT_UNIT)) }</p>
            <table id="print-table">
                <thead>
                    <tr>
                        <th scope="col">{ env.tr(t::ALL_PROGRAMMES) }</th>
                        { for Year::ALL.iter().map(|y| html! { <th scope="col" class="num">{ y.to_string() }</th> }) }
                        <th scope="col" class="num">{ env.tr(t::FOUR_YEARS) }</th>
                        <th scope="col">{ env.tr(t::INDICATOR) }</th>
                        <th scope="col" class="num">{ env.tr(t::PROJECTED) }</th>
                        <th scope="col" class="num">{ env.tr(t::TARGET) }</th>
                        <th scope="col" class="num">{ env.tr(t::ATTAINMENT) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for ProgrammeId::ALL.iter().map(|id| programme_rows(*id)) }
                </tbody>
                <tbody class="totals">
                    <tr id="print-year-total">
                        <th scope="row">{ env.tr(t::YEAR_TOTAL) }</th>
                        { for Year::ALL.iter().map(|y| html! { <td class="num">{ money(scenario.year_total(*y)) }</td> }) }
                        <td class="num total">{ money(four_years) }</td>
                        <td colspan="4"></td>
                    </tr>
                    <tr>
                        <th scope="row">{ env.tr(t::ENVELOPE) }</th>
                        { for Year::ALL.iter().map(|y| html! { <td class="num">{ money(scenario.year_envelope(*y)) }</td> }) }
                        <td class="num">{ money(Year::ALL.iter().fold(shared::Money::ZERO, |sum, y| sum + scenario.year_envelope(*y))) }</td>
                        <td colspan="4"></td>
                    </tr>
                    { for projection.kpis.iter().enumerate().map(|(i, (def, kpi))| html! {
                        <tr class="kpi">
                            if i == 0 {
                                <th scope="row" colspan="6" rowspan={projection.kpis.iter().count().to_string()}>{ env.tr(t::HEADLINES) }</th>
                            }
                            <td>{ def.name.get(l) }</td>
                            <td class="num">{ format::quantity(kpi.result, def.unit, l) }</td>
                            <td class="num">{ format::quantity(kpi.target, def.unit, l) }</td>
                            <td class="num">{ format!("{} {}", format::attainment(kpi.result, kpi.target), verdict_mark(kpi.verdict, l)) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
