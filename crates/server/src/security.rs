//! Security headers set on every response.
//!
//! The Content-Security-Policy admits exactly what the trunk-built app needs: its own
//! scripts (the static `boot.js` that starts the WebAssembly module, never an inline
//! script), WebAssembly compilation (`'wasm-unsafe-eval'`, which does not allow JavaScript
//! `eval`), its own stylesheet, and requests to this origin. `frame-ancestors *` lets CRMs
//! embed list views in an iframe; narrow it per tenant once tenants exist.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

/// The Content-Security-Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; \
     img-src 'self' data:; \
     font-src 'self'; \
     connect-src 'self'; \
     object-src 'none'; \
     base-uri 'none'; \
     form-action 'self'; \
     frame-ancestors *";

const HEADERS: [(HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    // The dataset and app stay on this origin; nothing here needs to be readable cross-origin.
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ),
];

/// Response middleware: adds the security headers, replacing any already present.
pub(crate) async fn headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
