//! Entry point of the WebAssembly app: mounts [`clearlist_app::App`] on `<body>` (and does
//! nothing in the suppression worker, which loads the same module).

fn main() {
    console_error_panic_hook::set_once();
    // The suppression worker loads this module too (for its exported OPRF functions):
    // there is no page to mount there.
    if web_sys::window().is_none() {
        return;
    }
    leptos::mount::mount_to_body(clearlist_app::App);
}
