//! The planner server: the REST API under `/api/v1`, its storage (SQLite or
//! PostgreSQL through sea-orm) and its security, as a library the `planner` binary
//! and the integration tests share.
//!
//! [`startup::Application`] binds and runs the server; [`ops`] has the `serve`,
//! `migrate`, `user`, `token`, `backup` and `restore` subcommands ([`backup`] for the last two); each resource is a module of [`routes`];
//! every error is an [`error::ApiError`] rendered as RFC 9457 problem details.
//! The workflow and the rules of names and passwords are in [`domain`]; [`storage`] only
//! persists.
//! [`render`] draws the model's charts to SVG and PNG; [`brief`] lays out the briefing
//! PDF; [`words`] has the
//! words and table rows the briefing and the command line share.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod auth;
pub mod backup;
pub mod brief;
pub mod client_address;
pub mod connections;
pub mod deadline;
pub mod domain;
pub mod error;
pub mod execution;
pub mod front_end;
pub mod limits;
pub mod ops;
pub mod parsed;
pub mod render;
pub mod routes;
pub mod startup;
pub mod storage;
pub mod words;
pub mod workbook;
pub mod xlsx;

pub use ops::{OpsCommand, run_cli_ops};
pub use startup::{Application, Settings};
