//! Running a list definition over a dataset: resolve slugs to value indexes (the one place
//! where a definition is checked against the data), evaluate filters as bitmap algebra,
//! rank the matches, and count facet values the way faceted search shows them (each facet
//! counted with every filter except its own).

mod contacts;
mod facets;
mod lenient;
mod rank;
mod resolve;

use std::collections::{BTreeMap, HashMap};

use roaring::{MultiOps, RoaringBitmap};
use thiserror::Error;

use crate::dataset::Dataset;
use crate::intent::Weights;
use crate::list_query::{ListQuery, Sort};
use crate::taxonomy::{Facet, Mode};

pub use facets::{FUNCTION_FACET, FacetCount, LEVEL_FACET};
pub use lenient::LenientQuery;
pub use resolve::ResolvedQuery;

/// What to compute besides the match count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryOptions {
    /// How many ranked accounts to return.
    pub top: usize,
    /// Whether to count facet values.
    pub facets: bool,
    /// How many values to return per open-vocabulary facet (industry, country, tech,
    /// segment, topic, vendor): the most frequent ones, plus any the query selects.
    pub facet_values: usize,
    /// Whether to count the pseudonymous contacts at the matching accounts.
    pub contacts: bool,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions {
            top: 10,
            facets: true,
            facet_values: 20,
            contacts: true,
        }
    }
}

/// Saved lists available to `list=` filters: list id → member account ids as rows.
#[derive(Clone, Debug, Default)]
pub struct SavedLists {
    rows: HashMap<u64, RoaringBitmap>,
}

impl SavedLists {
    /// Adds a list by the account ids it holds; ids not in the dataset are ignored (the
    /// account left the dataset).
    pub fn insert(
        &mut self,
        dataset: &Dataset,
        list_id: u64,
        account_ids: impl IntoIterator<Item = u32>,
    ) {
        let rows = account_ids
            .into_iter()
            .filter_map(|id| dataset.row_of(id))
            .collect();
        self.rows.insert(list_id, rows);
    }

    pub(crate) fn get(&self, list_id: u64) -> Option<&RoaringBitmap> {
        self.rows.get(&list_id)
    }
}

/// Account rows and contact indexes removed by a suppression list (see
/// [`Dataset::apply_suppression`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppliedSuppression {
    /// Rows whose domain is suppressed.
    pub accounts: RoaringBitmap,
    /// Contact indexes whose pseudonym is suppressed.
    pub contacts: RoaringBitmap,
}

/// What a query runs against besides the dataset.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// Saved lists for `list=` filters.
    pub lists: Option<&'a SavedLists>,
    /// A suppression list in force.
    pub suppression: Option<&'a AppliedSuppression>,
}

/// Why a list definition cannot run on this dataset.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum QueryError {
    /// A facet value slug is not in the dataset.
    #[error("parameter `{facet}`: unknown value `{value}`")]
    UnknownValue {
        /// The facet.
        facet: Facet,
        /// The slug.
        value: String,
    },
    /// The ranking segment is not in the dataset.
    #[error("parameter `seg`: unknown segment `{0}`")]
    UnknownSegment(String),
    /// A saved list is not available.
    #[error("parameter `list`: list {0} does not exist or is not shared with you")]
    UnknownList(u64),
    /// `all` with several values on a single-valued facet.
    #[error("parameter `{0}`: `all` with several values on a single-valued facet")]
    AllOnSingleValued(Facet),
}

/// A ranked account.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Ranked {
    /// Account id.
    pub id: u32,
    /// Score in the ranking segment (hundredths precision); 0 without intent there.
    pub score: f64,
}

/// The outcome of a query.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QueryResult {
    /// Matching accounts.
    pub count: u64,
    /// The first `top` accounts in the list's order.
    pub top: Vec<Ranked>,
    /// Value counts per facet slug (empty when not asked for).
    pub facets: BTreeMap<&'static str, Vec<FacetCount>>,
    /// Pseudonymous contacts at the matching accounts, less suppressed ones; with contact
    /// clauses, those matching them (0 when not asked for).
    pub contacts: u64,
    /// Of `contacts`, those the organisation may export by email: exactly the rows an
    /// export of the list with the same suppression holds (0 when not asked for).
    pub exportable: u64,
}

/// The matching rows and the contacts they hold, computed once per resolved query.
#[derive(Clone, Debug, Default)]
pub(crate) struct Matched {
    rows: RoaringBitmap,
    contacts: u64,
    exportable: u64,
}

/// Runs a list definition with no saved lists and no suppression.
///
/// # Errors
/// A [`QueryError`] when the definition names values, segments or lists the dataset lacks.
pub fn run(
    dataset: &Dataset,
    query: &ListQuery,
    options: &QueryOptions,
) -> Result<QueryResult, QueryError> {
    run_with(dataset, query, Context::default(), options)
}

/// Runs a list definition in a context of saved lists and suppression.
///
/// # Errors
/// A [`QueryError`] when the definition names values, segments or lists the dataset lacks.
pub fn run_with(
    dataset: &Dataset,
    query: &ListQuery,
    context: Context<'_>,
    options: &QueryOptions,
) -> Result<QueryResult, QueryError> {
    let resolved = ResolvedQuery::resolve(dataset, query, context)?;
    Ok(resolved.run(options))
}

impl ResolvedQuery<'_> {
    /// Evaluates the query.
    #[must_use]
    pub fn run(&self, options: &QueryOptions) -> QueryResult {
        let rows = self.filter(None);
        let top = self
            .top_rows(&rows, options.top)
            .into_iter()
            .map(|row| Ranked {
                id: self.dataset.id_of(row),
                score: self.score(row),
            })
            .collect();
        let facets = if options.facets {
            self.facet_counts(&rows, options.facet_values)
        } else {
            BTreeMap::new()
        };
        let matched = self.matched();
        QueryResult {
            count: rows.len(),
            top,
            facets,
            contacts: if options.contacts {
                matched.contacts
            } else {
                0
            },
            exportable: if options.contacts {
                matched.exportable
            } else {
                0
            },
        }
    }

    /// The contacts that make the list: at the matching accounts, matching the contact
    /// clauses (every contact there without any), suppressed ones left out; ascending
    /// contact indexes.
    #[must_use]
    pub fn matching_contacts(&self) -> Vec<u32> {
        self.contact_clauses().matching(
            self.dataset,
            &self.matched().rows,
            &self.suppressed_contacts,
        )
    }

    /// The contact clauses; without any, clauses that every contact passes.
    pub(crate) fn contact_clauses(&self) -> std::borrow::Cow<'_, contacts::ResolvedContacts> {
        match &self.contacts {
            Some(contacts) => std::borrow::Cow::Borrowed(contacts),
            None => std::borrow::Cow::Owned(contacts::ResolvedContacts::new(
                self.dataset,
                &crate::ContactQuery::default(),
                &self.suppressed_contacts,
            )),
        }
    }

    /// Contacts at the matching accounts (matching the contact clauses, when there are
    /// any) and how many of them are exportable, suppression applied.
    #[must_use]
    pub fn contact_counts(&self) -> (u64, u64) {
        let matched = self.matched();
        (matched.contacts, matched.exportable)
    }

    /// Matching rows in list order (all of them): for virtualised scrolling and exports.
    #[must_use]
    pub fn ordered_rows(&self) -> Vec<u32> {
        let rows = self.filter(None);
        self.top_rows(&rows, usize::try_from(rows.len()).unwrap_or(usize::MAX))
    }

    /// Matching rows in list order with intent scored under `weights` (a user's tuning):
    /// the same as [`ResolvedQuery::ordered_rows`] for other sorts or the default weights;
    /// otherwise every match is scored from its metrics and sorted (ties by row). The
    /// ranking segment stays the one the list names, or each account's strongest under
    /// the default weights.
    #[must_use]
    pub fn ordered_rows_with(&self, weights: &Weights) -> Vec<u32> {
        if self.sort != Sort::Intent || *weights == Weights::default() {
            return self.ordered_rows();
        }
        let mut keyed: Vec<(std::cmp::Reverse<u16>, u32)> = self
            .filter(None)
            .iter()
            .map(|row| (std::cmp::Reverse(self.weighted_centi(row, weights)), row))
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, row)| row).collect()
    }

    /// The first `k` matching rows in list order under `weights` (exactly the first `k` of
    /// [`ResolvedQuery::ordered_rows_with`]) and how many rows match. Without ordering
    /// every match: the presorted orders are walked until `k` are found, or the `k` best
    /// selected, so a list shows its top at once however many accounts match.
    #[must_use]
    pub fn first_rows_with(&self, weights: &Weights, k: usize) -> (u64, Vec<u32>) {
        let rows = self.filter(None);
        let first = if self.sort != Sort::Intent || *weights == Weights::default() {
            self.top_rows(&rows, k)
        } else if k == 0 {
            Vec::new()
        } else {
            let mut keyed: Vec<(std::cmp::Reverse<u16>, u32)> = rows
                .iter()
                .map(|row| (std::cmp::Reverse(self.weighted_centi(row, weights)), row))
                .collect();
            rank::select_first(&mut keyed, k)
        };
        (rows.len(), first)
    }

    /// A row's score in hundredths under `weights` (0 without intent in the segment).
    #[must_use]
    pub fn weighted_centi(&self, row: u32, weights: &Weights) -> u16 {
        self.dataset
            .ranking_intent(row, self.segment)
            .map_or(0, |intent| intent.metrics.explain(weights).centi_score)
    }

    /// The matching rows.
    #[must_use]
    pub fn rows(&self) -> RoaringBitmap {
        self.filter(None)
    }

    /// Rows matching every filter except those on `except` (all filters when `None`),
    /// contact clauses included.
    pub(crate) fn filter(&self, except: Option<Facet>) -> RoaringBitmap {
        match (except, &self.contacts) {
            (None, _) => self.matched().rows.clone(),
            (Some(_), None) => self.account_filter(except),
            (Some(_), Some(_)) => self.account_filter(except) & self.team_rows(),
        }
    }

    /// The matching rows and their contact counts, computed on first use.
    pub(crate) fn matched(&self) -> &Matched {
        self.matched.get_or_init(|| {
            let candidates = self.account_filter(None);
            let Some(contacts) = &self.contacts else {
                let (contacts, exportable) = self.contact_count(&candidates);
                return Matched {
                    rows: candidates,
                    contacts,
                    exportable,
                };
            };
            let mut matched = Matched::default();
            let mut kept = Vec::new();
            contacts.scan(
                self.dataset,
                &candidates,
                &self.suppressed_contacts,
                |row, tally| {
                    if tally.matching >= contacts.min_team {
                        kept.push(row);
                        matched.contacts += u64::from(tally.matching);
                        matched.exportable += u64::from(tally.exportable);
                    }
                },
            );
            matched.rows = RoaringBitmap::from_sorted_iter(kept).unwrap_or_default();
            matched
        })
    }

    /// Every row with enough matching contacts (all rows without contact clauses).
    pub(crate) fn team_rows(&self) -> &RoaringBitmap {
        self.team_rows.get_or_init(|| match &self.contacts {
            None => self.dataset.index.all.clone(),
            Some(contacts) => {
                let mut kept = Vec::new();
                contacts.scan(
                    self.dataset,
                    &self.dataset.index.all,
                    &self.suppressed_contacts,
                    |row, tally| {
                        if tally.matching >= contacts.min_team {
                            kept.push(row);
                        }
                    },
                );
                RoaringBitmap::from_sorted_iter(kept).unwrap_or_default()
            }
        })
    }

    /// Rows matching every account-level filter except those on `except`.
    fn account_filter(&self, except: Option<Facet>) -> RoaringBitmap {
        let index = &self.dataset.index;
        let mut positives: Vec<Term<'_>> = Vec::new();
        let mut negatives: Vec<&RoaringBitmap> = Vec::new();
        for clause in self
            .clauses
            .iter()
            .filter(|clause| Some(clause.facet) != except)
        {
            let maps = self.bitmaps(clause.facet);
            let values = clause.values.iter().map(|&value| &maps[value as usize]);
            match clause.mode {
                Mode::Any => positives.push(Term {
                    maps: values.collect(),
                    clause: Some(clause),
                }),
                Mode::All => positives.extend(values.map(|map| Term {
                    maps: vec![map],
                    clause: None,
                })),
                Mode::Not => negatives.extend(values),
            }
        }
        positives.extend(self.extra_positives.iter().map(|map| Term {
            maps: vec![map],
            clause: None,
        }));
        negatives.extend(self.extra_negatives.iter());
        // Intersect the most selective terms first, so the running result shrinks fastest.
        positives.sort_by_key(Term::bound);
        let mut terms = positives.into_iter();
        let mut result = match terms.next() {
            Some(first) => first.maps.into_iter().union(),
            None => index.all.clone(),
        };
        for term in terms {
            if result.is_empty() {
                break;
            }
            result = match (term.maps.as_slice(), term.clause) {
                ([map], _) => result & *map,
                // A wide OR on a single-valued facet against a small result: checking each
                // row's value in the column beats intersecting every member bitmap.
                (_, Some(clause))
                    if Dataset::is_column(clause.facet) && result.len() * 8 < term.bound() =>
                {
                    self.keep_values(&result, clause)
                }
                (members, _) => members.iter().map(|&map| &result & map).union(),
            };
        }
        for map in negatives {
            if result.is_empty() {
                break;
            }
            result -= map;
        }
        result
    }

    /// The rows of `rows` whose value of a single-valued facet is one of the clause's.
    fn keep_values(&self, rows: &RoaringBitmap, clause: &resolve::ResolvedClause) -> RoaringBitmap {
        let mut wanted = vec![false; self.bitmaps(clause.facet).len()];
        for &value in &clause.values {
            wanted[value as usize] = true;
        }
        let dataset = self.dataset;
        RoaringBitmap::from_sorted_iter(rows.iter().filter(|&row| {
            dataset
                .column_value(clause.facet, row as usize)
                .is_some_and(|value| wanted[value])
        }))
        .unwrap_or_default()
    }

    /// Contacts at `rows` and the exportable ones, suppressed contacts left out: from
    /// per-row totals, without visiting every contact.
    fn contact_count(&self, rows: &RoaringBitmap) -> (u64, u64) {
        let dataset = self.dataset;
        let offsets = &dataset.contacts.offsets;
        let (mut total, mut exportable) = (0u64, 0u64);
        for row in rows {
            total += u64::from(offsets[row as usize + 1] - offsets[row as usize]);
            exportable += u64::from(dataset.exportable_contacts(row));
        }
        for &contact in &self.suppressed_contacts {
            if rows.contains(dataset.row_of_contact(contact as usize)) {
                total -= 1;
                exportable -= u64::from(dataset.is_exportable(contact as usize));
            }
        }
        (total, exportable)
    }

    /// The sort in force.
    #[must_use]
    pub fn sort(&self) -> Sort {
        self.sort
    }
}

impl Dataset {
    /// Applies a compiled suppression list: accounts whose domain is suppressed (or lies
    /// under a suppressed domain), and contacts whose pseudonym or email domain is
    /// suppressed.
    #[must_use]
    pub fn apply_suppression(
        &self,
        set: &crate::suppression::SuppressionSet,
    ) -> AppliedSuppression {
        let mut applied = AppliedSuppression::default();
        if set.domain_count() > 0 {
            let rows = (0..u32::try_from(self.len()).unwrap_or(u32::MAX))
                .filter(|&row| set.contains_domain(self.domain(row)));
            applied.accounts = RoaringBitmap::from_sorted_iter(rows).unwrap_or_default();
        }
        if set.pseudonym_count() > 0 {
            let mut contacts = Vec::new();
            set.mark(self.contact_pseudonyms(), &mut contacts);
            applied.contacts = RoaringBitmap::from_sorted_iter(contacts).unwrap_or_default();
        }
        if set.domain_count() > 0 {
            // A contact whose email is at another domain is suppressed by that one too, as
            // in an export.
            applied.contacts.extend(
                self.contact_email_domains()
                    .iter()
                    .filter(|(_, domain)| set.contains_domain(domain))
                    .map(|&(contact, _)| contact),
            );
        }
        applied
    }
}

/// A positive filter term: an OR of bitmaps, from a facet clause or not.
struct Term<'q> {
    maps: Vec<&'q RoaringBitmap>,
    clause: Option<&'q resolve::ResolvedClause>,
}

impl Term<'_> {
    /// An upper bound of the term's size.
    fn bound(&self) -> u64 {
        self.maps.iter().map(|map| map.len()).sum()
    }
}
