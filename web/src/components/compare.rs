//! 方案对比: any two of the plan baseline, the scenario on screen, a saved scenario
//! and an imported file, side by side; every delta with its sign and unit, and the
//! targets whose verdict changes listed first.

use shared::format;
use shared::plan::{self, INDICATORS, Lang};
use shared::{Money, Scenario};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::headlines::verdict_mark;
use super::{Env, ScenarioProps, figures_row, figures_table, on_select, use_env};
use crate::api::{self, ScenarioId, ScenarioSummary};
use crate::browser;
use crate::i18n as t;
use crate::state::scenario_problems;

/// Where one side of a comparison comes from.
#[derive(Clone, PartialEq)]
enum Source {
    Baseline,
    Current,
    Saved(ScenarioId),
    File,
}

impl Source {
    fn value(&self) -> String {
        match self {
            Source::Baseline => "baseline".to_owned(),
            Source::Current => "current".to_owned(),
            Source::Saved(id) => format!("saved-{id}"),
            Source::File => "file".to_owned(),
        }
    }

    fn parse(text: &str) -> Source {
        match text {
            "current" => Source::Current,
            "file" => Source::File,
            other => other
                .strip_prefix("saved-")
                .and_then(|id| id.parse().ok())
                .map_or(Source::Baseline, Source::Saved),
        }
    }
}

struct SideProps {
    id: &'static str,
    label: shared::plan::Text,
    source: Source,
    saved: Vec<ScenarioSummary>,
    on_source: Callback<Source>,
    on_scenario: Callback<Result<Scenario, String>>,
}

/// One side's picker: a list, and a file input when 'file' is chosen.
fn side(env: &Env, props: SideProps) -> Html {
    let pick = {
        let (on_source, on_scenario) = (props.on_source.clone(), props.on_scenario.clone());
        on_select(move |value| {
            let source = Source::parse(&value);
            if let Source::Saved(id) = source {
                let on_scenario = on_scenario.clone();
                spawn_local(async move {
                    on_scenario.emit(
                        api::load(id)
                            .await
                            .map(|(stored, _)| (*stored.scenario).clone()),
                    );
                });
            }
            on_source.emit(source);
        })
    };
    let load = {
        let on_scenario = props.on_scenario.clone();
        let lang = env.lang;
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let on_scenario = on_scenario.clone();
            browser::read_file(&input, move |text| {
                on_scenario.emit(
                    Scenario::from_json(&text)
                        .map_err(|e| scenario_problems(&e).get(lang).to_owned()),
                )
            });
        })
    };
    let option = |source: Source, label: String| {
        let selected = props.source == source;
        html! { <option value={source.value()} {selected}>{ label }</option> }
    };
    html! {
        <fieldset class="compare-side" id={props.id}>
            <legend>{ env.tr(props.label) }</legend>
            <select id={format!("{}-source", props.id)} onchange={pick} aria-label={env.tr(props.label)}>
                { option(Source::Baseline, env.tr(t::BASELINE).to_owned()) }
                { option(Source::Current, env.tr(t::CURRENT_SCENARIO).to_owned()) }
                { for props.saved.iter().map(|s| option(Source::Saved(s.meta.id), format!("{} · {}", env.tr(t::SAVED), s.name))) }
                { option(Source::File, env.tr(t::FROM_FILE).to_owned()) }
            </select>
            if props.source == Source::File {
                <input id={format!("{}-file", props.id)} type="file" accept="application/json,.json" onchange={load}
                    aria-label={env.tr(t::FROM_FILE)} />
            }
        </fieldset>
    }
}

/// Two scenarios side by side.
#[component]
pub fn Compare(props: &ScenarioProps) -> Html {
    let env = use_env();
    let l = env.lang;
    let saved = use_state(Vec::<ScenarioSummary>::new);
    let signed_out = use_state(|| false);
    let source_a = use_state(|| Source::Baseline);
    let source_b = use_state(|| Source::Current);
    let loaded_a = use_state(|| None::<Scenario>);
    let loaded_b = use_state(|| None::<Scenario>);
    let error = use_state(|| None::<String>);
    {
        let (saved, signed_out) = (saved.clone(), signed_out.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                match api::list("").await {
                    Ok(list) => saved.set(list),
                    Err(_) => signed_out.set(true),
                }
            });
            || ()
        });
    }
    let resolve = |source: &Source, loaded: &Option<Scenario>| match source {
        Source::Baseline => Some(Scenario::baseline()),
        Source::Current => Some(props.scenario.clone()),
        Source::Saved(_) | Source::File => loaded.clone(),
    };
    let a = resolve(&source_a, &loaded_a);
    let b = resolve(&source_b, &loaded_b);
    let on_scenario = |slot: UseStateHandle<Option<Scenario>>| {
        let error = error.clone();
        Callback::from(move |result: Result<Scenario, String>| match result {
            Ok(scenario) => {
                slot.set(Some(scenario));
                error.set(None);
            }
            Err(message) => {
                slot.set(None);
                error.set(Some(message));
            }
        })
    };
    let on_source = |slot: UseStateHandle<Source>, loaded: UseStateHandle<Option<Scenario>>| {
        Callback::from(move |source: Source| {
            loaded.set(None);
            slot.set(source);
        })
    };
    let sides = html! {
        <div class="compare-pick">
            { side(&env, SideProps { id: "compare-a", label: t::SIDE_A, source: (*source_a).clone(), saved: (*saved).clone(),
                on_source: on_source(source_a.clone(), loaded_a.clone()), on_scenario: on_scenario(loaded_a.clone()) }) }
            { side(&env, SideProps { id: "compare-b", label: t::SIDE_B, source: (*source_b).clone(), saved: (*saved).clone(),
                on_source: on_source(source_b.clone(), loaded_b.clone()), on_scenario: on_scenario(loaded_b.clone()) }) }
        </div>
    };
    let body = match (&a, &b) {
        (Some(a), Some(b)) => comparison_tables(a, b, l),
        _ => html! { <p class="small" role="status">{ env.tr(t::CHOOSE_BOTH) }</p> },
    };
    let present = match (&a, &b) {
        (Some(a), Some(b)) => html! {
            <a class="button" id="present-comparison" href={crate::present::link(b, Some(a))} target="_blank" rel="noopener">{ env.tr(t::PRESENT_COMPARISON) }</a>
        },
        _ => Html::default(),
    };
    html! {
        <div class="compare" id="compare">
            <section class="panel">
                { sides }
                if *signed_out { <p class="small">{ env.tr(t::SIGN_IN_FOR_SAVED) }</p> }
                if let Some(message) = &*error {
                    <p class="error" role="alert">{ message.clone() }</p>
                }
                { present }
                { body }
            </section>
        </div>
    }
}

fn comparison_tables(a: &Scenario, b: &Scenario, l: Lang) -> Html {
    let c = shared::compare(a, b);
    let tr = |text: shared::plan::Text| text.get(l);
    let changes = c.verdict_changes();
    let feasibility = |p: &shared::Projection| {
        if p.feasible {
            tr(t::BALANCED).to_owned()
        } else {
            shared::verdict::gap_text(&shared::verdict::gaps(&p.envelope), l)
        }
    };
    html! {
        <>
            <table class="compare-names">
                <tr><th>{ tr(t::SIDE_A) }</th><td id="compare-name-a">{ a.name_in(l).to_owned() }</td><td>{ feasibility(&c.projection_a) }</td></tr>
                <tr><th>{ tr(t::SIDE_B) }</th><td id="compare-name-b">{ b.name_in(l).to_owned() }</td><td>{ feasibility(&c.projection_b) }</td></tr>
            </table>
            <h3>{ tr(t::VERDICT_CHANGES) }</h3>
            if changes.is_empty() {
                <p id="verdict-changes" class="small">{ tr(t::NO_VERDICT_CHANGES) }</p>
            } else {
                { figures_table("verdict-changes", &[tr(t::TARGET), tr(t::SIDE_A), tr(t::SIDE_B), tr(t::CHANGE)],
                    changes.iter().map(|row| figures_row(
                        Some(if row.lost() { "lost" } else { "gained" }),
                        Some(row.key.clone()),
                        row.name.get(l).to_owned(),
                        vec![
                            format!("{} {}", format::quantity(row.a, row.unit, l), verdict_mark(row.verdict_a, l)),
                            format!("{} {}", format::quantity(row.b, row.unit, l), verdict_mark(row.verdict_b, l)),
                            format::change(row.b - row.a, row.unit, l),
                        ],
                    ))) }
            }
            <h3>{ tr(t::MONEY_BY_PROGRAMME) }</h3>
            { figures_table("compare-allocations", &[tr(t::ALL_PROGRAMMES), tr(t::SIDE_A_FOUR_YEARS), tr(t::SIDE_B_FOUR_YEARS), tr(t::CHANGE)],
                c.allocations.iter().map(|row| {
                    let xa: Money = row.a.0.iter().copied().sum();
                    let xb: Money = row.b.0.iter().copied().sum();
                    figures_row(
                        (row.total_delta != Money::ZERO).then_some("changed"),
                        None,
                        plan::programme(row.programme).short_name.get(l).to_owned(),
                        vec![format::wan(xa, l), format::wan(xb, l), format::signed_wan(row.total_delta, l)],
                    )
                })) }
            <h3>{ tr(t::RESULTS) }</h3>
            { figures_table("compare-indicators", &[tr(t::INDICATOR), tr(t::SIDE_A), tr(t::SIDE_B), tr(t::CHANGE)],
                c.kpis.iter().map(|row| {
                    let def = row.key.headline();
                    (Some("kpi"), def.name.get(l).to_owned(), def.unit, row.a, row.b, row.delta)
                }).chain(c.indicators.iter().zip(INDICATORS.iter()).map(|(row, def)| {
                    let name = format!("{} · {}", plan::programme(def.programme).short_name.get(l), def.name.get(l));
                    (None, name, def.unit, row.a, row.b, row.delta)
                })).map(|(class, name, unit, a, b, delta)| figures_row(
                    class,
                    None,
                    name,
                    vec![format::quantity(a, unit, l), format::quantity(b, unit, l), format::change(delta, unit, l)],
                ))) }
        </>
    }
}
