//! The dataset file, held in memory with its entity tag.
//!
//! The file is read and hashed once, then served from memory. Every request compares the
//! file's size and modification time with the loaded copy's and reloads on a difference,
//! so `clearlist build-dataset` can replace the file under a running server.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

/// The dataset file on disk and its last loaded contents.
#[derive(Debug)]
pub(crate) struct DatasetFile {
    path: PathBuf,
    /// `None` until the first successful load.
    current: Mutex<Option<Arc<LoadedDataset>>>,
}

/// One version of the dataset file.
#[derive(Debug)]
pub(crate) struct LoadedDataset {
    /// The file's bytes, exactly as on disk.
    pub(crate) bytes: Bytes,
    /// Strong entity tag: the quoted hex SHA-256 of `bytes`.
    pub(crate) etag: String,
    /// The file metadata `bytes` were read under.
    stamp: Stamp,
}

/// What identifies a version of the file without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl DatasetFile {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            current: Mutex::new(None),
        }
    }

    /// The current contents of the file, reading and hashing it only if it changed.
    ///
    /// The lock is held while reading so concurrent first requests read the file once.
    pub(crate) async fn load(&self) -> std::io::Result<Arc<LoadedDataset>> {
        let metadata = tokio::fs::metadata(&self.path).await?;
        let stamp = Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        };
        let mut current = self.current.lock().await;
        if let Some(loaded) = current.as_ref()
            && loaded.stamp == stamp
        {
            return Ok(Arc::clone(loaded));
        }
        let bytes = Bytes::from(tokio::fs::read(&self.path).await?);
        let hashed = bytes.clone();
        let etag = tokio::task::spawn_blocking(move || etag_of(&hashed))
            .await
            .map_err(std::io::Error::other)?;
        tracing::info!(bytes = bytes.len(), %etag, "dataset loaded");
        let loaded = Arc::new(LoadedDataset { bytes, etag, stamp });
        *current = Some(Arc::clone(&loaded));
        Ok(loaded)
    }
}

/// The strong entity tag of `bytes`: a quoted lower-case hex SHA-256.
pub(crate) fn etag_of(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut etag = String::with_capacity(2 + 2 * digest.len());
    etag.push('"');
    for byte in digest {
        let _ = write!(etag, "{byte:02x}");
    }
    etag.push('"');
    etag
}
