//! Typed client of the Clearlist server's `/api`.
//!
//! The session calls (`/api/session`) sign in, read who is signed in and sign out; every
//! other call relies on the session cookie the browser sends by itself (same-origin
//! requests carry cookies, and the cookie is `HttpOnly`, so this code never sees it).
//! State-changing requests carry the session's CSRF token in a header.
//!
//! The dataset is read from the response body stream chunk by chunk so the page can show
//! real progress: a dataset of a million accounts is tens of megabytes.
//! A copy the app already holds (see [`crate::dataset_cache`]) is revalidated with
//! `If-None-Match`, which costs a `304` and no body when it is current.

mod admin;
mod import;
mod notifications;
mod resources;

pub use admin::*;
pub use import::*;
pub use notifications::*;
pub use resources::*;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, Headers, ReadableStreamDefaultReader, ReadableStreamReadResult, RequestCache,
    RequestInit, Response,
};

/// Path of the dataset download.
pub const DATASET_PATH: &str = "/api/dataset";

/// Path of the session: `GET` reads it, `POST` signs in, `DELETE` signs out.
pub const SESSION_PATH: &str = "/api/session";

/// Header carrying the session's CSRF token on every request that is not a `GET`.
pub(crate) const CSRF_HEADER: &str = "X-CSRF-Token";

/// Header with the dataset's length before content coding (the server sets it because a
/// compressed response has no usable `Content-Length` for counting decoded bytes).
const UNCOMPRESSED_LENGTH: &str = "x-uncompressed-length";

/// HTTP status of a request without a valid session.
pub(crate) const UNAUTHORIZED: u16 = 401;
/// The server's code for a wrong password typed to confirm an action (e.g. an export).
const REAUTHENTICATION_FAILED: &str = "reauthentication_failed";

/// HTTP status of a conditional request whose copy is current.
const NOT_MODIFIED: u16 = 304;

/// A signed-in user's session, as `/api/session` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Who is signed in.
    pub user: User,
    /// The organisation whose data the user sees.
    pub tenant: Tenant,
    /// Token to send in `X-CSRF-Token` on state-changing requests; opaque, per session.
    pub csrf_token: String,
}

/// The signed-in user.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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

impl Session {
    /// Reads the JSON body of `/api/session` (already parsed into a JS value).
    ///
    /// # Errors
    /// [`ApiError::Malformed`] naming the first field that is missing or of the wrong type,
    /// or an unknown role.
    pub fn from_json(json: &JsValue) -> Result<Session, ApiError> {
        let role = string_at(json, "user.role")?;
        Ok(Session {
            user: User {
                id: id_at(json, "user.id")?,
                email: string_at(json, "user.email")?,
                name: string_at(json, "user.name")?,
                role: Role::from_slug(&role)
                    .ok_or_else(|| ApiError::Malformed(format!("unknown role `{role}`")))?,
            },
            tenant: Tenant {
                id: id_at(json, "tenant.id")?,
                name: string_at(json, "tenant.name")?,
            },
            csrf_token: string_at(json, "csrf_token")?,
        })
    }

    /// The session as `/api/session` JSON (the fields [`Session::from_json`] reads), for
    /// the marker the dataset cache keeps so an offline start knows who was signed in.
    ///
    /// # Errors
    /// [`ApiError::Malformed`] if the browser refuses to build the object (it does not).
    pub fn to_json(&self) -> Result<JsValue, ApiError> {
        let user = js_sys::Object::new();
        set_value(&user, "id", &JsValue::from_f64(self.user.id as f64))?;
        set_value(&user, "email", &self.user.email.as_str().into())?;
        set_value(&user, "name", &self.user.name.as_str().into())?;
        set_value(&user, "role", &self.user.role.slug().into())?;
        let tenant = js_sys::Object::new();
        set_value(&tenant, "id", &JsValue::from_f64(self.tenant.id as f64))?;
        set_value(&tenant, "name", &self.tenant.name.as_str().into())?;
        let session = js_sys::Object::new();
        set_value(&session, "user", &user)?;
        set_value(&session, "tenant", &tenant)?;
        set_value(&session, "csrf_token", &self.csrf_token.as_str().into())?;
        Ok(session.into())
    }
}

/// Asks the server who is signed in: `None` when nobody is (the server answers 401).
///
/// # Errors
/// An [`ApiError`] when the request fails or the server answers with another error.
pub async fn fetch_session() -> Result<Option<Session>, ApiError> {
    let response = send(SESSION_PATH, None).await?;
    if response.status() == UNAUTHORIZED {
        return Ok(None);
    }
    if !response.ok() {
        return Err(status_error(&response).await);
    }
    Session::from_json(&json_body(&response).await?).map(Some)
}

/// Signs in with an email and password; the server sets the session cookie (with
/// `embed_org`, inside that organisation's embed view in a CRM, the embed session's
/// partitioned cookie).
///
/// # Errors
/// [`ApiError::Status`] with the server's message for wrong credentials (401) or too many
/// attempts (429); other [`ApiError`]s when the request fails.
pub async fn sign_in(
    email: &str,
    password: &str,
    embed_org: Option<u64>,
) -> Result<Session, ApiError> {
    // Built as a JS object and serialised by the browser, so any character in the
    // password is escaped correctly.
    let body = js_sys::Object::new();
    set_property(&body, "email", email)?;
    set_property(&body, "password", password)?;
    if let Some(org) = embed_org {
        set_value(&body, "embed_org", &JsValue::from_f64(org as f64))?;
    }
    let body = js_sys::JSON::stringify(&body).map_err(network_error)?;

    let headers = Headers::new().map_err(network_error)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(network_error)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body);
    let response = send(SESSION_PATH, Some(&init)).await?;
    if !response.ok() {
        return Err(status_error(&response).await);
    }
    Session::from_json(&json_body(&response).await?)
}

/// Signs out: the server ends the session, clears the cookie and tells the browser to
/// delete its cached copy of the dataset (`Clear-Site-Data`; the app does not rely on it:
/// [`crate::session`] deletes the copy itself first). A session that had already
/// ended (401) counts as signed out.
///
/// # Errors
/// An [`ApiError`] when the request fails or the server refuses it (e.g. a wrong CSRF
/// token).
pub async fn sign_out(csrf_token: &str) -> Result<(), ApiError> {
    let headers = Headers::new().map_err(network_error)?;
    headers
        .set(CSRF_HEADER, csrf_token)
        .map_err(network_error)?;
    let init = RequestInit::new();
    init.set_method("DELETE");
    init.set_headers(&headers);
    let response = send(SESSION_PATH, Some(&init)).await?;
    if response.ok() || response.status() == UNAUTHORIZED {
        Ok(())
    } else {
        Err(status_error(&response).await)
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
    let init = RequestInit::new();
    init.set_signal(abort);
    // The app keeps its own copy (see `dataset_cache`), deleted on sign-out: the browser's
    // HTTP cache must not hold a second one. `no-store` also hands a `304` to this code
    // instead of replacing it with the HTTP cache's copy.
    init.set_cache(RequestCache::NoStore);
    if let Some(etag) = if_none_match {
        let headers = Headers::new().map_err(network_error)?;
        headers.set("If-None-Match", etag).map_err(network_error)?;
        init.set_headers(&headers);
    }
    let response = send(DATASET_PATH, Some(&init)).await?;
    if response.status() == NOT_MODIFIED {
        return Ok(DatasetResponse::NotModified);
    }
    if !response.ok() {
        return Err(status_error(&response).await);
    }
    let etag = response.headers().get("etag").ok().flatten();
    let total = expected_length(&response);
    on_progress(0, total);

    let body = response.body().ok_or(ApiError::NoBody)?;
    let reader = ReadableStreamDefaultReader::new(&body).map_err(network_error)?;
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
            break;
        }
        let chunk: Uint8Array = chunk.get_value().unchecked_into();
        let start = bytes.len();
        bytes.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[start..]);
        on_progress(bytes.len() as u64, total);
    }
    Ok(DatasetResponse::Dataset { etag, bytes })
}

/// Sends a request to this origin (cookies included, as for every same-origin fetch).
pub(crate) async fn send(path: &str, init: Option<&RequestInit>) -> Result<Response, ApiError> {
    let window = web_sys::window().ok_or(ApiError::NoWindow)?;
    let promise = match init {
        Some(init) => window.fetch_with_str_and_init(path, init),
        None => window.fetch_with_str(path),
    };
    Ok(JsFuture::from(promise)
        .await
        .map_err(network_error)?
        .unchecked_into())
}

/// The parsed JSON body of a successful response.
async fn json_body(response: &Response) -> Result<JsValue, ApiError> {
    let promise = response.json().map_err(network_error)?;
    JsFuture::from(promise)
        .await
        .map_err(|_| ApiError::Malformed("the body is not JSON".to_owned()))
}

/// The value at the dotted `path` under `root` (`user.email`), if every step exists.
fn value_at(root: &JsValue, path: &str) -> Option<JsValue> {
    path.split('.').try_fold(root.clone(), |value, key| {
        if !value.is_object() {
            return None;
        }
        Reflect::get(&value, &key.into()).ok()
    })
}

/// The string at `path` under `root`.
fn string_at(root: &JsValue, path: &str) -> Result<String, ApiError> {
    value_at(root, path)
        .and_then(|value| value.as_string())
        .ok_or_else(|| ApiError::Malformed(format!("`{path}` is not a string")))
}

/// The non-negative integer id at `path` under `root`.
fn id_at(root: &JsValue, path: &str) -> Result<u64, ApiError> {
    value_at(root, path)
        .and_then(|value| value.as_f64())
        .filter(|id| id.fract() == 0.0 && (0.0..=js_sys::Number::MAX_SAFE_INTEGER).contains(id))
        // Whole and within 2^53, checked just above: the conversion is exact.
        .map(|id| id as u64)
        .ok_or_else(|| ApiError::Malformed(format!("`{path}` is not an id")))
}

/// Sets `object[key] = value`.
fn set_property(object: &js_sys::Object, key: &str, value: &str) -> Result<(), ApiError> {
    Reflect::set(object, &key.into(), &value.into())
        .map(|_| ())
        .map_err(network_error)
}

/// Sets `object[key] = value` for any JS value.
fn set_value(object: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), ApiError> {
    Reflect::set(object, &key.into(), value)
        .map(|_| ())
        .map_err(|_| ApiError::Malformed(format!("cannot set `{key}`")))
}

/// The number of body bytes the stream will deliver, if the server said.
fn expected_length(response: &Response) -> Option<u64> {
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    if let Some(length) = header(UNCOMPRESSED_LENGTH).and_then(|value| value.parse().ok()) {
        return Some(length);
    }
    // Without a content coding, the body is exactly `Content-Length` bytes.
    if header("content-encoding").is_none() {
        return header("content-length").and_then(|value| value.parse().ok());
    }
    None
}

/// The error of a non-2xx response, with the server's JSON message when there is one.
pub(crate) async fn status_error(response: &Response) -> ApiError {
    let status = response.status();
    let error = match response.json() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|json| Reflect::get(&json, &"error".into()).ok()),
        Err(_) => None,
    };
    let field = |name: &str| {
        error
            .as_ref()
            .and_then(|error| Reflect::get(error, &name.into()).ok())
            .and_then(|value| value.as_string())
    };
    ApiError::Status {
        status,
        code: field("code").unwrap_or_default(),
        message: field("message").unwrap_or_else(|| response.status_text()),
    }
}

/// A rejected fetch or stream read: a `TypeError` whose message is all we can show.
pub(crate) fn network_error(error: JsValue) -> ApiError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    ApiError::Network(message)
}
