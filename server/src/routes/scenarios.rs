//! Saved scenarios: CRUD, clone, revisions, status, allocations, projection, compare,
//! and `GET /allocations/approved`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::{Money, ProgrammeId, Scenario, Year};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::routes::openapi::{Needed, merged_object};
use crate::routes::{
    Paging, etag, if_match, not_modified, optional_if_match, scenario_from_json, scenario_id,
    wants_csv,
};
use crate::startup::AppState;
use crate::storage::entities::{scenario, scenario_revision};
use crate::storage::{NewScenario, Status, Write, timestamp};

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/scenarios")
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/scenarios/{id}")
            .route(web::get().to(get))
            .route(web::put().to(update))
            .route(web::delete().to(delete)),
    )
    .route("/scenarios/{id}/clone", web::post().to(clone))
    .route("/scenarios/{id}/status", web::post().to(set_status))
    .route("/scenarios/{id}/revisions", web::get().to(revisions))
    .route(
        "/scenarios/{id}/revisions/{revision}",
        web::get().to(revision),
    )
    .route("/scenarios/{id}/allocations", web::get().to(allocations))
    .route("/scenarios/{id}/projection", web::get().to(projection))
    .route("/scenarios/{id}/compare/{other}", web::get().to(compare))
    .route("/allocations/approved", web::get().to(approved_allocations));
}

/// Parsed stored scenarios by id, each with the exact text it was parsed from.
type ParsedCache = Mutex<HashMap<i64, (String, Arc<Scenario>)>>;
const PARSED_CACHE_MAX: usize = 1_000;

/// A stored body is untrusted too: a row that no longer parses is a server fault.
/// Parsing (with calibration) costs more than reading the row, so parsed scenarios
/// are kept; an entry is used only for the very text it was parsed from, so it can
/// never be stale.
fn parse_stored(body: &str, id: i64) -> Result<Arc<Scenario>, ApiError> {
    static CACHE: OnceLock<ParsedCache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(entries) = cache.lock()
        && let Some((text, scenario)) = entries.get(&id)
        && text == body
    {
        return Ok(Arc::clone(scenario));
    }
    let scenario = Arc::new(Scenario::from_json(body).map_err(|error| {
        ApiError::internal(format!("stored scenario {id} does not parse: {error}"))
    })?);
    if let Ok(mut entries) = cache.lock() {
        if entries.len() >= PARSED_CACHE_MAX {
            entries.clear();
        }
        entries.insert(id, (body.to_owned(), Arc::clone(&scenario)));
    }
    Ok(scenario)
}

/// A stored scenario's read-only fields: identity, status and authorship. A client may
/// send them back in a body (they are ignored), so a `GET` body can be edited and
/// `PUT` back.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioMeta {
    /// The scenario's id.
    pub id: i64,
    /// `draft`, `proposed` or `approved`.
    #[schema(value_type = Status)]
    pub status: String,
    /// The current revision; the `ETag` is `"rev-N"`.
    pub revision: i32,
    /// Who created it (`user:NAME` or `token:NAME`).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// Who saved the current revision.
    pub updated_by: String,
    /// When, RFC 3339 UTC.
    pub updated_at: String,
    /// Who approved it, once approved.
    pub approved_by: Option<String>,
    /// When, RFC 3339 UTC.
    pub approved_at: Option<String>,
}

impl ScenarioMeta {
    fn of(row: &scenario::Model) -> ScenarioMeta {
        ScenarioMeta {
            id: row.id,
            status: row.status.clone(),
            revision: row.revision,
            created_by: row.created_by.clone(),
            created_at: timestamp(row.created_at),
            updated_by: row.updated_by.clone(),
            updated_at: timestamp(row.updated_at),
            approved_by: row.approved_by.clone(),
            approved_at: row.approved_at.map(timestamp),
        }
    }
}

/// A stored scenario in a list: its name and read-only fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioSummary {
    /// Its name.
    pub name: String,
    /// Identity, status and authorship.
    #[serde(flatten)]
    pub meta: ScenarioMeta,
}

impl ScenarioSummary {
    fn of(row: &scenario::Model) -> ScenarioSummary {
        ScenarioSummary {
            name: row.name.clone(),
            meta: ScenarioMeta::of(row),
        }
    }
}

/// A stored scenario: the file format plus the read-only fields.
#[derive(Debug, Serialize)]
pub struct StoredScenario {
    /// The scenario, in the file format (its name among the fields).
    #[serde(flatten)]
    pub scenario: Arc<Scenario>,
    /// Identity, status and authorship.
    #[serde(flatten)]
    pub meta: ScenarioMeta,
}

/// The file format's fields and the read-only ones as one closed object (an `allOf` of
/// the two would accept nothing: the file format admits no unknown field). `meta`
/// says whether the read-only fields are required (a stored scenario) or may be left
/// out (a request body, where they are ignored).
fn scenario_with_meta(description: &str, meta: Needed) -> RefOr<Schema> {
    merged_object(
        description,
        &[
            (Scenario::schema(), Needed::AsDeclared),
            (ScenarioMeta::schema(), meta),
        ],
    )
}

fn scenario_with_meta_schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    <Scenario as ToSchema>::schemas(schemas);
    <ScenarioMeta as ToSchema>::schemas(schemas);
}

impl PartialSchema for StoredScenario {
    fn schema() -> RefOr<Schema> {
        scenario_with_meta(
            "A stored scenario: the scenario file format plus its id, status, revision and \
             authorship.",
            Needed::AsDeclared,
        )
    }
}

impl ToSchema for StoredScenario {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        scenario_with_meta_schemas(schemas);
    }
}

/// A scenario as a request body: the file format, and optionally the read-only fields
/// of a stored scenario, which are ignored.
pub struct ScenarioInput;

impl PartialSchema for ScenarioInput {
    fn schema() -> RefOr<Schema> {
        scenario_with_meta(
            "A scenario in the file format. The read-only fields of a stored scenario may be \
             sent too and are ignored, so a body read with GET can be edited and sent back.",
            Needed::Optional,
        )
    }
}

impl ToSchema for ScenarioInput {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        scenario_with_meta_schemas(schemas);
    }
}

/// A page of scenario summaries.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioPage {
    /// The scenarios on this page, newest first.
    pub items: Vec<ScenarioSummary>,
    /// The 1-based page.
    pub page: u64,
    /// Items a page.
    pub per_page: u64,
    /// How many match in all.
    pub total: u64,
}

/// The stored representation: the file format plus the read-only fields.
fn representation(row: &scenario::Model) -> Result<StoredScenario, ApiError> {
    Ok(StoredScenario {
        scenario: parse_stored(&row.body, row.id)?,
        meta: ScenarioMeta::of(row),
    })
}

fn found(row: &scenario::Model) -> Result<HttpResponse, ApiError> {
    let value = representation(row)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(row.revision)))
        .json(value))
}

fn created(row: &scenario::Model) -> Result<HttpResponse, ApiError> {
    let value = representation(row)?;
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(row.revision)))
        .insert_header((header::LOCATION, format!("/api/v1/scenarios/{}", row.id)))
        .json(value))
}

fn missing(id: i64) -> ApiError {
    ApiError::NotFound(format!("no scenario has the id {id}"))
}

fn stale(current: i32) -> ApiError {
    ApiError::PreconditionFailed(format!(
        "the scenario changed since you read it (now {}); GET it again, reapply your change and send the new ETag",
        etag(current)
    ))
}

/// A stored scenario, parsed (for the documents' routes).
pub async fn load_scenario(state: &AppState, id: &str) -> Result<Scenario, ApiError> {
    let row = load(state, id).await?;
    parse_stored(&row.body, row.id).map(|parsed| (*parsed).clone())
}

async fn load(state: &AppState, id: &str) -> Result<scenario::Model, ApiError> {
    let id = scenario_id(id)?;
    state.store.scenario(id).await?.ok_or_else(|| missing(id))
}

/// `?name=&page=&per_page=`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Only scenarios whose name contains this, ignoring case.
    pub name: Option<String>,
    /// 1-based page.
    pub page: Option<u64>,
    /// Items per page, at most 100.
    pub per_page: Option<u64>,
}

/// Lists scenarios, newest first (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios", tag = "scenarios",
    params(("name" = Option<String>, Query, description = "Name contains, ignoring case"),
           ("page" = Option<u64>, Query, description = "1-based page"),
           ("per_page" = Option<u64>, Query, description = "1 to 100, default 20")),
    responses((status = 200, description = "A page of scenario summaries", body = ScenarioPage), (status = 400), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let (page, per_page) = Paging {
        page: query.page,
        per_page: query.per_page,
    }
    .checked()?;
    let name = query.name.as_deref().filter(|name| !name.is_empty());
    if name.is_some_and(|name| name.chars().count() > shared::scenario::MAX_NAME_CHARS) {
        return Err(ApiError::BadRequest(
            "name is longer than any scenario's name can be".to_owned(),
        ));
    }
    if name.is_some_and(|name| name.contains('\0')) {
        return Err(ApiError::BadRequest(
            "name must not contain the NUL character".to_owned(),
        ));
    }
    let (rows, total) = state.store.scenarios(name, page, per_page).await?;
    Ok(HttpResponse::Ok().json(ScenarioPage {
        items: rows.iter().map(ScenarioSummary::of).collect(),
        page,
        per_page,
        total,
    }))
}

/// Saves a new draft (planner); 201 with `Location` and `ETag`.
#[utoipa::path(post, path = "/api/v1/scenarios", tag = "scenarios",
    request_body(content = ScenarioInput, content_type = "application/json"),
    responses((status = 201, description = "The stored scenario, with its id", body = StoredScenario), (status = 400), (status = 401), (status = 403),
              (status = 413), (status = 415), (status = 422, description = "Every problem with its field path")),
    security(("bearer" = []), ("session" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.require(Role::Planner)?;
    let scenario = scenario_from_json(body.into_inner())?;
    let text = serde_json::to_string(&scenario).map_err(ApiError::internal)?;
    let row = state
        .store
        .create_scenario(NewScenario {
            name: scenario.name(),
            body: &text,
            actor: &actor,
        })
        .await?;
    created(&row)
}

/// One scenario with its `ETag` (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    responses((status = 200, description = "The scenario in the file format plus id, status, revision and authorship", body = StoredScenario), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let row = load(&state, &id).await?;
    let tag = etag(row.revision);
    if let Some(current) = not_modified(&request, &tag) {
        return Ok(current);
    }
    found(&row)
}

/// Replaces a scenario's content (planner); needs `If-Match`. A proposed scenario
/// goes back to draft. An approved scenario is frozen: the content becomes a new
/// draft, answered with 201 and its `Location`.
#[utoipa::path(put, path = "/api/v1/scenarios/{id}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"), ("If-Match" = String, Header, description = "ETag of the revision edited")),
    request_body(content = ScenarioInput, content_type = "application/json"),
    responses((status = 200, description = "Saved as a new revision", body = StoredScenario), (status = 201, description = "The scenario was approved: saved as a new draft", body = StoredScenario),
              (status = 400), (status = 401), (status = 403), (status = 404), (status = 412), (status = 413), (status = 415), (status = 422), (status = 428)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.require(Role::Planner)?;
    let id = scenario_id(&id)?;
    let expected = if_match(&request)?;
    let scenario = scenario_from_json(body.into_inner())?;
    let text = serde_json::to_string(&scenario).map_err(ApiError::internal)?;
    let new = NewScenario {
        name: scenario.name(),
        body: &text,
        actor: &actor,
    };
    match state.store.update_scenario(id, expected, new).await? {
        Write::Done(Ok(row)) => found(&row),
        Write::Done(Err(draft)) => created(&draft),
        Write::NotFound => Err(missing(id)),
        Write::Stale(current) => Err(stale(current)),
        Write::Frozen | Write::WrongStatus(_) => {
            Err(ApiError::internal("unexpected update outcome"))
        }
    }
}

/// Deletes a scenario and its revisions (planner); needs `If-Match`; approved
/// scenarios cannot be deleted. The audit log keeps the last content.
#[utoipa::path(delete, path = "/api/v1/scenarios/{id}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"), ("If-Match" = String, Header, description = "ETag of the current revision")),
    responses((status = 204, description = "Deleted"), (status = 401), (status = 403), (status = 404), (status = 409, description = "Approved: frozen"), (status = 412), (status = 428)),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.require(Role::Planner)?;
    let id = scenario_id(&id)?;
    let expected = if_match(&request)?;
    match state.store.delete_scenario(id, expected, &actor).await? {
        Write::Done(()) => Ok(HttpResponse::NoContent().finish()),
        Write::NotFound => Err(missing(id)),
        Write::Stale(current) => Err(stale(current)),
        Write::Frozen => Err(ApiError::Conflict(
            "an approved scenario is frozen and cannot be deleted".to_owned(),
        )),
        Write::WrongStatus(_) => Err(ApiError::internal("unexpected delete outcome")),
    }
}

/// `{"name": "..."}`, optional, for a clone.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloneBody {
    /// The copy's name; default: the original's with " (copy)".
    pub name: Option<String>,
}

/// Copies a scenario into a new draft (planner); 201.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/clone", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    request_body(content = Option<CloneBody>, description = "Optional: the copy's name", content_type = "application/json"),
    responses((status = 201, description = "The new draft", body = StoredScenario), (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn clone(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.require(Role::Planner)?;
    // The body is optional, so it is parsed here rather than by the JSON extractor.
    let body: Option<CloneBody> = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(serde_json::from_slice(&body).map_err(|error| {
            if error.is_data() {
                ApiError::invalid_field("", error.to_string())
            } else {
                ApiError::BadRequest(format!("the body is not valid JSON: {error}"))
            }
        })?)
    };
    let original = load(&state, &id).await?;
    let scenario = parse_stored(&original.body, original.id)?;
    let mut draft = scenario.to_draft();
    draft.name = match body.and_then(|body| body.name) {
        Some(name) => name,
        None => {
            let copy = format!("{} (copy)", scenario.name());
            if copy.chars().count() <= shared::scenario::MAX_NAME_CHARS {
                copy
            } else {
                scenario.name().to_owned()
            }
        }
    };
    if draft.name.contains('\0') {
        return Err(ApiError::invalid_field(
            "name",
            "must not contain the NUL character",
        ));
    }
    let copy = Scenario::new(draft)?;
    let text = serde_json::to_string(&copy).map_err(ApiError::internal)?;
    match state
        .store
        .clone_scenario(original.id, copy.name(), &text, &actor)
        .await?
    {
        Some(row) => created(&row),
        None => Err(missing(original.id)),
    }
}

/// `{"status": "draft" | "proposed" | "approved"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// The status wanted.
    #[schema(value_type = Status)]
    pub status: String,
}

/// Moves a scenario through draft → proposed → approved. Planners propose and
/// withdraw (proposed → draft); only approvers approve, and only a proposed
/// scenario; an approved scenario is frozen. `If-Match` is checked when sent.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/status", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    request_body(content = StatusBody, description = "The status wanted", content_type = "application/json"),
    responses((status = 200, description = "The scenario with its new status", body = StoredScenario), (status = 401), (status = 403), (status = 404),
              (status = 409, description = "Not allowed from the current status"), (status = 412), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_status(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<String>,
    body: web::Json<StatusBody>,
) -> Result<HttpResponse, ApiError> {
    let id = scenario_id(&id)?;
    let status = Status::parse(&body.status).ok_or_else(|| {
        ApiError::invalid_field(
            "status",
            format!(
                "unknown status `{}`: expected draft, proposed or approved",
                body.status
            ),
        )
    })?;
    let (needed, from): (Role, &[Status]) = match status {
        Status::Draft => (Role::Planner, &[Status::Proposed]),
        Status::Proposed => (Role::Planner, &[Status::Draft]),
        Status::Approved => (Role::Approver, &[Status::Proposed]),
    };
    let actor = caller.require(needed)?;
    let expected = optional_if_match(&request)?;
    match state
        .store
        .set_status(id, expected, from, status, &actor)
        .await?
    {
        Write::Done(row) => found(&row),
        Write::NotFound => Err(missing(id)),
        Write::Stale(current) => Err(stale(current)),
        Write::Frozen => Err(ApiError::Conflict(
            "the scenario is approved and frozen; edit it with PUT to make a new draft from it"
                .to_owned(),
        )),
        Write::WrongStatus(current) => Err(ApiError::Conflict(format!(
            "a {current} scenario cannot become {}; {}",
            status.as_str(),
            match status {
                Status::Approved => "propose it first",
                Status::Proposed => "it is already proposed",
                Status::Draft => "it is already a draft",
            }
        ))),
    }
}

/// One saved revision of a scenario.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionSummary {
    /// The revision number, from 1.
    pub revision: i32,
    /// The scenario's name in this revision.
    pub name: String,
    /// Its status in this revision.
    #[schema(value_type = Status)]
    pub status: String,
    /// Who saved it.
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

impl RevisionSummary {
    fn of(row: &scenario_revision::Model) -> RevisionSummary {
        RevisionSummary {
            revision: row.revision,
            name: row.name.clone(),
            status: row.status.clone(),
            created_by: row.created_by.clone(),
            created_at: timestamp(row.created_at),
        }
    }
}

/// A page of a scenario's revisions.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionPage {
    /// The scenario.
    pub scenario_id: i64,
    /// Its current revision.
    pub current: i32,
    /// The revisions on this page, oldest first.
    pub items: Vec<RevisionSummary>,
    /// The 1-based page.
    pub page: u64,
    /// Items a page.
    pub per_page: u64,
    /// How many revisions there are.
    pub total: u64,
}

/// One revision with the scenario as it was then.
#[derive(Debug, Serialize, ToSchema)]
pub struct Revision {
    /// The revision's number, name, status and author.
    #[serde(flatten)]
    pub summary: RevisionSummary,
    /// The scenario.
    pub scenario_id: i64,
    /// The scenario as saved in this revision, in the file format.
    #[schema(value_type = Scenario)]
    pub scenario: Arc<Scenario>,
}

/// A page of a scenario's revisions, oldest first (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/revisions", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"),
           ("page" = Option<u64>, Query, description = "1-based page"),
           ("per_page" = Option<u64>, Query, description = "1 to 100, default 20")),
    responses((status = 200, description = "Revision summaries", body = RevisionPage), (status = 400), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn revisions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<Paging>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let (page, per_page) = query.checked()?;
    let row = load(&state, &id).await?;
    let (revisions, total) = state.store.revisions(row.id, page, per_page).await?;
    Ok(HttpResponse::Ok().json(RevisionPage {
        scenario_id: row.id,
        current: row.revision,
        items: revisions.iter().map(RevisionSummary::of).collect(),
        page,
        per_page,
        total,
    }))
}

/// One revision, with the scenario as it was (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/revisions/{revision}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"), ("revision" = i32, Path, description = "Revision number")),
    responses((status = 200, description = "The revision and its scenario", body = Revision), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn revision(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let (id, number) = path.into_inner();
    let id = scenario_id(&id)?;
    let not_found = || ApiError::NotFound(format!("scenario {id} has no revision `{number}`"));
    let revision: i32 = number.parse().map_err(|_| not_found())?;
    let row = state
        .store
        .revision(id, revision)
        .await?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(Revision {
        scenario: parse_stored(&row.body, id)?,
        summary: RevisionSummary::of(&row),
        scenario_id: id,
    }))
}

/// One programme's money in one year.
#[derive(Debug, Serialize, ToSchema)]
pub struct AllocationRow {
    /// The year.
    pub year: Year,
    /// The programme.
    pub programme: ProgrammeId,
    /// CNY.
    pub amount: Money,
}

/// A scenario's allocation: one row per year and programme, in CNY.
#[derive(Debug, Serialize, ToSchema)]
pub struct Allocations {
    /// The scenario.
    pub scenario_id: i64,
    /// Its name.
    pub name: String,
    /// Its status.
    #[schema(value_type = Status)]
    pub status: String,
    /// The revision these amounts belong to.
    pub revision: i32,
    /// Always `CNY`.
    #[schema(example = "CNY")]
    pub currency: &'static str,
    /// The envelope of each year.
    pub annual_envelope: Money,
    /// 64 rows: every programme in every year, years in order.
    pub allocations: Vec<AllocationRow>,
}

fn allocation_response(
    request: &HttpRequest,
    row: &scenario::Model,
    tag: String,
) -> Result<HttpResponse, ApiError> {
    if let Some(current) = not_modified(request, &tag) {
        return Ok(current);
    }
    let scenario = parse_stored(&row.body, row.id)?;
    if wants_csv(request) {
        let mut csv = String::from("year,programme,amount_cny\n");
        for year in Year::ALL {
            for id in ProgrammeId::ALL {
                csv.push_str(&format!("{year},{id},{}\n", scenario.allocation(year, *id)));
            }
        }
        return Ok(HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header((header::ETAG, tag))
            .insert_header((header::VARY, "Accept"))
            .body(csv));
    }
    let mut allocations = Vec::with_capacity(Year::ALL.len() * ProgrammeId::ALL.len());
    for year in Year::ALL {
        for id in ProgrammeId::ALL {
            allocations.push(AllocationRow {
                year,
                programme: *id,
                amount: scenario.allocation(year, *id),
            });
        }
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .insert_header((header::VARY, "Accept"))
        .json(Allocations {
            scenario_id: row.id,
            name: row.name.clone(),
            status: row.status.clone(),
            revision: row.revision,
            currency: "CNY",
            annual_envelope: scenario.envelope(),
            allocations,
        }))
}

/// Allocations per year and programme in CNY, JSON or CSV (`Accept: text/csv`)
/// (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/allocations", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    responses((status = 200, description = "Allocations", content((Allocations = "application/json"), (String = "text/csv"))), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn allocations(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let row = load(&state, &id).await?;
    let tag = etag(row.revision);
    allocation_response(&request, &row, tag)
}

/// The allocation of the most recently approved scenario, JSON or CSV (viewer).
#[utoipa::path(get, path = "/api/v1/allocations/approved", tag = "scenarios",
    responses((status = 200, description = "Allocations of the approved scenario", content((Allocations = "application/json"), (String = "text/csv"))), (status = 401),
              (status = 404, description = "No scenario is approved")),
    security(("bearer" = []), ("session" = [])))]
pub async fn approved_allocations(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let row = state
        .store
        .approved()
        .await?
        .ok_or_else(|| ApiError::NotFound("no scenario is approved yet".to_owned()))?;
    // Names the scenario too: another scenario approved later may have the same revision.
    let tag = format!("\"scenario-{}-rev-{}\"", row.id, row.revision);
    allocation_response(&request, &row, tag)
}

/// The projection of a stored scenario (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/projection", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    responses((status = 200, description = "The projection, as `planner project --json`", body = shared::Projection), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn projection(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let row = load(&state, &id).await?;
    let tag = etag(row.revision);
    if let Some(current) = not_modified(&request, &tag) {
        return Ok(current);
    }
    let scenario = parse_stored(&row.body, row.id)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .json(shared::project(&scenario)))
}

/// Compares two stored scenarios: the second minus the first (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/compare/{other}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"), ("other" = i64, Path, description = "The other scenario's id")),
    responses((status = 200, description = "The comparison", body = shared::Comparison), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn compare(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Viewer)?;
    let (a, b) = path.into_inner();
    let a = load(&state, &a).await?;
    let b = load(&state, &b).await?;
    let a = parse_stored(&a.body, a.id)?;
    let b = parse_stored(&b.body, b.id)?;
    Ok(HttpResponse::Ok().json(shared::compare(&a, &b)))
}
