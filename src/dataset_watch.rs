//! Watches for a newer dataset: every few minutes, when the tab comes back into view, and
//! right after an import, the app asks the server which dataset version a download would
//! have now; when it differs from the one in use, the newer version is downloaded and
//! decoded in the background ([`AppState::fetch_newer`]) and waits for the next page the
//! user opens. Meanwhile a notice says so, with a button to switch at once.
//!
//! Test hooks: `dataset-newer` (with `data-version`), `dataset-newer-apply`.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::state::AppState;

/// How often the app asks.
const EVERY: Duration = Duration::from_secs(180);

/// The check, shared by the signed-in view.
#[derive(Clone, Copy)]
pub struct DatasetWatch {
    state: AppState,
}

impl DatasetWatch {
    /// Starts watching for the signed-in view (for as long as its owner lives).
    #[must_use]
    pub fn start(state: AppState) -> Self {
        let watch = Self { state };
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
            let Ok(version) = api::dataset_version().await else {
                return;
            };
            let waiting = self.state.newer.try_get_untracked().flatten();
            if version != current && waiting.as_deref() != Some(version.as_str()) {
                self.state.fetch_newer();
            }
        });
    }
}

/// The notice, while a newer dataset waits for the next page.
#[component]
pub fn NewerDataset(state: AppState) -> impl IntoView {
    move || {
        state.newer.get().map(|version| {
            view! {
                <div class="banner" role="status" data-testid="dataset-newer" data-version=version>
                    <span>"A newer dataset is ready: the next page you open uses it."</span>
                    <button
                        type="button"
                        class="button secondary"
                        data-testid="dataset-newer-apply"
                        on:click=move |_| state.use_newer()
                    >
                        "Use it now"
                    </button>
                </div>
            }
        })
    }
}
