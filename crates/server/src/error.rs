//! The one error type of the HTTP layer and its JSON shape.
//!
//! Every failed API request answers `{"error": {"code": "...", "message": "..."}}` with a
//! stable, machine-readable `code`. Internal causes are logged, never returned: a message
//! is written for the person using the app, not for an attacker probing the server.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Why an API request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No API route has this path.
    #[error("no such API endpoint")]
    NotFound,
    /// The path exists but not for this HTTP method.
    #[error("method not allowed for this endpoint")]
    MethodNotAllowed,
    /// The dataset file is missing or unreadable; serving resumes when it is back.
    #[error("the dataset is not available right now")]
    DatasetUnavailable(#[source] std::io::Error),
    /// Anything else; the cause is logged and replaced by a generic message.
    #[error("internal server error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// The stable code clients can match on.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::DatasetUnavailable(_) => "dataset_unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// The HTTP status of the response.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::DatasetUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
                tracing::error!(error = %cause, "dataset unavailable");
            }
            AppError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            AppError::NotFound | AppError::MethodNotAllowed => {}
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.to_string(),
            },
        };
        let mut response = (self.status(), Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
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
