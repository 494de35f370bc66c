//! `GET /openapi.json` (OpenAPI 3.1, generated from the handlers' annotations) and the
//! API reference page at `/api/v1/docs/`, served from the binary so it works offline.

use actix_web::{HttpResponse, web};
use utoipa::openapi::RefOr;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use crate::routes::{
    actuals, admin, compute, documents, execution, health, operations, plan, scenarios, session,
    users, workbook, years,
};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tianjin SME plan planner API",
        description = "Scenarios of the 2017-2020 SME innovation-and-transformation plan: storage, allocations and projections. Money is a decimal string of CNY. Errors are RFC 9457 application/problem+json. A scenario that over- or underspends any year is not feasible and claims no target: every verdict of its projection is `infeasible`. Caps: 256 KiB bodies, 100 items a page, 200,000 Monte Carlo draws, 1,000,000 optimiser steps; sign-in 5 attempts a minute per account and 20 per address."
    ),
    paths(
        health::health,
        documents::stored_chart,
        documents::posted_chart,
        documents::briefing,
        workbook::stored,
        workbook::posted,
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
        operations::transfer,
        operations::set,
        operations::fit_envelope,
        session::sign_in,
        session::sign_out,
        session::me,
        session::setup_page,
        session::setup,
        session::change_password,
        admin::audit,
        admin::users,
        admin::create_user,
        admin::tokens,
        admin::create_token,
        admin::revoke_token,
        users::disable,
        users::enable,
        users::set_role,
        users::reset_password,
        users::end_sessions,
        users::delete,
        years::years,
        years::get_plan,
        years::adopt,
        years::assessment,
        actuals::get,
        actuals::get_csv,
        actuals::get_xlsx,
        actuals::put,
        actuals::import,
        actuals::revisions,
        execution::execution,
        execution::replan,
    ),
    components(schemas(api::ProblemDetails)),
    modifiers(&Security, &Problems),
    tags(
        (name = "meta", description = "Health"),
        (name = "plan", description = "The plan as data"),
        (name = "scenarios", description = "Saved scenarios (viewer reads, planner writes, approver approves)"),
        (name = "compute", description = "Stateless computations"),
        (name = "operations", description = "A planner's edits as stateless operations: transfer, set, fit to the envelope"),
        (name = "documents", description = "Chart images, the briefing PDF and the Excel workbook"),
        (name = "auth", description = "Sign-in"),
        (name = "admin", description = "Users, tokens, audit log (admin)"),
        (name = "execution", description = "Plan execution (年初计划、年终考核): year plans (approver adopts), actuals (planner writes provisional, approver final), assessment, re-forecast and re-plan"),
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

/// Every error response is RFC 9457 problem details. The annotations name the errors
/// particular to each operation; this adds those every operation can meet (500, and
/// for a JSON body 400 malformed, 413 too large, 415 not JSON, 422 the wrong shape)
/// and gives each error
/// status its reason phrase and the problem details body.
struct Problems;

impl Problems {
    fn body() -> utoipa::openapi::Response {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        ResponseBuilder::new()
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ProblemDetails")))
                    .build(),
            )
            .build()
    }
}

impl Modify for Problems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use actix_web::http::StatusCode;
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let takes_json = operation
                    .request_body
                    .as_ref()
                    .is_some_and(|body| body.content.contains_key("application/json"));
                let mut common = vec![StatusCode::INTERNAL_SERVER_ERROR];
                if takes_json {
                    common.extend([
                        StatusCode::BAD_REQUEST,
                        StatusCode::PAYLOAD_TOO_LARGE,
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        StatusCode::UNPROCESSABLE_ENTITY,
                    ]);
                }
                let responses = &mut operation.responses.responses;
                for code in common {
                    responses
                        .entry(code.as_u16().to_string())
                        .or_insert_with(|| RefOr::T(Problems::body()));
                }
                for (status, response) in responses.iter_mut() {
                    let code = status
                        .parse::<u16>()
                        .ok()
                        .and_then(|code| StatusCode::from_u16(code).ok())
                        .filter(|code| code.as_u16() >= 400);
                    if let (Some(code), RefOr::T(response)) = (code, response) {
                        if response.description.is_empty() {
                            response.description =
                                code.canonical_reason().unwrap_or_default().to_owned();
                        }
                        if response.content.is_empty() {
                            response.content = Problems::body().content;
                        }
                    }
                }
            }
        }
    }
}

/// Mounts `/openapi.json`; the reference page is mounted by [`reference()`].
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/openapi.json").route(web::get().to(openapi_json)));
}

async fn openapi_json() -> HttpResponse {
    // The description is fixed at build time: generate and serialise it once.
    static BODY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = BODY.get_or_init(|| {
        serde_json::to_string(&ApiDoc::openapi()).unwrap_or_else(|_| "{}".to_owned())
    });
    HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(body.as_str())
}

/// The Swagger UI reference page at `/api/v1/docs/`, reading `/api/v1/openapi.json`.
pub fn reference(cfg: &mut web::ServiceConfig) {
    cfg.service(
        SwaggerUi::new("/api/v1/docs/{_:.*}")
            .config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")),
    );
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use utoipa::{OpenApi, PartialSchema};

    use super::ApiDoc;

    fn description() -> Value {
        serde_json::to_value(ApiDoc::openapi()).expect("the description serialises")
    }

    #[test]
    fn the_read_only_fields_ignored_in_bodies_are_the_stored_scenarios_own() {
        let meta = serde_json::to_value(api::ScenarioMeta::schema()).expect("a schema");
        let mut described: Vec<&str> = meta["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        let mut ignored = shared::scenario::STORED_FIELDS.to_vec();
        described.sort_unstable();
        ignored.sort_unstable();
        assert_eq!(described, ignored);
    }

    #[test]
    fn documented_caps_are_the_enforced_ones() {
        let doc = description();
        let draws = &doc["components"]["schemas"]["UncertaintyRequest"]["properties"]["draws"];
        assert_eq!(
            draws["maximum"].as_u64(),
            Some(u64::from(shared::uncertainty::MAX_DRAWS))
        );
        let allocations = &doc["components"]["schemas"]["Allocations"];
        assert!(allocations.is_object());
    }

    #[test]
    fn the_paging_and_naming_rules_in_the_description_are_the_enforced_ones() {
        use crate::domain::users::{MAX_PASSWORD_CHARS, MAX_USER_NAME_CHARS, MIN_PASSWORD_CHARS};
        use crate::routes::{MAX_PAGE, MAX_PER_PAGE};
        let doc = description();
        let mut lists = 0;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let parameters = item["get"]["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for parameter in parameters {
                let (low, high) = match parameter["name"].as_str() {
                    Some("page") => (1, MAX_PAGE),
                    Some("per_page") => (1, MAX_PER_PAGE),
                    _ => continue,
                };
                lists += 1;
                assert_eq!(parameter["schema"]["minimum"].as_u64(), Some(low), "{path}");
                assert_eq!(
                    parameter["schema"]["maximum"].as_u64(),
                    Some(high),
                    "{path}"
                );
            }
        }
        assert!(lists >= 8, "{lists} paging parameters");
        // A body's field, its `$ref` to a shared schema followed.
        let field = |schema: &str, field: &str| {
            let schemas = &doc["components"]["schemas"];
            let property = &schemas[schema]["properties"][field];
            match property["$ref"].as_str() {
                Some(to) => schemas[to.trim_start_matches("#/components/schemas/")].clone(),
                None => property.clone(),
            }
        };
        for schema in ["NewUser", "NewToken", "Setup"] {
            let name = field(schema, "name");
            assert_eq!(name["minLength"].as_u64(), Some(1), "{schema}");
            assert_eq!(
                name["maxLength"].as_u64(),
                Some(MAX_USER_NAME_CHARS as u64),
                "{schema}"
            );
            assert!(name["pattern"].is_string(), "{schema}");
        }
        for (schema, name) in [
            ("NewUser", "password"),
            ("Setup", "password"),
            ("PasswordChange", "new_password"),
        ] {
            let password = field(schema, name);
            assert_eq!(
                password["minLength"].as_u64(),
                Some(MIN_PASSWORD_CHARS as u64),
                "{schema}"
            );
            assert_eq!(
                password["maxLength"].as_u64(),
                Some(MAX_PASSWORD_CHARS as u64),
                "{schema}"
            );
        }
    }

    #[test]
    fn every_error_status_has_a_problem_body_and_json_bodies_can_be_refused() {
        let doc = description();
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("an item") {
                let Some(responses) = operation["responses"].as_object() else {
                    continue;
                };
                operations += 1;
                assert!(responses.contains_key("500"), "{method} {path}: no 500");
                if operation["requestBody"]["content"]["application/json"].is_object() {
                    for status in ["400", "413", "415", "422"] {
                        assert!(
                            responses.contains_key(status),
                            "{method} {path}: no {status}"
                        );
                    }
                }
                for (status, response) in responses {
                    if status.as_str() >= "400" {
                        assert!(
                            response["content"]["application/problem+json"]["schema"]["$ref"]
                                .as_str()
                                .is_some_and(|name| name.ends_with("/ProblemDetails")),
                            "{method} {path} {status}"
                        );
                        assert!(
                            !response["description"]
                                .as_str()
                                .unwrap_or_default()
                                .is_empty()
                        );
                    }
                }
            }
        }
        assert!(operations >= 30, "{operations} operations");
    }
}
