//! Times the phases of the workload queries on a dataset file (resolve, filter, rank, and
//! the contact facets alone).
//! `cargo run --release -p clearlist-engine --example profile_q1 -- FILE`
use std::time::Instant;

use clearlist_engine::dataset::Dataset;
use clearlist_engine::query::{Context, QueryOptions, ResolvedQuery};
use clearlist_engine::workload;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: profile_q1 FILE")?;
    let dataset = Dataset::decode(&std::fs::read(path)?)?;
    for (name, query, options) in workload::queries(&dataset) {
        let rounds: u32 = std::env::var("ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(200);
        let (mut resolve, mut filter, mut run, mut contact_facets) = (0.0, 0.0, 0.0, 0.0);
        let mut count = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            let resolved = ResolvedQuery::resolve(&dataset, &query, Context::default())?;
            resolve += t.elapsed().as_secs_f64();
            let t = Instant::now();
            count = resolved.rows().len();
            filter += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let _ = resolved.run(&QueryOptions { ..options.clone() });
            run += t.elapsed().as_secs_f64();
            let resolved = ResolvedQuery::resolve(&dataset, &query, Context::default())?;
            let t = Instant::now();
            let _ = resolved.contact_facet_counts();
            contact_facets += t.elapsed().as_secs_f64();
        }
        let ms = |total: f64| total / f64::from(rounds) * 1e3;
        eprintln!(
            "{name}: count {count} resolve {:.3} ms, filter {:.3} ms, run {:.3} ms, contact facets {:.3} ms",
            ms(resolve),
            ms(filter),
            ms(run),
            ms(contact_facets)
        );
    }
    Ok(())
}
