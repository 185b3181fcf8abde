//! `clearlist`: the server and its command line. This file only parses arguments, starts
//! logging and dispatches; the work lives in the library (`serve`) and in `cli/`.

mod cli;

use std::io::{IsTerminal as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use clearlist_server::{AppState, Config};
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
    /// Serve the built app and the dataset over HTTP.
    Serve(ServeArgs),
    /// Generate a synthetic vault of accounts, contacts and intent from a seed.
    Generate(cli::generate::GenerateArgs),
    /// Import accounts, contacts and intent events from CSV files into a vault.
    Import(cli::import::ImportArgs),
    /// Build the de-identified dataset file from a vault.
    BuildDataset(cli::build_dataset::BuildDatasetArgs),
    /// Run a list URL against a dataset file and print the ranked result.
    Query(cli::query::QueryArgs),
    /// Print the contents of a dataset file.
    Dump(cli::dump::DumpArgs),
}

/// Arguments of `clearlist serve`.
#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Directory of the built app (`trunk build` output).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// Dataset file to serve.
    #[arg(long)]
    dataset: PathBuf,
    /// Address to listen on; port 0 picks a free port (the URL printed tells which).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
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
        Command::Generate(args) => cli::generate::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::BuildDataset(args) => cli::build_dataset::run(args),
        Command::Query(args) => cli::query::run(args),
        Command::Dump(args) => cli::dump::run(args),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let ServeArgs {
        dist,
        dataset,
        addr,
    } = args;
    anyhow::ensure!(
        dist.join("index.html").is_file(),
        "{} has no index.html: run `trunk build --release` first",
        dist.display()
    );
    if !dataset.is_file() {
        // Not fatal: the dataset is read per request, and may be built after the server starts.
        tracing::warn!(path = %dataset.display(), "dataset file not found yet");
    }
    let state = AppState::new(Config {
        dist_dir: dist,
        dataset_path: dataset,
    });

    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        // The one line of stdout: scripts read the URL (and port) from it.
        writeln!(std::io::stdout(), "Clearlist is running at http://{local}/")?;
        tracing::info!(%local, "listening");
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
