//! The notification menu's resources (`/api/notifications`).

use serde::Deserialize;

use super::ApiError;
use gloo_net::http::Method;

use super::client::{EMPTY, get, send_json};

/// One notification.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Notification {
    /// `assignment` or `search`.
    pub kind: String,
    /// What happened, in a sentence.
    pub text: String,
    /// Where to look: a path of the app.
    pub link: String,
    /// Unix seconds, for an assignment.
    pub at: Option<i64>,
    /// Not seen yet.
    pub unread: bool,
}

/// The menu.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Notifications {
    /// How many are unread.
    pub unread: usize,
    /// Newest assignments first, then searches with new matches.
    pub items: Vec<Notification>,
}

/// `GET /api/notifications`.
///
/// # Errors
/// An [`ApiError`].
pub async fn notifications() -> Result<Notifications, ApiError> {
    get("/api/notifications").await
}

/// `POST /api/notifications/seen`.
///
/// # Errors
/// An [`ApiError`].
pub async fn mark_notifications_seen() -> Result<(), ApiError> {
    send_json(Method::POST, "/api/notifications/seen", &EMPTY).await?;
    Ok(())
}
