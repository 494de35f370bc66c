//! User administration (admin): disable and enable a user, change their role, reset
//! their password, end their sessions, delete them. The rules (the last enabled admin
//! stays) are [`crate::domain::accounts`]'s, applied by the store in the write's
//! transaction; every action is audited there.

use actix_web::{HttpResponse, web};
use api::{PasswordReset, RoleBody, SessionsEnded, UserView};

use crate::auth::{self, Role};
use crate::domain::{AccountChange, Password, UserName};
use crate::error::ApiError;
use crate::routes::body::Typed;
use crate::routes::call::Call;
use crate::routes::views;
use crate::storage::AccountChanged;

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/users/{name}").route(web::delete().to(delete)))
        .service(web::resource("/users/{name}/disable").route(web::post().to(disable)))
        .service(web::resource("/users/{name}/enable").route(web::post().to(enable)))
        .service(web::resource("/users/{name}/role").route(web::post().to(set_role)))
        .service(
            web::resource("/users/{name}/password-reset").route(web::post().to(reset_password)),
        )
        .service(web::resource("/users/{name}/sessions").route(web::delete().to(end_sessions)));
}

/// The path of a user's resources, as the description states it.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UserPath {
    /// The user's sign-in name: 1 to 64 characters without spaces.
    #[param(min_length = 1, max_length = 64, pattern = "^\\S+$")]
    name: String,
}

/// A call to a user's resource.
type ByName = Call<web::Path<UserPath>>;

/// The admin's actor name and the user the path names: 401 or 403 first, then 404 for
/// a name no user can have.
fn target(call: &ByName) -> Result<(String, UserName), ApiError> {
    let actor = call.require(Role::Admin)?;
    let name = UserName::parse(call.path.name.as_str()).map_err(|_| no_user(call))?;
    Ok((actor, name))
}

fn no_user(call: &ByName) -> ApiError {
    ApiError::NotFound(format!("no user is named `{}`", call.path.name.as_str()))
}

/// Makes `change` to the user the path names, as the admin `actor`: 404 if there is no
/// such user, 409 if it would leave no enabled admin.
async fn apply(
    call: &ByName,
    actor: &str,
    name: &UserName,
    change: AccountChange,
) -> Result<AccountChanged, ApiError> {
    let changed = call
        .state
        .store
        .change_account(actor, name, change)
        .await?
        .ok_or_else(|| no_user(call))?;
    Ok(changed)
}

/// Makes `change` to the user the path names, as the admin calling: [`target`], then
/// [`apply`].
async fn change_named(call: &ByName, change: AccountChange) -> Result<AccountChanged, ApiError> {
    let (actor, name) = target(call)?;
    apply(call, &actor, &name, change).await
}

/// `change` to the user the path names, answered with the user as they are now.
async fn changed_view(call: ByName, change: AccountChange) -> Result<HttpResponse, ApiError> {
    let changed = change_named(&call, change).await?;
    let user = changed.user.as_ref().ok_or_else(|| no_user(&call))?;
    Ok(HttpResponse::Ok().json(views::user(user)))
}

/// Disables a user (admin): they cannot sign in, and their sessions and the API tokens
/// they created stop working at once. The last enabled admin cannot be disabled.
#[utoipa::path(post, path = "/api/v1/users/{name}/disable", tag = "admin",
    params(UserPath),
    responses((status = 200, description = "Disabled", body = UserView), (status = 401), (status = 403), (status = 404), (status = 409, description = "The last enabled admin")),
    security(("bearer" = []), ("session" = [])))]
pub async fn disable(call: ByName) -> Result<HttpResponse, ApiError> {
    changed_view(call, AccountChange::Disable).await
}

/// Enables a disabled user again (admin).
#[utoipa::path(post, path = "/api/v1/users/{name}/enable", tag = "admin",
    params(UserPath),
    responses((status = 200, description = "Enabled", body = UserView), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn enable(call: ByName) -> Result<HttpResponse, ApiError> {
    changed_view(call, AccountChange::Enable).await
}

/// Gives a user another role (admin). The last enabled admin cannot be demoted.
#[utoipa::path(post, path = "/api/v1/users/{name}/role", tag = "admin",
    params(UserPath),
    request_body(content = RoleBody, content_type = "application/json"),
    responses((status = 200, description = "The role is changed", body = UserView), (status = 401), (status = 403), (status = 404), (status = 409, description = "The last enabled admin"), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_role(call: ByName, body: Typed<RoleBody>) -> Result<HttpResponse, ApiError> {
    changed_view(call, AccountChange::Role(body.into_inner().role)).await
}

/// Resets a user's password (admin): answers a temporary password, shown once, which
/// the user must replace at their next sign-in; their sessions end.
#[utoipa::path(post, path = "/api/v1/users/{name}/password-reset", tag = "admin",
    params(UserPath),
    responses((status = 200, description = "The temporary password, shown once", body = PasswordReset), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn reset_password(call: ByName) -> Result<HttpResponse, ApiError> {
    let (actor, name) = target(&call)?;
    let temporary = auth::new_secret().map_err(ApiError::internal)?;
    let password = Password::parse(temporary.clone())?;
    let hash = auth::hash_new_password(password).await?;
    apply(&call, &actor, &name, AccountChange::ResetPassword(hash)).await?;
    Ok(HttpResponse::Ok().json(PasswordReset {
        name: name.to_string(),
        password: temporary,
    }))
}

/// Ends every session of a user (admin); their password and tokens stay.
#[utoipa::path(delete, path = "/api/v1/users/{name}/sessions", tag = "admin",
    params(UserPath),
    responses((status = 200, description = "How many sessions ended", body = SessionsEnded), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn end_sessions(call: ByName) -> Result<HttpResponse, ApiError> {
    let changed = change_named(&call, AccountChange::EndSessions).await?;
    Ok(HttpResponse::Ok().json(SessionsEnded {
        ended: changed.sessions_ended,
    }))
}

/// Deletes a user (admin): their sessions end and the API tokens they created are
/// revoked; the audit log keeps every entry, which names them. The last enabled admin
/// cannot be deleted.
#[utoipa::path(delete, path = "/api/v1/users/{name}", tag = "admin",
    params(UserPath),
    responses((status = 204, description = "Deleted"), (status = 401), (status = 403), (status = 404), (status = 409, description = "The last enabled admin")),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete(call: ByName) -> Result<HttpResponse, ApiError> {
    change_named(&call, AccountChange::Delete).await?;
    Ok(HttpResponse::NoContent().finish())
}
