//! Plan execution (年初计划、年终考核): year plans, a year's stored actuals and their
//! revisions, the state of the four years, and the re-plan's request and answer.
//! The assessment and the execution are the model crate's own results.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use shared::execution::{ActualStatus, YearActuals};
use shared::{Money, ProgrammeId, Year};

use crate::{Revision, ScenarioId};

/// `{"scenario": ID}` of `POST /years/{year}/plan`: the approved scenario to adopt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdoptBody {
    /// The approved scenario whose allocation for the year becomes the year plan.
    pub scenario: ScenarioId,
}

/// A year plan (年度计划): the approved scenario adopted for the year, and that year's
/// allocation frozen from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearPlan {
    /// The plan year.
    pub year: Year,
    /// The scenario adopted.
    pub scenario: ScenarioId,
    /// Its revision when adopted.
    pub scenario_revision: Revision,
    /// The year's allocation as adopted, CNY by programme id (all sixteen).
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, Money>))]
    pub allocations: BTreeMap<ProgrammeId, Money>,
    /// Σ of the allocation.
    pub total: Money,
    /// Who adopted it (`user:NAME` or `token:NAME`).
    pub adopted_by: String,
    /// When, RFC 3339 UTC.
    pub adopted_at: String,
}

/// The read-only fields of a year's stored actuals. A client may send them back in a
/// `PUT` body (they are ignored), so a `GET` body can be edited and sent back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActualsMeta {
    /// The plan year.
    pub year: Year,
    /// The current revision; the `ETag` is `"rev-N"`.
    pub revision: Revision,
    /// Who saved it.
    pub updated_by: String,
    /// When, RFC 3339 UTC.
    pub updated_at: String,
}

/// The names of [`ActualsMeta`]'s fields: read-only, ignored in a body.
pub const ACTUALS_META_FIELDS: [&str; 4] = ["year", "revision", "updated_by", "updated_at"];

/// A year's stored actuals: the body of `PUT /actuals/{year}` plus the read-only
/// fields, in one object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredActuals {
    /// Status, source, note and programmes.
    #[serde(flatten)]
    pub actuals: YearActuals,
    /// Year, revision and authorship.
    #[serde(flatten)]
    pub meta: ActualsMeta,
}

/// The read-only fields of `object`, taken out of it.
pub fn take_actuals_meta(object: &mut Map<String, Value>) -> Map<String, Value> {
    ACTUALS_META_FIELDS
        .iter()
        .filter_map(|field| Some(((*field).to_owned(), object.remove(*field)?)))
        .collect()
}

/// The actuals admit no unknown field, so the object is split: the read-only fields
/// make the meta, the rest the actuals.
impl<'de> Deserialize<'de> for StoredActuals {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StoredActuals, D::Error> {
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let meta = take_actuals_meta(&mut object);
        let meta = ActualsMeta::deserialize(Value::Object(meta)).map_err(D::Error::custom)?;
        let actuals = YearActuals::from_value(&Value::Object(object)).map_err(D::Error::custom)?;
        Ok(StoredActuals { actuals, meta })
    }
}

/// One saved revision of a year's actuals, with the actuals as they were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActualsRevision {
    /// The revision number, from 1.
    pub revision: Revision,
    /// `provisional` or `final` in this revision.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^(provisional|final)$"))]
    pub status: ActualStatus,
    /// Who saved it.
    pub author: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// The actuals saved.
    pub actuals: YearActuals,
}

/// One plan year as `GET /years` lists it: its plan, if adopted, and the state of its
/// actuals, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearState {
    /// The plan year.
    pub year: Year,
    /// The adopted year plan; `null` when none is.
    pub plan: Option<YearPlan>,
    /// `provisional` or `final`; `null` when no actuals are stored.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, pattern = "^(provisional|final)$"))]
    pub actuals: Option<ActualStatus>,
    /// The actuals' read-only fields; `null` when none are stored.
    pub actuals_meta: Option<ActualsMeta>,
}

/// `?status=&source=&note=&lang=` of `POST /actuals/{year}/import`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// `provisional` (default) or `final`.
    pub status: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// A note.
    pub note: Option<String>,
    /// The language of the problems of a file that does not read: `en` (default) or
    /// `zh`.
    pub lang: Option<String>,
}

/// Which scenario a year was assessed against, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentBasis {
    /// The stored scenario; `null` for the plan's baseline.
    pub scenario: Option<ScenarioId>,
    /// Its name.
    pub name: String,
    /// Why this one: `year_plan` (the year's adopted plan), `named` (`?scenario=`),
    /// `approved` (no year plan: the most recently approved scenario) or `baseline`
    /// (nothing approved either).
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^(year_plan|named|approved|baseline)$")
    )]
    pub chosen: String,
}

/// `GET /years/{year}/assessment` and `planner assess --json`: the year's assessment
/// (the model's) and the scenario it was made against.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearAssessment {
    /// The scenario assessed against.
    pub basis: AssessmentBasis,
    /// The assessment.
    pub assessment: shared::execution::Assessment,
}
