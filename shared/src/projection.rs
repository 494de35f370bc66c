//! Projection: what a scenario buys, per indicator and year, against the plan's targets.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT, Year};
use crate::model::Outcomes;
use crate::money::Money;
use crate::params::ParamKey;
use crate::plan::{self, INDICATORS, IndicatorKind, KpiKey, Unit};
use crate::replan::CarryOver;
use crate::scenario::Scenario;
use crate::verdict::{Verdict, verdict};

/// One value per plan year; written in JSON as `{"2017": …, "2018": …, …}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByYear<T>(pub [T; YEAR_COUNT]);

impl<T: Serialize> Serialize for ByYear<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(YEAR_COUNT))?;
        for (year, value) in Year::ALL.iter().zip(&self.0) {
            map.serialize_entry(&year.to_string(), value)?;
        }
        map.end()
    }
}

/// One year of the envelope.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnvelopeYear {
    /// The year.
    pub year: Year,
    /// The envelope in force.
    pub total: Money,
    /// Σ allocations.
    pub allocated: Money,
    /// total − allocated: positive is unspent, negative is overspent.
    pub unallocated: Money,
}

/// A PLAN fact the scenario replaces, shown as such wherever the scenario appears:
/// `envelope` (the annual envelope), `envelope_by_year` (one year's envelope, with
/// `year`) or `carry_over` (what happens to unspent money).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanOverride {
    /// What is overridden.
    pub key: &'static str,
    /// The year, for `envelope_by_year`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<Year>,
    /// The plan's value.
    pub plan: PlanValue,
    /// The scenario's value.
    pub scenario: PlanValue,
    /// Where the plan sets it.
    pub reference: &'static str,
}

/// The value of a PLAN fact: an amount of CNY, or a carry-over rule (both written as
/// strings).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlanValue {
    /// An amount.
    Amount(Money),
    /// A carry-over rule.
    Rule(CarryOver),
}

impl PlanValue {
    /// The amount, if the value is one.
    pub fn amount(self) -> Option<Money> {
        match self {
            PlanValue::Amount(amount) => Some(amount),
            PlanValue::Rule(_) => None,
        }
    }
}

/// Every PLAN fact a scenario replaces: its annual envelope, each year's envelope that
/// differs from the plan's, and a carry-over rule other than the plan's `lapse`.
pub fn plan_overrides(scenario: &Scenario) -> Vec<PlanOverride> {
    let plan_envelope = crate::plan::annual_envelope();
    let mut overrides: Vec<PlanOverride> = scenario
        .envelope_override()
        .map(|value| PlanOverride {
            key: "envelope",
            year: None,
            plan: PlanValue::Amount(plan_envelope),
            scenario: PlanValue::Amount(value),
            reference: crate::plan::ENVELOPE_REFERENCE,
        })
        .into_iter()
        .collect();
    for (year, value) in Year::ALL
        .iter()
        .zip(scenario.envelope_by_year().into_iter().flatten())
    {
        if *value != plan_envelope {
            overrides.push(PlanOverride {
                key: "envelope_by_year",
                year: Some(*year),
                plan: PlanValue::Amount(plan_envelope),
                scenario: PlanValue::Amount(*value),
                reference: crate::plan::ENVELOPE_REFERENCE,
            });
        }
    }
    if let Some(rule) = scenario
        .carry_over()
        .filter(|rule| *rule != CarryOver::Lapse)
    {
        overrides.push(PlanOverride {
            key: "carry_over",
            year: None,
            plan: PlanValue::Rule(CarryOver::Lapse),
            scenario: PlanValue::Rule(rule),
            reference: crate::plan::ENVELOPE_REFERENCE,
        });
    }
    overrides
}

/// An assumption the scenario overrides.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssumptionOverride {
    /// The documented key.
    pub key: ParamKey,
    /// The default.
    pub default: f64,
    /// The scenario's value.
    pub value: f64,
}

/// One indicator's projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorProjection {
    /// The programme.
    pub programme: ProgrammeId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// Flow or level.
    pub kind: IndicatorKind,
    /// Unit.
    pub unit: Unit,
    /// The plan's target (4-year for a flow, 2020 level for a level); `null` where the
    /// plan sets none.
    pub target: Option<f64>,
    /// A reference value where the plan sets no target.
    pub reference: Option<f64>,
    /// The 4-year result of a flow, the 2020 value of a level.
    pub result: f64,
    /// result ÷ target; `null` without a target.
    pub attainment: Option<f64>,
    /// `met` or `missed` against the target; `infeasible` while any year over- or
    /// underspends; `no-target` where the plan sets none.
    pub verdict: Verdict,
    /// Annual output (flow) or the level reached with the funding to date (level).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::ByYearNumber))]
    pub by_year: ByYear<f64>,
    /// The programme's four-year funding.
    pub funding: Money,
}

/// A headline KPI against its target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kpi {
    /// The plan's target.
    pub target: f64,
    /// The projected value.
    pub result: f64,
    /// result ÷ target.
    pub attainment: f64,
    /// `met`, `missed`, or `infeasible` while any year over- or underspends.
    pub verdict: Verdict,
}

impl Kpi {
    fn new(target: f64, result: f64, feasible: bool) -> Kpi {
        Kpi {
            target,
            result,
            attainment: result / target,
            verdict: verdict(result, Some(target), feasible),
        }
    }
}

/// The three headline KPIs of §2(3), one for each [`KpiKey`]; written in JSON as an
/// object keyed by the KPI key (`{"enterprises_transformed": {…}, …}`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kpis([Kpi; KpiKey::COUNT]);

impl Kpis {
    /// The KPIs of raw outcomes, in a scenario that is or is not feasible.
    pub fn of(outcomes: &Outcomes, feasible: bool) -> Kpis {
        Kpis(std::array::from_fn(|index| {
            let key = KpiKey::ALL[index];
            Kpi::new(key.headline().target, outcomes.kpi(key), feasible)
        }))
    }

    /// One KPI.
    pub fn get(&self, key: KpiKey) -> Kpi {
        self.0[key.index()]
    }

    /// Every KPI with its headline (key, name, target, unit, reference), in
    /// [`KpiKey`] order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static plan::Headline, Kpi)> + '_ {
        KpiKey::ALL
            .iter()
            .map(|key| (key.headline(), self.get(*key)))
    }
}

impl Serialize for Kpis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(KpiKey::COUNT))?;
        for (headline, kpi) in self.iter() {
            map.serialize_entry(headline.key.as_str(), &kpi)?;
        }
        map.end()
    }
}

/// A scenario's full projection. The JSON schema is documented in `docs/schema.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Projection {
    /// The scenario's name.
    pub scenario: String,
    /// Whether every year spends its envelope exactly.
    pub balanced: bool,
    /// Whether the scenario may claim its targets: every year spends its envelope
    /// exactly. While it is `false`, every verdict is `infeasible`.
    pub feasible: bool,
    /// Per year: envelope, allocated, unallocated.
    pub envelope: Vec<EnvelopeYear>,
    /// PLAN facts the scenario replaces.
    pub plan_overrides: Vec<PlanOverride>,
    /// Assumptions the scenario overrides.
    pub assumption_overrides: Vec<AssumptionOverride>,
    /// Every indicator.
    pub indicators: Vec<IndicatorProjection>,
    /// The headline KPIs.
    pub kpis: Kpis,
}

/// One headline of §2(3) — a KPI or a carrier target — in a projection and a reference
/// (usually the baseline): what the tiles, slides and briefing show first.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// Stable key: the KPI key or `programme.indicator`.
    pub key: String,
    /// Name.
    pub name: crate::plan::Text,
    /// Projected value.
    pub value: f64,
    /// The reference's value.
    pub reference_value: f64,
    /// The plan's target.
    pub target: Option<f64>,
    /// Unit.
    pub unit: Unit,
    /// Plan reference of the target.
    pub source: &'static str,
    /// Met, missed, or infeasible (the projection's scenario over- or underspends).
    pub verdict: Verdict,
}

/// The headline KPIs and carrier targets of §2(3): enterprises, profit-tax, employment,
/// demo-park tax, floor area, idle land and demo bases.
pub fn headlines(projection: &Projection, reference: &Projection) -> Vec<Headline> {
    let mut rows: Vec<Headline> = projection
        .kpis
        .iter()
        .map(|(def, now)| Headline {
            key: def.key.as_str().to_owned(),
            name: def.name,
            value: now.result,
            reference_value: reference.kpis.get(def.key).result,
            target: Some(def.target),
            unit: def.unit,
            source: def.reference,
            verdict: now.verdict,
        })
        .collect();
    for (programme, indicator) in [
        (ProgrammeId::ParkUpgrade, IndicatorId::ParkTax),
        (ProgrammeId::BuildingUpgrade, IndicatorId::FloorArea),
        (ProgrammeId::ParkUpgrade, IndicatorId::IdleLand),
        (ProgrammeId::DemoBases, IndicatorId::Bases),
    ] {
        if let Some(slot) = crate::plan::indicator_index(programme, indicator) {
            let def = &INDICATORS[slot];
            rows.push(Headline {
                key: def.key(),
                name: def.name,
                value: projection.indicators[slot].result,
                reference_value: reference.indicators[slot].result,
                target: def.target,
                unit: def.unit,
                source: def.reference,
                verdict: verdict(
                    projection.indicators[slot].result,
                    def.target,
                    projection.feasible,
                ),
            });
        }
    }
    rows
}

impl IndicatorProjection {
    /// The target, or the reference value where the plan sets no target.
    pub fn measured_against(&self) -> Option<plan::Goal> {
        plan::Goal::of(self.target, self.reference)
    }
}

impl Projection {
    /// A programme's four-year money.
    pub fn funding(&self, programme: ProgrammeId) -> Money {
        self.indicators
            .iter()
            .find(|row| row.programme == programme)
            .map(|row| row.funding)
            .unwrap_or_default()
    }

    /// The indicator `programme.indicator`.
    pub fn indicator(
        &self,
        programme: ProgrammeId,
        indicator: IndicatorId,
    ) -> Option<&IndicatorProjection> {
        self.indicators
            .iter()
            .find(|row| row.programme == programme && row.indicator == indicator)
    }

    /// How many indicators meet their target, and how many have one: none is met
    /// while the scenario is infeasible.
    pub fn targets_met(&self) -> (usize, usize) {
        let with_target = self.indicators.iter().filter(|row| row.target.is_some());
        let met = with_target
            .clone()
            .filter(|row| row.verdict == Verdict::Met)
            .count();
        (met, with_target.count())
    }
}

/// Projects a scenario.
pub fn project(scenario: &Scenario) -> Projection {
    let outcomes = scenario.model().evaluate(scenario.funding());
    let envelope = Year::ALL
        .iter()
        .map(|year| EnvelopeYear {
            year: *year,
            total: scenario.year_envelope(*year),
            allocated: scenario.year_total(*year),
            unallocated: scenario.unallocated(*year),
        })
        .collect();
    let plan_overrides = plan_overrides(scenario);
    let assumption_overrides = scenario
        .overrides()
        .iter()
        .map(|(key, value)| AssumptionOverride {
            key,
            default: key.info().default,
            value,
        })
        .collect();
    let feasible = scenario.is_balanced();
    let indicators = INDICATORS
        .iter()
        .enumerate()
        .map(|(slot, def)| IndicatorProjection {
            programme: def.programme,
            indicator: def.indicator,
            kind: def.kind,
            unit: def.unit,
            target: def.target,
            reference: def.reference_value,
            result: outcomes.result[slot],
            attainment: def.target.map(|target| outcomes.result[slot] / target),
            verdict: verdict(outcomes.result[slot], def.target, feasible),
            by_year: ByYear(outcomes.by_year[slot]),
            funding: scenario.programme_total(def.programme),
        })
        .collect();
    Projection {
        scenario: scenario.name().to_owned(),
        balanced: feasible,
        feasible,
        envelope,
        plan_overrides,
        assumption_overrides,
        indicators,
        kpis: Kpis::of(&outcomes, feasible),
    }
}

/// The raw outcomes of a scenario, without building the projection's tables: the fast
/// path for the optimiser, Monte Carlo and the browser's slider loop.
pub fn outcomes(scenario: &Scenario) -> Outcomes {
    scenario.model().evaluate(scenario.funding())
}
