//! Admin resources: users, API tokens and the audit log.

use actix_web::{HttpResponse, web};
use api::{
    AuditEntry, CreatedToken, CreatedUser, List, NewToken, NewUser, Page, TokenView, UserView,
};
use sea_orm::DbErr;
use serde::Serialize;

use crate::auth::{self, Role};
use crate::domain::{Password, UserName};
use crate::error::ApiError;
use crate::routes::body::Typed;
use crate::routes::call::{ById, Call};
use crate::routes::{Paging, collection, views};
use crate::storage::Store;

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/audit").route(web::get().to(audit)))
        .service(collection("/users", users, create_user))
        .service(collection("/tokens", tokens, create_token))
        .service(web::resource("/tokens/{id}").route(web::delete().to(revoke_token)));
}

/// The audit log, newest first (admin).
#[utoipa::path(get, path = "/api/v1/audit", tag = "admin",
    params(("page" = Option<u64>, Query, minimum = 1, maximum = 1000000, description = "1-based page, at most 1,000,000"), ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "1 to 100, default 20")),
    responses((status = 200, description = "A page of audit entries", body = Page<AuditEntry>), (status = 400), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn audit(call: Call<(), web::Query<Paging>>) -> Result<HttpResponse, ApiError> {
    call.require(Role::Admin)?;
    let (page, per_page) = call.query.checked()?;
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
    every(&call, Store::users, views::user).await
}

/// Every row that `rows` reads from the store (admin), each as `view` shows it, in a
/// [`List`].
async fn every<R, T: Serialize>(
    call: &Call,
    rows: impl AsyncFnOnce(&Store) -> Result<Vec<R>, DbErr>,
    view: impl Fn(&R) -> T,
) -> Result<HttpResponse, ApiError> {
    call.require(Role::Admin)?;
    let items: Vec<T> = rows(&call.state.store).await?.iter().map(view).collect();
    Ok(HttpResponse::Ok().json(List { items }))
}

/// Creates a user (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = "admin",
    request_body(content = NewUser, content_type = "application/json"),
    responses((status = 201, description = "Created", body = CreatedUser), (status = 401), (status = 403), (status = 409, description = "A user of that name exists"), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_user(call: Call, body: Typed<NewUser>) -> Result<HttpResponse, ApiError> {
    let NewUser {
        name,
        role,
        password,
    } = body.into_inner();
    let (actor, name) = admin_naming(&call, name)?;
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

/// An admin naming a new user or token: 401 or 403 first, then the name's rule; the
/// actor and the name.
fn admin_naming(call: &Call, name: String) -> Result<(String, UserName), ApiError> {
    let actor = call.require(Role::Admin)?;
    Ok((actor, UserName::parse(name)?))
}

/// Every token, without secrets (admin).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "admin",
    responses((status = 200, description = "Tokens", body = List<TokenView>), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn tokens(call: Call) -> Result<HttpResponse, ApiError> {
    every(&call, Store::tokens, views::token).await
}

/// Creates an API token (admin); the secret is in this response only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "admin",
    request_body(content = NewToken, content_type = "application/json"),
    responses((status = 201, description = "Created; `token` is shown once", body = CreatedToken), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_token(call: Call, body: Typed<NewToken>) -> Result<HttpResponse, ApiError> {
    let NewToken { name, role } = body.into_inner();
    let (actor, name) = admin_naming(&call, name)?;
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
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(missing())
    }
}
