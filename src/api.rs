//! Typed client of the Clearlist server's `/api`.
//!
//! The session calls (`/api/session`) sign in, read who is signed in and sign out; every
//! other call relies on the session cookie the browser sends by itself (same-origin
//! requests carry cookies, and the cookie is `HttpOnly`, so this code never sees it).
//! Every request goes through [`client`], which keeps the session's CSRF token for
//! state-changing requests and notices an ended session.
//!
//! The dataset is read from the response body stream chunk by chunk so the page can show
//! real progress: a dataset of a million accounts is tens of megabytes.
//! A copy the app already holds (see [`crate::dataset_cache`]) is revalidated with
//! `If-None-Match`, which costs a `304` and no body when it is current.

mod admin;
pub mod client;
mod import;
mod notifications;
mod resources;

pub use admin::*;
pub use import::*;
pub use notifications::*;
pub use resources::*;

use gloo_net::http::Method;
use js_sys::Uint8Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult, RequestCache};

use client::UNAUTHORIZED;

/// Path of the dataset download.
pub const DATASET_PATH: &str = "/api/dataset";

/// Path of the session: `GET` reads it, `POST` signs in, `DELETE` signs out.
pub const SESSION_PATH: &str = "/api/session";

/// Header with the dataset's length before content coding (the server sets it because a
/// compressed response has no usable `Content-Length` for counting decoded bytes).
const UNCOMPRESSED_LENGTH: &str = "x-uncompressed-length";

/// The server's code for a wrong password typed to confirm an action (e.g. an export).
const REAUTHENTICATION_FAILED: &str = "reauthentication_failed";

/// HTTP status of a conditional request whose copy is current.
const NOT_MODIFIED: u16 = 304;

/// A signed-in user's session, as `/api/session` describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Who is signed in.
    pub user: User,
    /// The organisation whose data the user sees.
    pub tenant: Tenant,
    /// Token to send in `X-CSRF-Token` on state-changing requests; opaque, per session.
    /// Only [`client`] sends it.
    pub csrf_token: String,
}

/// The signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Server-side user id.
    pub id: u64,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// What the user may do.
    pub role: Role,
}

/// The organisation (tenant) a user belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    /// Server-side tenant id.
    pub id: u64,
    /// Display name.
    pub name: String,
}

pub use clearlist_wire::Role;

/// Why an API call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request did not reach the server or the connection broke.
    #[error("the server cannot be reached ({0})")]
    Network(String),
    /// The server answered with an error status.
    #[error("the server answered {status}: {message}")]
    Status {
        /// HTTP status code.
        status: u16,
        /// The server's stable `error.code` (empty when the answer had none).
        code: String,
        /// The server's `error.message`, or the status text.
        message: String,
    },
    /// A successful response without a body.
    #[error("the server sent an empty response")]
    NoBody,
    /// A successful response whose body is not what the API promises.
    #[error("the server sent an unexpected answer ({0})")]
    Malformed(String),
    /// Not running in a browser window (no `window`).
    #[error("no browser window")]
    NoWindow,
}

impl ApiError {
    /// Whether the server refused the request for want of a valid session (HTTP 401). A
    /// wrong password when confirming an action (`reauthentication_failed`) is also a 401,
    /// but the session stands: it is not this.
    #[must_use]
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, ApiError::Status { status, code, .. }
            if *status == UNAUTHORIZED && code != REAUTHENTICATION_FAILED)
    }

    /// Whether the server refused a password typed to confirm an action.
    #[must_use]
    pub fn is_wrong_password(&self) -> bool {
        matches!(self, ApiError::Status { code, .. } if code == REAUTHENTICATION_FAILED)
    }

    /// Whether the request never got an answer (offline, server down, connection cut):
    /// the case in which the app may carry on with its cached copy.
    #[must_use]
    pub fn is_network(&self) -> bool {
        matches!(self, ApiError::Network(_))
    }
}

/// Asks the server who is signed in: `None` when nobody is (the server answers 401). The
/// client keeps the session's token.
///
/// # Errors
/// An [`ApiError`] when the request fails or the server answers with another error.
pub async fn fetch_session() -> Result<Option<Session>, ApiError> {
    let response = client::send(client::request(Method::GET, SESSION_PATH).build()).await?;
    if response.status() == UNAUTHORIZED {
        return Ok(None);
    }
    let session = client::parse(&response).await?;
    client::begin(&session);
    Ok(Some(session))
}

/// Signs in with an email and password; the server sets the session cookie (with
/// `embed_org`, inside that organisation's embed view in a CRM, the embed session's
/// partitioned cookie). The client keeps the new session's token.
///
/// # Errors
/// [`ApiError::Status`] with the server's message for wrong credentials (401) or too many
/// attempts (429); other [`ApiError`]s when the request fails.
pub async fn sign_in(
    email: &str,
    password: &str,
    embed_org: Option<u64>,
) -> Result<Session, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        email: &'a str,
        password: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        embed_org: Option<u64>,
    }
    let body = Body {
        email,
        password,
        embed_org,
    };
    let session = client::call(Method::POST, SESSION_PATH, &body).await?;
    client::begin(&session);
    Ok(session)
}

/// Signs out: the client forgets the token, the server ends the session, clears the cookie
/// and tells the browser to delete its cached copy of the dataset (`Clear-Site-Data`; the
/// app does not rely on it: [`crate::session`] deletes the copy itself first). A session
/// that had already ended (401) counts as signed out.
///
/// # Errors
/// An [`ApiError`] when the request fails or the server refuses it (e.g. a wrong CSRF
/// token).
pub async fn sign_out() -> Result<(), ApiError> {
    // Built with the token, then the token forgotten: a 401 here is not news to report.
    let request = client::request(Method::DELETE, SESSION_PATH);
    client::end();
    let response = client::send(request.build()).await?;
    if response.ok() || response.status() == UNAUTHORIZED {
        Ok(())
    } else {
        Err(client::fail(&response).await)
    }
}

/// What the server answered to a dataset request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatasetResponse {
    /// `304`: the version named in `If-None-Match` is still the current one.
    NotModified,
    /// `200`: the dataset, with the `ETag` it came with (the dataset version, quotes
    /// included; `None` if the server sent none).
    Dataset {
        /// The response's `ETag`, exactly as sent (send it back in `If-None-Match`).
        etag: Option<String>,
        /// The dataset bytes, decoded from any content coding.
        bytes: Vec<u8>,
    },
}

/// The dataset version an `ETag` names: the tag without its quotes (and without a weak
/// validator's `W/`), as the server's saved searches and exports record it.
#[must_use]
pub fn version_of_etag(etag: &str) -> &str {
    let tag = etag.trim();
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    tag.strip_prefix('"')
        .and_then(|tag| tag.strip_suffix('"'))
        .unwrap_or(tag)
}

/// Downloads the dataset, calling `on_progress(received, total)` after every chunk (and
/// once before the first). `received` counts decoded bytes; `total` is known when the server
/// sent the length. Aborting `abort` stops the download (the future then fails).
///
/// With `if_none_match` (the `ETag` of a copy the app already holds) the server answers
/// [`DatasetResponse::NotModified`] when that copy is current, without sending a byte.
///
/// # Errors
/// An [`ApiError`] when the request fails, the server answers with an error (401 without a
/// valid session: see [`ApiError::is_unauthenticated`]), or the body stream breaks.
pub async fn fetch_dataset(
    abort: Option<&AbortSignal>,
    if_none_match: Option<&str>,
    on_progress: impl Fn(u64, Option<u64>),
) -> Result<DatasetResponse, ApiError> {
    // The app keeps its own copy (see `dataset_cache`), deleted on sign-out: the browser's
    // HTTP cache must not hold a second one. `no-store` also hands a `304` to this code
    // instead of replacing it with the HTTP cache's copy.
    let mut request = client::request(Method::GET, DATASET_PATH)
        .abort_signal(abort)
        .cache(RequestCache::NoStore);
    if let Some(etag) = if_none_match {
        request = request.header("If-None-Match", etag);
    }
    let response = client::send(request.build()).await?;
    if response.status() == NOT_MODIFIED {
        return Ok(DatasetResponse::NotModified);
    }
    if !response.ok() {
        return Err(client::fail(&response).await);
    }
    let etag = response.headers().get("etag");
    let total = expected_length(&response.headers());
    on_progress(0, total);
    let body = response.body().ok_or(ApiError::NoBody)?;
    let bytes = read_stream(&body, total, on_progress).await?;
    Ok(DatasetResponse::Dataset { etag, bytes })
}

/// Reads a body stream to its end, calling `on_progress` after each chunk (`fetch` reports
/// no download progress of its own, and `gloo-net` reads bodies whole).
async fn read_stream(
    body: &web_sys::ReadableStream,
    total: Option<u64>,
    on_progress: impl Fn(u64, Option<u64>),
) -> Result<Vec<u8>, ApiError> {
    let reader = ReadableStreamDefaultReader::new(body).map_err(network_error)?;
    let capacity = total
        .and_then(|total| usize::try_from(total).ok())
        .unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    loop {
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(network_error)?
            .unchecked_into();
        if chunk.get_done().unwrap_or(false) {
            return Ok(bytes);
        }
        let chunk: Uint8Array = chunk.get_value().unchecked_into();
        let start = bytes.len();
        bytes.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[start..]);
        on_progress(bytes.len() as u64, total);
    }
}

/// The number of body bytes the stream will deliver, if the server said.
fn expected_length(headers: &gloo_net::http::Headers) -> Option<u64> {
    if let Some(length) = headers
        .get(UNCOMPRESSED_LENGTH)
        .and_then(|value| value.parse().ok())
    {
        return Some(length);
    }
    // Without a content coding, the body is exactly `Content-Length` bytes.
    if headers.get("content-encoding").is_none() {
        return headers
            .get("content-length")
            .and_then(|value| value.parse().ok());
    }
    None
}

/// A rejected browser call (a stream read, a blob): a JS error whose message is all we can
/// show.
pub(crate) fn network_error(error: wasm_bindgen::JsValue) -> ApiError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    ApiError::Network(message)
}
