//! Browser sign-in: `POST /auth/sign-in`, `POST /auth/sign-out`, `GET /auth/me`, a
//! user's new password `POST /auth/password`, and the first-start setup link
//! `GET|POST /auth/setup`.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{Either, FromRequest, HttpRequest, HttpResponse, web};
use api::{Credentials, Me, PasswordChange, Setup, SignedIn};

use crate::auth::{self, Caller, SESSION_COOKIE};
use crate::domain::{AccountError, Password, UserName, accounts};
use crate::error::ApiError;
use crate::limits::{self, Attempt};
use crate::routes::body::Typed;
use crate::routes::setup_page;
use crate::startup::AppState;
use crate::storage::SESSION_HOURS;
use crate::storage::entities::user::Model as User;

pub use crate::domain::users::{MAX_PASSWORD_CHARS, MAX_USER_NAME_CHARS, MIN_PASSWORD_CHARS};

/// Mounts the resources.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/auth/sign-in").route(web::post().to(sign_in)))
        .service(web::resource("/auth/password").route(web::post().to(change_password)))
        .service(web::resource("/auth/setup.js").route(web::get().to(setup_script)))
        .service(web::resource("/auth/sign-out").route(web::post().to(sign_out)))
        .service(web::resource("/auth/me").route(web::get().to(me)))
        .service(
            web::resource("/auth/setup")
                .route(web::get().to(setup_page))
                .route(web::post().to(setup)),
        );
}

/// What a write that signs someone in starts from (sign-in, a new password, the first
/// admin): the application, the request and its body `B`, extracted in that order, and
/// then a browser's request from another origin refused (403, [`auth::check_origin`]).
pub struct SigningIn<B> {
    /// The application.
    pub state: web::Data<AppState>,
    /// The request: its client address, cookies and scheme.
    pub request: HttpRequest,
    /// The body.
    pub body: B,
}

impl<B: FromRequest + 'static> FromRequest for SigningIn<B> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<SigningIn<B>, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let body = B::from_request(request, payload);
        let request = request.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let body = body.await.map_err(Into::into)?;
            auth::check_origin(&request, false)?;
            Ok(SigningIn {
                state,
                request,
                body,
            })
        })
    }
}

fn session_cookie(request: &HttpRequest, value: String) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(request.connection_info().scheme() == "https")
        .max_age(CookieDuration::hours(SESSION_HOURS))
        .finish()
}

async fn start_session(
    state: &AppState,
    request: &HttpRequest,
    user: &User,
) -> Result<HttpResponse, ApiError> {
    let secret = auth::new_secret().map_err(ApiError::internal)?;
    state
        .store
        .create_session(user, &auth::secret_hash(&secret))
        .await?;
    Ok(HttpResponse::Ok()
        .cookie(session_cookie(request, secret))
        .json(SignedIn {
            name: user.name.clone(),
            role: user.role,
        }))
}

/// A browser that posted the setup form goes on to the app, signed in.
fn to_app(response: HttpResponse) -> HttpResponse {
    let mut redirect = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/"))
        .finish();
    for cookie in response.cookies() {
        let _ = redirect.add_cookie(&cookie.into_owned());
    }
    redirect
}

/// Signs in with name and password; sets the HttpOnly, SameSite=Strict session
/// cookie. Failed attempts are limited per account and per client address, on every
/// instance together (429 with `Retry-After`). A disabled account is refused (403); so
/// is the right password an admin reset (403 of the problem type
/// `urn:planner:problem:password-change-required`: set a new one with
/// `POST /api/v1/auth/password`).
#[utoipa::path(post, path = "/api/v1/auth/sign-in", tag = "auth",
    request_body(content = Credentials, content_type = "application/json"),
    responses((status = 200, description = "Signed in; the cookie is set", body = SignedIn), (status = 401), (status = 403, description = "The account is disabled, or its password must be changed first"), (status = 429)))]
pub async fn sign_in(call: SigningIn<Typed<Credentials>>) -> Result<HttpResponse, ApiError> {
    let Credentials { name, password } = call.body.into_inner();
    let user = verified_user(&call.state, &call.request, name, password).await?;
    accounts::check_sign_in(&user.name, user.account())?;
    start_session(&call.state, &call.request, &user).await
}

/// The user these are the name and password of, the attempt counted against the
/// sign-in limits; 401 for a wrong name or password.
async fn verified_user(
    state: &AppState,
    request: &HttpRequest,
    name: String,
    password: String,
) -> Result<User, ApiError> {
    let address = state.trusted_proxies.client_of(request);
    let counted = limits::count(&state.store, Attempt::SignIn { account: &name }, &address).await?;
    let user = match UserName::parse(name) {
        Ok(name) => state.store.user_by_name(&name).await?,
        Err(_) => None,
    };
    // An unknown name costs as much as a wrong password, so timing does not tell
    // which names exist.
    let hash = user.as_ref().and_then(|user| user.password_hash.clone());
    let known = hash.is_some();
    let verified = password.chars().count() <= MAX_PASSWORD_CHARS
        && web::block(move || match &hash {
            Some(hash) => auth::verify_password(&password, hash),
            None => auth::verify_password(&password, auth::dummy_password_hash()),
        })
        .await
        .map_err(ApiError::internal)?
        && known;
    match user {
        Some(user) if verified => {
            counted.forget(&state.store).await?;
            Ok(user)
        }
        _ => Err(ApiError::Unauthorized("wrong name or password".to_owned())),
    }
}

/// Sets a new password with the current one — the temporary password after an admin's
/// reset, which sign-in answers with a 403 of the problem type
/// `urn:planner:problem:password-change-required` — and signs in: every other session
/// of the user ends. Attempts count against the sign-in limits.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth",
    request_body(content = PasswordChange, content_type = "application/json"),
    responses((status = 200, description = "The new password is set and the user signed in; the cookie is set", body = SignedIn), (status = 401, description = "Wrong name or password"), (status = 403, description = "The account is disabled"), (status = 422, description = "The new password is 10 to 1,024 characters and not the current one"), (status = 429)))]
pub async fn change_password(
    call: SigningIn<Typed<PasswordChange>>,
) -> Result<HttpResponse, ApiError> {
    let PasswordChange {
        name,
        password,
        new_password,
    } = call.body.into_inner();
    let rule = |rule: String| ApiError::invalid_field("new_password", rule);
    if new_password == password {
        return Err(rule("must not be the current password".to_owned()));
    }
    let new_password = Password::parse(new_password).map_err(|refusal| rule(refusal.rule()))?;
    let user = verified_user(&call.state, &call.request, name, password).await?;
    let hash = auth::hash_new_password(new_password).await?;
    if !call.state.store.set_password(&user, hash).await? {
        return Err(AccountError::Disabled(user.name).into());
    }
    start_session(&call.state, &call.request, &user).await
}

/// Ends the session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/sign-out", tag = "auth",
    responses((status = 204, description = "Signed out")))]
pub async fn sign_out(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    auth::check_origin(&request, true)?;
    if let Some(cookie) = request.cookie(SESSION_COOKIE) {
        state
            .store
            .delete_session(&auth::secret_hash(cookie.value()))
            .await?;
    }
    let mut gone = session_cookie(&request, String::new());
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// Who the credentials belong to.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, description = "The caller's name and role", body = Me), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn me(caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(crate::auth::Role::Viewer)?;
    Ok(HttpResponse::Ok().json(Me {
        actor: caller.actor(),
        role: caller.role(),
    }))
}

/// A form to create the first admin with the one-time link `serve` printed, in the
/// reader's language (`?lang=`, else the browser's). The link carries its token in the
/// fragment, which browsers never send, so it stays out of request logs; `setup.js`
/// copies it into the form.
#[utoipa::path(get, path = "/api/v1/auth/setup", tag = "auth",
    params(("lang" = Option<String>, Query, description = "zh or en; else the language the app remembers, else Accept-Language")),
    responses((status = 200, description = "The HTML form that creates the first admin", content_type = "text/html", body = String)))]
pub async fn setup_page(request: HttpRequest) -> HttpResponse {
    setup_page::page(
        setup_page::language(&request),
        MIN_PASSWORD_CHARS,
        MAX_USER_NAME_CHARS,
    )
}

/// The setup page's script.
pub async fn setup_script() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/javascript; charset=utf-8"))
        .body(setup_page::SCRIPT)
}

/// Creates the first admin with the one-time link's token and signs them in. The
/// link works once, for 24 hours, and only while no admin exists.
#[utoipa::path(post, path = "/api/v1/auth/setup", tag = "auth",
    request_body(content = Setup, content_type = "application/json"),
    responses((status = 200, description = "Admin created and signed in", body = SignedIn), (status = 401, description = "Unknown, used or expired link"), (status = 422), (status = 429)))]
pub async fn setup(
    call: SigningIn<Either<web::Json<Setup>, web::Form<Setup>>>,
) -> Result<HttpResponse, ApiError> {
    let Setup {
        token,
        name,
        password,
    } = match &call.body {
        Either::Left(json) => json.0.clone(),
        Either::Right(form) => form.0.clone(),
    };
    let address = call.state.trusted_proxies.client_of(&call.request);
    let counted = limits::count(&call.state.store, Attempt::Setup, &address).await?;
    let name = UserName::parse(name)?;
    let password = Password::parse(password)?;
    let hash = auth::hash_new_password(password).await?;
    let user = match call
        .state
        .store
        .redeem_sign_in_link(&auth::secret_hash(&token), &name, hash)
        .await
    {
        Ok(Some(user)) => {
            counted.forget(&call.state.store).await?;
            user
        }
        Ok(None) => {
            return Err(ApiError::Unauthorized(
                "the sign-in link is unknown, used or expired, or an admin exists already; run `planner setup-link` for a new one, or use `planner user create`".to_owned(),
            ));
        }
        Err(error) => return Err(error.into()),
    };
    let response = start_session(&call.state, &call.request, &user).await?;
    Ok(match call.body {
        Either::Left(_) => response,
        Either::Right(_) => to_app(response),
    })
}
