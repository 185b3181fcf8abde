//! Contact clauses at query time: a [`ContactQuery`] bound to a dataset as lookup tables
//! over its contact columns and as bitsets of contacts, and the walks that turn an
//! account's contacts into "does it qualify" (at least `team` matching contacts), the
//! matching and exportable counts, and the function and seniority facet counts.
//!
//! Two ways to visit the candidates, whichever touches fewer contacts: every contact of
//! the candidate rows (contacts are stored grouped by row, so this is one forward pass
//! over a few byte columns), or only the contacts the function, seniority and exportable
//! bitsets select, grouped back into rows. Suppressed contacts (a suppression file, an
//! organisation's lists) never match: the first way walks them in step as a sorted list,
//! the second subtracts them from the selection.

use roaring::RoaringBitmap;

use crate::bitset::Bits;
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
    /// The min team if a value of `fn` (`level`) were chosen: a contact facet counts
    /// "what choosing this value would give".
    facet_team: u32,
    /// The contacts the function, seniority and exportable clauses admit (the country
    /// clause aside), suppressed ones removed; `None` without any of those clauses.
    selected: Option<Bits>,
    /// The same without the function clause, and without the seniority clause, for the
    /// contact facets; `None` when nothing else narrows them.
    without_function: Option<Bits>,
    without_level: Option<Bits>,
}

/// What a walk found at one row.
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
    /// Binds `query` to `dataset`, with the contacts in `suppressed` left out.
    pub(crate) fn new(dataset: &Dataset, query: &ContactQuery, suppressed: &[u32]) -> Self {
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
        // The bitsets are built on first use: a list without these clauses needs none.
        let narrowing = query.functions.is_some() || query.level.is_some() || query.exportable;
        let index = narrowing.then(|| dataset.contact_index());
        let admitted = |maps: &[Bits], ok: &[bool]| -> Bits {
            let mut union = Bits::new(dataset.contact_count());
            for (map, _) in maps.iter().zip(ok).filter(|(_, ok)| **ok) {
                union.union_with(map);
            }
            union
        };
        let by_function = index
            .filter(|_| query.functions.is_some())
            .map(|index| admitted(&index.function, &function_ok));
        let by_level = index
            .filter(|_| query.level.is_some())
            .map(|index| admitted(&index.seniority, &level_ok));
        let by_reach = index
            .filter(|_| query.exportable)
            .map(|index| &index.exportable);
        let combine = |maps: [Option<&Bits>; 3]| -> Option<Bits> {
            let mut present = maps.into_iter().flatten();
            let mut result = present.next()?.clone();
            present.for_each(|map| result.intersect_with(map));
            for &contact in suppressed {
                result.remove(contact);
            }
            Some(result)
        };
        let (by_function, by_level) = (by_function.as_ref(), by_level.as_ref());
        ResolvedContacts {
            function_ok,
            level_ok,
            country_ok,
            exportable: query.exportable,
            min_team: query.min_team(),
            facet_team: query.team.unwrap_or(1),
            selected: combine([by_function, by_level, by_reach]),
            without_function: combine([by_level, by_reach, None]),
            without_level: combine([by_function, by_reach, None]),
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

    /// Visits each row of `rows` that has a candidate contact (every row when the clauses
    /// select none up front) with what its contacts give.
    pub(crate) fn scan(
        &self,
        dataset: &Dataset,
        rows: &RoaringBitmap,
        suppressed: &[u32],
        mut visit: impl FnMut(u32, RowTally),
    ) {
        let mut tally = RowTally::default();
        walk(
            dataset,
            rows,
            self.selected.as_ref(),
            suppressed,
            |step| match step {
                Step::Contact(contact) => {
                    let (matching, exportable) = self.passes(dataset, contact as usize);
                    tally.matching += u32::from(matching);
                    tally.exportable += u32::from(matching && exportable);
                }
                Step::RowEnd(row) => visit(row, std::mem::take(&mut tally)),
            },
        );
    }

    /// The contacts of `rows` that match every clause, ascending, suppressed ones left out.
    pub(crate) fn matching(
        &self,
        dataset: &Dataset,
        rows: &RoaringBitmap,
        suppressed: &[u32],
    ) -> Vec<u32> {
        let mut found = Vec::new();
        walk(dataset, rows, self.selected.as_ref(), suppressed, |step| {
            if let Step::Contact(contact) = step
                && self.passes(dataset, contact as usize).0
            {
                found.push(contact);
            }
        });
        found
    }

    /// The function and seniority facet counts over `rows` (see [`ContactFacetTally`]).
    pub(crate) fn facet_scan(
        &self,
        dataset: &Dataset,
        rows: &RoaringBitmap,
        suppressed: &[u32],
    ) -> ContactFacetTally {
        let country_clause = self.country_ok.iter().any(|ok| !ok);
        let all_rows = rows.len() == dataset.len() as u64;
        if all_rows && self.facet_team == 1 && !country_clause {
            return self.facet_cardinalities(dataset, suppressed);
        }
        let candidates = match (&self.without_function, &self.without_level) {
            (Some(a), Some(b)) => {
                let mut either = a.clone();
                either.union_with(b);
                Some(either)
            }
            _ => None,
        };
        let contacts = &dataset.contacts;
        let mut total = ContactFacetTally::default();
        let mut functions = [0u32; 16];
        let mut seniorities = [0u32; 8];
        walk(
            dataset,
            rows,
            candidates.as_ref(),
            suppressed,
            |step| match step {
                Step::Contact(contact) => {
                    let c = contact as usize;
                    let exportable = contacts.flags[c] & FLAG_EXPORTABLE != 0;
                    if !self.country_ok[usize::from(contacts.country[c])]
                        || (self.exportable && !exportable)
                    {
                        return;
                    }
                    let function = usize::from(contacts.function[c]);
                    let seniority = usize::from(contacts.seniority[c]);
                    functions[function] += u32::from(self.level_ok[seniority]);
                    seniorities[seniority] += u32::from(self.function_ok[function]);
                }
                Step::RowEnd(_) => {
                    fold(&mut total.functions, &mut functions, self.facet_team);
                    fold(&mut total.seniorities, &mut seniorities, self.facet_team);
                }
            },
        );
        total
    }

    /// The facet counts when every row counts and one contact makes an account: sizes of
    /// bitset intersections, no contact visited.
    fn facet_cardinalities(&self, dataset: &Dataset, suppressed: &[u32]) -> ContactFacetTally {
        let index = dataset.contact_index();
        let count = |base: &Option<Bits>, map: &Bits| match base {
            Some(base) => base.intersection_len(map),
            None => map.len() - suppressed.iter().filter(|&&c| map.contains(c)).count() as u64,
        };
        let mut total = ContactFacetTally::default();
        for (sum, map) in total.functions.iter_mut().zip(&index.function) {
            *sum = count(&self.without_function, map);
        }
        for (sum, map) in total.seniorities.iter_mut().zip(&index.seniority) {
            *sum = count(&self.without_level, map);
        }
        total
    }
}

/// Adds each value's row count to the total when it meets `team`, and clears the row's.
fn fold<const N: usize>(total: &mut [u64; N], row: &mut [u32; N], team: u32) {
    for (sum, count) in total.iter_mut().zip(row.iter_mut()) {
        if *count >= team {
            *sum += u64::from(*count);
        }
        *count = 0;
    }
}

/// One step of a walk over candidate contacts.
#[derive(Clone, Copy)]
enum Step {
    /// A candidate contact (not suppressed) of the current row.
    Contact(u32),
    /// The current row is done.
    RowEnd(u32),
}

/// Walks the contacts of `rows` (ascending) row by row: every unsuppressed contact when
/// `selected` is `None`; otherwise only those of `selected` (from which suppressed ones
/// are already removed), and only the rows holding one. Picks the cheaper way: visiting
/// every contact of the rows, or the selection grouped back into rows.
fn walk(
    dataset: &Dataset,
    rows: &RoaringBitmap,
    selected: Option<&Bits>,
    suppressed: &[u32],
    mut step: impl FnMut(Step),
) {
    let offsets = &dataset.contacts.offsets;
    let n = dataset.len().max(1) as u64;
    let contacts_of_rows = rows.len() * offsets[dataset.len()] as u64 / n;
    match selected {
        Some(selected) if selected.len() + rows.len() / 8 < contacts_of_rows => {
            walk_selection(offsets, rows, selected, n == rows.len(), &mut step);
        }
        Some(selected) => {
            // Few rows: their contacts, filtered by the selection cheaply per contact.
            for row in rows {
                for contact in offsets[row as usize]..offsets[row as usize + 1] {
                    if selected.contains(contact) {
                        step(Step::Contact(contact));
                    }
                }
                step(Step::RowEnd(row));
            }
        }
        None => {
            let mut walk = Unsuppressed::new(suppressed);
            for row in rows {
                for contact in walk.contacts(offsets, row) {
                    step(Step::Contact(contact));
                }
                step(Step::RowEnd(row));
            }
        }
    }
}

/// The contacts of `selected`, grouped into their rows; rows outside `rows` are skipped
/// (a merge of the two ascending sequences, unless every row is wanted).
fn walk_selection(
    offsets: &[u32],
    rows: &RoaringBitmap,
    selected: &Bits,
    every_row: bool,
    step: &mut impl FnMut(Step),
) {
    let mut wanted = rows.iter().peekable();
    let mut current: Option<u32> = None;
    let mut row = 0usize;
    for contact in selected.iter() {
        // Rows hold few contacts: stepping forward beats a search.
        while offsets[row + 1] <= contact {
            row += 1;
        }
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        if current != Some(row) {
            if let Some(done) = current.take() {
                step(Step::RowEnd(done));
            }
            let inside = every_row || {
                while wanted.next_if(|&r| r < row).is_some() {}
                wanted.peek() == Some(&row)
            };
            if !inside {
                continue;
            }
            current = Some(row);
        }
        step(Step::Contact(contact));
    }
    if let Some(done) = current {
        step(Step::RowEnd(done));
    }
}

/// The contacts of ascending rows with the suppressed ones (ascending) skipped: one
/// forward pass over both lists.
struct Unsuppressed<'s> {
    suppressed: &'s [u32],
    cursor: usize,
}

impl<'s> Unsuppressed<'s> {
    fn new(suppressed: &'s [u32]) -> Self {
        Unsuppressed {
            suppressed,
            cursor: 0,
        }
    }

    /// The unsuppressed contacts of `row`; rows must come in ascending order.
    fn contacts(&mut self, offsets: &[u32], row: u32) -> impl Iterator<Item = u32> + '_ {
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
