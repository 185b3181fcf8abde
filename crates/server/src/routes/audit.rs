//! The tenant's audit log (Administrators).
//!
//! - `GET /api/audit?limit=N`: the most recent `N` entries (default 100, at most 1000),
//!   newest first.
//!
//! Entries record who did what with ids, counts and pseudonyms only, never an email or a
//! person's name.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use crate::auth::Caller;
use crate::roles::Permission;
use crate::store::audit::AuditEntry;
use crate::{AppError, AppState};

/// Entries returned when no limit is given.
const DEFAULT_LIMIT: u32 = 100;
/// Most entries one request may ask for.
const MAX_LIMIT: u32 = 1000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(log))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    limit: Option<u32>,
}

async fn log(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    caller.require(Permission::Administer)?;
    // axum's own rejection is plain text; the API answers JSON.
    let Query(query) = query.map_err(|rejection| {
        AppError::bad_request(
            "bad_query",
            format!("query string: {}", rejection.body_text()),
        )
    })?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::bad_request(
            "invalid_limit",
            format!("limit is a number from 1 to {MAX_LIMIT}"),
        ));
    }
    Ok(Json(
        state.store.audit_log(caller.tenant_id(), limit).await?,
    ))
}
