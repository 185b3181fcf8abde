//! The browser's copy of the dataset, kept with the Cache API so a reload or an offline
//! start shows the list at once instead of downloading tens of megabytes again.
//!
//! One cache per signed-in user ([`CacheName`]: tenant and user in the name) holds two
//! entries: the dataset bytes with the server's `ETag` (the dataset version) and a session
//! marker (who was signed in, for an offline start). Only one such cache exists at a time:
//! storing a dataset deletes every other Clearlist cache, so an old version, or another
//! user's copy left by a closed tab, never lingers. The dataset is pseudonymous personal
//! data: [`delete_all`] runs on sign-out and whenever the server says the session is gone.
//!
//! Every function returns a typed [`CacheError`] instead of failing the app: without the
//! Cache API (an insecure origin, a privacy mode, a full disk) the app simply downloads.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, CacheStorage, Response};

use crate::api::{self, Session};

/// Prefix of every cache this app creates; the `v1` changes if the entry layout does.
pub const CACHE_PREFIX: &str = "clearlist-dataset-v1";

/// Key of the dataset entry (resolved against the page's origin, like a request).
const DATASET_KEY: &str = "/api/dataset";

/// Key of the session marker entry.
const SESSION_KEY: &str = "/api/session";

/// Why the cache could not be used. None of these is shown as an error: the app falls back
/// to downloading (and logs the reason to the console).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CacheError {
    /// No Cache API here (no window, an insecure origin, or a browser without it).
    #[error("the browser offers no Cache API here")]
    Unavailable,
    /// The browser refused an operation (quota exceeded, storage disabled, ...).
    #[error("the browser's cache refused: {0}")]
    Failed(String),
    /// An entry is there but not in the form this module writes.
    #[error("the cached copy cannot be read: {0}")]
    Corrupt(String),
}

/// The name of a user's dataset cache, e.g. `clearlist-dataset-v1/tenant-1/user-2`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CacheName(String);

impl CacheName {
    /// The cache of user `user` of tenant `tenant`.
    #[must_use]
    pub fn for_user(tenant: u64, user: u64) -> Self {
        Self(format!("{CACHE_PREFIX}/tenant-{tenant}/user-{user}"))
    }

    /// The cache of the signed-in user of `session`.
    #[must_use]
    pub fn for_session(session: &Session) -> Self {
        Self::for_user(session.tenant.id, session.user.id)
    }

    /// The name as the Cache API knows it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A dataset read back from the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedDataset {
    /// The `ETag` the server sent with these bytes, quotes included.
    pub etag: String,
    /// The dataset bytes.
    pub bytes: Vec<u8>,
}

impl CachedDataset {
    /// The dataset version (the `ETag` without quotes).
    #[must_use]
    pub fn version(&self) -> &str {
        api::version_of_etag(&self.etag)
    }
}

/// The dataset in cache `name`, if there is one.
///
/// # Errors
/// A [`CacheError`] when the Cache API is missing or fails, or the entry is unreadable.
pub async fn read(name: &CacheName) -> Result<Option<CachedDataset>, CacheError> {
    let Some(cache) = open_existing(name).await? else {
        return Ok(None);
    };
    let Some(response) = lookup(&cache, DATASET_KEY).await? else {
        return Ok(None);
    };
    let response = gloo_net::http::Response::from(response);
    let etag = response
        .headers()
        .get("etag")
        .ok_or_else(|| CacheError::Corrupt("the entry has no version".to_owned()))?;
    let bytes = response.binary().await.map_err(gloo_failure)?;
    Ok(Some(CachedDataset { etag, bytes }))
}

/// Stores `bytes` with `etag` (its version) and the session marker in cache `name`,
/// replacing the previous version, and deletes every other Clearlist cache (older layouts,
/// other users): only the newest copy is kept.
///
/// # Errors
/// A [`CacheError`] when the Cache API is missing or refuses (e.g. over quota); the
/// previous entry may then remain, which the next start revalidates as usual.
pub async fn store(
    name: &CacheName,
    session: &Session,
    etag: &str,
    bytes: &[u8],
) -> Result<(), CacheError> {
    let storage = storage()?;
    for other in clearlist_caches(&storage).await? {
        if other != name.as_str() {
            settle(storage.delete(&other)).await?;
        }
    }
    let cache: Cache = settle(storage.open(name.as_str())).await?.unchecked_into();
    // `Uint8Array::from` copies into JS memory: the Response owns its body.
    let body = Uint8Array::from(bytes);
    let response = gloo_net::http::Response::builder()
        .header("ETag", etag)
        .header("Content-Type", "application/octet-stream")
        .body(Some::<&js_sys::Object>(&body))
        .map_err(gloo_failure)?;
    let response = web_sys::Response::from(response);
    settle(cache.put_with_str(DATASET_KEY, &response)).await?;
    put_session(&cache, session).await
}

/// Records `session` as the signed-in session of cache `name`, if that cache exists (a new
/// session after signing in again). Creates nothing.
///
/// # Errors
/// A [`CacheError`] when the Cache API is missing or fails.
pub async fn remember_session(name: &CacheName, session: &Session) -> Result<(), CacheError> {
    match open_existing(name).await? {
        Some(cache) => put_session(&cache, session).await,
        None => Ok(()),
    }
}

/// The session of the cached dataset, if there is one: who was signed in when the copy
/// was stored. Used only when the server cannot be reached at start.
///
/// # Errors
/// A [`CacheError`] when the Cache API is missing or fails, or the marker is unreadable.
pub async fn cached_session() -> Result<Option<Session>, CacheError> {
    let storage = storage()?;
    for name in clearlist_caches(&storage).await? {
        let cache: Cache = settle(storage.open(&name)).await?.unchecked_into();
        let Some(response) = lookup(&cache, SESSION_KEY).await? else {
            continue;
        };
        // Without a dataset the marker is of no use offline.
        if lookup(&cache, DATASET_KEY).await?.is_none() {
            continue;
        }
        let session: Session = gloo_net::http::Response::from(response)
            .json()
            .await
            .map_err(|error| CacheError::Corrupt(error.to_string()))?;
        // The name says whose copy it is; a marker that disagrees is not trusted.
        if CacheName::for_session(&session).as_str() == name {
            return Ok(Some(session));
        }
    }
    Ok(None)
}

/// Deletes every Clearlist cache (every version, every user) and returns how many there
/// were.
///
/// # Errors
/// A [`CacheError`] when the Cache API is missing or fails.
pub async fn delete_all() -> Result<usize, CacheError> {
    let storage = storage()?;
    let names = clearlist_caches(&storage).await?;
    for name in &names {
        settle(storage.delete(name)).await?;
    }
    Ok(names.len())
}

/// The names of every Clearlist cache.
///
/// # Errors
/// A [`CacheError`] when the Cache API is missing or fails.
pub async fn cache_names() -> Result<Vec<String>, CacheError> {
    clearlist_caches(&storage()?).await
}

/// Deletes every Clearlist cache, logging (not returning) a failure: for sign-out and
/// ended sessions, which go on regardless.
pub async fn forget() {
    if let Err(error) = delete_all().await {
        warn(&format!(
            "Clearlist: the cached dataset could not be deleted: {error}"
        ));
    }
}

/// Logs `message` to the browser console as a warning.
pub fn warn(message: &str) {
    leptos::logging::warn!("{message}");
}

fn storage() -> Result<CacheStorage, CacheError> {
    // `caches` throws on an insecure origin; older browsers lack it (undefined).
    let window = web_sys::window().ok_or(CacheError::Unavailable)?;
    let storage = window.caches().map_err(|_| CacheError::Unavailable)?;
    if storage.is_undefined() || storage.is_null() {
        return Err(CacheError::Unavailable);
    }
    Ok(storage)
}

/// Cache `name` if it exists (`open` would create it).
async fn open_existing(name: &CacheName) -> Result<Option<Cache>, CacheError> {
    let storage = storage()?;
    if !settle(storage.has(name.as_str())).await?.is_truthy() {
        return Ok(None);
    }
    Ok(Some(
        settle(storage.open(name.as_str())).await?.unchecked_into(),
    ))
}

async fn clearlist_caches(storage: &CacheStorage) -> Result<Vec<String>, CacheError> {
    let keys: Array = settle(storage.keys()).await?.unchecked_into();
    Ok(keys
        .iter()
        .filter_map(|key| key.as_string())
        .filter(|key| key.starts_with(CACHE_PREFIX))
        .collect())
}

async fn lookup(cache: &Cache, key: &str) -> Result<Option<Response>, CacheError> {
    let found = settle(cache.match_with_str(key)).await?;
    Ok(found.dyn_into::<Response>().ok())
}

async fn put_session(cache: &Cache, session: &Session) -> Result<(), CacheError> {
    let response = gloo_net::http::Response::builder()
        .json(session)
        .map_err(gloo_failure)?;
    settle(cache.put_with_str(SESSION_KEY, &response.into())).await?;
    Ok(())
}

async fn settle(promise: js_sys::Promise) -> Result<JsValue, CacheError> {
    JsFuture::from(promise).await.map_err(failure)
}

/// A failed body read or response build.
fn gloo_failure(error: gloo_net::Error) -> CacheError {
    CacheError::Failed(error.to_string())
}

/// A rejected Cache API promise or a throwing call: a `DOMException` (an `Error` in every
/// browser with the Cache API) or a `TypeError`.
fn failure(error: JsValue) -> CacheError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    CacheError::Failed(message)
}
