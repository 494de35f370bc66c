//! Health and errors.

use serde::{Deserialize, Serialize};
use shared::Problem;

/// The server is up and its database answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok`.
    #[cfg_attr(feature = "openapi", schema(example = "ok"))]
    pub status: String,
    /// `sqlite` or `postgres`.
    #[cfg_attr(feature = "openapi", schema(example = "sqlite"))]
    pub database: String,
    /// The server's version.
    pub version: String,
}

/// An RFC 9457 problem details object: every error the API answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemDetails {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(example = "about:blank"))]
    pub kind: String,
    /// The status's reason phrase.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong and what to do about it.
    pub detail: String,
    /// For 422: every problem with its field path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<Problem>>,
}

impl ProblemDetails {
    /// The sentence a person reads: the detail, then every listed problem with its
    /// field path.
    pub fn sentence(&self) -> String {
        match self.problems.as_deref() {
            None | Some([]) => format!("{} ({})", self.detail, self.status),
            Some(problems) => {
                let listed: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect();
                format!("{} ({}): {}", self.detail, self.status, listed.join("; "))
            }
        }
    }
}
