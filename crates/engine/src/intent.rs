//! Intent: from thirteen weeks of activity to the five signals, the interest gauge and an
//! explainable score.
//!
//! # Metrics (per account and segment, over the 13 weeks)
//! - `readers`: distinct readers in the busiest week (a lower bound on distinct readers).
//! - `active_weeks`: weeks with at least one reader.
//! - `recent_weeks`: of the last 4 weeks, those with at least one reader.
//! - `late_stage`: late-stage content events, summed.
//! - `senior_readers`: senior readers (director and above) in the busiest week for them.
//! - `vendors`: distinct vendors read in the busiest week for vendors.
//!
//! # Signals (thresholds)
//! | signal | lit when |
//! |---|---|
//! | Widespread | `readers >= 5` |
//! | Sustained | `active_weeks >= 6` |
//! | Late Stage | `late_stage >= 3` |
//! | Stakeholder | `senior_readers >= 2` |
//! | Cross-Vendor | `vendors >= 3` |
//!
//! # Gauge
//! Evaluating Vendors when Late Stage is lit, at least three signals are lit and there was
//! activity in the last 4 weeks; otherwise Ramping Up when a signal is lit or there was
//! activity in at least 2 of the last 4 weeks; otherwise Not Active.
//!
//! # Score
//! The sum of five parts, each a weight times a damped metric, scaled by recency:
//! ```text
//! (3·ln(1+readers) + 4·active_weeks/13 + 2·ln(1+late_stage) + 2·ln(1+senior_readers)
//!  + 1.5·ln(1+vendors)) × (0.5 + 0.5·recent_weeks/4)
//! ```
//! Scores are kept in hundredths (`u16` centi-points) so that native and WASM rank
//! identically; ties are broken by account id.

use crate::taxonomy::{Gauge, Signal};
use crate::vault::{WEEKS, WeekActivity};

/// Signal thresholds and score weights (the documented defaults are [`Weights::default`]).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Weights {
    /// Weight of `ln(1+readers)`.
    pub readers: f64,
    /// Weight of `active_weeks/13`.
    pub sustained: f64,
    /// Weight of `ln(1+late_stage)`.
    pub late_stage: f64,
    /// Weight of `ln(1+senior_readers)`.
    pub stakeholder: f64,
    /// Weight of `ln(1+vendors)`.
    pub cross_vendor: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            readers: 3.0,
            sustained: 4.0,
            late_stage: 2.0,
            stakeholder: 2.0,
            cross_vendor: 1.5,
        }
    }
}

/// The aggregate numbers behind an account's signals in one segment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Metrics {
    /// Distinct readers in the busiest week.
    pub readers: u16,
    /// Weeks (of 13) with at least one reader.
    pub active_weeks: u8,
    /// Weeks (of the last 4) with at least one reader.
    pub recent_weeks: u8,
    /// Late-stage events over the 13 weeks.
    pub late_stage: u16,
    /// Senior readers in the busiest week for them.
    pub senior_readers: u16,
    /// Distinct vendors read in the busiest week for vendors.
    pub vendors: u16,
}

/// Signal thresholds (see the module doc).
pub const WIDESPREAD_READERS: u16 = 5;
/// Active weeks for Sustained.
pub const SUSTAINED_WEEKS: u8 = 6;
/// Late-stage events for Late Stage.
pub const LATE_STAGE_EVENTS: u16 = 3;
/// Senior readers for Stakeholder.
pub const STAKEHOLDER_READERS: u16 = 2;
/// Vendors for Cross-Vendor.
pub const CROSS_VENDOR_VENDORS: u16 = 3;

impl Metrics {
    /// Aggregates thirteen weeks of activity.
    #[must_use]
    pub fn from_weeks(weeks: &[WeekActivity; WEEKS]) -> Metrics {
        let active = |week: &WeekActivity| week.readers > 0;
        let count = |iter: std::slice::Iter<'_, WeekActivity>| {
            u8::try_from(iter.filter(|w| active(w)).count()).unwrap_or(u8::MAX)
        };
        Metrics {
            readers: weeks.iter().map(|w| w.readers).max().unwrap_or(0),
            active_weeks: count(weeks.iter()),
            recent_weeks: count(weeks[WEEKS - 4..].iter()),
            late_stage: weeks
                .iter()
                .fold(0u16, |acc, w| acc.saturating_add(w.late_stage)),
            senior_readers: weeks.iter().map(|w| w.senior_readers).max().unwrap_or(0),
            vendors: weeks.iter().map(|w| w.vendors).max().unwrap_or(0),
        }
    }

    /// The signals these metrics light, as a bit set indexed by [`Signal::index`].
    #[must_use]
    pub fn signals(&self) -> SignalSet {
        let mut set = SignalSet::default();
        set.set(Signal::Widespread, self.readers >= WIDESPREAD_READERS);
        set.set(Signal::Sustained, self.active_weeks >= SUSTAINED_WEEKS);
        set.set(Signal::LateStage, self.late_stage >= LATE_STAGE_EVENTS);
        set.set(
            Signal::Stakeholder,
            self.senior_readers >= STAKEHOLDER_READERS,
        );
        set.set(Signal::CrossVendor, self.vendors >= CROSS_VENDOR_VENDORS);
        set
    }

    /// The interest gauge.
    #[must_use]
    pub fn gauge(&self) -> Gauge {
        let signals = self.signals();
        if signals.contains(Signal::LateStage) && signals.len() >= 3 && self.recent_weeks >= 1 {
            Gauge::EvaluatingVendors
        } else if !signals.is_empty() || self.recent_weeks >= 2 {
            Gauge::RampingUp
        } else {
            Gauge::NotActive
        }
    }

    /// The score's parts under `weights`, each with the metric it came from.
    #[must_use]
    pub fn explain(&self, weights: &Weights) -> Explanation {
        let damp = |value: u16| (1.0 + f64::from(value)).ln();
        let parts = [
            (
                Signal::Widespread,
                f64::from(self.readers),
                weights.readers * damp(self.readers),
            ),
            (
                Signal::Sustained,
                f64::from(self.active_weeks),
                weights.sustained * f64::from(self.active_weeks) / 13.0,
            ),
            (
                Signal::LateStage,
                f64::from(self.late_stage),
                weights.late_stage * damp(self.late_stage),
            ),
            (
                Signal::Stakeholder,
                f64::from(self.senior_readers),
                weights.stakeholder * damp(self.senior_readers),
            ),
            (
                Signal::CrossVendor,
                f64::from(self.vendors),
                weights.cross_vendor * damp(self.vendors),
            ),
        ]
        .map(|(signal, metric, points)| ScorePart {
            signal,
            metric,
            points,
        });
        let recency = 0.5 + 0.5 * f64::from(self.recent_weeks.min(4)) / 4.0;
        let raw: f64 = parts.iter().map(|part| part.points).sum::<f64>() * recency;
        Explanation {
            parts,
            recency,
            centi_score: to_centi(raw),
        }
    }

    /// The score in hundredths under the default weights.
    #[must_use]
    pub fn centi_score(&self) -> u16 {
        self.explain(&Weights::default()).centi_score
    }
}

/// Why an account has its score.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Explanation {
    /// One part per signal, in [`Signal::ALL`] order.
    pub parts: [ScorePart; 5],
    /// The recency multiplier (0.5 to 1).
    pub recency: f64,
    /// The score in hundredths.
    pub centi_score: u16,
}

/// One part of a score.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct ScorePart {
    /// The signal this part measures.
    #[serde(serialize_with = "serialize_slug")]
    pub signal: Signal,
    /// The metric behind it.
    pub metric: f64,
    /// Points before the recency multiplier.
    pub points: f64,
}

fn serialize_slug<S: serde::Serializer>(signal: &Signal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(signal.slug())
}

/// A set of signals as a 5-bit mask.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SignalSet(pub u8);

impl SignalSet {
    /// Adds or removes a signal.
    pub fn set(&mut self, signal: Signal, lit: bool) {
        let bit = 1 << signal.index();
        if lit {
            self.0 |= bit;
        } else {
            self.0 &= !bit;
        }
    }

    /// Whether `signal` is lit.
    #[must_use]
    pub fn contains(self, signal: Signal) -> bool {
        self.0 & (1 << signal.index()) != 0
    }

    /// Number of lit signals.
    #[must_use]
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// Whether no signal is lit.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The lit signals in [`Signal::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Signal> {
        Signal::ALL
            .iter()
            .copied()
            .filter(move |signal| self.contains(*signal))
    }
}

/// Converts points to hundredths, saturating, rounding half away from zero.
#[must_use]
pub fn to_centi(points: f64) -> u16 {
    let centi = (points * 100.0).round();
    if centi <= 0.0 {
        0
    } else if centi >= f64::from(u16::MAX) {
        u16::MAX
    } else {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "range checked above"
        )]
        {
            centi as u16
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn weeks(pattern: &[(u16, u16, u16, u16)]) -> [WeekActivity; WEEKS] {
        let mut weeks = [WeekActivity::default(); WEEKS];
        for (slot, &(readers, senior_readers, late_stage, vendors)) in
            weeks.iter_mut().rev().zip(pattern.iter().rev())
        {
            *slot = WeekActivity {
                readers,
                senior_readers,
                late_stage,
                vendors,
            };
        }
        weeks
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn silent_account_is_not_active_with_zero_score() {
        let metrics = Metrics::from_weeks(&[WeekActivity::default(); WEEKS]);
        assert!(metrics.signals().is_empty());
        assert_eq!(metrics.gauge(), Gauge::NotActive);
        assert_eq!(metrics.centi_score(), 0);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn evaluating_account_lights_signals_and_scores_higher() {
        let hot = Metrics::from_weeks(&weeks(&[(6, 2, 1, 3); 8]));
        assert_eq!(hot.readers, 6);
        assert_eq!(hot.active_weeks, 8);
        assert_eq!(hot.recent_weeks, 4);
        assert_eq!(hot.late_stage, 8);
        assert_eq!(hot.signals().len(), 5);
        assert_eq!(hot.gauge(), Gauge::EvaluatingVendors);
        let warm = Metrics::from_weeks(&weeks(&[(2, 0, 0, 1), (1, 0, 0, 1)]));
        assert_eq!(warm.gauge(), Gauge::RampingUp);
        assert!(hot.centi_score() > warm.centi_score());
        let explanation = hot.explain(&Weights::default());
        let sum: f64 = explanation.parts.iter().map(|p| p.points).sum();
        assert_eq!(to_centi(sum * explanation.recency), explanation.centi_score);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn centi_saturates() {
        assert_eq!(to_centi(-1.0), 0);
        assert_eq!(to_centi(1.234), 123);
        assert_eq!(to_centi(1e9), u16::MAX);
    }
}
