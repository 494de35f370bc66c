//! The funding model of Tianjin's 2017–2020 SME innovation-and-transformation plan.
//!
//! One crate computes everything the product shows, in the server and in the browser
//! alike: the plan as data ([`plan`]), assumptions with provenance ([`params`]), valid
//! scenarios ([`scenario`]), the calibrated response curves ([`model`]), projection,
//! rebalance, optimisation, Monte Carlo, sensitivity, comparison and explanation.
//!
//! It does no I/O and needs no runtime, so it builds for the host and for
//! `wasm32-unknown-unknown`; transcendental maths comes from `libm`, so both give
//! bit-identical numbers. Money is [`Money`], an exact decimal number of CNY; only
//! projected outcomes are floats.
#![warn(missing_docs)]

mod allocate;
#[cfg(feature = "charts")]
pub mod charts;
pub mod compare;
pub mod edit;
pub mod execution;
pub mod explain;
pub mod format;
pub mod ids;
pub mod model;
pub mod money;
pub mod names;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod optimise;
pub mod params;
pub mod plan;
pub mod projection;
pub mod rebalance;
pub mod replan;
pub mod scenario;
#[cfg(test)]
mod testing;
pub mod uncertainty;
pub mod verdict;

pub use compare::{Comparison, compare};
pub use edit::{EditError, Edited, fit_envelope, set, transfer};
pub use execution::{
    ActualStatus, Actuals, Assessment, AssessmentStatus, Execution, YearActuals, assess, execution,
};
pub use explain::{Explanation, explain};
pub use ids::{IndicatorId, PathId, ProgrammeId, Year};
pub use money::Money;
pub use names::UnknownName;
pub use optimise::{Aim, Objective, OptimiseOptions, Optimised, Step, optimise};
pub use plan::IndicatorKey;
pub use plan::Lang;
pub use projection::{Projection, project};
pub use rebalance::{Locks, Rebalanced, Years, rebalance, rebalance_in_units};
pub use replan::{CarryOver, ClosedYears, ReplanOptions, Replanned, YearChange, replan};
pub use scenario::{Problem, Scenario, ScenarioDraft, ScenarioError};
#[doc(hidden)]
pub use serde;
pub use uncertainty::{Draws, KpiKey, Sensitivity, Uncertainty, monte_carlo, sensitivity};
pub use verdict::{Verdict, meets, verdict};
