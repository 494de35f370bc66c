//! Admin resources: users, API tokens and the audit log.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::{self, Caller, Role};
use crate::error::ApiError;
use crate::routes::Paging;
use crate::routes::session::{check_password, check_user_name};
use crate::startup::AppState;
use crate::storage::{StorageError, timestamp};

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

/// One recorded write.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    /// Its place in the log.
    pub id: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who: `user:NAME`, `token:NAME` or `cli`.
    pub actor: String,
    /// What, e.g. `scenario.update`.
    pub action: String,
    /// The kind of thing changed: `scenario`, `user` or `token`.
    pub entity: String,
    /// Its id.
    pub entity_id: Option<String>,
    /// What it was before (JSON), if anything.
    pub before: Option<Value>,
    /// What it is after (JSON), if anything.
    pub after: Option<Value>,
}

/// A page of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// The entries on this page, newest first.
    pub items: Vec<AuditEntry>,
    /// The 1-based page.
    pub page: u64,
    /// Items a page.
    pub per_page: u64,
    /// How many entries there are.
    pub total: u64,
}

/// A user, without the password hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    /// The user's id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// Role.
    #[schema(value_type = Role)]
    pub role: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

/// Every user.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    /// By id.
    pub items: Vec<UserView>,
}

/// An API token, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// The token's id (for revoking it).
    pub id: i64,
    /// What it is for.
    pub name: String,
    /// The role it acts with.
    #[schema(value_type = Role)]
    pub role: String,
    /// Who created it.
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// When it was revoked; `null` while it is live.
    pub revoked_at: Option<String>,
}

/// Every token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    /// By id.
    pub items: Vec<TokenView>,
}

/// A token just created: the only response that carries its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token's id.
    pub id: i64,
    /// What it is for.
    pub name: String,
    /// The role it acts with.
    #[schema(value_type = Role)]
    pub role: String,
    /// The secret, for `Authorization: Bearer TOKEN`; shown once, stored only as a hash.
    pub token: String,
}

/// A user just created.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    /// The user's id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// Role.
    #[schema(value_type = Role)]
    pub role: String,
}

/// The audit log, newest first (admin).
#[utoipa::path(get, path = "/api/v1/audit", tag = "admin",
    params(("page" = Option<u64>, Query, description = "1-based page"), ("per_page" = Option<u64>, Query, description = "1 to 100")),
    responses((status = 200, description = "A page of audit entries", body = AuditPage), (status = 400), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn audit(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<Paging>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Admin)?;
    let (page, per_page) = query.checked()?;
    let (rows, total) = state.store.audit(page, per_page).await?;
    let parse = |text: &Option<String>| {
        text.as_deref().map(|text| {
            serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.to_owned()))
        })
    };
    let items = rows
        .iter()
        .map(|row| AuditEntry {
            id: row.id,
            at: timestamp(row.at),
            actor: row.actor.clone(),
            action: row.action.clone(),
            entity: row.entity.clone(),
            entity_id: row.entity_id.clone(),
            before: parse(&row.before),
            after: parse(&row.after),
        })
        .collect();
    Ok(HttpResponse::Ok().json(AuditPage {
        items,
        page,
        per_page,
        total,
    }))
}

/// Every user (admin).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin",
    responses((status = 200, description = "Users", body = UserList), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn users(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Admin)?;
    let users = state.store.users().await?;
    let items = users
        .iter()
        .map(|user| UserView {
            id: user.id,
            name: user.name.clone(),
            role: user.role.clone(),
            created_at: timestamp(user.created_at),
        })
        .collect();
    Ok(HttpResponse::Ok().json(UserList { items }))
}

/// `{name, role, password}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Sign-in name.
    pub name: String,
    /// Role.
    #[schema(value_type = Role)]
    pub role: String,
    /// Password, 10 to 1,024 characters.
    pub password: String,
}

fn role_of(text: &str) -> Result<Role, ApiError> {
    Role::parse(text).ok_or_else(|| {
        ApiError::invalid_field(
            "role",
            format!("unknown role `{text}`: expected viewer, planner, approver or admin"),
        )
    })
}

/// Creates a user (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = "admin",
    request_body(content = NewUser, content_type = "application/json"),
    responses((status = 201, description = "Created", body = CreatedUser), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewUser>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.require(Role::Admin)?;
    let NewUser {
        name,
        role,
        password,
    } = body.into_inner();
    check_user_name(&name)?;
    let role = role_of(&role)?;
    check_password(&password)?;
    let hash = web::block(move || auth::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    match state
        .store
        .create_user(&actor, &name, role.as_str(), Some(hash))
        .await
    {
        Ok(user) => Ok(HttpResponse::Created().json(CreatedUser {
            id: user.id,
            name: user.name,
            role: user.role,
        })),
        Err(StorageError::UserExists(name)) => Err(ApiError::invalid_field(
            "name",
            format!("a user named `{name}` already exists"),
        )),
        Err(error) => Err(ApiError::internal(error)),
    }
}

/// Every token, without secrets (admin).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "admin",
    responses((status = 200, description = "Tokens", body = TokenList), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn tokens(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Role::Admin)?;
    let tokens = state.store.tokens().await?;
    let items = tokens
        .iter()
        .map(|token| TokenView {
            id: token.id,
            name: token.name.clone(),
            role: token.role.clone(),
            created_by: token.created_by.clone(),
            created_at: timestamp(token.created_at),
            revoked_at: token.revoked_at.map(timestamp),
        })
        .collect();
    Ok(HttpResponse::Ok().json(TokenList { items }))
}

/// `{name, role}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for.
    pub name: String,
    /// The role it acts with.
    #[schema(value_type = Role)]
    pub role: String,
}

/// Creates an API token (admin); the secret is in this response only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "admin",
    request_body(content = NewToken, content_type = "application/json"),
    responses((status = 201, description = "Created; `token` is shown once", body = CreatedToken), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_token(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewToken>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.require(Role::Admin)?;
    let NewToken { name, role } = body.into_inner();
    check_user_name(&name)?;
    let role = role_of(&role)?;
    let secret = auth::new_secret().map_err(ApiError::internal)?;
    let token = state
        .store
        .create_token(&actor, &name, role.as_str(), &auth::secret_hash(&secret))
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
pub async fn revoke_token(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.require(Role::Admin)?;
    let missing = || ApiError::NotFound(format!("no live token has the id `{id}`"));
    let number: i64 = id.parse().map_err(|_| missing())?;
    if state.store.revoke_token(&actor, number).await? {
        state.credentials.clear();
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(missing())
    }
}
