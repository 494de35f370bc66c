//! `GET /health`: liveness and a database check.

use actix_web::{HttpResponse, web};
use api::Health;

use crate::error::ApiError;
use crate::startup::AppState;

/// Mounts the resource.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/health").route(web::get().to(health)));
}

/// 200 when the database answers, 503 when it does not.
#[utoipa::path(get, path = "/api/v1/health", tag = "meta",
    responses((status = 200, description = "Up, database reachable", body = Health), (status = 503, description = "Database unreachable")))]
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state.store.ping().await.map_err(|error| {
        tracing::warn!(%error, "health check: database unreachable");
        ApiError::Unavailable("the database does not answer".to_owned())
    })?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".to_owned(),
        database: state.store.backend().to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}
