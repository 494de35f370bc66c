//! 执行情况, the execution view (`?execution`, its own WebAssembly binary
//! `src/bin/execution.rs`): a year's plan against what was spent and achieved (年初计划、
//! 年终考核, plan §5(2)), per programme and per responsible department, the trajectories
//! with actuals solid and the forecast dashed, entering and importing actuals, and
//! 重新规划剩余年度 as a diff to keep as a new draft. Every figure is the model crate's
//! (`shared::execution`), computed here from the year plans and actuals the API holds.

pub mod chart;
pub mod client;
pub mod entry;
pub mod replan;
pub mod tables;
pub mod words;

use std::rc::Rc;

use shared::Scenario;
use shared::execution::{Actuals, assess_with_history, execution};
use shared::ids::Year;
use shared::plan::Lang;
use shared::scenario::Allocations;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ScenarioId, ScenarioSummary};
use crate::components::lang_tag;
use crate::i18n as t;
use crate::saved::Session;
use client::YearState;
use words as w;

/// The year plans' amounts where a year has one, the scenario's elsewhere.
pub fn planned(scenario: &Scenario, years: &[YearState]) -> Allocations {
    let mut amounts = *scenario.allocations();
    for state in years {
        if let Some(plan) = &state.plan {
            amounts[state.year.index()] = plan.amounts;
        }
    }
    amounts
}

/// Every year's actuals as the model reads them.
pub fn actuals(years: &[YearState]) -> Actuals {
    let mut all = Actuals::none();
    for state in years {
        if let Some((year, _)) = &state.actuals {
            all.set(state.year, year.clone());
        }
    }
    all
}

/// The year chooser: each year with its plan and its actuals' state.
fn year_chooser(years: &[YearState], chosen: Year, on: &Callback<Year>, l: Lang) -> Html {
    html! {
        <nav class="years execution-years" id="year-chooser" aria-label={w::YEAR.get(l)}>
            { for years.iter().map(|state| {
                let year = state.year;
                let selected = year == chosen;
                let on = on.clone();
                let plan = if state.plan.is_some() { w::PLAN_ADOPTED } else { w::PLAN_NONE };
                let data = state.actuals.as_ref().map_or(w::ACTUALS_NONE.get(l), |(a, _)| a.status.name().get(l));
                html! {
                    <button class={classes!("year-option", selected.then_some("checked"))} aria-pressed={selected.to_string()}
                        data-year={year.to_string()} onclick={Callback::from(move |_| on.emit(year))}>
                        <strong>{ year.to_string() }</strong>
                        <span class="small">{ w::labelled(l, w::YEAR_PLAN, plan.get(l)) }</span>
                        <span class="small">{ w::labelled(l, w::ACTUALS, data) }</span>
                    </button>
                }
            }) }
        </nav>
    }
}

/// The view's root.
#[component]
pub fn ExecutionPage() -> Html {
    let (l, lang_button) = crate::components::use_lang();

    let years = use_state(|| None::<Vec<YearState>>);
    let chosen = use_state(|| None::<Year>);
    let scenarios = use_state(Vec::<ScenarioSummary>::new);
    let stored = use_state(|| None::<(ScenarioId, Scenario)>);
    let calibrate = use_state(|| false);
    let message = crate::components::use_message::<String>(l);

    let reload = {
        let (years, chosen, message, scenarios) = (
            years.clone(),
            chosen.clone(),
            message.clone(),
            scenarios.clone(),
        );
        Callback::from(move |_: ()| {
            let (years, chosen, message, scenarios) = (
                years.clone(),
                chosen.clone(),
                message.clone(),
                scenarios.clone(),
            );
            spawn_local(async move {
                match client::years().await {
                    Ok(states) => {
                        if chosen.is_none() {
                            let latest = states.iter().rev().find(|s| s.actuals.is_some());
                            chosen.set(Some(latest.map_or(Year::ALL[0], |s| s.year)));
                        }
                        years.set(Some(states));
                        message.set(None);
                    }
                    Err(failure) => message.set(Some(client::failure_text(&failure, l))),
                }
                if let Ok(list) = api::list("").await {
                    scenarios.set(list);
                }
            });
        })
    };
    let failed = {
        let message = message.clone();
        Callback::from(move |error: String| message.set(Some(w::with_detail(l, w::FAILED, &error))))
    };
    let (session, instead) =
        crate::saved::use_sign_in_gate(l, w::SIGN_IN_PROMPT, failed, reload.clone());
    // The scenario of the chosen year's plan, once, when nothing is chosen yet.
    {
        let (stored, years_now, chosen_now) = (stored.clone(), (*years).clone(), *chosen);
        use_effect_with((years_now, chosen_now), move |(years, chosen)| {
            let adopted = years.as_ref().and_then(|states| {
                states
                    .iter()
                    .filter(|s| Some(s.year) <= *chosen)
                    .rev()
                    .find_map(|s| s.plan.as_ref().map(|p| p.scenario))
            });
            if stored.is_none()
                && let Some(id) = adopted
            {
                spawn_local(async move {
                    if let Ok((found, _)) = api::load(id).await {
                        stored.set(Some((id, (*found.scenario).clone())));
                    }
                });
            }
            || ()
        });
    }
    let choose_year = {
        let chosen = chosen.clone();
        Callback::from(move |year: Year| chosen.set(Some(year)))
    };
    let choose_scenario = {
        let (stored, message) = (stored.clone(), message.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let (stored, message) = (stored.clone(), message.clone());
            match value.parse::<ScenarioId>() {
                Ok(id) => spawn_local(async move {
                    match api::load(id).await {
                        Ok((found, _)) => stored.set(Some((id, (*found.scenario).clone()))),
                        Err(error) => message.set(Some(w::with_detail(l, w::FAILED, &error))),
                    }
                }),
                Err(_) => stored.set(None),
            }
        })
    };
    let toggle_calibrate = {
        let calibrate = calibrate.clone();
        Callback::from(move |e: Event| {
            calibrate.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };

    let body = match (instead, &*session, &*years, *chosen) {
        (Some(instead), _, _, _) => instead,
        (None, Session::SignedIn(me), Some(states), Some(year)) => {
            let scenario = stored
                .as_ref()
                .map_or_else(Scenario::baseline, |(_, s)| s.clone());
            let planned = planned(&scenario, states);
            let all = actuals(states);
            let assessment = assess_with_history(&planned, &scenario, year, &all);
            let run = Rc::new(execution(&scenario, &planned, &all, year, *calibrate));
            let saved = states
                .iter()
                .find(|s| s.year == year)
                .and_then(|s| s.actuals.clone());
            let chosen_id = stored.as_ref().map(|(id, _)| *id);
            html! {
                <>
                    { year_chooser(states, year, &choose_year, l) }
                    <div class="execution-controls">
                        <label>{ w::SCENARIO.get(l) }
                            <select id="execution-scenario" onchange={choose_scenario}>
                                <option value="" selected={chosen_id.is_none()}>{ w::BASELINE.get(l) }</option>
                                { for scenarios.iter().map(|item| html! {
                                    <option value={item.meta.id.to_string()} selected={chosen_id == Some(item.meta.id)}>
                                        { format!("#{} {} ({})", item.meta.id, shared::scenario::name_in(&item.name, l), item.meta.status.name().get(l)) }
                                    </option>
                                }) }
                            </select>
                        </label>
                        <label class="small"><input id="calibrate" type="checkbox" checked={*calibrate} onchange={toggle_calibrate} />{ w::CALIBRATE.get(l) }</label>
                    </div>
                    <section class="panel" id="assessment-panel" aria-label={w::ASSESSMENT.get(l)}>
                        <h2>{ format!("{} · {year}", w::ASSESSMENT.get(l)) }</h2>
                        { tables::legend(&run.thresholds, l) }
                        if let Some(assessment) = &assessment {
                            { tables::assessment_table(assessment, l) }
                            <h2>{ w::DEPARTMENTS.get(l) }</h2>
                            { tables::departments_table(&assessment.departments, l) }
                        } else {
                            <p class="hint" id="no-actuals">{ w::NO_ACTUALS.get(l) }</p>
                        }
                        <h2>{ format!("{} · {}", w::REFORECAST.get(l), shared::scenario::name_in(&run.scenario, l)) }</h2>
                        { tables::reforecast_table(&run, l) }
                    </section>
                    <chart::Trajectory run={run.clone()} lang={l} />
                    <entry::Entry year={year} saved={saved} role={me.role} lang={l} on_saved={reload.clone()} />
                    <replan::Replan stored={(*stored).clone()} through={year} lang={l} />
                </>
            }
        }
        // Signed in, the years or the chosen year still on their way.
        _ => html! { <p class="hint">{ w::LOADING.get(l) }</p> },
    };
    html! {
        <div class="app execution" lang={lang_tag(l)}>
            <header class="top">
                <h1>{ w::TITLE.get(l) }</h1>
                <nav aria-label={t::VIEWS.get(l)}>
                    <a class="button" id="back-to-simulator" href="./">{ w::BACK.get(l) }</a>
                </nav>
                { lang_button }
            </header>
            <main id="main">
                if let Some(text) = &*message {
                    <p class="error" id="execution-message" role="alert">{ text.clone() }</p>
                }
                { body }
            </main>
        </div>
    }
}
