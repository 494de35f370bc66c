//! Stateless computations on a scenario sent in the body: projection, optimisation,
//! Monte Carlo uncertainty. The model crate does all the arithmetic.

use actix_web::{HttpResponse, web};
use serde_json::{Map, Value};
use shared::rebalance::Locks;
use shared::uncertainty::MAX_DRAWS;
use shared::{Money, Objective, OptimiseOptions, Problem, ProgrammeId, Scenario};

use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::routes::scenario_from_json;

/// Draws when none are asked for.
pub const DEFAULT_DRAWS: u64 = 1_000;

/// The body of `POST /optimize`. It is read field by field, so that every mistake is
/// named with its path; this type describes it for the API reference.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptimizeRequest {
    /// The scenario to start from, in the file format; its envelope, assumptions and
    /// floors bind the proposal.
    #[schema(value_type = crate::routes::scenarios::ScenarioInput)]
    pub scenario: Scenario,
    /// What to optimise; `enterprises` when absent.
    #[schema(nullable = false)]
    pub objective: Option<Objective>,
    /// The greedy step in CNY; 100,000 (10万元) when absent; the envelope may take at
    /// most 1,000,000 steps.
    #[schema(value_type = shared::openapi::Amount, required = false)]
    pub step: Option<String>,
    /// Programmes whose money must not move.
    #[schema(nullable = false)]
    pub locks: Option<Vec<ProgrammeId>>,
}

/// The body of `POST /uncertainty`, read field by field like [`OptimizeRequest`].
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyRequest {
    /// The scenario, in the file format.
    #[schema(value_type = crate::routes::scenarios::ScenarioInput)]
    pub scenario: Scenario,
    /// Monte Carlo draws, 1 to 200,000; 1,000 when absent.
    #[schema(minimum = 1, maximum = 200_000)]
    pub draws: Option<u64>,
    /// The seed: the same seed gives the same bands; 0 when absent.
    pub seed: Option<u64>,
}

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/projection", web::post().to(projection))
        .route("/optimize", web::post().to(optimize))
        .route("/uncertainty", web::post().to(uncertainty));
}

/// The body as an object whose keys are all in `allowed`.
fn object<'a>(body: &'a Value, allowed: &[&str]) -> Result<&'a Map<String, Value>, ApiError> {
    let object = body
        .as_object()
        .ok_or_else(|| ApiError::invalid_field("", "the body must be a JSON object"))?;
    let problems: Vec<Problem> = object
        .keys()
        .filter(|key| !allowed.contains(&key.as_str()))
        .map(|key| {
            Problem::new(
                key,
                format!("unknown field; expected one of: {}", allowed.join(", ")),
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

/// The `scenario` field, its problems' paths prefixed with `scenario.`.
fn scenario_field(object: &Map<String, Value>) -> Result<Scenario, ApiError> {
    let value = object.get("scenario").ok_or_else(|| {
        ApiError::invalid_field("scenario", "missing: send the scenario in the file format")
    })?;
    scenario_from_json(value.clone()).map_err(|error| match error {
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
    })
}

fn whole_number(object: &Map<String, Value>, field: &str, default: u64) -> Result<u64, ApiError> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(value) => value.as_u64().ok_or_else(|| {
            ApiError::invalid_field(
                field,
                format!("must be a whole number of at least 0, not {value}"),
            )
        }),
    }
}

/// The projection of a scenario sent in the body (anyone): the same JSON as
/// `planner project --json`.
#[utoipa::path(post, path = "/api/v1/projection", tag = "compute",
    request_body(content = crate::routes::scenarios::ScenarioInput, content_type = "application/json"),
    responses((status = 200, description = "The projection", body = shared::Projection), (status = 400), (status = 413), (status = 415), (status = 422)))]
pub async fn projection(body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let scenario = scenario_from_json(body.into_inner())?;
    Ok(HttpResponse::Ok().json(shared::project(&scenario)))
}

/// The best split under an objective (viewer). Body: `{"scenario": {...},
/// "objective": "enterprises" | "attainment" | "min-cost", "step": "100000",
/// "locks": ["patents"]}`; the step is whole CNY (default 100,000) and may take at
/// most 1,000,000 steps to spend the envelope (422 beyond).
#[utoipa::path(post, path = "/api/v1/optimize", tag = "compute",
    request_body(content = OptimizeRequest, content_type = "application/json"),
    responses((status = 200, description = "The proposal and its KPIs", body = shared::Optimised), (status = 400), (status = 401), (status = 413), (status = 415), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn optimize(caller: Caller, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let object = object(&body, &["scenario", "objective", "step", "locks"])?;
    let scenario = scenario_field(object)?;
    let objective = match object.get("objective") {
        None => Objective::Enterprises,
        Some(Value::String(text)) => Objective::parse(text).ok_or_else(|| {
            ApiError::invalid_field(
                "objective",
                format!("unknown objective `{text}`: expected enterprises, attainment or min-cost"),
            )
        })?,
        Some(other) => {
            return Err(ApiError::invalid_field(
                "objective",
                format!("must be a string, not {other}"),
            ));
        }
    };
    let mut options = OptimiseOptions::new(objective);
    if let Some(step) = object.get("step") {
        let text = match step {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            other => {
                return Err(ApiError::invalid_field(
                    "step",
                    format!("must be an amount of CNY, not {other}"),
                ));
            }
        };
        options.step = Money::parse(&text).map_err(|_| {
            ApiError::invalid_field("step", format!("`{text}` is not an amount of CNY"))
        })?;
    }
    if let Some(locks) = object.get("locks") {
        let list = locks
            .as_array()
            .ok_or_else(|| ApiError::invalid_field("locks", "must be a list of programme ids"))?;
        let mut ids = Vec::new();
        for (index, item) in list.iter().enumerate() {
            let id = item.as_str().and_then(ProgrammeId::parse).ok_or_else(|| {
                ApiError::invalid_field(
                    &format!("locks[{index}]"),
                    format!("not a programme id: {item}"),
                )
            })?;
            ids.push(id);
        }
        options.locks = Locks::of(&ids);
    }
    let result = web::block(move || shared::optimise(&scenario, &options))
        .await
        .map_err(ApiError::internal)?;
    match result {
        Ok(optimised) => Ok(HttpResponse::Ok().json(optimised)),
        Err(shared::optimise::OptimiseError::Invalid(error)) => Err(error.into()),
        Err(error) => {
            let path = match error {
                shared::optimise::OptimiseError::BadStep(_)
                | shared::optimise::OptimiseError::TooManySteps { .. } => "step",
                shared::optimise::OptimiseError::LockedLineVaries(_) => "locks",
                _ => "scenario",
            };
            Err(ApiError::invalid_field(path, error.to_string()))
        }
    }
}

/// Monte Carlo bands of every indicator and KPI (viewer). Body: `{"scenario": {...},
/// "draws": 1000, "seed": 0}`; draws from 1 to 200,000 (422 beyond).
#[utoipa::path(post, path = "/api/v1/uncertainty", tag = "compute",
    request_body(content = UncertaintyRequest, content_type = "application/json"),
    responses((status = 200, description = "Uncertainty bands", body = shared::Uncertainty), (status = 400), (status = 401), (status = 413), (status = 415), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn uncertainty(caller: Caller, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let object = object(&body, &["scenario", "draws", "seed"])?;
    let scenario = scenario_field(object)?;
    let draws = whole_number(object, "draws", DEFAULT_DRAWS)?;
    let seed = whole_number(object, "seed", 0)?;
    if draws == 0 || draws > u64::from(MAX_DRAWS) {
        return Err(ApiError::invalid_field(
            "draws",
            format!("must be between 1 and {MAX_DRAWS}, not {draws}"),
        ));
    }
    let result = web::block(move || shared::monte_carlo(&scenario, draws, seed))
        .await
        .map_err(ApiError::internal)?;
    match result {
        Ok(bands) => Ok(HttpResponse::Ok().json(bands)),
        Err(error) => Err(ApiError::invalid_field("draws", error.to_string())),
    }
}
