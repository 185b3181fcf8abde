//! Typed client of the Clearlist server's `/api`.
//!
//! The dataset is read from the response body stream chunk by chunk so the page can show
//! real progress: a dataset of a million accounts is tens of megabytes.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, ReadableStreamReadResult, Response};

/// Path of the dataset download.
pub const DATASET_PATH: &str = "/api/dataset";

/// Header with the dataset's length before content coding (the server sets it because a
/// compressed response has no usable `Content-Length` for counting decoded bytes).
const UNCOMPRESSED_LENGTH: &str = "x-uncompressed-length";

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
        /// The server's `error.message`, or the status text.
        message: String,
    },
    /// A successful response without a body.
    #[error("the server sent an empty response")]
    NoBody,
    /// Not running in a browser window (no `window`).
    #[error("no browser window")]
    NoWindow,
}

/// Downloads the dataset, calling `on_progress(received, total)` after every chunk (and
/// once before the first). `received` counts decoded bytes; `total` is known when the server
/// sent the length.
///
/// # Errors
/// An [`ApiError`] when the request fails, the server answers with an error, or the body
/// stream breaks.
pub async fn fetch_dataset(on_progress: impl Fn(u64, Option<u64>)) -> Result<Vec<u8>, ApiError> {
    let window = web_sys::window().ok_or(ApiError::NoWindow)?;
    // The default cache mode revalidates with `If-None-Match` (the server says
    // `Cache-Control: no-cache`), so a current copy in the browser cache costs a 304.
    let response: Response = JsFuture::from(window.fetch_with_str(DATASET_PATH))
        .await
        .map_err(network_error)?
        .unchecked_into();
    if !response.ok() {
        return Err(status_error(&response).await);
    }
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
    Ok(bytes)
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
async fn status_error(response: &Response) -> ApiError {
    let status = response.status();
    let message = match response.json() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|json| Reflect::get(&json, &"error".into()).ok())
            .and_then(|error| Reflect::get(&error, &"message".into()).ok())
            .and_then(|message| message.as_string()),
        Err(_) => None,
    };
    ApiError::Status {
        status,
        message: message.unwrap_or_else(|| response.status_text()),
    }
}

/// A rejected fetch or stream read: a `TypeError` whose message is all we can show.
fn network_error(error: JsValue) -> ApiError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    ApiError::Network(message)
}
