//! `clearlist tenant-add`, `tenant-set` and `user-add`: setting up a real deployment.

use std::io::BufRead as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clearlist_server::Store;
use clearlist_server::roles::Role;
use clearlist_server::setup;

/// Arguments of `clearlist tenant-add`.
#[derive(Debug, clap::Args)]
pub(crate) struct TenantAddArgs {
    /// The database file.
    #[arg(long)]
    pub(crate) db: PathBuf,
    /// The tenant's name.
    #[arg(long)]
    pub(crate) name: String,
    /// Licensed segments, as the vault names them (repeat the option).
    #[arg(long = "segment")]
    pub(crate) segments: Vec<String>,
}

/// Arguments of `clearlist user-add`. The password is read from the first line of stdin,
/// so it never appears in a process list or shell history.
#[derive(Debug, clap::Args)]
pub(crate) struct UserAddArgs {
    /// The database file.
    #[arg(long)]
    pub(crate) db: PathBuf,
    /// The tenant id.
    #[arg(long)]
    pub(crate) tenant: i64,
    /// Sign-in email.
    #[arg(long)]
    pub(crate) email: String,
    /// Display name.
    #[arg(long)]
    pub(crate) name: String,
    /// Role: administrator, list-builder or read-only.
    #[arg(long, value_parser = parse_role)]
    pub(crate) role: Role,
}

fn parse_role(slug: &str) -> Result<Role, String> {
    Role::from_slug(slug)
        .ok_or_else(|| format!("`{slug}` is not administrator, list-builder or read-only"))
}

/// Runs `tenant-add`.
pub(crate) fn tenant_add(args: TenantAddArgs) -> Result<()> {
    let store = Store::open(&args.db)?;
    let tenant = setup::create_tenant(&store, &args.name, &args.segments)?;
    eprintln!("created tenant {} (id {})", tenant.name, tenant.id);
    Ok(())
}

/// Runs `user-add`.
pub(crate) fn user_add(args: UserAddArgs) -> Result<()> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("reading the password from stdin")?;
    let password = password.trim_end_matches(['\r', '\n']);
    anyhow::ensure!(
        password.chars().count() >= 12,
        "the password (first line of stdin) needs at least 12 characters"
    );
    let store = Store::open(&args.db)?;
    let user = setup::create_user(
        &store,
        args.tenant,
        &args.email,
        &args.name,
        args.role,
        password,
    )?;
    eprintln!("created {} {} (id {})", user.role, user.email, user.id);
    Ok(())
}

/// Arguments of `clearlist tenant-set`: an organisation's settings that the operator keeps.
#[derive(Debug, clap::Args)]
pub(crate) struct TenantSetArgs {
    /// The database file.
    #[arg(long)]
    pub(crate) db: PathBuf,
    /// The tenant id.
    #[arg(long)]
    pub(crate) tenant: i64,
    /// The most rows one export may hold (at least 1); a larger export is refused whole.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) export_max_rows: u64,
}

/// Runs `tenant-set`.
pub(crate) fn tenant_set(args: TenantSetArgs) -> Result<()> {
    let store = Store::open(&args.db)?;
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let max = runtime
        .block_on(store.set_export_max_rows(args.tenant, None, args.export_max_rows))
        .with_context(|| format!("setting tenant {}'s export maximum", args.tenant))?;
    eprintln!("tenant {}: at most {max} rows per export", args.tenant);
    Ok(())
}
