//! The wasm32 build gives the golden vectors the native build wrote, bit for bit.
//! Run by `cargo xtask test` as
//! `cargo test -p shared --target wasm32-unknown-unknown --test wasm_golden`
//! (the runner, wasm-bindgen-test-runner, executes it in Node.js).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::vectors;
use wasm_bindgen_test::wasm_bindgen_test;

const STORED: &str = include_str!("golden/vectors.json");

#[wasm_bindgen_test]
fn wasm_results_equal_the_native_golden_vectors_bit_for_bit() {
    let cases = vectors::cases();
    assert!(cases.len() >= 8);
    let differences = vectors::differences(STORED, &cases);
    assert!(
        differences.is_empty(),
        "wasm32 results differ from the native golden vectors:\n{}",
        differences.join("\n")
    );
}
