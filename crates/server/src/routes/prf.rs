//! The server's half of the oblivious PRF exchange (RFC 9497, ristretto255-SHA512) that
//! turns a browser's suppression emails into pseudonyms without showing the server any
//! email (see `clearlist_engine::pseudonym` for the protocol).
//!
//! - `POST /api/prf/evaluate` `{blinded: [element, ...]}` → `{evaluated: [element, ...]}`
//!   (Administrators and List Builders): each element is 32 bytes in base64url without
//!   padding; the answer has the same length and order;
//! - `GET /api/prf/usage` (Administrators): each user's evaluations today and over the last
//!   seven days, so unusual use shows.
//!
//! Each evaluation answers "what is the pseudonym of this email?", so the endpoint could
//! reverse the dataset by dictionary if it were unlimited (ARCHITECTURE.md, "What a
//! signed-in user can learn"): every element counts against a per-minute allowance
//! (`limits.prf_per_minute`, a 429 whose `Retry-After` says when to send the batch again)
//! and a daily quota per user (`limits.prf_per_day`), batches are bounded
//! (`limits.prf_batch`), and every answered or refused batch is audited with its size. The
//! key itself never leaves the server.

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clearlist_engine::pseudonym::{ELEMENT_LEN, ElementBytes};
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::roles::Permission;
use crate::store::suppression::{PrfBatch, PrfOutcome};
use crate::store::usage::PrfUse;
use crate::{AppError, AppState};

/// Characters of one element in base64url without padding: ⌈32 × 4 / 3⌉.
const ENCODED_LEN: usize = (ELEMENT_LEN * 4).div_ceil(3);

pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/prf/evaluate", post(evaluate))
        .route("/prf/usage", get(usage))
        .layer(DefaultBodyLimit::max(state.config.limits.upload_bytes))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluateRequest {
    /// Blinded elements, base64url without padding.
    blinded: Vec<String>,
}

#[derive(Serialize)]
struct EvaluateResponse {
    /// Evaluated elements, base64url without padding, in request order.
    evaluated: Vec<String>,
}

async fn evaluate(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<EvaluateRequest>,
) -> Result<Json<EvaluateResponse>, AppError> {
    caller.require(Permission::Suppress)?;
    let limits = &state.config.limits;
    let count = body.blinded.len();
    if count == 0 {
        return Err(AppError::bad_request(
            "empty_batch",
            "send at least one blinded element",
        ));
    }
    if count > limits.prf_batch {
        return Err(AppError::bad_request(
            "batch_too_large",
            format!(
                "at most {} blinded elements per request; this one has {count}",
                limits.prf_batch
            ),
        ));
    }
    let batch = PrfBatch {
        tenant: caller.tenant_id(),
        user: caller.user.id,
        per_day: limits.prf_per_day,
        per_minute: limits.prf_per_minute,
        blinded: decoded(&body.blinded)?,
    };
    match state.store.evaluate_prf(state.key.clone(), batch).await? {
        PrfOutcome::Evaluated(evaluated) => Ok(Json(EvaluateResponse {
            evaluated: evaluated
                .iter()
                .map(|element| URL_SAFE_NO_PAD.encode(element))
                .collect(),
        })),
        PrfOutcome::OverQuota(refused) => Err(refused
            .into_error(format!(
                "this batch of {count} would exceed your daily allowance of {} email \
                 pseudonyms; nothing was evaluated; the allowance renews at midnight UTC",
                limits.prf_per_day
            ))
            .into()),
        PrfOutcome::TooFast(refused) => Err(AppError::QuotaExceeded {
            message: format!(
                "at most {} email pseudonyms a minute; nothing was evaluated; send this \
                 batch again in {} s",
                limits.prf_per_minute, refused.retry_after
            ),
            retry_after: refused.retry_after,
        }),
        PrfOutcome::Malformed { index } => Err(malformed(index)),
    }
}

async fn usage(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<PrfUse>>, AppError> {
    caller.require(Permission::Administer)?;
    Ok(Json(state.store.prf_use(caller.tenant_id()).await?))
}

/// Decodes every element before anything is spent or evaluated; the first one that is not
/// 32 bytes of base64url is named by its index.
fn decoded(elements: &[String]) -> Result<Vec<ElementBytes>, AppError> {
    elements
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let bytes = (text.len() == ENCODED_LEN)
                .then(|| URL_SAFE_NO_PAD.decode(text).ok())
                .flatten()
                .and_then(|bytes| ElementBytes::try_from(bytes).ok());
            bytes.ok_or_else(|| malformed(index))
        })
        .collect()
}

fn malformed(index: usize) -> AppError {
    AppError::bad_request(
        "malformed_element",
        format!(
            "blinded[{index}] is not a blinded element: {ELEMENT_LEN} bytes encoding a \
             ristretto255 point, in base64url without padding, are expected"
        ),
    )
}
