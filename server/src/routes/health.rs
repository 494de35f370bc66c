//! `GET /health`: liveness and a database check.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::startup::AppState;

/// Mounts the resource.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(health));
}

/// The server is up and its database answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    #[schema(example = "sqlite")]
    pub database: &'static str,
    /// The server's version.
    pub version: &'static str,
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
        status: "ok",
        database: state.store.backend(),
        version: env!("CARGO_PKG_VERSION"),
    }))
}
