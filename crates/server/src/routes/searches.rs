//! Saved searches with alerts: a user's own list definitions, each with a baseline (the
//! accounts it matched and the dataset version it matched on), so the app can show which
//! accounts are new since the user last looked.
//!
//! - `GET /api/searches`: the caller's searches;
//! - `POST /api/searches` `{name, definition, alerts?}`: saves one with its baseline (201);
//! - `GET /api/searches/{id}`: one search;
//! - `PATCH /api/searches/{id}` `{name?, alerts?}`: renames it or turns alerts on or off;
//! - `DELETE /api/searches/{id}`: deletes it (204);
//! - `GET /api/searches/{id}/alerts`: accounts matching now that were not in the baseline
//!   and, for a search with contact clauses, per account the people who match now and did
//!   not then (counted by pseudonym; no person is named);
//! - `POST /api/searches/{id}/acknowledge`: makes the current matches the baseline.
//!
//! Every endpoint needs [`Permission::BuildLists`], and a search is its owner's alone:
//! anyone else's search (a colleague's, or another tenant's) answers 404. Matches are
//! computed here with the engine on the tenant's current dataset.

use std::collections::HashSet;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::extract::{ApiJson, ApiPath};
use crate::list_runner::{ListRun, fresh_matches, run_list};
use crate::roles::Permission;
use crate::routes::{checked_name, not_found_as};
use crate::store::searches::{Matches, NewSearch, SearchChange, SearchRecord};
use crate::tenant_dataset::Freshness;
use crate::{AppError, AppState};

/// Most new accounts one alerts answer names (in list order); `count` has them all.
const MAX_ALERT_ACCOUNTS: usize = 500;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/searches", get(index).post(create))
        .route("/searches/{id}", get(show).patch(change).delete(remove))
        .route("/searches/{id}/alerts", get(alerts))
        .route("/searches/{id}/acknowledge", post(acknowledge))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSearchBody {
    name: String,
    definition: String,
    #[serde(default = "alerts_by_default")]
    alerts: bool,
}

fn alerts_by_default() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchChangeBody {
    name: Option<String>,
    alerts: Option<bool>,
}

/// New matches since the baseline.
#[derive(Serialize)]
struct Alerts {
    /// The dataset version the matches were computed on.
    dataset_version: String,
    /// The dataset version of the baseline (`null` if none was taken).
    baseline_version: Option<String>,
    /// The first [`MAX_ALERT_ACCOUNTS`] new accounts, in list order.
    new_accounts: Vec<NewAccount>,
    /// How many accounts are new in all.
    count: usize,
    /// For a search with contact clauses: the people who match now and did not in the
    /// baseline, by account (absent for other searches).
    #[serde(skip_serializing_if = "Option::is_none")]
    new_contacts: Option<NewContacts>,
}

/// New matching contacts, counted per account: who they are stays in the vault.
#[derive(Serialize, Default)]
struct NewContacts {
    /// How many contacts are new in all.
    count: usize,
    /// The first [`MAX_ALERT_ACCOUNTS`] accounts with new contacts, in list order.
    accounts: Vec<AccountWithContacts>,
}

/// An account and how many of its contacts are new matches.
#[derive(Serialize)]
struct AccountWithContacts {
    id: u32,
    name: String,
    domain: String,
    contacts: usize,
}

/// An account (a company: not personal data).
#[derive(Serialize)]
struct NewAccount {
    id: u32,
    name: String,
    domain: String,
}

async fn index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<SearchRecord>>, AppError> {
    caller.require(Permission::BuildLists)?;
    let searches = state
        .store
        .searches(caller.tenant_id(), caller.user.id)
        .await?;
    Ok(Json(searches))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewSearchBody>,
) -> Result<(StatusCode, Json<SearchRecord>), AppError> {
    caller.require(Permission::BuildLists)?;
    let name = checked_name(&body.name)?;
    let tenant = caller.tenant_id();
    let run = run_list(&state, tenant, &body.definition, None, Freshness::Recent).await?;
    let search = state
        .store
        .create_search(
            state.config.limits.storage,
            tenant,
            caller.user.id,
            NewSearch {
                name,
                definition: run.canonical,
                alerts: body.alerts,
                version: run.dataset.version().to_owned(),
                matches: Matches {
                    accounts: run.account_ids,
                    contacts: run.contacts,
                },
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(search)))
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SearchRecord>, AppError> {
    caller.require(Permission::BuildLists)?;
    let search = state
        .store
        .search(caller.tenant_id(), caller.user.id, id)
        .await
        .map_err(|err| not_found_as(err, "search"))?;
    Ok(Json(search))
}

async fn change(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<SearchChangeBody>,
) -> Result<Json<SearchRecord>, AppError> {
    caller.require(Permission::BuildLists)?;
    let name = body.name.as_deref().map(checked_name).transpose()?;
    let search = state
        .store
        .change_search(
            state.config.limits.storage,
            caller.tenant_id(),
            caller.user.id,
            id,
            SearchChange {
                name,
                alerts: body.alerts,
            },
        )
        .await
        .map_err(|err| not_found_as(err, "search"))?;
    Ok(Json(search))
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::BuildLists)?;
    state
        .store
        .delete_search(caller.tenant_id(), caller.user.id, id)
        .await
        .map_err(|err| not_found_as(err, "search"))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn alerts(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Alerts>, AppError> {
    caller.require(Permission::BuildLists)?;
    let tenant = caller.tenant_id();
    let baseline = state
        .store
        .search_baseline(tenant, caller.user.id, id)
        .await
        .map_err(|err| not_found_as(err, "search"))?;
    let Some((run, fresh)) = fresh_matches(&state, tenant, &baseline).await? else {
        let current = state
            .datasets
            .get_as(&state.store, tenant, Freshness::Recent)
            .await
            .map_err(AppError::DatasetUnavailable)?;
        return Ok(Json(Alerts {
            dataset_version: current.version().to_owned(),
            baseline_version: baseline.version,
            new_accounts: Vec::new(),
            count: 0,
            new_contacts: baseline.contacts.map(|_| NewContacts::default()),
        }));
    };
    let data = &run.dataset.dataset;
    let new_accounts = fresh
        .iter()
        .take(MAX_ALERT_ACCOUNTS)
        .filter_map(|&account| {
            let row = data.row_of(account)?;
            Some(NewAccount {
                id: account,
                name: data.name(row).to_owned(),
                domain: data.domain(row).to_owned(),
            })
        })
        .collect();
    let new_contacts = run
        .contacts
        .as_deref()
        .map(|now| new_contacts(&run, now, baseline.contacts.as_deref().unwrap_or_default()));
    Ok(Json(Alerts {
        dataset_version: run.dataset.version().to_owned(),
        baseline_version: baseline.version,
        new_accounts,
        count: fresh.len(),
        new_contacts,
    }))
}

/// The contacts of `now` (pseudonyms, ascending) that are not in `before`, counted per
/// account of the run, in list order.
fn new_contacts(run: &ListRun, now: &[u64], before: &[u64]) -> NewContacts {
    let data = &run.dataset.dataset;
    let fresh: HashSet<u64> = now
        .iter()
        .filter(|p| before.binary_search(p).is_err())
        .copied()
        .collect();
    if fresh.is_empty() {
        return NewContacts::default();
    }
    let mut result = NewContacts::default();
    for &account in &run.account_ids {
        let Some(row) = data.row_of(account) else {
            continue;
        };
        let contacts = data
            .contact_rows(row)
            .filter(|(.., pseudonym)| fresh.contains(pseudonym))
            .count();
        if contacts == 0 {
            continue;
        }
        result.count += contacts;
        if result.accounts.len() < MAX_ALERT_ACCOUNTS {
            result.accounts.push(AccountWithContacts {
                id: account,
                name: data.name(row).to_owned(),
                domain: data.domain(row).to_owned(),
                contacts,
            });
        }
    }
    result
}

async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SearchRecord>, AppError> {
    caller.require(Permission::BuildLists)?;
    let tenant = caller.tenant_id();
    let baseline = state
        .store
        .search_baseline(tenant, caller.user.id, id)
        .await
        .map_err(|err| not_found_as(err, "search"))?;
    let run = run_list(
        &state,
        tenant,
        &baseline.definition,
        None,
        Freshness::Recent,
    )
    .await?;
    let search = state
        .store
        .set_search_baseline(
            state.config.limits.storage,
            tenant,
            caller.user.id,
            id,
            run.dataset.version().to_owned(),
            Matches {
                accounts: run.account_ids,
                contacts: run.contacts,
            },
        )
        .await
        .map_err(|err| not_found_as(err, "search"))?;
    Ok(Json(search))
}
