//! Tests of entity tags, conditional requests and fingerprinted file names.

use super::{is_fingerprinted, none_match, with_encoding};
use crate::encoding::Coding;

const TAG: &str = "\"0123abcd\"";

#[track_caller]
fn check_none_match(if_none_match: &str, expected: Option<&str>) {
    assert_eq!(
        none_match(if_none_match, TAG),
        expected,
        "If-None-Match: {if_none_match}"
    );
}

#[test]
fn if_none_match() {
    check_none_match("\"0123abcd\"", Some("\"0123abcd\""));
    check_none_match("W/\"0123abcd\"", Some("W/\"0123abcd\""));
    check_none_match("\"0123abcd-br\"", Some("\"0123abcd-br\""));
    check_none_match("\"0123abcd-gzip\"", Some("\"0123abcd-gzip\""));
    check_none_match("\"old\", \"0123abcd-br\"", Some("\"0123abcd-br\""));
    check_none_match("*", Some(TAG));
    check_none_match("\"old\"", None);
    check_none_match("\"0123abcd-zstd\"", None);
    check_none_match("0123abcd", None);
    check_none_match("", None);
}

#[test]
fn encoding_suffix() {
    assert_eq!(
        with_encoding(TAG, Coding::Brotli).as_deref(),
        Some("\"0123abcd-br\"")
    );
    assert_eq!(
        with_encoding(TAG, Coding::Gzip).as_deref(),
        Some("\"0123abcd-gzip\"")
    );
    assert_eq!(
        with_encoding("W/\"x\"", Coding::Brotli).as_deref(),
        Some("W/\"x-br\"")
    );
    assert_eq!(with_encoding("bare", Coding::Brotli), None);
}

#[track_caller]
fn check_fingerprinted(path: &str, expected: bool) {
    assert_eq!(is_fingerprinted(path), expected, "{path}");
}

#[test]
fn fingerprinted_files() {
    check_fingerprinted("/clearlist-app-9f86d081884c7d65.js", true);
    check_fingerprinted("/clearlist-app-9f86d081884c7d65_bg.wasm", true);
    check_fingerprinted("/style-2c26b46b68ffc68f.css", true);
    check_fingerprinted("/boot.js", false);
    check_fingerprinted("/index.html", false);
    check_fingerprinted("/", false);
    check_fingerprinted("/lists/top-accounts", false);
    check_fingerprinted("/clearlist-app-notahash.js", false);
    check_fingerprinted("/favicon.svg", false);
}
