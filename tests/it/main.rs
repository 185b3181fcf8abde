//! Browser tests of the app's components (wasm-bindgen-test in headless Chromium):
//! `cargo test -p clearlist-app --target wasm32-unknown-unknown`.
//!
//! They mount single components with hand-made view data, or (the list builder) over a
//! small dataset generated in the test, so they need no server (nor a session); the whole
//! app is tested end to end by `tests/e2e/run.mjs`.

#![cfg(target_arch = "wasm32")]

mod builder;
mod components;
mod dataset_cache;
mod login;
mod suppression;

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A fresh `<div>` in the document to mount into.
fn container() -> HtmlElement {
    let document = document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// The first element under `root` matching `selector`; panics when there is none.
fn query(root: &HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}
