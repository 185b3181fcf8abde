//! `GET /api/dataset`: the caller's tenant's de-identified dataset, to its signed-in users
//! only, `Cache-Control: private` with a strong `ETag` (`304 Not Modified` when the
//! browser's copy is current); `GET /api/health`.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::auth::Caller;
use crate::roles::Permission;
use crate::{AppError, AppState, caching};

/// The length of the dataset before any content coding. With on-the-fly compression the
/// response has no `Content-Length`, and the browser's progress bar counts decoded bytes,
/// so it needs this total.
pub(crate) const UNCOMPRESSED_LENGTH: HeaderName = HeaderName::from_static("x-uncompressed-length");

/// The dataset is personal data under GDPR (pseudonymous contacts): only the user's own
/// browser may keep it, and it must ask before reusing it.
const DATASET_CACHE_CONTROL: &str = "private, no-cache";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/dataset", get(dataset))
        .route("/health", get(health))
}

async fn dataset(
    State(state): State<AppState>,
    caller: Caller,
    request_headers: HeaderMap,
) -> Result<Response, AppError> {
    caller.require(Permission::Read)?;
    let built = state
        .datasets
        .get(&state.store, caller.tenant_id())
        .await
        .map_err(AppError::DatasetUnavailable)?;
    let cache_control = HeaderValue::from_static(DATASET_CACHE_CONTROL);
    // Responses differ per user: no shared cache may hand one tenant's copy to another.
    let vary = HeaderValue::from_static("Cookie");

    let if_none_match = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok());
    if let Some(matched) = if_none_match.and_then(|value| caching::none_match(value, &built.etag)) {
        let etag = HeaderValue::from_str(matched).map_err(|err| AppError::Internal(err.into()))?;
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache_control),
                (header::VARY, vary),
            ],
        )
            .into_response());
    }

    let etag = HeaderValue::from_str(&built.etag).map_err(|err| AppError::Internal(err.into()))?;
    let length = HeaderValue::from(built.bytes.len());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_LENGTH, length.clone()),
            (UNCOMPRESSED_LENGTH, length),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache_control),
            (header::VARY, vary),
        ],
        Body::from(built.bytes.clone()),
    )
        .into_response())
}

/// `GET /api/health`: the process is up and serving.
async fn health() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(json!({ "status": "ok" })),
    )
}
