//! Contact clauses at query time: a [`ContactQuery`] bound to a dataset as lookup tables
//! over its contact columns, and the scans that turn an account's contacts into "does it
//! qualify" (at least `team` matching contacts), the matching and exportable counts, and
//! the function and seniority facet counts.
//!
//! Contacts are stored grouped by account row, so a scan visits the contacts of the rows
//! it is given in one forward pass over a few byte columns. Suppressed contacts (a
//! suppression file, an organisation's lists) never match: they are walked in step as a
//! sorted list.

use roaring::RoaringBitmap;

use crate::contact_query::ContactQuery;
use crate::dataset::{Dataset, FLAG_EXPORTABLE};
use crate::taxonomy::{Function, Seniority};

/// A contact query bound to a dataset.
#[derive(Clone, Debug)]
pub(crate) struct ResolvedContacts {
    /// By function index.
    function_ok: [bool; 16],
    /// By seniority index.
    level_ok: [bool; 8],
    /// By contact country index (0: unknown).
    country_ok: Vec<bool>,
    /// Only exportable contacts count.
    exportable: bool,
    /// Matching contacts an account needs (0: no condition).
    pub(crate) min_team: u32,
    /// The min team if the `fn` (`level`) clause were absent and a value of it chosen: a
    /// contact facet counts "what choosing this value would give".
    facet_team: u32,
}

/// What a scan found at one row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RowTally {
    /// Contacts matching every clause.
    pub(crate) matching: u32,
    /// Of those, exportable ones.
    pub(crate) exportable: u32,
}

/// Per function and per seniority index: matching contacts with that value at accounts
/// where choosing it would qualify, each counted without its own clause.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ContactFacetTally {
    pub(crate) functions: [u64; 16],
    pub(crate) seniorities: [u64; 8],
}

impl ResolvedContacts {
    /// Binds `query` to `dataset`'s contact columns.
    pub(crate) fn new(dataset: &Dataset, query: &ContactQuery) -> Self {
        let mut function_ok = [false; 16];
        for function in Function::ALL {
            function_ok[usize::from(function.index())] = query.function_ok(*function);
        }
        let mut level_ok = [false; 8];
        for seniority in Seniority::ALL {
            level_ok[usize::from(seniority.index())] = query.level_ok(*seniority);
        }
        let country_ok = std::iter::once(query.country_ok(None))
            .chain(
                (0..dataset.countries.len())
                    .map(|index| query.country_ok(Some(dataset.countries.slug(index)))),
            )
            .collect();
        // Choosing a value of `fn` or `level` makes a contact clause present.
        let facet_team = query.team.unwrap_or(1);
        ResolvedContacts {
            function_ok,
            level_ok,
            country_ok,
            exportable: query.exportable,
            min_team: query.min_team(),
            facet_team,
        }
    }

    /// Whether contact `c` matches every clause, and whether it is exportable.
    fn passes(&self, dataset: &Dataset, c: usize) -> (bool, bool) {
        let contacts = &dataset.contacts;
        let exportable = contacts.flags[c] & FLAG_EXPORTABLE != 0;
        let matching = self.function_ok[usize::from(contacts.function[c])]
            && self.level_ok[usize::from(contacts.seniority[c])]
            && self.country_ok[usize::from(contacts.country[c])]
            && (exportable || !self.exportable);
        (matching, exportable)
    }

    /// Visits each row of `rows` (ascending) with what its contacts give, leaving out the
    /// contacts in `suppressed` (ascending contact indexes).
    pub(crate) fn scan(
        &self,
        dataset: &Dataset,
        rows: &RoaringBitmap,
        suppressed: &[u32],
        mut visit: impl FnMut(u32, RowTally),
    ) {
        let mut walk = Walk::new(suppressed);
        for row in rows {
            let mut tally = RowTally::default();
            for contact in walk.contacts(dataset, row) {
                let (matching, exportable) = self.passes(dataset, contact as usize);
                tally.matching += u32::from(matching);
                tally.exportable += u32::from(matching && exportable);
            }
            visit(row, tally);
        }
    }

    /// The contacts of `rows` that match every clause, ascending, suppressed ones left out.
    pub(crate) fn matching(
        &self,
        dataset: &Dataset,
        rows: &RoaringBitmap,
        suppressed: &[u32],
    ) -> Vec<u32> {
        let mut walk = Walk::new(suppressed);
        let mut found = Vec::new();
        for row in rows {
            found.extend(
                walk.contacts(dataset, row)
                    .filter(|&contact| self.passes(dataset, contact as usize).0),
            );
        }
        found
    }

    /// The function and seniority facet counts over `rows` (see [`ContactFacetTally`]).
    pub(crate) fn facet_scan(
        &self,
        dataset: &Dataset,
        rows: &RoaringBitmap,
        suppressed: &[u32],
    ) -> ContactFacetTally {
        let contacts = &dataset.contacts;
        let mut total = ContactFacetTally::default();
        let mut walk = Walk::new(suppressed);
        for row in rows {
            let mut functions = [0u32; 16];
            let mut seniorities = [0u32; 8];
            for contact in walk.contacts(dataset, row) {
                let c = contact as usize;
                let exportable = contacts.flags[c] & FLAG_EXPORTABLE != 0;
                if !self.country_ok[usize::from(contacts.country[c])]
                    || (self.exportable && !exportable)
                {
                    continue;
                }
                let function = usize::from(contacts.function[c]);
                let seniority = usize::from(contacts.seniority[c]);
                if self.level_ok[seniority] {
                    functions[function] += 1;
                }
                if self.function_ok[function] {
                    seniorities[seniority] += 1;
                }
            }
            for (sum, count) in total.functions.iter_mut().zip(functions) {
                if count >= self.facet_team {
                    *sum += u64::from(count);
                }
            }
            for (sum, count) in total.seniorities.iter_mut().zip(seniorities) {
                if count >= self.facet_team {
                    *sum += u64::from(count);
                }
            }
        }
        total
    }
}

/// The contacts of ascending rows with the suppressed ones (ascending) skipped: one
/// forward pass over both lists.
struct Walk<'s> {
    suppressed: &'s [u32],
    cursor: usize,
}

impl<'s> Walk<'s> {
    fn new(suppressed: &'s [u32]) -> Self {
        Walk {
            suppressed,
            cursor: 0,
        }
    }

    /// The unsuppressed contacts of `row`; rows must come in ascending order.
    fn contacts(&mut self, dataset: &Dataset, row: u32) -> impl Iterator<Item = u32> + '_ {
        let offsets = &dataset.contacts.offsets;
        let (start, end) = (offsets[row as usize], offsets[row as usize + 1]);
        self.cursor += self.suppressed[self.cursor..].partition_point(|&c| c < start);
        (start..end).filter(move |&contact| {
            if self.suppressed.get(self.cursor) == Some(&contact) {
                self.cursor += 1;
                false
            } else {
                true
            }
        })
    }
}
