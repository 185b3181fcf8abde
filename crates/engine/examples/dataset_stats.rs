//! Size and memory figures of a dataset file for BENCHMARKS.md: wire bytes per account,
//! raw and brotli-compressed as the server serves it (and how long that takes), and heap bytes per account once decoded and indexed.
//! With `--tables DIR` it also writes the dataset's content as three CSV tables
//! (accounts, intent, contacts), the input of the Parquet comparison.
//!
//! `cargo run --release -p clearlist-engine --example dataset_stats -- FILE [--tables DIR]`

use std::io::Write;

use clearlist_engine::dataset::Dataset;
use clearlist_engine::taxonomy::Facet;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: dataset_stats FILE [--tables DIR]")?;
    let bytes = std::fs::read(path)?;
    let dataset = Dataset::decode(&bytes)?;
    let n = dataset.len() as f64;
    // The server's settings for the dataset it serves (`crates/server/src/encoding.rs`).
    let mut compressed = Vec::new();
    let started = std::time::Instant::now();
    {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 5,
            lgwin: 22,
            size_hint: bytes.len(),
            ..Default::default()
        };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut compressed, &params)?;
    }
    let compression = started.elapsed();
    let mut out = std::io::stderr().lock();
    writeln!(out, "accounts: {}", dataset.len())?;
    writeln!(out, "contacts: {}", dataset.contact_count())?;
    writeln!(
        out,
        "wire bytes: {} ({:.1} per account)",
        bytes.len(),
        bytes.len() as f64 / n
    )?;
    writeln!(
        out,
        "brotli-5 bytes: {} ({:.1} per account), compressed in {:.2} s",
        compressed.len(),
        compressed.len() as f64 / n,
        compression.as_secs_f64()
    )?;
    writeln!(
        out,
        "heap bytes decoded + indexed: {} ({:.1} per account)",
        dataset.heap_bytes(),
        dataset.heap_bytes() as f64 / n
    )?;

    if let Some(dir) = args
        .iter()
        .position(|a| a == "--tables")
        .and_then(|at| args.get(at + 1))
    {
        std::fs::create_dir_all(dir)?;
        let mut accounts =
            std::io::BufWriter::new(std::fs::File::create(format!("{dir}/accounts.csv"))?);
        let mut intent =
            std::io::BufWriter::new(std::fs::File::create(format!("{dir}/intent.csv"))?);
        let mut contacts =
            std::io::BufWriter::new(std::fs::File::create(format!("{dir}/contacts.csv"))?);
        writeln!(
            accounts,
            "id,name,domain,city,industry,country,employees,revenue,last_touch,tech,topic,vendor"
        )?;
        writeln!(
            intent,
            "account_id,segment,readers,active_weeks,recent_weeks,late_stage,senior_readers,vendors,score"
        )?;
        writeln!(
            contacts,
            "account_id,function,seniority,country,flags,pseudonym"
        )?;
        let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
        for row in 0..u32::try_from(dataset.len())? {
            let id = dataset.id_of(row);
            let summary = dataset.summary(id, None).ok_or("row without summary")?;
            let single = |facet| dataset.facet_slugs(row, facet, None).join("");
            let multi = |facet| quote(&dataset.facet_slugs(row, facet, None).join(";"));
            writeln!(
                accounts,
                "{id},{},{},{},{},{},{},{},{},{},{},{}",
                quote(&summary.name),
                summary.domain,
                quote(&summary.city),
                single(Facet::Industry),
                single(Facet::Country),
                single(Facet::Employees),
                single(Facet::Revenue),
                dataset
                    .last_touch(row)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                multi(Facet::Tech),
                multi(Facet::Topic),
                multi(Facet::Vendor),
            )?;
            for entry in dataset.intents(row) {
                let m = entry.metrics;
                writeln!(
                    intent,
                    "{id},{},{},{},{},{},{},{},{}",
                    dataset.segment_slug(entry.segment),
                    m.readers,
                    m.active_weeks,
                    m.recent_weeks,
                    m.late_stage,
                    m.senior_readers,
                    m.vendors,
                    entry.centi_score
                )?;
            }
            for (function, seniority, country, flags, pseudonym) in dataset.contact_rows(row) {
                writeln!(
                    contacts,
                    "{id},{function},{seniority},{},{flags},{pseudonym}",
                    country.unwrap_or("")
                )?;
            }
        }
        writeln!(out, "tables written to {dir}")?;
    }
    Ok(())
}
