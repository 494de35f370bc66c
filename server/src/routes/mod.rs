//! Every resource under `/api/v1`, one module each, and the helpers they share.

pub mod actuals;
pub mod admin;
pub mod body;
pub mod call;
pub mod compute;
pub mod documents;
pub mod execution;
pub mod health;
pub mod openapi;
pub mod operations;
pub mod plan;
pub mod scenarios;
pub mod session;
pub mod setup_page;
pub mod users;
pub mod views;
pub mod workbook;
pub mod years;

use actix_web::http::header;
use actix_web::{FromRequest, Handler, HttpRequest, Responder, web};
use api::{Revision, ScenarioId};
use serde::Deserialize;
use serde_json::Value;
use shared::scenario::ScenarioFile;
use shared::{Problem, Scenario, ScenarioError};

use crate::error::ApiError;
use crate::storage::IfRevision;

/// The largest page a list returns.
pub const MAX_PER_PAGE: u64 = 100;
/// The page size when none is asked for.
pub const DEFAULT_PER_PAGE: u64 = 20;
/// The highest page number accepted.
pub const MAX_PAGE: u64 = 1_000_000;

/// Every resource under `/api/v1`, in the order its routes are matched.
const RESOURCES: [fn(&mut web::ServiceConfig); 14] = [
    health::config,
    plan::config,
    scenarios::config,
    compute::config,
    operations::config,
    documents::config,
    workbook::config,
    session::config,
    admin::config,
    users::config,
    years::config,
    actuals::config,
    execution::config,
    openapi::config,
];

/// Mounts every resource under `/api/v1`.
pub fn config(cfg: &mut web::ServiceConfig) {
    // The reference page first: the `/api/v1` scope would otherwise claim its paths.
    cfg.configure(openapi::reference);
    cfg.service(
        RESOURCES
            .into_iter()
            .fold(web::scope("/api/v1"), |scope, resource| {
                scope.configure(resource)
            }),
    );
}

/// A collection at `path`: `GET` lists it, `POST` adds to it.
pub fn collection<L, LA, C, CA>(path: &str, list: L, create: C) -> actix_web::Resource
where
    L: Handler<LA>,
    LA: FromRequest + 'static,
    L::Output: Responder + 'static,
    C: Handler<CA>,
    CA: FromRequest + 'static,
    C::Output: Responder + 'static,
{
    web::resource(path)
        .route(web::get().to(list))
        .route(web::post().to(create))
}

/// `?page=&per_page=` of a list.
#[derive(Debug, Deserialize)]
pub struct Paging {
    /// 1-based page; default 1.
    pub page: Option<u64>,
    /// Items per page, 1 to 100; default 20.
    pub per_page: Option<u64>,
}

impl Paging {
    /// The page and its size, checked against the caps.
    pub fn checked(&self) -> Result<(u64, u64), ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(ApiError::BadRequest(format!(
                "page must be between 1 and {MAX_PAGE}, not {page}"
            )));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::BadRequest(format!(
                "per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}"
            )));
        }
        Ok((page, per_page))
    }
}

/// Parses a scenario in the file format; read-only fields of the stored
/// representation are ignored, so a `GET` body can be edited and `PUT` back.
pub fn scenario_from_json(mut value: Value) -> Result<Scenario, ApiError> {
    if let Some(object) = value.as_object_mut() {
        for field in shared::scenario::STORED_FIELDS {
            object.remove(field);
        }
    }
    // From the parsed value, not from text again: the body is parsed once.
    let file = ScenarioFile::deserialize(value).map_err(|error| ScenarioError {
        problems: vec![Problem::new("", error.to_string())],
    })?;
    let scenario = Scenario::try_from(file)?;
    // PostgreSQL text cannot hold NUL; refuse it here rather than fail on save.
    let problems: Vec<Problem> = [
        ("name", scenario.name()),
        ("description", scenario.description()),
    ]
    .into_iter()
    .filter(|(_, text)| text.contains('\0'))
    .map(|(path, _)| Problem::new(path, "must not contain the NUL character"))
    .collect();
    if !problems.is_empty() {
        return Err(ScenarioError { problems }.into());
    }
    Ok(scenario)
}

/// The revision an `If-Match` header names: 428 without one; any for `*`; a tag this
/// server did not issue is [`IfRevision::Foreign`] (the write then gets 412).
pub fn if_match(request: &HttpRequest) -> Result<IfRevision, ApiError> {
    let value = request
        .headers()
        .get(header::IF_MATCH)
        .ok_or_else(|| {
            ApiError::PreconditionRequired(
                "send `If-Match` with the ETag from your last GET of this scenario, so no one else's change is overwritten".to_owned(),
            )
        })?;
    let text = value.to_str().unwrap_or("").trim();
    if text == "*" {
        return Ok(IfRevision::Any);
    }
    Ok(parse_etag(text).map_or(IfRevision::Foreign, IfRevision::Is))
}

/// The optional `If-Match` of a request that does not require one.
pub fn optional_if_match(request: &HttpRequest) -> Result<IfRevision, ApiError> {
    if request.headers().contains_key(header::IF_MATCH) {
        if_match(request)
    } else {
        Ok(IfRevision::Any)
    }
}

/// The ETag of a revision.
pub fn etag(revision: Revision) -> String {
    revision.etag()
}

/// The revision named by the first tag of an `If-Match` list, if it is one of ours
/// (quoted, weak or not).
fn parse_etag(text: &str) -> Option<Revision> {
    let first = text.split(',').next()?.trim();
    let first = first.strip_prefix("W/").unwrap_or(first);
    let quoted = first.strip_prefix('"')?.strip_suffix('"')?;
    quoted.strip_prefix("rev-")?.parse().ok().map(Revision)
}

/// 304 with the current `ETag` when the request's `If-None-Match` names `tag` (or is
/// `*`): the client's copy is current. `None` when the body must be sent.
pub fn not_modified(request: &HttpRequest, tag: &str) -> Option<actix_web::HttpResponse> {
    let current = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|text| {
            text.trim() == "*"
                || text.split(',').any(|candidate| {
                    let candidate = candidate.trim();
                    candidate.strip_prefix("W/").unwrap_or(candidate) == tag
                })
        });
    current.then(|| {
        actix_web::HttpResponse::NotModified()
            .insert_header((header::ETAG, tag.to_owned()))
            .finish()
    })
}

/// Whether the client asks for CSV.
pub fn wants_csv(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/csv"))
}

/// Parses a path id, 404 when it is not one.
pub fn scenario_id(text: &str) -> Result<ScenarioId, ApiError> {
    text.parse()
        .map_err(|error: api::NotAnId| ApiError::NotFound(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_round_trip_and_junk_never_matches() {
        assert_eq!(parse_etag(&etag(Revision(7))), Some(Revision(7)));
        assert_eq!(parse_etag("W/\"rev-3\""), Some(Revision(3)));
        assert_eq!(parse_etag("\"rev-3\", \"rev-4\""), Some(Revision(3)));
        for junk in ["\"3\"", "", "rev-3", "\"\"rev-3\"\"", "\"rev-x\""] {
            assert_eq!(parse_etag(junk), None, "{junk}");
        }
    }

    #[test]
    fn paging_caps_the_page_size() {
        let ok = Paging {
            page: None,
            per_page: Some(100),
        };
        assert_eq!(ok.checked().ok(), Some((1, 100)));
        let big = Paging {
            page: None,
            per_page: Some(101),
        };
        assert!(big.checked().is_err());
        let zero = Paging {
            page: Some(0),
            per_page: None,
        };
        assert!(zero.checked().is_err());
    }
}
