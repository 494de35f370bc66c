//! `GET /plan`: the plan as data, with every assumption and its provenance.

use std::sync::OnceLock;

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use shared::params::{ParamInfo, ParamKey};
use shared::plan::{self, Headline, IndicatorDef, PathDef, ProgrammeDef, Text};
use shared::{Money, Year};
use utoipa::ToSchema;

/// Mounts the resource.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/plan", web::get().to(get_plan));
}

/// The plan as data.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanBody {
    /// The annual envelope, CNY (PLAN).
    pub annual_envelope: Money,
    /// Where the plan sets it.
    pub envelope_reference: &'static str,
    /// The plan years.
    pub years: &'static [Year],
    /// The funds the money comes from.
    pub funds: &'static [Text],
    /// The four paths.
    pub paths: &'static [PathDef],
    /// The sixteen programmes, each with its baseline and earmark.
    pub programmes: &'static [ProgrammeDef],
    /// Every indicator with its target and default autonomous share α.
    pub indicators: &'static [IndicatorDef],
    /// The three headline targets.
    pub kpis: &'static [Headline],
    /// Every assumption with its value, range and provenance.
    pub assumptions: Vec<ParamInfo>,
}

/// Programmes, indicators, paths, headline targets, the envelope, earmarks (inside
/// each programme) and every assumption with its provenance.
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan",
    responses((status = 200, description = "The plan", body = PlanBody)))]
pub async fn get_plan() -> HttpResponse {
    // The plan is constant: render it once.
    static BODY: OnceLock<String> = OnceLock::new();
    let body = BODY.get_or_init(|| {
        let plan = PlanBody {
            annual_envelope: plan::annual_envelope(),
            envelope_reference: plan::ENVELOPE_REFERENCE,
            years: &plan::YEARS,
            funds: &plan::FUNDS,
            paths: &plan::PATHS,
            programmes: &plan::PROGRAMMES,
            indicators: &plan::INDICATORS,
            kpis: &plan::KPIS,
            assumptions: ParamKey::all().map(|key| key.info()).collect(),
        };
        // Serialising constant data cannot fail; an empty object would show it did.
        serde_json::to_string(&plan).unwrap_or_else(|_| "{}".to_owned())
    });
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body.as_str())
}
