//! Type-ahead company search: prefix matching over folded company names (case- and
//! accent-insensitive), best suggestions first.
//!
//! Names are stored in folded order (`NORD` section), so a prefix is a contiguous range
//! found by two binary searches. Within the range, suggestions rank by: exact name match,
//! then larger company (employee band), then name order.

use std::cmp::Reverse;

use roaring::RoaringBitmap;

use crate::dataset::{Dataset, fold_name};

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

    /// Up to `limit` companies whose name starts with `prefix`, best first.
    #[must_use]
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let folded = fold_name(prefix.trim_start());
        if folded.is_empty() || limit == 0 {
            return Vec::new();
        }
        let range = self.name_prefix_range(&folded);
        let ranks = range.clone();
        let mut keyed: Vec<(bool, Reverse<u8>, usize)> = self.name_order[range]
            .iter()
            .zip(ranks)
            .map(|(&row, rank)| {
                let exact = self.name(row).len() == prefix.trim().len()
                    && fold_name(self.name(row)) == folded.trim_end();
                (!exact, Reverse(self.employees[row as usize]), rank)
            })
            .collect();
        if keyed.len() > limit {
            keyed.select_nth_unstable(limit - 1);
            keyed.truncate(limit);
        }
        keyed.sort_unstable();
        keyed
            .into_iter()
            .map(|(_, _, rank)| {
                let row = self.name_order[rank];
                Suggestion {
                    id: self.id_of(row),
                    name: self.name(row).to_owned(),
                    domain: self.domain(row).to_owned(),
                }
            })
            .collect()
    }
}
