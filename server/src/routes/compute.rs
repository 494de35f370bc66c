//! Stateless computations on a scenario sent in the body: projection, optimisation,
//! Monte Carlo uncertainty. The model crate does all the arithmetic.

use actix_web::{HttpResponse, web};
use api::schema::ScenarioInput;
use api::{OptimizeRequest, UncertaintyRequest};
use serde_json::{Map, Value};
use shared::ids::PROGRAMME_COUNT;
use shared::optimise::{OptimiseError, keepable_keys};
use shared::{Aim, Draws, Money, Objective, OptimiseOptions, Problem, Scenario, Step, UnknownName};

use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::routes::body::{self, whole_number};
use crate::routes::scenario_from_json;

/// Draws when none are asked for.
pub const DEFAULT_DRAWS: u64 = 1_000;

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/projection").route(web::post().to(projection)))
        .service(web::resource("/optimize").route(web::post().to(optimize)))
        .service(web::resource("/uncertainty").route(web::post().to(uncertainty)));
}

/// The projection of a scenario sent in the body (anyone): the same JSON as
/// `planner project --json`.
#[utoipa::path(post, path = "/api/v1/projection", tag = "compute",
    request_body(content = ScenarioInput, content_type = "application/json"),
    responses((status = 200, description = "The projection", body = shared::Projection), (status = 400), (status = 413), (status = 415), (status = 422)))]
pub async fn projection(body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let scenario = scenario_from_json(body.into_inner())?;
    Ok(HttpResponse::Ok().json(shared::project(&scenario)))
}

/// The best split under an objective (viewer). Body: `{"scenario": {...},
/// "objective": "enterprises" | "attainment" | "min-cost", "step": "100000",
/// "locks": ["patents"], "min": {"patents": "15000000"}, "max": {...},
/// "keep_targets": ["park_upgrade.park_tax"] | "all"}`; the step is whole CNY
/// (default 100,000) and may take at most 1,000,000 steps to spend the envelope (422
/// beyond). The answer lists the targets the proposal breaks and every line's change;
/// bounds that cannot hold together are a 422 at the field they are in.
#[utoipa::path(post, path = "/api/v1/optimize", tag = "compute",
    request_body(content = OptimizeRequest, content_type = "application/json"),
    responses((status = 200, description = "The proposal and its KPIs", body = shared::Optimised), (status = 400), (status = 401), (status = 413), (status = 415), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn optimize(caller: Caller, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let (object, scenario) = viewer_body(
        &caller,
        &body,
        &[
            "scenario",
            "objective",
            "step",
            "locks",
            "min",
            "max",
            "keep_targets",
        ],
    )?;
    let options = OptimiseOptions {
        aim: aim(object)?,
        locks: body::locks_field(object, "locks")?,
    };
    let result = web::block(move || shared::optimise(&scenario, &options))
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(result.map_err(optimise_error)?))
}

/// The `objective`, `step`, `min`, `max` and `keep_targets` of an optimiser's or a
/// re-plan's body, each checked at its field.
pub fn aim(object: &Map<String, Value>) -> Result<Aim, ApiError> {
    let mut aim = Aim::new(objective_field(object)?);
    aim.step = step_field(object)?;
    aim.min = bounds(object, "min")?;
    aim.max = bounds(object, "max")?;
    keep_targets(object, &mut aim)?;
    Ok(aim)
}

/// The optional `objective`; enterprises when absent.
pub fn objective_field(object: &Map<String, Value>) -> Result<Objective, ApiError> {
    match object.get("objective") {
        None => Ok(Objective::Enterprises),
        Some(Value::String(text)) => text
            .parse()
            .map_err(|error: UnknownName| ApiError::invalid_field("objective", error.to_string())),
        Some(other) => Err(ApiError::invalid_field(
            "objective",
            format!("must be a string, not {other}"),
        )),
    }
}

/// A viewer's body that carries a scenario: 401 or 403 first, then
/// [`body::with_scenario`].
fn viewer_body<'a>(
    caller: &Caller,
    body: &'a Value,
    allowed: &[&str],
) -> Result<(&'a Map<String, Value>, Scenario), ApiError> {
    caller.require(Role::Viewer)?;
    body::with_scenario(body, allowed)
}

/// The optional `step`: whole CNY, the default when absent.
pub fn step_field(object: &Map<String, Value>) -> Result<Step, ApiError> {
    let step = body::optional_amount(object, "step", Step::default().get())?;
    Step::new(step).map_err(|error| ApiError::invalid_field("step", error.to_string()))
}

/// A 422 at the field an optimiser's (or re-plan's) refusal is about.
pub fn optimise_error(error: OptimiseError) -> ApiError {
    if let OptimiseError::Invalid(error) = error {
        return error.into();
    }
    let (path, programme) = match &error {
        OptimiseError::Conflict {
            field, programme, ..
        } => (field.as_str(), Some(*programme)),
        OptimiseError::BadStep(_) | OptimiseError::TooManySteps { .. } => ("step", None),
        OptimiseError::LockedLineVaries(id) => ("locks", Some(*id)),
        OptimiseError::NoOpenYears(_) => ("through", None),
        _ => ("scenario", None),
    };
    let message = error.to_string();
    ApiError::Invalid {
        detail: format!("{path}: {message}"),
        problems: vec![Problem {
            path: path.to_owned(),
            programme,
            year: None,
            message,
        }],
    }
}

/// `min` or `max`: CNY a year by programme id; none when absent.
pub fn bounds(
    object: &Map<String, Value>,
    field: &str,
) -> Result<[Option<Money>; PROGRAMME_COUNT], ApiError> {
    let mut bounds = [None; PROGRAMME_COUNT];
    let Some(value) = object.get(field).filter(|value| !value.is_null()) else {
        return Ok(bounds);
    };
    let map = value.as_object().ok_or_else(|| {
        ApiError::invalid_field(
            field,
            format!("must be an object of CNY a year by programme id, not {value}"),
        )
    })?;
    for (key, amount) in map {
        let path = format!("{field}.{key}");
        let id = body::programme(&Value::String(key.clone()), &path)?;
        let amount = body::amount(amount, &path)?;
        if amount.is_negative() || !amount.is_whole_yuan() {
            return Err(ApiError::invalid_field(
                &path,
                format!("{amount} CNY is not a whole, non-negative number of yuan"),
            ));
        }
        bounds[id.index()] = Some(amount);
    }
    Ok(bounds)
}

/// `keep_targets`: a list of indicator keys, or `"all"`.
pub fn keep_targets(object: &Map<String, Value>, aim: &mut Aim) -> Result<(), ApiError> {
    let allowed = || format!("the keys with a target are {}", keepable_keys().join(", "));
    match object.get("keep_targets") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(all)) if all == "all" => {
            aim.keep_all();
            Ok(())
        }
        Some(Value::Array(keys)) => {
            for (index, key) in keys.iter().enumerate() {
                let kept = key.as_str().is_some_and(|key| aim.keep_target(key));
                if !kept {
                    return Err(ApiError::invalid_field(
                        &format!("keep_targets[{index}]"),
                        format!("not an indicator with a target: {key}; {}", allowed()),
                    ));
                }
            }
            Ok(())
        }
        Some(other) => Err(ApiError::invalid_field(
            "keep_targets",
            format!(
                "must be a list of indicator keys or \"all\", not {other}; {}",
                allowed()
            ),
        )),
    }
}

/// Monte Carlo bands of every indicator and KPI (viewer). Body: `{"scenario": {...},
/// "draws": 1000, "seed": 0}`; draws from 1 to 200,000 (422 beyond).
#[utoipa::path(post, path = "/api/v1/uncertainty", tag = "compute",
    request_body(content = UncertaintyRequest, content_type = "application/json"),
    responses((status = 200, description = "Uncertainty bands", body = shared::Uncertainty), (status = 400), (status = 401), (status = 413), (status = 415), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn uncertainty(caller: Caller, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let (object, scenario) = viewer_body(&caller, &body, &["scenario", "draws", "seed"])?;
    let draws = whole_number(object, "draws", DEFAULT_DRAWS)?;
    let draws =
        Draws::new(draws).map_err(|error| ApiError::invalid_field("draws", error.to_string()))?;
    let seed = whole_number(object, "seed", 0)?;
    let bands = web::block(move || shared::monte_carlo(&scenario, draws, seed))
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(bands))
}
