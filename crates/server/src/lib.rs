//! The Clearlist server: the personal-data vault, users and roles, saved lists, audited
//! exports, and serving the built browser app and each tenant's de-identified dataset.
//!
//! `main.rs` only parses arguments, starts tracing and calls [`serve`]; everything a
//! request touches is reachable from [`router`] so tests can run the real router on an
//! ephemeral port (see `tests/it`).
//!
//! Routes: `/api/*` is the JSON API (see `routes` and the README's API section; errors are
//! JSON too); anything else: the files of the built app, falling back to `index.html` so deep links
//!   into the single-page app work.
//!
//! Every response carries the security headers of [`security`], and bodies are compressed
//! (brotli or gzip) when the client accepts it, large ones off the request threads
//! ([`encoding`]).

mod api;
mod assets;
mod auth;
mod caching;
mod connection;
pub mod email_rules;
mod encoding;
mod error;
mod export;
mod extract;
pub mod import;
mod list_runner;
pub mod notifications;
mod pseudonym_text;
pub mod roles;
mod routes;
mod security;
pub mod setup;
pub mod store;
mod tenant_dataset;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use tower_http::trace::TraceLayer;

pub use connection::serve;
pub use error::AppError;
pub use security::CONTENT_SECURITY_POLICY;
pub use store::quota::StorageLimits;
pub use store::{Store, StoreError};
pub use tenant_dataset::build_bytes as build_tenant_dataset;

use auth::rate_limit::FailureLimiter;
use tenant_dataset::TenantDatasets;

/// Where the server finds what it serves, and its limits.
#[derive(Clone, Debug)]
pub struct Config {
    /// The directory `trunk build` wrote the app into; must hold `index.html`.
    pub dist_dir: PathBuf,
    /// Limits and quotas.
    pub limits: Limits,
}

/// Session lifetimes, rate limits, quotas and body sizes.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, active or not.
    pub session_absolute: Duration,
    /// Failed sign-ins per account name per window before sign-in is refused.
    pub login_failures_per_account: u32,
    /// Failed sign-ins per TCP peer address per window.
    pub login_failures_per_peer: u32,
    /// The sign-in rate-limit window.
    pub login_window: Duration,
    /// Oblivious PRF evaluations per user per UTC day.
    pub prf_per_day: u64,
    /// Oblivious PRF evaluations per user per minute: the daily quota then takes minutes
    /// to spend, not seconds (a probe shows in the audit log while it runs), and a
    /// suppression file of 20,000 emails still matches within a minute.
    pub prf_per_minute: u64,
    /// Elements per PRF request.
    pub prf_batch: usize,
    /// Exports per user per UTC day.
    pub exports_per_day: u64,
    /// Data-subject requests per Administrator per UTC day.
    pub dsr_per_day: u64,
    /// Largest request body in general.
    pub body_bytes: usize,
    /// Largest request body of uploads (suppression lists, PRF batches).
    pub upload_bytes: usize,
    /// Largest import upload (the four CSV files together).
    pub import_bytes: usize,
    /// What users and organisations may keep, and how fast they may write it.
    pub storage: StorageLimits,
    /// Longest a client may take to send a request's head, and longest a kept-alive
    /// connection waits for the next request.
    pub header_read: Duration,
    /// Longest a client may pause while sending a request's body.
    pub body_read: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            login_failures_per_account: 5,
            login_failures_per_peer: 50,
            login_window: Duration::from_secs(15 * 60),
            prf_per_day: 100_000,
            prf_per_minute: 20_000,
            prf_batch: 5_000,
            exports_per_day: 20,
            dsr_per_day: 50,
            body_bytes: 64 * 1024,
            upload_bytes: 8 * 1024 * 1024,
            // 100,000 accounts with 500,000 contacts take about 120 MB.
            import_bytes: 1024 * 1024 * 1024,
            storage: StorageLimits::default(),
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(15),
        }
    }
}

/// Shared state of every handler. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    config: Arc<Config>,
    store: Store,
    datasets: Arc<TenantDatasets>,
    logins: Arc<LoginLimiters>,
    /// Audit entries of refused requests per user per minute (`api::audit_refusals`).
    refusals: Arc<FailureLimiter>,
    key: Arc<clearlist_engine::pseudonym::PseudonymKey>,
    imports: Arc<routes::import::ImportJobs>,
}

/// Failed sign-in counters.
#[derive(Debug)]
struct LoginLimiters {
    per_account: FailureLimiter,
    per_peer: FailureLimiter,
}

impl AppState {
    /// State for serving `config` from `store`.
    ///
    /// # Errors
    /// When the pseudonym key cannot be read or created.
    pub fn new(config: Config, store: Store) -> Result<Self, StoreError> {
        let key = store.pseudonym_key_blocking()?;
        let limits = &config.limits;
        let logins = LoginLimiters {
            per_account: FailureLimiter::new(
                limits.login_failures_per_account,
                limits.login_window,
            ),
            per_peer: FailureLimiter::new(limits.login_failures_per_peer, limits.login_window),
        };
        Ok(Self {
            config: Arc::new(config),
            store,
            datasets: Arc::new(TenantDatasets::default()),
            logins: Arc::new(logins),
            refusals: Arc::new(FailureLimiter::new(
                api::REFUSALS_AUDITED,
                Duration::from_secs(60),
            )),
            key: Arc::new(key),
            imports: Arc::default(),
        })
    }

    /// The configuration this state was built from.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Builds every tenant's dataset now, so the first sign-in does not wait for it, and
    /// starts compressing each for browsers in the background (a download arriving first
    /// waits for that one compression).
    ///
    /// # Errors
    /// When a dataset cannot be built.
    pub async fn warm_up(&self) -> anyhow::Result<()> {
        for tenant in self.store.tenant_ids().await? {
            let built = self.datasets.get(&self.store, tenant).await?;
            tokio::spawn(async move {
                if let Err(err) = built.encoded(encoding::Coding::Brotli).await {
                    tracing::error!(tenant, error = ?err, "compressing a dataset");
                }
            });
        }
        Ok(())
    }
}

/// The complete HTTP application.
pub fn router(state: AppState) -> Router {
    let app = Router::new()
        .nest("/api", api::router(&state))
        .fallback_service(assets::service(&state.config.dist_dir))
        .with_state(state.clone());

    // Layers run outside in: the last added sees the request first and the response last.
    app.layer(axum::middleware::from_fn(encoding::compress))
        .layer(axum::middleware::from_fn(assets::cache_policy))
        .layer(
            // Method and path only: query strings could one day carry search criteria, and
            // list definitions stay in the browser (the URL fragment never reaches us).
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                tracing::info_span!("http", method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(axum::middleware::from_fn_with_state(state, security::headers))
}
