//! `GET /plan`: the plan as data.

use serde::Serialize;
use shared::params::{ParamInfo, ParamKey};
use shared::plan::{self, Headline, IndicatorDef, PathDef, ProgrammeDef, Text};
use shared::{Money, Year};

/// The plan as data, with every assumption and its provenance. It is the model
/// crate's own constant data, so it is only ever written: a client that needs the
/// plan links the model crate (as the browser does) instead of reading it back.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanBody {
    /// The annual envelope, CNY (PLAN).
    pub annual_envelope: Money,
    /// Where the plan sets it.
    pub envelope_reference: &'static str,
    /// The plan years.
    pub years: &'static [Year],
    /// The funds the money comes from.
    pub funds: &'static [Text],
    /// The four paths.
    pub paths: &'static [PathDef],
    /// The sixteen programmes, each with its baseline and earmark.
    pub programmes: &'static [ProgrammeDef],
    /// Every indicator with its target and default autonomous share α.
    pub indicators: &'static [IndicatorDef],
    /// The three headline targets.
    pub kpis: &'static [Headline],
    /// Every assumption with its value, range and provenance.
    pub assumptions: Vec<ParamInfo>,
}

impl PlanBody {
    /// The plan, as `GET /api/v1/plan` and `planner plan --json` write it.
    pub fn new() -> PlanBody {
        PlanBody {
            annual_envelope: plan::annual_envelope(),
            envelope_reference: plan::ENVELOPE_REFERENCE,
            years: &plan::YEARS,
            funds: &plan::FUNDS,
            paths: &plan::PATHS,
            programmes: &plan::PROGRAMMES,
            indicators: &plan::INDICATORS,
            kpis: &plan::KPIS,
            assumptions: ParamKey::all().map(|key| key.info()).collect(),
        }
    }
}

impl Default for PlanBody {
    fn default() -> PlanBody {
        PlanBody::new()
    }
}
