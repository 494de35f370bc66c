//! Actuals (年终考核 data): per year and programme, the money spent and the measured
//! outcome of each indicator, with the data's status, source and a note.
//!
//! The body read and written is
//! `{"status","source","note","programmes":{"<programme id>":{"spent":"<CNY>",
//! "outcomes":{"<indicator id>": <number>}}}}`; programmes may be omitted (a partial
//! year) and so may a programme's outcomes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT, Year};
use crate::money::Money;
use crate::plan;
use crate::scenario::{
    Problem, ScenarioError, amount_of, check_money, json_error_message, json_kind,
    unknown_programme,
};

/// Longest `source`, in characters.
pub const MAX_SOURCE_CHARS: usize = 500;
/// Longest `note`, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

crate::string_enum! {
    /// How settled a year's actuals are.
    pub enum ActualStatus("actuals status") {
        /// Still being collected; may change.
        Provisional = "provisional" ("初步数据", "provisional"),
        /// Marked final by an approver; the year plan no longer changes.
        Final = "final" ("最终数据", "final"),
    }
}

/// One programme's actuals for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeActual {
    /// Money spent in the year (CNY, ≥ 0).
    pub spent: Money,
    /// Measured outcome per indicator of the programme (≥ 0): a flow's output in the
    /// year, a level's value at the year's end. An indicator may be missing.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, f64>))]
    pub outcomes: BTreeMap<IndicatorId, f64>,
}

/// One year's actuals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearActuals {
    /// `provisional` or `final`.
    pub status: ActualStatus,
    /// Where the figures come from (at most [`MAX_SOURCE_CHARS`] characters).
    pub source: String,
    /// Free text (at most [`MAX_NOTE_CHARS`] characters).
    pub note: String,
    /// The programmes reported; the others are not (yet).
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<ProgrammeId, ProgrammeActual>))]
    pub programmes: BTreeMap<ProgrammeId, ProgrammeActual>,
}

impl YearActuals {
    /// Nothing reported yet, provisional.
    pub fn empty() -> YearActuals {
        YearActuals {
            status: ActualStatus::Provisional,
            source: String::new(),
            note: String::new(),
            programmes: BTreeMap::new(),
        }
    }

    /// Reads the API/CLI body. Every problem — unknown programme, an indicator that
    /// programme does not have, a negative or non-money `spent`, a negative,
    /// non-finite or non-number outcome, an unknown status, an over-long source or
    /// note, an unknown field — is a [`Problem`] with its path
    /// (`programmes.equipment_upgrade.spent`), all collected.
    pub fn from_json(text: &str) -> Result<YearActuals, ScenarioError> {
        let value: Value = serde_json::from_str(text).map_err(|error| ScenarioError {
            problems: vec![Problem::new("", json_error_message(&error))],
        })?;
        YearActuals::from_value(&value)
    }

    /// [`YearActuals::from_json`] of a parsed body.
    pub fn from_value(value: &Value) -> Result<YearActuals, ScenarioError> {
        let mut problems = Vec::new();
        let Some(body) = value.as_object() else {
            return Err(one_problem(
                "",
                format!("actuals must be a JSON object, found {}", json_kind(value)),
            ));
        };
        let mut actuals = YearActuals::empty();
        for (key, field) in body {
            match key.as_str() {
                "status" => match field.as_str().map(str::parse::<ActualStatus>) {
                    Some(Ok(status)) => actuals.status = status,
                    Some(Err(error)) => problems.push(Problem::new("status", error.to_string())),
                    None => problems.push(Problem::new(
                        "status",
                        format!(
                            "status must be {}, found {}",
                            ActualStatus::allowed(),
                            json_kind(field)
                        ),
                    )),
                },
                "source" => {
                    actuals.source = text_field(field, "source", MAX_SOURCE_CHARS, &mut problems)
                }
                "note" => actuals.note = text_field(field, "note", MAX_NOTE_CHARS, &mut problems),
                "programmes" => match field {
                    Value::Object(map) => {
                        for (id_text, entry) in map {
                            let path = format!("programmes.{id_text}");
                            let Some(id) = ProgrammeId::parse(id_text) else {
                                problems.push(Problem::new(path, unknown_programme(id_text)));
                                continue;
                            };
                            if let Some(actual) = programme_actual(id, entry, &path, &mut problems)
                            {
                                actuals.programmes.insert(id, actual);
                            }
                        }
                    }
                    Value::Null => {}
                    other => problems.push(Problem::new(
                        "programmes",
                        format!(
                            "programmes must be an object keyed by programme id, found {}",
                            json_kind(other)
                        ),
                    )),
                },
                other => problems.push(Problem::new(
                    other,
                    format!(
                        "unknown field `{other}`: use {}",
                        crate::names::one_of(["status", "source", "note", "programmes"])
                    ),
                )),
            }
        }
        if !body.contains_key("status") {
            problems.push(Problem::new(
                "status",
                format!("status is missing: use {}", ActualStatus::allowed()),
            ));
        }
        if problems.is_empty() {
            Ok(actuals)
        } else {
            Err(ScenarioError { problems })
        }
    }

    /// The programme's actuals, if reported.
    pub fn programme(&self, id: ProgrammeId) -> Option<&ProgrammeActual> {
        self.programmes.get(&id)
    }

    /// The measured outcome of `programme.indicator`, if reported.
    pub fn outcome(&self, programme: ProgrammeId, indicator: IndicatorId) -> Option<f64> {
        self.programme(programme)
            .and_then(|actual| actual.outcomes.get(&indicator).copied())
    }
}

impl<'de> Deserialize<'de> for YearActuals {
    /// Reads the body through [`YearActuals::from_value`]; the error lists every problem.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        YearActuals::from_value(&value).map_err(serde::de::Error::custom)
    }
}

fn one_problem(path: &str, message: String) -> ScenarioError {
    ScenarioError {
        problems: vec![Problem::new(path, message)],
    }
}

fn text_field(field: &Value, path: &str, max: usize, problems: &mut Vec<Problem>) -> String {
    match field {
        Value::String(text) if text.chars().count() > max => {
            problems.push(Problem::new(
                path,
                format!("{path} is longer than {max} characters"),
            ));
            String::new()
        }
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => {
            problems.push(Problem::new(
                path,
                format!("{path} must be a string, found {}", json_kind(other)),
            ));
            String::new()
        }
    }
}

/// Checks spending: a non-negative amount of CNY to the fen, at most
/// [`Money::MAX_AMOUNT`].
fn spent_of(value: &Value) -> Result<Money, String> {
    let amount = amount_of(value)?;
    check_money(
        amount,
        2,
        "a fraction of a fen; give at most two decimal places",
    )?;
    Ok(amount)
}

fn programme_actual(
    id: ProgrammeId,
    entry: &Value,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<ProgrammeActual> {
    let Some(entry) = entry.as_object() else {
        problems.push(
            Problem::new(
                path,
                format!(
                    "{id}: expected an object {{\"spent\": …, \"outcomes\": {{…}}}}, found {}",
                    json_kind(entry)
                ),
            )
            .programme(id),
        );
        return None;
    };
    let before = problems.len();
    let mut spent = Money::ZERO;
    let mut outcomes = BTreeMap::new();
    for (key, field) in entry {
        let field_path = format!("{path}.{key}");
        match key.as_str() {
            "spent" => match spent_of(field) {
                Ok(amount) => spent = amount,
                Err(message) => problems
                    .push(Problem::new(field_path, format!("{id}: {message}")).programme(id)),
            },
            "outcomes" => read_outcomes(id, field, &field_path, &mut outcomes, problems),
            other => problems.push(
                Problem::new(
                    field_path,
                    format!("{id}: unknown field `{other}`: use spent or outcomes"),
                )
                .programme(id),
            ),
        }
    }
    if !entry.contains_key("spent") {
        problems.push(
            Problem::new(
                format!("{path}.spent"),
                format!("{id}: spent is missing: give the CNY spent in the year"),
            )
            .programme(id),
        );
    }
    (problems.len() == before).then_some(ProgrammeActual { spent, outcomes })
}

fn read_outcomes(
    id: ProgrammeId,
    field: &Value,
    path: &str,
    outcomes: &mut BTreeMap<IndicatorId, f64>,
    problems: &mut Vec<Problem>,
) {
    let map: &Map<String, Value> = match field {
        Value::Object(map) => map,
        Value::Null => return,
        other => {
            problems.push(
                Problem::new(
                    path,
                    format!(
                        "{id}: outcomes must be an object keyed by indicator id, found {}",
                        json_kind(other)
                    ),
                )
                .programme(id),
            );
            return;
        }
    };
    for (key, value) in map {
        let item_path = format!("{path}.{key}");
        let indicator = IndicatorId::parse(key)
            .filter(|indicator| plan::indicator_index(id, *indicator).is_some());
        let Some(indicator) = indicator else {
            let own = plan::indicators_of(id).map(|slot| plan::INDICATORS[slot].indicator);
            problems.push(
                Problem::new(
                    item_path,
                    format!(
                        "{id} has no indicator `{key}`: use {}",
                        crate::names::one_of(own.map(IndicatorId::as_str))
                    ),
                )
                .programme(id),
            );
            continue;
        };
        match value.as_f64() {
            Some(number) if number.is_finite() && number >= 0.0 => {
                outcomes.insert(indicator, number);
            }
            Some(number) => problems.push(
                Problem::new(
                    item_path,
                    format!("{id}.{indicator}: {number} is not a finite number ≥ 0"),
                )
                .programme(id),
            ),
            None => problems.push(
                Problem::new(
                    item_path,
                    format!(
                        "{id}.{indicator}: not a number: expected a JSON number ≥ 0, found {}",
                        json_kind(value)
                    ),
                )
                .programme(id),
            ),
        }
    }
}

/// Every year's actuals, indexed by [`Year::index`]; `None` for a year with none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Actuals(pub [Option<YearActuals>; YEAR_COUNT]);

impl Actuals {
    /// No actuals for any year.
    pub fn none() -> Actuals {
        Actuals::default()
    }

    /// One year's actuals, if any.
    pub fn year(&self, year: Year) -> Option<&YearActuals> {
        self.0[year.index()].as_ref()
    }

    /// Sets one year's actuals.
    pub fn set(&mut self, year: Year, actuals: YearActuals) {
        self.0[year.index()] = Some(actuals);
    }
}
