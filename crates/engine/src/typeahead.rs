//! Type-ahead company search over folded company names and domains (case- and
//! accent-insensitive), best suggestions first.
//!
//! Names are stored in folded order (`NORD` section), so names starting with the query are
//! a contiguous range found by two binary searches. When those are fewer than asked for,
//! the word index ([`index`]) adds names with a word starting with the query (and domains
//! starting with it), then names with a word containing it (three characters or more).
//! Suggestions rank by that tier, then larger company (employee band), then name order.

mod index;

use roaring::RoaringBitmap;

use crate::dataset::{Dataset, fold_name};
use crate::taxonomy::EmployeeBand;

pub(crate) use index::SearchIndex;

/// A type-ahead suggestion.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    /// Account id.
    pub id: u32,
    /// Company name as displayed.
    pub name: String,
    /// Web domain.
    pub domain: String,
}

impl Dataset {
    /// The range of `name_order` whose folded names start with `folded_prefix`.
    fn name_prefix_range(&self, folded_prefix: &str) -> std::ops::Range<usize> {
        let key = |row: &u32| fold_name(self.name(*row));
        let start = self
            .name_order
            .partition_point(|row| key(row).as_str() < folded_prefix);
        let len =
            self.name_order[start..].partition_point(|row| key(row).starts_with(folded_prefix));
        start..start + len
    }

    /// Rows whose folded name starts with `folded_prefix`.
    pub(crate) fn name_prefix_rows(&self, folded_prefix: &str) -> RoaringBitmap {
        let mut rows = self.name_order[self.name_prefix_range(folded_prefix)].to_vec();
        rows.sort_unstable();
        RoaringBitmap::from_sorted_iter(rows).unwrap_or_default()
    }

    /// The search index, built on first use (or by [`Dataset::prepare_search`]).
    fn search_index(&self) -> &SearchIndex {
        self.words.get_or_init(|| SearchIndex::build(self))
    }

    /// Builds the index behind [`Dataset::suggest`] now rather than on the first keystroke
    /// (an app calls it once the first list is on screen).
    pub fn prepare_search(&self) {
        self.search_index();
    }

    /// Up to `limit` companies matching `query`, best first: the exact name, names starting
    /// with it, names with a word starting with it or domains starting with it, then (three
    /// characters or more) names with a word containing it; within each, larger companies
    /// first, then name order. (A domain's first label counts as a word when it is not just
    /// the name's words run together.)
    #[must_use]
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Suggestion> {
        let folded = fold_name(query.trim_start());
        if folded.trim_end().is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut rows = self.name_matches(&folded, limit);
        if rows.len() < limit {
            let inside = folded.trim_end().len() >= MIN_SUBSTRING;
            let more =
                self.search_index()
                    .matches(self, &folded, limit - rows.len(), inside, &rows);
            rows.extend(more);
        }
        rows.into_iter()
            .map(|row| Suggestion {
                id: self.id_of(row),
                name: self.name(row).to_owned(),
                domain: self.domain(row).to_owned(),
            })
            .collect()
    }

    /// Up to `limit` rows whose folded name starts with `folded`: the exact name first,
    /// then larger companies, then name order.
    fn name_matches(&self, folded: &str, limit: usize) -> Vec<u32> {
        let range = self.name_prefix_range(folded);
        // Names equal to the query sort first in the range: only those are compared whole.
        let exact_name = folded.trim_end();
        let start = range.start;
        let exact = range
            .clone()
            .take_while(|&rank| fold_name(self.name(self.name_order[rank])) == exact_name)
            .count();
        // One pass, keeping the first `limit` ranks of each employee band: ranks ascend.
        let mut bands: Vec<Vec<usize>> = vec![Vec::new(); EmployeeBand::ALL.len()];
        for rank in start + exact..range.end {
            let band = &mut bands[usize::from(self.employees[self.name_order[rank] as usize])];
            if band.len() < limit {
                band.push(rank);
            }
        }
        (start..start + exact)
            .chain(bands.into_iter().rev().flatten())
            .take(limit)
            .map(|rank| self.name_order[rank])
            .collect()
    }
}

/// Queries shorter than this match only at the start of a name or word.
const MIN_SUBSTRING: usize = 3;
