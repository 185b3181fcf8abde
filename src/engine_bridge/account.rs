//! One account for the account page, its hover card and the company search: the engine's
//! profile with every slug turned into a label.

use clearlist_engine::dataset::Dataset;
use clearlist_engine::intent::Weights;
use clearlist_engine::taxonomy::{Function, Seniority, Signal};

pub use clearlist_engine::profile::{AccountProfile, SegmentProfile};
pub use clearlist_engine::taxonomy::Gauge;
pub use clearlist_engine::typeahead::Suggestion;

/// Company suggestions for the top bar's search, best first.
#[must_use]
pub fn suggest(dataset: &Dataset, prefix: &str, limit: usize) -> Vec<Suggestion> {
    dataset.suggest(prefix, limit)
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
