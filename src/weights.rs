//! Each user's ranking weights: how much each of the five signals' metrics counts in the
//! intent score that orders lists (see the engine's `intent` module for the formula). They
//! are kept in this browser per organisation and user (`localStorage`), follow the user
//! from list to list, and the "why ranked here" explanations use them. Exports do not
//! depend on them: an export holds the list's accounts, in any order.

use crate::engine_bridge::Weights;
use leptos::prelude::*;

use crate::api::Session;

/// The signed-in user's weights, shared through context.
#[derive(Clone, Copy, Debug)]
pub struct WeightsState(pub RwSignal<Weights>);

impl WeightsState {
    /// The weights stored for `session`'s user (the defaults when none are), written back
    /// on every change. Call inside the signed-in view.
    #[must_use]
    pub fn for_session(session: &Session) -> Self {
        let key = storage_key(session);
        let stored = storage()
            .and_then(|storage| storage.get_item(&key).ok().flatten())
            .and_then(|text| serde_json::from_str::<Weights>(&text).ok())
            .filter(valid)
            .unwrap_or_default();
        let weights = RwSignal::new(stored);
        Effect::new(move |_| {
            let current = weights.get();
            if let Some(storage) = storage() {
                let _ = if current == Weights::default() {
                    storage.remove_item(&key)
                } else {
                    serde_json::to_string(&current)
                        .map_or(Ok(()), |text| storage.set_item(&key, &text))
                };
            }
        });
        Self(weights)
    }
}

/// One tunable weight: its label and how to read and set it.
pub struct Knob {
    /// The signal it weighs (its slug).
    pub signal: &'static str,
    /// What the user reads.
    pub label: &'static str,
    /// The metric behind it.
    pub metric: &'static str,
    /// Reads the weight.
    pub get: fn(&Weights) -> f64,
    /// Sets the weight.
    pub set: fn(&mut Weights, f64),
}

/// The five weights, in the signals' order.
pub const KNOBS: [Knob; 5] = [
    Knob {
        signal: "widespread",
        label: "Widespread",
        metric: "readers in the busiest week",
        get: |w| w.readers,
        set: |w, v| w.readers = v,
    },
    Knob {
        signal: "sustained",
        label: "Sustained",
        metric: "active weeks of 13",
        get: |w| w.sustained,
        set: |w, v| w.sustained = v,
    },
    Knob {
        signal: "late-stage",
        label: "Late Stage",
        metric: "late-stage events",
        get: |w| w.late_stage,
        set: |w, v| w.late_stage = v,
    },
    Knob {
        signal: "stakeholder",
        label: "Stakeholder",
        metric: "senior readers",
        get: |w| w.stakeholder,
        set: |w, v| w.stakeholder = v,
    },
    Knob {
        signal: "cross-vendor",
        label: "Cross-Vendor",
        metric: "vendors compared",
        get: |w| w.cross_vendor,
        set: |w, v| w.cross_vendor = v,
    },
];

/// The highest weight the controls offer.
pub const MAX_WEIGHT: f64 = 10.0;

/// Weights a user could have set: finite, between 0 and [`MAX_WEIGHT`].
fn valid(weights: &Weights) -> bool {
    KNOBS
        .iter()
        .all(|knob| (0.0..=MAX_WEIGHT).contains(&(knob.get)(weights)))
}

fn storage_key(session: &Session) -> String {
    format!(
        "clearlist-weights-v1/tenant-{}/user-{}",
        session.tenant.id, session.user.id
    )
}

/// `localStorage`, when the page may use it. Not `gloo-storage`: it throws when storage is
/// refused, which a browser does to an embed inside a CRM when it blocks third-party
/// storage; the weights then only last the visit.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
