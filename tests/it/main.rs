//! Browser tests of the app's components (wasm-bindgen-test in headless Chromium):
//! `cargo test -p clearlist-app --target wasm32-unknown-unknown`.
//!
//! They mount single components with hand-made view data, so they need neither a server
//! nor a dataset; the whole app is tested end to end by `tests/e2e/run.mjs`.

#![cfg(target_arch = "wasm32")]

mod components;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
