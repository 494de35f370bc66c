//! Uncertainty: Monte Carlo over the curves' assumptions, and one-at-a-time sensitivity.
//!
//! Each draw takes m, α and s of every curve from triangular distributions over their
//! ranges (mode at the scenario's value), recalibrates k, and projects the scenario. The
//! generator is this crate's own xoshiro256** seeded through SplitMix64, so a seed gives
//! the same numbers in the server and in the browser, on every platform and version.

use std::fmt;
use std::sync::OnceLock;

use serde::{Serialize, Serializer};

use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT};
use crate::model::{Model, Outcomes};
use crate::params::{Assumptions, ParamKey, ParamKind};
pub use crate::plan::KpiKey;
use crate::plan::{self, INDICATOR_COUNT, INDICATORS, IndicatorKind, Lang, Text, Unit};
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
    /// Which KPI.
    pub key: KpiKey,
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

/// Why a number of draws is not one a Monte Carlo run may take.
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

/// How many draws a Monte Carlo run takes: 1 to [`MAX_DRAWS`]; no other value can be
/// constructed, so the command line, the API and the browser check it here only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Draws(u32);

impl Draws {
    /// `draws` if it is 1 to [`MAX_DRAWS`]; the error states both limits.
    pub fn new(draws: u64) -> Result<Draws, UncertaintyError> {
        u32::try_from(draws)
            .ok()
            .filter(|n| (1..=MAX_DRAWS).contains(n))
            .map(Draws)
            .ok_or(UncertaintyError::Draws {
                draws,
                max: MAX_DRAWS,
            })
    }

    /// The number of draws.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// Draws of the run behind every uncertainty chart, in the browser, on the slides and
/// in the server's images, so the chart is the same wherever it is drawn.
pub const CHART_DRAWS: Draws = Draws(2_000);
/// Seed of that run, so the chart is reproducible.
pub const CHART_SEED: u64 = 1;

/// The Monte Carlo run every uncertainty chart draws: [`CHART_DRAWS`] draws with
/// [`CHART_SEED`].
pub fn chart_run(scenario: &Scenario) -> Uncertainty {
    monte_carlo(scenario, CHART_DRAWS, CHART_SEED)
}

fn range_around(key: ParamKey, mode: f64) -> (f64, f64) {
    let info = key.info();
    (info.low.min(mode), info.high.max(mode))
}

/// Runs `draws` Monte Carlo draws with `seed`.
pub fn monte_carlo(scenario: &Scenario, draws: Draws, seed: u64) -> Uncertainty {
    let n = draws.get() as usize;
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
    let columns = INDICATOR_COUNT * YEAR_COUNT + KpiKey::COUNT;
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
        for kpi in KpiKey::ALL {
            store[kpi_base + kpi.index() * n + draw] = out.kpi(*kpi);
        }
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
    let kpis = KpiKey::ALL
        .iter()
        .zip(columns_of)
        .map(|(key, column)| {
            let target = key.headline().target;
            KpiBand {
                key: *key,
                target,
                probability_meeting_target: share_meeting(column, target),
                band: Band::of(column),
            }
        })
        .collect();
    Uncertainty {
        draws: draws.get(),
        seed,
        indicators,
        kpis,
        note: "each draw takes m, α and s of every curve from a triangular distribution over its range \
               with the mode at the scenario's value, and recalibrates k; percentiles are nearest-rank",
    }
}

/// How to read a Monte Carlo run, for someone who is not a statistician: why "meets the
/// target" and the probability of meeting it differ, and why a plan calibrated to hit
/// its targets exactly has somewhat less than even odds. The figures hold for the
/// documented ranges and are checked against the model by this module's tests.
pub fn reading_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => {
            "“达标”是各项假设都取中间值时的结果；达标概率是让各项假设在各自范围内随机变动后，\
             仍然达标的抽样所占的比例。按目标恰好校准的方案（如规划基线）只有在成本不高于假设时才达标，\
             而成本系数的范围偏向不利一侧（至多便宜30%，至多贵40%），所以每项指标的达标概率约为43%，\
             略低于一半，P50也略低于目标；转型企业总数等汇总指标把十二项的偏差加在一起，概率更低，约为37%。"
        }
        Lang::En => {
            "\u{201c}Meets the target\u{201d} is the result with every assumption at its central \
             value; the probability of meeting it is the share of draws, with the assumptions varied \
             across their ranges, that still reach it. A plan calibrated to hit its targets exactly, \
             such as the baseline, reaches each one only when costs turn out no higher than \
             assumed, and because the cost range leans to the unfavourable side (up to 30% cheaper \
             but up to 40% dearer) that happens in about 43% of draws, a little under even odds, \
             with P50 a little below the target; totals such as enterprises transformed add up \
             twelve such shortfalls and reach their target in only about 37%."
        }
    }
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

/// What a sensitivity analysis measures: a headline KPI or one indicator. Every measure
/// is better when higher (the energy indicator is a *reduction*), which is what
/// [`TornadoBar::favourable_at_high`] relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// A headline KPI.
    Kpi(KpiKey),
    /// An indicator: its slot in [`plan::INDICATORS`]. A slot outside it measures
    /// nothing (NaN) and has the empty key.
    Indicator(usize),
}

fn indicator_keys() -> &'static [String; INDICATOR_COUNT] {
    static KEYS: OnceLock<[String; INDICATOR_COUNT]> = OnceLock::new();
    KEYS.get_or_init(|| std::array::from_fn(|slot| INDICATORS[slot].key()))
}

impl Measure {
    /// Every measure: the three KPIs, then the indicators in plan order.
    pub fn all() -> impl Iterator<Item = Measure> {
        KpiKey::ALL
            .iter()
            .copied()
            .map(Measure::Kpi)
            .chain((0..INDICATOR_COUNT).map(Measure::Indicator))
    }

    /// The stable key: a KPI key (`enterprises_transformed`) or `programme.indicator`
    /// (`equipment_upgrade.enterprises`).
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Kpi(kpi) => kpi.as_str(),
            Measure::Indicator(slot) => indicator_keys().get(slot).map_or("", String::as_str),
        }
    }

    /// Parses the stable key.
    pub fn parse(text: &str) -> Option<Measure> {
        Measure::all().find(|measure| measure.as_str() == text)
    }

    /// The measure's name.
    pub fn name(self) -> Text {
        match self {
            Measure::Kpi(kpi) => kpi.headline().name,
            Measure::Indicator(slot) => INDICATORS
                .get(slot)
                .map_or(Text { zh: "", en: "" }, |def| def.name),
        }
    }

    /// Its unit, for [`crate::format::quantity`].
    pub fn unit(self) -> Unit {
        match self {
            Measure::Kpi(kpi) => kpi.headline().unit,
            Measure::Indicator(slot) => INDICATORS
                .get(slot)
                .map_or(Unit::Enterprises, |def| def.unit),
        }
    }

    /// The plan's target, if it sets one.
    pub fn target(self) -> Option<f64> {
        match self {
            Measure::Kpi(kpi) => Some(kpi.headline().target),
            Measure::Indicator(slot) => INDICATORS.get(slot).and_then(|def| def.target),
        }
    }

    /// The measure's value in raw outcomes: the KPI, or the indicator's four-year result
    /// (flow) or 2020 level (level).
    pub fn value(self, out: &Outcomes) -> f64 {
        match self {
            Measure::Kpi(kpi) => out.kpi(kpi),
            Measure::Indicator(slot) => out.result.get(slot).copied().unwrap_or(f64::NAN),
        }
    }
}

impl From<KpiKey> for Measure {
    fn from(kpi: KpiKey) -> Measure {
        Measure::Kpi(kpi)
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Written as its stable key.
impl Serialize for Measure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One bar of a tornado: the measure with one assumption at its low and high value.
/// (The fields keep their `kpi_` names for the JSON output; they hold the measure,
/// KPI or indicator.)
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
    /// The measure with the assumption at `low`.
    pub kpi_at_low: f64,
    /// The measure with the assumption at `high`.
    pub kpi_at_high: f64,
    /// |kpi_at_high − kpi_at_low|.
    pub swing: f64,
}

/// Plain words for what moving an assumption means: the thing, then the words for its
/// high and its low end.
fn plain_words(kind: ParamKind, lang: Lang) -> (&'static str, &'static str, &'static str) {
    match (kind, lang) {
        (ParamKind::CostMultiplier, Lang::Zh) => ("成本比假设", "高", "低"),
        (ParamKind::CostMultiplier, Lang::En) => ("costs", "higher", "lower"),
        (ParamKind::Alpha, Lang::Zh) => ("无补贴也会发生的比例", "高", "低"),
        (ParamKind::Alpha, Lang::En) => ("share that happens without subsidy", "higher", "lower"),
        (ParamKind::Saturation, Lang::Zh) => ("饱和上限", "高", "低"),
        (ParamKind::Saturation, Lang::En) => ("saturation ceiling", "higher", "lower"),
        (ParamKind::ProfitTax, Lang::Zh) => ("典型企业利税", "高", "低"),
        (ParamKind::ProfitTax, Lang::En) => ("typical firm's profit-tax", "higher", "lower"),
        (ParamKind::ProfitTaxUplift, Lang::Zh) => ("转型后利税提升", "大", "小"),
        (ParamKind::ProfitTaxUplift, Lang::En) => {
            ("profit-tax gain after transformation", "larger", "smaller")
        }
        (ParamKind::Headcount, Lang::Zh) => ("典型企业人数", "多", "少"),
        (ParamKind::Headcount, Lang::En) => ("typical firm's headcount", "larger", "smaller"),
        (ParamKind::HeadcountChange, Lang::Zh) => ("转型后就业增加", "多", "少"),
        (ParamKind::HeadcountChange, Lang::En) => {
            ("job gain after transformation", "larger", "smaller")
        }
    }
}

impl TornadoBar {
    /// Whether the assumption moves the measure at all (beyond float rounding).
    pub fn moves(&self) -> bool {
        let scale = self.kpi_at_low.abs().max(self.kpi_at_high.abs());
        self.swing > crate::verdict::MET_TOLERANCE * scale
    }

    /// Whether the high end of the assumption's range is the good one: the measure is
    /// higher there (every measure is better when higher).
    pub fn favourable_at_high(&self) -> bool {
        self.moves() && self.kpi_at_high > self.kpi_at_low
    }

    /// Whether the low end of the assumption's range is the good one.
    pub fn favourable_at_low(&self) -> bool {
        self.moves() && self.kpi_at_low > self.kpi_at_high
    }

    /// The measure at the good end and at the bad end of the range: (favourable,
    /// unfavourable); high first when the assumption does not move the measure.
    pub fn favourable_and_unfavourable(&self) -> (f64, f64) {
        if self.favourable_at_low() {
            (self.kpi_at_low, self.kpi_at_high)
        } else {
            (self.kpi_at_high, self.kpi_at_low)
        }
    }

    /// Who the assumption is about: the programme's short name, with the indicator
    /// where the programme has two.
    fn subject(&self, lang: Lang) -> String {
        let programme = self.key.programme();
        let name = plan::programme(programme).short_name.get(lang);
        let qualifier = self
            .key
            .indicator()
            .filter(|_| plan::indicators_of(programme).count() > 1)
            .map(|slot| match (INDICATORS[slot].indicator, lang) {
                (IndicatorId::ParkTax, Lang::Zh) => "·税收",
                (IndicatorId::ParkTax, Lang::En) => " · tax",
                (IndicatorId::IdleLand, Lang::Zh) => "·土地",
                (IndicatorId::IdleLand, Lang::En) => " · land",
                _ => "",
            })
            .unwrap_or("");
        format!("{name}{qualifier}")
    }

    /// The bar in plain words: the programme and what the assumption's two ends mean,
    /// the unfavourable end first (the side the tornado draws on the left), e.g.
    /// `设备升级：成本比假设高/低`, `Equipment: costs higher/lower than assumed`.
    pub fn plain_label(&self, lang: Lang) -> String {
        let (thing, high, low) = plain_words(self.key.kind(), lang);
        let (first, second) = if self.favourable_at_high() {
            (low, high)
        } else {
            (high, low)
        };
        let subject = self.subject(lang);
        match (self.key.kind(), lang) {
            (ParamKind::CostMultiplier, Lang::En) => {
                format!("{subject}: {thing} {first}/{second} than assumed")
            }
            (_, Lang::Zh) => format!("{subject}：{thing}{first}/{second}"),
            (_, Lang::En) => format!("{subject}: {thing} {first}/{second}"),
        }
    }
}

/// A sensitivity analysis: every assumption, one at a time, sorted by swing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// What is measured: a KPI or an indicator.
    pub measure: Measure,
    /// The KPI measured, when the measure is a KPI (`null` for an indicator).
    pub kpi: Option<KpiKey>,
    /// Its value with every assumption at the scenario's value.
    pub base: f64,
    /// Every assumption, largest swing first.
    pub bars: Vec<TornadoBar>,
}

impl Sensitivity {
    /// The bars of the assumptions that move the measure at all, largest swing first.
    pub fn moving(&self) -> impl Iterator<Item = &TornadoBar> {
        self.bars.iter().filter(|bar| bar.moves())
    }
}

/// The tornado of one KPI for a scenario ([`sensitivity_of`] a KPI).
pub fn sensitivity(scenario: &Scenario, kpi: KpiKey) -> Sensitivity {
    sensitivity_of(scenario, Measure::Kpi(kpi))
}

/// The tornado of any KPI or indicator for a scenario: each assumption at the low and
/// the high end of its range with the rest at the scenario's values (k recalibrated),
/// sorted by swing.
pub fn sensitivity_of(scenario: &Scenario, measure: Measure) -> Sensitivity {
    let assumptions: Assumptions = *scenario.model().assumptions();
    let funding = scenario.funding();
    let base = measure.value(&scenario.model().evaluate(funding));
    let at = |key: ParamKey, value: f64| {
        let mut changed = assumptions;
        changed.set(key, value);
        measure.value(&Model::calibrate(&changed).evaluate(funding))
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
    Sensitivity {
        measure,
        kpi: match measure {
            Measure::Kpi(kpi) => Some(kpi),
            Measure::Indicator(_) => None,
        },
        base,
        bars,
    }
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
    fn draws_outside_the_cap_are_refused_with_both_limits() {
        for refused in [0, u64::from(MAX_DRAWS) + 1, u64::MAX] {
            let error = Draws::new(refused)
                .map(Draws::get)
                .map_err(|e| e.to_string());
            assert_eq!(
                error,
                Err(format!("draws must be between 1 and 200000, not {refused}"))
            );
        }
        for allowed in [1, u64::from(MAX_DRAWS)] {
            assert_eq!(Draws::new(allowed).map(|d| u64::from(d.get())), Ok(allowed));
        }
        assert_eq!(chart_run(&Scenario::baseline()).draws, CHART_DRAWS.get());
    }

    #[test]
    fn the_reading_note_states_what_the_model_gives_at_the_baseline() {
        // At the baseline y(B) ≥ T exactly when m ≤ 1, whatever α and s: the share of
        // triangular draws of m at or below its mode.
        let key = ParamKey::curve(ParamKind::CostMultiplier, 0);
        let info = key.map(ParamKey::info);
        let (low, mode, high) = info.map_or((0.0, 0.0, 0.0), |i| (i.low, i.default, i.high));
        let at_most_assumed = (mode - low) / (high - low);
        assert_eq!(format!("{:.0}%", at_most_assumed * 100.0), "43%");
        assert_eq!(
            (
                format!("{:.0}", (1.0 - low) * 100.0),
                format!("{:.0}", (high - 1.0) * 100.0)
            ),
            ("30".to_owned(), "40".to_owned())
        );
        let run = monte_carlo(&Scenario::baseline(), Draws(10_000), 11);
        for band in &run.indicators {
            if let Some(p) = band.probability_meeting_target {
                assert!(
                    (p - at_most_assumed).abs() < 0.02,
                    "{}: {p}",
                    band.indicator
                );
                assert!(band.band.p50 < band.target.unwrap_or(f64::INFINITY));
            }
        }
        for kpi in &run.kpis {
            assert!(
                (kpi.probability_meeting_target - 0.37).abs() < 0.02,
                "{}",
                kpi.key
            );
            assert!(kpi.band.p50 < kpi.target, "{}", kpi.key);
        }
        for lang in [Lang::Zh, Lang::En] {
            let note = reading_note(lang);
            for figure in ["30%", "40%", "43%", "37%", "P50"] {
                assert!(note.contains(figure), "{figure} in {note}");
            }
        }
    }

    #[test]
    fn measures_round_trip_through_their_keys() {
        assert_eq!(Measure::all().count(), 3 + INDICATOR_COUNT);
        for measure in Measure::all() {
            assert_eq!(Measure::parse(measure.as_str()), Some(measure));
        }
        assert_eq!(
            Measure::parse("equipment_upgrade.enterprises"),
            Some(Measure::Indicator(4))
        );
        assert_eq!(
            Measure::parse("profit_tax_growth"),
            Some(Measure::Kpi(KpiKey::ProfitTaxGrowth))
        );
        assert_eq!(Measure::parse("rockets"), None);
        assert_eq!(Measure::Indicator(99).as_str(), "");
        assert_eq!(
            serde_json::to_string(&Measure::Indicator(6)).unwrap_or_default(),
            "\"specialised_products.products\""
        );
    }

    #[test]
    fn an_indicator_moves_only_with_its_own_curve() {
        let slot = 6;
        let tornado = sensitivity_of(&Scenario::baseline(), Measure::Indicator(slot));
        assert_eq!(tornado.kpi, None);
        assert!((tornado.base - 500.0).abs() < 1e-9);
        let moving: Vec<_> = tornado.moving().collect();
        assert_eq!(moving.len(), 1, "{moving:?}");
        assert_eq!(
            moving[0].key.to_string(),
            "specialised_products.products.cost_multiplier"
        );
        assert!(moving[0].favourable_at_low());
        assert!(!moving[0].favourable_at_high());
        assert_eq!(moving[0].plain_label(Lang::Zh), "专精特新：成本比假设高/低");
        // Away from the baseline α and s matter too, and which end is good depends on
        // the side of B: k is recalibrated so that y(B) = T, so a larger α flattens the
        // curve (less gained above B, less lost below it) and a larger s steepens it.
        let at = |yuan: i64| {
            let mut allocations = *Scenario::baseline().allocations();
            for year in allocations.iter_mut() {
                year[ProgrammeId::EquipmentUpgrade.index()] = crate::money::Money::yuan(yuan);
            }
            let Ok(scenario) = Scenario::baseline().with_allocations(allocations) else {
                panic!("a valid draft");
            };
            sensitivity_of(
                &scenario,
                Measure::Indicator(ProgrammeId::EquipmentUpgrade.index()),
            )
        };
        for (yuan, alpha_good_high) in [(70_000_000, false), (30_000_000, true)] {
            let tornado = at(yuan);
            assert_eq!(tornado.moving().count(), 3);
            for bar in tornado.moving() {
                let good_high = match bar.key.kind() {
                    ParamKind::CostMultiplier => false,
                    ParamKind::Alpha => alpha_good_high,
                    _ => !alpha_good_high,
                };
                assert_eq!(bar.favourable_at_high(), good_high, "{} at {yuan}", bar.key);
                assert_eq!(bar.favourable_at_low(), !good_high, "{} at {yuan}", bar.key);
            }
        }
        let below = at(30_000_000);
        let alpha = below
            .moving()
            .find(|bar| bar.key.kind() == ParamKind::Alpha);
        assert_eq!(
            alpha.map(|bar| bar.plain_label(Lang::En)),
            Some("Equipment: share that happens without subsidy lower/higher".to_owned())
        );
    }

    #[test]
    fn plain_labels_name_the_programme_and_say_what_moves() {
        let tornado = sensitivity(&Scenario::baseline(), KpiKey::EnterprisesTransformed);
        assert_eq!(
            tornado.measure,
            Measure::Kpi(KpiKey::EnterprisesTransformed)
        );
        assert_eq!(tornado.kpi, Some(KpiKey::EnterprisesTransformed));
        let first = &tornado.bars[0];
        assert_eq!(first.plain_label(Lang::Zh), "设备升级：成本比假设高/低");
        assert_eq!(
            first.plain_label(Lang::En),
            "Equipment: costs higher/lower than assumed"
        );
        let labels: Vec<String> = tornado
            .bars
            .iter()
            .map(|bar| bar.plain_label(Lang::Zh))
            .collect();
        assert!(
            labels
                .iter()
                .any(|label| label == "园区升级·税收：饱和上限高/低"),
            "{labels:?}"
        );
        assert!(
            labels
                .iter()
                .any(|label| label.starts_with("园区升级·土地：")),
            "{labels:?}"
        );
        let tax = sensitivity(&Scenario::baseline(), KpiKey::ProfitTaxGrowth);
        assert!(
            tax.moving()
                .all(|bar| bar.favourable_at_high() != bar.favourable_at_low())
        );
    }

    #[test]
    fn at_the_baseline_only_cost_multipliers_move_enterprises() {
        let tornado = sensitivity(&Scenario::baseline(), KpiKey::EnterprisesTransformed);
        assert!((tornado.base - plan::ENTERPRISES_TARGET).abs() < 1e-6);
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
