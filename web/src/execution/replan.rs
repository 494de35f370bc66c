//! 重新规划剩余年度: the closed years stay at their actual spending and the server's
//! re-plan optimises the rest; the page shows it as a diff per year and programme and
//! can keep it as a new draft, to open in the simulator.

use shared::ids::{ProgrammeId, Year};
use shared::plan::{self, Lang};
use shared::{Money, Objective, Scenario, format};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::client;
use super::words as w;
use crate::api::{self, ScenarioId};
use crate::i18n as t;

/// How unspent money of closed years is handled: the name the API takes, the words.
const CARRY_OVER: [(&str, shared::plan::Text); 3] = [
    ("next_year", w::CARRY_NEXT),
    ("spread", w::CARRY_SPREAD),
    ("lapse", w::CARRY_LAPSE),
];

/// One changed amount: year, programme, before, after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The year.
    pub year: Year,
    /// The programme.
    pub programme: ProgrammeId,
    /// The amount before.
    pub before: Money,
    /// The amount after.
    pub after: Money,
}

/// Every amount the re-plan changes, year by year in plan order.
pub fn changes(before: &Scenario, after: &Scenario) -> Vec<Change> {
    let mut list = Vec::new();
    for year in Year::ALL {
        for id in ProgrammeId::ALL {
            let (b, a) = (
                before.allocations()[year.index()][id.index()],
                after.allocations()[year.index()][id.index()],
            );
            if a != b {
                list.push(Change {
                    year,
                    programme: *id,
                    before: b,
                    after: a,
                });
            }
        }
    }
    list
}

/// The diff table of a re-plan.
pub fn diff_table(changes: &[Change], lang: Lang) -> Html {
    let l = lang;
    if changes.is_empty() {
        return html! { <p class="hint" id="replan-diff">{ w::NO_CHANGES.get(l) }</p> };
    }
    html! {
        <div class="table-scroll">
            <table id="replan-diff">
                <caption>{ w::DIFF.get(l) }</caption>
                { crate::components::head_row(&[w::YEAR.get(l), w::PROGRAMME.get(l), w::BEFORE.get(l), w::AFTER.get(l), w::DELTA.get(l)]) }
                <tbody>
                    { for changes.iter().map(|c| html! {
                        <tr class="changed" data-key={format!("{}.{}", c.year, c.programme)}>
                            <td>{ c.year.to_string() }</td>
                            <td>{ plan::programme(c.programme).short_name.get(l) }</td>
                            <td class="num">{ format::wan(c.before, l) }</td>
                            <td class="num">{ format::wan(c.after, l) }</td>
                            <td class="num">{ format::signed_wan(c.after - c.before, l) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The slides of the re-plan against the scenario it came from, with the execution
/// section (`?present&replan#s=<after>&b=<before>`).
fn present_link(
    after: &Option<Scenario>,
    stored: &Option<(ScenarioId, Scenario)>,
    l: Lang,
) -> Html {
    let (Some(after), Some((_, before))) = (after, stored) else {
        return Html::default();
    };
    let href = crate::present::link(after, Some(before)).replacen("?present", "?present&replan", 1);
    html! { <a class="button" id="present-replan" href={href} target="_blank" rel="noopener">{ w::PRESENT.get(l) }</a> }
}

/// Properties of the panel.
#[derive(Properties, PartialEq)]
pub struct ReplanProps {
    /// The stored scenario re-planned (`None`: the baseline, which cannot be).
    pub stored: Option<(ScenarioId, Scenario)>,
    /// The last closed year.
    pub through: Year,
    /// The language.
    pub lang: Lang,
}

/// The panel.
#[component]
pub fn Replan(props: &ReplanProps) -> Html {
    let l = props.lang;
    let carry = use_state(|| "next_year".to_owned());
    let objective = use_state(|| Objective::Attainment);
    let keep = use_state(|| true);
    let proposal = use_state(|| None::<Scenario>);
    let message = use_state(|| None::<(bool, String)>);
    {
        // A message is written in the language of its moment: a language switch clears
        // it rather than leave the other language on screen.
        let message = message.clone();
        use_effect_with(l, move |_| {
            message.set(None);
            || ()
        });
    }
    let accepted = use_state(|| None::<(ScenarioId, String)>);
    {
        let (proposal, accepted, message) = (proposal.clone(), accepted.clone(), message.clone());
        use_effect_with((props.stored.clone(), props.through), move |_| {
            proposal.set(None);
            accepted.set(None);
            message.set(None);
            || ()
        });
    }
    let open = props.through.index() + 1 < Year::ALL.len();
    let run = {
        let (stored, through) = (props.stored.clone(), props.through);
        let keep = *keep;
        let (carry, objective, proposal, message, accepted) = (
            carry.clone(),
            *objective,
            proposal.clone(),
            message.clone(),
            accepted.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some((id, _)) = stored.clone() else {
                message.set(Some((false, w::REPLAN_NEEDS_SAVED.get(l).to_owned())));
                return;
            };
            message.set(None);
            let (carry, proposal, message, accepted) = (
                (*carry).clone(),
                proposal.clone(),
                message.clone(),
                accepted.clone(),
            );
            spawn_local(async move {
                match client::replan(id, through, objective, &carry, keep).await {
                    Ok(scenario) => {
                        proposal.set(Some(scenario));
                        accepted.set(None);
                        message.set(None);
                    }
                    Err(failure) => message.set(Some((false, client::failure_text(&failure, l)))),
                }
            });
        })
    };
    let accept = {
        let (proposal, message, accepted) = (proposal.clone(), message.clone(), accepted.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(scenario) = (*proposal).clone() else {
                return;
            };
            let (message, accepted) = (message.clone(), accepted.clone());
            spawn_local(async move {
                match api::create(&scenario).await.map_err(api::Failure::sentence) {
                    Ok((stored, _)) => {
                        let link = format!("./{}", crate::browser::share_fragment(&scenario));
                        accepted.set(Some((stored.meta.id, link)));
                    }
                    Err(error) => message.set(Some((false, w::with_detail(l, w::FAILED, &error)))),
                }
            });
        })
    };
    let choose_carry = {
        let carry = carry.clone();
        Callback::from(move |e: Event| {
            carry.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let toggle_keep = {
        let keep = keep.clone();
        Callback::from(move |e: Event| {
            keep.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            )
        })
    };
    let choose_objective = {
        let objective = objective.clone();
        Callback::from(move |e: Event| {
            if let Some(o) =
                Objective::parse(&e.target_unchecked_into::<HtmlSelectElement>().value())
            {
                objective.set(o);
            }
        })
    };
    let objectives = [
        (Objective::Attainment, t::OBJECTIVE_ATTAINMENT),
        (Objective::Enterprises, t::OBJECTIVE_ENTERPRISES),
        (Objective::MinCost, t::OBJECTIVE_MIN_COST),
    ];
    let diff = match (&*proposal, &props.stored) {
        (Some(after), Some((_, before))) => Some(changes(before, after)),
        _ => None,
    };
    html! {
        <section class="panel replan" id="replan" aria-label={w::REPLAN.get(l)}>
            <h2>{ w::REPLAN.get(l) }</h2>
            <p class="small">{ w::REPLAN_HELP.get(l) }</p>
            if !open {
                <p class="hint">{ w::REPLAN_NO_OPEN.get(l) }</p>
            } else {
                <div class="optimiser-controls">
                    <label>{ w::CARRY_OVER.get(l) }
                        <select id="carry-over" onchange={choose_carry}>
                            { for CARRY_OVER.iter().map(|(value, words)| html! {
                                <option value={*value} selected={*carry == *value}>{ words.get(l) }</option>
                            }) }
                        </select>
                    </label>
                    <label>{ w::OBJECTIVE.get(l) }
                        <select id="replan-objective" onchange={choose_objective}>
                            { for objectives.iter().map(|(o, words)| html! {
                                <option value={o.as_str()} selected={*objective == *o}>{ words.get(l) }</option>
                            }) }
                        </select>
                    </label>
                    <label class="small"><input id="replan-keep" type="checkbox" checked={*keep} onchange={toggle_keep} />{ w::KEEP_ALL.get(l) }</label>
                    <button id="run-replan" class="primary" onclick={run} disabled={props.stored.is_none()}>{ w::RUN_REPLAN.get(l) }</button>
                </div>
                if props.stored.is_none() {
                    <p class="small">{ w::REPLAN_NEEDS_SAVED.get(l) }</p>
                }
            }
            if let Some(diff) = diff {
                { diff_table(&diff, l) }
                <div class="actions">
                    <button id="accept-draft" class="primary" onclick={accept} disabled={accepted.is_some()}>{ w::ACCEPT_DRAFT.get(l) }</button>
                    { present_link(&proposal, &props.stored, l) }
                </div>
            }
            if let Some((id, link)) = &*accepted {
                <p class="hint" id="accepted" role="status">{ format!("{} #{id} ", w::ACCEPTED.get(l)) }
                    <a id="open-draft" href={link.clone()}>{ w::OPEN_IN_SIMULATOR.get(l) }</a></p>
            }
            { crate::components::message_line("replan-message", message.as_ref()) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_lists_exactly_the_changed_amounts() {
        let before = Scenario::baseline();
        let mut draft = before.to_draft();
        let (y, a, b) = (Year::ALL[2], ProgrammeId::ALL[0], ProgrammeId::ALL[1]);
        let amount = Money::wan(100);
        draft.allocations[y.index()][a.index()] = draft.allocations[y.index()][a.index()] - amount;
        draft.allocations[y.index()][b.index()] = draft.allocations[y.index()][b.index()] + amount;
        let after = Scenario::new(draft).unwrap_or_else(|_| Scenario::baseline());
        let list = changes(&before, &after);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].year, y);
        assert_eq!(list[0].after - list[0].before, -amount);
        assert_eq!(list[1].after - list[1].before, amount);
    }
}
