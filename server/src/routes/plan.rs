//! `GET /plan`: the plan as data, with every assumption and its provenance.

use std::sync::OnceLock;

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use api::PlanBody;

/// Mounts the resource.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/plan").route(web::get().to(get_plan)));
}

/// [`PlanBody::new`] as JSON, serialised once (the plan is constant): the bytes
/// `GET /api/v1/plan` sends and `planner plan --json` prints.
pub fn body() -> &'static str {
    static BODY: OnceLock<String> = OnceLock::new();
    BODY.get_or_init(|| {
        // Serialising constant data cannot fail; an empty object would show it did.
        serde_json::to_string(&PlanBody::new()).unwrap_or_else(|_| "{}".to_owned())
    })
}

/// Programmes, indicators, paths, headline targets, the envelope, earmarks (inside
/// each programme) and every assumption with its provenance.
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan",
    responses((status = 200, description = "The plan", body = PlanBody)))]
pub async fn get_plan() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body())
}
