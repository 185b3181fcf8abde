//! Type-ahead against a brute-force oracle: every name and domain folded and searched, the
//! tiers (exact name, name prefix, word prefix, inside a word) ranked by hand.

use std::cmp::Reverse;

use clearlist_engine::dataset::{Dataset, fold_name};
use clearlist_engine::taxonomy::{EmployeeBand, Facet};

use crate::fixture::fixture;

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The first label of a domain when it is not just the name's first words run together.
fn own_label<'a>(name: &str, domain: &'a str) -> Option<&'a str> {
    let label = domain.split('.').next()?;
    let words = words(name);
    let joined = (1..=words.len()).any(|n| words[..n].concat() == label);
    (!joined && !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some(label)
}

/// Where `query` occurs in `text`: 2 at a word start, 3 elsewhere.
fn tier_in(text: &str, query: &str) -> Option<u8> {
    let word_like = query.starts_with(|c: char| c.is_ascii_alphanumeric());
    text.match_indices(query)
        .map(|(at, _)| {
            let start = word_like
                && text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphanumeric());
            if start { 2 } else { 3 }
        })
        .min()
}

/// What `suggest` should answer, by scanning every row with the documented rules.
fn oracle(dataset: &Dataset, query: &str, limit: usize) -> Vec<u32> {
    let folded = fold_name(query.trim_start());
    let inside = folded.trim_end().len() >= 3;
    let terms = words(&folded);
    let single = terms.len() == 1 && terms[0] == folded;
    let longest = terms.iter().copied().max_by_key(|t| t.len()).unwrap_or("");
    let mut rows: Vec<u32> = (0..u32::try_from(dataset.len()).unwrap()).collect();
    rows.sort_by_key(|&row| (fold_name(dataset.name(row)), row));
    let mut keys = Vec::new();
    for (rank, &row) in rows.iter().enumerate() {
        let name = fold_name(dataset.name(row));
        let domain = dataset.domain(row);
        let mut own: Vec<&str> = words(&name);
        own.extend(own_label(&name, domain));
        let domain_start = domain.starts_with(&folded);
        let tier = if name == folded.trim_end() {
            Some(0)
        } else if name.starts_with(&folded) {
            Some(1)
        } else if terms.is_empty() {
            None
        } else if single {
            if domain_start || own.iter().any(|w| w.starts_with(longest)) {
                Some(2)
            } else if inside && own.iter().any(|w| w.contains(longest)) {
                Some(3)
            } else {
                None
            }
        } else {
            // Several words: at a word start through the first word whole (or the domain's
            // start); inside through the words holding the longest of 3+ characters.
            let text = format!("{name}\u{1f}{domain}");
            let first_whole = folded.starts_with(|c: char| c.is_ascii_alphanumeric())
                && own.iter().any(|w| *w == terms[0]);
            let holds_longest = longest.len() >= 3 && own.iter().any(|w| w.contains(longest));
            match tier_in(&text, &folded) {
                Some(2) if first_whole || domain_start => Some(2),
                Some(3) if inside && holds_longest => Some(3),
                _ => None,
            }
        };
        let band = dataset.facet_slugs(row, Facet::Employees, None)[0];
        let band = EmployeeBand::from_slug(band).unwrap().index();
        if let Some(tier) = tier {
            keys.push((tier, Reverse(band), rank, dataset.id_of(row)));
        }
    }
    keys.sort_unstable();
    keys.into_iter().take(limit).map(|key| key.3).collect()
}

fn ids(dataset: &Dataset, query: &str, limit: usize) -> Vec<u32> {
    dataset.suggest(query, limit).iter().map(|s| s.id).collect()
}

engine_test! {
    fn suggestions_match_name_and_domain_words_and_substrings_in_tier_order() {
        let dataset = &fixture().dataset;
        let mut queries = vec!["a", "co", "tec", "com", "ing", "zzz", "s c", ".com", "tar ", "gmbh & co"];
        let names: Vec<String> = (0..40u32).map(|row| fold_name(dataset.name(row * 37))).collect();
        for name in &names {
            let len = name.len();
            queries.push(&name[..len.min(2)]);
            queries.push(&name[len / 3..(len / 3 + 4).min(len)]);
            queries.push(&name[len.saturating_sub(5)..]);
            queries.push(name);
        }
        for query in queries {
            for limit in [1, 8, 50] {
                assert_eq!(ids(dataset, query, limit), oracle(dataset, query, limit), "{query:?} limit {limit}");
            }
        }
    }
}

engine_test! {
    fn a_word_inside_a_name_finds_the_company() {
        let dataset = &fixture().dataset;
        let row = (0..u32::try_from(dataset.len()).unwrap())
            .find(|&row| fold_name(dataset.name(row)).len() >= 8)
            .unwrap();
        let name = fold_name(dataset.name(row));
        let inside = &name[3..8];
        let found = dataset.suggest(inside, 200);
        assert!(found.iter().any(|s| s.id == dataset.id_of(row)), "{inside:?} in {name:?}");
        let upper = inside.to_uppercase();
        assert_eq!(ids(dataset, &upper, 200), ids(dataset, inside, 200), "case folds");
        assert!(dataset.suggest("qqqqzzzz", 8).is_empty());
        assert!(dataset.suggest("  ", 8).is_empty());
    }
}
