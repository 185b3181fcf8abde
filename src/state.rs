//! State of the signed-in app, shared through context: the list definition in the URL
//! fragment and the dataset, loaded once per sign-in. It lives exactly as long as the
//! signed-in view (see [`crate::session`]): signing out drops the dataset and stops a
//! download in progress.
//!
//! The dataset comes from the browser's copy when there is one ([`crate::dataset_cache`]):
//! it shows at once, and a conditional request (`If-None-Match`) checks in the background
//! whether the server has a newer version, which then downloads with its own progress. A
//! newer version (found at start, or later by [`crate::dataset_watch`]) is decoded in the
//! background and waits ([`AppState::newer`]): it replaces the list's dataset when the user
//! opens another page, or at once when they ask, never under a list they are looking at.
//! Without a copy (or without a usable Cache API) the dataset downloads with a progress bar
//! and is stored for the next start.
//!
//! The URL is the source of truth for the list (so every list is a link), and the fragment
//! never leaves the browser: search criteria are not sent to the server.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::api::{self, ApiError, DatasetResponse, Session};
use crate::dataset_cache::{self, CacheName};
use crate::engine_bridge::{self, Dataset};
use crate::fragment::Fragment;
use crate::session::{Auth, SessionState};

/// The dataset as the list reads it: `None` while loading.
pub type DatasetResource = LocalResource<Result<Rc<Dataset>, LoadError>>;

/// Shared state of the app. `Copy`: every field is a reactive handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The list in the URL fragment.
    pub fragment: Fragment,
    /// Progress of the first dataset download (none when the browser's copy is used).
    pub download: ReadSignal<Download>,
    /// The decoded dataset, or why there is none; `None` while loading. A newer version
    /// found by the background check replaces the value in place.
    pub dataset: DatasetResource,
    /// Which dataset version is in use, where it came from, and the background check.
    pub status: ReadSignal<DatasetStatus>,
    /// The sign-in state (who is signed in, with which role).
    pub session: SessionState,
    /// A newer dataset, downloaded and decoded, waiting for the next page: its version
    /// (empty when the server named none).
    pub newer: ReadSignal<Option<String>>,
    loader: StoredValue<Loader, LocalStorage>,
}

/// A newer dataset, decoded, until it replaces the one in use.
#[derive(Clone)]
struct Newer {
    dataset: Rc<Dataset>,
    version: Option<String>,
    previous: String,
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

/// Which dataset the list shows. Versions are the server's `ETag` without quotes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DatasetStatus {
    /// Nothing is shown yet.
    #[default]
    Loading,
    /// Downloaded from the server at this start (there was no usable copy).
    Downloaded {
        /// The version, if the server sent an `ETag`.
        version: Option<String>,
    },
    /// Read from the browser's copy.
    FromCache {
        /// The copy's version.
        version: String,
        /// Where the check for a newer version stands.
        check: Revalidation,
    },
    /// A newer version replaced the one the app started with (the browser's copy, or the
    /// dataset of an earlier download) when the user opened another page or asked.
    Updated {
        /// The version now in use.
        version: Option<String>,
        /// The version it replaced.
        previous: String,
    },
}

/// The background check of a cached copy against the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revalidation {
    /// The conditional request is on its way.
    Checking,
    /// The server answered `304`: the copy is the current version.
    Current,
    /// The server has a newer version, which is downloading.
    Downloading(Download),
    /// The newer version is decoded: it replaces the copy when the user opens another page.
    Ready,
    /// The server cannot be reached: the copy is used as it is.
    Offline,
    /// The check failed otherwise (the copy is used as it is); the reason.
    Failed(String),
}

impl DatasetStatus {
    /// The version in use, when known.
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        match self {
            DatasetStatus::Loading => None,
            DatasetStatus::Downloaded { version } | DatasetStatus::Updated { version, .. } => {
                version.as_deref()
            }
            DatasetStatus::FromCache { version, .. } => Some(version),
        }
    }
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
    /// Starts loading the dataset and follows the URL fragment. Call once, inside the
    /// router's signed-in view (the signals, and the download, belong to the current reactive owner:
    /// its cleanup aborts the download). A 401 from the server ends `session` (which deletes
    /// the browser's copy).
    #[must_use]
    pub fn new(session: SessionState) -> Self {
        let fragment = Fragment::follow_window();
        // The router moves between pages with `pushState`, which fires no `hashchange`, and
        // only once the new page is ready: its location, not the window's, has the new fragment.
        let location = leptos_router::hooks::use_location();
        let pathname = location.pathname;
        Effect::new(move |_| {
            location.pathname.track();
            let hash = location.hash.get();
            fragment.follow(hash.strip_prefix('#').unwrap_or(&hash).to_owned());
        });

        // Without an AbortController (very old browsers) the download simply runs to its end.
        let abort = AbortController::new().ok();
        let abort_signal = abort.as_ref().map(AbortController::signal);
        // Cleanups run before the owner's values are dropped, so the controller is still here.
        let abort = StoredValue::new_local(abort);
        on_cleanup(move || {
            abort.try_with_value(|abort| abort.as_ref().map(AbortController::abort));
        });

        let (download, set_download) = signal(Download::default());
        let (status, set_status) = signal(DatasetStatus::default());
        let (newer, set_newer) = signal(None::<String>);
        // The background check replaces the resource's value, so the loader needs the
        // resource, which needs the loader: the slot is filled just below.
        let resource = StoredValue::new_local(None::<DatasetResource>);
        let loader = Loader {
            session,
            account: match session.auth.get_untracked() {
                Auth::SignedIn(signed_in) => Some(signed_in),
                Auth::Checking | Auth::SignedOut { .. } => None,
            },
            abort: abort_signal,
            set_download,
            set_status,
            resource,
            newer: StoredValue::new_local(None),
            set_newer,
            checking: StoredValue::new_local(false),
        };
        let stored = StoredValue::new_local(loader.clone());
        let dataset = LocalResource::new(move || load_dataset(loader.clone()));
        resource.set_value(Some(dataset));
        let state = Self {
            fragment,
            download,
            dataset,
            status,
            session,
            newer,
            loader: stored,
        };
        // The next page opened shows the newer dataset (not a change of list: the fragment).
        Effect::new(move |previous: Option<String>| {
            let path = pathname.get();
            if previous.is_some_and(|previous| previous != path) {
                state.use_newer();
            }
            path
        });
        state
    }

    /// Downloads and decodes the server's newer version in the background (after
    /// [`crate::dataset_watch`] found one); it then waits for the next page.
    pub fn fetch_newer(self) {
        let Some(loader) = self.loader.try_get_value() else {
            return;
        };
        let Some(version) = self
            .status
            .try_with_untracked(|status| status.version().map(str::to_owned))
            .flatten()
        else {
            return;
        };
        spawn_local(revalidate(loader, format!("\"{version}\""), version));
    }

    /// Replaces the dataset in use with the newer one waiting, if any.
    pub fn use_newer(self) {
        if let Some(loader) = self.loader.try_get_value() {
            loader.use_newer();
        }
    }
}

/// What loading the dataset needs: the handles of the signed-in view it reports to.
#[derive(Clone)]
struct Loader {
    session: SessionState,
    /// The signed-in session at start: whose copy to read and write (none in component
    /// tests that mount the view without signing in: then nothing is cached).
    account: Option<Session>,
    abort: Option<AbortSignal>,
    set_download: WriteSignal<Download>,
    set_status: WriteSignal<DatasetStatus>,
    resource: StoredValue<Option<DatasetResource>, LocalStorage>,
    newer: StoredValue<Option<Newer>, LocalStorage>,
    set_newer: WriteSignal<Option<String>>,
    /// A check against the server is on its way (one at a time).
    checking: StoredValue<bool, LocalStorage>,
}

impl Loader {
    fn cache_name(&self) -> Option<CacheName> {
        self.account.as_ref().map(CacheName::for_session)
    }

    /// Whether the user whose copy `name` is, is still the one signed in.
    fn still_signed_in(&self, name: &CacheName) -> bool {
        matches!(
            self.session.auth.try_get_untracked(),
            Some(Auth::SignedIn(signed_in)) if CacheName::for_session(&signed_in) == *name
        )
    }

    fn report(&self, status: DatasetStatus) {
        self.set_status.try_set(status);
    }

    /// Reports where a check for a newer version stands, on the badge of a dataset read
    /// from the browser's copy (a dataset downloaded at this start keeps its badge: the
    /// notice of a newer one is enough).
    fn report_check(&self, check: Revalidation) {
        self.set_status.try_update(|status| {
            if let DatasetStatus::FromCache { check: current, .. } = status {
                *current = check;
            }
        });
    }

    /// Keeps a decoded newer version until the next page.
    fn hold_newer(&self, newer: Newer) {
        let version = newer.version.clone();
        self.newer.try_set_value(Some(newer));
        self.report_check(Revalidation::Ready);
        self.set_newer.try_set(Some(version.unwrap_or_default()));
    }

    fn use_newer(&self) {
        let Some(Some(newer)) = self.newer.try_update_value(Option::take) else {
            return;
        };
        let Some(Some(resource)) = self.resource.try_get_value() else {
            return;
        };
        resource.try_set(Some(Ok(newer.dataset)));
        self.report(DatasetStatus::Updated {
            version: newer.version,
            previous: newer.previous,
        });
        self.set_newer.try_set(None);
    }

    /// The version of a newer dataset waiting, if any.
    fn waiting(&self) -> Option<Option<String>> {
        self.newer
            .try_with_value(|newer| newer.as_ref().map(|newer| newer.version.clone()))
            .flatten()
    }
}

/// Loads the dataset: the browser's copy if there is a readable one (then checks for a
/// newer version in the background), otherwise a download.
async fn load_dataset(loader: Loader) -> Result<Rc<Dataset>, LoadError> {
    if let Some(name) = loader.cache_name() {
        // Reading the copy takes milliseconds: "Preparing the list", not "Connecting".
        loader
            .set_download
            .update(|download| download.phase = Phase::Indexing);
        match dataset_cache::read(&name).await {
            Ok(Some(cached)) => {
                yield_to_browser().await;
                match engine_bridge::decode_dataset(&cached.bytes) {
                    Ok(dataset) => {
                        let version = cached.version().to_owned();
                        loader.report(DatasetStatus::FromCache {
                            version: version.clone(),
                            check: Revalidation::Checking,
                        });
                        spawn_local(start_revalidation(loader, name, cached.etag, version));
                        return Ok(opened(dataset));
                    }
                    // A copy written by an older app this one cannot read: download anew
                    // (storing the download replaces it).
                    Err(error) => dataset_cache::warn(&format!(
                        "Clearlist: the cached dataset cannot be read ({error}); downloading it"
                    )),
                }
            }
            Ok(None) => {}
            Err(error) => dataset_cache::warn(&format!(
                "Clearlist: no cached dataset ({error}); downloading it"
            )),
        }
    }
    loader.set_download.set(Download::default());
    download(&loader).await
}

/// Downloads the dataset with the progress bar, then stores it for the next start.
async fn download(loader: &Loader) -> Result<Rc<Dataset>, LoadError> {
    let set_download = loader.set_download;
    let response = api::fetch_dataset(loader.abort.as_ref(), None, move |received, total| {
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
    .await?;
    let DatasetResponse::Dataset { etag, bytes } = response else {
        // Only a conditional request can be answered 304.
        return Err(LoadError::Download(ApiError::Malformed(
            "`304 Not Modified` to a plain request".to_owned(),
        )));
    };
    set_download.update(|download| download.phase = Phase::Indexing);
    // Let the browser paint "Preparing the list" before decoding blocks the main thread.
    yield_to_browser().await;
    let dataset = engine_bridge::decode_dataset(&bytes).map_err(LoadError::Decode)?;
    loader.report(DatasetStatus::Downloaded {
        version: etag
            .as_deref()
            .map(|etag| api::version_of_etag(etag).to_owned()),
    });
    if let (Some(name), Some(etag)) = (loader.cache_name(), etag) {
        spawn_local(keep(loader.clone(), name, etag, bytes));
    }
    Ok(opened(dataset))
}

/// A decoded dataset, shared; its contact bitsets and the company search's word index are
/// built once the list is on screen, so neither the first click on a buying-team filter nor
/// the first keystroke in the search waits for them.
fn opened(dataset: Dataset) -> Rc<Dataset> {
    let dataset = Rc::new(dataset);
    let prepared = Rc::clone(&dataset);
    crate::background::after_next_paint(move || {
        prepared.prepare_contacts();
        let search = Rc::clone(&prepared);
        crate::background::after_next_paint(move || search.prepare_search());
    });
    dataset
}

/// Checks the browser's copy against the server, once the app has started from it.
async fn start_revalidation(loader: Loader, name: CacheName, etag: String, version: String) {
    if let Some(account) = &loader.account {
        // The marker follows the current session (a new one after signing in again).
        if let Err(error) = dataset_cache::remember_session(&name, account).await {
            dataset_cache::warn(&format!("Clearlist: {error}"));
        }
    }
    revalidate(loader, etag, version).await;
}

/// Asks the server whether version `etag` (the one in use) is still current; downloads and
/// decodes a newer one, which then waits for the next page ([`Loader::hold_newer`]). The
/// list keeps its dataset meanwhile, and keeps it when the server cannot be reached.
async fn revalidate(loader: Loader, etag: String, version: String) {
    if loader
        .checking
        .try_update_value(|checking| std::mem::replace(checking, true))
        != Some(false)
    {
        return;
    }
    check_once(&loader, etag, version).await;
    loader.checking.try_set_value(false);
}

async fn check_once(loader: &Loader, etag: String, version: String) {
    let progress = {
        let loader = loader.clone();
        move |received, total| {
            let phase = if received == 0 {
                Phase::Connecting
            } else {
                Phase::Downloading
            };
            loader.report_check(Revalidation::Downloading(Download {
                received,
                total,
                phase,
            }));
        }
    };
    let response = api::fetch_dataset(loader.abort.as_ref(), Some(&etag), progress).await;
    if loader.abort.as_ref().is_some_and(AbortSignal::aborted) {
        return; // Signed out meanwhile: nothing to report to.
    }
    match response {
        Ok(DatasetResponse::NotModified) => loader.report_check(Revalidation::Current),
        Ok(DatasetResponse::Dataset {
            etag: new_etag,
            bytes,
        }) => newer_arrived(loader.clone(), version, new_etag, bytes).await,
        // The API client has ended the session (and the copy goes with it).
        Err(error) if error.is_unauthenticated() => {}
        Err(error) if error.is_network() => loader.report_check(Revalidation::Offline),
        Err(error) => loader.report_check(Revalidation::Failed(error.to_string())),
    }
}

/// Decodes a newer version, holds it for the next page and keeps it as the browser's copy.
async fn newer_arrived(loader: Loader, previous: String, etag: Option<String>, bytes: Vec<u8>) {
    let version = etag
        .as_deref()
        .map(|etag| api::version_of_etag(etag).to_owned());
    if loader.waiting().is_some_and(|waiting| waiting == version) {
        return;
    }
    loader.report_check(Revalidation::Downloading(Download {
        received: bytes.len() as u64,
        total: Some(bytes.len() as u64),
        phase: Phase::Indexing,
    }));
    yield_to_browser().await;
    let dataset = match engine_bridge::decode_dataset(&bytes) {
        Ok(dataset) => opened(dataset),
        Err(error) => {
            loader.report_check(Revalidation::Failed(format!(
                "the newer version cannot be read: {error}"
            )));
            return;
        }
    };
    loader.hold_newer(Newer {
        dataset,
        version,
        previous,
    });
    match (loader.cache_name(), etag) {
        (Some(name), Some(etag)) => keep(loader, name, etag, bytes).await,
        // A version without a name cannot be revalidated: forget the old one.
        (_, None) => dataset_cache::forget().await,
        (None, Some(_)) => {}
    }
}

/// Stores a downloaded dataset as the browser's copy of `name`'s user, unless they signed
/// out meanwhile. A failing cache is logged: the next start downloads again.
async fn keep(loader: Loader, name: CacheName, etag: String, bytes: Vec<u8>) {
    let Some(account) = loader.account.clone() else {
        return;
    };
    if !loader.still_signed_in(&name) {
        return;
    }
    if let Err(error) = dataset_cache::store(&name, &account, &etag, &bytes).await {
        dataset_cache::warn(&format!(
            "Clearlist: the dataset is not kept for the next start: {error}"
        ));
    }
    // Signing out deletes the copy; if that happened while this one was being written, the
    // deletion may have run first.
    if !loader.still_signed_in(&name) {
        dataset_cache::forget().await;
    }
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
