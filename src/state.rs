//! State of the signed-in app, shared through context: the list definition in the URL
//! fragment and the dataset, downloaded once per sign-in. It lives exactly as long as the
//! signed-in view (see [`crate::session`]): signing out drops the dataset and stops a
//! download in progress.
//!
//! The URL is the source of truth for the list (so every list is a link), and the fragment
//! never leaves the browser: search criteria are not sent to the server.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::api::{self, ApiError};
use crate::engine_bridge::{self, Dataset};
use crate::session::SessionState;

/// Shared state of the app. `Copy`: every field is a reactive handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The URL fragment without `#`, updated on every `hashchange`.
    pub fragment: ReadSignal<String>,
    /// Progress of the dataset download.
    pub download: ReadSignal<Download>,
    /// The decoded dataset, or why there is none; `None` while loading.
    pub dataset: LocalResource<Result<Rc<Dataset>, LoadError>>,
}

/// Where loading the dataset stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Download {
    /// Bytes received so far (after content decoding).
    pub received: u64,
    /// Bytes expected in total, when the server said.
    pub total: Option<u64>,
    /// The current step.
    pub phase: Phase,
}

/// The steps of loading the dataset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    /// The request is on its way; no byte has arrived.
    #[default]
    Connecting,
    /// Bytes are arriving.
    Downloading,
    /// All bytes are here; the dataset is being decoded and indexed.
    Indexing,
}

/// Why the dataset could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The download failed.
    #[error("The dataset could not be downloaded: {0}")]
    Download(#[from] ApiError),
    /// The bytes are not a dataset this app can read.
    #[error("The downloaded dataset cannot be read: {0}")]
    Decode(String),
}

impl AppState {
    /// Starts the download and follows the URL fragment. Call once, inside the signed-in
    /// view (the signals, and the download, belong to the current reactive owner: its
    /// cleanup aborts the download). A 401 from the server ends `session`.
    #[must_use]
    pub fn new(session: SessionState) -> Self {
        let (fragment, set_fragment) = signal(current_fragment());
        let handle = window_event_listener_untyped("hashchange", move |_| {
            set_fragment.set(current_fragment());
        });
        on_cleanup(move || handle.remove());

        // Without an AbortController (very old browsers) the download simply runs to its end.
        let abort = AbortController::new().ok();
        let abort_signal = abort.as_ref().map(AbortController::signal);
        // Cleanups run before the owner's values are dropped, so the controller is still here.
        let abort = StoredValue::new_local(abort);
        on_cleanup(move || {
            abort.try_with_value(|abort| abort.as_ref().map(AbortController::abort));
        });

        let (download, set_download) = signal(Download::default());
        let dataset =
            LocalResource::new(move || load_dataset(set_download, abort_signal.clone(), session));
        Self {
            fragment,
            download,
            dataset,
        }
    }
}

/// The URL fragment without the leading `#` (empty when there is none).
#[must_use]
pub fn current_fragment() -> String {
    let hash = window().location().hash().unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_owned()
}

async fn load_dataset(
    set_download: WriteSignal<Download>,
    abort: Option<AbortSignal>,
    session: SessionState,
) -> Result<Rc<Dataset>, LoadError> {
    let bytes = api::fetch_dataset(abort.as_ref(), move |received, total| {
        let phase = if received == 0 {
            Phase::Connecting
        } else {
            Phase::Downloading
        };
        set_download.set(Download {
            received,
            total,
            phase,
        });
    })
    .await
    .inspect_err(|error| {
        if error.is_unauthenticated() {
            session.expire();
        }
    })?;
    set_download.update(|download| download.phase = Phase::Indexing);
    // Let the browser paint "Preparing the list" before decoding blocks the main thread.
    yield_to_browser().await;
    let dataset = engine_bridge::decode_dataset(&bytes).map_err(LoadError::Decode)?;
    Ok(Rc::new(dataset))
}

/// Resolves after the next paint: a `requestAnimationFrame` callback runs just before
/// painting, and a zero timeout set from it runs just after.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let window = window();
        let timeout_window = window.clone();
        let after_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = timeout_window
                .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
        });
        if window
            .request_animation_frame(after_frame.unchecked_ref())
            .is_err()
        {
            let _ = after_frame
                .unchecked_ref::<js_sys::Function>()
                .call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}
