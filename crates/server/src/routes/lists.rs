//! Saved lists: a name, a canonical list URL, and a snapshot of the account ids it
//! matched, computed here with the engine (never taken from a browser).
//!
//! - `GET /api/lists`: the lists the caller sees (Administrators and List Builders: all of
//!   the tenant's; Read-Only users: those assigned to them or shared);
//! - `POST /api/lists` `{name, definition}`: saves a list and takes its snapshot (201);
//! - `GET /api/lists/{id}`: one list;
//! - `PATCH /api/lists/{id}` `{name?, definition?, shared?}`: renames, redefines (which
//!   re-takes the snapshot) or shares a list;
//! - `DELETE /api/lists/{id}`: deletes it (204);
//! - `POST /api/lists/{id}/snapshot`: re-takes the snapshot on the current dataset;
//! - `GET /api/lists/{id}/accounts`: the snapshot's account ids, for in-list filters;
//! - `PUT /api/lists/{id}/assignees` `{user_ids}`: replaces who the list is assigned to.
//!
//! Changes need [`Permission::BuildLists`]. A list the caller may not see answers 404,
//! exactly like a missing one, so ids of other tenants (or unassigned lists) reveal
//! nothing. Every definition is run before it is stored, so a saved list always runs.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;

use crate::auth::Caller;
use crate::extract::{ApiJson, ApiPath};
use crate::list_runner::{parse_definition, run_list};
use crate::roles::{self, Permission};
use crate::routes::{checked_name, not_found_as};
use crate::store::lists::{Assignment, ListAccounts, ListChange, NewList, SavedList, Viewer};
use crate::tenant_dataset::Freshness;
use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/lists", get(index).post(create))
        .route("/lists/{id}", get(show).patch(change).delete(remove))
        .route("/lists/{id}/snapshot", post(snapshot))
        .route("/lists/{id}/accounts", get(accounts))
        .route("/lists/{id}/assignees", put(assign))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewListBody {
    name: String,
    definition: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListChangeBody {
    name: Option<String>,
    definition: Option<String>,
    shared: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Assignees {
    user_ids: Vec<i64>,
}

async fn index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<SavedList>>, AppError> {
    caller.require(Permission::Read)?;
    let lists = state
        .store
        .lists(caller.tenant_id(), viewer(&caller))
        .await?;
    Ok(Json(lists))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewListBody>,
) -> Result<(StatusCode, Json<SavedList>), AppError> {
    caller.require(Permission::BuildLists)?;
    let name = checked_name(&body.name)?;
    let tenant = caller.tenant_id();
    let run = run_list(&state, tenant, &body.definition, None, Freshness::Recent).await?;
    let list = state
        .store
        .create_list(
            state.config.limits.storage,
            tenant,
            caller.user.id,
            NewList {
                name,
                definition: run.canonical,
                snapshot: run.account_ids,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(list)))
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SavedList>, AppError> {
    caller.require(Permission::Read)?;
    let list = state
        .store
        .list(caller.tenant_id(), viewer(&caller), id)
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    Ok(Json(list))
}

async fn change(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ListChangeBody>,
) -> Result<Json<SavedList>, AppError> {
    caller.require(Permission::BuildLists)?;
    let tenant = caller.tenant_id();
    // A list of another tenant is missing whatever the body says.
    state
        .store
        .list(tenant, Viewer::Everything, id)
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    let name = body.name.as_deref().map(checked_name).transpose()?;
    let definition = match body.definition {
        Some(definition) => {
            let refers_to_itself = parse_definition(&definition)?
                .lists
                .iter()
                .any(|clause| clause.ids.iter().any(|&list| i64::try_from(list) == Ok(id)));
            if refers_to_itself {
                return Err(AppError::bad_request(
                    "invalid_list_url",
                    format!("list URL: parameter `list`: list {id} cannot filter on itself"),
                ));
            }
            let run = run_list(&state, tenant, &definition, None, Freshness::Recent).await?;
            Some((run.canonical, run.account_ids))
        }
        None => None,
    };
    let list = state
        .store
        .change_list(
            state.config.limits.storage,
            tenant,
            caller.user.id,
            id,
            ListChange {
                name,
                shared: body.shared,
                definition,
            },
        )
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    Ok(Json(list))
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::BuildLists)?;
    state
        .store
        .delete_list(caller.tenant_id(), caller.user.id, id)
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn snapshot(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SavedList>, AppError> {
    caller.require(Permission::BuildLists)?;
    let tenant = caller.tenant_id();
    let definition = state
        .store
        .list_definition(tenant, id)
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    // Asked for by name ("re-take the snapshot"): of the vault as it is now.
    let run = run_list(&state, tenant, &definition, None, Freshness::Current).await?;
    // The store writes the snapshot only if the definition is still the one that ran.
    let list = state
        .store
        .set_list_snapshot(
            state.config.limits.storage,
            caller.user.id,
            tenant,
            id,
            definition,
            run.account_ids,
        )
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    Ok(Json(list))
}

async fn accounts(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ListAccounts>, AppError> {
    caller.require(Permission::Read)?;
    let accounts = state
        .store
        .list_accounts(caller.tenant_id(), viewer(&caller), id)
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    Ok(Json(accounts))
}

async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Assignees>,
) -> Result<Json<SavedList>, AppError> {
    caller.require(Permission::BuildLists)?;
    let users: Vec<i64> = body
        .user_ids
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let outcome = state
        .store
        .assign_list(
            state.config.limits.storage,
            caller.tenant_id(),
            caller.user.id,
            id,
            users,
        )
        .await
        .map_err(|err| not_found_as(err, "list"))?;
    match outcome {
        Assignment::Done(list) => Ok(Json(list)),
        Assignment::UnknownUser(user) => Err(AppError::bad_request(
            "unknown_user",
            format!("user {user} is not a user of your organisation; nothing was assigned"),
        )),
    }
}

/// Whose view of the tenant's lists the caller has.
fn viewer(caller: &Caller) -> Viewer {
    if roles::may(caller.user.role, Permission::BuildLists) {
        Viewer::Everything
    } else {
        Viewer::AssignedOrShared(caller.user.id)
    }
}
