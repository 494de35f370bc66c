//! The planner server driven over HTTP, every test once on a fresh SQLite file and
//! once on a fresh, uniquely named PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod described;
mod helpers;

mod auth;
mod compute;
mod contract;
mod documents;
mod errors;
mod execution;
mod meta;
mod operations;
mod scenarios;
mod users_admin;
mod workbook;
