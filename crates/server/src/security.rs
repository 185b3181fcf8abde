//! Security headers set on every response.
//!
//! The Content-Security-Policy admits exactly what the trunk-built app needs: its own
//! scripts (the static `boot.js` that starts the WebAssembly module, never an inline
//! script), WebAssembly compilation (`'wasm-unsafe-eval'`, which does not allow JavaScript
//! `eval`), its own stylesheet, and requests to this origin.
//!
//! Framing: every response may be framed by this origin only (`frame-ancestors 'self'`),
//! except an embed document that names its organisation (`?embed=1&org=ID`), which the
//! origins that organisation allows may frame too (`routes::embeds`). Naming the
//! organisation in the URL is what lets the list apply to the very first, cookieless load
//! of a CRM's frame.

use axum::extract::{Query, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;

use crate::AppState;

/// The Content-Security-Policy of every response but embed documents naming their
/// organisation.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; \
     img-src 'self' data:; \
     font-src 'self'; \
     connect-src 'self'; \
     worker-src 'self'; \
     object-src 'none'; \
     base-uri 'none'; \
     form-action 'self'; \
     frame-ancestors 'self'";

const HEADERS: [(HeaderName, &str); 3] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    // The dataset and app stay on this origin; nothing here needs to be readable cross-origin.
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ),
];

/// The query of an embed URL.
#[derive(Deserialize)]
struct EmbedQuery {
    embed: Option<String>,
    org: Option<i64>,
}

/// The organisation an embed URL names (`?embed=1&org=ID`).
fn embed_org(uri: &Uri) -> Option<i64> {
    let query = Query::<EmbedQuery>::try_from_uri(uri).ok()?.0;
    (query.embed.as_deref() == Some("1")).then_some(query.org?)
}

/// The policy for a document that `origins` may frame besides this origin.
pub(crate) fn policy_framed_by(origins: &[String]) -> String {
    let base = CONTENT_SECURITY_POLICY
        .strip_suffix("frame-ancestors 'self'")
        .unwrap_or(CONTENT_SECURITY_POLICY);
    let mut policy = format!("{base}frame-ancestors 'self'");
    for origin in origins {
        policy.push(' ');
        policy.push_str(origin);
    }
    policy
}

/// Response middleware: adds the security headers, replacing any already present.
pub(crate) async fn headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let org = request
        .method()
        .is_safe()
        .then(|| embed_org(request.uri()))
        .flatten();
    let mut response = next.run(request).await;
    let origins = match org {
        Some(org) if is_document(&response) => {
            state
                .store
                .embed_origins(org)
                .await
                .unwrap_or_else(|error| {
                    // Fail closed: without the list, only this origin may frame the page.
                    tracing::warn!(%error, "embed origins unavailable");
                    Vec::new()
                })
        }
        _ => Vec::new(),
    };
    let policy = if origins.is_empty() {
        HeaderValue::from_static(CONTENT_SECURITY_POLICY)
    } else {
        HeaderValue::from_str(&policy_framed_by(&origins))
            .unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY))
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    for (name, value) in HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// An HTML document, or the answer that the cached one is still good (a revalidation's
/// `304` replaces the stored headers, the policy included).
fn is_document(response: &Response) -> bool {
    response.status() == StatusCode::NOT_MODIFIED
        || response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_urls_name_their_organisation() {
        let org = |uri: &str| embed_org(&uri.parse().unwrap());
        assert_eq!(org("/?embed=1&org=7"), Some(7));
        assert_eq!(org("/accounts/by-domain/acme.com?org=3&embed=1"), Some(3));
        assert_eq!(org("/?embed=1"), None);
        assert_eq!(org("/?org=7"), None);
        assert_eq!(org("/?embed=1&org=x"), None);
        assert_eq!(
            policy_framed_by(&["https://a.example".to_owned()]),
            CONTENT_SECURITY_POLICY.replace(
                "frame-ancestors 'self'",
                "frame-ancestors 'self' https://a.example"
            )
        );
    }
}
