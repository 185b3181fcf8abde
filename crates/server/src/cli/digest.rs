//! `clearlist digest`: sends the daily digest emails now (the server sends them at 07:00
//! UTC when started with `--smtp-url`), to every user with something new who has not had
//! one in the last 20 hours.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clearlist_server::notifications::{Mailer, send_digests};
use clearlist_server::{AppState, Config, Limits, Store};

/// Where and how digests are sent: shared by `serve` and `digest`.
#[derive(Debug, clap::Args)]
pub(crate) struct MailArgs {
    /// SMTP server for digest emails: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`
    /// or `smtps://user:pass@host` (without it no email is sent).
    #[arg(long, env = "CLEARLIST_SMTP_URL")]
    pub(crate) smtp_url: Option<String>,
    /// Sender of digest emails.
    #[arg(
        long,
        env = "CLEARLIST_MAIL_FROM",
        default_value = "Clearlist <clearlist@localhost>"
    )]
    pub(crate) mail_from: String,
    /// The app's public address, for links in emails.
    #[arg(
        long,
        env = "CLEARLIST_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub(crate) public_url: String,
}

impl MailArgs {
    /// The mailer, when SMTP is configured.
    pub(crate) fn mailer(&self) -> Result<Option<Mailer>> {
        self.smtp_url
            .as_deref()
            .map(|url| Mailer::new(url, &self.mail_from, &self.public_url))
            .transpose()
    }
}

/// Arguments of `clearlist digest`.
#[derive(Debug, clap::Args)]
pub(crate) struct DigestArgs {
    /// The database file.
    #[arg(long)]
    db: PathBuf,
    #[command(flatten)]
    mail: MailArgs,
}

/// Runs the subcommand.
pub(crate) fn run(args: DigestArgs) -> Result<()> {
    let mailer = args
        .mail
        .mailer()?
        .context("--smtp-url is needed to send digests")?;
    let store = Store::open(&args.db)?;
    let state = AppState::new(
        Config {
            dist_dir: PathBuf::from("."),
            limits: Limits::default(),
        },
        store,
    )?;
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let sent = runtime.block_on(send_digests(&state, &mailer))?;
    eprintln!("sent {sent} digest emails");
    Ok(())
}
