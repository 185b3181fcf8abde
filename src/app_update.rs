//! The notice that a new version of the app is ready. The service worker (`public/sw.js`)
//! fetches a new build in the background and tells the page (`boot.js` marks the document
//! and fires `clearlist-update-ready`); the next navigation starts it. Until then the page
//! says so, with a button to reload now.
//!
//! Test hooks: `app-update`, `app-update-reload`.

use leptos::prelude::*;

/// The event `boot.js` fires when the service worker has a new version ready.
const READY_EVENT: &str = "clearlist-update-ready";

fn marked_ready() -> bool {
    document()
        .document_element()
        .and_then(|root| root.get_attribute("data-update-ready"))
        .is_some_and(|value| value == "true")
}

/// The notice, shown once a new version is ready, with a button that reloads the page.
#[component]
pub fn AppUpdateNotice() -> impl IntoView {
    let ready = RwSignal::new(marked_ready());
    let handle = window_event_listener_untyped(READY_EVENT, move |_| ready.set(true));
    on_cleanup(move || handle.remove());
    let reload = |_| {
        let _ = window().location().reload();
    };
    move || {
        ready.get().then(|| {
            view! {
                <div class="banner" role="status" data-testid="app-update">
                    <span>"A new version of Clearlist is ready: it opens with the next page you load."</span>
                    <button type="button" class="button secondary" data-testid="app-update-reload" on:click=reload>
                        "Reload now"
                    </button>
                </div>
            }
        })
    }
}
