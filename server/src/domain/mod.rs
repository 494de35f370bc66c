//! The server's domain: the rules that hold whatever the transport or the store.
//!
//! - [`workflow`]: how a stored scenario moves between draft, proposed and approved,
//!   and who may move it. [`Status`](api::Status) lives in the contract crate, so the
//!   rules are the [`Workflow`] trait implemented for it here: `use
//!   crate::domain::Workflow as _;` then `status.transition(to, role)`. A trait rather
//!   than free functions so the call reads as the issue states it, and so a handler or
//!   the store cannot reach the rules except through the status they apply to.
//! - [`users`]: [`UserName`] and [`Password`], parsed once with a [`CredentialError`]
//!   that the API maps to a 422 and the command line prints as it is.
//! - [`accounts`]: what an admin may do to an account (the last enabled admin stays),
//!   whether an account may sign in, and the role an API token acts with (at most its
//!   creator's, while they are enabled).
//! - [`execution`]: who may write a year's actuals (planners provisional, approvers
//!   final) and when a year plan may be adopted ([`ExecutionError`]).
//!
//! Handlers parse into these types and map their errors; the store only persists what
//! these rules decided.

pub mod accounts;
pub mod execution;
pub mod users;
pub mod workflow;

pub use accounts::{Account, AccountChange, AccountError, TokenCreator};
pub use execution::ExecutionError;
pub use users::{CredentialError, Password, UserName};
pub use workflow::{Edit, Note, NoteError, Workflow, WorkflowError};
