//! The plan years: `GET /years` (each year's plan and actuals state), the year plans
//! (`GET`/`POST /years/{year}/plan`) and a year's assessment
//! (`GET /years/{year}/assessment`).

use actix_web::{HttpResponse, web};
use api::{AdoptBody, AssessmentBasis, List, ScenarioId, YearAssessment, YearPlan, YearState};
use serde::Deserialize;
use shared::Year;

use crate::auth::{Caller, Role};
use crate::domain::execution::may_adopt;
use crate::error::ApiError;
use crate::execution::{Stored, basis};
use crate::routes::body::Typed;
use crate::routes::call::ByYear;
use crate::routes::views;
use crate::startup::AppState;
use crate::storage::entities::year_plan;
use crate::storage::{AdoptOutcome, NewYearPlan};

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/years").route(web::get().to(years)))
        .service(
            web::resource("/years/{year}/plan")
                .route(web::get().to(get_plan))
                .route(web::post().to(adopt)),
        )
        .service(web::resource("/years/{year}/assessment").route(web::get().to(assessment)));
}

/// A plan year in a path: 422 naming `year` when it is not 2017–2020.
pub fn path_year(text: &str) -> Result<Year, ApiError> {
    Year::parse(text).ok_or_else(|| {
        ApiError::invalid_field(
            "year",
            format!(
                "`{text}` is not a plan year: use {} to {}",
                Year::ALL[0],
                Year::ALL[Year::ALL.len() - 1]
            ),
        )
    })
}

/// The four plan years: each one's adopted plan and the state of its actuals (viewer).
#[utoipa::path(get, path = "/api/v1/years", tag = "execution",
    responses((status = 200, description = "The four plan years, in order", body = List<YearState>), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn years(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let stored = Stored::read(&state.store).await?;
    Ok(HttpResponse::Ok().json(List {
        items: stored.states(),
    }))
}

/// The year's adopted plan (viewer); 404 when none is adopted.
#[utoipa::path(get, path = "/api/v1/years/{year}/plan", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020")),
    responses((status = 200, description = "The year plan", body = YearPlan), (status = 401), (status = 404), (status = 422, description = "Not a plan year")),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_plan(call: ByYear) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let year = path_year(&call.path)?;
    let plan = call
        .state
        .store
        .of_year::<year_plan::Entity>(year)
        .await?
        .and_then(|row| views::year_plan(&row))
        .ok_or_else(|| ApiError::NotFound(format!("no plan is adopted for {year} yet")))?;
    Ok(HttpResponse::Ok().json(plan))
}

/// Adopts an approved scenario as the year's plan (approver): its allocation for the
/// year is frozen as the year plan. Adopting again replaces the plan until the year's
/// actuals are final (409 then). Audit-logged.
#[utoipa::path(post, path = "/api/v1/years/{year}/plan", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020")),
    request_body(content = AdoptBody, content_type = "application/json"),
    responses((status = 200, description = "The year plan adopted", body = YearPlan), (status = 401), (status = 403),
              (status = 404, description = "No such scenario"),
              (status = 409, description = "The scenario is not approved, or the year's actuals are final"), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn adopt(call: ByYear, body: Typed<AdoptBody>) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Approver)?;
    let year = path_year(&call.path)?;
    let id = body.scenario;
    let row = call
        .state
        .store
        .scenario(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no scenario has the id {id}")))?;
    let scenario = call.state.parsed.get(&row.body, id)?;
    let allocations = views::year_allocation(&scenario, year);
    let text = serde_json::to_string(&allocations).map_err(ApiError::internal)?;
    let outcome = call
        .state
        .store
        .adopt_year_plan(
            NewYearPlan {
                year,
                scenario_id: id.0,
                scenario_revision: row.revision,
                allocations: &text,
                actor: &actor,
            },
            |actuals| may_adopt(year, row.status, actuals),
        )
        .await?;
    match outcome {
        AdoptOutcome::Adopted { plan, .. } => {
            let plan = views::year_plan(&plan)
                .ok_or_else(|| ApiError::internal("an adopted plan does not read back"))?;
            Ok(HttpResponse::Ok().json(plan))
        }
        AdoptOutcome::Refused(refusal) => Err(refusal.into()),
    }
}

/// `?scenario=ID` of the assessment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentQuery {
    /// Assess against this stored scenario instead of the year plan's.
    pub scenario: Option<String>,
}

/// The assessment of a year with actuals (viewer): per programme and indicator the
/// year plan's amount, the money spent, 执行率, planned and actual output, attainment,
/// cost per unit and status, rolled up per responsible department. The plan of each
/// year is its adopted year plan, else the basis scenario's allocation; the basis is
/// `?scenario=`, else the scenario the year's plan was adopted from, else the most
/// recently approved scenario, else the plan's baseline.
#[utoipa::path(get, path = "/api/v1/years/{year}/assessment", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020"),
           ("scenario" = Option<i64>, Query, description = "Assess against this stored scenario")),
    responses((status = 200, description = "The assessment and the scenario it was made against", body = YearAssessment), (status = 400), (status = 401),
              (status = 404, description = "No actuals for the year, or no such scenario"), (status = 422, description = "Not a plan year")),
    security(("bearer" = []), ("session" = [])))]
pub async fn assessment(
    call: ByYear<web::Query<AssessmentQuery>>,
) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let year = path_year(&call.path)?;
    let named = call
        .query
        .scenario
        .as_deref()
        .map(crate::routes::scenario_id)
        .transpose()?;
    Ok(HttpResponse::Ok().json(year_assessment(&call.state.store, year, named).await?))
}

/// The assessment `GET /years/{year}/assessment` answers and `planner assess --json`
/// prints.
pub async fn year_assessment(
    store: &crate::storage::Store,
    year: Year,
    named: Option<ScenarioId>,
) -> Result<YearAssessment, ApiError> {
    let stored = Stored::read(store).await?;
    if stored.actuals.year(year).is_none() {
        return Err(ApiError::NotFound(format!(
            "no actuals are stored for {year}: PUT /api/v1/actuals/{year} or import a file first"
        )));
    }
    let basis = basis(store, &stored, year, named).await?;
    let planned = stored.planned(&basis.scenario);
    let assessment =
        shared::execution::assess_with_history(&planned, &basis.scenario, year, &stored.actuals)
            .ok_or_else(|| ApiError::internal("the year's actuals vanished"))?;
    Ok(YearAssessment {
        basis: AssessmentBasis {
            scenario: basis.id,
            name: basis.scenario.name().to_owned(),
            chosen: basis.chosen.as_str().to_owned(),
        },
        assessment,
    })
}
