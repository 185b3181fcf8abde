//! The indexed engine agrees with the oracle on count, order, scores, facet counts and
//! contact counts (matching and exportable, with contact clauses), for a few hundred random
//! list definitions, with and without suppression.

use std::collections::BTreeSet;

use clearlist_engine::pseudonym::Pseudonym;
use clearlist_engine::query::{
    Context, FUNCTION_FACET, LEVEL_FACET, QueryOptions, ResolvedQuery, run,
};
use clearlist_engine::suppression::SuppressionSet;
use clearlist_engine::taxonomy::{Function, Seniority};
use clearlist_engine::{
    Clause, ContactClause, ContactQuery, DateRange, Facet, LevelClause, ListQuery, Mode, Sort,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::fixture::{Fixture, fixture, rules};
use crate::oracle::Oracle;

pub(crate) fn random_query(fixture: &Fixture, rng: &mut StdRng) -> ListQuery {
    let dataset = &fixture.dataset;
    let mut query = ListQuery::default();
    if rng.gen_bool(0.6) {
        let segments = dataset.facet_values(Facet::Segment);
        // Favour popular segments so that rankings have substance.
        let pick = rng.gen_range(0..segments.len().min(8));
        query.segment = Some(segments[pick].0.to_owned());
    }
    for _ in 0..rng.gen_range(0..=3) {
        let facet = Facet::ALL[rng.gen_range(0..Facet::ALL.len())];
        let values = dataset.facet_values(facet);
        let popular = values.len().min(12);
        let mode = [Mode::Any, Mode::All, Mode::Not][rng.gen_range(0..3)];
        let max = if mode == Mode::All && !facet.is_multi_valued() {
            1
        } else {
            3
        };
        let picked = (0..rng.gen_range(1..=max))
            .map(|_| values[rng.gen_range(0..popular)].0.to_owned())
            .collect();
        query.facets.entry(facet).or_default().push(Clause {
            mode,
            values: picked,
        });
    }
    if rng.gen_bool(0.15) {
        let to = dataset.as_of().add_days(-rng.gen_range(0..30));
        query.touch = Some(DateRange {
            from: Some(to.add_days(-rng.gen_range(0..60))),
            to: Some(to),
        });
    }
    if rng.gen_bool(0.1) {
        let name = dataset.summary(
            fixture.vault.accounts[rng.gen_range(0..fixture.vault.accounts.len())].id,
            None,
        );
        query.name_prefix =
            name.map(|summary| summary.name.chars().take(rng.gen_range(1..3)).collect());
    }
    if rng.gen_bool(0.1) {
        // Hand-picked accounts, one of them possibly not in the dataset.
        let accounts = &fixture.vault.accounts;
        let missing = rng.gen_bool(0.5).then_some(u32::MAX);
        query.accounts = (0..rng.gen_range(1..40))
            .map(|_| accounts[rng.gen_range(0..accounts.len())].id)
            .chain(missing)
            .collect();
    }
    if rng.gen_bool(0.5) {
        query.contacts = random_contacts(rng);
    }
    query.sort = Sort::ALL[rng.gen_range(0..3)];
    query.canonical()
}

/// Random contact clauses: each key present or not, values from the vocabularies.
fn random_contacts(rng: &mut StdRng) -> ContactQuery {
    fn pick<T: Copy>(all: &[T], rng: &mut StdRng) -> Vec<T> {
        (0..rng.gen_range(1..=3))
            .map(|_| all[rng.gen_range(0..all.len())])
            .collect()
    }
    let countries = ["us", "gb", "de", "fr", "jp", "br", "in", "unknown"];
    ContactQuery {
        functions: rng.gen_bool(0.5).then(|| ContactClause {
            include: rng.gen_bool(0.7),
            values: pick(Function::ALL, rng),
        }),
        level: rng.gen_bool(0.5).then(|| {
            if rng.gen_bool(0.5) {
                LevelClause::AtLeast(Seniority::ALL[rng.gen_range(0..Seniority::ALL.len())])
            } else {
                LevelClause::Set(ContactClause {
                    include: rng.gen_bool(0.7),
                    values: pick(Seniority::ALL, rng),
                })
            }
        }),
        countries: rng.gen_bool(0.3).then(|| ContactClause {
            include: rng.gen_bool(0.5),
            values: pick(&countries, rng)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }),
        exportable: rng.gen_bool(0.4),
        team: rng.gen_bool(0.3).then(|| rng.gen_range(1..=4)),
    }
}

/// Contact clauses over a dataset of several 65,536-contact chunks (the contact bitmaps are
/// built chunk by chunk). Native only: the oracle over 100k contacts is slow in a browser.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn contact_clauses_agree_with_the_oracle_across_chunks() {
    let fixture = crate::fixture::large_fixture(30_000);
    assert!(fixture.dataset.contact_count() > 2 * 65_536);
    let oracle = Oracle::new(
        &fixture.vault,
        &fixture.dataset,
        &rules(),
        &fixture.pseudonyms,
    );
    let mut rng = StdRng::seed_from_u64(7);
    let options = QueryOptions {
        top: 0,
        facets: true,
        facet_values: 0,
        contacts: true,
    };
    for _ in 0..12 {
        let query = ListQuery {
            contacts: random_contacts(&mut rng),
            ..ListQuery::default()
        }
        .canonical();
        let result = run(&fixture.dataset, &query, &options).expect("query runs");
        let expected = oracle.contact_counts(&query, &BTreeSet::new());
        assert_eq!((result.contacts, result.exportable), expected, "{query:?}");
        for key in [FUNCTION_FACET, LEVEL_FACET] {
            let counts = oracle.contact_facet(&query, key);
            for entry in &result.facets[key] {
                assert_eq!(
                    entry.count,
                    counts.get(&entry.value).copied().unwrap_or(0),
                    "{key} {} in {query:?}",
                    entry.value
                );
            }
        }
    }
}

engine_test! {
    fn engine_agrees_with_the_oracle() {
        let fixture = fixture();
        let oracle = Oracle::new(&fixture.vault, &fixture.dataset, &rules(), &fixture.pseudonyms);
        let mut rng = StdRng::seed_from_u64(2026);
        let options = QueryOptions { top: 25, facets: true, facet_values: usize::MAX, contacts: true };
        let mut non_empty = 0;
        let mut targeted = 0;
        // Fewer rounds in the browser: one test must not block the page for long.
        let rounds = if cfg!(target_arch = "wasm32") { 80 } else { 250 };
        for _ in 0..rounds {
            let query = random_query(fixture, &mut rng);
            let result = run(&fixture.dataset, &query, &options).expect("query runs");
            let (count, top) = oracle.run(&query, 25);
            assert_eq!(result.count, count, "{query:?}");
            let (contacts, exportable) = oracle.contact_counts(&query, &BTreeSet::new());
            assert_eq!((result.contacts, result.exportable), (contacts, exportable), "{query:?}");
            for key in [FUNCTION_FACET, LEVEL_FACET] {
                let expected = oracle.contact_facet(&query, key);
                for entry in &result.facets[key] {
                    assert_eq!(entry.count, expected.get(&entry.value).copied().unwrap_or(0), "{key} {} in {query:?}", entry.value);
                }
            }
            let got: Vec<(u32, u16)> = result.top.iter().map(|r| (r.id, (r.score * 100.0).round() as u16)).collect();
            assert_eq!(got, top, "{query:?}");
            non_empty += usize::from(count > 0);
            targeted += usize::from(query.contacts.is_active() && contacts > 0);
            for facet in Facet::ALL {
                let expected = oracle.facet_counts(&query, facet);
                for entry in &result.facets[facet.slug()] {
                    assert_eq!(entry.count, expected.get(&entry.value).copied().unwrap_or(0), "{facet} {} in {query:?}", entry.value);
                }
                let reported: u64 = result.facets[facet.slug()].iter().map(|e| e.count).sum();
                assert_eq!(reported, expected.values().sum::<u64>(), "{facet} totals in {query:?}");
            }
        }
        assert!(non_empty > rounds / 3, "too few queries matched anything ({non_empty})");
        assert!(targeted > rounds / 8, "too few lists targeted contacts ({targeted})");
    }
}

engine_test! {
    fn suppressed_contacts_neither_match_nor_count() {
        let fixture = fixture();
        let oracle = Oracle::new(&fixture.vault, &fixture.dataset, &rules(), &fixture.pseudonyms);
        let suppressed: BTreeSet<u64> = fixture.pseudonyms.iter().step_by(7).copied().collect();
        let set = SuppressionSet::new(Vec::new(), suppressed.iter().map(|&p| Pseudonym(p)).collect());
        let applied = fixture.dataset.apply_suppression(&set);
        let context = Context { lists: None, suppression: Some(&applied) };
        let mut rng = StdRng::seed_from_u64(7);
        let rounds = if cfg!(target_arch = "wasm32") { 30 } else { 120 };
        for _ in 0..rounds {
            let query = random_query(fixture, &mut rng);
            let resolved = ResolvedQuery::resolve(&fixture.dataset, &query, context).expect("resolves");
            let expected_rows = oracle
                .rows
                .iter()
                .filter(|row| oracle.matches_with(row, &query, &suppressed))
                .count() as u64;
            assert_eq!(resolved.rows().len(), expected_rows, "{query:?}");
            let (contacts, exportable) = oracle.contact_counts(&query, &suppressed);
            assert_eq!(resolved.contact_counts(), (contacts, exportable), "{query:?}");
            let matching = resolved.matching_contacts();
            assert_eq!(matching.len() as u64, contacts, "{query:?}");
            let pseudonyms = fixture.dataset.contact_pseudonyms();
            assert!(matching.iter().all(|&c| !suppressed.contains(&pseudonyms[c as usize])));
        }
    }
}

engine_test! {
    fn switching_segment_reorders_the_list() {
        let fixture = fixture();
        let segments = fixture.dataset.facet_values(Facet::Segment);
        let top = |segment: &str| {
            let query = ListQuery { segment: Some(segment.to_owned()), ..ListQuery::default() };
            run(&fixture.dataset, &query, &QueryOptions::default()).expect("runs").top
        };
        let first = top(segments[0].0);
        let second = top(segments[1].0);
        assert_eq!(first.len(), 10);
        assert_ne!(first, second);
        assert!(first.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

engine_test! {
    fn contacts_are_counted_only_when_asked() {
        let fixture = fixture();
        let query = ListQuery::default();
        let with = QueryOptions { contacts: true, ..QueryOptions::default() };
        let without = QueryOptions { contacts: false, ..with.clone() };
        let counted = run(&fixture.dataset, &query, &with).expect("runs");
        assert_eq!(counted.contacts, fixture.vault.contacts.len() as u64);
        let skipped = run(&fixture.dataset, &query, &without).expect("runs");
        assert_eq!(skipped.contacts, 0);
        assert_eq!(skipped.count, counted.count);
    }
}

engine_test! {
    fn tuned_weights_reorder_by_the_explained_score() {
        use clearlist_engine::intent::Weights;
        use clearlist_engine::query::{Context, ResolvedQuery};
        let dataset = &fixture().dataset;
        let segment = dataset.facet_values(Facet::Segment)[0].0.to_owned();
        let query = ListQuery { segment: Some(segment), ..ListQuery::default() };
        let resolved = ResolvedQuery::resolve(dataset, &query, Context::default()).expect("resolves");
        assert_eq!(resolved.ordered_rows_with(&Weights::default()), resolved.ordered_rows());
        let tuned = Weights { late_stage: 20.0, readers: 0.0, ..Weights::default() };
        let rows = resolved.ordered_rows_with(&tuned);
        assert_eq!(rows.len(), resolved.ordered_rows().len());
        let keys: Vec<(std::cmp::Reverse<u16>, u32)> = rows
            .iter()
            .map(|&row| (std::cmp::Reverse(resolved.weighted_centi(row, &tuned)), row))
            .collect();
        assert!(keys.windows(2).all(|pair| pair[0] < pair[1]), "sorted by tuned score, then row");
        assert_ne!(rows, resolved.ordered_rows(), "the tuning changes the order");
    }
}

engine_test! {
    fn the_first_rows_are_the_head_of_the_full_order() {
        use clearlist_engine::intent::Weights;
        use clearlist_engine::query::{Context, ResolvedQuery};
        let dataset = &fixture().dataset;
        let segment = dataset.facet_values(Facet::Segment)[0].0.to_owned();
        let industry = dataset.facet_values(Facet::Industry)[0].0.to_owned();
        let tuned = Weights { late_stage: 20.0, readers: 0.0, ..Weights::default() };
        let lists = [
            ListQuery::default(),
            ListQuery { segment: Some(segment), ..ListQuery::default() },
            clearlist_engine::list_url::decode(&format!("v=1&industry=any:{industry}")).expect("valid"),
            ListQuery { sort: Sort::Name, ..ListQuery::default() },
            ListQuery { sort: Sort::Size, ..ListQuery::default() },
        ];
        for query in &lists {
            let resolved = ResolvedQuery::resolve(dataset, query, Context::default()).expect("resolves");
            for weights in [Weights::default(), tuned] {
                let all = resolved.ordered_rows_with(&weights);
                for k in [0, 1, 7, 50, all.len(), all.len() + 5] {
                    let (count, first) = resolved.first_rows_with(&weights, k);
                    assert_eq!(count, all.len() as u64);
                    assert_eq!(first, all[..k.min(all.len())], "{query:?} k={k}");
                }
            }
        }
    }
}
