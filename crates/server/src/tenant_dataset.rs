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
//! Each version is compressed at most once per content coding, on the blocking pool, and
//! kept beside the bytes ([`TenantDataset::encoded`]): every browser asks for brotli, and
//! compressing megabytes per download would stall the server.

use std::collections::HashMap;
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

/// The built datasets, by tenant.
#[derive(Debug, Default)]
pub(crate) struct TenantDatasets {
    /// One lock for all: builds are CPU-bound and serialising them bounds memory.
    built: Mutex<HashMap<i64, Arc<TenantDataset>>>,
}

impl TenantDatasets {
    /// The tenant's current dataset, built if the vault or licence changed since the last.
    pub(crate) async fn get(
        &self,
        store: &Store,
        tenant: i64,
    ) -> anyhow::Result<Arc<TenantDataset>> {
        let key = store.dataset_key(tenant).await?;
        let mut built = self.built.lock().await;
        if let Some(current) = built.get(&tenant).filter(|current| current.key == key) {
            return Ok(Arc::clone(current));
        }
        let store = store.clone();
        let fresh = tokio::task::spawn_blocking(move || build_for(&store, key))
            .await
            .context("dataset build task")??;
        tracing::info!(tenant, bytes = fresh.bytes.len(), etag = %fresh.etag, "dataset built");
        let fresh = Arc::new(fresh);
        built.insert(tenant, Arc::clone(&fresh));
        Ok(fresh)
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
