//! Criterion benchmark of the re-plan (issue 11): three open years at 100,000 CNY
//! steps must stay within the optimiser's 2 ms budget.
//! Run with `cargo bench -p shared --bench replan`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use shared::ids::{ProgrammeId, Year};
use shared::{CarryOver, ClosedYears, Money, Objective, ReplanOptions, Scenario};

fn replan(c: &mut Criterion) {
    let scenario = Scenario::baseline();
    // 2017 closed, 12,000,000 CNY of equipment upgrade unspent and carried to 2018.
    let mut closed = ClosedYears::as_planned(&scenario, Year::ALL[0]);
    closed.spent[0][ProgrammeId::EquipmentUpgrade.index()] -= Money::yuan(12_000_000);
    for objective in [Objective::Enterprises, Objective::Attainment] {
        let options = ReplanOptions::new(objective, CarryOver::NextYear);
        c.bench_function(
            &format!(
                "replan {} (3 open years, 100,000 CNY steps)",
                objective.as_str()
            ),
            |b| b.iter(|| shared::replan(black_box(&scenario), &closed, &options)),
        );
    }
}

criterion_group!(benches, replan);
criterion_main!(benches);
