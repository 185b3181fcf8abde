//! Facet counts as faceted search shows them: each facet's values counted over the rows
//! that match every filter except that facet's own, so a user sees what selecting another
//! value would give. Facets without a filter of their own share one pass over the matches.
//! The contact facets (function, seniority) count people, in one pass over the contacts of
//! the accounts that match every account filter.

use std::collections::BTreeMap;

use roaring::RoaringBitmap;

use super::ResolvedQuery;
use crate::dataset::Dataset;
use crate::taxonomy::{Facet, Function, Seniority};

/// Rows per container of a roaring bitmap.
const CHUNK_ROWS: u64 = 1 << 16;

/// The cost of intersecting one value's container with the rows', in units of one row
/// visit (measured: see BENCHMARKS.md, Q3).
const CHUNK_COST: u64 = 64;

/// Where a row's values of a facet are read when counting row by row.
enum RowValues<'d> {
    /// A single-valued column facet.
    Column(Facet),
    /// A multi-valued facet's per-row value lists.
    List(&'d crate::dataset::Csr<u16>),
    /// The segments with intent.
    Segments,
}

/// The key of the contact function facet in facet counts (as in list URLs).
pub const FUNCTION_FACET: &str = "fn";
/// The key of the contact seniority facet in facet counts (as in list URLs).
pub const LEVEL_FACET: &str = "level";

/// The count of one facet value.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    /// Value slug.
    pub value: String,
    /// Matching accounts holding the value; for the contact facets ([`FUNCTION_FACET`],
    /// [`LEVEL_FACET`]), matching contacts.
    pub count: u64,
}

impl ResolvedQuery<'_> {
    pub(crate) fn facet_counts(
        &self,
        rows: &RoaringBitmap,
        limit: usize,
    ) -> BTreeMap<&'static str, Vec<FacetCount>> {
        let filtered: Vec<Facet> = Facet::ALL
            .into_iter()
            .filter(|facet| self.clauses.iter().any(|clause| clause.facet == *facet))
            .collect();
        let shared: Vec<Facet> = Facet::ALL
            .into_iter()
            .filter(|facet| !filtered.contains(facet))
            .collect();
        let mut counts = self.count(rows, &shared);
        for facet in filtered {
            let own = self.filter(Some(facet));
            counts.extend(self.count(&own, &[facet]));
        }
        let mut facets: BTreeMap<&'static str, Vec<FacetCount>> = counts
            .into_iter()
            .map(|(facet, values)| (facet.slug(), self.present(facet, &values, limit)))
            .collect();
        facets.extend(self.contact_facet_counts());
        facets
    }

    /// The contact facets `fn` and `level`: per value, the contacts with it that match the
    /// other contact clauses, at accounts matching every account filter where choosing the
    /// value would make the list (enough such contacts for `team`). Every value is listed,
    /// in vocabulary order. Part of [`ResolvedQuery::run`]'s facets; alone for timing them.
    #[must_use]
    pub fn contact_facet_counts(&self) -> [(&'static str, Vec<FacetCount>); 2] {
        let rows = self.account_filter(None);
        let tally =
            self.contact_clauses()
                .facet_scan(self.dataset, &rows, &self.suppressed_contacts);
        let functions = Function::ALL
            .iter()
            .map(|function| FacetCount {
                value: function.slug().to_owned(),
                count: tally.functions[usize::from(function.index())],
            })
            .collect();
        let seniorities = Seniority::ALL
            .iter()
            .map(|seniority| FacetCount {
                value: seniority.slug().to_owned(),
                count: tally.seniorities[usize::from(seniority.index())],
            })
            .collect();
        [(FUNCTION_FACET, functions), (LEVEL_FACET, seniorities)]
    }

    /// Counts per value index of each facet over `rows`, in one pass over the rows.
    fn count(&self, rows: &RoaringBitmap, facets: &[Facet]) -> Vec<(Facet, Vec<u64>)> {
        let dataset = self.dataset;
        let mut counts: Vec<(Facet, Vec<u64>)> = facets
            .iter()
            .map(|&facet| (facet, vec![0; self.bitmaps(facet).len()]))
            .collect();
        // Per-segment facets have few values and sparse bitmaps: intersect. Other facets
        // by whichever costs less: intersecting every value's bitmap with the rows (about
        // a word operation per 64 rows per value) or visiting every row's values.
        let chunks = (dataset.len() as u64).div_ceil(CHUNK_ROWS).max(1);
        let mut by_bitmap = vec![false; counts.len()];
        for (slot, (facet, values)) in counts.iter_mut().enumerate() {
            let maps = self.bitmaps(*facet);
            let postings: u64 = maps.iter().map(RoaringBitmap::len).sum();
            let per_row = rows.len() * postings / (dataset.len() as u64).max(1);
            let per_value = maps.len() as u64 * chunks * CHUNK_COST;
            if facet.is_per_segment() || per_value < per_row {
                for (count, map) in values.iter_mut().zip(self.bitmaps(*facet)) {
                    *count = map.intersection_len(rows);
                }
                by_bitmap[slot] = true;
            }
        }
        let sources: Vec<(usize, RowValues<'_>)> = counts
            .iter()
            .enumerate()
            .filter(|(slot, _)| !by_bitmap[*slot])
            .filter_map(|(slot, (facet, _))| {
                let source = match facet {
                    &facet if Dataset::is_column(facet) => RowValues::Column(facet),
                    Facet::Tech => RowValues::List(&dataset.techs),
                    Facet::Topic => RowValues::List(&dataset.account_topics),
                    Facet::Vendor => RowValues::List(&dataset.account_vendors),
                    Facet::Segment => RowValues::Segments,
                    // Per-segment facets were intersected above; column facets matched the
                    // guard.
                    Facet::Signal
                    | Facet::Gauge
                    | Facet::Industry
                    | Facet::Country
                    | Facet::Region
                    | Facet::Employees
                    | Facet::Revenue => return None,
                };
                Some((slot, source))
            })
            .collect();
        if !sources.is_empty() {
            for row in rows {
                let row = row as usize;
                for (slot, source) in &sources {
                    let counts = &mut counts[*slot].1;
                    match source {
                        RowValues::Column(facet) => {
                            if let Some(value) = dataset.column_value(*facet, row) {
                                counts[value] += 1;
                            }
                        }
                        RowValues::List(lists) => {
                            for &value in lists.row(row) {
                                counts[usize::from(value)] += 1;
                            }
                        }
                        RowValues::Segments => {
                            for entry in dataset.intent.row(row) {
                                counts[usize::from(entry.segment)] += 1;
                            }
                        }
                    }
                }
            }
        }
        counts
    }

    /// Closed vocabularies: every value in order. Open ones: the `limit` most frequent
    /// non-zero values, then any value the query selects.
    fn present(&self, facet: Facet, counts: &[u64], limit: usize) -> Vec<FacetCount> {
        let values = self.dataset.facet_values(facet);
        let entry = |index: usize| FacetCount {
            value: values[index].0.to_owned(),
            count: counts[index],
        };
        if self.dataset.dictionary(facet).is_none() {
            return (0..counts.len()).map(entry).collect();
        }
        let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
        let by_count = |a: &usize, b: &usize| {
            counts[*b]
                .cmp(&counts[*a])
                .then_with(|| values[*a].0.cmp(values[*b].0))
        };
        if order.len() > limit {
            order.select_nth_unstable_by(limit, by_count);
            order.truncate(limit);
        }
        order.sort_unstable_by(by_count);
        for clause in self.clauses.iter().filter(|clause| clause.facet == facet) {
            for &value in &clause.values {
                if !order.contains(&(value as usize)) {
                    order.push(value as usize);
                }
            }
        }
        order.into_iter().map(entry).collect()
    }
}
