//! Slugs → value indexes: where a list definition is validated against the dataset.

use roaring::RoaringBitmap;

use super::contacts::ResolvedContacts;
use super::{Context, QueryError};
use crate::dataset::{Dataset, fold_name};
use crate::list_query::{ListQuery, Sort};
use crate::taxonomy::{EmployeeBand, Facet, Gauge, Mode, Region, RevenueBand, Signal};

/// A list definition bound to a dataset: every value is an index, every list a bitmap.
#[derive(Debug)]
pub struct ResolvedQuery<'a> {
    pub(crate) dataset: &'a Dataset,
    /// Ranking segment index; `None` ranks by each account's strongest segment.
    pub(crate) segment: Option<u16>,
    pub(crate) clauses: Vec<ResolvedClause>,
    /// Filters that belong to no facet (touch, name, lists, accounts): always applied.
    pub(crate) extra_positives: Vec<RoaringBitmap>,
    /// Exclusions that belong to no facet (not-in lists, suppressed domains).
    pub(crate) extra_negatives: Vec<RoaringBitmap>,
    /// Suppressed contact indexes, ascending (empty without suppression).
    pub(crate) suppressed_contacts: Vec<u32>,
    /// The contact clauses, when the list has any (or a `team`).
    pub(crate) contacts: Option<ResolvedContacts>,
    pub(crate) sort: Sort,
    /// Gauge bitmaps of the ranking segment, derived on first use.
    pub(crate) gauge_maps: std::cell::OnceCell<[RoaringBitmap; 3]>,
    /// The matching rows with their contact counts, computed on first use.
    pub(crate) matched: std::cell::OnceCell<super::Matched>,
    /// Every row with enough matching contacts, whatever the account filters: what facet
    /// counts (each without its own filter) intersect with. Computed on first use.
    pub(crate) team_rows: std::cell::OnceCell<RoaringBitmap>,
}

/// One facet clause with value indexes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolvedClause {
    pub(crate) facet: Facet,
    pub(crate) mode: Mode,
    pub(crate) values: Vec<u32>,
}

impl<'a> ResolvedQuery<'a> {
    /// Binds a list definition to a dataset.
    ///
    /// # Errors
    /// A [`QueryError`] naming the first unknown value, segment or list.
    pub fn resolve(
        dataset: &'a Dataset,
        query: &ListQuery,
        context: Context<'a>,
    ) -> Result<Self, QueryError> {
        let segment = match &query.segment {
            None => None,
            Some(slug) => Some(
                dataset
                    .segments
                    .index(slug)
                    .and_then(|index| u16::try_from(index).ok())
                    .ok_or_else(|| QueryError::UnknownSegment(slug.clone()))?,
            ),
        };
        let mut clauses = Vec::new();
        for (&facet, facet_clauses) in &query.facets {
            for clause in facet_clauses {
                if clause.mode == Mode::All && clause.values.len() > 1 && !facet.is_multi_valued() {
                    return Err(QueryError::AllOnSingleValued(facet));
                }
                let values = clause
                    .values
                    .iter()
                    .map(|slug| {
                        value_index(dataset, facet, slug).ok_or_else(|| QueryError::UnknownValue {
                            facet,
                            value: slug.clone(),
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                clauses.push(ResolvedClause {
                    facet,
                    mode: clause.mode,
                    values,
                });
            }
        }
        let mut extra_positives = Vec::new();
        let mut extra_negatives = Vec::new();
        if let Some(range) = query.touch {
            let order = &dataset.index.touch_order;
            let from = range.from.map_or(i32::MIN + 1, |d| d.0);
            let to = range.to.map_or(i32::MAX, |d| d.0);
            let start = order.partition_point(|&(day, _)| day < from);
            let end = order.partition_point(|&(day, _)| day <= to);
            let mut rows: Vec<u32> = order[start..end.max(start)]
                .iter()
                .map(|&(_, row)| row)
                .collect();
            rows.sort_unstable();
            extra_positives.push(RoaringBitmap::from_sorted_iter(rows).unwrap_or_default());
        }
        if let Some(prefix) = &query.name_prefix {
            extra_positives.push(dataset.name_prefix_rows(&fold_name(prefix)));
        }
        if !query.accounts.is_empty() {
            extra_positives.push(
                query
                    .accounts
                    .iter()
                    .filter_map(|&id| dataset.row_of(id))
                    .collect(),
            );
        }
        for clause in &query.lists {
            let mut union = RoaringBitmap::new();
            for &id in &clause.ids {
                let rows = context
                    .lists
                    .and_then(|lists| lists.get(id))
                    .ok_or(QueryError::UnknownList(id))?;
                union |= rows;
            }
            if clause.include {
                extra_positives.push(union)
            } else {
                extra_negatives.push(union)
            }
        }
        if let Some(suppression) = context.suppression {
            extra_negatives.push(suppression.accounts.clone());
        }
        let suppressed_contacts: Vec<u32> = context
            .suppression
            .map(|suppression| suppression.contacts.iter().collect())
            .unwrap_or_default();
        Ok(ResolvedQuery {
            dataset,
            segment,
            clauses,
            extra_positives,
            extra_negatives,
            contacts: query
                .contacts
                .is_active()
                .then(|| ResolvedContacts::new(dataset, &query.contacts, &suppressed_contacts)),
            suppressed_contacts,
            sort: query.sort,
            gauge_maps: std::cell::OnceCell::new(),
            matched: std::cell::OnceCell::new(),
            team_rows: std::cell::OnceCell::new(),
        })
    }

    /// The value bitmaps of a facet, for the ranking segment where that matters.
    pub(crate) fn bitmaps(&self, facet: Facet) -> &[RoaringBitmap] {
        let index = &self.dataset.index;
        match facet {
            Facet::Industry => &index.industry,
            Facet::Country => &index.country,
            Facet::Region => &index.region,
            Facet::Employees => &index.employees,
            Facet::Revenue => &index.revenue,
            Facet::Tech => &index.tech,
            Facet::Segment => &index.segment,
            Facet::Topic => &index.topic,
            Facet::Vendor => &index.vendor,
            Facet::Signal => &index.segment_index(self.segment).signals,
            Facet::Gauge => self
                .gauge_maps
                .get_or_init(|| index.segment_index(self.segment).gauge_maps(&index.all)),
        }
    }

    /// The ranking segment index.
    #[must_use]
    pub fn segment(&self) -> Option<u16> {
        self.segment
    }
}

/// The index of a facet value slug in this dataset.
pub(crate) fn value_index(dataset: &Dataset, facet: Facet, slug: &str) -> Option<u32> {
    let closed = |index: Option<u8>| index.map(u32::from);
    match facet {
        Facet::Region => closed(Region::from_slug(slug).map(Region::index)),
        Facet::Employees => closed(EmployeeBand::from_slug(slug).map(EmployeeBand::index)),
        Facet::Revenue => closed(RevenueBand::from_slug(slug).map(RevenueBand::index)),
        Facet::Signal => closed(Signal::from_slug(slug).map(Signal::index)),
        Facet::Gauge => closed(Gauge::from_slug(slug).map(Gauge::index)),
        _ => dataset
            .dictionary(facet)
            .and_then(|dictionary| dictionary.index(slug)),
    }
}
