//! Users, API tokens and the audit log.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Role;

/// One recorded write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// A user, without the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// The user's id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// Whether an admin disabled the account: it cannot sign in, and its sessions and
    /// the API tokens it created do not work.
    pub disabled: bool,
    /// Whether the user must set a new password at their next sign-in.
    pub must_change_password: bool,
}

/// `{role}`: the role to give a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    /// The new role.
    pub role: Role,
}

/// A password reset: the temporary password, shown once, which the user must replace
/// at their next sign-in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    /// The user.
    pub name: String,
    /// The temporary password; stored only as a hash.
    pub password: String,
}

redacted_debug!(PasswordReset { name });

/// How many sessions were ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    /// The number of sessions ended.
    pub ended: u64,
}

/// An API token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenView {
    /// The token's id (for revoking it).
    pub id: i64,
    /// What it is for.
    pub name: String,
    /// The role it acts with.
    pub role: Role,
    /// Who created it.
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// When it was revoked; `null` while it is live.
    pub revoked_at: Option<String>,
}

/// A token just created: the only response that carries its secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    /// The token's id.
    pub id: i64,
    /// What it is for.
    pub name: String,
    /// The role it acts with.
    pub role: Role,
    /// The secret, for `Authorization: Bearer TOKEN`; shown once, stored only as a hash.
    pub token: String,
}

redacted_debug!(CreatedToken { id, name, role });

/// A user just created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedUser {
    /// The user's id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// `{name, role, password}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Sign-in name: 1 to 64 characters, no spaces or control characters.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UserName))]
    pub name: String,
    /// Role.
    pub role: Role,
    /// Password, 10 to 1,024 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::NewPassword))]
    pub password: String,
}

redacted_debug!(NewUser { name, role });

/// `{name, role}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for: 1 to 64 characters, no spaces or control characters.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UserName))]
    pub name: String,
    /// The role it acts with.
    pub role: Role,
}
