//! The offline subcommands of `clearlist`: demo set-up, tenants and users, synthetic data,
//! CSV import into the vault, dataset building, and running or dumping queries. Each module holds its clap
//! arguments and a `run` function; `main.rs` dispatches to them.

pub(crate) mod admin;
pub(crate) mod build_dataset;
pub(crate) mod demo;
pub(crate) mod digest;
pub(crate) mod dump;
pub(crate) mod generate;
pub(crate) mod import;
pub(crate) mod query;
pub(crate) mod vault_dir;

use std::path::Path;

use anyhow::{Context, Result};
use clearlist_engine::dataset::Dataset;

/// Reads and decodes a dataset file.
pub(crate) fn load_dataset(path: &Path) -> Result<Dataset> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Dataset::decode(&bytes).with_context(|| format!("{} is not a readable dataset", path.display()))
}
