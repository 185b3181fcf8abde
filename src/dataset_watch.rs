//! Offers a newer dataset: every few minutes, when the tab comes back into view, and right
//! after an import, the app asks the server which dataset version a download would have
//! now; when it differs from the one in use, a banner offers to load it. Loading reloads
//! the page: the list stays in its URL, and the browser's copy is checked against the
//! server and replaced.
//!
//! Test hooks: `dataset-newer`, `dataset-newer-reload`.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::app_update::reload_banner;
use crate::state::AppState;

/// How often the app asks.
const EVERY: Duration = Duration::from_secs(180);

/// The check, shared by the signed-in view.
#[derive(Clone, Copy)]
pub struct DatasetWatch {
    /// The server's version, once it differs from the one in use.
    newer: RwSignal<Option<String>>,
    state: AppState,
}

impl DatasetWatch {
    /// Starts watching for the signed-in view (for as long as its owner lives).
    #[must_use]
    pub fn start(state: AppState) -> Self {
        let watch = Self {
            newer: RwSignal::new(None),
            state,
        };
        if let Ok(handle) = set_interval_with_handle(move || watch.check_now(), EVERY) {
            on_cleanup(move || handle.clear());
        }
        let visible = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                watch.check_now();
            }
        });
        on_cleanup(move || visible.remove());
        watch
    }

    /// Asks the server now.
    pub fn check_now(self) {
        let Some(current) = self
            .state
            .status
            .try_with_untracked(|status| status.version().map(str::to_owned))
            .flatten()
        else {
            return;
        };
        spawn_local(async move {
            if let Ok(version) = api::dataset_version().await {
                self.newer.try_set((version != current).then_some(version));
            }
        });
    }
}

/// The banner, when there is a newer dataset.
#[component]
pub fn NewerDataset(watch: DatasetWatch) -> impl IntoView {
    move || {
        watch
            .newer
            .get()
            .map(|_| reload_banner("A newer dataset is available.", "dataset-newer", "Load it"))
    }
}
