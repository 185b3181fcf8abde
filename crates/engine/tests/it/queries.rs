//! The indexed engine agrees with the oracle on count, order, scores and facet counts,
//! for a few hundred random list definitions.

use clearlist_engine::query::{QueryOptions, run};
use clearlist_engine::{Clause, DateRange, Facet, ListQuery, Mode, Sort};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::fixture::{Fixture, fixture};
use crate::oracle::Oracle;

fn random_query(fixture: &Fixture, rng: &mut StdRng) -> ListQuery {
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
    query.sort = Sort::ALL[rng.gen_range(0..3)];
    query.canonical()
}

engine_test! {
    fn engine_agrees_with_the_oracle() {
        let fixture = fixture();
        let oracle = Oracle::new(&fixture.vault, &fixture.dataset);
        let mut rng = StdRng::seed_from_u64(2026);
        let options = QueryOptions { top: 25, facets: true, facet_values: usize::MAX, contacts: true };
        let mut non_empty = 0;
        // Fewer rounds in the browser: one test must not block the page for long.
        let rounds = if cfg!(target_arch = "wasm32") { 80 } else { 250 };
        for _ in 0..rounds {
            let query = random_query(fixture, &mut rng);
            let result = run(&fixture.dataset, &query, &options).expect("query runs");
            let (count, top) = oracle.run(&query, 25);
            assert_eq!(result.count, count, "{query:?}");
            let got: Vec<(u32, u16)> = result.top.iter().map(|r| (r.id, (r.score * 100.0).round() as u16)).collect();
            assert_eq!(got, top, "{query:?}");
            non_empty += usize::from(count > 0);
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
