//! Criterion benchmarks with the budgets of issue 2:
//! one full 4-year projection ≤ 10 µs; an optimisation at 100,000 CNY steps ≤ 2 ms;
//! 10,000 Monte Carlo draws ≤ 50 ms, single-threaded.
//! Run with `cargo xtask bench` (or `cargo bench -p shared --bench model`).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use shared::ids::ProgrammeId;
use shared::{Locks, Money, Objective, OptimiseOptions, Scenario, Years};

fn shifted() -> Scenario {
    shared::rebalance(
        &Scenario::baseline(),
        ProgrammeId::EquipmentUpgrade,
        Years::All,
        Money::yuan(30_000_000),
        &Locks::none(),
    )
    .expect("rebalance")
    .scenario
}

fn model(c: &mut Criterion) {
    let scenario = shifted();
    c.bench_function("projection (full, 4 years)", |b| {
        b.iter(|| shared::project(black_box(&scenario)))
    });
    c.bench_function("rebalance (one line, all years)", |b| {
        b.iter(|| {
            shared::rebalance(
                black_box(&scenario),
                ProgrammeId::Patents,
                Years::All,
                Money::yuan(25_000_000),
                &Locks::none(),
            )
        })
    });
    for objective in [Objective::Enterprises, Objective::Attainment] {
        let options = OptimiseOptions::new(objective);
        c.bench_function(
            &format!("optimise {} (100,000 CNY steps)", objective.as_str()),
            |b| b.iter(|| shared::optimise(black_box(&scenario), &options)),
        );
    }
    let mut group = c.benchmark_group("monte carlo");
    group.sample_size(20);
    let draws = shared::uncertainty::Draws::new(10_000).expect("10,000 draws are allowed");
    group.bench_function("10,000 draws", |b| {
        b.iter(|| shared::monte_carlo(black_box(&scenario), draws, 42))
    });
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
