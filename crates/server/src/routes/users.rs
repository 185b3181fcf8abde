//! User management.
//!
//! - `GET /api/users`: the tenant's users (List Builders too: they assign lists to users);
//! - `POST /api/users` `{email, name, role, password?}`: Administrators add a user; without
//!   a password the user is invited: the answer carries a one-time sign-in link (72 hours)
//!   with which they set their own;
//! - `POST /api/users/{id}/sign-in-link`: Administrators issue a new link (a forgotten
//!   password), voiding the user's earlier unused ones;
//! - `PATCH /api/users/{id}` `{name?, role?, disabled?}`: Administrators change a user;
//!   it applies from that user's next request (disabling ends their sessions);
//! - `PUT /api/users/{id}/password` `{password}`: Administrators set a password (the
//!   user's sessions end).
//!
//! An Administrator cannot demote or disable themselves, nor the organisation's last
//! enabled Administrator, so a tenant never loses its last way in by accident.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::{self, Caller, password};
use crate::extract::{ApiJson, ApiPath};
use crate::roles::{Permission, Role};
use crate::routes::{checked_name, not_found_as};
use crate::store::links::Purpose;
use crate::store::users::{User, UserChange};
use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}", patch(change))
        .route("/users/{id}/password", put(set_password))
        .route("/users/{id}/sign-in-link", post(issue_link))
}

/// A sign-in link as the Administrator receives it: the app shows it to pass on.
#[derive(Serialize)]
struct IssuedLink {
    /// Path and fragment (`/welcome#token=…`): the token stays out of server logs and
    /// `Referer` headers.
    path: String,
    /// Unix seconds.
    expires_at: i64,
}

/// A new user, with their sign-in link when they were invited.
#[derive(Serialize)]
struct Created {
    #[serde(flatten)]
    user: User,
    sign_in_link: Option<IssuedLink>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    email: String,
    name: String,
    role: Role,
    password: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewPassword {
    password: String,
}

async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<User>>, AppError> {
    caller.require(Permission::BuildLists)?;
    Ok(Json(state.store.users(caller.tenant_id()).await?))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    caller.require(Permission::Administer)?;
    let email = body.email.trim().to_owned();
    if clearlist_engine::suppression::normalise_email(&email).is_none() || email.len() > 254 {
        return Err(AppError::bad_request(
            "invalid_email",
            "not a valid email address",
        ));
    }
    let name = checked_name(&body.name)?;
    let hash = match body.password {
        Some(password) => {
            check_password(&password)?;
            password::hash_async(password).await?
        }
        // No password: nobody can sign in as this user until they use their link.
        None => String::new(),
    };
    let invited = hash.is_empty();
    let user = state
        .store
        .create_user(caller.tenant_id(), email, name, body.role, hash)
        .await?;
    state
        .store
        .audit(
            Some(caller.tenant_id()),
            Some(caller.user.id),
            "user.create",
            json!({ "user": user.id, "role": user.role, "invited": invited }),
        )
        .await?;
    let sign_in_link = if invited {
        Some(issue(&state, &caller, user.id, Purpose::Welcome).await?)
    } else {
        None
    };
    Ok((StatusCode::CREATED, Json(Created { user, sign_in_link })))
}

async fn issue_link(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<(StatusCode, Json<IssuedLink>), AppError> {
    caller.require(Permission::Administer)?;
    let user = state
        .store
        .user(caller.tenant_id(), id)
        .await
        .map_err(|err| not_found_as(err, "user"))?;
    if user.disabled {
        return Err(AppError::Conflict(format!(
            "{} is disabled: enable them before sending a sign-in link",
            user.name
        )));
    }
    let purpose = if user.status == "invited" {
        Purpose::Welcome
    } else {
        Purpose::Reset
    };
    Ok((
        StatusCode::CREATED,
        Json(issue(&state, &caller, id, purpose).await?),
    ))
}

/// Issues and audits a sign-in link for user `id`.
async fn issue(
    state: &AppState,
    caller: &Caller,
    id: i64,
    purpose: Purpose,
) -> Result<IssuedLink, AppError> {
    let token = auth::random_token();
    let expires_at = state
        .store
        .issue_link(
            caller.tenant_id(),
            id,
            purpose,
            caller.user.id,
            auth::token_hash(&token),
        )
        .await
        .map_err(|err| not_found_as(err, "user"))?;
    state
        .store
        .audit(
            Some(caller.tenant_id()),
            Some(caller.user.id),
            "user.sign_in_link",
            json!({ "user": id, "purpose": purpose }),
        )
        .await?;
    Ok(IssuedLink {
        path: format!("/welcome#token={token}"),
        expires_at,
    })
}

async fn change(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(mut body): ApiJson<UserChange>,
) -> Result<Json<User>, AppError> {
    caller.require(Permission::Administer)?;
    if id == caller.user.id
        && (body.disabled == Some(true)
            || body.role.is_some_and(|role| role != Role::Administrator))
    {
        return Err(AppError::Conflict(
            "you cannot disable or demote yourself; ask another Administrator".to_owned(),
        ));
    }
    if let Some(name) = &body.name {
        body.name = Some(checked_name(name)?);
    }
    let detail = json!({ "user": id, "role": body.role, "disabled": body.disabled });
    let user = state
        .store
        .change_user(caller.tenant_id(), id, body)
        .await
        .map_err(|err| not_found_as(err, "user"))?;
    state
        .store
        .audit(
            Some(caller.tenant_id()),
            Some(caller.user.id),
            "user.update",
            detail,
        )
        .await?;
    Ok(Json(user))
}

async fn set_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Administer)?;
    check_password(&body.password)?;
    let hash = password::hash_async(body.password).await?;
    state
        .store
        .set_password(caller.tenant_id(), id, hash)
        .await
        .map_err(|err| not_found_as(err, "user"))?;
    state
        .store
        .audit(
            Some(caller.tenant_id()),
            Some(caller.user.id),
            "user.password",
            json!({ "user": id }),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) fn check_password(password: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if !(password::MIN_LENGTH..=256).contains(&length) {
        return Err(AppError::bad_request(
            "weak_password",
            format!("a password has {} to 256 characters", password::MIN_LENGTH),
        ));
    }
    Ok(())
}
