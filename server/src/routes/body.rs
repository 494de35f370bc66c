//! Reading a JSON request body field by field, so that every mistake is a 422 naming
//! its field path (`scenario.allocations.patents`, `locks[2]`, `min.brands`) rather
//! than one serde message for the whole body.

use serde_json::{Map, Value};
use shared::{Locks, Money, Problem, ProgrammeId, Scenario, Year, Years};

use crate::error::ApiError;
use crate::routes::scenario_from_json;

/// The body as an object whose keys are all in `allowed`.
pub fn object<'a>(body: &'a Value, allowed: &[&str]) -> Result<&'a Map<String, Value>, ApiError> {
    let object = body
        .as_object()
        .ok_or_else(|| ApiError::invalid_field("", "the body must be a JSON object"))?;
    let problems: Vec<Problem> = object
        .keys()
        .filter(|key| !allowed.contains(&key.as_str()))
        .map(|key| {
            Problem::new(
                key,
                format!("unknown field: use {}", shared::names::one_of(allowed)),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(ApiError::Invalid {
            detail: "the body has unknown fields".to_owned(),
            problems,
        });
    }
    Ok(object)
}

/// Problems of the scenario with their paths under `scenario.`.
pub fn under_scenario(error: ApiError) -> ApiError {
    match error {
        ApiError::Invalid { detail, problems } => ApiError::Invalid {
            detail,
            problems: problems
                .into_iter()
                .map(|mut problem| {
                    problem.path = if problem.path.is_empty() {
                        "scenario".to_owned()
                    } else {
                        format!("scenario.{}", problem.path)
                    };
                    problem
                })
                .collect(),
        },
        other => other,
    }
}

/// A body of named fields that carries a scenario: the object, its fields checked
/// against `allowed`, and its `scenario` field.
pub fn with_scenario<'a>(
    body: &'a Value,
    allowed: &[&str],
) -> Result<(&'a Map<String, Value>, Scenario), ApiError> {
    let object = object(body, allowed)?;
    Ok((object, scenario_field(object)?))
}

/// The `scenario` field, its problems' paths prefixed with `scenario.`.
pub fn scenario_field(object: &Map<String, Value>) -> Result<Scenario, ApiError> {
    let value = object.get("scenario").ok_or_else(|| {
        ApiError::invalid_field("scenario", "missing: send the scenario in the file format")
    })?;
    scenario_from_json(value.clone()).map_err(under_scenario)
}

/// A whole number field, `default` when absent or null.
pub fn whole_number(
    object: &Map<String, Value>,
    field: &str,
    default: u64,
) -> Result<u64, ApiError> {
    optional(object, field, default, |value| {
        value.as_u64().ok_or_else(|| {
            ApiError::invalid_field(
                field,
                format!("must be a whole number of at least 0, not {value}"),
            )
        })
    })
}

/// The optional field `field` as `read` reads it, `default` when absent or null.
fn optional<T>(
    object: &Map<String, Value>,
    field: &str,
    default: T,
    read: impl FnOnce(&Value) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(value) => read(value),
    }
}

/// A programme id at `path`.
pub fn programme(value: &Value, path: &str) -> Result<ProgrammeId, ApiError> {
    value.as_str().and_then(ProgrammeId::parse).ok_or_else(|| {
        ApiError::invalid_field(
            path,
            format!(
                "not a programme id: {value}; use {}",
                ProgrammeId::allowed()
            ),
        )
    })
}

/// The required programme id `field`.
pub fn programme_field(object: &Map<String, Value>, field: &str) -> Result<ProgrammeId, ApiError> {
    let value = object
        .get(field)
        .ok_or_else(|| ApiError::invalid_field(field, "missing: name a programme by its id"))?;
    programme(value, field)
}

/// An amount of CNY at `path`: a decimal string or a JSON number, at most 10^12 either
/// way (the model's bound on any one amount, so no arithmetic can overflow).
pub fn amount(value: &Value, path: &str) -> Result<Money, ApiError> {
    let text = match value {
        Value::String(text) => text.clone(),
        // A JSON number with a fraction or an exponent has been through f64 already
        // (10000000.0000000001 reads as 10000000): only integers are exact.
        Value::Number(number) if number.is_i64() || number.is_u64() => number.to_string(),
        Value::Number(number) => {
            return Err(ApiError::invalid_field(
                path,
                format!(
                    "the JSON number {number} is not exact: write an amount with a fraction as a decimal string (\"1234.56\")"
                ),
            ));
        }
        other => {
            return Err(ApiError::invalid_field(
                path,
                format!("must be an amount of CNY (a decimal string or a number), not {other}"),
            ));
        }
    };
    let amount = Money::parse(&text)
        .map_err(|_| ApiError::invalid_field(path, format!("`{text}` is not an amount of CNY")))?;
    if amount > Money::MAX_AMOUNT || -amount > Money::MAX_AMOUNT {
        return Err(ApiError::invalid_field(
            path,
            format!(
                "{amount} CNY is beyond the largest amount, {} CNY",
                Money::MAX_AMOUNT
            ),
        ));
    }
    Ok(amount)
}

/// The required amount `field`.
pub fn amount_field(object: &Map<String, Value>, field: &str) -> Result<Money, ApiError> {
    let value = object
        .get(field)
        .ok_or_else(|| ApiError::invalid_field(field, "missing: give an amount of CNY"))?;
    amount(value, field)
}

/// The optional amount `field`, `default` when absent or null.
pub fn optional_amount(
    object: &Map<String, Value>,
    field: &str,
    default: Money,
) -> Result<Money, ApiError> {
    optional(object, field, default, |value| amount(value, field))
}

/// The optional list of locked programmes `field`; nothing locked when absent.
pub fn locks_field(object: &Map<String, Value>, field: &str) -> Result<Locks, ApiError> {
    let Some(value) = object.get(field) else {
        return Ok(Locks::none());
    };
    let list = value
        .as_array()
        .ok_or_else(|| ApiError::invalid_field(field, "must be a list of programme ids"))?;
    let ids = list
        .iter()
        .enumerate()
        .map(|(index, item)| programme(item, &format!("{field}[{index}]")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Locks::of(&ids))
}

/// The optional plan year `field`: that year only, or every year when absent or null.
pub fn years_field(object: &Map<String, Value>, field: &str) -> Result<Years, ApiError> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(Years::All),
        Some(value) => value
            .as_u64()
            .and_then(|number| u16::try_from(number).ok())
            .and_then(Year::from_number)
            .map(Years::One)
            .ok_or_else(|| {
                ApiError::invalid_field(
                    field,
                    format!(
                        "must be a plan year from {} to {} (leave it out for every year), not {value}",
                        Year::ALL[0],
                        Year::ALL[Year::ALL.len() - 1]
                    ),
                )
            }),
    }
}

/// A JSON body deserialised into its contract type (`api` crate). The JSON extractor
/// checks the media type, the size and the syntax; the type is then read from the
/// parsed value with the path of the first mistake kept, so a 422 names the field
/// (`role`, `status`) and says what it accepts.
#[derive(Debug)]
pub struct Typed<T>(pub T);

impl<T> Typed<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Typed<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// Reads `T` from a parsed JSON value, naming the field of the first mistake.
pub fn typed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        ApiError::invalid_field(&path, error.into_inner().to_string())
    })
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for Typed<T> {
    type Error = actix_web::Error;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<Typed<T>, actix_web::Error>>>>;

    fn from_request(
        request: &actix_web::HttpRequest,
        payload: &mut actix_web::dev::Payload,
    ) -> Self::Future {
        let json = actix_web::web::Json::<Value>::from_request(request, payload);
        Box::pin(async move {
            // The JSON extractor's errors are already problem details (its handler).
            let value = json.await?;
            Ok(Typed(typed(value.into_inner())?))
        })
    }
}
