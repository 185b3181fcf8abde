//! `clearlist query`: runs a list URL over a dataset file, as the app does, and prints the
//! count, the matching and exportable contacts (by the organisation's rules in the dataset,
//! before any suppression), the top accounts and the facet counts.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clearlist_engine::list_url;
use clearlist_engine::query::{QueryOptions, run as run_query};

use super::load_dataset;

/// Arguments of `clearlist query`.
#[derive(Debug, clap::Args)]
pub(crate) struct QueryArgs {
    /// Dataset file.
    #[arg(long)]
    pub(crate) dataset: PathBuf,
    /// The list URL: exactly what follows `#` in the app's list URL.
    #[arg(long)]
    pub(crate) url: String,
    /// How many ranked accounts to print.
    #[arg(long, default_value_t = 10)]
    pub(crate) top: usize,
    /// Print JSON: `{"count": N, "contacts": N, "exportable": N, "top": [{"id": 12,
    /// "score": 3.5}, ...], "facets": {...}}`.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Runs the subcommand.
pub(crate) fn run(args: QueryArgs) -> Result<()> {
    let dataset = load_dataset(&args.dataset)?;
    let query = list_url::decode(&args.url).context("invalid list URL")?;
    let options = QueryOptions {
        top: args.top,
        ..QueryOptions::default()
    };
    let result =
        run_query(&dataset, &query, &options).context("the list cannot run on this dataset")?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::json!({
            "count": result.count,
            "contacts": result.contacts,
            "exportable": result.exportable,
            "top": result.top,
            "facets": result.facets,
        });
        serde_json::to_writer(&mut out, &json)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} accounts match {} ({} contacts, {} exportable)",
            result.count,
            list_url::encode(&query),
            result.contacts,
            result.exportable
        )?;
        for (rank, ranked) in result.top.iter().enumerate() {
            let summary = dataset.summary(ranked.id, None);
            let name = summary.as_ref().map_or("", |s| s.name.as_str());
            writeln!(
                out,
                "{:>4}. {:>8}  {:>7.2}  {name}",
                rank + 1,
                ranked.id,
                ranked.score
            )?;
        }
    }
    Ok(())
}
