//! Native benchmarks of the engine on generated datasets of 100k and 1M accounts: build,
//! decode + index, and the documented query workload Q1–Q9 (see `workload`).
//!
//! `cargo bench -p clearlist-engine --bench engine` (set `CLEARLIST_BENCH_SIZES=100000`
//! to skip the million). Generated datasets are cached in `target/bench-data/`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use clearlist_engine::dataset::{Dataset, build};
use clearlist_engine::pseudonym::{PseudonymKey, blind, finalize};
use clearlist_engine::query::{Context, QueryOptions, ResolvedQuery, run};
use clearlist_engine::suppression::SuppressionSet;
use clearlist_engine::workload;
use clearlist_vault_io::generate::{GenerateConfig, generate};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn sizes() -> Vec<u32> {
    std::env::var("CLEARLIST_BENCH_SIZES")
        .ok()
        .map(|text| {
            text.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

/// The dataset bytes of a generated vault (seed 42), cached on disk.
fn dataset_bytes(accounts: u32) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    let path = dir.join(format!("dataset-{accounts}.clds"));
    if let Ok(bytes) = std::fs::read(&path)
        && Dataset::decode(&bytes).is_ok()
    {
        return bytes;
    }
    let vault = generate(&GenerateConfig::new(accounts, 42));
    let bytes = build(&vault, &workload::fake_pseudonyms(vault.contacts.len())).expect("build");
    std::fs::create_dir_all(&dir).expect("bench-data dir");
    std::fs::write(&path, &bytes).expect("cache dataset");
    bytes
}

fn bench_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for accounts in sizes().into_iter().filter(|&n| n <= 100_000) {
        let vault = generate(&GenerateConfig::new(accounts, 42));
        let pseudonyms = workload::fake_pseudonyms(vault.contacts.len());
        group.bench_with_input(BenchmarkId::from_parameter(accounts), &vault, |b, vault| {
            b.iter(|| build(black_box(vault), &pseudonyms).expect("build"));
        });
    }
    group.finish();
}

fn bench_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for accounts in sizes() {
        let bytes = dataset_bytes(accounts);
        group.bench_with_input(BenchmarkId::from_parameter(accounts), &bytes, |b, bytes| {
            b.iter(|| Dataset::decode(black_box(bytes)).expect("decode"));
        });
    }
    group.finish();
}

fn bench_queries(c: &mut Criterion) {
    for accounts in sizes() {
        let dataset = Dataset::decode(&dataset_bytes(accounts)).expect("decode");
        let mut group = c.benchmark_group(format!("queries_{accounts}"));
        group
            .sample_size(50)
            .measurement_time(Duration::from_secs(5));
        let queries = workload::queries(&dataset);
        for (name, query, options) in &queries {
            group.bench_function(*name, |b| {
                b.iter(|| run(&dataset, black_box(query), options).expect("runs"))
            });
        }
        if let Some((_, targeted, _)) = queries.iter().find(|(name, _, _)| *name == "Q6") {
            group.bench_function("Q9", |b| {
                b.iter(|| {
                    ResolvedQuery::resolve(&dataset, black_box(targeted), Context::default())
                        .expect("resolves")
                        .contact_facet_counts()
                })
            });
        }
        let pseudonyms = workload::suppression_pseudonyms(&dataset, 100_000);
        let domains = workload::suppression_domains(&dataset, 1_000);
        group.bench_function("Q4", |b| {
            b.iter(|| {
                let set = SuppressionSet::new(
                    domains.clone(),
                    pseudonyms
                        .iter()
                        .copied()
                        .map(clearlist_engine::pseudonym::Pseudonym)
                        .collect(),
                );
                dataset.apply_suppression(black_box(&set))
            });
        });
        let prefixes = workload::typeahead_prefixes(&dataset, 64);
        let mut next = 0;
        group.bench_function("Q5", |b| {
            b.iter(|| {
                next = (next + 1) % prefixes.len();
                dataset.suggest(black_box(&prefixes[next]), 8)
            });
        });
        dataset.prepare_search();
        let keystrokes = workload::typeahead_keystrokes(&dataset, 64);
        let mut next = 0;
        group.bench_function("Q8", |b| {
            b.iter(|| {
                next = (next + 1) % keystrokes.len();
                dataset.suggest(black_box(&keystrokes[next]), 8)
            });
        });
        group.finish();
        let _ = QueryOptions::default();
    }
}

fn bench_oprf(c: &mut Criterion) {
    let key = PseudonymKey::from_seed(&[3; 32]).expect("key");
    let emails: Vec<String> = (0..64).map(|i| format!("person{i}@example.com")).collect();
    let mut group = c.benchmark_group("oprf_per_email");
    group.bench_function("server_direct", |b| {
        b.iter(|| key.pseudonym(black_box(&emails[7])).expect("prf"))
    });
    group.bench_function("client_blind", |b| {
        b.iter(|| blind(black_box(&emails), &mut rand_core::OsRng).expect("blind"))
    });
    let (state, blinded) = blind(&emails, &mut rand_core::OsRng).expect("blind");
    group.bench_function("server_evaluate_blinded", |b| {
        b.iter(|| key.evaluate_blinded(black_box(&blinded)).expect("evaluate"))
    });
    let evaluated = key.evaluate_blinded(&blinded).expect("evaluate");
    group.bench_function("client_finalize", |b| {
        b.iter(|| finalize(black_box(&state), &evaluated).expect("finalize"))
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_decode,
    bench_queries,
    bench_oprf,
    bench_build
);
criterion_main!(benches);
