//! Stateless computations: the optimiser's and the Monte Carlo run's requests.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::{Objective, ProgrammeId, Scenario};

/// The body of `POST /optimize`. The server reads it field by field, so that every
/// mistake is named with its path; this type is its shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OptimizeRequest {
    /// The scenario to start from, in the file format; its envelope, assumptions and
    /// floors bind the proposal.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ScenarioInput))]
    pub scenario: Scenario,
    /// What to optimise; `enterprises` when absent.
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
    /// The greedy step in CNY; 100,000 (10万元) when absent; the envelope may take at
    /// most 1,000,000 steps.
    #[cfg_attr(feature = "openapi", schema(value_type = shared::openapi::Amount, required = false))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Programmes whose money must not move.
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locks: Option<Vec<ProgrammeId>>,
    /// The least CNY a year a programme may get, by programme id.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ProgrammeBounds, required = false))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Value>,
    /// The most CNY a year a programme may get, by programme id; not below its floor.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ProgrammeBounds, required = false))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Value>,
    /// Targets the proposal must keep at 100% or more: indicator keys
    /// `programme.indicator`, or `"all"` for every target the objective does not
    /// itself count. The response's `broken_targets` lists the targets it breaks.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::KeepTargets, required = false))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_targets: Option<Value>,
}

/// The body of `POST /uncertainty`, read field by field like [`OptimizeRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UncertaintyRequest {
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
