//! Compare two scenarios line by line: allocation deltas and the change of every
//! indicator and KPI (`b − a`).

use serde::Serialize;

use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT, Year};
use crate::money::Money;
use crate::plan::Unit;
use crate::projection::{ByYear, Projection, project};
use crate::scenario::Scenario;

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
    /// Stable key.
    pub key: &'static str,
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
    let kpi = |key, ka: crate::projection::Kpi, kb: crate::projection::Kpi| KpiDelta {
        key,
        target: ka.target,
        a: ka.result,
        b: kb.result,
        delta: kb.result - ka.result,
    };
    let kpis = vec![
        kpi(
            "enterprises_transformed",
            pa.kpis.enterprises_transformed,
            pb.kpis.enterprises_transformed,
        ),
        kpi(
            "profit_tax_growth",
            pa.kpis.profit_tax_growth,
            pb.kpis.profit_tax_growth,
        ),
        kpi(
            "employment_growth",
            pa.kpis.employment_growth,
            pb.kpis.employment_growth,
        ),
    ];
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
