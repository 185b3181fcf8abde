//! The tenant's audit log (Administrators).
//!
//! - `GET /api/audit?limit=N&before=ID&actor=USER&action=A&from=T&until=T`: entries,
//!   newest first, filtered by who acted, what they did and when (`from` inclusive,
//!   `until` exclusive, Unix seconds); `before` pages back (the last id seen). `limit`
//!   defaults to 100, at most 1000.
//! - `GET /api/audit/actions`: the actions the log holds, for the filter.
//! - `GET /api/audit/csv?…` with the same filters: the entries as CSV (at most
//!   [`MAX_CSV_ROWS`]), each cell a spreadsheet shows but never evaluates.
//!
//! Entries record who did what with ids, counts and pseudonyms only, never an email or a
//! person's name in their details.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use crate::auth::Caller;
use crate::export::csv_file::neutralise;
use crate::roles::Permission;
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::{AppError, AppState};

/// Entries returned when no limit is given.
const DEFAULT_LIMIT: u32 = 100;
/// Most entries one request may ask for.
const MAX_LIMIT: u32 = 1000;
/// Most entries one CSV download holds; narrower filters reach older ones.
const MAX_CSV_ROWS: u32 = 100_000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/audit", get(log))
        .route("/audit/actions", get(actions))
        .route("/audit/csv", get(csv))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    limit: Option<u32>,
    before: Option<i64>,
    actor: Option<i64>,
    action: Option<String>,
    from: Option<i64>,
    until: Option<i64>,
}

impl AuditQuery {
    fn filter(self) -> AuditFilter {
        AuditFilter {
            actor: self.actor,
            action: self.action.filter(|action| !action.is_empty()),
            from: self.from,
            until: self.until,
            before: self.before,
        }
    }
}

/// The query string, or a JSON 400 (axum's own rejection is plain text).
fn parsed(query: Result<Query<AuditQuery>, QueryRejection>) -> Result<AuditQuery, AppError> {
    query.map(|Query(query)| query).map_err(|rejection| {
        AppError::bad_request(
            "bad_query",
            format!("query string: {}", rejection.body_text()),
        )
    })
}

async fn log(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    caller.require(Permission::Administer)?;
    let query = parsed(query)?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::bad_request(
            "invalid_limit",
            format!("limit is a number from 1 to {MAX_LIMIT}"),
        ));
    }
    let entries = state
        .store
        .audit_log(caller.tenant_id(), query.filter(), limit)
        .await?;
    Ok(Json(entries))
}

async fn actions(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<String>>, AppError> {
    caller.require(Permission::Administer)?;
    Ok(Json(state.store.audit_actions(caller.tenant_id()).await?))
}

async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    caller.require(Permission::Administer)?;
    let query = parsed(query)?;
    if query.limit.is_some() {
        return Err(AppError::bad_request(
            "bad_query",
            "the CSV holds every matching entry (up to 100,000): no limit",
        ));
    }
    let entries = state
        .store
        .audit_log(caller.tenant_id(), query.filter(), MAX_CSV_ROWS)
        .await?;
    let body = tokio::task::spawn_blocking(move || audit_csv(&entries))
        .await
        .map_err(|err| AppError::Internal(err.into()))??;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"clearlist-audit-log.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    ))
}

/// The entries as CSV: id, time (UTC), user id and name, action, details (JSON).
fn audit_csv(entries: &[AuditEntry]) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |err: csv::Error| AppError::Internal(err.into());
    writer
        .write_record(["ID", "Time (UTC)", "User ID", "User", "Action", "Details"])
        .map_err(failed)?;
    for entry in entries {
        let cells = [
            entry.id.to_string(),
            utc(entry.at),
            entry.user_id.map(|id| id.to_string()).unwrap_or_default(),
            entry.user_name.clone().unwrap_or_default(),
            entry.action.clone(),
            entry.detail.to_string(),
        ];
        writer
            .write_record(cells.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|err| AppError::Internal(err.into_error().into()))
}

/// `YYYY-MM-DD HH:MM:SS` of a Unix second, UTC.
fn utc(at: i64) -> String {
    let second = at.rem_euclid(86_400);
    let (year, month, day) = crate::store::day_of(at).ymd();
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        second / 3600,
        second / 60 % 60,
        second % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_calendar_times() {
        assert_eq!(utc(0), "1970-01-01 00:00:00");
        assert_eq!(utc(1_796_420_713), "2026-12-04 21:45:13");
    }
}
