//! Lenient binding (`ResolvedQuery::resolve_lenient`, what the browser does with every list
//! URL): parts the dataset does not know are left out and named, and what is left is the
//! list as if those parts had never been written.

use clearlist_engine::query::{Context, QueryError, ResolvedQuery, SavedLists};
use clearlist_engine::{Clause, Facet, ListClause, ListQuery, Mode};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::fixture::fixture;
use crate::queries::random_query;

/// `query` with unknown parts written into it, and the errors those parts must yield.
fn with_unknown_parts(query: &ListQuery, rng: &mut StdRng) -> (ListQuery, Vec<QueryError>) {
    let mut spoiled = query.clone();
    let mut expected = Vec::new();
    if spoiled.segment.is_none() && rng.gen_bool(0.5) {
        spoiled.segment = Some("no-such-segment".to_owned());
        expected.push(QueryError::UnknownSegment("no-such-segment".to_owned()));
    }
    for n in 0..rng.gen_range(0..=2) {
        let facet = [Facet::Industry, Facet::Country, Facet::Tech][rng.gen_range(0..3)];
        let value = format!("no-such-value-{n}");
        spoiled.facets.entry(facet).or_default().push(Clause {
            mode: Mode::Any,
            values: vec![value.clone()],
        });
        expected.push(QueryError::UnknownValue { facet, value });
    }
    if rng.gen_bool(0.3) {
        spoiled.lists.push(ListClause {
            include: rng.gen_bool(0.5),
            ids: vec![999_999],
        });
        expected.push(QueryError::UnknownList(999_999));
    }
    (spoiled.canonical(), expected)
}

engine_test! {
    fn unknown_parts_are_left_out_and_named() {
        let fixture = fixture();
        let dataset = &fixture.dataset;
        let lists = SavedLists::default();
        let context = Context { lists: Some(&lists), suppression: None };
        let mut rng = StdRng::seed_from_u64(31);
        let mut spoiled_queries = 0;
        for _ in 0..120 {
            let query = random_query(fixture, &mut rng).canonical();
            let (spoiled, mut expected) = with_unknown_parts(&query, &mut rng);
            spoiled_queries += usize::from(!expected.is_empty());
            let lenient = ResolvedQuery::resolve_lenient(dataset, &spoiled, context);
            assert_eq!(lenient.query, query, "from {spoiled:?}");
            let mut left_out = lenient.left_out.clone();
            left_out.sort_by_key(ToString::to_string);
            expected.sort_by_key(ToString::to_string);
            assert_eq!(left_out, expected, "from {spoiled:?}");
            let strict = ResolvedQuery::resolve(dataset, &query, context).expect("the list binds");
            assert_eq!(lenient.resolved.ordered_rows(), strict.ordered_rows(), "{query:?}");
        }
        assert!(spoiled_queries > 60, "{spoiled_queries} of 120 lists had unknown parts");
    }
}

engine_test! {
    fn all_on_a_single_valued_facet_keeps_the_other_clauses() {
        let fixture = fixture();
        let dataset = &fixture.dataset;
        let countries: Vec<String> = dataset
            .facet_values(Facet::Country)
            .iter()
            .take(2)
            .map(|(slug, _)| (*slug).to_owned())
            .collect();
        let mut query = ListQuery::default();
        query.facets.insert(
            Facet::Country,
            vec![
                Clause { mode: Mode::All, values: countries.clone() },
                Clause { mode: Mode::Not, values: countries[..1].to_vec() },
            ],
        );
        // Not canonical: canonical form spells `all` on a single-valued facet as one-value clauses.
        let lenient = ResolvedQuery::resolve_lenient(dataset, &query, Context::default());
        assert_eq!(lenient.left_out, vec![QueryError::AllOnSingleValued(Facet::Country)]);
        assert_eq!(lenient.left_out[0].parameter(), "country");
        assert_eq!(
            lenient.query.facets[&Facet::Country],
            vec![Clause { mode: Mode::Not, values: countries[..1].to_vec() }]
        );
    }
}
