//! `planner explain`: how one programme's numbers were computed — curve, parameters
//! with provenance, calibrated k and the arithmetic of every year.

use std::path::Path;

use anyhow::Result;
use shared::ids::ProgrammeId;

use super::{Output, load_scenario, print_json};

/// Explains `programme` in the scenario.
pub(super) fn run(
    programme: ProgrammeId,
    scenario: Option<&Path>,
    output: &Output,
) -> Result<String> {
    let scenario = load_scenario(scenario)?;
    let explanation = shared::explain(&scenario, programme);
    if output.json {
        print_json(&explanation)
    } else {
        Ok(explanation.render(output.lang))
    }
}
