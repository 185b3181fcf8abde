//! Signing in and out.
//!
//! - `POST /api/session` `{email, password, embed_org?}`: starts a session (a new token
//!   every time: rotation at sign-in), answers the session JSON and sets the cookie; with
//!   `embed_org` (signing in inside a CRM's frame of that organisation's embed view), an
//!   embed session in its partitioned cookie, refused for a user of another organisation;
//! - `GET /api/session`: the session JSON (user, tenant, CSRF token);
//! - `DELETE /api/session`: ends the session, clears the cookie, and asks the browser to
//!   delete its cached data (`Clear-Site-Data`), the downloaded dataset included.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::{self, Caller, CookieKind, password};
use crate::extract::ApiJson;
use crate::store::tenants::Tenant;
use crate::store::users::User;
use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/session", get(current).post(sign_in).delete(sign_out))
}

/// The session as the app sees it.
#[derive(Serialize)]
struct SessionView<'a> {
    user: &'a User,
    tenant: &'a Tenant,
    csrf_token: &'a str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    email: String,
    password: String,
    /// The organisation whose embed view the sign-in form is in.
    #[serde(default)]
    embed_org: Option<i64>,
}

/// Longest email or password accepted at sign-in (Argon2 cost does not depend on length,
/// but there is no reason to hash megabytes).
const MAX_FIELD: usize = 1024;

async fn current(caller: Caller) -> Json<serde_json::Value> {
    Json(json!(SessionView {
        user: &caller.user,
        tenant: &caller.tenant,
        csrf_token: &caller.csrf_token,
    }))
}

async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<Response, AppError> {
    if body.email.len() > MAX_FIELD || body.password.len() > MAX_FIELD {
        return Err(AppError::bad_request(
            "too_long",
            "email or password too long",
        ));
    }
    let account_key = format!("account:{}", body.email.trim().to_lowercase());
    let peer_key = format!("peer:{}", peer.ip());
    let limits = &state.logins;
    limits
        .per_account
        .check(&account_key)
        .and_then(|()| limits.per_peer.check(&peer_key))
        .map_err(|retry_after| AppError::RateLimited { retry_after })?;

    let found = state
        .store
        .user_for_login(body.email.trim().to_owned())
        .await?;
    let (user, stored) = match found {
        Some((user, hash)) if !user.disabled => (Some(user), Some(hash)),
        _ => (None, None),
    };
    let verified = password::verify_async(body.password, stored).await;
    let Some(user) = user.filter(|_| verified) else {
        limits.per_account.fail(&account_key);
        limits.per_peer.fail(&peer_key);
        // Neither the attempted name (it may be a mistyped password) nor the address
        // (personal data) goes into the log.
        tracing::info!("sign-in refused");
        return Err(AppError::BadCredentials);
    };
    limits.per_account.reset(&account_key);
    let cookie = match body.embed_org {
        None => CookieKind::App,
        Some(org) if org == user.tenant_id => CookieKind::Embed,
        Some(_) => {
            return Err(AppError::bad_request(
                "other_organisation",
                "this embed view belongs to another organisation",
            ));
        }
    };
    open_session(&state, &user, &headers, cookie).await
}

/// Starts a session for `user` (a new token, replacing the request's own session if it
/// has one), audits it, and answers the session JSON with the cookie.
pub(crate) async fn open_session(
    state: &AppState,
    user: &User,
    headers: &HeaderMap,
    cookie: CookieKind,
) -> Result<Response, AppError> {
    let token = auth::random_token();
    let csrf_token = auth::random_token();
    let replaces = auth::session_token(headers)
        .filter(|(_, kind)| *kind == cookie)
        .map(|(token, _)| auth::token_hash(token));
    state
        .store
        .start_session(
            user.id,
            auth::token_hash(&token),
            csrf_token.clone(),
            replaces,
        )
        .await?;
    state
        .store
        .audit(
            Some(user.tenant_id),
            Some(user.id),
            "session.start",
            json!({ "embed": cookie == CookieKind::Embed }),
        )
        .await?;
    let tenant = state.store.tenant(user.tenant_id).await?;
    let cookie = auth::session_cookie(
        cookie,
        &token,
        state.config.limits.session_absolute.as_secs(),
    );
    let body = json!(SessionView {
        user,
        tenant: &tenant,
        csrf_token: &csrf_token,
    });
    Ok((
        [
            (header::SET_COOKIE, header_value(&cookie)?),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Json(body),
    )
        .into_response())
}

async fn sign_out(State(state): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    state.store.end_session(caller.token_hash).await?;
    state
        .store
        .audit(
            Some(caller.tenant.id),
            Some(caller.user.id),
            "session.end",
            json!({}),
        )
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [
            (
                header::SET_COOKIE,
                header_value(&auth::clear_session_cookie(caller.cookie))?,
            ),
            (
                header::HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"cache\", \"storage\""),
            ),
        ],
    )
        .into_response())
}

fn header_value(value: &str) -> Result<HeaderValue, AppError> {
    HeaderValue::from_str(value).map_err(|err| AppError::Internal(err.into()))
}
