//! The Excel workbook of a stored scenario (viewer) or of a scenario sent in the body
//! (anyone, like the projection), laid out by [`crate::workbook`] on the blocking pool.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::Value;
use shared::Scenario;
use shared::plan::Lang;

use crate::auth::Role;
use crate::error::ApiError;
use crate::routes::call::ById;
use crate::routes::documents;
use crate::routes::scenario_from_json;
use crate::routes::scenarios::load_scenario;
use crate::workbook::{self, MEDIA_TYPE};

/// What `?compare=` names when it is not a stored scenario's id.
pub const BASELINE: &str = "baseline";

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/scenarios/{id}/workbook.xlsx").route(web::get().to(stored)))
        .service(web::resource("/workbook.xlsx").route(web::post().to(posted)));
}

/// `?lang=zh|en&compare=baseline|{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkbookQuery {
    /// zh (default) or en.
    pub lang: Option<String>,
    /// `baseline`, or (for a stored scenario) another stored scenario's id.
    pub compare: Option<String>,
}

async fn respond(
    scenario: Scenario,
    compare: Option<Scenario>,
    lang: Lang,
    stem: String,
) -> Result<HttpResponse, ApiError> {
    let bytes = web::block(move || {
        workbook::write(&workbook::Request {
            scenario: &scenario,
            compare: compare.as_ref(),
            lang,
        })
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, MEDIA_TYPE))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{}\"",
                workbook::file_name(&stem, lang)
            ),
        ))
        .body(bytes))
}

/// The workbook of a stored scenario (viewer): allocations in 万元 with `SUM` totals
/// and the envelope check, projections, assumptions, and a comparison when asked.
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/workbook.xlsx", tag = "documents",
    params(("id" = i64, Path, description = "Scenario id"),
           ("lang" = Option<String>, Query, pattern = "^([Zz][Hh]([-_][Cc][Nn])?|[Cc][Nn]|[Ee][Nn](-[Gg][Bb]|-[Uu][Ss])?)$", description = "zh (default) or en: every sheet name, header and label"),
           ("compare" = Option<String>, Query, description = "`baseline` or a stored scenario's id: adds the comparison sheet")),
    responses((status = 200, description = "An XLSX workbook with the sheets allocations, projections, assumptions (资金安排, 预测, 假设) and, with `compare`, comparison (对比)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 400), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn stored(call: ById<web::Query<WorkbookQuery>>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let lang = documents::lang(call.query.lang.as_deref())?;
    let scenario = load_scenario(&call.state, &call.path).await?;
    let compare = match call.query.compare.as_deref() {
        None => None,
        Some(BASELINE) => Some(Scenario::baseline()),
        Some(other) => Some(load_scenario(&call.state, other).await?),
    };
    respond(scenario, compare, lang, format!("scenario-{}", call.path)).await
}

/// The workbook of a scenario sent in the body (anyone; the body and its 422s are the
/// projection's).
#[utoipa::path(post, path = "/api/v1/workbook.xlsx", tag = "documents",
    params(("lang" = Option<String>, Query, pattern = "^([Zz][Hh]([-_][Cc][Nn])?|[Cc][Nn]|[Ee][Nn](-[Gg][Bb]|-[Uu][Ss])?)$", description = "zh (default) or en"),
           ("compare" = Option<String>, Query, pattern = "^baseline$", description = "`baseline`: adds the comparison sheet")),
    request_body(content = api::schema::ScenarioInput, content_type = "application/json"),
    responses((status = 200, description = "An XLSX workbook, as for a stored scenario", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 400), (status = 413), (status = 415), (status = 422)))]
pub async fn posted(
    query: web::Query<WorkbookQuery>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let lang = documents::lang(query.lang.as_deref())?;
    let compare = match query.compare.as_deref() {
        None => None,
        Some(BASELINE) => Some(Scenario::baseline()),
        Some(_) => {
            return Err(ApiError::BadRequest(format!(
                "compare may only be `{BASELINE}` here; use GET /scenarios/{{id}}/workbook.xlsx?compare={{other}} to compare stored scenarios"
            )));
        }
    };
    let scenario = scenario_from_json(body.into_inner())?;
    respond(scenario, compare, lang, "workbook".to_owned()).await
}
