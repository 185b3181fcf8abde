//! The engine's integration suite. It runs natively (`cargo test`) and, unchanged,
//! compiled to wasm32 in headless Chromium (`cargo test --target wasm32-unknown-unknown
//! --test it`), so both builds are held to the same answers.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Declares a test that runs on both targets.
macro_rules! engine_test {
    ($(#[$meta:meta])* fn $name:ident() $body:block) => {
        $(#[$meta])*
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn $name() $body
    };
}

mod dataset;
mod fixture;
mod golden;
mod lenient;
mod oracle;
mod profile;
mod queries;
mod team;
mod typeahead;
