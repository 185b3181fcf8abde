//! A tenant's suppression lists (Administrators and List Builders).
//!
//! - `GET /api/suppression-lists`: the lists with their entry counts;
//! - `POST /api/suppression-lists` `{name, pseudonyms, domains}`: saves a list (201);
//! - `GET /api/suppression-lists/{id}`: one list with its entries, for a browser to apply;
//! - `DELETE /api/suppression-lists/{id}`: deletes it (204).
//!
//! A list holds the minimum: email pseudonyms (the 64-bit keyed PRF values the browser
//! obtained through `POST /api/prf/evaluate`, as 16 hex digits) and normalised domains.
//! Emails and plain email hashes are never accepted, so the saved list reveals no address
//! to anyone without the server's key. Uploads are validated whole before anything is
//! written, and take a larger body limit than the rest of the API.

use std::collections::BTreeSet;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use clearlist_engine::suppression::normalise_domain;
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::extract::{ApiJson, ApiPath};
use crate::roles::Permission;
use crate::routes::{checked_name, not_found_as};
use crate::store::suppression::{ListSummary, NewList, SuppressionList};
use crate::{AppError, AppState, pseudonym_text};

/// Most entries (pseudonyms and domains together) one list may hold: a large opt-out or
/// customer file, well within the upload body limit at 19 bytes per pseudonym.
pub(crate) const MAX_ENTRIES: usize = 200_000;

pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/suppression-lists", get(index).post(create))
        .route("/suppression-lists/{id}", get(show).delete(remove))
        .layer(DefaultBodyLimit::max(state.config.limits.upload_bytes))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSuppressionList {
    name: String,
    #[serde(default)]
    pseudonyms: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
}

/// A list as the index shows it.
#[derive(Serialize)]
struct Summary {
    id: i64,
    name: String,
    created_by: i64,
    /// The name of the user who saved it.
    created_by_name: String,
    created_at: i64,
    /// Number of email pseudonyms.
    pseudonyms: i64,
    /// Number of domains.
    domains: i64,
}

/// A list with its entries, in the shape it was uploaded in.
#[derive(Serialize)]
struct WithEntries {
    id: i64,
    name: String,
    created_by: i64,
    created_at: i64,
    /// 16 lowercase hex digits each, ascending.
    pseudonyms: Vec<String>,
    /// Normalised domains, sorted.
    domains: Vec<String>,
}

async fn index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Summary>>, AppError> {
    caller.require(Permission::Suppress)?;
    let lists = state.store.suppression_lists(caller.tenant_id()).await?;
    Ok(Json(lists.into_iter().map(Summary::from).collect()))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewSuppressionList>,
) -> Result<(StatusCode, Json<Summary>), AppError> {
    caller.require(Permission::Suppress)?;
    let list = validated(body)?;
    let summary = state
        .store
        .create_suppression_list(
            state.config.limits.storage,
            caller.tenant_id(),
            caller.user.id,
            list,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(summary.into())))
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<WithEntries>, AppError> {
    caller.require(Permission::Suppress)?;
    let list = state
        .store
        .suppression_list(caller.tenant_id(), id)
        .await
        .map_err(|err| not_found_as(err, "suppression list"))?;
    Ok(Json(list.into()))
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Suppress)?;
    state
        .store
        .delete_suppression_list(caller.tenant_id(), caller.user.id, id)
        .await
        .map_err(|err| not_found_as(err, "suppression list"))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks a whole upload before anything is written: the name, every pseudonym and every
/// domain (the first bad entry is named by its index), and the size. Duplicates collapse.
fn validated(body: NewSuppressionList) -> Result<NewList, AppError> {
    let name = checked_name(&body.name)?;
    let entries = body.pseudonyms.len().saturating_add(body.domains.len());
    if entries > MAX_ENTRIES {
        return Err(AppError::bad_request(
            "too_many_entries",
            format!(
                "a suppression list holds at most {MAX_ENTRIES} pseudonyms and domains; \
                 this one has {entries}"
            ),
        ));
    }
    if entries == 0 {
        return Err(AppError::bad_request(
            "empty_suppression_list",
            "a suppression list needs at least one pseudonym or domain",
        ));
    }
    let mut pseudonyms = BTreeSet::new();
    for (index, text) in body.pseudonyms.iter().enumerate() {
        // The value is not echoed: a mistaken upload could hold an email in this field.
        let pseudonym = pseudonym_text::parse(text).ok_or_else(|| {
            AppError::bad_request(
                "invalid_pseudonym",
                format!(
                    "pseudonyms[{index}] is not a pseudonym: 16 hexadecimal digits \
                     obtained through the PRF exchange are expected"
                ),
            )
        })?;
        pseudonyms.insert(pseudonym);
    }
    let mut domains = BTreeSet::new();
    for (index, text) in body.domains.iter().enumerate() {
        let domain = normalise_domain(text).ok_or_else(|| {
            AppError::bad_request(
                "invalid_domain",
                format!("domains[{index}] is not a valid domain name"),
            )
        })?;
        domains.insert(domain);
    }
    Ok(NewList {
        name,
        pseudonyms: pseudonyms.into_iter().collect(),
        domains: domains.into_iter().collect(),
    })
}

impl From<ListSummary> for Summary {
    fn from(list: ListSummary) -> Self {
        Summary {
            id: list.id,
            name: list.name,
            created_by: list.created_by,
            created_by_name: list.created_by_name,
            created_at: list.created_at,
            pseudonyms: list.pseudonyms,
            domains: list.domains,
        }
    }
}

impl From<SuppressionList> for WithEntries {
    fn from(list: SuppressionList) -> Self {
        WithEntries {
            id: list.summary.id,
            name: list.summary.name,
            created_by: list.summary.created_by,
            created_at: list.summary.created_at,
            pseudonyms: list
                .pseudonyms
                .into_iter()
                .map(pseudonym_text::format)
                .collect(),
            domains: list.domains,
        }
    }
}
