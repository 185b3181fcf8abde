//! (being written)

use axum::Router;

use crate::AppState;

pub(crate) fn routes(_state: &AppState) -> Router<AppState> {
    Router::new()
}
