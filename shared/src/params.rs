//! Assumptions: every parameter the plan leaves open, with its key, default, range,
//! provenance and rationale, and a scenario's overrides of them.
//!
//! Keys are documented and stable: `<programme>.<indicator>.alpha`, `.saturation`,
//! `.cost_multiplier` for each response curve, and `cohort.<programme>.profit_tax`,
//! `.profit_tax_uplift`, `.headcount`, `.headcount_change` for each enterprise line.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::ids::ProgrammeId;
use crate::plan::{
    COHORTS, CohortDefaults, ENTERPRISE_LINES, INDICATOR_COUNT, INDICATORS, Lang, Provenance, Text,
};

crate::string_enum! {
    /// Which parameter of a curve or a cohort; its name is the last part of a key.
    pub enum ParamKind("parameter") {
        /// α, the autonomous share of a curve.
        Alpha = "alpha" ("自发份额 α", "Autonomous share α"),
        /// s, the saturation multiple of a curve.
        Saturation = "saturation" ("饱和倍数 s", "Saturation multiple s"),
        /// m, the cost multiplier of a curve.
        CostMultiplier = "cost_multiplier" ("成本系数 m", "Cost multiplier m"),
        /// w, profit-tax of a typical enterprise (万元).
        ProfitTax = "profit_tax" ("典型企业利税 w", "Typical profit-tax w"),
        /// u, relative profit-tax uplift.
        ProfitTaxUplift = "profit_tax_uplift" ("利税提升权重 u", "Profit-tax uplift weight u"),
        /// h, headcount of a typical enterprise.
        Headcount = "headcount" ("典型企业人数 h", "Typical headcount h"),
        /// v, relative headcount change.
        HeadcountChange = "headcount_change" ("就业变化权重 v", "Headcount change weight v"),
    }
}

impl ParamKind {
    const CURVE: [ParamKind; 3] = [Self::Alpha, Self::Saturation, Self::CostMultiplier];
    const COHORT: [ParamKind; 4] = [
        Self::ProfitTax,
        Self::ProfitTaxUplift,
        Self::Headcount,
        Self::HeadcountChange,
    ];

    fn is_curve(self) -> bool {
        matches!(self, Self::Alpha | Self::Saturation | Self::CostMultiplier)
    }

    /// The symbol used in formulas.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Alpha => "α",
            Self::Saturation => "s",
            Self::CostMultiplier => "m",
            Self::ProfitTax => "w",
            Self::ProfitTaxUplift => "u",
            Self::Headcount => "h",
            Self::HeadcountChange => "v",
        }
    }
}

/// A parameter's stable key: a kind and the curve (indicator index) or enterprise line
/// (programme index) it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParamKey {
    kind: ParamKind,
    slot: usize,
}

impl ParamKey {
    /// A curve parameter of indicator `indicator` (index into [`INDICATORS`]).
    pub fn curve(kind: ParamKind, indicator: usize) -> Option<ParamKey> {
        (kind.is_curve() && indicator < INDICATOR_COUNT).then_some(ParamKey {
            kind,
            slot: indicator,
        })
    }

    /// A cohort parameter of an enterprise line.
    pub fn cohort(kind: ParamKind, programme: ProgrammeId) -> Option<ParamKey> {
        (!kind.is_curve() && programme.index() < ENTERPRISE_LINES).then_some(ParamKey {
            kind,
            slot: programme.index(),
        })
    }

    /// What kind of parameter.
    pub fn kind(self) -> ParamKind {
        self.kind
    }

    /// The programme the parameter belongs to.
    pub fn programme(self) -> ProgrammeId {
        if self.kind.is_curve() {
            INDICATORS[self.slot].programme
        } else {
            ProgrammeId::ALL[self.slot]
        }
    }

    /// The indicator index, for curve parameters.
    pub fn indicator(self) -> Option<usize> {
        self.kind.is_curve().then_some(self.slot)
    }

    /// Every key, curves first, in a stable order.
    pub fn all() -> impl Iterator<Item = ParamKey> {
        let curves = (0..INDICATOR_COUNT).flat_map(|slot| {
            ParamKind::CURVE
                .into_iter()
                .map(move |kind| ParamKey { kind, slot })
        });
        let cohorts = (0..ENTERPRISE_LINES).flat_map(|slot| {
            ParamKind::COHORT
                .into_iter()
                .map(move |kind| ParamKey { kind, slot })
        });
        curves.chain(cohorts)
    }

    /// The parameter as a person names it in `lang`, unique among the parameters: its
    /// programme, its indicator for a curve, and what it is ("专精特新产品 · 新产品 ·
    /// 自发份额 α"). The key is for scripts; this is what a page or a sheet says.
    pub fn label(self, lang: Lang) -> String {
        let programme = crate::plan::programme(self.programme()).name.get(lang);
        let kind = self.kind.name().get(lang);
        match self.indicator() {
            Some(slot) => format!("{programme} · {} · {kind}", INDICATORS[slot].name.get(lang)),
            None => format!("{programme} · {kind}"),
        }
    }

    /// Parses a documented key; `None` when it is not one.
    pub fn parse(text: &str) -> Option<ParamKey> {
        ParamKey::all().find(|key| key.to_string() == text)
    }

    /// Everything a person needs to know about the parameter.
    pub fn info(self) -> ParamInfo {
        let default = Assumptions::plan_defaults().get(self);
        let name = self.kind.name();
        let (unit, low, high, min, max, rationale) = match self.kind {
            ParamKind::Alpha => (
                t("目标的比例", "share of target"),
                (default - 0.10).clamp(0.0, 0.95),
                (default + 0.10).clamp(0.0, 0.95),
                0.0,
                0.95,
                t(
                    "没有财政补贴也会发生的目标份额；y(0) = α·T",
                    "Share of the target that happens with no subsidy; y(0) = α·T",
                ),
            ),
            ParamKind::Saturation => (
                t("目标的倍数", "multiple of target"),
                1.5,
                3.0,
                1.01,
                100.0,
                t(
                    "资金无限时产出的上限 y(∞) = s·T，体现边际收益递减",
                    "Ceiling on output with unlimited money, y(∞) = s·T: diminishing returns",
                ),
            ),
            ParamKind::CostMultiplier => (
                t("倍", "×"),
                0.7,
                1.4,
                0.05,
                20.0,
                t(
                    "产出成本相对基线的倍数；m = 1.2 表示成本高出20%",
                    "Cost of outputs relative to the baseline; m = 1.2 means 20% dearer",
                ),
            ),
            ParamKind::ProfitTax => (
                t("万元/年", "CNY 10,000 a year"),
                default * 0.75,
                default * 1.25,
                0.001,
                1.0e7,
                t(
                    "该类典型企业的年利税，用于利税增长指标的加权（示意值）",
                    "Annual profit-tax of a typical enterprise of this line; weights the profit-tax KPI (illustrative)",
                ),
            ),
            ParamKind::ProfitTaxUplift => (
                t("相对权重", "relative weight"),
                default * 0.75,
                default * 1.25,
                0.0,
                100.0,
                t(
                    "转型后利税提升的相对权重，经校准使基线为+50%（示意值）",
                    "Relative profit-tax uplift after transformation, scaled so the baseline gives +50% (illustrative)",
                ),
            ),
            ParamKind::Headcount => (
                t("人", "people"),
                default * 0.75,
                default * 1.25,
                0.001,
                1.0e6,
                t(
                    "该类典型企业的从业人数，用于就业增长指标的加权（示意值）",
                    "Headcount of a typical enterprise of this line; weights the employment KPI (illustrative)",
                ),
            ),
            ParamKind::HeadcountChange => (
                t("相对权重", "relative weight"),
                default * 0.75,
                default * 1.25,
                0.0,
                100.0,
                t(
                    "转型后从业人员变化的相对权重，经校准使基线为+15%（示意值）",
                    "Relative headcount change after transformation, scaled so the baseline gives +15% (illustrative)",
                ),
            ),
        };
        ParamInfo {
            key: self,
            name,
            symbol: self.kind.symbol(),
            unit,
            default,
            low,
            high,
            min,
            max,
            provenance: Provenance::Assumption,
            rationale,
            note: if self.kind == ParamKind::Alpha {
                Some(crate::plan::programme(self.programme()).note)
            } else {
                None
            },
        }
    }
}

const fn t(zh: &'static str, en: &'static str) -> Text {
    Text { zh, en }
}

impl fmt::Display for ParamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind.is_curve() {
            let def = &INDICATORS[self.slot];
            write!(
                f,
                "{}.{}.{}",
                def.programme,
                def.indicator,
                self.kind.as_str()
            )
        } else {
            write!(
                f,
                "cohort.{}.{}",
                ProgrammeId::ALL[self.slot],
                self.kind.as_str()
            )
        }
    }
}

impl Serialize for ParamKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A parameter described for people: value, range, provenance and rationale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParamInfo {
    /// Stable key.
    pub key: ParamKey,
    /// Name.
    pub name: Text,
    /// Formula symbol.
    pub symbol: &'static str,
    /// Unit.
    pub unit: Text,
    /// Default value.
    pub default: f64,
    /// Low end of the uncertainty range.
    pub low: f64,
    /// High end of the uncertainty range.
    pub high: f64,
    /// Smallest value a scenario may set.
    pub min: f64,
    /// Largest value a scenario may set.
    pub max: f64,
    /// Always ASSUMPTION: PLAN facts are not parameters.
    pub provenance: Provenance,
    /// Why the parameter exists and what it means.
    pub rationale: Text,
    /// The programme-specific reason for the default, where there is one.
    pub note: Option<Text>,
}

/// Why an override is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverrideError {
    /// The key is not documented.
    #[error("unknown assumption key `{0}`")]
    UnknownKey(String),
    /// Not a finite number.
    #[error("`{key}` must be a finite number")]
    NotFinite {
        /// The key.
        key: ParamKey,
    },
    /// Outside the values a scenario may set.
    #[error("`{key}` = {value} is outside the allowed range {min} to {max}")]
    OutOfRange {
        /// The key.
        key: ParamKey,
        /// The value given.
        value: f64,
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
}

/// A scenario's overrides of the defaults; every value is valid for its key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overrides(BTreeMap<ParamKey, f64>);

impl Overrides {
    /// No overrides.
    pub fn none() -> Overrides {
        Overrides::default()
    }

    /// Checks a value for a key.
    pub fn check(key: ParamKey, value: f64) -> Result<f64, OverrideError> {
        if !value.is_finite() {
            return Err(OverrideError::NotFinite { key });
        }
        let info = key.info();
        if value < info.min || value > info.max {
            return Err(OverrideError::OutOfRange {
                key,
                value,
                min: info.min,
                max: info.max,
            });
        }
        Ok(value)
    }

    /// Sets one override; the value is checked.
    pub fn set(&mut self, key: ParamKey, value: f64) -> Result<(), OverrideError> {
        self.0.insert(key, Overrides::check(key, value)?);
        Ok(())
    }

    /// Removes one override.
    pub fn remove(&mut self, key: ParamKey) {
        self.0.remove(&key);
    }

    /// The override of a key, if any.
    pub fn get(&self, key: ParamKey) -> Option<f64> {
        self.0.get(&key).copied()
    }

    /// Every override, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (ParamKey, f64)> + '_ {
        self.0.iter().map(|(key, value)| (*key, *value))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Every parameter's value: the defaults with a scenario's overrides applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assumptions {
    pub(crate) alpha: [f64; INDICATOR_COUNT],
    pub(crate) saturation: [f64; INDICATOR_COUNT],
    pub(crate) cost_multiplier: [f64; INDICATOR_COUNT],
    pub(crate) cohorts: [CohortDefaults; ENTERPRISE_LINES],
}

/// Default saturation multiple s of every curve.
pub const DEFAULT_SATURATION: f64 = 2.0;
/// Default cost multiplier m of every curve.
pub const DEFAULT_COST_MULTIPLIER: f64 = 1.0;

impl Assumptions {
    /// The documented defaults of `funding-model.md` §4.
    pub fn plan_defaults() -> Assumptions {
        let mut alpha = [0.0; INDICATOR_COUNT];
        for (slot, def) in INDICATORS.iter().enumerate() {
            alpha[slot] = def.alpha;
        }
        Assumptions {
            alpha,
            saturation: [DEFAULT_SATURATION; INDICATOR_COUNT],
            cost_multiplier: [DEFAULT_COST_MULTIPLIER; INDICATOR_COUNT],
            cohorts: COHORTS,
        }
    }

    /// The defaults with overrides applied.
    pub fn with_overrides(overrides: &Overrides) -> Assumptions {
        let mut assumptions = Assumptions::plan_defaults();
        for (key, value) in overrides.iter() {
            assumptions.set(key, value);
        }
        assumptions
    }

    /// One parameter's value.
    pub fn get(&self, key: ParamKey) -> f64 {
        let slot = key.slot;
        match key.kind {
            ParamKind::Alpha => self.alpha[slot],
            ParamKind::Saturation => self.saturation[slot],
            ParamKind::CostMultiplier => self.cost_multiplier[slot],
            ParamKind::ProfitTax => self.cohorts[slot].profit_tax,
            ParamKind::ProfitTaxUplift => self.cohorts[slot].profit_tax_uplift,
            ParamKind::Headcount => self.cohorts[slot].headcount,
            ParamKind::HeadcountChange => self.cohorts[slot].headcount_change,
        }
    }

    /// Sets one parameter; callers pass values already checked against the key.
    pub(crate) fn set(&mut self, key: ParamKey, value: f64) {
        let slot = key.slot;
        match key.kind {
            ParamKind::Alpha => self.alpha[slot] = value,
            ParamKind::Saturation => self.saturation[slot] = value,
            ParamKind::CostMultiplier => self.cost_multiplier[slot] = value,
            ParamKind::ProfitTax => self.cohorts[slot].profit_tax = value,
            ParamKind::ProfitTaxUplift => self.cohorts[slot].profit_tax_uplift = value,
            ParamKind::Headcount => self.cohorts[slot].headcount = value,
            ParamKind::HeadcountChange => self.cohorts[slot].headcount_change = value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_round_trips_and_is_unique() {
        let keys: Vec<_> = ParamKey::all().collect();
        assert_eq!(keys.len(), INDICATOR_COUNT * 3 + ENTERPRISE_LINES * 4);
        for key in &keys {
            assert_eq!(ParamKey::parse(&key.to_string()), Some(*key));
        }
        let mut names: Vec<_> = keys.iter().map(ToString::to_string).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), keys.len());
        assert_eq!(
            ParamKey::parse("equipment_upgrade.enterprises.alpha")
                .map(|key| Assumptions::plan_defaults().get(key)),
            Some(0.35)
        );
    }

    #[test]
    fn defaults_lie_inside_their_ranges() {
        for key in ParamKey::all() {
            let info = key.info();
            assert!(info.min <= info.low && info.low <= info.default, "{key}");
            assert!(info.default <= info.high && info.high <= info.max, "{key}");
        }
    }

    #[test]
    fn overrides_outside_the_allowed_range_are_refused() {
        let key = ParamKey::parse("patents.enterprises.saturation").expect("documented key");
        let mut overrides = Overrides::none();
        assert!(matches!(
            overrides.set(key, 1.0),
            Err(OverrideError::OutOfRange { .. })
        ));
        assert!(matches!(
            overrides.set(key, f64::NAN),
            Err(OverrideError::NotFinite { .. })
        ));
        assert!(overrides.set(key, 2.5).is_ok());
        assert_eq!(Assumptions::with_overrides(&overrides).get(key), 2.5);
    }
}
