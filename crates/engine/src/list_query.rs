//! A list definition as the user states it: filters by slug, the ranking segment and the
//! sort. This is what a list URL encodes (`list_url`) and what the dataset resolves into
//! an executable query (`query`). Values are slugs, not checked against any dataset here.

use std::collections::BTreeMap;

use crate::contact_query::ContactQuery;
use crate::date::Date;
use crate::taxonomy::{Facet, Mode};

/// A list definition.
///
/// Canonical form (what [`ListQuery::canonicalize`] produces and the URL codec writes):
/// clause values sorted and deduplicated; per facet at most one `all` clause and one `not`
/// clause (repeated ones merge, since AND of ALLs is an ALL and AND of NOTs is a NOT);
/// a one-value `all` clause is written as `any`; `any` clauses sorted and deduplicated;
/// facets without clauses absent; list clauses likewise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// The segment that ranks the list and that signal and gauge filters refer to; `None`
    /// ranks every account by its strongest segment.
    pub segment: Option<String>,
    /// Facet filters: every clause must hold (AND), within a clause per its mode.
    pub facets: BTreeMap<Facet, Vec<Clause>>,
    /// Last-touch date range, both ends inclusive.
    pub touch: Option<DateRange>,
    /// Saved-list membership filters: every clause must hold.
    pub lists: Vec<ListClause>,
    /// Hand-picked accounts by id: when not empty, only these accounts (saved accounts).
    /// Sorted and deduplicated in canonical form; ids not in the dataset match nothing.
    pub accounts: Vec<u32>,
    /// Company-name prefix (matched case- and accent-insensitively).
    pub name_prefix: Option<String>,
    /// Which contacts at an account the list targets, and how many it needs.
    pub contacts: ContactQuery,
    /// Result order.
    pub sort: Sort,
}

/// One facet clause: a mode over a set of values.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clause {
    /// How the values combine.
    pub mode: Mode,
    /// Value slugs; sorted and deduplicated in canonical form, never empty.
    pub values: Vec<String>,
}

/// An inclusive date range; an open end is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    /// First day included.
    pub from: Option<Date>,
    /// Last day included.
    pub to: Option<Date>,
}

impl DateRange {
    /// Whether `date` lies in the range.
    #[must_use]
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
    }
}

/// Membership in saved lists.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListClause {
    /// `true`: in any of the lists; `false`: in none of them.
    pub include: bool,
    /// Saved-list ids; sorted and deduplicated in canonical form, never empty.
    pub ids: Vec<u64>,
}

/// Result order. Ties always break by ascending account id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sort {
    /// Intent score in the ranking segment, highest first.
    #[default]
    Intent,
    /// Company name, A to Z (case- and accent-insensitive).
    Name,
    /// Employee band, largest first.
    Size,
}

impl Sort {
    /// Every sort.
    pub const ALL: [Sort; 3] = [Sort::Intent, Sort::Name, Sort::Size];

    /// The sort's name in list URLs.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Sort::Intent => "intent",
            Sort::Name => "name",
            Sort::Size => "size",
        }
    }

    /// The sort named by `slug`.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|sort| sort.slug() == slug)
    }
}

impl ListQuery {
    /// Rewrites the query into its canonical form (see the type's doc). Two queries that
    /// select the same accounts by the same clauses canonicalize to the same value.
    pub fn canonicalize(&mut self) {
        for (facet, clauses) in &mut self.facets {
            let mut all: Vec<String> = Vec::new();
            let mut not: Vec<String> = Vec::new();
            let mut any: Vec<Vec<String>> = Vec::new();
            for clause in clauses.drain(..) {
                match clause.mode {
                    Mode::All => all.extend(clause.values),
                    Mode::Not => not.extend(clause.values),
                    Mode::Any => any.push(clause.values),
                }
            }
            for values in &mut any {
                values.sort();
                values.dedup();
            }
            if facet.is_multi_valued() {
                // A one-value `any` is a member of the `all` set: (a) AND (b) == all(a, b).
                any.retain(|values| {
                    if let [value] = values.as_slice() {
                        all.push(value.clone());
                        false
                    } else {
                        true
                    }
                });
            } else {
                // On a single-valued facet `all` can only hold one value per clause; keep
                // each as its own one-value clause so the form stays expressible.
                any.extend(all.drain(..).map(|value| vec![value]));
            }
            all.sort();
            all.dedup();
            not.sort();
            not.dedup();
            if all.len() == 1 {
                any.push(std::mem::take(&mut all));
            }
            any.retain(|values| !values.is_empty());
            any.sort();
            any.dedup();
            clauses.extend(any.into_iter().map(|values| Clause {
                mode: Mode::Any,
                values,
            }));
            if !all.is_empty() {
                clauses.push(Clause {
                    mode: Mode::All,
                    values: all,
                });
            }
            if !not.is_empty() {
                clauses.push(Clause {
                    mode: Mode::Not,
                    values: not,
                });
            }
        }
        self.facets.retain(|_, clauses| !clauses.is_empty());

        let (mut include, mut exclude): (Vec<ListClause>, Vec<u64>) = (Vec::new(), Vec::new());
        for clause in self.lists.drain(..) {
            if clause.include {
                include.push(clause);
            } else {
                exclude.extend(clause.ids);
            }
        }
        for clause in &mut include {
            clause.ids.sort_unstable();
            clause.ids.dedup();
        }
        include.retain(|clause| !clause.ids.is_empty());
        include.sort();
        include.dedup();
        exclude.sort_unstable();
        exclude.dedup();
        self.lists = include;
        if !exclude.is_empty() {
            self.lists.push(ListClause {
                include: false,
                ids: exclude,
            });
        }
        self.accounts.sort_unstable();
        self.accounts.dedup();
        if self
            .name_prefix
            .as_deref()
            .is_some_and(|prefix| prefix.trim().is_empty())
        {
            self.name_prefix = None;
        }
        if self.touch
            == Some(DateRange {
                from: None,
                to: None,
            })
        {
            self.touch = None;
        }
        self.contacts.canonicalize();
    }

    /// The query in canonical form.
    #[must_use]
    pub fn canonical(mut self) -> ListQuery {
        self.canonicalize();
        self
    }
}
