//! The documented benchmark workload (BENCHMARKS.md), shared by the native criterion
//! benches and the WASM benchmark so both time exactly the same queries.
//!
//! Values are chosen from the dataset's own frequencies, so the workload means the same
//! thing at every size and seed:
//! - **Q1** (selective): the 3 most common industries (any) AND the 10 most common
//!   countries (any) AND the most common segment (segment contains) AND NOT the most
//!   common technology; ranked in that segment, top 100.
//! - **Q2** (about a quarter of rows): the countries from the 2nd most common on (any),
//!   as many as keep about 25 % of accounts together with NOT the most common
//!   technology; top 100.
//! - **Q3** (the full UI workload): Q2 plus counts for every facet, each computed with
//!   every filter except its own.
//! - **Q4**: a suppression list of 100,000 email pseudonyms (half of them in the
//!   dataset) and 1,000 domains matched against the whole dataset.
//! - **Q5**: one type-ahead keystroke: the 8 best names for a 3-letter prefix.
//! - **Q6** (buying team, the click): every account, contact clauses
//!   `fn=any:it,security&level=min:director&reach=exportable` — the matching accounts (at
//!   least one such contact), top 100, the targeted and exportable contact counts. No
//!   account filter, so every contact of the dataset is judged.
//! - **Q7**: Q6 with every facet count, the function and seniority contact facets among
//!   them.
//! - **Q9**: Q6's function and seniority facet counts alone (each value's contacts matching
//!   the other contact clauses): the part of Q7 a contact filter's panel shows.
//! - **Q8**: one type-ahead keystroke typing a part from inside a name
//!   ([`typeahead_keystrokes`]), the 8 best suggestions.

use crate::dataset::Dataset;
use crate::list_query::{Clause, ListQuery};
use crate::query::QueryOptions;
use crate::taxonomy::{Facet, Mode};

/// The list-level workloads: (name, query, options).
#[must_use]
pub fn queries(dataset: &Dataset) -> Vec<(&'static str, ListQuery, QueryOptions)> {
    let top = |facet: Facet, n: usize| -> Vec<String> {
        dataset
            .facet_values(facet)
            .iter()
            .take(n)
            .map(|(slug, _)| (*slug).to_owned())
            .collect()
    };
    let clause = |mode: Mode, values: Vec<String>| vec![Clause { mode, values }];
    let segment = top(Facet::Segment, 1);
    let tech = top(Facet::Tech, 1);

    let mut q1 = ListQuery {
        segment: segment.first().cloned(),
        ..ListQuery::default()
    };
    q1.facets
        .insert(Facet::Industry, clause(Mode::Any, top(Facet::Industry, 3)));
    q1.facets
        .insert(Facet::Country, clause(Mode::Any, top(Facet::Country, 10)));
    q1.facets.insert(Facet::Segment, clause(Mode::Any, segment));
    q1.facets
        .insert(Facet::Tech, clause(Mode::Not, tech.clone()));

    let mut q2 = ListQuery::default();
    q2.facets.insert(
        Facet::Country,
        clause(Mode::Any, quarter_countries(dataset)),
    );
    q2.facets.insert(Facet::Tech, clause(Mode::Not, tech));

    let ranked = QueryOptions {
        top: 100,
        facets: false,
        facet_values: 20,
        contacts: false,
    };
    let full = QueryOptions {
        top: 100,
        facets: true,
        facet_values: 20,
        contacts: true,
    };
    let team =
        crate::list_url::decode("v=1&fn=any:it,security&level=min:director&reach=exportable")
            .unwrap_or_default();
    let listed = QueryOptions {
        contacts: true,
        ..ranked.clone()
    };
    vec![
        ("Q1", q1.canonical(), ranked.clone()),
        ("Q2", q2.clone().canonical(), ranked),
        ("Q3", q2.canonical(), full.clone()),
        ("Q6", team.clone(), listed),
        ("Q7", team, full),
    ]
}

/// Countries from the second most common on, until together with NOT the most common
/// technology they keep about a quarter of the accounts.
fn quarter_countries(dataset: &Dataset) -> Vec<String> {
    let n = dataset.len() as f64;
    let without_tech = 1.0
        - dataset
            .index
            .tech
            .first()
            .map_or(0.0, |map| map.len() as f64 / n);
    let mut covered = 0.0;
    let mut chosen = Vec::new();
    for (index, (slug, _)) in dataset
        .facet_values(Facet::Country)
        .into_iter()
        .enumerate()
        .skip(1)
    {
        if covered * without_tech >= 0.25 * n {
            break;
        }
        covered += dataset.index.country[index].len() as f64;
        chosen.push(slug.to_owned());
    }
    chosen
}

/// Q4's suppression pseudonyms: `n / 2` taken from the dataset's contacts (every k-th),
/// the rest pseudo-random values that match nothing.
#[must_use]
pub fn suppression_pseudonyms(dataset: &Dataset, n: usize) -> Vec<u64> {
    let column = dataset.contact_pseudonyms();
    let step = (column.len() / (n / 2).max(1)).max(1);
    let mut pseudonyms: Vec<u64> = column.iter().step_by(step).take(n / 2).copied().collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    while pseudonyms.len() < n {
        state = splitmix64(state);
        pseudonyms.push(state);
    }
    pseudonyms
}

/// Q4's suppression domains: every k-th account's domain, `n` of them.
#[must_use]
pub fn suppression_domains(dataset: &Dataset, n: usize) -> Vec<String> {
    let step = (dataset.len() / n.max(1)).max(1);
    (0..dataset.len())
        .step_by(step)
        .take(n)
        .map(|row| dataset.domain(u32::try_from(row).unwrap_or(0)).to_owned())
        .collect()
}

/// Q5's prefixes: the first three letters of a spread of names.
#[must_use]
pub fn typeahead_prefixes(dataset: &Dataset, n: usize) -> Vec<String> {
    let step = (dataset.len() / n.max(1)).max(1);
    (0..dataset.len())
        .step_by(step)
        .take(n)
        .map(|row| {
            dataset
                .name(u32::try_from(row).unwrap_or(0))
                .chars()
                .take(3)
                .collect()
        })
        .collect()
}

/// Q8's keystrokes: typing a part from inside a spread of names, one more letter at a time
/// (for "Hawkforge": "f", "fo", "for", "forg", "forge").
#[must_use]
pub fn typeahead_keystrokes(dataset: &Dataset, n: usize) -> Vec<String> {
    let step = (dataset.len() / n.max(1)).max(1);
    (0..dataset.len())
        .step_by(step)
        .take(n)
        .flat_map(|row| {
            let name: Vec<char> = dataset
                .name(u32::try_from(row).unwrap_or(0))
                .chars()
                .collect();
            let start = name.len().min(4);
            (1..=5)
                .filter(|len| start + len <= name.len())
                .map(|len| name[start..start + len].iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Cheap stand-in pseudonyms for benchmark datasets (the real ones cost a PRF evaluation
/// each, measured separately): a 64-bit mix of the contact's position.
#[must_use]
pub fn fake_pseudonyms(n: usize) -> Vec<u64> {
    (0..n as u64).map(splitmix64).collect()
}

fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
