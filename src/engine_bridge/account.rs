//! One account for the account page, its hover card and the company search: the engine's
//! profile with every slug turned into a label.

use clearlist_engine::dataset::Dataset;
use clearlist_engine::intent::Weights;
use clearlist_engine::suppression::normalise_domain;
use clearlist_engine::taxonomy::{Function, Seniority, Signal};

pub use clearlist_engine::profile::{AccountProfile, SegmentProfile};
pub use clearlist_engine::taxonomy::Gauge;
pub use clearlist_engine::typeahead::Suggestion;

/// Company suggestions for the top bar's search, best first: by the start of the name, the
/// start of a word of the name or domain, then any part of three or more characters.
#[must_use]
pub fn suggest(dataset: &Dataset, query: &str, limit: usize) -> Vec<Suggestion> {
    dataset.suggest(query, limit)
}

/// Most domains one by-domain page looks up.
pub const MAX_DOMAINS: usize = 100;

/// One domain a CRM asked about, and the account the dataset has for it.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainMatch {
    /// The domain as asked.
    pub asked: String,
    /// It normalised as account domains are (scheme, `www.`, case and a trailing dot
    /// dropped); `None` when it is not a domain at all.
    pub domain: Option<String>,
    /// The account with that domain, ranked in its strongest segment.
    pub account: Option<clearlist_engine::dataset::AccountSummary>,
}

/// The accounts of a comma-separated list of domains, as a by-domain URL names them (at
/// most [`MAX_DOMAINS`]; repeats kept once).
#[must_use]
pub fn by_domains(dataset: &Dataset, list: &str) -> Vec<DomainMatch> {
    let mut asked: Vec<String> = Vec::new();
    for part in list
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if asked.len() < MAX_DOMAINS && !asked.iter().any(|a| a == part) {
            asked.push(part.to_owned());
        }
    }
    let normalised: Vec<Option<String>> = asked.iter().map(|a| normalise_domain(a)).collect();
    let lookup: Vec<String> = normalised.iter().flatten().cloned().collect();
    let mut rows = dataset.rows_by_domain(&lookup).into_iter();
    asked
        .into_iter()
        .zip(normalised)
        .map(|(asked, domain)| {
            let row = domain.as_ref().and_then(|_| rows.next().flatten());
            DomainMatch {
                asked,
                domain,
                account: row.and_then(|row| dataset.summary(dataset.id_of(row), None)),
            }
        })
        .collect()
}

/// The profile of account `id`, its scores explained under `weights`; `None` when the
/// dataset does not hold it.
#[must_use]
pub fn profile(dataset: &Dataset, id: u32, weights: &Weights) -> Option<AccountProfile> {
    dataset.profile(id, weights)
}

/// A count with its label, for the buying-team bars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labelled {
    /// What the user reads.
    pub label: &'static str,
    /// How many.
    pub count: u32,
}

/// The buying team by function, with labels, in the taxonomy's order.
#[must_use]
pub fn team_by_function(profile: &AccountProfile) -> Vec<Labelled> {
    labelled(&profile.buying_team.by_function, |slug| {
        Function::from_slug(slug).map(Function::label)
    })
}

/// The buying team by seniority, with labels, most senior first.
#[must_use]
pub fn team_by_seniority(profile: &AccountProfile) -> Vec<Labelled> {
    labelled(&profile.buying_team.by_seniority, |slug| {
        Seniority::from_slug(slug).map(Seniority::label)
    })
}

fn labelled(
    counts: &[(String, u32)],
    label: impl Fn(&str) -> Option<&'static str>,
) -> Vec<Labelled> {
    counts
        .iter()
        .filter_map(|(slug, count)| {
            Some(Labelled {
                label: label(slug)?,
                count: *count,
            })
        })
        .collect()
}

/// Where a company is: `city, country` (either left out when unknown).
#[must_use]
pub fn place(summary: &clearlist_engine::dataset::AccountSummary) -> String {
    [summary.city.as_str(), summary.country_name.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The gauge a slug names (Not Active for one the app does not know).
#[must_use]
pub fn gauge_of(slug: &str) -> Gauge {
    Gauge::from_slug(slug).unwrap_or(Gauge::NotActive)
}

/// One signal of a segment: lit or not, the number behind it and the threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct SignalFact {
    /// Stable slug.
    pub slug: &'static str,
    /// Human label.
    pub label: &'static str,
    /// Whether it is lit.
    pub lit: bool,
    /// The number behind it, as a sentence fragment (`7 readers in the busiest week`).
    pub evidence: String,
    /// The rule that lights it.
    pub rule: &'static str,
    /// Points it adds to the score (before the recency multiplier).
    pub points: f64,
}

/// The five signals of a segment with the numbers behind them.
#[must_use]
pub fn signal_facts(segment: &SegmentProfile) -> Vec<SignalFact> {
    let m = segment.metrics;
    Signal::ALL
        .iter()
        .zip(&segment.explanation.parts)
        .map(|(&signal, part)| {
            let (evidence, rule) = match signal {
                Signal::Widespread => (
                    plural(u64::from(m.readers), "reader", "readers") + " in the busiest week",
                    "5 or more readers in a week",
                ),
                Signal::Sustained => (
                    format!("active {} of 13 weeks", m.active_weeks),
                    "active 6 or more of 13 weeks",
                ),
                Signal::LateStage => (
                    plural(
                        u64::from(m.late_stage),
                        "late-stage event",
                        "late-stage events",
                    ),
                    "3 or more late-stage events",
                ),
                Signal::Stakeholder => (
                    plural(
                        u64::from(m.senior_readers),
                        "senior reader",
                        "senior readers",
                    ),
                    "2 or more senior readers in a week",
                ),
                Signal::CrossVendor => (
                    plural(u64::from(m.vendors), "vendor", "vendors") + " compared in a week",
                    "3 or more vendors in a week",
                ),
            };
            SignalFact {
                slug: signal.slug(),
                label: signal.label(),
                lit: segment.signals.contains(&signal),
                evidence,
                rule,
                points: part.points,
            }
        })
        .collect()
}

fn plural(count: u64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", crate::format::count(count))
    }
}
