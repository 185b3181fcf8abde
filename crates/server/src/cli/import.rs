//! `clearlist import`: reads a directory of CSV files in the documented format and writes
//! it into the database's vault in one transaction.

use std::path::PathBuf;

use anyhow::Result;
use clearlist_server::Store;
use clearlist_server::setup::import_vault;

use super::vault_dir;

/// Arguments of `clearlist import`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The database file.
    #[arg(long)]
    pub(crate) db: PathBuf,
    /// Directory holding meta.csv, accounts.csv, contacts.csv and intent.csv.
    #[arg(long)]
    pub(crate) from: PathBuf,
    /// Where the records come from, kept with each contact and shown in exports
    /// (default: the directory).
    #[arg(long)]
    pub(crate) source: Option<String>,
}

/// Runs the subcommand.
pub(crate) fn run(args: ImportArgs) -> Result<()> {
    let vault = vault_dir::read_vault(&args.from)?;
    let store = Store::open(&args.db)?;
    let source = args
        .source
        .unwrap_or_else(|| format!("import of {}", args.from.display()));
    let outcome = import_vault(&store, vault, &source)?;
    let report = &outcome.report;
    eprintln!(
        "imported {} accounts, {} contacts and {} intent records into {}",
        report.accounts,
        report.contacts,
        report.intent,
        args.db.display()
    );
    if report.skipped_erased > 0 {
        eprintln!(
            "left out {} contacts who asked to be erased",
            report.skipped_erased
        );
    }
    if !outcome.invalid_emails.is_empty() {
        eprintln!(
            "left out {} contacts whose email is not usable (ids {:?}{})",
            outcome.invalid_emails.len(),
            &outcome.invalid_emails[..outcome.invalid_emails.len().min(10)],
            if outcome.invalid_emails.len() > 10 {
                ", ..."
            } else {
                ""
            }
        );
    }
    Ok(())
}
