//! Criterion benchmarks of plan execution (issue 11): the assessment of one year, and
//! the execution with two closed years, with and without calibration.
//! Run with `cargo bench -p shared --bench execution`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use shared::execution::{ActualStatus, Actuals, ProgrammeActual, YearActuals};
use shared::ids::{ProgrammeId, Year};
use shared::{Money, Scenario};

/// Every programme reported: 90% of its planned money spent, 95% of the model's output
/// at the plan achieved.
fn reported(scenario: &Scenario, year: Year) -> YearActuals {
    let projection = shared::project(scenario);
    let programmes = ProgrammeId::ALL
        .iter()
        .map(|id| {
            let planned = scenario.allocation(year, *id);
            let outcomes = projection
                .indicators
                .iter()
                .filter(|row| row.programme == *id)
                .map(|row| (row.indicator, 0.95 * row.by_year.0[year.index()]))
                .collect();
            let spent = planned
                .mul_ratio(Money::yuan(9), Money::yuan(10))
                .floor_yuan();
            (*id, ProgrammeActual { spent, outcomes })
        })
        .collect::<BTreeMap<_, _>>();
    YearActuals {
        status: ActualStatus::Final,
        source: "bench".to_owned(),
        note: String::new(),
        programmes,
    }
}

fn execution(c: &mut Criterion) {
    let scenario = Scenario::baseline();
    let plan = *scenario.allocations();
    let (first, second) = (Year::ALL[0], Year::ALL[1]);
    let mut actuals = Actuals::none();
    actuals.set(first, reported(&scenario, first));
    actuals.set(second, reported(&scenario, second));
    let year = reported(&scenario, first);
    c.bench_function("assess (one year, 16 programmes)", |b| {
        b.iter(|| shared::assess(black_box(&plan), &scenario, first, black_box(&year)))
    });
    for calibrate in [false, true] {
        c.bench_function(
            &format!("execution (2 closed years, calibrate={calibrate})"),
            |b| {
                b.iter(|| {
                    shared::execution(
                        black_box(&scenario),
                        &plan,
                        black_box(&actuals),
                        second,
                        calibrate,
                    )
                })
            },
        );
    }
}

criterion_group!(benches, execution);
criterion_main!(benches);
