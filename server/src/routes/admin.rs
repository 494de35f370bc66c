//! Admin resources: users, API tokens and the audit log.

use actix_web::{HttpResponse, web};
use api::{
    AuditEntry, CreatedToken, CreatedUser, List, NewToken, NewUser, Page, TokenView, UserView,
};
use serde::Serialize;

use crate::auth::{self, Role};
use crate::domain::{Password, UserName};
use crate::error::ApiError;
use crate::routes::body::Typed;
use crate::routes::call::{ById, Call};
use crate::routes::{Paging, views};

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/audit", web::get().to(audit))
        .service(
            web::resource("/users")
                .route(web::get().to(users))
                .route(web::post().to(create_user)),
        )
        .service(
            web::resource("/tokens")
                .route(web::get().to(tokens))
                .route(web::post().to(create_token)),
        )
        .route("/tokens/{id}", web::delete().to(revoke_token));
}

/// The audit log, newest first (admin).
#[utoipa::path(get, path = "/api/v1/audit", tag = "admin",
    params(("page" = Option<u64>, Query, description = "1-based page"), ("per_page" = Option<u64>, Query, description = "1 to 100")),
    responses((status = 200, description = "A page of audit entries", body = Page<AuditEntry>), (status = 400), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn audit(call: Call, query: web::Query<Paging>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Admin)?;
    let (page, per_page) = query.checked()?;
    let (rows, total) = call.state.store.audit(page, per_page).await?;
    let items = rows.into_iter().map(views::audit_entry).collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        page,
        per_page,
        total,
    }))
}

/// Every user (admin).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin",
    responses((status = 200, description = "Users", body = List<UserView>), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn users(call: Call) -> Result<HttpResponse, ApiError> {
    call.require(Role::Admin)?;
    Ok(every(&call.state.store.users().await?, views::user))
}

/// 200 with a [`List`] of every row, each as `view` shows it.
fn every<R, T: Serialize>(rows: &[R], view: impl Fn(&R) -> T) -> HttpResponse {
    let items: Vec<T> = rows.iter().map(view).collect();
    HttpResponse::Ok().json(List { items })
}

/// Creates a user (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = "admin",
    request_body(content = NewUser, content_type = "application/json"),
    responses((status = 201, description = "Created", body = CreatedUser), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_user(
    call: Call,
    Typed(NewUser {
        name,
        role,
        password,
    }): Typed<NewUser>,
) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Admin)?;
    let name = UserName::parse(name)?;
    let password = Password::parse(password)?;
    let hash = auth::hash_new_password(password).await?;
    let user = call
        .state
        .store
        .create_user(&actor, &name, role, Some(hash))
        .await?;
    Ok(HttpResponse::Created().json(CreatedUser {
        id: user.id,
        name: user.name,
        role: user.role,
    }))
}

/// Every token, without secrets (admin).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "admin",
    responses((status = 200, description = "Tokens", body = List<TokenView>), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn tokens(call: Call) -> Result<HttpResponse, ApiError> {
    call.require(Role::Admin)?;
    Ok(every(&call.state.store.tokens().await?, views::token))
}

/// Creates an API token (admin); the secret is in this response only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "admin",
    request_body(content = NewToken, content_type = "application/json"),
    responses((status = 201, description = "Created; `token` is shown once", body = CreatedToken), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_token(
    call: Call,
    Typed(NewToken { name, role }): Typed<NewToken>,
) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Admin)?;
    let name = UserName::parse(name)?;
    let secret = auth::new_secret().map_err(ApiError::internal)?;
    let token = call
        .state
        .store
        .create_token(&actor, &name, role, &auth::secret_hash(&secret))
        .await?;
    Ok(HttpResponse::Created().json(CreatedToken {
        id: token.id,
        name: token.name,
        role: token.role,
        token: secret,
    }))
}

/// Revokes a token (admin).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "admin",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204, description = "Revoked"), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn revoke_token(call: ById) -> Result<HttpResponse, ApiError> {
    let actor = call.require(Role::Admin)?;
    let id = &call.path;
    let missing = || ApiError::NotFound(format!("no live token has the id `{id}`"));
    let number: i64 = id.parse().map_err(|_| missing())?;
    if call.state.store.revoke_token(&actor, number).await? {
        call.state.credentials.clear();
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(missing())
    }
}
