//! The Clearlist web server: serves the built browser app and the de-identified dataset.
//!
//! `main.rs` only parses arguments, starts tracing and calls [`serve`]; everything a
//! request touches is reachable from [`router`] so tests can run the real router on an
//! ephemeral port (see `tests/it`).
//!
//! Routes:
//! - `GET /api/dataset`: the dataset file, with a strong `ETag` and `Cache-Control: private`;
//! - `GET /api/health`: `{"status":"ok"}`;
//! - `/api/*` otherwise: a JSON error;
//! - anything else: the files of the built app, falling back to `index.html` so deep links
//!   into the single-page app work.
//!
//! Every response carries the security headers of [`security`], and bodies are compressed
//! (brotli or gzip) when the client accepts it.

mod api;
mod assets;
mod caching;
mod dataset_file;
mod error;
mod security;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::trace::TraceLayer;

pub use error::AppError;
pub use security::CONTENT_SECURITY_POLICY;

use dataset_file::DatasetFile;

/// Where the server finds what it serves.
#[derive(Clone, Debug)]
pub struct Config {
    /// The directory `trunk build` wrote the app into; must hold `index.html`.
    pub dist_dir: PathBuf,
    /// The dataset file (`clearlist build-dataset` output). Re-read when it changes on disk,
    /// so rebuilding the dataset does not need a restart.
    pub dataset_path: PathBuf,
}

/// Shared state of every handler. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    config: Arc<Config>,
    dataset: Arc<DatasetFile>,
}

impl AppState {
    /// State for serving `config`. Nothing is read from disk until the first request.
    #[must_use]
    pub fn new(config: Config) -> Self {
        let dataset = Arc::new(DatasetFile::new(config.dataset_path.clone()));
        Self {
            config: Arc::new(config),
            dataset,
        }
    }

    /// The configuration this state was built from.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// Brotli quality for on-the-fly compression. The default (11) costs seconds per megabyte,
/// far too slow for a dataset of tens of megabytes; 5 keeps most of the gain.
const ON_THE_FLY_QUALITY: i32 = 5;

/// The complete HTTP application.
pub fn router(state: AppState) -> Router {
    let app = Router::new()
        .nest("/api", api::router())
        .fallback_service(assets::service(&state.config.dist_dir))
        .with_state(state);

    // Layers run outside in: the last added sees the request first and the response last.
    app.layer(CompressionLayer::new().quality(CompressionLevel::Precise(ON_THE_FLY_QUALITY)))
        // Sees the compressed response, so it can tell representations apart in the ETag.
        .layer(axum::middleware::map_response(caching::tag_encoding))
        .layer(axum::middleware::from_fn(assets::cache_policy))
        .layer(
            // Method and path only: query strings could one day carry search criteria, and
            // list definitions stay in the browser (the URL fragment never reaches us).
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                tracing::info_span!("http", method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(axum::middleware::map_response(security::headers))
}

/// Serves [`router`] on `listener` until `shutdown` completes, then lets in-flight
/// requests finish.
///
/// # Errors
/// An IO error from accepting connections.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
