//! `clearlist generate`: writes a synthetic vault of the given size from a seed as CSV
//! files in the import format (`clearlist import` reads them).

use std::path::PathBuf;

use anyhow::Result;
use clearlist_vault_io::generate::{GenerateConfig, generate};

use super::vault_dir;

/// Arguments of `clearlist generate`.
#[derive(Debug, clap::Args)]
pub(crate) struct GenerateArgs {
    /// Number of accounts to generate.
    #[arg(long, default_value_t = 100_000)]
    pub(crate) accounts: u32,
    /// Seed of the generator: the same seed gives the same vault.
    #[arg(long, default_value_t = 42)]
    pub(crate) seed: u64,
    /// Directory to write the vault into.
    #[arg(long)]
    pub(crate) out: PathBuf,
}

/// Runs the subcommand.
pub(crate) fn run(args: GenerateArgs) -> Result<()> {
    let vault = generate(&GenerateConfig::new(args.accounts, args.seed));
    vault_dir::write_vault(&vault, &args.out)?;
    eprintln!(
        "generated {} accounts, {} contacts and {} intent records into {}",
        vault.accounts.len(),
        vault.contacts.len(),
        vault.intent.len(),
        args.out.display()
    );
    Ok(())
}
