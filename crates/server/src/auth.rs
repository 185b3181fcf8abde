//! Who is calling: passwords, sessions, CSRF defence and sign-in rate limiting.
//!
//! A session is a 256-bit random token in a `__Host-` cookie (Secure, HttpOnly,
//! SameSite=Strict, path `/`); the database keeps only its SHA-256, so a copy of the
//! database opens no session. An embed session, started by signing in inside a CRM's
//! frame, has its own cookie: `SameSite=None` so the cross-site frame sends it, and
//! `Partitioned` (CHIPS) so the browser keeps it only under that CRM's site and accepts it
//! with third-party cookies blocked (ARCHITECTURE.md, "Embeds"). Every request reads the session together with the user's
//! current role and disabled flag, so a role change or a disabled account applies from the
//! very next request. Sessions end after an idle period and at an absolute age, whichever
//! comes first.

pub(crate) mod caller;
pub(crate) mod password;
pub(crate) mod rate_limit;

pub(crate) use caller::Caller;

use axum::http::HeaderMap;
use axum::http::header;
use base64::Engine as _;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};

/// The session cookie. `__Host-` makes the browser refuse it unless it is Secure, has no
/// Domain and has path `/`: no subdomain can set or read it.
pub(crate) const SESSION_COOKIE: &str = "__Host-clearlist-session";

/// The embed session's cookie (partitioned by the framing site).
pub(crate) const EMBED_COOKIE: &str = "__Host-clearlist-embed";

/// Which cookie carries a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CookieKind {
    /// The app's own, first-party session.
    App,
    /// A session started inside a CRM's frame.
    Embed,
}

impl CookieKind {
    fn name(self) -> &'static str {
        match self {
            CookieKind::App => SESSION_COOKIE,
            CookieKind::Embed => EMBED_COOKIE,
        }
    }

    fn attributes(self) -> &'static str {
        match self {
            CookieKind::App => "SameSite=Strict",
            CookieKind::Embed => "SameSite=None; Partitioned",
        }
    }
}

/// The header carrying the session's CSRF token on state-changing requests.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// A fresh random token: 256 bits, URL-safe base64.
pub(crate) fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a session token.
pub(crate) fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The session token in the request's cookies, if any, with its cookie: the app's own
/// first (a same-site frame of a signed-in user has both), then an embed session's.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<(&str, CookieKind)> {
    [CookieKind::App, CookieKind::Embed]
        .into_iter()
        .find_map(|kind| cookie(headers, kind.name()).map(|token| (token, kind)))
}

fn cookie<'a>(headers: &'a HeaderMap, wanted: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// The `Set-Cookie` value that starts a session.
pub(crate) fn session_cookie(kind: CookieKind, token: &str, max_age_secs: u64) -> String {
    format!(
        "{}={token}; Path=/; Secure; HttpOnly; {}; Max-Age={max_age_secs}",
        kind.name(),
        kind.attributes()
    )
}

/// The `Set-Cookie` value that removes a session cookie.
pub(crate) fn clear_session_cookie(kind: CookieKind) -> String {
    format!(
        "{}=; Path=/; Secure; HttpOnly; {}; Max-Age=0",
        kind.name(),
        kind.attributes()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
        assert_eq!(token_hash(&a).len(), 32);
    }

    #[test]
    fn finds_the_session_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-clearlist-session=tok; b=2"),
        );
        assert_eq!(session_token(&headers), Some(("tok", CookieKind::App)));
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("__Host-clearlist-embed=e; __Host-clearlist-session=tok"),
        );
        assert_eq!(session_token(&headers), Some(("tok", CookieKind::App)));
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("__Host-clearlist-embed=e"),
        );
        assert_eq!(session_token(&headers), Some(("e", CookieKind::Embed)));
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("clearlist-session=tok"),
        );
        assert_eq!(session_token(&headers), None);
    }
}
