//! The `/api` router: every endpoint module of `routes`, the origin check on
//! state-changing requests, the body size limit, and JSON errors for unknown paths.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};

use crate::{AppError, AppState, error, routes};

pub(crate) fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .merge(routes::session::routes())
        .merge(routes::links::routes())
        .merge(routes::dataset::routes())
        .merge(routes::users::routes())
        .merge(routes::lists::routes())
        .merge(routes::searches::routes())
        .merge(routes::suppression::routes(state))
        .merge(routes::prf::routes(state))
        .merge(routes::exports::routes(state))
        .merge(routes::dsr::routes())
        .merge(routes::rules::routes())
        .merge(routes::audit::routes())
        .merge(routes::import::routes(state))
        .merge(routes::notifications::routes())
        .merge(routes::embeds::routes())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(state.config.limits.body_bytes))
        .layer(axum::middleware::from_fn(same_origin))
}

/// Refuses a state-changing request sent from another site: its `Origin` must name this
/// host, and `Sec-Fetch-Site` (when the browser sends it) must say same-origin. Together
/// with SameSite=Strict cookies and the CSRF token this closes cross-site forgery, including
/// of the sign-in form.
async fn same_origin(request: Request, next: Next) -> Response {
    if !request.method().is_safe() && !is_same_origin(request.headers()) {
        return AppError::Csrf.into_response();
    }
    next.run(request).await
}

fn is_same_origin(headers: &HeaderMap) -> bool {
    let get = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get(header::HeaderName::from_static("sec-fetch-site"))
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match (get(header::ORIGIN), get(header::HOST)) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host)),
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn origin_must_name_this_host() {
        assert!(is_same_origin(&headers(&[("host", "a.test:8080")])));
        assert!(is_same_origin(&headers(&[
            ("host", "a.test:8080"),
            ("origin", "http://a.test:8080")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "a.test:8080"),
            ("origin", "http://evil.test")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "a.test"),
            ("origin", "null")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "a.test"),
            ("sec-fetch-site", "cross-site")
        ])));
    }
}
