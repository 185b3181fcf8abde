//! Entry point of the WebAssembly app: mounts [`clearlist_app::App`] on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(clearlist_app::App);
}
