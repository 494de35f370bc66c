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

pub mod actuals_file;
mod admin;
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
    ALLOCATIONS_CSV_HEADER, AllocationRow, Allocations, CloneBody, ListQuery, RevisionPage,
    RevisionSummary, ScenarioMeta, ScenarioRevision, ScenarioSummary, StatusBody, StoredScenario,
    allocations_csv,
};
pub use session::{Credentials, Me, PASSWORD_CHANGE_REQUIRED, PasswordChange, Setup, SignedIn};
pub use workflow::{NotAnId, Revision, Role, ScenarioId, Status, UnknownName};
