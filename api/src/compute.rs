//! Computations: the optimiser's, the re-plan's and the Monte Carlo run's requests,
//! and the re-plan's answer.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::replan::{CarryOver, Replanned};
use shared::{Objective, ProgrammeId, Projection, Scenario, Year};

request_body! {
    /// The body of `POST /optimize`. The server reads it field by field, so that every
    /// mistake is named with its path; this type is its shape.
    OptimizeRequest + greedy {
        /// The scenario to start from, in the file format; its envelope, assumptions and
        /// floors bind the proposal.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ScenarioInput))]
        pub scenario: Scenario,
        /// What to optimise; `enterprises` when absent.
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub objective: Option<Objective>,
        /// Programmes whose money must not move.
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub locks: Option<Vec<ProgrammeId>>,
    }
}

request_body! {
    /// The body of `POST /scenarios/{id}/replan`, read field by field like
    /// [`OptimizeRequest`]; every field may be left out. `min` and `max` bound each
    /// open year.
    ReplanRequest + greedy {
        /// The last closed year; the last year with actuals when absent.
        #[cfg_attr(feature = "openapi", schema(value_type = Option<shared::Year>, nullable = false))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub through: Option<Year>,
        /// What to optimise; `enterprises` when absent.
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub objective: Option<Objective>,
        /// What the closed years' unspent money does: `next_year`, `spread` or
        /// `lapse` (the default: by the plan, a year's money is that year's).
        #[cfg_attr(feature = "openapi", schema(value_type = Option<CarryOver>, nullable = false))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub carry_over: Option<CarryOver>,
    }
}

/// The answer of `POST /scenarios/{id}/replan`: the model's re-plan (the draft
/// `scenario`, its envelopes, carry-over and every (year, programme) change) and the
/// draft's projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplanBody {
    /// The re-plan.
    #[serde(flatten)]
    pub replanned: Replanned,
    /// The draft's projection, as `POST /projection` answers it.
    pub projection: Projection,
}

request_body! {
    /// The body of `POST /uncertainty`, read field by field like [`OptimizeRequest`].
    UncertaintyRequest {
        /// The scenario, in the file format.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ScenarioInput))]
        pub scenario: Scenario,
        /// Monte Carlo draws, 1 to 200,000; 1,000 when absent.
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 200_000))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub draws: Option<u64>,
        /// The seed: the same seed gives the same bands; 0 when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub seed: Option<u64>,
    }
}
