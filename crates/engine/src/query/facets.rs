//! Facet counts as faceted search shows them: each facet's values counted over the rows
//! that match every filter except that facet's own, so a user sees what selecting another
//! value would give. Facets without a filter of their own share one pass over the matches.

use std::collections::BTreeMap;

use roaring::RoaringBitmap;

use super::ResolvedQuery;
use crate::dataset::Dataset;
use crate::taxonomy::Facet;

/// Adds one row's values of a facet to that facet's counts.
type Counter<'a> = Box<dyn Fn(usize, &mut [u64]) + 'a>;

/// The count of one facet value.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    /// Value slug.
    pub value: String,
    /// Matching accounts holding the value.
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
        counts
            .into_iter()
            .map(|(facet, values)| (facet.slug(), self.present(facet, &values, limit)))
            .collect()
    }

    /// Counts per value index of each facet over `rows`, in one pass over the rows.
    fn count(&self, rows: &RoaringBitmap, facets: &[Facet]) -> Vec<(Facet, Vec<u64>)> {
        let dataset = self.dataset;
        let mut counts: Vec<(Facet, Vec<u64>)> = facets
            .iter()
            .map(|&facet| (facet, vec![0; self.bitmaps(facet).len()]))
            .collect();
        // Per-segment facets have few values and sparse bitmaps: intersect.
        for (facet, values) in &mut counts {
            if facet.is_per_segment() {
                for (count, map) in values.iter_mut().zip(self.bitmaps(*facet)) {
                    *count = map.intersection_len(rows);
                }
            }
        }
        let columns: Vec<(usize, Counter<'_>)> = counts
            .iter()
            .enumerate()
            .filter_map(|(slot, (facet, _))| {
                let counter: Counter<'_> = match facet {
                    &facet if Dataset::is_column(facet) => Box::new(move |row, c: &mut [u64]| {
                        if let Some(value) = dataset.column_value(facet, row) {
                            c[value] += 1;
                        }
                    }),
                    Facet::Tech => Box::new(|row, c: &mut [u64]| {
                        dataset
                            .techs
                            .row(row)
                            .iter()
                            .for_each(|&v| c[usize::from(v)] += 1)
                    }),
                    Facet::Topic => Box::new(|row, c: &mut [u64]| {
                        dataset
                            .account_topics
                            .row(row)
                            .iter()
                            .for_each(|&v| c[usize::from(v)] += 1)
                    }),
                    Facet::Vendor => Box::new(|row, c: &mut [u64]| {
                        dataset
                            .account_vendors
                            .row(row)
                            .iter()
                            .for_each(|&v| c[usize::from(v)] += 1)
                    }),
                    Facet::Segment => Box::new(|row, c: &mut [u64]| {
                        dataset
                            .intent
                            .row(row)
                            .iter()
                            .for_each(|entry| c[usize::from(entry.segment)] += 1);
                    }),
                    Facet::Signal | Facet::Gauge => return None,
                    // Column facets are handled by the guard above.
                    Facet::Industry
                    | Facet::Country
                    | Facet::Region
                    | Facet::Employees
                    | Facet::Revenue => return None,
                };
                Some((slot, counter))
            })
            .collect();
        if !columns.is_empty() {
            for row in rows {
                for (slot, counter) in &columns {
                    counter(row as usize, &mut counts[*slot].1);
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
