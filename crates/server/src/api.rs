//! The `/api` router: every endpoint module of `routes`, the origin check on
//! state-changing requests, the body size limit, and JSON errors for unknown paths.

use axum::Router;
use axum::extract::{DefaultBodyLimit, OriginalUri, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};

use serde_json::json;

use crate::error::Refusal;
use crate::{AppError, AppState, auth, error, routes};

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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            audit_refusals,
        ))
}

/// Writes an audit entry (`access.refused`: method, path, and whether the role or the CSRF
/// defence refused) for every refused request of a signed-in user, at most
/// [`REFUSALS_AUDITED`] a minute per user, so a loop cannot flood the log.
async fn audit_refusals(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    // Inside `/api` the router sees the path without its prefix; the audit names it whole.
    let path = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().path(), |uri| uri.path())
        .to_owned();
    let token = auth::session_token(request.headers()).map(|(token, _)| auth::token_hash(token));
    let response = next.run(request).await;
    let (Some(refusal), Some(token)) = (response.extensions().get::<Refusal>().copied(), token)
    else {
        return response;
    };
    match state.store.session(token).await {
        Ok(Some(session)) => {
            let key = session.user.id.to_string();
            if state.refusals.check(&key).is_ok() {
                state.refusals.fail(&key);
                let detail = json!({ "method": method, "path": path, "reason": refusal.slug() });
                let audited = state
                    .store
                    .audit(
                        Some(session.tenant.id),
                        Some(session.user.id),
                        "access.refused",
                        detail,
                    )
                    .await;
                if let Err(error) = audited {
                    tracing::warn!(%error, "a refusal could not be audited");
                }
            }
        }
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "a refusal could not be audited"),
    }
    response
}

/// Refusals audited per user per minute.
pub(crate) const REFUSALS_AUDITED: u32 = 10;

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
