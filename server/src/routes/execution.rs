//! A stored scenario's execution and re-plan: `GET /scenarios/{id}/execution` (what
//! was planned, spent and achieved, and the re-forecast) and
//! `POST /scenarios/{id}/replan` (the open years re-optimised from the actuals).
//!
//! Both read the year plans and actuals from the store ([`crate::execution`]); the
//! model does the arithmetic. The re-plan's scenario is not stored: the page accepts it
//! as a new draft by `POST /scenarios`, so a re-plan never changes what is saved.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::Value;
use shared::Year;
use shared::replan::{CarryOver, ReplanOptions};

use crate::auth::Role;
use crate::error::ApiError;
use crate::execution::{Stored, replan_answer};
use crate::routes::body::object;
use crate::routes::call::ById;
use crate::routes::compute::{aim, optimise_error};
use crate::routes::scenarios::load_scenario;

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/scenarios/{id}/execution").route(web::get().to(execution)))
        .service(web::resource("/scenarios/{id}/replan").route(web::post().to(replan)));
}

/// `?through=&calibrate=` of the execution.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExecutionQuery {
    /// The last closed year; default: the last year with actuals.
    pub through: Option<String>,
    /// Re-estimate each curve's cost multiplier from the closed years.
    pub calibrate: Option<bool>,
}

/// `through` as given (a plan year) or the last year with actuals.
pub fn through(given: Option<&Value>, stored: &Stored) -> Result<Year, ApiError> {
    let invalid = |message: String| ApiError::invalid_field("through", message);
    match given {
        None | Some(Value::Null) => stored.last_reported().ok_or_else(|| {
            invalid(
                "no year has actuals yet, so no year is closed: store a year's actuals or give `through`"
                    .to_owned(),
            )
        }),
        Some(value) => value
            .as_u64()
            .or_else(|| value.as_str().and_then(|text| text.parse().ok()))
            .and_then(|number| u16::try_from(number).ok())
            .and_then(Year::from_number)
            .ok_or_else(|| {
                invalid(format!(
                    "must be a plan year from {} to {}, not {value}",
                    Year::ALL[0],
                    Year::ALL[Year::ALL.len() - 1]
                ))
            }),
    }
}

/// The execution of a stored scenario through a closed year (viewer): per indicator
/// and year the planned amount (the adopted year plan's where there is one), the money
/// spent, 执行率, planned and actual output, the forecast of the open years, what is
/// achieved and the re-forecast against the target; the KPIs re-forecast; the
/// roll-up per responsible department; with `calibrate=true` the cost multipliers
/// re-estimated from the closed years (clamping reported).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/execution", tag = "execution",
    params(("id" = i64, Path, description = "Scenario id"),
           ("through" = Option<u16>, Query, minimum = 2017, maximum = 2020, description = "The last closed year; default the last year with actuals"),
           ("calibrate" = Option<bool>, Query, description = "Re-estimate cost multipliers from the closed years (default false)")),
    responses((status = 200, description = "The execution and re-forecast", body = shared::execution::Execution), (status = 400), (status = 401), (status = 404),
              (status = 422, description = "`through` is not a plan year, or no year has actuals")),
    security(("bearer" = []), ("session" = [])))]
pub async fn execution(call: ById<web::Query<ExecutionQuery>>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let scenario = load_scenario(&call.state, &call.path).await?;
    let stored = Stored::read(&call.state.store).await?;
    let given = call.query.through.clone().map(Value::String);
    let through = through(given.as_ref(), &stored)?;
    let calibrate = call.query.calibrate.unwrap_or(false);
    let executed = web::block(move || stored.execution(&scenario, through, calibrate))
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(executed))
}

/// `carry_over`: `next_year`, `spread` or `lapse` (default: by the plan, a year's
/// money is that year's, so it lapses).
fn carry_over(value: Option<&Value>) -> Result<CarryOver, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(CarryOver::Lapse),
        Some(Value::String(text)) => text.parse().map_err(|error: shared::UnknownName| {
            ApiError::invalid_field("carry_over", error.to_string())
        }),
        Some(other) => Err(ApiError::invalid_field(
            "carry_over",
            format!("must be {}, not {other}", CarryOver::allowed()),
        )),
    }
}

/// Re-plans the open years of a stored scenario from the actuals (planner): body
/// `{"through": 2018, "objective": "enterprises" | "attainment" | "min-cost",
/// "carry_over": "next_year" | "spread" | "lapse", "keep_targets": [...] | "all",
/// "min": {...}, "max": {...}, "step": "100000"}`, every field optional (`through`:
/// the last year with actuals; `carry_over`: lapse). The closed years are fixed at
/// their actual spending; each open year may get a different split. The answer is the
/// draft scenario, its projection and every (year, programme) change; it is NOT
/// stored — `POST /scenarios` it to keep it as a new draft.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/replan", tag = "execution",
    params(("id" = i64, Path, description = "Scenario id")),
    request_body(content = api::ReplanRequest, content_type = "application/json"),
    responses((status = 200, description = "The re-plan: draft scenario, projection and changes", body = api::ReplanBody), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "A field that does not read, bounds that cannot hold, or no open year")),
    security(("bearer" = []), ("session" = [])))]
pub async fn replan(call: ById, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Planner)?;
    let object = object(
        &body,
        &[
            "through",
            "objective",
            "carry_over",
            "keep_targets",
            "min",
            "max",
            "step",
        ],
    )?;
    let options = ReplanOptions {
        aim: aim(object)?,
        carry_over: carry_over(object.get("carry_over"))?,
    };
    let scenario = load_scenario(&call.state, &call.path).await?;
    let stored = Stored::read(&call.state.store).await?;
    let through = through(object.get("through"), &stored)?;
    let answer = web::block(move || replan_answer(&scenario, &stored, through, &options))
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(answer.map_err(optimise_error)?))
}
