//! An account's profile: everything the dataset knows about one company, for the account
//! page and its embed view. Only de-identified data: contacts appear as counts.

use crate::dataset::{AccountSummary, BuyingTeam, Dataset};
use crate::intent::{Explanation, Metrics, Weights};
use crate::taxonomy::{Gauge, Region, Signal};

/// One account, in full.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AccountProfile {
    /// What a list row shows, ranked by the account's strongest segment.
    pub summary: AccountSummary,
    /// HQ region label, when known.
    pub region: Option<&'static str>,
    /// Technologies in use: (slug, label), in dictionary order.
    pub technologies: Vec<(String, String)>,
    /// Every topic read: (slug, label), most read first.
    pub topics: Vec<(String, String)>,
    /// Every vendor read: (slug, label), most read first. The first is the vendor that
    /// influenced the account most over the intent window (13 weeks, the last 90 days).
    pub vendors: Vec<(String, String)>,
    /// Contacts by function and seniority.
    pub buying_team: BuyingTeam,
    /// Intent per segment the account shows activity in, strongest first.
    pub segments: Vec<SegmentProfile>,
}

/// An account's intent in one segment.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SegmentProfile {
    /// Segment slug.
    pub slug: String,
    /// Segment label.
    pub label: String,
    /// Interest gauge.
    #[serde(serialize_with = "serialize_gauge")]
    pub gauge: Gauge,
    /// Lit signals, in [`Signal::ALL`] order.
    #[serde(serialize_with = "serialize_signals")]
    pub signals: Vec<Signal>,
    /// The numbers behind the signals.
    pub metrics: Metrics,
    /// The score's parts under the weights asked for.
    pub explanation: Explanation,
}

impl Dataset {
    /// The profile of account `id` with its scores explained under `weights`; `None` when
    /// the account is not in the dataset.
    #[must_use]
    pub fn profile(&self, id: u32, weights: &Weights) -> Option<AccountProfile> {
        let row = self.row_of(id)?;
        let r = row as usize;
        let pairs = |dictionary: &crate::dataset::Dictionary, indexes: &[u16]| {
            indexes
                .iter()
                .map(|&index| {
                    let index = usize::from(index);
                    (
                        dictionary.slug(index).to_owned(),
                        dictionary.label(index).to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let mut segments: Vec<SegmentProfile> = self
            .intents(row)
            .iter()
            .map(|intent| SegmentProfile {
                slug: self.segments.slug(usize::from(intent.segment)).to_owned(),
                label: self.segments.label(usize::from(intent.segment)).to_owned(),
                gauge: intent.gauge,
                signals: Signal::ALL
                    .iter()
                    .copied()
                    .filter(|&signal| intent.signals.contains(signal))
                    .collect(),
                metrics: intent.metrics,
                explanation: intent.metrics.explain(weights),
            })
            .collect();
        segments.sort_by(|a, b| {
            b.explanation
                .centi_score
                .cmp(&a.explanation.centi_score)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        Some(AccountProfile {
            summary: self.summary(id, None)?,
            region: Region::from_index(self.region[r]).map(Region::label),
            technologies: pairs(&self.technologies, self.techs.row(r)),
            topics: pairs(&self.topics, self.account_topics.row(r)),
            vendors: pairs(&self.vendors, self.account_vendors.row(r)),
            buying_team: self.buying_team(row),
            segments,
        })
    }
}

fn serialize_gauge<S: serde::Serializer>(gauge: &Gauge, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(gauge.slug())
}

fn serialize_signals<S: serde::Serializer>(
    signals: &[Signal],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(signals.iter().map(|signal| signal.slug()))
}
