//! `clearlist build-dataset`: derives the de-identified client dataset from a vault.
//! Pseudonyms are computed here, on the server side, with the vault's key.

use std::fs;
use std::path::PathBuf;
use std::thread;

use anyhow::{Context, Result, anyhow};
use clearlist_engine::dataset::build;
use clearlist_engine::pseudonym::PseudonymKey;
use clearlist_engine::suppression::normalise_email;
use clearlist_engine::vault::Contact;

use super::vault_dir;

/// Arguments of `clearlist build-dataset`.
#[derive(Debug, clap::Args)]
pub(crate) struct BuildDatasetArgs {
    /// Vault directory.
    #[arg(long)]
    pub(crate) from: PathBuf,
    /// Dataset file to write.
    #[arg(long)]
    pub(crate) out: PathBuf,
}

/// Runs the subcommand.
pub(crate) fn run(args: BuildDatasetArgs) -> Result<()> {
    let vault = vault_dir::read_vault(&args.from)?;
    let key = vault_dir::key(&args.from)?;
    let pseudonyms = pseudonyms(&key, &vault.contacts)?;
    let bytes = build(&vault, &pseudonyms).context("cannot build the dataset")?;
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let temp = args.out.with_extension("tmp");
    fs::write(&temp, &bytes).with_context(|| format!("cannot write {}", temp.display()))?;
    fs::rename(&temp, &args.out)
        .with_context(|| format!("cannot move the dataset to {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} accounts)",
        args.out.display(),
        bytes.len(),
        vault.accounts.len()
    );
    Ok(())
}

/// The pseudonym of every contact, in order, computed on every core: one PRF evaluation
/// costs tens of microseconds and a vault holds millions of contacts.
pub(crate) fn pseudonyms(key: &PseudonymKey, contacts: &[Contact]) -> Result<Vec<u64>> {
    let threads = thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = contacts.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        let workers: Vec<_> = contacts
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|contact| {
                            let email = normalise_email(&contact.email).ok_or_else(|| {
                                anyhow!("contact {} has an invalid email address", contact.id)
                            })?;
                            Ok(key.pseudonym(&email)?.0)
                        })
                        .collect::<Result<Vec<u64>>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(contacts.len());
        for worker in workers {
            all.extend(
                worker
                    .join()
                    .map_err(|_| anyhow!("a pseudonym worker panicked"))??,
            );
        }
        Ok(all)
    })
}
