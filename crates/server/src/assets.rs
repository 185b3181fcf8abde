//! The built browser app: static files from the dist directory, with the single-page-app
//! fallback and cache rules.

use std::path::Path;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

use crate::caching;

/// Serves the files of `dist_dir`. A path with no file behind it gets `index.html` (status
/// 200), so deep links such as `/accounts/42` load the app, which then routes itself.
/// Precompressed `.br` / `.gz` siblings are used when present; otherwise the compression
/// layer compresses on the fly.
pub(crate) fn service(dist_dir: &Path) -> ServeDir<ServeFile> {
    let index = ServeFile::new(dist_dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    ServeDir::new(dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index)
}

/// Middleware: a `Cache-Control` for responses that set none. API answers are `no-store`;
/// fingerprinted files are immutable; everything else (`index.html`, the boot script,
/// icons) is revalidated on every load so a new build is picked up at once.
pub(crate) async fn cache_policy(request: Request, next: Next) -> Response {
    let fingerprinted = caching::is_fingerprinted(request.uri().path());
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    if api {
        // API answers carry names, emails, lists: never kept on disk. The dataset, which
        // the browser may keep, sets its own policy.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return response;
    }
    // A missing fingerprinted file is answered with index.html: that must not stick.
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let policy = if fingerprinted && !is_html && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
