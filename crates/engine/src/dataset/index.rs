//! Facet indexes: one compressed bitmap of rows per facet value, per-segment signal and
//! gauge bitmaps, per-segment rank orders, built once at decode; and dense bitsets of
//! contacts by function, seniority and exportability, built when first needed. Queries
//! combine them.
//!
//! Roaring bitmaps adapt per 65,536-row chunk: sorted arrays for rare values (posting
//! lists), dense bitsets for frequent ones, runs for contiguous ranges. That is the
//! choice the benchmarks settled on (see BENCHMARKS.md).

use roaring::RoaringBitmap;

use super::{Csr, Dataset};
use crate::bitset::Bits;
use crate::taxonomy::{EmployeeBand, Function, Gauge, Region, RevenueBand, Seniority, Signal};

const _: () = assert!(Gauge::EvaluatingVendors.index() == 0 && Gauge::RampingUp.index() == 1);

/// Bitmaps of rows by facet value, and rank orders.
#[derive(Debug, Default)]
pub(crate) struct FacetIndex {
    /// Every row.
    pub(crate) all: RoaringBitmap,
    pub(crate) industry: Vec<RoaringBitmap>,
    pub(crate) country: Vec<RoaringBitmap>,
    pub(crate) region: Vec<RoaringBitmap>,
    pub(crate) employees: Vec<RoaringBitmap>,
    pub(crate) revenue: Vec<RoaringBitmap>,
    pub(crate) tech: Vec<RoaringBitmap>,
    /// Rows with intent in the segment.
    pub(crate) segment: Vec<RoaringBitmap>,
    pub(crate) topic: Vec<RoaringBitmap>,
    pub(crate) vendor: Vec<RoaringBitmap>,
    /// Per segment, then `None` (strongest segment) last.
    pub(crate) per_segment: Vec<SegmentIndex>,
    /// Rows that have a last touch, in ascending (day, row) order.
    pub(crate) touch_order: Vec<(i32, u32)>,
    /// Position of each row in the dataset's name order.
    pub(crate) name_rank: Vec<u32>,
    /// Bitmaps of contacts, built on first use (or by `Dataset::prepare_contacts`), so
    /// opening a dataset does not wait for them.
    pub(crate) contacts: std::sync::OnceLock<ContactIndex>,
}

/// Contacts (not rows) by function index, by seniority index, and the exportable ones, as
/// dense bitsets: a list's contact clauses start from their intersection instead of
/// visiting every contact.
#[derive(Debug, Default)]
pub(crate) struct ContactIndex {
    pub(crate) function: Vec<Bits>,
    pub(crate) seniority: Vec<Bits>,
    pub(crate) exportable: Bits,
}

impl ContactIndex {
    /// One pass over the contact columns, setting one bit per set a contact is in.
    fn build(dataset: &Dataset) -> ContactIndex {
        let contacts = &dataset.contacts;
        let len = contacts.function.len();
        let mut function = vec![Bits::new(len); Function::ALL.len()];
        let mut seniority = vec![Bits::new(len); Seniority::ALL.len()];
        let mut exportable = Bits::new(len);
        let columns = contacts
            .function
            .iter()
            .zip(&contacts.seniority)
            .zip(&contacts.flags);
        for (c, ((&f, &s), &flag)) in columns.enumerate() {
            let c = u32::try_from(c).unwrap_or(u32::MAX);
            function[usize::from(f)].insert(c);
            seniority[usize::from(s)].insert(c);
            if flag & super::FLAG_EXPORTABLE != 0 {
                exportable.insert(c);
            }
        }
        ContactIndex {
            function,
            seniority,
            exportable,
        }
    }

    fn heap_bytes(&self) -> usize {
        self.function
            .iter()
            .chain(&self.seniority)
            .chain(std::iter::once(&self.exportable))
            .map(Bits::heap_bytes)
            .sum()
    }
}

impl Dataset {
    /// The contact bitsets, built the first time they are needed.
    pub(crate) fn contact_index(&self) -> &ContactIndex {
        self.index
            .contacts
            .get_or_init(|| ContactIndex::build(self))
    }

    /// Builds the contact bitsets now (a browser does it once idle after opening a
    /// dataset), so the first list with contact clauses does not wait for them.
    pub fn prepare_contacts(&self) {
        self.contact_index();
    }
}

/// Bitmaps and order that depend on the ranking segment.
#[derive(Debug, Default)]
pub(crate) struct SegmentIndex {
    /// Rows with each signal lit, by [`Signal::index`].
    pub(crate) signals: [RoaringBitmap; 5],
    /// Rows Evaluating Vendors and Ramping Up, by [`Gauge::index`]. Not Active is the
    /// complement (it includes every row without intent), derived by a query only when
    /// it needs it: stored, it would be a near-full bitmap per segment.
    pub(crate) gauge: [RoaringBitmap; 2],
    /// Rows with intent, by descending score then ascending row.
    pub(crate) order: Vec<u32>,
    /// Rows with intent (the rows of `order`).
    pub(crate) with_intent: RoaringBitmap,
}

impl FacetIndex {
    pub(crate) fn build(dataset: &Dataset) -> FacetIndex {
        let n = u32::try_from(dataset.len()).unwrap_or(u32::MAX);
        let mut index = FacetIndex {
            all: (0..n).collect(),
            ..FacetIndex::default()
        };
        index.industry = column(&dataset.industry, dataset.industries.len());
        index.country = column(&dataset.country, dataset.countries.len());
        index.region = column(&dataset.region, Region::ALL.len());
        index.employees = column(&dataset.employees, EmployeeBand::ALL.len());
        index.revenue = column(&dataset.revenue, RevenueBand::ALL.len());
        index.tech = multi(&dataset.techs, dataset.technologies.len());
        index.topic = multi(&dataset.account_topics, dataset.topics.len());
        index.vendor = multi(&dataset.account_vendors, dataset.vendors.len());

        let n_segments = dataset.segments.len();
        index.segment = vec![RoaringBitmap::new(); n_segments];
        index.per_segment = (0..=n_segments).map(|_| SegmentIndex::default()).collect();
        let mut scored: Vec<Vec<(u16, u32)>> = vec![Vec::new(); n_segments + 1];
        for row in 0..n {
            for entry in dataset.intent.row(row as usize) {
                let s = usize::from(entry.segment);
                index.segment[s].push(row);
                index.per_segment[s].add(row, entry.signals.iter(), entry.gauge);
                scored[s].push((entry.centi_score, row));
            }
            if let Some(best) = dataset.best[row as usize] {
                index.per_segment[n_segments].add(row, best.signals.iter(), best.gauge);
                scored[n_segments].push((best.centi_score, row));
            }
        }
        for (segment, mut entries) in index.per_segment.iter_mut().zip(scored) {
            entries.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            segment.order = entries.into_iter().map(|(_, row)| row).collect();
            segment.with_intent = segment.order.iter().copied().collect();
        }
        index.touch_order = dataset
            .last_touch
            .iter()
            .zip(0..n)
            .filter(|&(&day, _)| day != i32::MIN)
            .map(|(&day, row)| (day, row))
            .collect();
        index.touch_order.sort_unstable();
        index.name_rank = vec![0; dataset.len()];
        for (rank, &row) in (0u32..).zip(&dataset.name_order) {
            index.name_rank[row as usize] = rank;
        }
        index
    }

    /// The segment index for a ranking segment (`None`: strongest segment).
    pub(crate) fn segment_index(&self, segment: Option<u16>) -> &SegmentIndex {
        let last = self.per_segment.len() - 1;
        &self.per_segment[segment.map_or(last, usize::from).min(last)]
    }

    /// Heap bytes held by the bitmaps and orders (for the memory benchmark).
    pub(crate) fn heap_bytes(&self) -> usize {
        let bitmaps = |maps: &[RoaringBitmap]| {
            maps.iter()
                .map(RoaringBitmap::serialized_size)
                .sum::<usize>()
        };
        bitmaps(std::slice::from_ref(&self.all))
            + [
                &self.industry,
                &self.country,
                &self.region,
                &self.employees,
                &self.revenue,
                &self.tech,
                &self.segment,
                &self.topic,
                &self.vendor,
            ]
            .into_iter()
            .map(|maps| bitmaps(maps))
            .sum::<usize>()
            + self
                .per_segment
                .iter()
                .map(|s| {
                    bitmaps(&s.signals)
                        + bitmaps(&s.gauge)
                        + s.with_intent.serialized_size()
                        + s.order.capacity() * 4
                })
                .sum::<usize>()
            + self.touch_order.capacity() * 8
            + self.name_rank.capacity() * 4
            + self.contacts.get().map_or(0, ContactIndex::heap_bytes)
    }
}

impl SegmentIndex {
    /// Rows per gauge value, Not Active included, in [`Gauge::ALL`] order.
    pub(crate) fn gauge_maps(&self, all: &RoaringBitmap) -> [RoaringBitmap; 3] {
        let [evaluating, ramping] = &self.gauge;
        [
            evaluating.clone(),
            ramping.clone(),
            all - (evaluating | ramping),
        ]
    }

    fn add(&mut self, row: u32, signals: impl Iterator<Item = Signal>, gauge: Gauge) {
        for signal in signals {
            self.signals[usize::from(signal.index())].push(row);
        }
        if let Some(map) = self.gauge.get_mut(usize::from(gauge.index())) {
            map.push(row);
        }
    }
}

fn column<T: Copy + Into<usize>>(values: &[T], n_values: usize) -> Vec<RoaringBitmap> {
    let mut maps = vec![RoaringBitmap::new(); n_values];
    for (row, &value) in (0u32..).zip(values) {
        maps[value.into()].push(row);
    }
    maps
}

fn multi(csr: &Csr<u16>, n_values: usize) -> Vec<RoaringBitmap> {
    let mut maps = vec![RoaringBitmap::new(); n_values];
    for row in 0..csr.offsets.len() - 1 {
        let row_id = u32::try_from(row).unwrap_or(u32::MAX);
        for &value in csr.row(row) {
            maps[usize::from(value)].push(row_id);
        }
    }
    maps
}
