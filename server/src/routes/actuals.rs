//! A year's actuals (年终考核 data): read (JSON, CSV, XLSX), written with `If-Match`
//! as scenarios are, imported from a CSV or XLSX file, and their revisions.
//!
//! Planners write provisional actuals; marking them final or changing final ones
//! needs an approver ([`crate::domain::execution`]); viewers read. Every change is a
//! revision and an audit entry. The file layout is [`api::actuals_file`]'s.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use api::{ImportQuery, Page, Revision, StoredActuals, take_actuals_meta};
use serde_json::{Map, Value};
use shared::execution::YearActuals;
use shared::{Lang, Problem, Year};

use crate::auth::{Caller, Role};
use crate::domain::execution::may_write_actuals;
use crate::error::ApiError;
use crate::routes::call::ByYear;
use crate::routes::years::path_year;
use crate::routes::{Paging, etag, if_match, not_modified, views};
use crate::startup::AppState;
use crate::storage::entities::actual;
use crate::storage::{Expected, PutOutcome};

/// The media type of an XLSX workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Mounts the resources. `/actuals/2017.csv` and `/actuals/2017.xlsx` are one path
/// segment like `/actuals/2017`, told apart by its suffix; their own resource (GET only)
/// comes first, so any other method there is a 405 with `Allow: GET`.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(r"/actuals/{year:[^/]+\.(?:csv|xlsx)}").route(web::get().to(get)))
        .service(
            web::resource("/actuals/{year}")
                .route(web::get().to(get))
                .route(web::put().to(put)),
        )
        .service(web::resource("/actuals/{year}/revisions").route(web::get().to(revisions)))
        .service(web::resource("/actuals/{year}/import").route(web::post().to(import)));
}

/// What a `GET /actuals/…` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Json,
    Csv,
    Xlsx,
}

fn form(segment: &str) -> Result<(Year, Form), ApiError> {
    let (year, form) = if let Some(year) = segment.strip_suffix(".csv") {
        (year, Form::Csv)
    } else if let Some(year) = segment.strip_suffix(".xlsx") {
        (year, Form::Xlsx)
    } else {
        (segment, Form::Json)
    };
    Ok((path_year(year)?, form))
}

fn stale(year: Year, current: Option<Revision>) -> ApiError {
    ApiError::PreconditionFailed(match current {
        Some(current) => format!(
            "the {year} actuals changed since you read them (now {}); GET them again, reapply your change and send the new ETag",
            etag(current)
        ),
        None => format!(
            "no actuals are stored for {year}, so `If-Match` names none: send `If-Match: *` or none to store the first"
        ),
    })
}

/// A year's actuals (viewer): JSON with its `ETag`, or the file layout at
/// `/actuals/{year}.csv` and `/actuals/{year}.xlsx` (a blank form when the year has
/// none yet).
#[utoipa::path(get, path = "/api/v1/actuals/{year}", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020")),
    responses((status = 200, description = "The year's actuals and their read-only fields", body = StoredActuals), (status = 304, description = "Not modified"), (status = 401),
              (status = 404, description = "No actuals for the year"), (status = 422, description = "Not a plan year")),
    security(("bearer" = []), ("session" = [])))]
pub async fn get(call: ByYear) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let (year, form) = form(&call.path)?;
    let row = call.state.store.of_year::<actual::Entity>(year).await?;
    let tag = row.as_ref().map(|row| etag(row.current_revision()));
    if let Some(current) = tag
        .as_deref()
        .and_then(|tag| not_modified(&call.request, tag))
    {
        return Ok(current);
    }
    let stored = row.as_ref().map(views::stored_actuals).transpose()?;
    let mut response = HttpResponse::Ok();
    if let Some(tag) = tag {
        response.insert_header((header::ETAG, tag));
    }
    let actuals = stored.as_ref().map(|stored| &stored.actuals);
    match form {
        Form::Json => {
            let stored = stored.ok_or_else(|| {
                ApiError::NotFound(format!("no actuals are stored for {year} yet"))
            })?;
            Ok(response.json(stored))
        }
        Form::Csv => Ok(response
            .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header(attachment(year, "csv"))
            .body(api::actuals_file::actuals_csv(actuals))),
        Form::Xlsx => {
            let bytes = crate::xlsx::write(&api::actuals_file::actuals_rows(actuals))
                .map_err(ApiError::internal)?;
            Ok(response
                .insert_header((header::CONTENT_TYPE, XLSX))
                .insert_header(attachment(year, "xlsx"))
                .body(bytes))
        }
    }
}

fn attachment(year: Year, extension: &str) -> (header::HeaderName, String) {
    (
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"actuals-{year}.{extension}\""),
    )
}

/// The `CSV` download (viewer), described on its own path.
#[utoipa::path(get, path = "/api/v1/actuals/{year}.csv", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020")),
    responses((status = 200, description = "UTF-8 with a byte-order mark; header programme,name_zh,name_en,spent_cny,indicator,indicator_zh,indicator_en,outcome; one row per programme and indicator in plan order (blank when not reported)", content_type = "text/csv", body = String),
              (status = 401), (status = 422, description = "Not a plan year")),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_csv() {}

/// The `XLSX` download (viewer): the CSV's columns on one sheet.
#[utoipa::path(get, path = "/api/v1/actuals/{year}.xlsx", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020")),
    responses((status = 200, description = "An XLSX workbook with the CSV's columns on the sheet `actuals`", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 401), (status = 422, description = "Not a plan year")),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_xlsx() {}

/// Stores `actuals` as the year's, as `caller` (role checked by the rules against
/// what is stored), conditional on `expected`; the stored actuals with their `ETag`,
/// 201 for the year's first.
async fn store(
    state: &AppState,
    caller: &Caller,
    year: Year,
    expected: Expected,
    actuals: &YearActuals,
) -> Result<HttpResponse, ApiError> {
    let (actor, role) = caller.authorise(Role::Planner)?;
    let outcome = state
        .store
        .put_actuals(year, expected, actuals, &actor, |current| {
            may_write_actuals(year, current, actuals.status, role)
        })
        .await?;
    let (row, mut response) = match outcome {
        PutOutcome::Created(row) => (row, HttpResponse::Created()),
        PutOutcome::Saved(row) => (row, HttpResponse::Ok()),
        PutOutcome::Unconditional(current) => {
            return Err(ApiError::PreconditionRequired(format!(
                "the {year} actuals exist: send `If-Match: {}` (the ETag of your last GET) so no one else's change is overwritten",
                etag(current)
            )));
        }
        PutOutcome::Stale(current) => return Err(stale(year, current)),
        PutOutcome::Refused(refusal) => return Err(refusal.into()),
    };
    Ok(response
        .insert_header((header::ETAG, etag(row.current_revision())))
        .json(views::stored_actuals(&row)?))
}

/// What the request's `If-Match` expects.
fn expected(request: &HttpRequest) -> Result<Expected, ApiError> {
    if request.headers().contains_key(header::IF_MATCH) {
        Ok(Expected::Stated(if_match(request)?))
    } else {
        Ok(Expected::Unstated)
    }
}

/// Replaces a year's actuals (planner; `final`, or a change of final actuals,
/// approver). `If-Match` with the ETag read; `*` or none for the year's first. Body
/// `{"status": "provisional" | "final", "source", "note", "programmes": {"<programme
/// id>": {"spent": "<CNY>", "outcomes": {"<indicator id>": <number>}}}}` (the
/// read-only fields of a GET may be sent too and are ignored); every mistake is a 422
/// naming its field, and nothing is stored.
#[utoipa::path(put, path = "/api/v1/actuals/{year}", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020"), ("If-Match" = Option<String>, Header, description = "ETag of the revision edited; `*` or none for the year's first actuals")),
    request_body(content = api::schema::ActualsInput, content_type = "application/json"),
    responses((status = 200, description = "Saved as the next revision", body = StoredActuals), (status = 201, description = "The year's first actuals", body = StoredActuals),
              (status = 401), (status = 403, description = "Marking final, or changing final actuals, needs an approver"), (status = 412), (status = 422), (status = 428)),
    security(("bearer" = []), ("session" = [])))]
pub async fn put(call: ByYear, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Planner)?;
    let year = path_year(&call.path)?;
    let expected = expected(&call.request)?;
    let mut body = body.into_inner();
    if let Some(object) = body.as_object_mut() {
        take_actuals_meta(object);
    }
    let actuals = YearActuals::from_value(&body).map_err(actuals_invalid)?;
    store(&call.state, &call.caller, year, expected, &actuals).await
}

/// The 422 of actuals that do not read: every problem with its field path.
fn actuals_invalid(error: shared::ScenarioError) -> ApiError {
    let detail = match error.problems.as_slice() {
        [one] => format!("the actuals are invalid: {one}"),
        problems => format!(
            "the actuals have {} problems; each is listed with its field path or line",
            problems.len()
        ),
    };
    ApiError::Invalid {
        detail,
        problems: error.problems,
    }
}

/// Imports a year's actuals from a file in the download's layout (planner; `final`
/// needs an approver): CSV (`text/csv`) or XLSX. `?status=provisional|final`
/// (default provisional), `?source=`, `?note=`; `If-Match` as for `PUT`. A bad row is
/// a 422 naming its line, and nothing is stored.
#[utoipa::path(post, path = "/api/v1/actuals/{year}/import", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020"),
           ("status" = Option<String>, Query, description = "provisional (default) or final"),
           ("source" = Option<String>, Query, description = "Where the figures come from"),
           ("note" = Option<String>, Query, description = "A note"),
           ("lang" = Option<String>, Query, pattern = "^([Zz][Hh]([-_][Cc][Nn])?|[Cc][Nn]|[Ee][Nn](-[Gg][Bb]|-[Uu][Ss])?)$", description = "en (default) or zh: the language of the problems of a file that does not read"),
           ("If-Match" = Option<String>, Header, description = "ETag of the revision replaced; `*` or none for the year's first actuals")),
    request_body(description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 200, description = "Saved as the next revision", body = StoredActuals), (status = 201, description = "The year's first actuals", body = StoredActuals),
              (status = 400), (status = 401), (status = 403), (status = 412), (status = 413), (status = 415),
              (status = 422, description = "Every problem, named by its line"), (status = 428)),
    security(("bearer" = []), ("session" = [])))]
pub async fn import(
    call: ByYear<web::Query<ImportQuery>>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    call.require(Role::Planner)?;
    let year = path_year(&call.path)?;
    let expected = expected(&call.request)?;
    let media = call
        .request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let query = call.query.clone().into_inner();
    let lang = match query.lang.as_deref() {
        None => Lang::En,
        text => super::documents::lang(text)?,
    };
    let actuals = read_file(&media, &body, import_fields(query), lang)?;
    store(&call.state, &call.caller, year, expected, &actuals).await
}

/// The `status`, `source` and `note` of an import, as the actuals body's fields.
pub fn import_fields(query: ImportQuery) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert(
        "status".to_owned(),
        Value::String(query.status.unwrap_or_else(|| "provisional".to_owned())),
    );
    for (name, value) in [("source", query.source), ("note", query.note)] {
        if let Some(value) = value {
            fields.insert(name.to_owned(), Value::String(value));
        }
    }
    fields
}

/// Reads a file of actuals: CSV (`text/csv`, UTF-8) or XLSX, by its media type; a file
/// that does not read is a 422 whose problems name their lines in `lang`.
pub fn read_file(
    media: &str,
    bytes: &[u8],
    fields: Map<String, Value>,
    lang: Lang,
) -> Result<YearActuals, ApiError> {
    let rows = match media {
        "text/csv" => {
            let text = std::str::from_utf8(bytes).map_err(|error| {
                whole_file_invalid(match lang {
                    Lang::En => format!("the CSV is not UTF-8: {error}"),
                    Lang::Zh => "CSV 文件不是 UTF-8 编码，请另存为 UTF-8 后再导入".to_owned(),
                })
            })?;
            api::actuals_file::read_csv(text).map_err(|refusal| file_invalid(&refusal, lang))?
        }
        XLSX => crate::xlsx::read(bytes).map_err(|error| match lang {
            Lang::En => actuals_invalid(error),
            Lang::Zh => whole_file_invalid("不是可读取的 Excel 工作簿（.xlsx）".to_owned()),
        })?,
        other => {
            return Err(ApiError::UnsupportedMediaType(format!(
                "import a CSV (Content-Type: text/csv) or an XLSX workbook (Content-Type: {XLSX}), not `{other}`"
            )));
        }
    };
    api::actuals_file::actuals_from_rows(&rows, fields)
        .map_err(|refusal| file_invalid(&refusal, lang))
}

/// The 422 of a file that does not read as a whole (no line to name).
fn whole_file_invalid(message: String) -> ApiError {
    ApiError::Invalid {
        detail: message.clone(),
        problems: vec![Problem::new("", message)],
    }
}

/// The 422 of a file that does not read: every problem named by its line, in `lang`;
/// the detail says the file was not imported and, for one problem, which.
fn file_invalid(refusal: &api::actuals_file::FileRefusal, lang: Lang) -> ApiError {
    let problems = refusal.problems(lang);
    let detail = match (problems.as_slice(), lang) {
        ([one], Lang::En) => format!("the file was not imported: {}", one.message),
        ([one], Lang::Zh) => format!("文件未导入：{}", one.message),
        (many, Lang::En) => format!(
            "the file was not imported: {} problems, each listed with its line",
            many.len()
        ),
        (many, Lang::Zh) => format!("文件未导入：有 {} 处问题，逐行列出", many.len()),
    };
    ApiError::Invalid { detail, problems }
}

/// A page of the year's revisions of its actuals, oldest first, each with the actuals
/// as saved (viewer).
#[utoipa::path(get, path = "/api/v1/actuals/{year}/revisions", tag = "execution",
    params(("year" = u16, Path, minimum = 2017, maximum = 2020, description = "Plan year, 2017 to 2020"),
           ("page" = Option<u64>, Query, minimum = 1, maximum = 1000000, description = "1-based page, at most 1,000,000"),
           ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 20")),
    responses((status = 200, description = "The revisions", body = Page<api::ActualsRevision>), (status = 400), (status = 401), (status = 422, description = "Not a plan year")),
    security(("bearer" = []), ("session" = [])))]
pub async fn revisions(call: ByYear<web::Query<Paging>>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let year = path_year(&call.path)?;
    let (page, per_page) = call.query.checked()?;
    let (rows, total) = call
        .state
        .store
        .actual_revisions(year, page, per_page)
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items: rows
            .iter()
            .map(views::actuals_revision)
            .collect::<Result<Vec<_>, _>>()?,
        page,
        per_page,
        total,
    }))
}
