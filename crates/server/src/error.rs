//! The one error type of the HTTP layer and its JSON shape.
//!
//! Every failed API request answers `{"error": {"code": "...", "message": "..."}}` with a
//! stable, machine-readable `code`. Internal causes are logged, never returned: a message
//! is written for the person using the app, not for an attacker probing the server.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::store::StoreError;

/// Why an API request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No API route has this path.
    #[error("no such API endpoint")]
    NotFound,
    /// The path exists but not for this HTTP method.
    #[error("method not allowed for this endpoint")]
    MethodNotAllowed,
    /// A record does not exist, or is not visible to the caller (the two are not told
    /// apart, so ids of other tenants reveal nothing).
    #[error("no such {0}")]
    NoSuch(&'static str),
    /// No session cookie, or one that matches no session.
    #[error("sign in first")]
    Unauthenticated,
    /// The session timed out (idle or absolute limit).
    #[error("your session has ended; sign in again")]
    SessionExpired,
    /// Wrong email or password.
    #[error("wrong email or password")]
    BadCredentials,
    /// The password given to confirm a sensitive action is wrong.
    #[error("the password does not match; the action was not carried out")]
    ReauthenticationFailed,
    /// The caller's role does not allow this.
    #[error("your role does not allow this")]
    Forbidden,
    /// A state-changing request without the session's CSRF token, or from another origin.
    #[error("the request was refused as a possible cross-site request forgery")]
    Csrf,
    /// The request is malformed: the message says what to fix.
    #[error("{message}")]
    BadRequest {
        /// Stable code (`malformed_json`, `invalid_list_url`, ...).
        code: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A request the HTTP layer rejected before the handler (body too large, wrong
    /// content type, unparsable path).
    #[error("{message}")]
    Rejected {
        /// The status the rejection carries.
        status: StatusCode,
        /// What is wrong.
        message: String,
    },
    /// The change conflicts with existing data.
    #[error("{0}")]
    Conflict(String),
    /// Too many requests of this kind; retry after the given number of seconds.
    #[error("too many attempts; try again in {retry_after} s")]
    RateLimited {
        /// Seconds until a new attempt may succeed.
        retry_after: u64,
    },
    /// A quota over a time window is used up; retry after the given number of seconds.
    #[error("{message}")]
    QuotaExceeded {
        /// What is used up.
        message: String,
        /// Seconds until the allowance renews.
        retry_after: u64,
    },
    /// A limit on what a user or organisation may keep is reached: something must be
    /// deleted first.
    #[error("{0}")]
    LimitReached(String),
    /// A one-time link that no longer works (used, expired, replaced).
    #[error("{message}")]
    Gone {
        /// Stable code.
        code: &'static str,
        /// What happened and what to do.
        message: String,
    },
    /// The dataset cannot be built or read right now.
    #[error("the dataset is not available right now")]
    DatasetUnavailable(#[source] anyhow::Error),
    /// Anything else; the cause is logged and replaced by a generic message.
    #[error("internal server error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A bad request with a code and message.
    pub(crate) fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// The stable code clients can match on.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound | AppError::NoSuch(_) => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Unauthenticated => "unauthenticated",
            AppError::SessionExpired => "session_expired",
            AppError::BadCredentials => "bad_credentials",
            AppError::ReauthenticationFailed => "reauthentication_failed",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf",
            AppError::BadRequest { code, .. } => code,
            AppError::Rejected { status, .. } => match *status {
                StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
                StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
                _ => "bad_request",
            },
            AppError::Conflict(_) => "conflict",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::QuotaExceeded { .. } => "quota_exceeded",
            AppError::LimitReached(_) => "limit_reached",
            AppError::Gone { code, .. } => code,
            AppError::DatasetUnavailable(_) => "dataset_unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// The HTTP status of the response.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::NoSuch(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Unauthenticated
            | AppError::SessionExpired
            | AppError::BadCredentials
            | AppError::ReauthenticationFailed => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Rejected { status, .. } => *status,
            AppError::Conflict(_) | AppError::LimitReached(_) => StatusCode::CONFLICT,
            AppError::RateLimited { .. } | AppError::QuotaExceeded { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::Gone { .. } => StatusCode::GONE,
            AppError::DatasetUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NoSuch("record"),
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::QuotaExceeded {
                message,
                retry_after,
            } => AppError::QuotaExceeded {
                message,
                retry_after,
            },
            StoreError::LimitReached(message) => AppError::LimitReached(message),
            StoreError::Gone { code, message } => AppError::Gone { code, message },
            other => AppError::Internal(other.into()),
        }
    }
}

/// Why a signed-in request was refused, on the response for the audit of refusals
/// (`api::audit_refusals`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The role may not.
    Role,
    /// No CSRF token, or another origin.
    Csrf,
}

impl Refusal {
    /// The reason as the audit entry names it.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Refusal::Role => "role",
            Refusal::Csrf => "csrf",
        }
    }
}

#[derive(Serialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize)]
struct ErrorDetail {
    code: &'static str,
    message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::DatasetUnavailable(cause) => {
                tracing::error!(error = ?cause, "dataset unavailable");
            }
            AppError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            _ => {}
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.to_string(),
            },
        };
        let mut response = (self.status(), Json(body)).into_response();
        match self {
            AppError::Forbidden => response.extensions_mut().insert(Refusal::Role),
            AppError::Csrf => response.extensions_mut().insert(Refusal::Csrf),
            _ => None,
        };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let AppError::RateLimited { retry_after } | AppError::QuotaExceeded { retry_after, .. } =
            self
        {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

/// Fallback of the API router: an unknown `/api/...` path.
pub(crate) async fn not_found() -> AppError {
    AppError::NotFound
}

/// Method fallback of the API router: a known path with the wrong method.
pub(crate) async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
