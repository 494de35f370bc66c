//! Uncertainty: Monte Carlo over the curves' assumptions, and one-at-a-time sensitivity.
//!
//! Each draw takes m, α and s of every curve from triangular distributions over their
//! ranges (mode at the scenario's value), recalibrates k, and projects the scenario. The
//! generator is this crate's own xoshiro256** seeded through SplitMix64, so a seed gives
//! the same numbers in the server and in the browser, on every platform and version.

use serde::Serialize;

use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT};
use crate::model::{Model, Outcomes};
use crate::params::{Assumptions, ParamKey, ParamKind};
use crate::plan::{
    EMPLOYMENT_GROWTH_TARGET, ENTERPRISES_TARGET, INDICATOR_COUNT, INDICATORS, IndicatorKind,
    PROFIT_TAX_GROWTH_TARGET, Text,
};
use crate::projection::ByYear;
use crate::scenario::Scenario;
use crate::verdict::meets;

/// Most draws one run may take.
pub const MAX_DRAWS: u32 = 200_000;

/// A deterministic pseudo-random generator: xoshiro256** seeded with SplitMix64.
#[derive(Debug, Clone)]
pub struct Rng {
    state: [u64; 4],
}

impl Rng {
    /// Seeds the generator.
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            state: [next(), next(), next(), next()],
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Triangular on [low, high] with the given mode.
    pub fn triangular(&mut self, low: f64, mode: f64, high: f64) -> f64 {
        if high <= low {
            return mode;
        }
        let u = self.uniform();
        let split = (mode - low) / (high - low);
        if u < split {
            low + libm::sqrt(u * (high - low) * (mode - low))
        } else {
            high - libm::sqrt((1.0 - u) * (high - low) * (high - mode))
        }
    }
}

/// P10, P50 and P90 (nearest rank) and the mean of a set of draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Band {
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Mean.
    pub mean: f64,
}

impl Band {
    /// The band of `values` (reordered in place).
    pub fn of(values: &mut [f64]) -> Band {
        let n = values.len();
        if n == 0 {
            return Band {
                p10: f64::NAN,
                p50: f64::NAN,
                p90: f64::NAN,
                mean: f64::NAN,
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let rank = |p: f64| ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
        let (i10, i50, i90) = (rank(0.10), rank(0.50), rank(0.90));
        // Select the median first; the other two lie in its halves.
        let (lower, median, upper) = values.select_nth_unstable_by(i50, f64::total_cmp);
        let p50 = *median;
        let p10 = if i10 < i50 {
            *lower.select_nth_unstable_by(i10, f64::total_cmp).1
        } else {
            p50
        };
        let p90 = if i90 > i50 {
            *upper
                .select_nth_unstable_by(i90 - i50 - 1, f64::total_cmp)
                .1
        } else {
            p50
        };
        Band {
            p10,
            p50,
            p90,
            mean,
        }
    }
}

/// One indicator under uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorBand {
    /// Programme.
    pub programme: ProgrammeId,
    /// Indicator.
    pub indicator: IndicatorId,
    /// The plan's target, if any.
    pub target: Option<f64>,
    /// The reference value where there is no target.
    pub reference: Option<f64>,
    /// The 4-year result (flow) or 2020 level.
    pub band: Band,
    /// Cumulative result through each year (flow) or the level reached (level).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::ByYearBand))]
    pub cumulative: ByYear<Band>,
    /// Share of draws meeting the target; `null` without a target.
    pub probability_meeting_target: Option<f64>,
}

/// One KPI under uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiBand {
    /// `enterprises_transformed`, `profit_tax_growth` or `employment_growth`.
    pub key: &'static str,
    /// The plan's target.
    pub target: f64,
    /// The distribution.
    pub band: Band,
    /// Share of draws meeting the target.
    pub probability_meeting_target: f64,
}

/// A Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Uncertainty {
    /// Draws taken.
    pub draws: u32,
    /// The seed.
    pub seed: u64,
    /// Every indicator.
    pub indicators: Vec<IndicatorBand>,
    /// The three KPIs.
    pub kpis: Vec<KpiBand>,
    /// How to read it.
    pub note: &'static str,
}

/// Why a Monte Carlo run cannot be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UncertaintyError {
    /// Draws out of range.
    #[error("draws must be between 1 and {max}, not {draws}")]
    Draws {
        /// Draws asked for.
        draws: u64,
        /// The cap.
        max: u32,
    },
}

fn range_around(key: ParamKey, mode: f64) -> (f64, f64) {
    let info = key.info();
    (info.low.min(mode), info.high.max(mode))
}

/// Runs `draws` Monte Carlo draws with `seed`.
pub fn monte_carlo(
    scenario: &Scenario,
    draws: u64,
    seed: u64,
) -> Result<Uncertainty, UncertaintyError> {
    if draws == 0 || draws > u64::from(MAX_DRAWS) {
        return Err(UncertaintyError::Draws {
            draws,
            max: MAX_DRAWS,
        });
    }
    let n = draws as usize;
    let base = scenario.model();
    let assumptions = base.assumptions();
    let mut ranges = [[(0.0, 0.0, 0.0); 3]; INDICATOR_COUNT];
    for (slot, range) in ranges.iter_mut().enumerate() {
        for (kind, out) in [
            ParamKind::Alpha,
            ParamKind::Saturation,
            ParamKind::CostMultiplier,
        ]
        .into_iter()
        .zip(range.iter_mut())
        {
            if let Some(key) = ParamKey::curve(kind, slot) {
                let mode = assumptions.get(key);
                let (low, high) = range_around(key, mode);
                *out = (low, mode, high);
            }
        }
    }
    let mut rng = Rng::new(seed);
    // Column-major storage: one contiguous column of n draws per (indicator, year) and
    // per KPI, so percentiles run over contiguous memory.
    const KPI_COLUMNS: usize = 3;
    let columns = INDICATOR_COUNT * YEAR_COUNT + KPI_COLUMNS;
    let mut store = vec![0.0f64; columns * n];
    let funding = scenario.funding();
    let mut alpha = [0.0; INDICATOR_COUNT];
    let mut saturation = [0.0; INDICATOR_COUNT];
    let mut cost = [0.0; INDICATOR_COUNT];
    for draw in 0..n {
        for (slot, [a, s, m]) in ranges.iter().enumerate() {
            alpha[slot] = rng.triangular(a.0, a.1, a.2);
            saturation[slot] = rng.triangular(s.0, s.1, s.2);
            cost[slot] = rng.triangular(m.0, m.1, m.2);
        }
        let out = base
            .recalibrated(&alpha, &saturation, &cost)
            .evaluate(funding);
        let cumulative = cumulate(&out);
        for (slot, row) in cumulative.iter().enumerate() {
            for (year, value) in row.iter().enumerate() {
                store[(slot * YEAR_COUNT + year) * n + draw] = *value;
            }
        }
        let kpi_base = INDICATOR_COUNT * YEAR_COUNT * n;
        store[kpi_base + draw] = out.enterprises;
        store[kpi_base + n + draw] = out.profit_tax_growth;
        store[kpi_base + 2 * n + draw] = out.employment_growth;
    }
    let mut columns_of = store.chunks_exact_mut(n);
    let mut indicators = Vec::with_capacity(INDICATOR_COUNT);
    for def in INDICATORS.iter() {
        let mut yearly = [Band::of(&mut []); YEAR_COUNT];
        let mut probability_meeting_target = None;
        for (year, band) in yearly.iter_mut().enumerate() {
            let Some(column) = columns_of.next() else {
                break;
            };
            if year == YEAR_COUNT - 1 {
                probability_meeting_target = def.target.map(|target| share_meeting(column, target));
            }
            *band = Band::of(column);
        }
        indicators.push(IndicatorBand {
            programme: def.programme,
            indicator: def.indicator,
            target: def.target,
            reference: def.reference_value,
            band: yearly[YEAR_COUNT - 1],
            cumulative: ByYear(yearly),
            probability_meeting_target,
        });
    }
    let kpi_targets = [
        ("enterprises_transformed", ENTERPRISES_TARGET),
        ("profit_tax_growth", PROFIT_TAX_GROWTH_TARGET),
        ("employment_growth", EMPLOYMENT_GROWTH_TARGET),
    ];
    let kpis = kpi_targets
        .iter()
        .zip(columns_of)
        .map(|((key, target), column)| KpiBand {
            key,
            target: *target,
            probability_meeting_target: share_meeting(column, *target),
            band: Band::of(column),
        })
        .collect();
    Ok(Uncertainty {
        draws: draws as u32,
        seed,
        indicators,
        kpis,
        note: "each draw takes m, α and s of every curve from a triangular distribution over its range \
               with the mode at the scenario's value, and recalibrates k; percentiles are nearest-rank",
    })
}

fn share_meeting(values: &[f64], target: f64) -> f64 {
    values.iter().filter(|value| meets(**value, target)).count() as f64 / values.len() as f64
}

/// Cumulative results through each year: running sums for flows, the level reached for
/// levels.
fn cumulate(out: &Outcomes) -> [[f64; YEAR_COUNT]; INDICATOR_COUNT] {
    let mut cumulative = out.by_year;
    for (slot, row) in cumulative.iter_mut().enumerate() {
        if INDICATORS[slot].kind == IndicatorKind::Flow {
            for year in 1..YEAR_COUNT {
                row[year] += row[year - 1];
            }
        }
    }
    cumulative
}

/// Which headline KPI a tornado measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKey {
    /// Enterprises transformed.
    EnterprisesTransformed,
    /// Profit-tax growth.
    ProfitTaxGrowth,
    /// Employment growth.
    EmploymentGrowth,
}

impl KpiKey {
    /// Every KPI.
    pub const ALL: [KpiKey; 3] = [
        KpiKey::EnterprisesTransformed,
        KpiKey::ProfitTaxGrowth,
        KpiKey::EmploymentGrowth,
    ];

    /// The stable key.
    pub fn as_str(self) -> &'static str {
        match self {
            KpiKey::EnterprisesTransformed => "enterprises_transformed",
            KpiKey::ProfitTaxGrowth => "profit_tax_growth",
            KpiKey::EmploymentGrowth => "employment_growth",
        }
    }

    /// Parses the stable key.
    pub fn parse(text: &str) -> Option<KpiKey> {
        KpiKey::ALL.into_iter().find(|k| k.as_str() == text)
    }

    fn of(self, out: &Outcomes) -> f64 {
        match self {
            KpiKey::EnterprisesTransformed => out.enterprises,
            KpiKey::ProfitTaxGrowth => out.profit_tax_growth,
            KpiKey::EmploymentGrowth => out.employment_growth,
        }
    }
}

/// One bar of a tornado: a KPI with one assumption at its low and high value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The assumption.
    pub key: ParamKey,
    /// Its name.
    pub name: Text,
    /// The scenario's value.
    pub value: f64,
    /// Low end of its range.
    pub low: f64,
    /// High end of its range.
    pub high: f64,
    /// The KPI with the assumption at `low`.
    pub kpi_at_low: f64,
    /// The KPI with the assumption at `high`.
    pub kpi_at_high: f64,
    /// |kpi_at_high − kpi_at_low|.
    pub swing: f64,
}

/// A sensitivity analysis: every assumption, one at a time, sorted by swing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The KPI measured.
    pub kpi: KpiKey,
    /// Its value with every assumption at the scenario's value.
    pub base: f64,
    /// Every assumption, largest swing first.
    pub bars: Vec<TornadoBar>,
}

/// The tornado of one KPI for a scenario.
pub fn sensitivity(scenario: &Scenario, kpi: KpiKey) -> Sensitivity {
    let assumptions: Assumptions = *scenario.model().assumptions();
    let funding = scenario.funding();
    let base = kpi.of(&scenario.model().evaluate(funding));
    let at = |key: ParamKey, value: f64| {
        let mut changed = assumptions;
        changed.set(key, value);
        kpi.of(&Model::calibrate(&changed).evaluate(funding))
    };
    let mut bars: Vec<TornadoBar> = ParamKey::all()
        .map(|key| {
            let info = key.info();
            let value = assumptions.get(key);
            let (low, high) = range_around(key, value);
            let kpi_at_low = at(key, low);
            let kpi_at_high = at(key, high);
            TornadoBar {
                key,
                name: info.name,
                value,
                low,
                high,
                kpi_at_low,
                kpi_at_high,
                swing: (kpi_at_high - kpi_at_low).abs(),
            }
        })
        .collect();
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing).then(a.key.cmp(&b.key)));
    Sensitivity { kpi, base, bars }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_reproducible_and_uniform_enough() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let draws: Vec<f64> = (0..10_000).map(|_| a.uniform()).collect();
        assert!(
            draws
                .iter()
                .zip((0..).map(|_| b.uniform()))
                .all(|(x, y)| *x == y)
        );
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
        assert!(draws.iter().all(|x| (0.0..1.0).contains(x)));
    }

    #[test]
    fn triangular_draws_stay_in_range_with_the_right_mean() {
        let mut rng = Rng::new(7);
        let draws: Vec<f64> = (0..20_000).map(|_| rng.triangular(0.7, 1.0, 1.4)).collect();
        assert!(draws.iter().all(|x| (0.7..=1.4).contains(x)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - (0.7 + 1.0 + 1.4) / 3.0).abs() < 0.01, "{mean}");
    }

    #[test]
    fn nearest_rank_percentiles() {
        let mut values: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let band = Band::of(&mut values);
        assert_eq!((band.p10, band.p50, band.p90), (10.0, 50.0, 90.0));
        assert_eq!(band.mean, 50.5);
    }

    #[test]
    fn draws_outside_the_cap_are_refused() {
        let scenario = Scenario::baseline();
        assert!(monte_carlo(&scenario, 0, 1).is_err());
        assert!(monte_carlo(&scenario, u64::from(MAX_DRAWS) + 1, 1).is_err());
    }

    #[test]
    fn at_the_baseline_only_cost_multipliers_move_enterprises() {
        let tornado = sensitivity(&Scenario::baseline(), KpiKey::EnterprisesTransformed);
        assert!((tornado.base - ENTERPRISES_TARGET).abs() < 1e-6);
        let moving: Vec<_> = tornado.bars.iter().filter(|bar| bar.swing > 1e-6).collect();
        assert!(!moving.is_empty());
        assert!(
            moving
                .iter()
                .all(|bar| bar.key.kind() == ParamKind::CostMultiplier)
        );
        assert_eq!(
            tornado.bars[0].key.to_string(),
            "equipment_upgrade.enterprises.cost_multiplier"
        );
    }
}
