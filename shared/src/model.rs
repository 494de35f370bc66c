//! The response curves and their calibration.
//!
//! Every curve is the saturating family of `funding-model.md` §3:
//!
//! ```text
//! y(a) = α·T + (s − α)·T·(1 − exp(−a / (m·k)))
//! k    = −B / ln(1 − (1 − α) / (s − α))
//! ```
//!
//! `k` is calibrated so that `y(B) = T` at `m = 1`: the baseline reproduces the plan.
//! Transcendental functions come from `libm`, so native and wasm32 builds give
//! bit-identical results.

use crate::ids::{PROGRAMME_COUNT, YEAR_COUNT};
use crate::money::Money;
use crate::params::Assumptions;
use crate::plan::{
    EMPLOYMENT_GROWTH_TARGET, INDICATOR_COUNT, INDICATORS, IndicatorDef, IndicatorKind, KpiKey,
    PROFIT_TAX_GROWTH_TARGET, PROGRAMMES,
};

/// One calibrated response curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curve {
    /// Flow (annual) or level (four-year total).
    pub kind: IndicatorKind,
    /// T: the annual target of a flow, or the 2020 level of a level indicator.
    pub goal: f64,
    /// B: the baseline allocation the curve is calibrated at (annual for a flow, the
    /// four-year sum for a level), in CNY.
    pub baseline: f64,
    /// α, autonomous share.
    pub alpha: f64,
    /// s, saturation multiple.
    pub saturation: f64,
    /// m, cost multiplier.
    pub cost_multiplier: f64,
    /// k, calibrated so that y(B) = T at m = 1.
    pub k: f64,
}

impl Curve {
    /// Calibrates a curve. Parameters are already checked: 0 ≤ α ≤ 0.95 < 1 < s, m > 0,
    /// so the logarithm's argument lies in (0, 1) and k is positive and finite.
    pub fn calibrate(
        kind: IndicatorKind,
        goal: f64,
        baseline: f64,
        alpha: f64,
        saturation: f64,
        cost_multiplier: f64,
    ) -> Curve {
        let k = -baseline / libm::log1p(-(1.0 - alpha) / (saturation - alpha));
        Curve {
            kind,
            goal,
            baseline,
            alpha,
            saturation,
            cost_multiplier,
            k,
        }
    }

    /// The effective scale m·k.
    pub fn scale(&self) -> f64 {
        self.cost_multiplier * self.k
    }

    /// y(a): output for funding `a` CNY (annual for a flow, four-year total for a level).
    pub fn eval(&self, funding: f64) -> f64 {
        let t = self.goal;
        self.alpha * t - (self.saturation - self.alpha) * t * libm::expm1(-funding / self.scale())
    }

    /// The least funding whose output reaches `output`: 0 when the autonomous share
    /// already does, `None` when the curve saturates below it.
    pub fn funding_for(&self, output: f64) -> Option<f64> {
        let t = self.goal;
        let share = (output - self.alpha * t) / ((self.saturation - self.alpha) * t);
        if share <= 0.0 {
            Some(0.0)
        } else if share < 1.0 {
            Some(-self.scale() * libm::log1p(-share))
        } else {
            None
        }
    }

    /// dy/da at `a`, per CNY.
    pub fn slope(&self, funding: f64) -> f64 {
        let scale = self.scale();
        (self.saturation - self.alpha) * self.goal * libm::exp(-funding / scale) / scale
    }
}

/// The calibrated model: every curve and the two KPI scale factors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    assumptions: Assumptions,
    curves: [Curve; INDICATOR_COUNT],
    profit_tax_scale: f64,
    employment_scale: f64,
}

/// Raw outcome arrays of one evaluation, without names; [`crate::projection`] dresses
/// them for people.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcomes {
    /// Per indicator and year: the annual output of a flow, the level reached with the
    /// funding to date for a level indicator.
    pub by_year: [[f64; YEAR_COUNT]; INDICATOR_COUNT],
    /// Per indicator: the four-year sum of a flow, the 2020 value of a level.
    pub result: [f64; INDICATOR_COUNT],
    /// Σ of the twelve enterprise lines' results.
    pub enterprises: f64,
    /// Profit-tax growth of the transformed cohort.
    pub profit_tax_growth: f64,
    /// Employment growth of the transformed cohort.
    pub employment_growth: f64,
}

impl Outcomes {
    /// The value of one headline KPI.
    pub fn kpi(&self, key: KpiKey) -> f64 {
        match key {
            KpiKey::EnterprisesTransformed => self.enterprises,
            KpiKey::ProfitTaxGrowth => self.profit_tax_growth,
            KpiKey::EmploymentGrowth => self.employment_growth,
        }
    }
}

impl Model {
    /// Calibrates every curve and both KPI scales from a set of assumptions.
    pub fn calibrate(assumptions: &Assumptions) -> Model {
        let curves = std::array::from_fn(|slot| {
            let def = &INDICATORS[slot];
            let annual = PROGRAMMES[def.programme.index()].baseline().to_f64_lossy();
            let (goal, baseline) = match def.kind {
                IndicatorKind::Flow => (def.goal() / YEAR_COUNT as f64, annual),
                IndicatorKind::Level => (def.goal(), annual * YEAR_COUNT as f64),
            };
            Curve::calibrate(
                def.kind,
                goal,
                baseline,
                assumptions.alpha[slot],
                assumptions.saturation[slot],
                assumptions.cost_multiplier[slot],
            )
        });
        let (mut nw, mut nwu, mut nh, mut nhv) = (0.0, 0.0, 0.0, 0.0);
        for (line, cohort) in assumptions.cohorts.iter().enumerate() {
            let planned = INDICATORS[line].goal();
            nw += planned * cohort.profit_tax;
            nwu += planned * cohort.profit_tax * cohort.profit_tax_uplift;
            nh += planned * cohort.headcount;
            nhv += planned * cohort.headcount * cohort.headcount_change;
        }
        Model {
            assumptions: *assumptions,
            curves,
            profit_tax_scale: scale_factor(PROFIT_TAX_GROWTH_TARGET, nw, nwu),
            employment_scale: scale_factor(EMPLOYMENT_GROWTH_TARGET, nh, nhv),
        }
    }

    /// The same model with other curve parameters (α, s, m per indicator), k
    /// recalibrated: the fast path of Monte Carlo, which leaves cohorts alone.
    pub fn recalibrated(
        &self,
        alpha: &[f64; INDICATOR_COUNT],
        saturation: &[f64; INDICATOR_COUNT],
        cost_multiplier: &[f64; INDICATOR_COUNT],
    ) -> Model {
        let mut model = *self;
        for (slot, curve) in model.curves.iter_mut().enumerate() {
            *curve = Curve::calibrate(
                curve.kind,
                curve.goal,
                curve.baseline,
                alpha[slot],
                saturation[slot],
                cost_multiplier[slot],
            );
        }
        model.assumptions.alpha = *alpha;
        model.assumptions.saturation = *saturation;
        model.assumptions.cost_multiplier = *cost_multiplier;
        model
    }

    /// The assumptions the model was calibrated from.
    pub fn assumptions(&self) -> &Assumptions {
        &self.assumptions
    }

    /// One indicator's curve.
    pub fn curve(&self, indicator: usize) -> &Curve {
        &self.curves[indicator]
    }

    /// Every indicator in plan order: its slot, its definition and its curve.
    pub fn indicators(&self) -> impl Iterator<Item = (usize, &'static IndicatorDef, &Curve)> {
        INDICATORS
            .iter()
            .zip(&self.curves)
            .enumerate()
            .map(|(slot, (def, curve))| (slot, def, curve))
    }

    /// The factor that scales Σ n·w·u ÷ Σ N·w to the plan's +50%.
    pub fn profit_tax_scale(&self) -> f64 {
        self.profit_tax_scale
    }

    /// The factor that scales Σ n·h·v ÷ Σ N·h to the plan's +15%.
    pub fn employment_scale(&self) -> f64 {
        self.employment_scale
    }

    /// Evaluates every indicator and KPI for an allocation in CNY per year and
    /// programme (already converted to floats, exactly, from whole yuan).
    pub fn evaluate(&self, funding: &[[f64; PROGRAMME_COUNT]; YEAR_COUNT]) -> Outcomes {
        let mut by_year = [[0.0; YEAR_COUNT]; INDICATOR_COUNT];
        let mut result = [0.0; INDICATOR_COUNT];
        for (slot, curve) in self.curves.iter().enumerate() {
            let programme = INDICATORS[slot].programme.index();
            let row = &mut by_year[slot];
            match curve.kind {
                IndicatorKind::Flow => {
                    let mut sum = 0.0;
                    // Most scenarios fund a line equally every year: evaluate once.
                    let mut last = (f64::NAN, 0.0);
                    for (year, out) in row.iter_mut().enumerate() {
                        let a = funding[year][programme];
                        if a != last.0 {
                            last = (a, curve.eval(a));
                        }
                        *out = last.1;
                        sum += *out;
                    }
                    result[slot] = sum;
                }
                IndicatorKind::Level => {
                    let mut cumulative = 0.0;
                    for (year, out) in row.iter_mut().enumerate() {
                        cumulative += funding[year][programme];
                        *out = curve.eval(cumulative);
                    }
                    result[slot] = row[YEAR_COUNT - 1];
                }
            }
        }
        self.outcomes(by_year, result)
    }

    /// The outcomes (and so the KPIs) of per-year and result arrays computed elsewhere:
    /// the re-forecasts of [`crate::execution`] and [`crate::replan`] share the KPI
    /// arithmetic this way.
    pub(crate) fn outcomes(
        &self,
        by_year: [[f64; YEAR_COUNT]; INDICATOR_COUNT],
        result: [f64; INDICATOR_COUNT],
    ) -> Outcomes {
        let (mut enterprises, mut nw, mut nwu, mut nh, mut nhv) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (line, cohort) in self.assumptions.cohorts.iter().enumerate() {
            let n = result[line];
            let planned = INDICATORS[line].goal();
            enterprises += n;
            nw += planned * cohort.profit_tax;
            nwu += n * cohort.profit_tax * cohort.profit_tax_uplift;
            nh += planned * cohort.headcount;
            nhv += n * cohort.headcount * cohort.headcount_change;
        }
        Outcomes {
            by_year,
            result,
            enterprises,
            profit_tax_growth: self.profit_tax_scale * nwu / nw,
            employment_growth: self.employment_scale * nhv / nh,
        }
    }

    /// Converts an allocation in money to the floats the curves take.
    pub fn funding_of(
        allocations: &[[Money; PROGRAMME_COUNT]; YEAR_COUNT],
    ) -> [[f64; PROGRAMME_COUNT]; YEAR_COUNT] {
        allocations.map(|year| year.map(Money::to_f64_lossy))
    }
}

/// `target · Σ N·x ÷ Σ N·x·y`, or 0 when every weight is zero (a scenario may zero the
/// uplift weights to ask what happens with no uplift at all).
fn scale_factor(target: f64, base: f64, weighted: f64) -> f64 {
    if weighted > 0.0 {
        target * base / weighted
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ProgrammeId;

    fn plan_model() -> Model {
        Model::calibrate(&Assumptions::plan_defaults())
    }

    #[test]
    fn specialised_products_curve_matches_the_golden_numbers() {
        let model = plan_model();
        let curve = model.curve(ProgrammeId::SpecialisedProducts.index());
        assert!((curve.k - 63_798_657.30).abs() < 0.01, "k = {}", curve.k);
        assert!((curve.eval(0.0) - 25.0).abs() < 1e-12);
        assert!((curve.eval(37_500_000.0) - 125.0).abs() < 1e-9);
        assert!((4.0 * curve.eval(57_500_000.0) - 634.55).abs() < 0.005);
    }

    #[test]
    fn equipment_upgrade_curve_matches_the_golden_numbers() {
        let model = plan_model();
        let curve = model.curve(ProgrammeId::EquipmentUpgrade.index());
        assert!((curve.k - 99_845_182.47).abs() < 0.01, "k = {}", curve.k);
        assert!((4.0 * curve.eval(30_000_000.0) - 3_112.87).abs() < 0.005);
    }

    #[test]
    fn saturation_caps_output_and_slope_is_positive() {
        let curve = plan_model().curve(0).to_owned();
        assert!(curve.eval(1e15) <= curve.saturation * curve.goal);
        assert!(curve.slope(0.0) > curve.slope(1e8));
        assert!(curve.slope(1e8) > 0.0);
    }

    #[test]
    fn funding_for_inverts_the_curve() {
        let model = plan_model();
        let curve = model.curve(ProgrammeId::SpecialisedProducts.index());
        let funding = curve.funding_for(125.0).unwrap_or_default();
        assert!((funding - 37_500_000.0).abs() < 1e-3, "{funding}");
        assert_eq!(curve.funding_for(10.0), Some(0.0));
        assert_eq!(curve.funding_for(curve.saturation * curve.goal), None);
    }
}
