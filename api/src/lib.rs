//! The contract of the planner's REST API, `/api/v1`: every body the server sends or
//! takes, as types that serialise and (except the plan's constant data) deserialise.
//! The server answers with them, the browser client reads them and the API tests
//! assert on them, so changing a field here breaks the build of all three. Results of
//! the model (projections, comparisons, proposals) are the model crate's own types.
//!
//! It is a crate of its own, not a module of the model crate, because two of its types
//! ([`Status`], [`Role`]) are sea-orm active enums in the server's storage (feature
//! `db`), and the model crate carries no storage dependency under any feature. The
//! feature `openapi` adds the schemas of `/openapi.json`; the browser build takes
//! neither feature.

/// `Debug` showing only the named fields, so a secret (a password, a token) never
/// reaches a log through `{:?}`.
macro_rules! redacted_debug {
    ($name:ident { $($shown:ident),* }) => {
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($shown), &self.$shown))*
                    .finish_non_exhaustive()
            }
        }
    };
}

/// A request body: `Serialize`, `Deserialize`, a schema with `openapi`, and unknown
/// fields refused. The server reads each body field by field, so that every mistake is
/// named with its path; these types are their shape. Parts after the name add the
/// fields that several bodies share, in the order given: `+ greedy` the step, bounds
/// and kept targets of the greedy allocation (`POST /optimize`, `POST
/// /scenarios/{id}/replan`); `+ moving("…")` the locks and the unit of an edit whose
/// other lines move (`set`, `fit-envelope`), the unit described by the text given;
/// `+ one_year("…")` the one year an edit concerns, every year when absent, described
/// by the text given (`transfer`, `set`).
macro_rules! request_body {
    (@part [$($head:tt)*] { $($fields:tt)* } greedy $($parts:tt)*) => {
        request_body! { @part [$($head)*] {
            $($fields)*
            /// The greedy step in CNY; 100,000 (10万元) when absent; the money may take
            /// at most 1,000,000 steps.
            #[cfg_attr(feature = "openapi", schema(value_type = shared::openapi::Amount, required = false))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub step: Option<String>,
            /// The least CNY a year a programme may get, by programme id.
            #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ProgrammeBounds, required = false))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub min: Option<Value>,
            /// The most CNY a year a programme may get, by programme id; not below its
            /// floor.
            #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ProgrammeBounds, required = false))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub max: Option<Value>,
            /// Targets the proposal must keep at 100% or more: indicator keys
            /// `programme.indicator`, or `"all"` for every target the objective does
            /// not itself count. The response's `broken_targets` lists the targets it
            /// breaks.
            #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::KeepTargets, required = false))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub keep_targets: Option<Value>,
        } $($parts)* }
    };
    (@part [$($head:tt)*] { $($fields:tt)* } moving($unit:literal) $($parts:tt)*) => {
        request_body! { @part [$($head)*] {
            $($fields)*
            /// Lines that must not move.
            #[cfg_attr(feature = "openapi", schema(nullable = false))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub locks: Option<Vec<ProgrammeId>>,
            #[doc = $unit]
            #[cfg_attr(feature = "openapi", schema(value_type = shared::openapi::Amount, required = false))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub unit: Option<String>,
        } $($parts)* }
    };
    (@part [$($head:tt)*] { $($fields:tt)* } one_year($year:literal) $($parts:tt)*) => {
        request_body! { @part [$($head)*] {
            $($fields)*
            #[doc = $year]
            #[cfg_attr(feature = "openapi", schema(nullable = false))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub year: Option<Year>,
        } $($parts)* }
    };
    (@part [$(#[$meta:meta])* $name:ident] { $($fields:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(deny_unknown_fields)]
        pub struct $name { $($fields)* }
    };
    ($(#[$meta:meta])* $name:ident $(+ $part:ident $(($text:literal))?)* { $($fields:tt)* }) => {
        request_body! { @part [$(#[$meta])* $name] { $($fields)* } $($part $(($text))?)* }
    };
}

pub mod actuals_file;
mod admin;
mod allocations_file;
mod compute;
mod execution;
mod meta;
mod operations;
mod page;
mod plan;
mod scenarios;
#[cfg(feature = "openapi")]
pub mod schema;
mod session;
mod workflow;

pub use admin::{
    AuditEntry, CreatedToken, CreatedUser, NewToken, NewUser, PasswordReset, RoleBody,
    SessionsEnded, TokenView, UserView,
};
pub use allocations_file::{AllocationsCsvError, allocations_from_csv};
pub use compute::{OptimizeRequest, ReplanBody, ReplanRequest, UncertaintyRequest};
pub use execution::{
    ACTUALS_META_FIELDS, ActualsMeta, ActualsRevision, AdoptBody, AssessmentBasis, ImportQuery,
    StoredActuals, YearAssessment, YearPlan, YearState, take_actuals_meta,
};
pub use meta::{Health, PROBLEMS_LISTED, ProblemDetails};
pub use operations::{EditedScenario, FitEnvelopeRequest, SetRequest, TransferRequest};
pub use page::{List, Page, Paging};
pub use plan::PlanBody;
pub use scenarios::{
    ALLOCATIONS_CSV_HEADER, AllocationRow, Allocations, CloneBody, ListQuery, MAX_NOTE_CHARS,
    RevisionPage, RevisionSummary, ScenarioMeta, ScenarioRevision, ScenarioSummary, StatusBody,
    StoredScenario, allocations_csv,
};
pub use session::{Credentials, Me, PASSWORD_CHANGE_REQUIRED, PasswordChange, Setup, SignedIn};
pub use workflow::{NotAnId, Revision, Role, ScenarioId, Status, UnknownName};
