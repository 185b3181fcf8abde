//! One-time sign-in links, used by whoever holds one (no session needed):
//!
//! - `POST /api/sign-in-links/lookup` `{token}`: whose password the link sets, why, and
//!   until when; `410` with `link_unknown`, `link_used`, `link_expired` or `user_disabled`;
//! - `POST /api/sign-in-links/use` `{token, password}`: sets the password, ends the user's
//!   other sessions, and signs them in (the session JSON and cookie, as `POST
//!   /api/session`). A link works once: a second use, even from another tab at the same
//!   moment, answers `410 link_used`.
//!
//! The token travels in the body, never in a URL the server would log.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::auth::CookieKind;
use crate::auth::{self, password};
use crate::extract::ApiJson;
use crate::routes::session::open_session;
use crate::routes::users::check_password;
use crate::store::links::LinkInfo;
use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in-links/lookup", post(lookup))
        .route("/sign-in-links/use", post(use_link))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lookup {
    token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Use {
    token: String,
    password: String,
}

/// Tokens are 43 characters; anything much longer is not one.
const MAX_TOKEN: usize = 128;

fn token_hash(token: &str) -> Result<Vec<u8>, AppError> {
    if token.is_empty() || token.len() > MAX_TOKEN {
        return Err(AppError::bad_request(
            "invalid_token",
            "not a sign-in link token",
        ));
    }
    Ok(auth::token_hash(token))
}

async fn lookup(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Lookup>,
) -> Result<Json<LinkInfo>, AppError> {
    Ok(Json(state.store.link(token_hash(&body.token)?).await?))
}

async fn use_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Use>,
) -> Result<Response, AppError> {
    let hash = token_hash(&body.token)?;
    // A bad password is reported before the link is spent, and without hashing.
    state.store.link(hash.clone()).await?;
    check_password(&body.password)?;
    let password_hash = password::hash_async(body.password).await?;
    let user = state.store.use_link(hash, password_hash).await?;
    state
        .store
        .audit(
            Some(user.tenant_id),
            Some(user.id),
            "user.password_set",
            json!({ "user": user.id, "by": "sign-in link" }),
        )
        .await?;
    open_session(&state, &user, &headers, CookieKind::App).await
}
