//! `GET /plan`: the plan as data, with every assumption and its provenance.

use std::sync::OnceLock;

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use api::PlanBody;

/// Mounts the resource.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/plan", web::get().to(get_plan));
}

/// Programmes, indicators, paths, headline targets, the envelope, earmarks (inside
/// each programme) and every assumption with its provenance.
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan",
    responses((status = 200, description = "The plan", body = PlanBody)))]
pub async fn get_plan() -> HttpResponse {
    // The plan is constant: render it once.
    static BODY: OnceLock<String> = OnceLock::new();
    let body = BODY.get_or_init(|| {
        let plan = PlanBody::new();
        // Serialising constant data cannot fail; an empty object would show it did.
        serde_json::to_string(&plan).unwrap_or_else(|_| "{}".to_owned())
    });
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body.as_str())
}
