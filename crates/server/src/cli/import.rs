//! `clearlist import`: validates a directory of CSV files in the documented format and
//! writes it, normalised, as a vault.

use std::path::PathBuf;

use anyhow::Result;

use super::vault_dir;

/// Arguments of `clearlist import`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// Directory holding meta.csv, accounts.csv, contacts.csv and intent.csv.
    #[arg(long)]
    pub(crate) from: PathBuf,
    /// Vault directory to write.
    #[arg(long)]
    pub(crate) out: PathBuf,
}

/// Runs the subcommand.
pub(crate) fn run(args: ImportArgs) -> Result<()> {
    let vault = vault_dir::read_vault(&args.from)?;
    vault_dir::write_vault(&vault, &args.out)?;
    vault_dir::key(&args.out)?;
    eprintln!(
        "imported {} accounts, {} contacts and {} intent records into {}",
        vault.accounts.len(),
        vault.contacts.len(),
        vault.intent.len(),
        args.out.display()
    );
    Ok(())
}
