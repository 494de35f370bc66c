//! Chart images and the briefing document of a stored scenario (or, for charts, of a
//! scenario sent in the body): the same charts as in the browser, drawn by
//! [`crate::render`], and the PDF laid out by [`crate::brief`]. Rendering runs on the
//! blocking pool so it never stalls the server's event loop.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::Value;
use shared::plan::Lang;
use shared::{IndicatorKey, Scenario, UnknownName};

use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::render::{self, Chart, Format};
use crate::routes::call::{ById, ByPair};
use crate::routes::scenario_from_json;
use crate::routes::scenarios::load_scenario;
use crate::startup::AppState;

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/scenarios/{id}/charts/{file}").route(web::get().to(stored_chart)))
        .service(web::resource("/charts/{file}").route(web::post().to(posted_chart)))
        .service(web::resource("/scenarios/{id}/briefing.pdf").route(web::get().to(briefing)));
}

/// `?lang=en&width=…&height=…&scale=…&compare={id}&indicator=programme.indicator`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartQuery {
    /// zh (default) or en.
    pub lang: Option<String>,
    /// Width in pixels, 200 to 4000.
    pub width: Option<u32>,
    /// Height in pixels, 200 to 4000.
    pub height: Option<u32>,
    /// Multiplies width and height, 0.25 to 4.
    pub scale: Option<f64>,
    /// Another stored scenario to compare with instead of the plan baseline.
    pub compare: Option<String>,
    /// Trajectory chart: the indicator, as `programme.indicator`.
    pub indicator: Option<String>,
}

/// `?lang=`: zh when absent; a 400 naming the allowed values otherwise.
pub(crate) fn lang(text: Option<&str>) -> Result<Lang, ApiError> {
    match text {
        None => Ok(Lang::Zh),
        Some(text) => text
            .parse()
            .map_err(|error: UnknownName| ApiError::BadRequest(error.to_string())),
    }
}

fn chart_and_format(file: &str) -> Result<(Chart, Format), ApiError> {
    let (name, extension) = file.rsplit_once('.').ok_or_else(|| {
        ApiError::NotFound(format!("no chart `{file}`; ask for NAME.svg or NAME.png"))
    })?;
    let format = Format::parse(extension).ok_or_else(|| {
        ApiError::NotFound(format!(
            "no chart format `{extension}`: use {}",
            Format::allowed()
        ))
    })?;
    let chart = Chart::parse(name).ok_or_else(|| {
        ApiError::NotFound(format!("no chart `{name}`: use {}", Chart::allowed()))
    })?;
    Ok((chart, format))
}

fn size(query: &ChartQuery) -> Result<(u32, u32), ApiError> {
    let scale = query.scale.unwrap_or(1.0);
    if !(0.25..=4.0).contains(&scale) {
        return Err(ApiError::BadRequest(format!(
            "scale must be between 0.25 and 4, not {scale}"
        )));
    }
    let width = (f64::from(query.width.unwrap_or(render::DEFAULT_SIZE.0)) * scale).round() as u32;
    let height = (f64::from(query.height.unwrap_or(render::DEFAULT_SIZE.1)) * scale).round() as u32;
    let (low, high) = render::SIDE;
    if !(low..=high).contains(&width) || !(low..=high).contains(&height) {
        return Err(ApiError::BadRequest(format!(
            "the image would be {width}×{height} pixels; each side must be between {low} and {high}"
        )));
    }
    Ok((width, height))
}

fn indicator(text: Option<&str>) -> Result<usize, ApiError> {
    match text {
        None => Ok(render::default_indicator()),
        Some(text) => IndicatorKey::parse(text)
            .map(IndicatorKey::slot)
            .map_err(|error| ApiError::BadRequest(error.to_string())),
    }
}

/// The stored scenario `id` and, when `compare` names one, the other stored scenario.
async fn with_compared(
    state: &AppState,
    id: &str,
    compare: Option<&str>,
) -> Result<(Scenario, Option<Scenario>), ApiError> {
    let scenario = load_scenario(state, id).await?;
    let compare = match compare {
        Some(other) => Some(load_scenario(state, other).await?),
        None => None,
    };
    Ok((scenario, compare))
}

async fn draw(
    scenario: Scenario,
    compare: Option<Scenario>,
    file: &str,
    query: &ChartQuery,
) -> Result<HttpResponse, ApiError> {
    let (chart, format) = chart_and_format(file)?;
    let lang = lang(query.lang.as_deref())?;
    let (width, height) = size(query)?;
    let indicator = indicator(query.indicator.as_deref())?;
    let (bytes, media_type) = web::block(move || {
        let request = render::Request {
            width,
            height,
            indicator,
            ..render::Request::new(chart, &scenario, compare.as_ref(), lang)
        };
        render::render(&request, format)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, media_type))
        .insert_header((header::CACHE_CONTROL, "private, max-age=60"))
        .body(bytes))
}

/// A chart of a stored scenario as SVG or PNG (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/charts/{file}", tag = "documents",
    params(("id" = i64, Path, description = "Scenario id"),
           ("file" = String, Path, description = "attainment|allocation|trajectory|uncertainty|tornado, then .svg or .png"),
           ("lang" = Option<String>, Query, pattern = "^([Zz][Hh]([-_][Cc][Nn])?|[Cc][Nn]|[Ee][Nn](-[Gg][Bb]|-[Uu][Ss])?)$", description = "zh (default) or en"),
           ("width" = Option<u32>, Query, description = "pixels, 200 to 4000, default 1200"),
           ("height" = Option<u32>, Query, description = "pixels, 200 to 4000, default 700"),
           ("scale" = Option<f64>, Query, description = "multiplies width and height, 0.25 to 4"),
           ("compare" = Option<i64>, Query, description = "compare with this stored scenario instead of the baseline"),
           ("indicator" = Option<String>, Query, description = "trajectory: programme.indicator")),
    responses((status = 200, description = "image/svg+xml or image/png"), (status = 400), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn stored_chart(call: ByPair<web::Query<ChartQuery>>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let (id, file) = &*call.path;
    let (scenario, compare) = with_compared(&call.state, id, call.query.compare.as_deref()).await?;
    draw(scenario, compare, file, &call.query).await
}

/// A chart of a scenario sent in the body (file format) as SVG or PNG (viewer).
#[utoipa::path(post, path = "/api/v1/charts/{file}", tag = "documents",
    params(("file" = String, Path, description = "attainment|allocation|trajectory|uncertainty|tornado, then .svg or .png")),
    request_body(content = api::schema::ScenarioInput, content_type = "application/json"),
    responses((status = 200, description = "image/svg+xml or image/png"), (status = 400), (status = 401), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn posted_chart(
    caller: Caller,
    file: web::Path<String>,
    query: web::Query<ChartQuery>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    if query.compare.is_some() {
        return Err(ApiError::BadRequest(
            "compare names a stored scenario; use GET /scenarios/{id}/charts/… for comparisons"
                .to_owned(),
        ));
    }
    let scenario = scenario_from_json(body.into_inner())?;
    draw(scenario, None, &file, &query).await
}

/// `?compare={id}&lang=en`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingQuery {
    /// Another stored scenario to compare with.
    pub compare: Option<String>,
    /// zh (default) or en.
    pub lang: Option<String>,
}

/// The briefing of a stored scenario as an A4 landscape PDF (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/briefing.pdf", tag = "documents",
    params(("id" = i64, Path, description = "Scenario id"),
           ("compare" = Option<i64>, Query, description = "compare with this stored scenario"),
           ("lang" = Option<String>, Query, pattern = "^([Zz][Hh]([-_][Cc][Nn])?|[Cc][Nn]|[Ee][Nn](-[Gg][Bb]|-[Uu][Ss])?)$", description = "zh (default) or en")),
    responses((status = 200, description = "application/pdf"), (status = 400), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn briefing(call: ById<web::Query<BriefingQuery>>) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Viewer)?;
    let lang = lang(call.query.lang.as_deref())?;
    let (scenario, compare) =
        with_compared(&call.state, &call.path, call.query.compare.as_deref()).await?;
    // Whenever a year has actuals, the briefing carries the execution through the last
    // such year, planned by the adopted year plans: the same body as `/execution`.
    let stored = crate::execution::Stored::read(&call.state.store).await?;
    let bytes = web::block(move || {
        let executed = stored
            .last_reported()
            .map(|through| stored.execution(&scenario, through, false));
        crate::brief::pdf(&crate::brief::Briefing {
            scenario: &scenario,
            compare: compare.as_ref(),
            author: actor,
            date: crate::brief::today(),
            lang,
            execution: executed.as_ref(),
        })
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/pdf"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"briefing.pdf\"",
        ))
        .body(bytes))
}
