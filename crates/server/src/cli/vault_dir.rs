//! A vault as files: the four CSV files of the documented import format, written by
//! `clearlist generate` (`clearlist import` reads them through `clearlist_server::import`).

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::Path;

use anyhow::{Context, Result};
use clearlist_engine::vault::Vault;
use clearlist_vault_io::vault_csv;

/// The CSV files of a vault, in the order the reader and writer take them.
pub(crate) const FILES: [&str; 4] = ["meta.csv", "accounts.csv", "contacts.csv", "intent.csv"];

/// Writes the four CSV files into `dir`, each through a temporary file renamed into place
/// so that an interrupted write never leaves a half file behind.
pub(crate) fn write_vault(vault: &Vault, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let temp = |name: &str| dir.join(format!(".{name}.tmp"));
    let create = |name: &str| -> Result<BufWriter<File>> {
        Ok(BufWriter::with_capacity(
            1 << 20,
            File::create(temp(name))
                .with_context(|| format!("cannot write into {}", dir.display()))?,
        ))
    };
    let [meta, accounts, contacts, intent] = FILES;
    vault_csv::write_vault(
        vault,
        create(meta)?,
        create(accounts)?,
        create(contacts)?,
        create(intent)?,
    )
    .context("cannot write the vault")?;
    for name in FILES {
        fs::rename(temp(name), dir.join(name))
            .with_context(|| format!("cannot move {name} into place"))?;
    }
    Ok(())
}
