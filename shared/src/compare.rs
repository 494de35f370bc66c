//! Compare two scenarios line by line: allocation deltas and the change of every
//! indicator and KPI (`b − a`).

use serde::Serialize;

use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT, Year};
use crate::money::Money;
use crate::plan::{INDICATORS, KpiKey, Text, Unit};
use crate::projection::{ByYear, Projection, project};
use crate::scenario::Scenario;
use crate::verdict::Verdict;

/// One target — a KPI or an indicator with a plan target — in both scenarios, with
/// each scenario's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetChange {
    /// The KPI key or `programme.indicator`.
    pub key: String,
    /// Name.
    pub name: Text,
    /// Unit.
    pub unit: Unit,
    /// The plan's target.
    pub target: f64,
    /// Result in a.
    pub a: f64,
    /// Result in b.
    pub b: f64,
    /// a's verdict.
    pub verdict_a: Verdict,
    /// b's verdict.
    pub verdict_b: Verdict,
}

impl TargetChange {
    /// Met in a and not in b.
    pub fn lost(&self) -> bool {
        self.verdict_a.is_met() && !self.verdict_b.is_met()
    }

    /// Met in b and not in a.
    pub fn gained(&self) -> bool {
        self.verdict_b.is_met() && !self.verdict_a.is_met()
    }

    /// (b − a) ÷ target: the movement in points of attainment.
    pub fn relative(&self) -> f64 {
        (self.b - self.a) / self.target
    }
}

/// One programme's money in both scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocationDelta {
    /// Programme.
    pub programme: ProgrammeId,
    /// Scenario a, per year.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::ByYearMoney))]
    pub a: ByYear<Money>,
    /// Scenario b, per year.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::ByYearMoney))]
    pub b: ByYear<Money>,
    /// b − a, per year.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::ByYearMoney))]
    pub delta: ByYear<Money>,
    /// b − a over four years.
    pub total_delta: Money,
}

/// One indicator in both scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorDelta {
    /// Programme.
    pub programme: ProgrammeId,
    /// Indicator.
    pub indicator: IndicatorId,
    /// Unit.
    pub unit: Unit,
    /// The plan's target.
    pub target: Option<f64>,
    /// Result in a.
    pub a: f64,
    /// Result in b.
    pub b: f64,
    /// b − a.
    pub delta: f64,
    /// Attainment in a.
    pub attainment_a: Option<f64>,
    /// Attainment in b.
    pub attainment_b: Option<f64>,
}

/// One KPI in both scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiDelta {
    /// Which KPI.
    pub key: KpiKey,
    /// The plan's target.
    pub target: f64,
    /// Value in a.
    pub a: f64,
    /// Value in b.
    pub b: f64,
    /// b − a.
    pub delta: f64,
}

/// Two scenarios side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    /// Name of a.
    pub a: String,
    /// Name of b.
    pub b: String,
    /// Every programme's money.
    pub allocations: Vec<AllocationDelta>,
    /// Every indicator.
    pub indicators: Vec<IndicatorDelta>,
    /// The three KPIs.
    pub kpis: Vec<KpiDelta>,
    /// Projection of a.
    pub projection_a: Projection,
    /// Projection of b.
    pub projection_b: Projection,
}

/// Compares `b` against `a`.
pub fn compare(a: &Scenario, b: &Scenario) -> Comparison {
    let pa = project(a);
    let pb = project(b);
    let allocations = ProgrammeId::ALL
        .iter()
        .map(|id| {
            let of = |s: &Scenario| -> [Money; YEAR_COUNT] {
                Year::ALL.map(|year| s.allocation(year, *id))
            };
            let (xa, xb) = (of(a), of(b));
            let delta: [Money; YEAR_COUNT] = std::array::from_fn(|t| xb[t] - xa[t]);
            AllocationDelta {
                programme: *id,
                a: ByYear(xa),
                b: ByYear(xb),
                delta: ByYear(delta),
                total_delta: delta.iter().copied().sum(),
            }
        })
        .collect();
    let indicators = pa
        .indicators
        .iter()
        .zip(&pb.indicators)
        .map(|(ia, ib)| IndicatorDelta {
            programme: ia.programme,
            indicator: ia.indicator,
            unit: ia.unit,
            target: ia.target,
            a: ia.result,
            b: ib.result,
            delta: ib.result - ia.result,
            attainment_a: ia.attainment,
            attainment_b: ib.attainment,
        })
        .collect();
    let kpis = pa
        .kpis
        .iter()
        .map(|(def, ka)| {
            let kb = pb.kpis.get(def.key);
            KpiDelta {
                key: def.key,
                target: ka.target,
                a: ka.result,
                b: kb.result,
                delta: kb.result - ka.result,
            }
        })
        .collect();
    Comparison {
        a: a.name().to_owned(),
        b: b.name().to_owned(),
        allocations,
        indicators,
        kpis,
        projection_a: pa,
        projection_b: pb,
    }
}

impl Comparison {
    /// Every target in both scenarios: the three KPIs, then every indicator with a
    /// plan target.
    pub fn targets(&self) -> Vec<TargetChange> {
        let (pa, pb) = (&self.projection_a, &self.projection_b);
        let mut rows: Vec<TargetChange> = pa
            .kpis
            .iter()
            .map(|(def, ka)| {
                let kb = pb.kpis.get(def.key);
                TargetChange {
                    key: def.key.as_str().to_owned(),
                    name: def.name,
                    unit: def.unit,
                    target: def.target,
                    a: ka.result,
                    b: kb.result,
                    verdict_a: ka.verdict,
                    verdict_b: kb.verdict,
                }
            })
            .collect();
        for ((def, ia), ib) in INDICATORS.iter().zip(&pa.indicators).zip(&pb.indicators) {
            if let Some(target) = def.target {
                rows.push(TargetChange {
                    key: def.key(),
                    name: def.name,
                    unit: def.unit,
                    target,
                    a: ia.result,
                    b: ib.result,
                    verdict_a: ia.verdict,
                    verdict_b: ib.verdict,
                });
            }
        }
        rows
    }

    /// The targets whose verdict changes from a to b: every loss first, then every gain.
    pub fn verdict_changes(&self) -> Vec<TargetChange> {
        let targets = self.targets();
        let lost = targets.iter().filter(|t| t.lost()).cloned();
        let gained = targets.iter().filter(|t| t.gained()).cloned();
        lost.chain(gained).collect()
    }

    /// The `n` largest movements either way among the targets whose verdict does not
    /// change: the headline KPIs first (what a change buys overall), then by points of
    /// attainment; movements under 0.05 pt are left out.
    pub fn largest_movements(&self, n: usize) -> Vec<TargetChange> {
        let headline = |t: &TargetChange| KpiKey::parse(&t.key).is_some();
        let mut moves: Vec<TargetChange> = self
            .targets()
            .into_iter()
            .filter(|t| !t.lost() && !t.gained() && t.relative().abs() >= 0.0005)
            .collect();
        moves.sort_by(|a, b| {
            headline(b)
                .cmp(&headline(a))
                .then(b.relative().abs().total_cmp(&a.relative().abs()))
        });
        moves.truncate(n);
        moves
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enterprise_optimum_against_the_baseline_lists_its_losses_first() {
        let base = Scenario::baseline();
        let proposal = crate::optimise::optimise(
            &base,
            &crate::optimise::OptimiseOptions::new(crate::optimise::Objective::Enterprises),
        )
        .map(|o| o.scenario)
        .unwrap_or_else(|e| panic!("{e}"));
        let comparison = compare(&base, &proposal);
        let changes = comparison.verdict_changes();
        let lost: Vec<&str> = changes
            .iter()
            .filter(|c| c.lost())
            .map(|c| c.key.as_str())
            .collect();
        for key in [
            "park_upgrade.park_tax",
            "building_upgrade.floor_area",
            "park_upgrade.idle_land",
        ] {
            assert!(lost.contains(&key), "{key} not in {lost:?}");
        }
        assert!(changes.iter().take(lost.len()).all(TargetChange::lost));
        let moves = comparison.largest_movements(5);
        assert!(moves.iter().all(|m| !m.lost() && !m.gained()));
        assert_eq!(
            moves[0].key, "enterprises_transformed",
            "the headline gain leads"
        );
    }
}
