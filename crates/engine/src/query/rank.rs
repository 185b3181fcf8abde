//! Ordering matches: by intent in the ranking segment, by name, or by size, ties by
//! ascending account id (rows are in id order, so ties break by row).
//!
//! Large result sets walk a precomputed order and keep the rows that match; small ones
//! are sorted directly, which is cheaper than walking an order of a million rows.

use roaring::RoaringBitmap;

use super::ResolvedQuery;
use crate::list_query::Sort;
use crate::taxonomy::EmployeeBand;

/// Below `order length / SMALL_RESULT_RATIO` matches, sort the matches instead of walking
/// the precomputed order.
const SMALL_RESULT_RATIO: u64 = 32;

impl ResolvedQuery<'_> {
    /// The score of a row in the ranking segment.
    pub(crate) fn score(&self, row: u32) -> f64 {
        self.centi_score(row)
            .map_or(0.0, |centi| f64::from(centi) / 100.0)
    }

    fn centi_score(&self, row: u32) -> Option<u16> {
        self.dataset
            .ranking_intent(row, self.segment)
            .map(|intent| intent.centi_score)
    }

    /// The first `k` rows of `rows` in the query's order.
    pub(crate) fn top_rows(&self, rows: &RoaringBitmap, k: usize) -> Vec<u32> {
        if k == 0 || rows.is_empty() {
            return Vec::new();
        }
        let n = self.dataset.len() as u64;
        let small = rows.len().saturating_mul(SMALL_RESULT_RATIO) < n;
        match self.sort {
            Sort::Intent if small => {
                let mut keyed: Vec<(std::cmp::Reverse<u16>, u32)> = rows
                    .iter()
                    .map(|row| (std::cmp::Reverse(self.centi_score(row).unwrap_or(0)), row))
                    .collect();
                select_first(&mut keyed, k)
            }
            Sort::Intent => {
                let segment = self.dataset.index.segment_index(self.segment);
                let mut top: Vec<u32> = segment
                    .order
                    .iter()
                    .copied()
                    .filter(|&row| rows.contains(row))
                    .take(k)
                    .collect();
                if top.len() < k {
                    // The rest score zero: ascending row order.
                    let rest = rows - &segment.with_intent;
                    top.extend(rest.iter().take(k - top.len()));
                }
                top
            }
            Sort::Name if small => {
                let rank = &self.dataset.index.name_rank;
                let mut keyed: Vec<(u32, u32)> =
                    rows.iter().map(|row| (rank[row as usize], row)).collect();
                select_first(&mut keyed, k)
            }
            Sort::Name => self
                .dataset
                .name_order
                .iter()
                .copied()
                .filter(|&row| rows.contains(row))
                .take(k)
                .collect(),
            Sort::Size => {
                let mut top = Vec::with_capacity(k.min(1024));
                for band in EmployeeBand::ALL.iter().rev() {
                    let band_rows = &self.dataset.index.employees[usize::from(band.index())];
                    let needed = k - top.len();
                    if band_rows.len() < rows.len() {
                        top.extend(
                            band_rows
                                .iter()
                                .filter(|&row| rows.contains(row))
                                .take(needed),
                        );
                    } else {
                        top.extend(
                            rows.iter()
                                .filter(|&row| band_rows.contains(row))
                                .take(needed),
                        );
                    }
                    if top.len() == k {
                        break;
                    }
                }
                top
            }
        }
    }
}

/// The rows of the `k` smallest keys, in key order.
pub(super) fn select_first<K: Ord + Copy>(keyed: &mut Vec<(K, u32)>, k: usize) -> Vec<u32> {
    if keyed.len() > k {
        keyed.select_nth_unstable(k - 1);
        keyed.truncate(k);
    }
    keyed.sort_unstable();
    keyed.iter().map(|&(_, row)| row).collect()
}
