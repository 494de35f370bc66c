//! Saved scenarios: CRUD, clone, revisions, status, allocations, projection, compare,
//! and `GET /allocations/approved`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use api::schema::ScenarioInput;
use api::{
    Allocations, CloneBody, ListQuery, Page, Revision, RevisionPage, ScenarioId, ScenarioRevision,
    ScenarioSummary, Status, StatusBody, StoredScenario,
};
use serde::Serialize;
use serde_json::Value;
use shared::Scenario;

use crate::auth::Role;
use crate::domain::{Note, Workflow as _};
use crate::error::ApiError;
use crate::routes::body::Typed;
use crate::routes::call::{ById, ByPair, Call};
use crate::routes::{
    Paging, collection, etag, if_match, not_modified, optional_if_match, scenario_from_json,
    scenario_id, views, wants_csv,
};
use crate::startup::AppState;
use crate::storage::entities::scenario;
use crate::storage::{DeleteOutcome, NewScenario, StatusOutcome, UpdateOutcome};

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(collection("/scenarios", list, create))
        .service(
            web::resource("/scenarios/{id}")
                .route(web::get().to(get))
                .route(web::put().to(update))
                .route(web::delete().to(delete)),
        )
        .service(web::resource("/scenarios/{id}/clone").route(web::post().to(clone)))
        .service(web::resource("/scenarios/{id}/status").route(web::post().to(set_status)))
        .service(web::resource("/scenarios/{id}/revisions").route(web::get().to(revisions)))
        .service(
            web::resource("/scenarios/{id}/revisions/{revision}").route(web::get().to(revision)),
        )
        .service(web::resource("/scenarios/{id}/allocations").route(web::get().to(allocations)))
        .service(web::resource("/scenarios/{id}/projection").route(web::get().to(projection)))
        .service(web::resource("/scenarios/{id}/compare/{other}").route(web::get().to(compare)))
        .service(web::resource("/allocations/approved").route(web::get().to(approved_allocations)));
}

/// The stored representation: the file format plus the read-only fields.
fn representation(state: &AppState, row: &scenario::Model) -> Result<StoredScenario, ApiError> {
    Ok(StoredScenario {
        scenario: state.parsed.get(&row.body, row.scenario_id())?,
        meta: views::meta(row),
    })
}

/// 200 with `body` and the `ETag` of the revision it shows.
fn with_etag(tag: String, body: impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .json(body)
}

fn found(state: &AppState, row: &scenario::Model) -> Result<HttpResponse, ApiError> {
    let value = representation(state, row)?;
    Ok(with_etag(etag(row.current_revision()), value))
}

fn created(state: &AppState, row: &scenario::Model) -> Result<HttpResponse, ApiError> {
    let value = representation(state, row)?;
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(row.current_revision())))
        .insert_header((header::LOCATION, format!("/api/v1/scenarios/{}", row.id)))
        .json(value))
}

fn missing(id: ScenarioId) -> ApiError {
    ApiError::NotFound(format!("no scenario has the id {id}"))
}

fn stale(current: Revision) -> ApiError {
    ApiError::PreconditionFailed(format!(
        "the scenario changed since you read it (now {}); GET it again, reapply your change and send the new ETag",
        etag(current)
    ))
}

/// A stored scenario, parsed (for the documents' routes).
pub async fn load_scenario(state: &AppState, id: &str) -> Result<Scenario, ApiError> {
    let row = load(state, id).await?;
    state
        .parsed
        .get(&row.body, row.scenario_id())
        .map(|parsed| (*parsed).clone())
}

async fn load(state: &AppState, id: &str) -> Result<scenario::Model, ApiError> {
    let id = scenario_id(id)?;
    state.store.scenario(id).await?.ok_or_else(|| missing(id))
}

/// A viewer's GET of the stored scenario the path names, honouring `If-None-Match`:
/// the 304 that says the client's copy is current, or `respond` with the row and its
/// `ETag`.
async fn conditional(
    call: &ById,
    respond: impl FnOnce(&scenario::Model, String) -> Result<HttpResponse, ApiError>,
) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let row = load(&call.state, &call.path).await?;
    let tag = etag(row.current_revision());
    match not_modified(&call.request, &tag) {
        Some(current) => Ok(current),
        None => respond(&row, tag),
    }
}

/// Lists scenarios, newest first (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios", tag = "scenarios",
    params(("name" = Option<String>, Query, description = "Name contains, ignoring case"),
           ("page" = Option<u64>, Query, minimum = 1, maximum = 1000000, description = "1-based page, at most 1,000,000"),
           ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 20")),
    responses((status = 200, description = "A page of scenario summaries", body = Page<ScenarioSummary>), (status = 400), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(call: Call<(), web::Query<ListQuery>>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let (page, per_page) = Paging {
        page: call.query.page,
        per_page: call.query.per_page,
    }
    .checked()?;
    let name = call.query.name.as_deref().filter(|name| !name.is_empty());
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
    let (rows, total) = call.state.store.scenarios(name, page, per_page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: rows.iter().map(views::summary).collect(),
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
pub async fn create(call: Call, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Planner)?;
    let scenario = scenario_from_json(body.into_inner())?;
    let text = serde_json::to_string(&scenario).map_err(ApiError::internal)?;
    let row = call
        .state
        .store
        .create_scenario(NewScenario {
            name: scenario.name(),
            body: &text,
            actor: &actor,
        })
        .await?;
    created(&call.state, &row)
}

/// One scenario with its `ETag` (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    responses((status = 200, description = "The scenario in the file format plus id, status, revision and authorship", body = StoredScenario), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get(call: ById) -> Result<HttpResponse, ApiError> {
    conditional(&call, |row, _| found(&call.state, row)).await
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
pub async fn update(call: ById, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Planner)?;
    let id = scenario_id(&call.path)?;
    let expected = if_match(&call.request)?;
    let scenario = scenario_from_json(body.into_inner())?;
    let text = serde_json::to_string(&scenario).map_err(ApiError::internal)?;
    let new = NewScenario {
        name: scenario.name(),
        body: &text,
        actor: &actor,
    };
    match call
        .state
        .store
        .update_scenario(id, expected, new, Status::edit)
        .await?
    {
        UpdateOutcome::Saved(row) => found(&call.state, &row),
        UpdateOutcome::Forked(draft) => created(&call.state, &draft),
        UpdateOutcome::NotFound => Err(missing(id)),
        UpdateOutcome::Stale(current) => Err(stale(current)),
    }
}

/// Deletes a scenario and its revisions (planner); needs `If-Match`; approved
/// scenarios cannot be deleted. The audit log keeps the last content.
#[utoipa::path(delete, path = "/api/v1/scenarios/{id}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"), ("If-Match" = String, Header, description = "ETag of the current revision")),
    responses((status = 204, description = "Deleted"), (status = 401), (status = 403), (status = 404), (status = 409, description = "Approved: frozen"), (status = 412), (status = 428)),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete(call: ById) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Planner)?;
    let id = scenario_id(&call.path)?;
    let expected = if_match(&call.request)?;
    match call
        .state
        .store
        .delete_scenario(id, expected, &actor, Status::may_delete)
        .await?
    {
        DeleteOutcome::Deleted => Ok(HttpResponse::NoContent().finish()),
        DeleteOutcome::NotFound => Err(missing(id)),
        DeleteOutcome::Stale(current) => Err(stale(current)),
        DeleteOutcome::Refused(refusal) => Err(refusal.into()),
    }
}

/// Copies a scenario into a new draft (planner); 201.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/clone", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    request_body(content = Option<CloneBody>, description = "Optional: the copy's name", content_type = "application/json"),
    responses((status = 201, description = "The new draft", body = StoredScenario), (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn clone(call: ById, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Planner)?;
    // The body is optional, so it is parsed here rather than by the JSON extractor.
    let body: Option<CloneBody> = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        // `null` is no body too, as the description's `oneOf` says.
        serde_json::from_slice::<Option<CloneBody>>(&body).map_err(|error| {
            if error.is_data() {
                ApiError::invalid_field("", error.to_string())
            } else {
                ApiError::BadRequest(format!("the body is not valid JSON: {error}"))
            }
        })?
    };
    let original = load(&call.state, &call.path).await?;
    let scenario = call
        .state
        .parsed
        .get(&original.body, original.scenario_id())?;
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
    match call
        .state
        .store
        .clone_scenario(original.scenario_id(), copy.name(), &text, &actor)
        .await?
    {
        Some(row) => created(&call.state, &row),
        None => Err(missing(original.scenario_id())),
    }
}

/// Moves a scenario through draft → proposed → approved. Planners propose and
/// withdraw (proposed → draft); only approvers approve, and only a proposed
/// scenario; an approver who returns a proposal to draft must say why in `note`
/// (otherwise 422); an approved scenario is frozen. The note is kept with the
/// revision the move makes. `If-Match` is checked when sent.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/status", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    request_body(content = StatusBody, description = "The status wanted", content_type = "application/json"),
    responses((status = 200, description = "The scenario with its new status", body = StoredScenario), (status = 401), (status = 403), (status = 404),
              (status = 409, description = "Not allowed from the current status"), (status = 412),
              (status = 422, description = "Not a status, a note too long, or a return without a note")),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_status(call: ById, body: Typed<StatusBody>) -> Result<HttpResponse, ApiError> {
    let id = scenario_id(&call.path)?;
    let to = body.status;
    let (actor, role) = call.authorise(to.needed_to_enter())?;
    let note = Note::parse(body.note.as_deref())?;
    let expected = optional_if_match(&call.request)?;
    match call
        .state
        .store
        .set_status(id, expected, &actor, note.as_ref(), |from| {
            from.transition_with(to, role, note.as_ref())
        })
        .await?
    {
        StatusOutcome::Moved(row) => found(&call.state, &row),
        StatusOutcome::NotFound => Err(missing(id)),
        StatusOutcome::Stale(current) => Err(stale(current)),
        StatusOutcome::Refused(refusal) => Err(refusal.into()),
    }
}

/// A page of a scenario's revisions, oldest first (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/revisions", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"),
           ("page" = Option<u64>, Query, minimum = 1, maximum = 1000000, description = "1-based page, at most 1,000,000"),
           ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 20")),
    responses((status = 200, description = "Revision summaries", body = RevisionPage), (status = 400), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn revisions(call: ById<web::Query<Paging>>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let (page, per_page) = call.query.checked()?;
    let row = load(&call.state, &call.path).await?;
    let (revisions, total) = call
        .state
        .store
        .revisions(row.scenario_id(), page, per_page)
        .await?;
    Ok(HttpResponse::Ok().json(RevisionPage {
        scenario_id: row.scenario_id(),
        current: row.current_revision(),
        items: revisions.iter().map(views::revision).collect(),
        page,
        per_page,
        total,
    }))
}

/// One revision, with the scenario as it was (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/revisions/{revision}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"), ("revision" = i32, Path, description = "Revision number")),
    responses((status = 200, description = "The revision and its scenario", body = ScenarioRevision), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn revision(call: ByPair) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let (id, number) = &*call.path;
    let id = scenario_id(id)?;
    let not_found = || ApiError::NotFound(format!("scenario {id} has no revision `{number}`"));
    let revision = number.parse().map(Revision).map_err(|_| not_found())?;
    let row = call
        .state
        .store
        .revision(id, revision)
        .await?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(ScenarioRevision {
        scenario: call.state.parsed.get(&row.body, id)?,
        summary: views::revision(&row),
        scenario_id: id,
    }))
}

fn allocation_response(
    state: &AppState,
    request: &HttpRequest,
    row: &scenario::Model,
    tag: String,
) -> Result<HttpResponse, ApiError> {
    let scenario = state.parsed.get(&row.body, row.scenario_id())?;
    let meta = views::meta(row);
    if wants_csv(request) {
        let csv = api::allocations_csv(&scenario);
        return Ok(HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header((header::ETAG, tag))
            .insert_header((header::VARY, "Accept"))
            .body(csv));
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .insert_header((header::VARY, "Accept"))
        .json(Allocations {
            scenario_id: meta.id,
            name: row.name.clone(),
            status: meta.status,
            revision: meta.revision,
            currency: "CNY".to_owned(),
            annual_envelope: scenario.envelope(),
            allocations: Allocations::rows(&scenario),
        }))
}

/// Allocations per year and programme in CNY, JSON or CSV (`Accept: text/csv`)
/// (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/allocations", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    responses((status = 200, description = "Allocations; the CSV is UTF-8 with a byte-order mark, header year,programme,amount_cny,name_zh,name_en, one row per year and programme, amounts in whole CNY", content((Allocations = "application/json"), (String = "text/csv"))), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn allocations(call: ById) -> Result<HttpResponse, ApiError> {
    conditional(&call, |row, tag| {
        allocation_response(&call.state, &call.request, row, tag)
    })
    .await
}

/// The allocation of the most recently approved scenario, JSON or CSV (viewer).
#[utoipa::path(get, path = "/api/v1/allocations/approved", tag = "scenarios",
    responses((status = 200, description = "Allocations of the approved scenario", content((Allocations = "application/json"), (String = "text/csv"))), (status = 401),
              (status = 404, description = "No scenario is approved")),
    security(("bearer" = []), ("session" = [])))]
pub async fn approved_allocations(call: Call) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let row = call
        .state
        .store
        .approved()
        .await?
        .ok_or_else(|| ApiError::NotFound("no scenario is approved yet".to_owned()))?;
    // Names the scenario too: another scenario approved later may have the same revision.
    let tag = format!("\"scenario-{}-rev-{}\"", row.id, row.revision);
    if let Some(current) = not_modified(&call.request, &tag) {
        return Ok(current);
    }
    allocation_response(&call.state, &call.request, &row, tag)
}

/// The projection of a stored scenario (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/projection", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id")),
    responses((status = 200, description = "The projection, as `planner project --json`", body = shared::Projection), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn projection(call: ById) -> Result<HttpResponse, ApiError> {
    conditional(&call, |row, tag| {
        let scenario = call.state.parsed.get(&row.body, row.scenario_id())?;
        Ok(with_etag(tag, shared::project(&scenario)))
    })
    .await
}

/// Compares two stored scenarios: the second minus the first (viewer).
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/compare/{other}", tag = "scenarios",
    params(("id" = i64, Path, description = "Scenario id"), ("other" = i64, Path, description = "The other scenario's id")),
    responses((status = 200, description = "The comparison", body = shared::Comparison), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn compare(call: ByPair) -> Result<HttpResponse, ApiError> {
    call.require(Role::Viewer)?;
    let (a, b) = &*call.path;
    let a = load(&call.state, a).await?;
    let b = load(&call.state, b).await?;
    let a = call.state.parsed.get(&a.body, a.scenario_id())?;
    let b = call.state.parsed.get(&b.body, b.scenario_id())?;
    Ok(HttpResponse::Ok().json(shared::compare(&a, &b)))
}
