//! The optimiser panel: an objective, whether to keep the other targets, and a
//! proposal that says what it gains, what it breaks and whether it fits the envelope
//! before it can be taken.

use shared::format;
use shared::ids::ProgrammeId;
use shared::plan;
use shared::{Money, Objective};
use yew::prelude::*;

use super::{WorkspaceProps, figures_row, head_row, on_select, toggles, use_env};
use crate::i18n as t;
use crate::state::Action;

/// The optimiser.
#[component]
pub fn Optimiser(props: &WorkspaceProps) -> Html {
    let env = use_env();
    let l = env.lang;
    let objective = use_state(|| Objective::Enterprises);
    let keep = use_state(|| true);
    let confirmed = use_state(|| false);
    {
        // A new proposal must be confirmed afresh.
        let confirmed = confirmed.clone();
        let shown = props.workspace.proposal.clone();
        use_effect_with(shown.map(|p| std::rc::Rc::as_ptr(&p) as usize), move |_| {
            confirmed.set(false);
            || ()
        });
    }
    let choose = {
        let objective = objective.clone();
        on_select(move |value| {
            if let Some(o) = Objective::parse(&value) {
                objective.set(o);
            }
        })
    };
    let toggle_keep = toggles(&keep);
    let toggle_confirm = toggles(&confirmed);
    let run = env.on_click(Action::Optimise(
        *objective,
        *keep && *objective == Objective::Enterprises,
    ));
    // Taking or dropping the proposal removes the button that had the focus: it goes
    // back to 生成优化方案, where the keyboard user was.
    let settle = |action: Action| {
        let dispatch = env.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(action.clone());
            crate::browser::focus_first(&["propose"]);
        })
    };
    let proposal_html = props.workspace.proposal.as_ref().map(|proposal| {
        let changed: Vec<_> = proposal
            .changes
            .iter()
            .filter(|c| c.change_per_year != Money::ZERO)
            .collect();
        let unchanged = ProgrammeId::ALL.len() - changed.len();
        let risky = !proposal.broken_targets.is_empty() || !proposal.feasible;
        let nothing = changed.is_empty();
        let can_accept = !nothing && (!risky || *confirmed);
        // Targets met now and with the proposal, counted as the rows show them.
        // While a scenario over- or underspends a year it claims no target: said so.
        let met = |scenario: &shared::Scenario| {
            let projection = shared::project(scenario);
            let (met, of) = projection.targets_met();
            (projection.feasible.then_some(met), of)
        };
        let ((met_now, with_target), (met_after, _)) =
            (met(props.workspace.scenario()), met(&proposal.scenario));
        let counted = |met: Option<usize>| match (met, l) {
            (Some(met), plan::Lang::Zh) => format!("{met} 项"),
            (Some(met), plan::Lang::En) => met.to_string(),
            (None, plan::Lang::Zh) => "0 项（预算未平衡）".to_owned(),
            (None, plan::Lang::En) => "0 (budget not balanced)".to_owned(),
        };
        let (met_now, met_after) = (counted(met_now), counted(met_after));
        html! {
            <div class={classes!("proposal", risky.then_some("risky"))} id="proposal">
                <p class="summary" id="proposal-summary">{ proposal.summary.get(l) }</p>
                <p id="proposal-targets">
                    { match l {
                        plan::Lang::Zh => format!("达成目标：当前 {met_now} → 建议 {met_after}（共 {with_target} 项）"),
                        plan::Lang::En => format!("Targets met: {met_now} now → {met_after} proposed (of {with_target})"),
                    } }
                </p>
                if !proposal.feasible {
                    <p class="warning" id="proposal-infeasible" role="alert">
                        { format!("{} {}", env.tr(t::PROPOSAL_OVERSPENDS), format::wan(-proposal.surplus, l)) }
                    </p>
                }
                if !proposal.broken_targets.is_empty() {
                    <div class="broken" id="broken-targets" role="alert">
                        <strong>{ format!("{} ({})", env.tr(t::BROKEN_TARGETS), proposal.broken_targets.len()) }</strong>
                        <ul>
                            { for proposal.broken_targets.iter().map(|b| html! {
                                <li data-key={b.key.clone()}>
                                    { format!("{}：{} → {}，{} {}", b.name.get(l),
                                        format::quantity(b.before, b.unit, l), format::quantity(b.after, b.unit, l),
                                        env.tr(t::SHORT_BY), format::quantity(b.shortfall, b.unit, l))
                                        .replace('：', if l == plan::Lang::En { ": " } else { "：" })
                                        .replace('，', if l == plan::Lang::En { ", " } else { "，" }) }
                                </li>
                            }) }
                        </ul>
                    </div>
                }
                <p class="note">{ proposal.note.get(l) }</p>
                if !nothing {
                    <table id="proposal-changes">
                        <caption>{ env.tr(t::PER_YEAR_CAPTION) }</caption>
                        { head_row(&[env.tr(t::ALL_PROGRAMMES), env.tr(t::CURRENT_PER_YEAR), env.tr(t::PROPOSED_PER_YEAR), env.tr(t::CHANGE_PER_YEAR)]) }
                        <tbody>
                            { for changed.iter().map(|c| figures_row(
                                Some("changed"),
                                Some(c.programme.as_str().to_owned()),
                                plan::programme(c.programme).short_name.get(l).to_owned(),
                                vec![
                                    format!("{}{}", format::wan(c.before_per_year, l), if c.before_varies { env.tr(t::MEAN_MARK) } else { "" }),
                                    format::wan(c.after_per_year, l),
                                    format::signed_wan(c.change_per_year, l),
                                ],
                            )) }
                        </tbody>
                    </table>
                    if unchanged > 0 {
                        <p class="small">{ format!("{} {}", unchanged, env.tr(t::LINES_UNCHANGED)) }</p>
                    }
                }
                if risky && !nothing {
                    <label class="confirm">
                        <input type="checkbox" id="confirm-proposal" checked={*confirmed} onchange={toggle_confirm} />
                        { env.tr(if proposal.feasible { t::CONFIRM_BROKEN } else { t::CONFIRM_OVERSPEND }) }
                    </label>
                }
                <div class="actions">
                    if !nothing {
                        <button id="accept-proposal" class="primary" disabled={!can_accept} onclick={settle(Action::AcceptProposal)}>
                            { env.tr(if proposal.feasible { t::ACCEPT } else { t::ACCEPT_OVERSPEND }) }
                        </button>
                    }
                    <button id="discard-proposal" onclick={settle(Action::DiscardProposal)}>{ env.tr(if nothing { t::CLOSE } else { t::DISCARD }) }</button>
                </div>
            </div>
        }
    });
    html! {
        <section class="panel optimiser" id="optimiser" aria-label={env.tr(t::OPTIMISER)}>
            <h2>{ env.tr(t::OPTIMISER) }</h2>
            <div class="optimiser-controls">
                <select id="objective" onchange={choose} aria-label={env.tr(t::OBJECTIVE)}>
                    <option value="enterprises" selected={*objective == Objective::Enterprises}>{ env.tr(t::OBJECTIVE_ENTERPRISES) }</option>
                    <option value="attainment" selected={*objective == Objective::Attainment}>{ env.tr(t::OBJECTIVE_ATTAINMENT) }</option>
                    <option value="min-cost" selected={*objective == Objective::MinCost}>{ env.tr(t::OBJECTIVE_MIN_COST) }</option>
                </select>
                if *objective == Objective::Enterprises {
                    <label class="keep">
                        <input type="checkbox" id="keep-targets" checked={*keep} onchange={toggle_keep} />
                        { env.tr(t::KEEP_TARGETS) }
                    </label>
                }
                <button id="propose" onclick={run}>{ env.tr(t::PROPOSE) }</button>
            </div>
            { proposal_html.unwrap_or_default() }
        </section>
    }
}
