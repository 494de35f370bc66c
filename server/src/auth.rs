//! Roles, credentials and the [`Caller`] extractor.
//!
//! Scripts send `Authorization: Bearer TOKEN`; browsers carry the session cookie set by
//! sign-in. Tokens, session cookies and sign-in links are random 256-bit values of
//! which only the SHA-256 is stored; passwords are hashed with Argon2id.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::domain::{Password, accounts};
use crate::error::ApiError;
use crate::startup::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "planner_session";

/// What a caller may do: the contract's role, stored as its name.
pub use api::Role;

/// Why a credential operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// The operating system's random source failed.
    #[error("cannot draw random bytes: {0}")]
    Random(String),
    /// Argon2 failed.
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// A fresh random secret, URL-safe base64 of 32 bytes.
pub fn new_secret() -> Result<String, CredentialError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| CredentialError::Random(error.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The SHA-256 of a secret, lowercase hex: what the database keeps.
pub fn secret_hash(secret: &str) -> String {
    use std::fmt::Write as _;
    // Every authenticated request hashes its token: one buffer, no string per byte.
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(secret.as_bytes()) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Hashes a password with Argon2id and a random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, CredentialError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|error| CredentialError::Random(error.to_string()))?;
    let salt =
        SaltString::encode_b64(&salt).map_err(|error| CredentialError::Hash(error.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| CredentialError::Hash(error.to_string()))
}

/// Hashes a new password on a blocking thread, off the server's workers.
pub async fn hash_new_password(password: Password) -> Result<String, ApiError> {
    web::block(move || hash_password(password.expose()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// A valid Argon2id hash of a random password, to verify against when the account
/// does not exist.
pub fn dummy_password_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        new_secret()
            .ok()
            .and_then(|secret| hash_password(&secret).ok())
            .unwrap_or_default()
    })
}

/// Whether `password` matches the PHC string `hash`; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// No credentials.
    Anonymous,
    /// A signed-in user.
    User {
        /// Sign-in name.
        name: String,
        /// Role.
        role: Role,
    },
    /// A script with an API token.
    Token {
        /// The token's name.
        name: String,
        /// Role.
        role: Role,
    },
}

impl Caller {
    /// The role, if any.
    pub fn role(&self) -> Option<Role> {
        match self {
            Caller::Anonymous => None,
            Caller::User { role, .. } | Caller::Token { role, .. } => Some(*role),
        }
    }

    /// How the audit log names the caller.
    pub fn actor(&self) -> String {
        match self {
            Caller::Anonymous => "anonymous".to_owned(),
            Caller::User { name, .. } => format!("user:{name}"),
            Caller::Token { name, .. } => format!("token:{name}"),
        }
    }

    /// The caller's actor name if their role is at least `needed`: 401 without
    /// credentials, 403 with too low a role.
    pub fn require(&self, needed: Role) -> Result<String, ApiError> {
        self.authorise(needed).map(|(actor, _)| actor)
    }

    /// [`Caller::require`], and the caller's role with the actor name.
    pub fn authorise(&self, needed: Role) -> Result<(String, Role), ApiError> {
        match self.role() {
            None => Err(ApiError::Unauthorized(format!(
                "this needs the {needed} role: send `Authorization: Bearer TOKEN` or sign in at POST /api/v1/auth/sign-in"
            ))),
            Some(role) if role < needed => Err(ApiError::Forbidden(format!(
                "this needs the {needed} role; your role is {role}"
            ))),
            Some(role) => Ok((self.actor(), role)),
        }
    }
}

/// Whether the request comes from a page of this server's own origin, as far as the
/// browser says: `Sec-Fetch-Site` when sent, else `Origin` against the `Host` the
/// request was sent to. `None` when the browser said neither.
fn same_origin(request: &HttpRequest) -> Option<bool> {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return Some(site.as_bytes() == b"same-origin");
    }
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    let host = origin
        .split_once("://")
        .map_or("", |(_, rest)| rest.trim_end_matches('/'));
    Some(!host.is_empty() && host.eq_ignore_ascii_case(request.connection_info().host()))
}

/// Refuses a write that rides on the session cookie (no `Authorization` header) unless
/// the browser says it comes from this server's own pages, so another site — even a
/// same-site one, another port or subdomain — cannot act as a signed-in user.
/// Reads and token-authenticated calls pass; `strict` also refuses when the browser
/// said nothing about the origin (every write carrying the cookie), else only a
/// cross-origin one (sign-in, which carries no cookie yet).
pub fn check_origin(request: &HttpRequest, strict: bool) -> Result<(), ApiError> {
    let by_token = request.headers().contains_key(header::AUTHORIZATION);
    let no_session = strict && request.cookie(SESSION_COOKIE).is_none();
    if request.method().is_safe() || by_token || no_session {
        return Ok(());
    }
    match same_origin(request) {
        Some(true) => Ok(()),
        None if !strict => Ok(()),
        _ => Err(ApiError::Forbidden(
            "a write signed in by the session cookie must come from this server's own pages \
             (Origin or Sec-Fetch-Site); scripts use an API token"
                .to_owned(),
        )),
    }
}

async fn identify(request: HttpRequest) -> Result<Caller, ApiError> {
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    identify_with(&request, state).await
}

/// Who sent the request, read from the database every time: a revoked token, a
/// signed-out or expired session and a changed user take effect at once on every
/// instance on the database, with no cache to outlive them.
async fn identify_with(request: &HttpRequest, state: &AppState) -> Result<Caller, ApiError> {
    if let Some(value) = request.headers().get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|text| {
                let (scheme, rest) = text.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .ok_or_else(|| {
                ApiError::Unauthorized("the Authorization header must be `Bearer TOKEN`".to_owned())
            })?;
        let token = match state.store.token_by_hash(&secret_hash(token)).await? {
            // A token acts for the user who created it: not while they are disabled,
            // and with at most their role now.
            Some(token) => {
                let creator = state.store.token_creator(&token).await?;
                accounts::token_role(token.role, creator).map(|role| (token, role))
            }
            None => None,
        };
        return match token {
            Some((token, role)) => Ok(Caller::Token {
                role,
                name: token.name,
            }),
            None => Err(ApiError::Unauthorized(
                "the API token is unknown or revoked, or the user who created it is disabled; ask an admin for a new one".to_owned(),
            )),
        };
    }
    if let Some(cookie) = request.cookie(SESSION_COOKIE) {
        check_origin(request, true)?;
        if let Some(user) = state
            .store
            .user_by_session(&secret_hash(cookie.value()))
            .await?
            && accounts::check_sign_in(&user.name, user.account()).is_ok()
        {
            return Ok(Caller::User {
                role: user.role,
                name: user.name,
            });
        }
    }
    Ok(Caller::Anonymous)
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        Box::pin(identify(request.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_from_viewer_to_admin() {
        assert!(Role::Viewer < Role::Planner);
        assert!(Role::Planner < Role::Approver);
        assert!(Role::Approver < Role::Admin);
        assert_eq!("approver".parse::<Role>().ok(), Some(Role::Approver));
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn secrets_are_distinct_and_hashes_are_hex() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a).len(), 64);
    }

    #[test]
    fn an_anonymous_caller_gets_401_and_a_low_role_403() {
        let anonymous = Caller::Anonymous.require(Role::Viewer);
        assert!(matches!(anonymous, Err(ApiError::Unauthorized(_))));
        let viewer = Caller::Token {
            name: "t".into(),
            role: Role::Viewer,
        };
        assert!(matches!(
            viewer.require(Role::Planner),
            Err(ApiError::Forbidden(_))
        ));
        assert_eq!(
            viewer.require(Role::Viewer).ok(),
            Some("token:t".to_owned())
        );
    }
}
