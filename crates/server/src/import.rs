//! Importing the documented CSV files into the vault, for `clearlist import` and for an
//! Administrator's upload (`POST /api/import`).
//!
//! A row that cannot be used (a bad cell, an unknown account, an unusable email, a person
//! who asked to be erased) is skipped and named by file and line; every other row is
//! imported. Only a file that cannot be read as the documented CSV at all (unreadable,
//! bad header, not UTF-8, a wrong `meta.csv`) refuses the whole import. A dry run reports
//! the same without writing.
//!
//! The work is ordered so the vault's write transaction holds inserts only: the files are
//! read and every pseudonym computed first, then the rows are written in one transaction
//! (all or nothing). [`Progress`] tells another thread how far it got.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::Instant;

use clearlist_engine::vault::Vault;
use clearlist_vault_io::vault_csv::{self, CsvFile, ImportError, VaultRead};
use serde::Serialize;

use crate::setup::pseudonyms;
use crate::store::vault::ImportReport;
use crate::store::{Store, StoreError};

/// Why an import did not run.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// A file cannot be read as the documented CSV at all.
    #[error("{0}")]
    Unreadable(ImportError),
    /// A file cannot be opened.
    #[error("cannot open {file}: {source}")]
    Open {
        /// The file.
        file: CsvFile,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The vault cannot be read or written.
    #[error("the vault cannot be written: {0}")]
    Store(#[from] StoreError),
    /// Computing the pseudonyms failed.
    #[error("{0}")]
    Pseudonyms(#[from] anyhow::Error),
}

/// A row left out, by file and line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    /// `accounts.csv`, `contacts.csv` or `intent.csv`.
    pub file: &'static str,
    /// The line (the header is line 1).
    pub line: u64,
    /// Why, naming the file, line and column.
    pub reason: String,
}

/// What an import did, or (dry run) would do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// Rows written (or that would be).
    #[serde(flatten)]
    pub report: ImportReport,
    /// The first rows left out, in file order.
    pub skipped: Vec<SkippedRow>,
    /// Every row left out.
    pub skipped_total: u64,
    /// Nothing was written.
    pub dry_run: bool,
}

/// Where an import stands, readable from another thread.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    read: AtomicU64,
    total: AtomicU64,
}

/// A stage of an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading and checking the files.
    Reading,
    /// Computing the contacts' pseudonyms.
    Pseudonymising,
    /// Writing the vault.
    Writing,
    /// Finished (or refused): set by the job once its result is in.
    Done,
}

impl Progress {
    /// The stage.
    #[must_use]
    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Reading,
            1 => Stage::Pseudonymising,
            2 => Stage::Writing,
            _ => Stage::Done,
        }
    }

    /// Bytes of the files read so far, and in all.
    #[must_use]
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.read.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    fn enter(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Relaxed);
    }
}

/// A reader that counts its bytes into a [`Progress`].
struct Counted<'a, R> {
    inner: R,
    progress: &'a Progress,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Imports the four files of `dir` (`meta.csv`, `accounts.csv`, `contacts.csv`,
/// `intent.csv`), recording `source` with each contact; with `dry_run`, writes nothing.
///
/// # Errors
/// [`ImportFailure`]: a file that cannot be opened or read as the documented CSV (then
/// nothing was written), or a vault that cannot be written (see [`import_read`]).
pub fn import_dir(
    store: &Store,
    dir: &Path,
    source: &str,
    dry_run: bool,
    progress: &Progress,
) -> Result<ImportOutcome, ImportFailure> {
    let open = |file: CsvFile| -> Result<Counted<'_, BufReader<File>>, ImportFailure> {
        let (len, opened) = File::open(dir.join(file.file_name()))
            .and_then(|f| Ok((f.metadata()?.len(), f)))
            .map_err(|source| ImportFailure::Open { file, source })?;
        progress.total.fetch_add(len, Ordering::Relaxed);
        Ok(Counted {
            inner: BufReader::with_capacity(1 << 20, opened),
            progress,
        })
    };
    let (meta, accounts) = (open(CsvFile::Meta)?, open(CsvFile::Accounts)?);
    let (contacts, intent) = (open(CsvFile::Contacts)?, open(CsvFile::Intent)?);
    let read = vault_csv::read_vault(meta, accounts, contacts, intent)
        .map_err(ImportFailure::Unreadable)?;
    import_read(store, read, source, dry_run, progress)
}

/// Imports what [`vault_csv::read_vault`] read (see [`import_dir`]).
///
/// # Errors
/// [`ImportFailure::Pseudonyms`] (nothing was written) or [`ImportFailure::Store`]: the
/// batches written before it stay, the vault's version has not moved, and the import is
/// marked unfinished until a re-run completes it.
pub fn import_read(
    store: &Store,
    read: VaultRead,
    source: &str,
    dry_run: bool,
    progress: &Progress,
) -> Result<ImportOutcome, ImportFailure> {
    let VaultRead {
        mut vault,
        contact_lines,
        rejected,
    } = read;
    progress.enter(Stage::Pseudonymising);
    let key = store.pseudonym_key_blocking()?;
    let mut pseudonyms = pseudonyms(&key, &vault)?;
    let erased: HashSet<u64> = store.erased_pseudonyms_blocking()?;

    let mut skipped: Vec<SkippedRow> = rejected.named.iter().filter_map(skipped_row).collect();
    let erased_rows = leave_out_erased(&mut vault, &mut pseudonyms, &contact_lines, &erased);
    let erased_found = erased_rows.len();
    let skipped_total = rejected.total + erased_found as u64;
    skipped.extend(erased_rows);
    skipped.sort_by_key(|row| (file_order(row.file), row.line));

    let mut report = if dry_run {
        ImportReport {
            accounts: vault.accounts.len(),
            contacts: vault.contacts.len(),
            intent: vault.intent.len(),
            skipped_erased: 0,
        }
    } else {
        progress.enter(Stage::Writing);
        let started = Instant::now();
        let written = store.import_blocking(&vault, &pseudonyms, source)?;
        // The transaction holds the vault's write lock: other writers wait this long.
        tracing::info!(
            accounts = written.accounts,
            contacts = written.contacts,
            write_ms = started.elapsed().as_millis(),
            "vault import written"
        );
        written
    };
    report.skipped_erased += erased_found;
    Ok(ImportOutcome {
        report,
        skipped,
        skipped_total,
        dry_run,
    })
}

/// Removes the contacts (and their pseudonyms) of people who asked to be erased; their
/// rows, for the report.
fn leave_out_erased(
    vault: &mut Vault,
    pseudonyms: &mut Vec<u64>,
    contact_lines: &[u64],
    erased: &HashSet<u64>,
) -> Vec<SkippedRow> {
    let kept: Vec<bool> = pseudonyms.iter().map(|p| !erased.contains(p)).collect();
    let rows = vault
        .contacts
        .iter()
        .enumerate()
        .filter(|(index, _)| !kept[*index])
        .map(|(index, contact)| {
            let line = contact_lines.get(index).copied().unwrap_or_default();
            SkippedRow {
                file: CsvFile::Contacts.file_name(),
                line,
                reason: format!(
                    "contacts.csv, line {line}: contact {} asked to be erased and is not added again",
                    contact.id
                ),
            }
        })
        .collect();
    let mut flags = kept.iter();
    vault
        .contacts
        .retain(|_| flags.next().copied().unwrap_or(true));
    let mut flags = kept.iter();
    pseudonyms.retain(|_| flags.next().copied().unwrap_or(true));
    rows
}

fn skipped_row(error: &ImportError) -> Option<SkippedRow> {
    let (file, line) = error.location()?;
    Some(SkippedRow {
        file: file.file_name(),
        line,
        reason: error.to_string(),
    })
}

fn file_order(name: &str) -> usize {
    CsvFile::ALL
        .iter()
        .position(|file| file.file_name() == name)
        .unwrap_or(CsvFile::ALL.len())
}
