//! The planner's edits as stateless operations on a scenario sent in the body (anyone,
//! like `/projection`): transfer an amount between two programmes, set one line and
//! let the others absorb the difference, fit the unlocked lines to the envelope. The
//! model crate does the arithmetic (`shared::edit`); this module reads the body, calls
//! it and maps its answer or its refusal.

use actix_web::{HttpResponse, web};

use api::{EditedScenario, FitEnvelopeRequest, SetRequest, TransferRequest};
use serde_json::{Map, Value};
use shared::edit;
use shared::{EditError, Edited};

use crate::error::ApiError;
use crate::routes::body;

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/operations/transfer").route(web::post().to(transfer)))
        .service(web::resource("/operations/set").route(web::post().to(set)))
        .service(web::resource("/operations/fit-envelope").route(web::post().to(fit_envelope)));
}

/// The model's refusal as a 422: its English message, and its problems with their
/// field paths (those of the scenario under `scenario.`).
fn refused(error: EditError) -> ApiError {
    if let EditError::Invalid(error) = error {
        return body::under_scenario(error.into());
    }
    let mut problems = error.problems();
    if let EditError::BelowFloor {
        programme, year, ..
    } = &error
    {
        for problem in &mut problems {
            problem.programme = Some(*programme);
            problem.year = Some(*year);
        }
    }
    ApiError::Invalid {
        detail: error.to_string(),
        problems,
    }
}

fn answer(result: Result<Edited, EditError>) -> Result<HttpResponse, ApiError> {
    let edited = result.map_err(refused)?;
    Ok(HttpResponse::Ok().json(EditedScenario::from(edited)))
}

fn unit(object: &Map<String, Value>) -> Result<shared::Money, ApiError> {
    body::optional_amount(object, "unit", edit::default_unit())
}

/// Moves exactly an amount from one programme to another (anyone), in every year or
/// in one; no other line moves. Refused when the programme the money leaves would go
/// below its floor (the problem names the floor and the room left).
#[utoipa::path(post, path = "/api/v1/operations/transfer", tag = "operations",
    request_body(content = TransferRequest, content_type = "application/json"),
    responses((status = 200, description = "The edited scenario and what moved", body = EditedScenario), (status = 400), (status = 413), (status = 415), (status = 422)))]
pub async fn transfer(body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let (object, scenario) =
        body::with_scenario(&body, &["scenario", "from", "to", "amount", "year"])?;
    let from = body::programme_field(object, "from")?;
    let to = body::programme_field(object, "to")?;
    let amount = body::amount_field(object, "amount")?;
    let years = body::years_field(object, "year")?;
    answer(shared::transfer(&scenario, from, to, amount, years))
}

/// Sets one line (anyone), in every year or in one; the other unlocked lines absorb
/// the difference in proportion, in multiples of `unit`, floors held. Each year's
/// total stays exact to the yuan; `clamped` says when the floors left too little room.
#[utoipa::path(post, path = "/api/v1/operations/set", tag = "operations",
    request_body(content = SetRequest, content_type = "application/json"),
    responses((status = 200, description = "The edited scenario and what moved", body = EditedScenario), (status = 400), (status = 413), (status = 415), (status = 422)))]
pub async fn set(body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let (object, scenario) = body::with_scenario(
        &body,
        &["scenario", "programme", "amount", "year", "locks", "unit"],
    )?;
    let programme = body::programme_field(object, "programme")?;
    let amount = body::amount_field(object, "amount")?;
    let years = body::years_field(object, "year")?;
    let locks = body::locks_field(object, "locks")?;
    let unit = unit(object)?;
    answer(shared::set(
        &scenario, programme, amount, years, &locks, unit,
    ))
}

/// Scales the unlocked lines in proportion so that every year spends exactly its
/// envelope (anyone), in multiples of `unit`, floors held; years that already do are
/// left alone. Refused, saying by how much, when floors and locked lines alone exceed
/// the envelope.
#[utoipa::path(post, path = "/api/v1/operations/fit-envelope", tag = "operations",
    request_body(content = FitEnvelopeRequest, content_type = "application/json"),
    responses((status = 200, description = "The edited scenario and what moved", body = EditedScenario), (status = 400), (status = 413), (status = 415), (status = 422)))]
pub async fn fit_envelope(body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let (object, scenario) = body::with_scenario(&body, &["scenario", "locks", "unit"])?;
    let locks = body::locks_field(object, "locks")?;
    let unit = unit(object)?;
    answer(shared::fit_envelope(&scenario, &locks, unit))
}
