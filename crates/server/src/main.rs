//! `clearlist`: the server and its command line. This file only parses arguments, starts
//! logging and dispatches; the work lives in the library (`serve`) and in `cli/`.

mod cli;

use std::io::{IsTerminal as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use clearlist_server::{AppState, Config, Limits, Store};
use tracing_subscriber::EnvFilter;

/// Clearlist: privacy-first B2B list building.
#[derive(Debug, Parser)]
#[command(name = "clearlist", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the built app over HTTP.
    Serve(ServeArgs),
    /// Fill an empty database with demo data, a tenant and one user of each role.
    Demo(cli::demo::DemoArgs),
    /// Add a tenant.
    TenantAdd(cli::admin::TenantAddArgs),
    /// Change an organisation's settings (the most rows per export).
    TenantSet(cli::admin::TenantSetArgs),
    /// Add a user (password on stdin).
    UserAdd(cli::admin::UserAddArgs),
    /// Generate a synthetic vault of accounts, contacts and intent from a seed, as CSV files.
    Generate(cli::generate::GenerateArgs),
    /// Import accounts, contacts and intent from CSV files into the database's vault.
    Import(cli::import::ImportArgs),
    /// Write a tenant's de-identified dataset file.
    BuildDataset(cli::build_dataset::BuildDatasetArgs),
    /// Run a list URL against a dataset file and print the ranked result.
    Query(cli::query::QueryArgs),
    /// Print the contents of a dataset file.
    Dump(cli::dump::DumpArgs),
    /// Send the daily digest emails now.
    Digest(cli::digest::DigestArgs),
}

/// Arguments of `clearlist serve`.
#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Directory of the built app (`trunk build` output).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// The database file (created and migrated if needed).
    #[arg(long)]
    db: PathBuf,
    /// Address to listen on; port 0 picks a free port (the URL printed tells which).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    mail: cli::digest::MailArgs,
}

fn main() -> std::process::ExitCode {
    match run(Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // `clearlist dump | head`: the reader has what it wanted.
        Err(error) if is_broken_pipe(&error) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Error: {error:?}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind);
        // serde_json keeps the io error inside its own (`to_writer`).
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // Logs go to stderr: stdout belongs to command output such as `query --json`.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colours only on a terminal: CI logs and log files stay plain text.
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Demo(args) => cli::demo::run(args),
        Command::TenantAdd(args) => cli::admin::tenant_add(args),
        Command::TenantSet(args) => cli::admin::tenant_set(args),
        Command::UserAdd(args) => cli::admin::user_add(args),
        Command::Generate(args) => cli::generate::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::Digest(args) => cli::digest::run(args),
        Command::BuildDataset(args) => cli::build_dataset::run(args),
        Command::Query(args) => cli::query::run(args),
        Command::Dump(args) => cli::dump::run(args),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let ServeArgs {
        dist,
        db,
        addr,
        mail,
    } = args;
    let mailer = mail.mailer()?;
    anyhow::ensure!(
        dist.join("index.html").is_file(),
        "{} has no index.html: run `trunk build --release` first",
        dist.display()
    );
    let store = Store::open(&db).with_context(|| format!("opening {}", db.display()))?;
    if let Some(source) = store.interrupted_import_blocking()? {
        tracing::warn!(%source, "an import did not finish: its rows so far are in the vault; run it again to complete it");
    }
    let state = AppState::new(
        Config {
            dist_dir: dist,
            limits: Limits::default(),
        },
        store,
    )?;

    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        state
            .warm_up()
            .await
            .context("building the tenants' datasets")?;
        // The one line of stdout: scripts read the URL (and port) from it.
        writeln!(std::io::stdout(), "Clearlist is running at http://{local}/")?;
        tracing::info!(%local, "listening");
        if let Some(mailer) = mailer {
            tokio::spawn(clearlist_server::notifications::daily(
                state.clone(),
                mailer,
            ));
        }
        clearlist_server::serve(listener, state, shutdown_signal())
            .await
            .context("serving HTTP")?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
