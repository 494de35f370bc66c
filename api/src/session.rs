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
    /// The admin's name.
    pub name: String,
    /// The admin's password.
    pub password: String,
}

/// Secrets never reach a log through `{:?}`.
macro_rules! redacted_debug {
    ($name:ident { $($shown:ident),* }) => {
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($shown), &self.$shown))*
                    .finish_non_exhaustive()
            }
        }
    };
}

redacted_debug!(Credentials { name });
redacted_debug!(Setup { name });
