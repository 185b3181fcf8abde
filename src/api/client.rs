//! The app's one HTTP client for `/api` (over `gloo-net`): every request the app sends goes
//! through here, so two things are decided in one place.
//!
//! - **The CSRF token.** The client keeps the token of the session the page is signed in
//!   with, learnt from the server's session answer, and adds it to every request that is
//!   not a `GET`. Nothing else in the app reads it. The page has one cookie jar and so one
//!   session at a time: the token is as page-wide as the `HttpOnly` cookie it pairs with.
//! - **An ended session.** A `401` (other than a refused password) to a request made while
//!   signed in means the session expired or was ended elsewhere. The client forgets the
//!   token and calls the hook the session state registered ([`on_session_ended`]) once, so
//!   every page falls back to the sign-in page the same way, whichever call noticed.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::{Method, Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{ApiError, Session};

/// Header carrying the session's CSRF token on every request that is not a `GET`.
const CSRF_HEADER: &str = "X-CSRF-Token";

/// HTTP status of a request without a valid session.
pub(crate) const UNAUTHORIZED: u16 = 401;

/// The body of a request that needs none (`{}`: the server reads every `POST` as JSON).
#[derive(Serialize)]
pub(crate) struct Empty {}

/// [`Empty`].
pub(crate) const EMPTY: Empty = Empty {};

thread_local! {
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static ON_ENDED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what to do when the server says the session has ended (replacing any earlier
/// hook). The session state registers itself once, at start.
pub fn on_session_ended(hook: impl Fn() + 'static) {
    ON_ENDED.with(|ended| *ended.borrow_mut() = Some(Rc::new(hook)));
}

/// The page is signed in with `session`: its token goes with every state-changing request.
pub fn begin(session: &Session) {
    TOKEN.with(|token| *token.borrow_mut() = Some(session.csrf_token.clone()));
}

/// The page is signed out: no token goes with requests any more. Returns the token it held.
pub fn end() -> Option<String> {
    TOKEN.with(|token| token.borrow_mut().take())
}

/// A request to this origin: the session cookie goes with it (same origin), the CSRF token
/// with every method but `GET`.
pub(crate) fn request(method: Method, path: &str) -> RequestBuilder {
    let builder = RequestBuilder::new(path).method(method.clone());
    match TOKEN.with(|token| token.borrow().clone()) {
        Some(token) if method != Method::GET => builder.header(CSRF_HEADER, &token),
        _ => builder,
    }
}

/// The CSRF header's name and value, for a request `gloo-net` cannot send (the upload,
/// which needs `XMLHttpRequest` for its progress events).
pub(crate) fn csrf_header() -> Option<(&'static str, String)> {
    TOKEN.with(|token| token.borrow().clone().map(|token| (CSRF_HEADER, token)))
}

/// Sends a built request; the response whatever its status.
pub(crate) async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    request.map_err(from_gloo)?.send().await.map_err(from_gloo)
}

/// `GET path`, its JSON answer.
pub(crate) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&send(request(Method::GET, path).build()).await?).await
}

/// Sends `body` as JSON; the response if it succeeded, its error otherwise.
pub(crate) async fn send_json<B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<Response, ApiError> {
    let response = send(request(method, path).json(body)).await?;
    if response.ok() {
        Ok(response)
    } else {
        Err(fail(&response).await)
    }
}

/// Sends `body` as JSON; the JSON answer as `T`.
pub(crate) async fn call<B: Serialize + ?Sized, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    parse(&send_json(method, path, body).await?).await
}

/// The JSON body of a response as `T`, or the error it carries.
pub(crate) async fn parse<T: DeserializeOwned>(response: &Response) -> Result<T, ApiError> {
    if !response.ok() {
        return Err(fail(response).await);
    }
    response.json().await.map_err(from_gloo)
}

/// The text of a successful response.
pub(crate) async fn text(response: &Response) -> Result<String, ApiError> {
    response.text().await.map_err(from_gloo)
}

/// The error of a non-2xx response (see [`status_error`]), noticing an ended session.
pub(crate) async fn fail(response: &Response) -> ApiError {
    let body = response.text().await.unwrap_or_default();
    let error = status_error(response.status(), &response.status_text(), &body);
    notice(&error);
    error
}

/// Calls the ended-session hook when `error` says the session has ended while the page
/// believed itself signed in (a `401` at sign-in is wrong credentials, not this).
pub fn notice(error: &ApiError) {
    if !error.is_unauthenticated() || end().is_none() {
        return;
    }
    if let Some(hook) = ON_ENDED.with(|ended| ended.borrow().clone()) {
        hook();
    }
}

/// The error of a response with `status` and `body`: the server's JSON `error.code` and
/// `error.message` when it sent them, the status text otherwise.
pub(crate) fn status_error(status: u16, status_text: &str, body: &str) -> ApiError {
    #[derive(serde::Deserialize)]
    struct Body {
        error: Fields,
    }
    #[derive(serde::Deserialize)]
    struct Fields {
        #[serde(default)]
        code: String,
        message: Option<String>,
    }
    let fields = serde_json::from_str::<Body>(body)
        .ok()
        .map(|body| body.error);
    ApiError::Status {
        status,
        code: fields
            .as_ref()
            .map(|fields| fields.code.clone())
            .unwrap_or_default(),
        message: fields
            .and_then(|fields| fields.message)
            .unwrap_or_else(|| status_text.to_owned()),
    }
}

/// A failed request or body read: a JSON body that is not what the API promises is
/// malformed; anything else (a rejected fetch, a broken stream) is the network.
fn from_gloo(error: gloo_net::Error) -> ApiError {
    match error {
        gloo_net::Error::SerdeError(error) => ApiError::Malformed(error.to_string()),
        gloo_net::Error::JsError(error) => ApiError::Network(error.message),
        gloo_net::Error::GlooError(message) => ApiError::Network(message),
    }
}
