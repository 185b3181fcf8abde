//! `clearlist demo`: fills an empty database with synthetic demo data, a tenant and one
//! user of each role, and prints their sign-ins.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clearlist_server::Store;
use clearlist_server::setup::demo;

/// Arguments of `clearlist demo`.
#[derive(Debug, clap::Args)]
pub(crate) struct DemoArgs {
    /// The database file (created if missing; must hold no tenant yet).
    #[arg(long)]
    pub(crate) db: PathBuf,
    /// Number of accounts to generate.
    #[arg(long, default_value_t = 100_000)]
    pub(crate) accounts: u32,
    /// Seed of the generator.
    #[arg(long, default_value_t = 42)]
    pub(crate) seed: u64,
    /// Also write the sign-ins as JSON to this file (readable by the owner only).
    #[arg(long)]
    pub(crate) credentials: Option<PathBuf>,
    /// Also write a suppression file to try the app with (emails of 200 demo contacts, 10
    /// company domains, two bad lines; readable by the owner only: it holds emails).
    #[arg(long)]
    pub(crate) suppression_sample: Option<PathBuf>,
}

/// Runs the subcommand.
pub(crate) fn run(args: DemoArgs) -> Result<()> {
    if let Some(parent) = args.db.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let store = Store::open(&args.db)?;
    let demo = demo(&store, args.accounts, args.seed)?;
    let (tenant, credentials) = (demo.tenant, demo.credentials);
    if let Some(path) = &args.credentials {
        write_private(path, &serde_json::to_vec_pretty(&credentials)?)?;
    }
    if let Some(path) = &args.suppression_sample {
        write_private(path, demo.suppression_sample.as_bytes())?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Demo tenant \"{}\" (id {}). Sign in as:",
        tenant.name, tenant.id
    )?;
    for credential in &credentials {
        writeln!(
            out,
            "  {:<14} {:<28} password {}",
            credential.role.to_string(),
            credential.email,
            credential.password
        )?;
    }
    Ok(())
}

/// Writes a file only its owner can read.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)?;
    Ok(())
}
