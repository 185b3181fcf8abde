//! `clearlist import`: reads a directory of CSV files in the documented format and writes
//! it into the database's vault in one transaction; rows that cannot be used are skipped
//! and named by file and line. `--dry-run` reports the same without writing.

use std::path::PathBuf;

use anyhow::Result;
use clearlist_server::Store;
use clearlist_server::import::{ImportOutcome, Progress, import_dir};

/// Skipped rows printed in full; the rest are counted.
const PRINTED_ROWS: usize = 50;

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
    /// Check the files and print the report without writing anything.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

/// Runs the subcommand.
pub(crate) fn run(args: ImportArgs) -> Result<()> {
    let store = Store::open(&args.db)?;
    if let Some(earlier) = store.interrupted_import_blocking()? {
        eprintln!("an earlier import ({earlier}) did not finish; this one replaces its rows");
    }
    let source = args
        .source
        .unwrap_or_else(|| format!("import of {}", args.from.display()));
    let outcome = import_dir(
        &store,
        &args.from,
        &source,
        args.dry_run,
        &Progress::default(),
    )
    .map_err(|failure| anyhow::anyhow!("nothing imported: {failure}"))?;
    eprint!("{}", summary(&outcome, &args.db.display().to_string()));
    Ok(())
}

/// The report: what was written (or would be) and each row left out.
fn summary(outcome: &ImportOutcome, db: &str) -> String {
    let report = &outcome.report;
    let verb = if outcome.dry_run {
        "would import"
    } else {
        "imported"
    };
    let mut text = format!(
        "{verb} {} accounts, {} contacts and {} intent records into {db}\n",
        report.accounts, report.contacts, report.intent
    );
    if outcome.skipped_total > 0 {
        text.push_str(&format!("left out {} rows:\n", outcome.skipped_total));
        for row in outcome.skipped.iter().take(PRINTED_ROWS) {
            text.push_str(&format!("  {}\n", row.reason));
        }
        let unnamed = outcome.skipped_total.saturating_sub(PRINTED_ROWS as u64);
        if unnamed > 0 {
            text.push_str(&format!("  … and {unnamed} more\n"));
        }
    }
    text
}
