//! The native build's numbers equal the stored golden vectors, bit for bit; the wasm32
//! build checks the same file in `wasm_golden.rs`. Regenerate after an intended change
//! of the model with `UPDATE_GOLDEN=1 cargo test -p shared --test golden_vectors`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::vectors;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/vectors.json");

#[test]
fn native_results_equal_the_golden_vectors_bit_for_bit() {
    let cases = vectors::cases();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(PATH, vectors::to_json(&cases)).expect("write golden vectors");
    }
    let stored = std::fs::read_to_string(PATH).expect("golden vectors exist");
    let differences = vectors::differences(&stored, &cases);
    assert!(
        differences.is_empty(),
        "native results differ from tests/golden/vectors.json:\n{}",
        differences.join("\n")
    );
}
