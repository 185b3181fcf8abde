//! HTTP caching rules: entity tags per content encoding, `If-None-Match`, and which app
//! files may be cached for good.
//!
//! A strong entity tag names one exact byte sequence, so the brotli and gzip bodies of the
//! dataset need tags of their own: [`with_encoding`] appends `-br` / `-gzip` to the tag of
//! a compressed body, and [`none_match`] strips that suffix again before comparing, so a
//! browser holding any representation of the current file gets its `304 Not Modified`.

use crate::encoding::Coding;

#[cfg(test)]
mod tests;

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

/// `"abc"` with coding `br` becomes `"abc-br"`; weakness is kept. `None` for a malformed
/// tag.
pub(crate) fn with_encoding(etag: &str, coding: Coding) -> Option<String> {
    let encoding = coding.token();
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
    Coding::ALL
        .iter()
        .find_map(|coding| {
            opaque
                .strip_suffix(coding.token())
                .and_then(|rest| rest.strip_suffix('-'))
        })
        .unwrap_or(opaque)
}
