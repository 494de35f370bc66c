//! OpenAPI schemas (feature `openapi`) of the types whose JSON form is written by hand:
//! money as a decimal string, years, the stable string ids, values by year, assumption
//! keys and the scenario file format. The server's `/openapi.json` is generated from
//! these and from the derived schemas of the other API types.

use serde_json::json;
use utoipa::openapi::Ref;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::execution::{ActualStatus, AssessmentStatus};
use crate::ids::{IndicatorId, PathId, ProgrammeId, YEAR_COUNT, Year};
use crate::money::Money;
use crate::optimise::Objective;
use crate::params::ParamKey;
use crate::plan::KpiKey;
use crate::projection::{Kpi, Kpis};
use crate::replan::CarryOver;
use crate::scenario::{Scenario, ScenarioFile};
use crate::uncertainty::Band;
use crate::verdict::Verdict;

/// A string that is one of `values`.
pub(crate) fn string_enum(description: &str, values: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values.iter().copied()))
        .into()
}

fn money_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^-?[0-9]+(\.[0-9]+)?$"))
}

impl PartialSchema for Money {
    fn schema() -> RefOr<Schema> {
        money_schema()
            .description(Some(
                "An amount of CNY as a decimal string (never a JSON number, so no reader \
                 turns it into a float); negative only for differences.",
            ))
            .examples([json!("300000000"), json!("-20000000")])
            .into()
    }
}
impl ToSchema for Money {}

/// The largest amount a scenario may hold, in yuan.
const MAX_YUAN: i64 = 1_000_000_000_000;

/// An amount of CNY in a scenario file: whole yuan, as a decimal string (what the API
/// writes) or a non-negative integer.
pub struct Amount;

impl PartialSchema for Amount {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(r"^\s*[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*$")),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0))
                    .maximum(Some(MAX_YUAN)),
            )
            .description(Some(
                "Whole yuan (CNY), at most 10^12: a decimal string such as \"50000000\" \
                 (what the API writes; `5e7` is read too), or an integer.",
            ))
            .into()
    }
}
impl ToSchema for Amount {}

/// An object of amounts keyed by programme id (every key a programme, every value an
/// [`Amount`]), described as `description`.
pub fn amounts_by_programme(description: &str) -> ObjectBuilder {
    let programmes: Vec<&str> = ProgrammeId::ALL.iter().map(|id| id.as_str()).collect();
    let names = Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(programmes))
            .build(),
    );
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .property_names(Some(names))
        .additional_properties(Some(Amount::schema()))
}

/// The `allocations` of a scenario file: every programme with its annual amount.
pub struct ProgrammeAmounts;

impl PartialSchema for ProgrammeAmounts {
    fn schema() -> RefOr<Schema> {
        amounts_by_programme(
            "CNY a year for every one of the sixteen programmes, applied to every year \
             (single years are changed in `by_year`).",
        )
        .min_properties(Some(ProgrammeId::ALL.len()))
        .max_properties(Some(ProgrammeId::ALL.len()))
        .into()
    }
}
impl ToSchema for ProgrammeAmounts {}

impl PartialSchema for Year {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(u32::from(Year::FIRST)))
            .maximum(Some(u32::from(Year::FIRST) + YEAR_COUNT as u32 - 1))
            .description(Some("A plan year, 2017 to 2020."))
            .into()
    }
}
impl ToSchema for Year {}

/// One value per plan year, an object keyed `"2017"` to `"2020"`.
fn by_year(value: RefOr<Schema>) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("One value per plan year, keyed by the year."));
    for year in Year::ALL {
        let key = year.to_string();
        object = object.property(&key, value.clone()).required(key);
    }
    object
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
        .into()
}

/// The schemas of [`ByYear`] of each value type the API sends, named apart (a generic
/// schema would give them one name).
macro_rules! by_year_schema {
    ($(#[$meta:meta])* $name:ident, $value:ty) => {
        $(#[$meta])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                by_year(<$value as PartialSchema>::schema())
            }
        }

        impl ToSchema for $name {
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                <$value as ToSchema>::schemas(schemas);
            }
        }
    };
}

by_year_schema!(
    /// `ByYear<f64>`: an outcome per year.
    ByYearNumber,
    f64
);
by_year_schema!(
    /// `ByYear<Money>`: an amount per year.
    ByYearMoney,
    Money
);
by_year_schema!(
    /// `envelope_by_year` of the scenario file format: an [`Amount`] per year.
    ByYearAmount,
    Amount
);
by_year_schema!(
    /// `ByYear<Band>`: a Monte Carlo band per year.
    ByYearBand,
    Band
);

macro_rules! id_schema {
    ($name:ident, $description:literal) => {
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let values: Vec<&str> = $name::ALL.iter().map(|id| id.as_str()).collect();
                string_enum($description, &values)
            }
        }
        impl ToSchema for $name {}
    };
}

id_schema!(
    ProgrammeId,
    "One of the sixteen support programmes, by its stable id."
);
id_schema!(
    IndicatorId,
    "What an indicator counts; unique together with its programme."
);
id_schema!(PathId, "One of the plan's four paths.");
id_schema!(KpiKey, "One of the three headline KPIs of §2(3).");
id_schema!(Objective, "What the optimiser optimises.");
id_schema!(
    AssessmentStatus,
    "Where an output stands against what was planned for it: on_track (attainment ≥ 95%), \
     at_risk (≥ 80%), off_track (below 80%) or not_reported."
);
id_schema!(
    ActualStatus,
    "How settled a year's actuals are: provisional, or final (marked by an approver)."
);
id_schema!(
    CarryOver,
    "What a re-plan does with closed years' unspent money: next_year, spread or lapse."
);
id_schema!(
    Verdict,
    "What may be said of one target: met, missed, infeasible (the scenario over- or \
     underspends a year) or no target."
);

/// The KPIs are an object with one property for each KPI key.
impl PartialSchema for Kpis {
    fn schema() -> RefOr<Schema> {
        let mut object = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("The three headline KPIs of §2(3), keyed by KPI."));
        for key in KpiKey::ALL {
            object = object
                .property(key.as_str(), Ref::from_schema_name(Kpi::name()))
                .required(key.as_str());
        }
        object.into()
    }
}
impl ToSchema for Kpis {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Kpi::name().into_owned(), Kpi::schema()));
        <Kpi as ToSchema>::schemas(schemas);
    }
}

impl PartialSchema for ParamKey {
    fn schema() -> RefOr<Schema> {
        let keys: Vec<String> = ParamKey::all().map(|key| key.to_string()).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        string_enum(
            "A documented assumption key: `<programme>.<indicator>.alpha|saturation|cost_multiplier` \
             or `cohort.<programme>.profit_tax|profit_tax_uplift|headcount|headcount_change`.",
            &keys,
        )
    }
}
impl ToSchema for ParamKey {}

/// A scenario is written and read in the scenario file format.
impl PartialSchema for Scenario {
    fn schema() -> RefOr<Schema> {
        ScenarioFile::schema()
    }
}
impl ToSchema for Scenario {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((ScenarioFile::name().into_owned(), ScenarioFile::schema()));
        <ScenarioFile as ToSchema>::schemas(schemas);
    }
}

/// Whether `field` is a required property of an inline object schema.
#[cfg(test)]
fn is_required(schema: &RefOr<Schema>, field: &str) -> bool {
    match schema {
        RefOr::T(Schema::Object(object)) => object.required.iter().any(|name| name == field),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_of(schema: RefOr<Schema>) -> serde_json::Value {
        serde_json::to_value(schema).expect("a schema serialises")
    }

    #[test]
    fn money_is_a_decimal_string_and_every_id_is_listed() {
        let money = json_of(Money::schema());
        assert_eq!(money["type"], "string");
        let ids = json_of(ProgrammeId::schema());
        assert_eq!(ids["enum"].as_array().map(Vec::len), Some(16));
        let keys = json_of(ParamKey::schema());
        assert_eq!(
            keys["enum"].as_array().map(Vec::len),
            Some(ParamKey::all().count())
        );
        let statuses = json_of(AssessmentStatus::schema());
        assert_eq!(
            statuses["enum"],
            json!(["on_track", "at_risk", "off_track", "not_reported"])
        );
        let years = json_of(Year::schema());
        assert_eq!(
            (years["minimum"].as_u64(), years["maximum"].as_u64()),
            (Some(2017), Some(2020))
        );
    }

    #[test]
    fn values_by_year_have_exactly_the_four_years() {
        let schema = ByYearMoney::schema();
        for year in Year::ALL {
            assert!(is_required(&schema, &year.to_string()));
        }
        assert!(!is_required(&schema, "2021"));
    }

    #[test]
    fn a_scenario_is_described_by_the_file_format() {
        assert_eq!(json_of(Scenario::schema()), json_of(ScenarioFile::schema()));
    }
}
