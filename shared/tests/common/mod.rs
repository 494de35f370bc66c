//! Helpers shared by the integration tests of the model crate.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod vectors;
