//! Each tenant's de-identified dataset: built from the vault (only the tenant's licensed
//! segments), held in memory both as the bytes browsers download and decoded for the
//! server's own queries (exports, search alerts), and rebuilt when the vault or the
//! licence changes.
//!
//! The cache key is the vault version, the licensed segments and the organisation's email
//! rules (which decide which contacts it may export, and travel in the dataset), so any
//! vault write (import, erasure, objection), licence change or rule change yields a new
//! dataset and a new `ETag`.
//! The entity tag (the SHA-256 of the bytes) doubles as the dataset version that saved
//! searches remember.
//!
//! Requests that can do with the newest dataset built ([`Freshness::Recent`]) never wait
//! for a rebuild once one exists: after an import they get the previous version while the
//! new one builds in the background.
//!
//! Each version is compressed at most once per content coding, on the blocking pool, and
//! kept beside the bytes ([`TenantDataset::encoded`]): every browser asks for brotli, and
//! compressing megabytes per download would stall the server.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use anyhow::Context as _;
use axum::body::Bytes;
use clearlist_engine::dataset::{Dataset, build_with_rules};
use clearlist_engine::email_rules::{B2bRule, EmailRules};
use sha2::{Digest as _, Sha256};
use tokio::sync::{Mutex, OnceCell};

use crate::encoding::Coding;
use crate::store::Store;
use crate::store::tenants::DatasetKey;

/// One built dataset.
#[derive(Debug)]
pub(crate) struct TenantDataset {
    /// The file browsers download.
    pub(crate) bytes: Bytes,
    /// Strong entity tag: the quoted hex SHA-256 of `bytes`.
    pub(crate) etag: String,
    /// The same data decoded, for server-side queries.
    pub(crate) dataset: Dataset,
    /// `bytes` in each coding of [`Coding::ALL`], once asked for.
    encoded: [OnceCell<Bytes>; Coding::ALL.len()],
    key: DatasetKey,
}

impl TenantDataset {
    /// The dataset version (the entity tag without quotes).
    pub(crate) fn version(&self) -> &str {
        self.etag.trim_matches('"')
    }

    /// The bytes in `coding`, compressed on the blocking pool the first time they are asked
    /// for; requests arriving meanwhile wait for that one compression.
    pub(crate) async fn encoded(self: &Arc<Self>, coding: Coding) -> anyhow::Result<Bytes> {
        let index = Coding::ALL
            .iter()
            .position(|known| *known == coding)
            .unwrap_or_default();
        let cell = &self.encoded[index];
        let encoded = cell
            .get_or_try_init(|| {
                let bytes = self.bytes.clone();
                async move {
                    let encoded = tokio::task::spawn_blocking(move || coding.compress(&bytes))
                        .await
                        .context("dataset compression task")?
                        .context("compressing the dataset")?;
                    tracing::info!(
                        coding = coding.token(),
                        bytes = encoded.len(),
                        "dataset compressed"
                    );
                    anyhow::Ok(Bytes::from(encoded))
                }
            })
            .await?;
        Ok(encoded.clone())
    }
}

/// How up to date a dataset a request needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// The dataset of the vault as it is now, built first if it changed: exports (an erased
    /// person must never be exported) and what browsers download.
    Current,
    /// The newest dataset built, even while a newer one is being built (started in the
    /// background here if it is not): list snapshots, saved-search alerts and
    /// notifications, which would otherwise wait seconds after every import for a result
    /// that the next request corrects. Waits only when none was built yet.
    Recent,
}

/// The built datasets, by tenant.
#[derive(Debug, Default)]
pub(crate) struct TenantDatasets {
    /// The newest dataset built per tenant; held only to read or replace an entry.
    built: std::sync::Mutex<HashMap<i64, Arc<TenantDataset>>>,
    /// Held for each build: builds are CPU-bound and serialising them bounds memory.
    building: Mutex<()>,
    /// Tenants with a background rebuild queued or running (at most one each).
    rebuilding: std::sync::Mutex<HashSet<i64>>,
}

impl TenantDatasets {
    /// The tenant's dataset as `freshness` asks.
    pub(crate) async fn get_as(
        self: &Arc<Self>,
        store: &Store,
        tenant: i64,
        freshness: Freshness,
    ) -> anyhow::Result<Arc<TenantDataset>> {
        if freshness == Freshness::Current {
            return self.get(store, tenant).await;
        }
        let key = store.dataset_key(tenant).await?;
        let Some(newest) = self.newest(tenant) else {
            return self.get(store, tenant).await;
        };
        if newest.key != key {
            self.rebuild_in_background(store, tenant);
        }
        Ok(newest)
    }

    /// The tenant's current dataset, built if the vault or licence changed since the last.
    pub(crate) async fn get(
        &self,
        store: &Store,
        tenant: i64,
    ) -> anyhow::Result<Arc<TenantDataset>> {
        let key = store.dataset_key(tenant).await?;
        if let Some(newest) = self.newest(tenant).filter(|newest| newest.key == key) {
            return Ok(newest);
        }
        let _building = self.building.lock().await;
        // The vault may have moved, or another request built it, while this one waited.
        let key = store.dataset_key(tenant).await?;
        if let Some(newest) = self.newest(tenant).filter(|newest| newest.key == key) {
            return Ok(newest);
        }
        let store = store.clone();
        let fresh = tokio::task::spawn_blocking(move || build_for(&store, key))
            .await
            .context("dataset build task")??;
        tracing::info!(tenant, bytes = fresh.bytes.len(), etag = %fresh.etag, "dataset built");
        let fresh = Arc::new(fresh);
        self.lock_built().insert(tenant, Arc::clone(&fresh));
        Ok(fresh)
    }

    fn newest(&self, tenant: i64) -> Option<Arc<TenantDataset>> {
        self.lock_built().get(&tenant).cloned()
    }

    fn lock_built(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<TenantDataset>>> {
        // A panic while holding the map cannot leave it half-written: entries are replaced
        // whole.
        self.built
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn rebuild_in_background(self: &Arc<Self>, store: &Store, tenant: i64) {
        let queued = self
            .rebuilding
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(tenant);
        if !queued {
            return;
        }
        let datasets = Arc::clone(self);
        let store = store.clone();
        tokio::spawn(async move {
            if let Err(error) = datasets.get(&store, tenant).await {
                tracing::error!(tenant, error = ?error, "rebuilding a dataset");
            }
            datasets
                .rebuilding
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&tenant);
        });
    }
}

fn build_for(store: &Store, key: DatasetKey) -> anyhow::Result<TenantDataset> {
    let (vault, pseudonyms) = store.licensed_vault_blocking(&key.segments)?;
    let rules = EmailRules::new(
        key.opt_out
            .iter()
            .map(|code| (code.clone(), B2bRule::OptOut)),
    );
    let bytes = build_with_rules(&vault, &pseudonyms, &rules).context("building the dataset")?;
    drop(vault);
    let dataset = Dataset::decode(&bytes).context("decoding the dataset just built")?;
    let etag = etag_of(&bytes);
    Ok(TenantDataset {
        bytes: Bytes::from(bytes),
        etag,
        dataset,
        encoded: Default::default(),
        key,
    })
}

/// Builds a tenant's dataset bytes outside the server (`clearlist build-dataset`): the same
/// bytes its users download.
pub fn build_bytes(store: &Store, tenant: i64) -> anyhow::Result<Vec<u8>> {
    let (vault, pseudonyms) = store.tenant_vault_blocking(tenant)?;
    let rules = store.email_rules_in_force_blocking(tenant)?;
    build_with_rules(&vault, &pseudonyms, &rules).context("building the dataset")
}

/// The strong entity tag of `bytes`: a quoted lower-case hex SHA-256.
pub(crate) fn etag_of(bytes: &[u8]) -> String {
    format!("\"{}\"", hex::encode(Sha256::digest(bytes)))
}
