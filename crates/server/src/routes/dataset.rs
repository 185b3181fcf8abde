//! `GET /api/dataset`: the caller's tenant's de-identified dataset, to its signed-in users
//! only, `Cache-Control: private` with a strong `ETag` (`304 Not Modified` when the
//! browser's copy is current), brotli or gzip as the browser accepts, from the copy
//! compressed once per version; `GET /api/dataset/version`: `{version}`, the entity tag
//! (without quotes) a download would have now, for browsers to offer a newer dataset
//! without downloading it; `GET /api/health`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::auth::Caller;
use crate::encoding::Coding;
use crate::roles::Permission;
use crate::tenant_dataset::TenantDataset;
use crate::{AppError, AppState, caching};

/// The length of the dataset before any content coding: the browser's progress bar counts
/// decoded bytes, so it needs this total beside the compressed `Content-Length`.
pub(crate) const UNCOMPRESSED_LENGTH: HeaderName = HeaderName::from_static("x-uncompressed-length");

/// The dataset is personal data under GDPR (pseudonymous contacts): only the user's own
/// browser may keep it, and it must ask before reusing it.
const DATASET_CACHE_CONTROL: &str = "private, no-cache";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/dataset", get(dataset))
        .route("/dataset/version", get(version))
        .route("/health", get(health))
}

async fn dataset(
    State(state): State<AppState>,
    caller: Caller,
    request_headers: HeaderMap,
) -> Result<Response, AppError> {
    let built = current(&state, &caller).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(DATASET_CACHE_CONTROL),
    );
    // Responses differ per user and per coding: no shared cache may hand one tenant's copy
    // to another, nor a brotli body to a client that asked for none.
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Encoding, Cookie"),
    );

    let if_none_match = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok());
    if let Some(matched) = if_none_match.and_then(|value| caching::none_match(value, &built.etag)) {
        headers.insert(header::ETAG, header_value(matched)?);
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }

    let coding = Coding::negotiate(&request_headers);
    let (body, etag) = match coding {
        Some(coding) => (
            built.encoded(coding).await.map_err(AppError::Internal)?,
            caching::with_encoding(&built.etag, coding)
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("dataset entity tag")))?,
        ),
        None => (built.bytes.clone(), built.etag.clone()),
    };
    if let Some(coding) = coding {
        headers.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(coding.token()),
        );
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    headers.insert(UNCOMPRESSED_LENGTH, HeaderValue::from(built.bytes.len()));
    headers.insert(header::ETAG, header_value(&etag)?);
    Ok((headers, Body::from(body)).into_response())
}

async fn version(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<impl IntoResponse, AppError> {
    let built = current(&state, &caller).await?;
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(json!({ "version": built.version() })),
    ))
}

/// The caller's tenant's dataset as it is now (built on first use).
async fn current(state: &AppState, caller: &Caller) -> Result<Arc<TenantDataset>, AppError> {
    caller.require(Permission::Read)?;
    state
        .datasets
        .get(&state.store, caller.tenant_id())
        .await
        .map_err(AppError::DatasetUnavailable)
}

fn header_value(text: &str) -> Result<HeaderValue, AppError> {
    HeaderValue::from_str(text).map_err(|err| AppError::Internal(err.into()))
}

/// `GET /api/health`: the process is up and serving.
async fn health() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(json!({ "status": "ok" })),
    )
}
