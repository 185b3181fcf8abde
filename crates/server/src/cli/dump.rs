//! `clearlist dump`: writes every account of a dataset as one JSON object per line, so
//! anyone can check the engine against an independent implementation.
//!
//! Keys: `id`, `name`, `domain`, one key per facet slug (a string for single-valued
//! facets, an array for multi-valued ones; `signal` and `gauge` are those of the
//! account's strongest segment, which is what a list URL without `seg` filters on),
//! `last_touch` (`YYYY-MM-DD` or null), `intent`: per segment slug, `score`, `signals` and
//! `gauge`, and `contacts`: the pseudonymous contacts in the dataset's order, each
//! `function`, `seniority`, `country` (lower-case code or null) and `exportable` (by the
//! organisation's rules in the dataset, before any suppression).

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Result, bail};
use clearlist_engine::Facet;
use clearlist_engine::dataset::FLAG_EXPORTABLE;
use serde_json::{Map, Value, json};

use super::load_dataset;

/// Arguments of `clearlist dump`.
#[derive(Debug, clap::Args)]
pub(crate) struct DumpArgs {
    /// Dataset file.
    #[arg(long)]
    pub(crate) dataset: PathBuf,
    /// Write JSON Lines (the only format).
    #[arg(long)]
    pub(crate) jsonl: bool,
}

/// Runs the subcommand.
pub(crate) fn run(args: DumpArgs) -> Result<()> {
    if !args.jsonl {
        bail!("`clearlist dump` writes JSON Lines only: pass --jsonl");
    }
    let dataset = load_dataset(&args.dataset)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for row in 0..u32::try_from(dataset.len())? {
        let mut object = Map::new();
        object.insert("id".into(), json!(dataset.id_of(row)));
        object.insert("name".into(), json!(dataset.name(row)));
        object.insert("domain".into(), json!(dataset.domain(row)));
        for facet in Facet::ALL {
            let values = dataset.facet_slugs(row, facet, None);
            let value = if facet.is_multi_valued() {
                json!(values)
            } else {
                json!(values.first())
            };
            object.insert(facet.slug().into(), value);
        }
        object.insert(
            "last_touch".into(),
            json!(dataset.last_touch(row).map(|day| day.to_string())),
        );
        let intent: Map<String, Value> = dataset
            .intents(row)
            .iter()
            .map(|entry| {
                let signals: Vec<&str> = entry.signals.iter().map(|signal| signal.slug()).collect();
                (
                    dataset.segment_slug(entry.segment).to_owned(),
                    json!({ "score": f64::from(entry.centi_score) / 100.0, "signals": signals, "gauge": entry.gauge.slug() }),
                )
            })
            .collect();
        object.insert("intent".into(), Value::Object(intent));
        let contacts: Vec<Value> = dataset
            .contact_rows(row)
            .map(|(function, seniority, country, flags, _)| {
                json!({
                    "function": function.slug(),
                    "seniority": seniority.slug(),
                    "country": country,
                    "exportable": flags & FLAG_EXPORTABLE != 0,
                })
            })
            .collect();
        object.insert("contacts".into(), Value::Array(contacts));
        serde_json::to_writer(&mut out, &object)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
