//! Golden vectors: the model's outputs for fixed inputs, as exact f64 bit patterns.
//! The native test writes and checks `golden/vectors.json`; the wasm32 test checks the
//! same file, so a difference of one bit between the two builds fails.

use shared::ids::{ProgrammeId, Year};
use shared::{KpiKey, Money, Objective, OptimiseOptions, Scenario};

/// One case: a name and the bit patterns of every number the model gave.
pub struct Case {
    pub name: String,
    pub bits: Vec<String>,
}

fn bits(values: impl IntoIterator<Item = f64>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| format!("{:016x}", v.to_bits()))
        .collect()
}

fn projection_bits(scenario: &Scenario) -> Vec<String> {
    let p = shared::project(scenario);
    let mut values = Vec::new();
    for row in &p.indicators {
        values.push(row.result);
        values.extend(row.by_year.0);
    }
    values.extend(p.kpis.iter().map(|(_, kpi)| kpi.result));
    bits(values)
}

fn scenario(json: &str) -> Scenario {
    match Scenario::from_json(json) {
        Ok(scenario) => scenario,
        Err(error) => panic!("golden scenario is invalid: {error}"),
    }
}

/// Every golden case, computed by this build.
pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let base = Scenario::baseline();
    cases.push(Case {
        name: "baseline projection".into(),
        bits: projection_bits(&base),
    });
    cases.push(Case {
        name: "20M from equipment to specialised".into(),
        bits: projection_bits(&super::shift_equipment_to_specialised()),
    });
    let mut draft = base.to_draft();
    for (i, year) in Year::ALL.iter().enumerate() {
        for (j, id) in ProgrammeId::ALL.iter().enumerate() {
            let amount = 1_000_000 + ((i * 7 + j * 13) % 17) as i64 * 2_345_679;
            draft.allocations[year.index()][id.index()] = Money::yuan(amount);
        }
    }
    draft.respect_earmarks = false;
    let uneven = Scenario::new(draft).unwrap_or_else(|e| panic!("{e}"));
    cases.push(Case {
        name: "uneven years".into(),
        bits: projection_bits(&uneven),
    });
    let overridden = scenario(
        &serde_json::json!({
            "name": "overrides",
            "envelope": "250000000",
            "allocations": serde_json::to_value(&base).unwrap_or_default()["allocations"],
            "assumptions": {
                "equipment_upgrade.enterprises.cost_multiplier": 1.2,
                "tech_enterprise.enterprises.alpha": 0.12,
                "park_upgrade.park_tax.saturation": 2.7,
                "cohort.patents.profit_tax_uplift": 1.9
            }
        })
        .to_string(),
    );
    cases.push(Case {
        name: "assumption overrides".into(),
        bits: projection_bits(&overridden),
    });
    for &objective in Objective::ALL {
        let optimised = shared::optimise(&overridden, &OptimiseOptions::new(objective))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut values: Vec<String> = optimised.scenario.allocations()[0]
            .iter()
            .map(ToString::to_string)
            .collect();
        values.extend(bits([optimised.value]));
        cases.push(Case {
            name: format!("optimise {}", objective.as_str()),
            bits: values,
        });
    }
    let draws = shared::uncertainty::Draws::new(500).unwrap_or_else(|e| panic!("{e}"));
    let mc = shared::monte_carlo(&super::shift_equipment_to_specialised(), draws, 20_170_101);
    let mut values = Vec::new();
    for band in &mc.indicators {
        values.extend([band.band.p10, band.band.p50, band.band.p90, band.band.mean]);
        values.extend(band.probability_meeting_target);
    }
    for kpi in &mc.kpis {
        values.extend([
            kpi.band.p10,
            kpi.band.p50,
            kpi.band.p90,
            kpi.band.mean,
            kpi.probability_meeting_target,
        ]);
    }
    cases.push(Case {
        name: "monte carlo 500 draws".into(),
        bits: bits(values),
    });
    let tornado = shared::sensitivity(&overridden, KpiKey::ProfitTaxGrowth);
    let mut values = vec![tornado.base];
    for bar in &tornado.bars {
        values.extend([bar.kpi_at_low, bar.kpi_at_high]);
    }
    cases.push(Case {
        name: "sensitivity profit tax".into(),
        bits: bits(values),
    });
    cases
}

/// The cases as the JSON stored in `golden/vectors.json`.
pub fn to_json(cases: &[Case]) -> String {
    let value: Vec<serde_json::Value> = cases
        .iter()
        .map(|case| serde_json::json!({"name": case.name, "bits": case.bits}))
        .collect();
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// Compares this build's cases with the stored JSON; returns every difference.
pub fn differences(stored: &str, cases: &[Case]) -> Vec<String> {
    let stored: Vec<serde_json::Value> = match serde_json::from_str(stored) {
        Ok(stored) => stored,
        Err(error) => return vec![format!("golden file is not valid JSON: {error}")],
    };
    let mut differences = Vec::new();
    if stored.len() != cases.len() {
        differences.push(format!(
            "{} stored cases, {} computed",
            stored.len(),
            cases.len()
        ));
    }
    for (stored, case) in stored.iter().zip(cases) {
        let name = stored["name"].as_str().unwrap_or_default();
        let bits: Vec<&str> = stored["bits"]
            .as_array()
            .map(|a| a.iter().filter_map(|b| b.as_str()).collect())
            .unwrap_or_default();
        if name != case.name {
            differences.push(format!(
                "case `{name}` stored where `{}` computed",
                case.name
            ));
        } else if bits.len() != case.bits.len() {
            differences.push(format!(
                "case `{name}`: {} values stored, {} computed",
                bits.len(),
                case.bits.len()
            ));
        } else {
            for (i, (a, b)) in bits.iter().zip(&case.bits).enumerate() {
                if a != b {
                    differences.push(format!("case `{name}` value {i}: stored {a}, computed {b}"));
                }
            }
        }
    }
    differences
}
