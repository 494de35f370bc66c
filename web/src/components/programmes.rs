//! The programmes, grouped by the plan's four paths: each row with its money (slider,
//! amount, lock, transfer), its per-year amounts where the years differ, and each
//! indicator against its target with the one verdict.

use std::rc::Rc;

use shared::format;
use shared::ids::{ProgrammeId, YEAR_COUNT, Year};
use shared::plan::{self, INDICATORS, PATHS};
use shared::verdict::{Verdict, verdict};
use shared::{Money, Projection};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::headlines::verdict_mark;
use super::{Env, use_env};
use crate::i18n as t;
use crate::state::{Action, Notice, Workspace, YearMode};

/// Slider step: 100,000 CNY (10万元).
const STEP: i64 = 100_000;
/// Page Up / Page Down step: 1,000,000 CNY (100万元).
const PAGE_STEP: i64 = 1_000_000;
/// A slider's scale ends on a multiple of 100万元.
const SCALE_UNIT: i64 = 1_000_000;

/// The top of a programme's slider: three times its baseline, or half as much again as
/// its amount when that is more, rounded up to 100万元 and never past the year's
/// envelope unless the amount is. Each line gets a scale of its own size, so a tap on a
/// small line's track moves a small amount, and the amount is always on the scale.
pub fn slider_max(baseline: Money, amount: Money, floor: Money, envelope: Money) -> Money {
    let wanted = baseline
        .times(3)
        .max(amount.mul_ratio(Money::yuan(3), Money::yuan(2)))
        .max(floor + Money::yuan(SCALE_UNIT));
    let unit = Money::yuan(SCALE_UNIT);
    let rounded = wanted
        .mul_ratio(Money::yuan(1), unit)
        .ceil_yuan()
        .times(SCALE_UNIT);
    rounded.min(envelope.max(floor)).max(amount)
}

/// Edit every year at once, or one year.
pub fn year_picker(env: &Env, current: YearMode) -> Html {
    let option = |mode: YearMode, label: String| {
        let dispatch = env.dispatch.clone();
        let checked = current == mode;
        html! {
            <label class={classes!("year-option", checked.then_some("checked"))}>
                <input type="radio" name="year-mode" checked={checked}
                    onchange={Callback::from(move |_| dispatch.emit(Action::SetYearMode(mode)))} />
                { label }
            </label>
        }
    };
    html! {
        <fieldset class="years" id="year-mode">
            <legend>{ env.tr(t::YEARS) }</legend>
            { option(YearMode::Uniform, env.tr(t::SAME_EVERY_YEAR).to_owned()) }
            { for Year::ALL.iter().map(|y| option(YearMode::One(*y), y.to_string())) }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProgrammesProps {
    pub workspace: UseReducerHandle<Workspace>,
    pub projection: Rc<Projection>,
    pub on_explain: Callback<Option<ProgrammeId>>,
}

/// Every programme, grouped by the plan's four paths.
#[component]
pub fn Programmes(props: &ProgrammesProps) -> Html {
    let env = use_env();
    let l = env.lang;
    let ws = &props.workspace;
    let scenario = ws.scenario();
    let year = ws.year_mode.shown_year();
    let feasible = props.projection.feasible;
    let row = |id: ProgrammeId| {
        let amount = scenario.allocation(year, id);
        let results: Vec<RowResult> = props
            .projection
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, row)| row.programme == id)
            .map(|(slot, row)| RowResult {
                slot,
                result: row.result,
                verdict: verdict(row.result, INDICATORS[slot].target, feasible),
                // A reference value is no target, but its bar is shaded the same way.
                shade: verdict(row.result, Some(INDICATORS[slot].goal()), feasible),
            })
            .collect();
        // In 每年相同 mode a line whose years differ shows all four.
        let years = (ws.year_mode == YearMode::Uniform
            && scenario.uniform_allocation(id).is_none())
        .then(|| Year::ALL.map(|y| scenario.allocation(y, id)));
        html! {
            <ProgrammeRow programme={id} {amount} {years} locked={ws.current.locks.is_locked(id)}
                overridden={scenario.overrides().iter().any(|(key, _)| key.programme() == id)}
                floor={scenario.floor(id)} {results}
                max={slider_max(plan::programme(id).baseline(), amount, scenario.floor(id), scenario.envelope())}
                on_explain={props.on_explain.clone()} />
        }
    };
    html! {
        <div class="paths">
            { for PATHS.iter().map(|path| html! {
                <section class="path" aria-label={path.name.get(l)}>
                    <h2>{ path.name.get(l) }<span class="ref">{ format!(" {}", plan::reference_in(path.reference, l)) }</span></h2>
                    { for plan::PROGRAMMES.iter().filter(|p| p.path == path.id).map(|def| row(def.id)) }
                </section>
            }) }
        </div>
    }
}

/// One indicator's projected result, for a row.
#[derive(Clone, Copy, PartialEq)]
pub struct RowResult {
    slot: usize,
    result: f64,
    verdict: Verdict,
    shade: Verdict,
}

#[derive(Properties, PartialEq)]
pub struct RowProps {
    pub programme: ProgrammeId,
    pub amount: Money,
    /// The four years' amounts, where they differ and every year is shown at once.
    pub years: Option<[Money; YEAR_COUNT]>,
    pub locked: bool,
    /// Whether the scenario overrides any assumption of this programme.
    pub overridden: bool,
    pub floor: Money,
    pub max: Money,
    pub results: Vec<RowResult>,
    pub on_explain: Callback<Option<ProgrammeId>>,
}

/// One programme.
#[component]
pub fn ProgrammeRow(props: &RowProps) -> Html {
    let env = use_env();
    let l = env.lang;
    let id = props.programme;
    let def = plan::programme(id);
    let (amount, locked, floor, max) = (props.amount, props.locked, props.floor, props.max);
    let name = def.name.get(l);
    let transfer_open = use_state(|| false);
    let transfer_refs = (use_node_ref(), use_node_ref(), use_node_ref());
    let set = {
        let dispatch = env.dispatch.clone();
        move |value: Money| dispatch.emit(Action::SetAmount(id, value))
    };
    let on_slide = {
        let set = set.clone();
        Callback::from(move |e: InputEvent| {
            crate::latency::input_started();
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let value = input.value();
            // Show the state's amount until the state says otherwise: a refused or
            // clamped move must not leave the control where it was dragged.
            input.set_value(&amount.to_string());
            if let Ok(value) = Money::parse(&value) {
                set(value.floor_yuan());
            }
        })
    };
    let on_key = {
        let set = set.clone();
        Callback::from(move |e: KeyboardEvent| {
            let delta = match e.key().as_str() {
                "PageUp" => PAGE_STEP,
                "PageDown" => -PAGE_STEP,
                _ => return,
            };
            e.prevent_default();
            crate::latency::input_started();
            let next = (amount + Money::yuan(delta)).max(Money::ZERO);
            set(next);
        })
    };
    let on_number = {
        let dispatch = env.dispatch.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let typed = input.value();
            input.set_value(&format::money_figure(amount, l).to_string());
            match format::parse_money(&typed, l) {
                Some(value) => dispatch.emit(Action::SetAmount(id, value)),
                None => dispatch.emit(Action::Notify(Notice::refused(
                    format!("「{}」：“{typed}”不是以万元计的金额", def.short_name.zh),
                    format!(
                        "{}: `{typed}` is not an amount in CNY million",
                        def.short_name.en
                    ),
                ))),
            }
        })
    };
    let toggle_lock = env.on_click(Action::ToggleLock(id));
    let explain = {
        let on_explain = props.on_explain.clone();
        Callback::from(move |_| on_explain.emit(Some(id)))
    };
    let toggle_transfer = {
        let open = transfer_open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let responsible: Vec<&str> = def.responsible.iter().map(|t| t.get(l)).collect();
    html! {
        <div class={classes!("row", locked.then_some("locked"), props.years.is_some().then_some("varies"))}
            id={format!("row-{id}")} data-programme={id.as_str()}>
            <div class="row-name">
                <div class="programme-name">{ name }</div>
                <div class="responsible" title={env.tr(t::RESPONSIBLE)}>{ responsible.join(if l == shared::Lang::Zh { "、" } else { ", " }) }</div>
                if props.overridden {
                    <span class="badge" title={env.tr(t::ASSUMPTIONS)}>{ env.tr(t::OVERRIDDEN) }</span>
                }
            </div>
            <div class="row-money">
                <div class="slider-wrap">
                    <input type="range" class="slider" id={format!("slider-{id}")} min={floor.to_string()} max={max.to_string()}
                        step={STEP.to_string()} value={amount.to_string()} disabled={locked}
                        aria-label={format!("{name} {}", env.tr(t::MONEY_PER_YEAR))}
                        aria-valuetext={format::wan(amount, l)}
                        oninput={on_slide} onkeydown={on_key} />
                    // The line's own scale, in the language's unit: the sliders' lengths differ by line.
                    <div class="scale" aria-hidden="true">
                        <span>{ format::decimal(format::money_figure(floor, l).normalize()) }</span><span>{ format::decimal(format::money_figure(max, l).normalize()) }</span>
                    </div>
                </div>
                <input type="number" class="amount" id={format!("amount-{id}")} min="0" step={format::money_step(l)}
                    value={format::money_figure(amount, l).to_string()} disabled={locked}
                    aria-label={format!("{name} {}", env.tr(t::MONEY_PER_YEAR))} onchange={on_number} />
                <span class="unit">{ format::money_unit(l) }</span>
                <button class={classes!("lock", locked.then_some("on"))} id={format!("lock-{id}")}
                    aria-pressed={locked.to_string()} onclick={toggle_lock}
                    aria-label={format!("{} {name}", env.tr(if locked { t::UNLOCK } else { t::LOCK }))}>
                    { if locked { format!("■ {}", env.tr(t::LOCKED)) } else { format!("□ {}", env.tr(t::LOCK)) } }
                </button>
                <button class="transfer-toggle" id={format!("transfer-{id}")} aria-expanded={transfer_open.to_string()}
                    aria-controls={format!("transfer-form-{id}")} onclick={toggle_transfer}>{ env.tr(t::TRANSFER) }</button>
                if floor > Money::ZERO {
                    <div class="floor">{ format!("{} {}", env.tr(t::FLOOR), format::wan(floor, l)) }</div>
                }
                if let Some(years) = props.years {
                    <div class="year-strip" id={format!("strip-{id}")} aria-label={env.tr(t::YEARS_DIFFER)}>
                        <span class="strip-label">{ env.tr(t::YEARS_DIFFER) }</span>
                        { for Year::ALL.iter().zip(years).map(|(year, money)| html! {
                            <span class="strip-year">{ format!("{year} {}", format::decimal(format::money_figure(money, l))) }</span>
                        }) }
                        <span class="strip-unit">{ format::money_unit(l) }</span>
                    </div>
                }
                if *transfer_open {
                    { transfer_form(&env, id, &transfer_refs) }
                }
            </div>
            <div class="row-results">
                { for props.results.iter().map(|RowResult { slot, result, verdict, shade }| {
                    let def = &INDICATORS[*slot];
                    let unit = def.unit;
                    let (goal, goal_label) = match def.measured_against() {
                        Some(plan::Goal::Target(target)) => (target, env.tr(t::TARGET)),
                        Some(plan::Goal::Reference(reference)) => (reference, env.tr(t::REFERENCE)),
                        None => (1.0, ""),
                    };
                    let ratio = result / goal;
                    let fill = match shade {
                        Verdict::Met => "met",
                        Verdict::Missed => "missed",
                        _ => "infeasible",
                    };
                    let width = (ratio * 100.0 / 1.5).clamp(0.0, 100.0);
                    let mark = match verdict {
                        Verdict::NoTarget => env.tr(t::REFERENCE_ONLY).to_owned(),
                        v => verdict_mark(*v, l),
                    };
                    html! {
                        <div class={classes!("result", fill)} id={format!("result-{}", def.key())}>
                            <div class="result-text">
                                <span class="indicator-name">{ def.name.get(l) }</span>
                                <span class="value">{ format::quantity(*result, unit, l) }</span>
                                <span class="goal">{ format!(" / {goal_label} {}", format::quantity(goal, unit, l)) }</span>
                            </div>
                            <div class="meter attainment" role="meter" aria-valuemin="0" aria-valuenow={format!("{:.1}", ratio * 100.0)}
                                aria-label={format!("{} {}", def.name.get(l), env.tr(t::ATTAINMENT))}>
                                <div class={classes!("fill", fill)} style={format!("width:{width:.2}%")}></div>
                                <div class="target-line" style="left:66.67%"></div>
                            </div>
                            <span class="percent">{ format!("{} {}", format::attainment(*result, goal), mark) }</span>
                        </div>
                    }
                }) }
                <button class="explain" id={format!("explain-{id}")} onclick={explain}
                    aria-label={format!("{name} {}", env.tr(t::EXPLAIN))}>{ env.tr(t::EXPLAIN) }</button>
            </div>
        </div>
    }
}

/// Moves an exact amount between this line and another, in one action.
fn transfer_form(env: &Env, id: ProgrammeId, refs: &(NodeRef, NodeRef, NodeRef)) -> Html {
    let l = env.lang;
    let (direction, other, amount) = refs.clone();
    let submit = {
        let (direction, other, amount) = (direction.clone(), other.clone(), amount.clone());
        let dispatch = env.dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let out = direction
                .cast::<HtmlSelectElement>()
                .is_none_or(|s| s.value() == "out");
            let Some(partner) = other
                .cast::<HtmlSelectElement>()
                .and_then(|s| ProgrammeId::parse(&s.value()))
            else {
                return;
            };
            let typed = amount
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            match format::parse_money(&typed, l).filter(|m| *m > Money::ZERO) {
                Some(money) => {
                    let (from, to) = if out { (id, partner) } else { (partner, id) };
                    crate::latency::input_started();
                    dispatch.emit(Action::Transfer {
                        from,
                        to,
                        amount: money,
                    });
                }
                None => dispatch.emit(Action::Notify(Notice::refused(
                    format!("调动金额“{typed}”须为大于 0 的万元数"),
                    format!("the amount to move, `{typed}`, must be more than CNY 0 million"),
                ))),
            }
        })
    };
    html! {
        <form class="transfer" id={format!("transfer-form-{id}")} onsubmit={submit}>
            <select id={format!("transfer-direction-{id}")} ref={direction} aria-label={env.tr(t::TRANSFER_DIRECTION)}>
                <option value="out" selected=true>{ env.tr(t::TRANSFER_OUT) }</option>
                <option value="in">{ env.tr(t::TRANSFER_IN) }</option>
            </select>
            <select id={format!("transfer-other-{id}")} ref={other} aria-label={env.tr(t::TRANSFER_PARTNER)}>
                { for ProgrammeId::ALL.iter().filter(|p| **p != id).map(|p| html! {
                    <option value={p.as_str()}>{ plan::programme(*p).short_name.get(l) }</option>
                }) }
            </select>
            <input type="number" id={format!("transfer-amount-{id}")} ref={amount} min="0" step={format::money_step(l)}
                aria-label={env.tr(t::TRANSFER_AMOUNT)} placeholder={env.tr(t::TRANSFER_AMOUNT)} />
            <span class="unit">{ format::money_unit(l) }</span>
            <button type="submit" id={format!("transfer-go-{id}")}>{ env.tr(t::TRANSFER_GO) }</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(baseline_wan: i64, amount_wan: i64, floor_wan: i64, expected_wan: i64) {
        let max = slider_max(
            Money::wan(baseline_wan),
            Money::wan(amount_wan),
            Money::wan(floor_wan),
            Money::wan(30_000),
        );
        assert_eq!(
            max,
            Money::wan(expected_wan),
            "baseline {baseline_wan}, amount {amount_wan}, floor {floor_wan}"
        );
    }

    #[test]
    fn a_slider_runs_to_three_times_its_lines_baseline_in_whole_hundreds_of_wan() {
        check(500, 500, 0, 1_500);
        check(750, 750, 0, 2_300);
        check(3_750, 3_750, 3_750, 11_300);
    }

    #[test]
    fn a_larger_amount_widens_the_scale_so_it_is_always_inside() {
        check(500, 5_000, 0, 7_500);
        check(0, 0, 0, 100);
    }

    #[test]
    fn the_scale_stops_at_the_envelope_unless_the_amount_is_past_it() {
        check(5_000, 25_000, 0, 30_000);
        check(5_000, 40_000, 0, 40_000);
    }
}
