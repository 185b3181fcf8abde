//! The notification menu (every role):
//!
//! - `GET /api/notifications`: `{unread, items: [{kind, text, link, at, unread}]}`: lists
//!   assigned to the caller by others (the last 20), and their saved searches with new
//!   matching accounts (until the search's new matches are acknowledged);
//! - `POST /api/notifications/seen`: the assignments so far are no longer unread (204).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::auth::Caller;
use crate::notifications::{Notification, gather};
use crate::roles::Permission;
use crate::{AppError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(index))
        .route("/notifications/seen", post(seen))
}

#[derive(Serialize)]
struct Item {
    #[serde(flatten)]
    notification: Notification,
    unread: bool,
}

#[derive(Serialize)]
struct Menu {
    unread: usize,
    items: Vec<Item>,
}

async fn index(State(state): State<AppState>, caller: Caller) -> Result<Json<Menu>, AppError> {
    caller.require(Permission::Read)?;
    let (seen_at, _) = state.store.notification_marks(caller.user.id).await?;
    let items: Vec<Item> = gather(&state, &caller.user, 0)
        .await?
        .into_iter()
        .map(|notification| Item {
            // A search stays news until its new matches are acknowledged.
            unread: notification.at.is_none_or(|at| at > seen_at),
            notification,
        })
        .collect();
    Ok(Json(Menu {
        unread: items.iter().filter(|item| item.unread).count(),
        items,
    }))
}

async fn seen(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, AppError> {
    caller.require(Permission::Read)?;
    state.store.mark_notifications_seen(caller.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
