//! [`ApiError`]: every failure of the API, rendered as RFC 9457 problem details.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use api::ProblemDetails;

use shared::Problem;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Why a request failed; each variant maps to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be read (malformed JSON, bad query parameter).
    #[error("{0}")]
    BadRequest(String),
    /// 401: no credentials, or credentials that do not work.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the caller's role is too low.
    #[error("{0}")]
    Forbidden(String),
    /// 403 of the problem type [`api::PASSWORD_CHANGE_REQUIRED`]: the password is right
    /// but was reset by an admin, so a new one must be set first.
    #[error("{0}")]
    PasswordChangeRequired(String),
    /// 404: no such resource.
    #[error("{0}")]
    NotFound(String),
    /// 408: the body did not arrive within [`crate::deadline::BODY_SECONDS`].
    #[error("{0}")]
    RequestTimeout(String),
    /// 409: the resource's state forbids the change.
    #[error("{0}")]
    Conflict(String),
    /// 412: `If-Match` names a revision that is no longer current.
    #[error("{0}")]
    PreconditionFailed(String),
    /// 413: the body is larger than the limit.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 415: the body is not of a media type the endpoint reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: a scenario or parameter is invalid; every problem with its field path.
    #[error("{detail}")]
    Invalid {
        /// Summary.
        detail: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// 428: `If-Match` is missing.
    #[error("{0}")]
    PreconditionRequired(String),
    /// 429: too many attempts; retry after the given number of seconds.
    #[error("{detail}")]
    TooManyRequests {
        /// What to do.
        detail: String,
        /// Seconds to wait.
        retry_after: u64,
    },
    /// 500: a fault of the server or its database; the cause is logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
    /// 503: the database cannot be reached.
    #[error("{0}")]
    Unavailable(String),
}

impl ApiError {
    /// A 422 with one problem at `path`.
    pub fn invalid_field(path: &str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError::Invalid {
            detail: format!("{path}: {message}"),
            problems: vec![Problem::new(path, message)],
        }
    }

    /// A 500 for an unexpected failure; logs the cause.
    pub fn internal(error: impl std::fmt::Display) -> ApiError {
        tracing::error!(%error, "internal error");
        ApiError::Internal(error.to_string())
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(error: sea_orm::DbErr) -> ApiError {
        ApiError::internal(error)
    }
}

impl From<shared::ScenarioError> for ApiError {
    fn from(error: shared::ScenarioError) -> ApiError {
        let detail = match error.problems.len() {
            1 => format!("the scenario is invalid: {}", error.problems[0]),
            n if n > api::PROBLEMS_LISTED => format!(
                "the scenario has {n} problems; the first {} are listed with their field paths",
                api::PROBLEMS_LISTED
            ),
            n => format!("the scenario has {n} problems; each is listed with its field path"),
        };
        ApiError::Invalid {
            detail,
            problems: error.problems,
        }
    }
}

impl From<crate::storage::StorageError> for ApiError {
    fn from(error: crate::storage::StorageError) -> ApiError {
        match error {
            crate::storage::StorageError::UserExists(_) => ApiError::Conflict(error.to_string()),
            crate::storage::StorageError::Account(refusal) => refusal.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<crate::domain::CredentialError> for ApiError {
    fn from(error: crate::domain::CredentialError) -> ApiError {
        ApiError::invalid_field(error.field(), error.rule())
    }
}

impl From<crate::domain::NoteError> for ApiError {
    fn from(error: crate::domain::NoteError) -> ApiError {
        ApiError::invalid_field("note", error.to_string())
    }
}

impl From<crate::domain::AccountError> for ApiError {
    fn from(error: crate::domain::AccountError) -> ApiError {
        use crate::domain::AccountError;
        match error {
            AccountError::LastAdmin { .. } => ApiError::Conflict(error.to_string()),
            AccountError::Disabled(_) => ApiError::Forbidden(error.to_string()),
            AccountError::PasswordChangeRequired(_) => {
                ApiError::PasswordChangeRequired(error.to_string())
            }
        }
    }
}

impl From<crate::domain::WorkflowError> for ApiError {
    fn from(error: crate::domain::WorkflowError) -> ApiError {
        match error {
            crate::domain::WorkflowError::Forbidden { .. } => {
                ApiError::Forbidden(error.to_string())
            }
            crate::domain::WorkflowError::NoteRequired => {
                ApiError::invalid_field("note", error.to_string())
            }
            _ => ApiError::Conflict(error.to_string()),
        }
    }
}

impl From<crate::domain::ExecutionError> for ApiError {
    fn from(error: crate::domain::ExecutionError) -> ApiError {
        if error.is_forbidden() {
            ApiError::Forbidden(error.to_string())
        } else {
            ApiError::Conflict(error.to_string())
        }
    }
}

/// A problem+json response with `status` and `detail`.
pub fn problem_response(
    status: StatusCode,
    detail: &str,
    problems: Option<&[Problem]>,
) -> HttpResponse {
    typed_problem_response(status, "about:blank", detail, problems)
}

/// [`problem_response`] of the problem type `kind` (a URI).
fn typed_problem_response(
    status: StatusCode,
    kind: &str,
    detail: &str,
    problems: Option<&[Problem]>,
) -> HttpResponse {
    let listed = problems.map(|p| &p[..p.len().min(api::PROBLEMS_LISTED)]);
    let more = problems
        .map(|p| p.len().saturating_sub(api::PROBLEMS_LISTED))
        .filter(|&n| n > 0);
    let body = ProblemDetails {
        kind: kind.to_owned(),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail: detail.to_owned(),
        problems: listed.map(<[Problem]>::to_vec),
        more_problems: more,
    };
    let text = serde_json::to_string(&body).unwrap_or_else(|_| "{}".to_owned());
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
        .body(text)
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::PasswordChangeRequired(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let mut response = match self {
            ApiError::Invalid { detail, problems } => {
                problem_response(status, detail, Some(problems))
            }
            ApiError::PasswordChangeRequired(detail) => {
                typed_problem_response(status, api::PASSWORD_CHANGE_REQUIRED, detail, None)
            }
            ApiError::Internal(_) => problem_response(
                status,
                "the server failed to handle the request; it has been logged, try again later",
                None,
            ),
            other => problem_response(status, &other.to_string(), None),
        };
        if let ApiError::TooManyRequests { retry_after, .. } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if let ApiError::Unauthorized(_) = self {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"planner\""),
            );
        }
        response
    }
}
