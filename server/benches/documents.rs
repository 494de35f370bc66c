//! Criterion benchmarks of the documents, with the budgets of issue 5: a PNG chart
//! ≤ 100 ms, the briefing PDF ≤ 1 s. Run with `cargo bench -p server --bench documents`
//! (part of `cargo xtask bench`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use server::render::{self, Chart, Format, Request};
use shared::Scenario;
use shared::plan::Lang;

fn documents(c: &mut Criterion) {
    let scenario = Scenario::baseline();
    let mut group = c.benchmark_group("documents");
    group.sample_size(20);
    for chart in [
        Chart::Attainment,
        Chart::Allocation,
        Chart::Tornado,
        Chart::Uncertainty,
    ] {
        let request = Request {
            chart,
            scenario: &scenario,
            compare: None,
            lang: Lang::Zh,
            width: 1200,
            height: 700,
            indicator: render::default_indicator(),
        };
        group.bench_function(format!("png {} 1200x700", chart.as_str()), |b| {
            b.iter(|| render::render(black_box(&request), Format::Png).expect("png"))
        });
    }
    group.sample_size(10);
    group.bench_function("briefing pdf (baseline, zh)", |b| {
        b.iter(|| {
            server::brief::pdf(&server::brief::Briefing {
                scenario: black_box(&scenario),
                compare: None,
                author: "bench".to_owned(),
                date: "2026-11-27".to_owned(),
                lang: Lang::Zh,
                execution: None,
            })
            .expect("pdf")
        })
    });
    group.finish();
}

criterion_group!(benches, documents);
criterion_main!(benches);
