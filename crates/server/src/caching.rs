//! HTTP caching rules: entity tags per content encoding, `If-None-Match`, and which app
//! files may be cached for good.
//!
//! A strong entity tag names one exact byte sequence, so the brotli and gzip bodies of the
//! dataset need tags of their own: [`tag_encoding`] appends `-br` / `-gzip` to the tag of a
//! compressed response, and [`none_match`] strips that suffix again before comparing, so a
//! browser holding any representation of the current file gets its `304 Not Modified`.

use axum::http::{HeaderValue, header};
use axum::response::Response;

#[cfg(test)]
mod tests;

/// Content codings the compression layer produces, as used in entity-tag suffixes.
const ENCODINGS: [&str; 2] = ["br", "gzip"];

/// Finds the entry of an `If-None-Match` header value that matches `etag` (a quoted strong
/// tag), using the weak comparison RFC 9110 prescribes for this header.
///
/// Returns the matching entry as the client sent it (so a `304` can echo it), `etag` itself
/// for `*`, or `None` when nothing matches or the header is malformed.
pub(crate) fn none_match<'a>(if_none_match: &'a str, etag: &'a str) -> Option<&'a str> {
    if if_none_match.trim() == "*" {
        return Some(etag);
    }
    let wanted = opaque(etag)?;
    if_none_match
        .split(',')
        .map(str::trim)
        .find(|entry| opaque(entry).map(strip_encoding) == Some(wanted))
}

/// Response middleware: gives a compressed response's entity tag the coding as a suffix.
pub(crate) async fn tag_encoding(mut response: Response) -> Response {
    let headers = response.headers();
    let (Some(encoding), Some(etag)) = (
        headers
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok()),
        headers.get(header::ETAG).and_then(|v| v.to_str().ok()),
    ) else {
        return response;
    };
    if let Some(tagged) = with_encoding(etag, encoding)
        && let Ok(value) = HeaderValue::from_str(&tagged)
    {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// `"abc"` with coding `br` becomes `"abc-br"`; weakness is kept. `None` for a malformed
/// tag or a coding we do not produce.
pub(crate) fn with_encoding(etag: &str, encoding: &str) -> Option<String> {
    let encoding = ENCODINGS.iter().find(|known| encoding.trim() == **known)?;
    let weak = etag.starts_with("W/");
    let opaque = opaque(etag)?;
    Some(format!(
        "{}\"{opaque}-{encoding}\"",
        if weak { "W/" } else { "" }
    ))
}

/// Whether an app file name carries a content hash (trunk writes `name-<hex>.ext` and
/// `name-<hex>_bg.wasm`), so its contents never change under that name.
pub(crate) fn is_fingerprinted(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _extension)) = file.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    hash.len() >= 8 && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// The opaque part of an entity tag: `abc` for `"abc"` and `W/"abc"`.
fn opaque(etag: &str) -> Option<&str> {
    let etag = etag.trim();
    let etag = etag.strip_prefix("W/").unwrap_or(etag);
    etag.strip_prefix('"')?.strip_suffix('"')
}

/// `abc-br` → `abc`; anything else unchanged.
fn strip_encoding(opaque: &str) -> &str {
    ENCODINGS
        .iter()
        .find_map(|encoding| {
            opaque
                .strip_suffix(encoding)
                .and_then(|rest| rest.strip_suffix('-'))
        })
        .unwrap_or(opaque)
}
