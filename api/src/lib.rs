//! The contract of the planner's REST API, `/api/v1`: every body the server sends or
//! takes, as types that serialise and deserialise. The server answers with them, the
//! browser client reads them and the API tests assert on them, so changing a field
//! here breaks the build of all three.
//!
//! It is a crate of its own, not a module of the model crate, because two of its types
//! ([`Status`], [`Role`]) are sea-orm active enums in the server's storage (feature
//! `db`), and the model crate carries no storage dependency under any feature. The
//! feature `openapi` adds the schemas of `/openapi.json`; the browser build takes
//! neither feature.

mod workflow;

pub use workflow::{Revision, Role, ScenarioId, Status};
