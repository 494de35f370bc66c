//! Helpers shared by the integration tests of the model crate.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod vectors;

use shared::ids::ProgrammeId;
use shared::{Locks, Money, Scenario, Years};

/// The model document's worked move: 30,000,000 CNY a year more for equipment upgrading,
/// taken from specialised products, every other line locked.
pub fn shift_equipment_to_specialised() -> Scenario {
    shared::rebalance(
        &Scenario::baseline(),
        ProgrammeId::EquipmentUpgrade,
        Years::All,
        Money::yuan(30_000_000),
        &Locks::all_but(&[
            ProgrammeId::EquipmentUpgrade,
            ProgrammeId::SpecialisedProducts,
        ]),
    )
    .unwrap_or_else(|error| panic!("{error}"))
    .scenario
}

/// Asserts that `text` (a message, a note, an error) says `part`, showing the whole text
/// when it does not.
#[track_caller]
pub fn says(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} is not in:\n{text}");
}
