//! The trajectories: one indicator at a time, chosen from a list, drawn by the model
//! crate's execution chart (year plans, actuals solid, forecast dashed, target).

use std::rc::Rc;

use plotters::prelude::IntoDrawingArea as _;
use plotters_canvas::CanvasBackend;
use shared::execution::Execution;
use shared::plan::{self, INDICATORS, Lang};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::words as w;

/// Properties of the trajectory panel.
#[derive(Properties, PartialEq)]
pub struct TrajectoryProps {
    /// The execution and re-forecast drawn.
    pub run: Rc<Execution>,
    /// The language.
    pub lang: Lang,
}

/// The trajectory panel.
#[component]
pub fn Trajectory(props: &TrajectoryProps) -> Html {
    let l = props.lang;
    let slot = use_state(|| 0usize);
    {
        let (run, slot) = (props.run.clone(), *slot);
        use_effect_with((run, slot, l), move |(run, slot, l)| {
            if let (Some(backend), Some(row)) = (
                CanvasBackend::new("chart-execution"),
                run.indicators.get(*slot),
            ) {
                shared::charts::execution_trajectory(&backend.into_drawing_area(), row, *l);
            }
            || ()
        });
    }
    let choose = {
        let slot = slot.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(index) = value.parse::<usize>() {
                slot.set(index.min(INDICATORS.len() - 1));
            }
        })
    };
    html! {
        <section class="panel" id="trajectory" aria-label={w::TRAJECTORY.get(l)}>
            <h2>{ w::TRAJECTORY.get(l) }</h2>
            <select id="execution-indicator" onchange={choose} aria-label={w::TRAJECTORY_OF.get(l)}>
                { for INDICATORS.iter().enumerate().map(|(index, def)| html! {
                    <option value={index.to_string()} selected={index == *slot}>
                        { format!("{} · {}", plan::programme(def.programme).short_name.get(l), def.name.get(l)) }
                    </option>
                }) }
            </select>
            <canvas id="chart-execution" width="560" height="300" role="img" aria-label={w::TRAJECTORY.get(l)}></canvas>
        </section>
    }
}
