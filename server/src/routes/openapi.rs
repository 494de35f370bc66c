//! `GET /openapi.json` (OpenAPI 3.1, generated from the handlers' annotations) and the
//! API reference page at `/api/v1/docs/`, served from the binary so it works offline.

use actix_web::{HttpResponse, web};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use crate::routes::{admin, compute, documents, health, plan, scenarios, session};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tianjin SME plan planner API",
        description = "Scenarios of the 2017-2020 SME innovation-and-transformation plan: storage, allocations and projections. Money is a decimal string of CNY. Errors are RFC 9457 application/problem+json. Caps: 256 KiB bodies, 100 items a page, 200,000 Monte Carlo draws, 1,000,000 optimiser steps; sign-in 5 attempts a minute per account and 20 per address."
    ),
    paths(
        health::health,
        documents::stored_chart,
        documents::posted_chart,
        documents::briefing,
        plan::get_plan,
        scenarios::list,
        scenarios::create,
        scenarios::get,
        scenarios::update,
        scenarios::delete,
        scenarios::clone,
        scenarios::set_status,
        scenarios::revisions,
        scenarios::revision,
        scenarios::allocations,
        scenarios::approved_allocations,
        scenarios::projection,
        scenarios::compare,
        compute::projection,
        compute::optimize,
        compute::uncertainty,
        session::sign_in,
        session::sign_out,
        session::me,
        session::setup,
        admin::audit,
        admin::users,
        admin::create_user,
        admin::tokens,
        admin::create_token,
        admin::revoke_token,
    ),
    components(schemas(crate::error::ProblemDetails)),
    modifiers(&Security, &Problems),
    tags(
        (name = "meta", description = "Health"),
        (name = "plan", description = "The plan as data"),
        (name = "scenarios", description = "Saved scenarios (viewer reads, planner writes, approver approves)"),
        (name = "compute", description = "Stateless computations"),
        (name = "documents", description = "Chart images and the briefing PDF"),
        (name = "auth", description = "Sign-in"),
        (name = "admin", description = "Users, tokens, audit log (admin)"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// Every error response is RFC 9457 problem details: the annotations name the error
/// statuses, and this gives each of them that body.
struct Problems;

impl Modify for Problems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr};
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for (status, response) in &mut operation.responses.responses {
                    let code = status
                        .parse::<u16>()
                        .ok()
                        .and_then(|code| actix_web::http::StatusCode::from_u16(code).ok())
                        .filter(|code| code.as_u16() >= 400);
                    if let (Some(code), RefOr::T(response)) = (code, response)
                        && response.content.is_empty()
                    {
                        if response.description.is_empty() {
                            response.description =
                                code.canonical_reason().unwrap_or_default().to_owned();
                        }
                        response.content.insert(
                            "application/problem+json".to_owned(),
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("ProblemDetails")))
                                .build(),
                        );
                    }
                }
            }
        }
    }
}

/// Mounts `/openapi.json`; the reference page is mounted by [`reference()`].
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/openapi.json", web::get().to(openapi_json));
}

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

/// The Swagger UI reference page at `/api/v1/docs/`, reading `/api/v1/openapi.json`.
pub fn reference(cfg: &mut web::ServiceConfig) {
    cfg.service(
        SwaggerUi::new("/api/v1/docs/{_:.*}")
            .config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")),
    );
}
