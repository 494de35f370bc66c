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
    /// `about:blank` (the status says what kind of problem it is), except a sign-in
    /// whose password an admin reset: [`crate::PASSWORD_CHANGE_REQUIRED`].
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(example = "about:blank"))]
    pub kind: String,
    /// The status's reason phrase.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong and what to do about it.
    pub detail: String,
    /// For 422: every problem with its field path — the first
    /// [`PROBLEMS_LISTED`] of them when there are more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<Problem>>,
    /// For 422: how many problems were found beyond those listed (absent when all are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more_problems: Option<usize>,
}

/// At most this many problems are listed in one reply, so a large bad body cannot buy
/// a much larger answer; the count of the rest is in `more_problems`.
pub const PROBLEMS_LISTED: usize = 100;

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
                let more = self
                    .more_problems
                    .map_or_else(String::new, |n| format!("; and {n} more"));
                format!(
                    "{} ({}): {}{more}",
                    self.detail,
                    self.status,
                    listed.join("; ")
                )
            }
        }
    }
}
