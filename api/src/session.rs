//! Sign-in, the caller, and the first admin's setup.

use serde::{Deserialize, Serialize};

use crate::Role;

/// Who signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedIn {
    /// The user's name.
    pub name: String,
    /// Their role.
    pub role: Role,
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// `user:NAME` or `token:NAME`, as the audit log names the caller.
    pub actor: String,
    /// The caller's role.
    pub role: Option<Role>,
}

/// `{"name": "...", "password": "..."}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// Sign-in name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// `{token, name, password}`, as JSON or a form.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Setup {
    /// The one-time link's token.
    pub token: String,
    /// The admin's name: 1 to 64 characters, no spaces or control characters.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UserName))]
    pub name: String,
    /// The admin's password, 10 to 1,024 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::NewPassword))]
    pub password: String,
}

/// `{name, password, new_password}`: a user sets a new password, after an admin's
/// reset or at any time.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// Sign-in name.
    pub name: String,
    /// The current password (the temporary one after a reset).
    pub password: String,
    /// The new password, 10 to 1,024 characters, not the current one.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::NewPassword))]
    pub new_password: String,
}

/// The problem type (`type` of the problem details) of a sign-in with the right
/// password that an admin reset: the user must set a new one with
/// `POST /api/v1/auth/password` first.
pub const PASSWORD_CHANGE_REQUIRED: &str = "urn:planner:problem:password-change-required";

redacted_debug!(Credentials { name });
redacted_debug!(PasswordChange { name });
redacted_debug!(Setup { name });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let credentials = Credentials {
            name: "wang".to_owned(),
            password: "correct horse battery".to_owned(),
        };
        let shown = format!("{credentials:?}");
        assert!(shown.contains("wang"));
        assert!(!shown.contains("horse"));
    }
}
