//! `GET /plan`: the plan as data, with every assumption and its provenance.

use std::sync::OnceLock;

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use serde_json::json;
use shared::params::ParamKey;
use shared::plan;

/// Mounts the resource.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/plan", web::get().to(get_plan));
}

/// Programmes, indicators, paths, headline targets, the envelope, earmarks (inside
/// each programme) and every assumption with its provenance.
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan",
    responses((status = 200, description = "The plan")))]
pub async fn get_plan() -> HttpResponse {
    // The plan is constant: render it once.
    static BODY: OnceLock<String> = OnceLock::new();
    let body = BODY.get_or_init(|| {
        let assumptions: Vec<_> = ParamKey::all().map(|key| key.info()).collect();
        json!({
            "annual_envelope": plan::annual_envelope(),
            "envelope_reference": plan::ENVELOPE_REFERENCE,
            "years": plan::YEARS,
            "funds": plan::FUNDS,
            "paths": plan::PATHS,
            "programmes": plan::PROGRAMMES,
            "indicators": plan::INDICATORS,
            "kpis": plan::KPIS,
            "assumptions": assumptions,
        })
        .to_string()
    });
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body.as_str())
}
