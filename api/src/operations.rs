//! The planner's edits as stateless operations: their requests and their answer.

use serde::{Deserialize, Serialize};
use shared::edit::LineChange;
use shared::plan::Words;
use shared::{Edited, ProgrammeId, Scenario, Year};

request_body! {
    /// The body of `POST /operations/transfer`. The server reads it field by field, so
    /// that every mistake is named with its path; this type is its shape.
    TransferRequest + one_year("The one year to move money in; every year when absent.") {
        /// The scenario to edit, in the file format.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ScenarioInput))]
        pub scenario: Scenario,
        /// The programme the money leaves; it may not go below its floor in any year moved.
        pub from: ProgrammeId,
        /// The programme the money goes to.
        pub to: ProgrammeId,
        /// CNY moved in each year concerned: whole and positive.
        #[cfg_attr(feature = "openapi", schema(value_type = shared::openapi::Amount))]
        pub amount: String,
    }
}

request_body! {
    /// The body of `POST /operations/set`, read field by field like [`TransferRequest`].
    SetRequest
        + one_year("The one year to set; every year when absent.")
        + moving("The other lines move in multiples of this many CNY; 100,000 (10万元) when absent.")
    {
        /// The scenario to edit, in the file format.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ScenarioInput))]
        pub scenario: Scenario,
        /// The line to set; it must not be locked.
        pub programme: ProgrammeId,
        /// Its new amount in CNY, in each year concerned: whole and not negative.
        #[cfg_attr(feature = "openapi", schema(value_type = shared::openapi::Amount))]
        pub amount: String,
    }
}

request_body! {
    /// The body of `POST /operations/fit-envelope`, read field by field like
    /// [`TransferRequest`].
    FitEnvelopeRequest + moving("The lines move in multiples of this many CNY; 100,000 (10万元) when absent.") {
        /// The scenario to edit, in the file format; its envelope is the one to fit.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ScenarioInput))]
        pub scenario: Scenario,
    }
}

/// An edited scenario: the same body from the API and from `planner edit … --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditedScenario {
    /// The scenario after the edit, in the file format (save it, or send it to the
    /// next operation).
    pub scenario: Scenario,
    /// What moved, in a line, in both languages.
    pub description: Words,
    /// Every line and year whose amount changed, in year then programme order.
    pub changes: Vec<LineChange>,
    /// Whether a set could not give the line all it asked for (the other lines reached
    /// their floors).
    pub clamped: bool,
}

impl From<Edited> for EditedScenario {
    fn from(edited: Edited) -> EditedScenario {
        EditedScenario {
            scenario: edited.scenario,
            description: edited.description,
            changes: edited.changes,
            clamped: edited.clamped,
        }
    }
}
