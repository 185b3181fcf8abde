//! Clearlist in the browser: a Leptos app that downloads the de-identified dataset once and
//! filters and ranks it locally with the engine, so list criteria never leave the browser.
//! The dataset is served only to signed-in users: the app signs in first ([`session`]).
//!
//! `main.rs` only mounts [`App`]; everything else lives here so tests can import it.

pub mod api;
pub mod app;
pub mod app_update;
pub mod background;
pub mod components;
pub mod dataset_cache;
pub mod dataset_watch;
pub mod engine_bridge;
pub mod format;
pub mod fragment;
pub mod org_suppression;
pub mod pages;
pub mod saved_accounts;
pub mod saved_lists;
pub mod session;
pub mod state;
pub mod suppression_file;
pub mod weights;

pub use app::App;
