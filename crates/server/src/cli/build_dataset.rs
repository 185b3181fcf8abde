//! `clearlist build-dataset`: writes a tenant's de-identified dataset file, exactly the
//! bytes its users download.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clearlist_server::{Store, build_tenant_dataset};

/// Arguments of `clearlist build-dataset`.
#[derive(Debug, clap::Args)]
pub(crate) struct BuildDatasetArgs {
    /// The database file.
    #[arg(long)]
    pub(crate) db: PathBuf,
    /// The tenant whose dataset to build.
    #[arg(long)]
    pub(crate) tenant: i64,
    /// Dataset file to write.
    #[arg(long)]
    pub(crate) out: PathBuf,
}

/// Runs the subcommand.
pub(crate) fn run(args: BuildDatasetArgs) -> Result<()> {
    let store = Store::open(&args.db)?;
    let bytes = build_tenant_dataset(&store, args.tenant)
        .with_context(|| format!("building the dataset of tenant {}", args.tenant))?;
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // Written under a temporary name, so an interrupted build leaves no half file behind.
    let temp = args.out.with_extension("tmp");
    fs::write(&temp, &bytes).with_context(|| format!("cannot write {}", temp.display()))?;
    fs::rename(&temp, &args.out)
        .with_context(|| format!("cannot move the dataset to {}", args.out.display()))?;
    eprintln!("wrote {} ({} bytes)", args.out.display(), bytes.len());
    Ok(())
}
