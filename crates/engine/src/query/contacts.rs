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

    /// Visits each row of `rows` (ascending) with what its contacts give, leaving out the
    /// contacts in `suppressed` (ascending contact indexes).
    pub(crate) fn scan(
        &self,
        dataset: &Dataset,
        rows: &RoaringBitmap,
        suppressed: &[u32],
        mut visit: impl FnMut(u32, RowTally),
    ) {
        let contacts = &dataset.contacts;
        let mut next_suppressed = 0;
        for row in rows {
            let (start, end) = (
                contacts.offsets[row as usize],
                contacts.offsets[row as usize + 1],
            );
            next_suppressed += suppressed[next_suppressed..].partition_point(|&c| c < start);
            let mut tally = RowTally::default();
            for contact in start..end {
                if suppressed.get(next_suppressed) == Some(&contact) {
                    next_suppressed += 1;
                    continue;
                }
                let c = contact as usize;
                let exportable = contacts.flags[c] & FLAG_EXPORTABLE != 0;
                if self.function_ok[usize::from(contacts.function[c])]
                    && self.level_ok[usize::from(contacts.seniority[c])]
                    && self.country_ok[usize::from(contacts.country[c])]
                    && (exportable || !self.exportable)
                {
                    tally.matching += 1;
                    tally.exportable += u32::from(exportable);
                }
            }
            visit(row, tally);
        }
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
        let mut next_suppressed = 0;
        for row in rows {
            let (start, end) = (
                contacts.offsets[row as usize],
                contacts.offsets[row as usize + 1],
            );
            next_suppressed += suppressed[next_suppressed..].partition_point(|&c| c < start);
            let mut functions = [0u32; 16];
            let mut seniorities = [0u32; 8];
            for contact in start..end {
                if suppressed.get(next_suppressed) == Some(&contact) {
                    next_suppressed += 1;
                    continue;
                }
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
