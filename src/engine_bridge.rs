//! The one place the app calls the engine.
//!
//! Pages work with the plain view types below ([`Evaluation`], [`AccountRow`], ...) and with
//! the list definition ([`ListQuery`], re-exported: it is plain data, and it is what the URL
//! says), never with the engine's query machinery, so following a change of the engine's
//! API is a change to this file.
//!
//! Work per list change is bounded on purpose: one [`evaluate`] (one resolve, one ordering
//! of the matches) per URL, then [`account_rows`] only for the rows on screen, and one
//! [`count`] (one engine run with facet counts) right after.

pub mod account;
pub mod edit;
pub mod targeting;

use std::collections::HashMap;

pub use clearlist_engine::list_url;
use clearlist_engine::list_url::UrlError;
use clearlist_engine::query::{
    Context, FUNCTION_FACET, LEVEL_FACET, QueryError, QueryOptions, ResolvedQuery, SavedLists,
};
pub use clearlist_engine::taxonomy::Gauge;
use clearlist_engine::taxonomy::Signal;

use crate::components::Shared;

pub use clearlist_engine::intent::Weights;
pub use clearlist_engine::query::AppliedSuppression;

pub use clearlist_engine::date::Date;
// Value types the rest of the app names without calling the engine.
pub use clearlist_engine::ListClause;
pub use clearlist_engine::countries::country;
pub use clearlist_engine::list_query::{Clause, DateRange, ListQuery, Sort};
pub use clearlist_engine::taxonomy::{Facet, Mode};

/// The decoded, indexed dataset the browser queries.
pub type Dataset = clearlist_engine::dataset::Dataset;

/// One ranked account as a list row shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountRow {
    /// Account id (stable across datasets built from the same vault).
    pub id: u32,
    /// 1-based position in the list.
    pub rank: usize,
    /// Company name.
    pub name: String,
    /// Web domain.
    pub domain: String,
    /// HQ country name.
    pub country: String,
    /// Industry label.
    pub industry: String,
    /// Employee band label.
    pub employees: String,
    /// Interest gauge in the ranking segment, when the account has one.
    pub gauge: Option<GaugeView>,
    /// Intent score in the ranking segment.
    pub score: f64,
    /// The five intent signals, lit or not, always in the same order.
    pub signals: Vec<SignalDot>,
    /// Buying-team size: the account's pseudonymous contacts.
    pub contacts: u32,
    /// Of those, the ones the list's contact clauses target (when it has any).
    pub targeted: Option<u32>,
    /// Top interests (topic labels, most read first, at most three).
    pub topics: Vec<String>,
}

/// An interest gauge value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GaugeView {
    /// Stable slug, e.g. `ramping-up` (used for styling).
    pub slug: String,
    /// Human label, e.g. `Ramping Up`.
    pub label: String,
}

/// One of the five intent signals of an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalDot {
    /// Stable slug, e.g. `late-stage`.
    pub slug: &'static str,
    /// Human label, e.g. `Late Stage`.
    pub label: &'static str,
    /// Whether the account shows this signal.
    pub lit: bool,
}

/// Something wrong with the list URL: what, and which parameter it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlProblem {
    /// The URL parameter at fault (`industry`, `seg`, ...), when there is one.
    pub parameter: Option<String>,
    /// A sentence for the user.
    pub message: String,
}

/// A list URL fragment read leniently: the list it describes, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedList {
    /// The list, with every bad parameter left out.
    pub query: ListQuery,
    /// What was left out, and why.
    pub problems: Vec<UrlProblem>,
    /// The URL cannot be read at all (a version this app does not know): show no list,
    /// since reading it by version 1 rules could silently mean another list.
    pub fatal: bool,
    /// The canonical spelling of `query`.
    pub canonical: String,
}

/// Reads a list URL fragment (without `#`). An empty fragment is the default list (every
/// account, ranked by intent), not an error.
#[must_use]
pub fn parse_list(fragment: &str) -> ParsedList {
    let fragment = fragment.trim();
    if fragment.is_empty() {
        let query = ListQuery::default();
        return ParsedList {
            canonical: list_url::encode(&query),
            query,
            problems: Vec::new(),
            fatal: false,
        };
    }
    let (query, errors) = list_url::decode_lenient(fragment);
    let fatal = errors
        .iter()
        .any(|error| matches!(error, UrlError::UnsupportedVersion(_)));
    let problems = errors
        .iter()
        .map(|error| UrlProblem {
            parameter: error.parameter().map(str::to_owned),
            message: error.to_string(),
        })
        .collect();
    ParsedList {
        canonical: list_url::encode(&query),
        query,
        problems,
        fatal,
    }
}

/// The canonical URL fragment (without `#`) of a list.
#[must_use]
pub fn encode(query: &ListQuery) -> String {
    list_url::encode(query)
}

/// A value a picker offers: slug and label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// URL value.
    pub slug: String,
    /// What the user reads.
    pub label: String,
}

/// Labels of every facet value of a dataset, built once per dataset so that evaluating a
/// list never rebuilds them.
#[derive(Debug)]
pub struct Catalog {
    labels: HashMap<Facet, HashMap<String, String>>,
    /// The dataset's segments, in dictionary order, for the segment switcher.
    pub segments: Vec<Choice>,
    /// Last day of the intent window (the default end of a last-touch range).
    pub as_of: Date,
    /// Number of accounts in the dataset.
    pub accounts: usize,
    /// The countries contacts work in, by name, then "Unknown".
    pub contact_countries: Vec<Choice>,
}

impl Catalog {
    /// The label of a facet value; the slug itself when the dataset does not know it.
    #[must_use]
    pub fn label(&self, facet: Facet, slug: &str) -> String {
        self.labels
            .get(&facet)
            .and_then(|labels| labels.get(slug))
            .cloned()
            .unwrap_or_else(|| slug.to_owned())
    }
}

/// Builds the [`Catalog`] of a dataset.
#[must_use]
pub fn catalog(dataset: &Dataset) -> Catalog {
    let labels = Facet::ALL
        .into_iter()
        .map(|facet| {
            let values = dataset
                .facet_values(facet)
                .into_iter()
                .map(|(slug, label)| (slug.to_owned(), label.to_owned()))
                .collect();
            (facet, values)
        })
        .collect();
    let segments = dataset
        .facet_values(Facet::Segment)
        .into_iter()
        .map(|(slug, label)| Choice {
            slug: slug.to_owned(),
            label: label.to_owned(),
        })
        .collect();
    Catalog {
        labels,
        segments,
        as_of: dataset.as_of(),
        accounts: dataset.len(),
        contact_countries: targeting::country_choices(dataset),
    }
}

/// A facet value with its live count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueCount {
    /// URL value.
    pub slug: String,
    /// What the user reads.
    pub label: String,
    /// Matching accounts holding the value, counted with every filter but this facet's.
    pub count: u64,
}

/// The live counts of one facet's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    /// The facet.
    pub facet: Facet,
    /// Its values, most frequent first (size bands in their natural order).
    pub values: Vec<ValueCount>,
}

/// A list evaluated over the dataset: what the results column shows but the rows' details.
/// Only the list's first rows are ordered at once ([`FIRST_ROWS`]); the rest are ordered
/// the first time a view reaches past them (scrolling down, End, the lists page's diff).
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Matching accounts.
    pub count: u64,
    /// Contacts at them: those the list's contact clauses target (every one without any),
    /// suppressed ones left out.
    pub contacts: u64,
    /// Of those, the ones the organisation may export: what an export of the list holds.
    pub exportable: u64,
    /// The first matching rows in list order (rows, not ids: [`account_rows`] maps them).
    first: Vec<u32>,
    /// Every matching row in list order, once a view needs more than `first`.
    all: std::sync::OnceLock<Vec<u32>>,
    /// The list as evaluated (after leaving out what the dataset does not know) and its
    /// context: what ordering the rest takes.
    query: ListQuery,
    context: Shared<ListContext>,
    /// Ranking segment index, for row summaries.
    pub segment: Option<u16>,
    /// Parts of the list the dataset does not know, left out (unknown values, segment,
    /// saved lists).
    pub problems: Vec<UrlProblem>,
}

/// Rows ordered when a list is evaluated: some twenty screens of the accounts table.
pub const FIRST_ROWS: usize = 1_000;

impl Evaluation {
    /// The weights the scores and the intent order follow (the list context's).
    #[must_use]
    pub fn weights(&self) -> &Weights {
        &self.context.weights
    }

    /// The matching rows at list positions `range` (clamped to the list), in order.
    #[must_use]
    pub fn rows(&self, dataset: &Dataset, range: std::ops::Range<usize>) -> &[u32] {
        let end = range
            .end
            .min(usize::try_from(self.count).unwrap_or(usize::MAX));
        let start = range.start.min(end);
        if end <= self.first.len() {
            return &self.first[start..end];
        }
        &self.all_rows(dataset)[start..end]
    }

    /// Every matching row in list order.
    #[must_use]
    pub fn all_rows(&self, dataset: &Dataset) -> &[u32] {
        if self.first.len() as u64 == self.count {
            return &self.first;
        }
        self.all.get_or_init(|| {
            let (resolved, ..) = resolve_lenient(dataset, &self.query, &self.context);
            resolved.ordered_rows_with(self.weights())
        })
    }
}

/// The live facet counts of a list. They are computed after the list itself (see
/// [`count`]), so a click shows the new list first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    /// The canonical URL of the list counted (empty before the first count).
    pub list: String,
    /// Live counts per facet, in [`Facet::ALL`] order.
    pub facets: Vec<FacetCounts>,
    /// Contacts per function (taxonomy order), each counted without the list's own
    /// function clause.
    pub functions: Vec<ValueCount>,
    /// Contacts per seniority (most senior first), each counted without the list's own
    /// seniority clause.
    pub seniorities: Vec<ValueCount>,
}

impl Counts {
    /// The counts of one facet.
    #[must_use]
    pub fn facet(&self, facet: Facet) -> Option<&FacetCounts> {
        self.facets.iter().find(|counts| counts.facet == facet)
    }
}

/// What a list runs against besides the dataset: the saved lists its `list=` filters may
/// name (their snapshots, from the server) and a suppression file in force.
#[derive(Debug, Default)]
pub struct ListContext {
    /// Saved lists by id.
    pub lists: SavedLists,
    /// Accounts and contacts removed by a loaded suppression file.
    pub suppression: Option<AppliedSuppression>,
    /// Saved lists whose snapshot is still on its way: left out of the list without a
    /// problem report (it follows when they arrive).
    pub pending: std::collections::BTreeSet<u64>,
    /// The user's ranking weights (intent order and scores).
    pub weights: Weights,
}

impl ListContext {
    fn engine(&self) -> Context<'_> {
        Context {
            lists: Some(&self.lists),
            suppression: self.suppression.as_ref(),
        }
    }
}

/// A compiled suppression list: domains and email pseudonyms.
pub type SuppressionSet = clearlist_engine::suppression::SuppressionSet;

/// Compiles domains and pseudonyms (16 hex digits each; anything else is skipped).
#[must_use]
pub fn suppression_set(domains: Vec<String>, pseudonyms: &[String]) -> SuppressionSet {
    let pseudonyms = pseudonyms
        .iter()
        .filter_map(|hex| u64::from_str_radix(hex, 16).ok())
        .map(clearlist_engine::pseudonym::Pseudonym)
        .collect();
    SuppressionSet::new(domains, pseudonyms)
}

/// What `set` removes from the dataset: accounts by domain, contacts by pseudonym or
/// email domain.
#[must_use]
pub fn apply_suppression(dataset: &Dataset, set: &SuppressionSet) -> AppliedSuppression {
    dataset.apply_suppression(set)
}

/// Everything either suppression removes (a loaded file and the organisation's lists).
#[must_use]
pub fn combined_suppression(
    first: Option<&AppliedSuppression>,
    second: Option<&AppliedSuppression>,
) -> Option<AppliedSuppression> {
    match (first, second) {
        (None, None) => None,
        (Some(one), None) | (None, Some(one)) => Some(one.clone()),
        (Some(a), Some(b)) => Some(AppliedSuppression {
            accounts: &a.accounts | &b.accounts,
            contacts: &a.contacts | &b.contacts,
        }),
    }
}

/// Binds a list to the dataset, leaving out what the dataset does not know, so the rest of
/// the list still shows: the list as bound, what was left out for the user (saved lists
/// still loading are left out quietly), and the definition that was bound.
fn resolve_lenient<'a>(
    dataset: &'a Dataset,
    query: &ListQuery,
    context: &'a ListContext,
) -> (ResolvedQuery<'a>, Vec<UrlProblem>, ListQuery) {
    let lenient = ResolvedQuery::resolve_lenient(dataset, query, context.engine());
    let problems = lenient
        .left_out
        .iter()
        .filter(
            |error| !matches!(error, QueryError::UnknownList(id) if context.pending.contains(id)),
        )
        .map(|error| UrlProblem {
            parameter: Some(error.parameter().to_owned()),
            message: error.to_string(),
        })
        .collect();
    (lenient.resolved, problems, lenient.query)
}

/// Evaluates a list over the dataset: its count and its first rows in order (one resolve,
/// one filter, a partial ordering). Values the dataset does not know are left out and
/// reported.
#[must_use]
pub fn evaluate(dataset: &Dataset, query: &ListQuery, context: Shared<ListContext>) -> Evaluation {
    let (resolved, problems, query) = resolve_lenient(dataset, query, &context);
    let (count, first) = resolved.first_rows_with(&context.weights, FIRST_ROWS);
    let (contacts, exportable) = resolved.contact_counts();
    Evaluation {
        count,
        contacts,
        exportable,
        first,
        all: std::sync::OnceLock::new(),
        segment: resolved.segment(),
        query,
        context,
        problems,
    }
}

/// The live counts of a list: one engine run with facet counts (each facet counted with
/// every filter but its own) and contacts.
#[must_use]
pub fn count(
    dataset: &Dataset,
    catalog: &Catalog,
    query: &ListQuery,
    context: &ListContext,
) -> Counts {
    let (resolved, ..) = resolve_lenient(dataset, query, context);
    let result = resolved.run(&QueryOptions {
        top: 0,
        facets: true,
        // Every non-zero value: the pickers filter long vocabularies by typing.
        facet_values: usize::MAX,
        contacts: false,
    });
    let facets = Facet::ALL
        .into_iter()
        .map(|facet| {
            let mut values: Vec<ValueCount> = result
                .facets
                .get(facet.slug())
                .into_iter()
                .flatten()
                .map(|counted| ValueCount {
                    label: catalog.label(facet, &counted.value),
                    slug: counted.value.clone(),
                    count: counted.count,
                })
                .collect();
            // Size bands read best in their own order; everything else most frequent first
            // (stable, so ties keep the engine's order).
            if !matches!(facet, Facet::Employees | Facet::Revenue) {
                values.sort_by_key(|value| std::cmp::Reverse(value.count));
            }
            // Values no matching account holds come last, by name, with a zero count: the
            // picker's type-ahead still finds them (and says nothing would match).
            let open_vocabulary = matches!(
                facet,
                Facet::Industry
                    | Facet::Country
                    | Facet::Tech
                    | Facet::Segment
                    | Facet::Topic
                    | Facet::Vendor
            );
            if let Some(labels) = catalog.labels.get(&facet).filter(|_| open_vocabulary) {
                let listed: std::collections::HashSet<&str> =
                    values.iter().map(|value| value.slug.as_str()).collect();
                let mut absent: Vec<ValueCount> = labels
                    .iter()
                    .filter(|(slug, _)| !listed.contains(slug.as_str()))
                    .map(|(slug, label)| ValueCount {
                        slug: slug.clone(),
                        label: label.clone(),
                        count: 0,
                    })
                    .collect();
                absent.sort_by(|a, b| a.label.cmp(&b.label));
                values.extend(absent);
            }
            FacetCounts { facet, values }
        })
        .collect();
    let contact_facet = |key: &str, choices: Vec<Choice>| -> Vec<ValueCount> {
        let counted = result.facets.get(key);
        choices
            .into_iter()
            .map(|choice| ValueCount {
                count: counted
                    .and_then(|values| values.iter().find(|v| v.value == choice.slug))
                    .map_or(0, |v| v.count),
                slug: choice.slug,
                label: choice.label,
            })
            .collect()
    };
    Counts {
        list: encode(query),
        facets,
        functions: contact_facet(FUNCTION_FACET, targeting::function_choices()),
        seniorities: contact_facet(LEVEL_FACET, targeting::seniority_choices()),
    }
}

/// The displayable rows at list positions `range` of an evaluated list, summarised in its
/// ranking segment, scored under its weights, with the contacts its clauses target.
#[must_use]
pub fn account_rows(
    dataset: &Dataset,
    evaluation: &Evaluation,
    range: std::ops::Range<usize>,
) -> Vec<AccountRow> {
    let start = range.start;
    let (segment, weights) = (evaluation.segment, evaluation.weights());
    let clauses = &evaluation.query.contacts;
    let targeting = clauses.is_active();
    let suppression = evaluation.context.suppression.as_ref();
    evaluation
        .rows(dataset, range)
        .iter()
        .enumerate()
        .filter_map(|(offset, &row)| {
            let summary = dataset.summary(dataset.id_of(row), segment)?;
            let score = weighted_score(dataset, row, segment, weights);
            Some(AccountRow {
                id: summary.id,
                rank: start + offset + 1,
                name: summary.name,
                domain: summary.domain,
                country: summary.country_name,
                industry: summary.industry,
                employees: summary.employees,
                gauge: Gauge::from_slug(&summary.gauge).map(|gauge| GaugeView {
                    slug: gauge.slug().to_owned(),
                    label: gauge.label().to_owned(),
                }),
                score,
                signals: Signal::ALL
                    .iter()
                    .map(|signal| SignalDot {
                        slug: signal.slug(),
                        label: signal.label(),
                        lit: summary.signals.iter().any(|lit| lit == signal.slug()),
                    })
                    .collect(),
                contacts: summary.contacts,
                targeted: targeting.then(|| dataset.targeted_contacts(row, clauses, suppression)),
                topics: summary.top_topics,
            })
        })
        .collect()
}

/// A row's intent score in the ranking segment under `weights` (0 without intent there).
#[must_use]
fn weighted_score(dataset: &Dataset, row: u32, segment: Option<u16>, weights: &Weights) -> f64 {
    dataset.ranking_intent(row, segment).map_or(0.0, |intent| {
        f64::from(intent.metrics.explain(weights).centi_score) / 100.0
    })
}

/// One part of "why ranked here": a signal's metric and the points it adds.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreLine {
    /// Signal label.
    pub label: &'static str,
    /// The metric behind it.
    pub metric: f64,
    /// Points before the recency multiplier.
    pub points: f64,
}

/// Why an account has its score in the ranking segment under `weights`: the five parts,
/// the recency multiplier and the score; `None` without intent in that segment.
#[must_use]
pub fn why_ranked(
    dataset: &Dataset,
    id: u32,
    segment: Option<u16>,
    weights: &Weights,
) -> Option<(Vec<ScoreLine>, f64, f64)> {
    let row = dataset.row_of(id)?;
    let intent = dataset.ranking_intent(row, segment)?;
    let explanation = intent.metrics.explain(weights);
    let lines = explanation
        .parts
        .iter()
        .map(|part| ScoreLine {
            label: part.signal.label(),
            metric: part.metric,
            points: part.points,
        })
        .collect();
    Some((
        lines,
        explanation.recency,
        f64::from(explanation.centi_score) / 100.0,
    ))
}

/// Decodes and indexes downloaded dataset bytes.
///
/// # Errors
/// The decoder's message when the bytes are not a dataset this app can read.
pub fn decode_dataset(bytes: &[u8]) -> Result<Dataset, String> {
    Dataset::decode(bytes).map_err(|err| err.to_string())
}

/// The facets' labels for the filter panel.
#[must_use]
pub fn facet_label(facet: Facet) -> &'static str {
    match facet {
        Facet::Industry => "Industry",
        Facet::Country => "HQ country",
        Facet::Region => "HQ region",
        Facet::Employees => "Employees",
        Facet::Revenue => "Revenue",
        Facet::Tech => "Technologies",
        Facet::Segment => "Intent segment",
        Facet::Topic => "Topics",
        Facet::Vendor => "Vendors",
        Facet::Signal => "Purchase signals",
        Facet::Gauge => "Interest gauge",
    }
}

/// Labels of the filter modes.
#[must_use]
pub fn mode_label(mode: Mode) -> &'static str {
    match mode {
        Mode::Any => "Any",
        Mode::All => "All",
        Mode::Not => "Exclude",
    }
}

/// Labels of the sorts.
#[must_use]
pub fn sort_label(sort: Sort) -> &'static str {
    match sort {
        Sort::Intent => "Intent",
        Sort::Name => "Name",
        Sort::Size => "Size",
    }
}

/// Every sort, for the sort picker.
pub const SORTS: [Sort; 3] = Sort::ALL;
