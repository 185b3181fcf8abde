//! The one place the app calls the engine.
//!
//! Pages work with the plain view types below ([`ListView`], [`AccountRow`], ...), never
//! with engine types, so following a change of the engine's API is a change to this file.

use std::fmt;

use clearlist_engine::list_url;
use clearlist_engine::query::{self, QueryOptions};
use clearlist_engine::taxonomy::{Facet, Gauge, Signal};

/// The decoded, indexed dataset the browser queries.
pub type Dataset = clearlist_engine::dataset::Dataset;

/// How many ranked accounts the list page shows.
pub const TOP_ACCOUNTS: usize = 10;

/// A list definition evaluated over the dataset, ready to display.
#[derive(Clone, Debug, PartialEq)]
pub struct ListView {
    /// Number of matching accounts.
    pub count: u64,
    /// The first [`TOP_ACCOUNTS`] accounts in list order.
    pub top: Vec<AccountRow>,
}

/// One ranked account as a list row shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountRow {
    /// Account id (stable across datasets built from the same vault).
    pub id: u32,
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

/// Why a list cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListError {
    /// The URL fragment is not a valid list URL.
    Url(String),
    /// The URL is well formed but names values this dataset lacks.
    Query(String),
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListError::Url(message) => write!(f, "This list link is not valid: {message}."),
            ListError::Query(message) => write!(f, "This list cannot be shown: {message}."),
        }
    }
}

/// Decodes and indexes downloaded dataset bytes.
///
/// # Errors
/// The decoder's message when the bytes are not a dataset this app can read.
pub fn decode_dataset(bytes: &[u8]) -> Result<Dataset, String> {
    Dataset::decode(bytes).map_err(|err| err.to_string())
}

/// Evaluates the list URL `fragment` (without `#`) over `dataset`.
///
/// # Errors
/// [`ListError::Url`] for a malformed fragment, [`ListError::Query`] for one naming
/// unknown values.
pub fn run_list(dataset: &Dataset, fragment: &str) -> Result<ListView, ListError> {
    let query = list_url::decode(fragment).map_err(|err| ListError::Url(err.to_string()))?;
    let options = QueryOptions {
        top: TOP_ACCOUNTS,
        // The list page shows no facet counts yet; skipping them saves a pass over the rows.
        facets: false,
        ..QueryOptions::default()
    };
    let result =
        query::run(dataset, &query, &options).map_err(|err| ListError::Query(err.to_string()))?;
    // Summaries show gauge and signals in the segment that ranks the list.
    let segment = query
        .segment
        .as_deref()
        .and_then(|slug| dataset.dictionary(Facet::Segment)?.index(slug))
        .and_then(|index| u16::try_from(index).ok());
    let top = result
        .top
        .iter()
        .filter_map(|ranked| {
            let summary = dataset.summary(ranked.id, segment)?;
            Some(AccountRow {
                id: summary.id,
                name: summary.name,
                domain: summary.domain,
                country: summary.country_name,
                industry: summary.industry,
                employees: summary.employees,
                gauge: Gauge::from_slug(&summary.gauge).map(|gauge| GaugeView {
                    slug: gauge.slug().to_owned(),
                    label: gauge.label().to_owned(),
                }),
                score: ranked.score,
                signals: Signal::ALL
                    .iter()
                    .map(|signal| SignalDot {
                        slug: signal.slug(),
                        label: signal.label(),
                        lit: summary.signals.iter().any(|lit| lit == signal.slug()),
                    })
                    .collect(),
            })
        })
        .collect();
    Ok(ListView {
        count: result.count,
        top,
    })
}
