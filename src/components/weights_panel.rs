//! "Ranking weights": five sliders, one per signal, that tune how the intent score orders
//! the user's lists (and what "why ranked here" shows); "Reset" restores the defaults.
//!
//! Test hooks: `weights-button` (with `data-tuned`), `weight-{signal}` (the range inputs),
//! `weights-reset`.

use leptos::prelude::*;

use crate::engine_bridge::Weights;
use crate::weights::{KNOBS, MAX_WEIGHT, WeightsState};

/// The weights button and its popover; nothing when the view has no weights (component
/// tests that mount the builder alone).
#[component]
pub fn WeightsPanel() -> impl IntoView {
    let WeightsState(weights) = use_context::<WeightsState>()?;
    let open = RwSignal::new(false);
    let tuned = move || weights.get() != Weights::default();
    let sliders = KNOBS
        .iter()
        .map(|knob| {
            let get = knob.get;
            let set = knob.set;
            view! {
                <label class="weight">
                    <span class="weight-label">{knob.label}</span>
                    <span class="muted small">{knob.metric}</span>
                    <input
                        type="range"
                        min="0"
                        max=MAX_WEIGHT.to_string()
                        step="0.5"
                        data-testid=format!("weight-{}", knob.signal)
                        prop:value=move || get(&weights.get()).to_string()
                        on:input=move |ev| {
                            if let Ok(value) = event_target_value(&ev).parse::<f64>() {
                                weights.update(|w| set(w, value.clamp(0.0, MAX_WEIGHT)));
                            }
                        }
                    />
                    <output class="weight-value">{move || format!("{:.1}", get(&weights.get()))}</output>
                </label>
            }
        })
        .collect_view();
    Some(view! {
        <div class="action weights">
            <button
                type="button"
                class="button secondary"
                data-testid="weights-button"
                data-tuned=move || tuned().to_string()
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|open| *open = !*open)
            >
                "Ranking weights"
                {move || tuned().then(|| view! { <span class="badge new">"tuned"</span> })}
            </button>
            <div class="popover weights-popover" hidden=move || !open.get()>
                <p class="muted small">
                    "How much each signal's numbers count in the intent score. Your lists are ranked by these weights; they are kept in this browser for you."
                </p>
                {sliders}
                <button
                    type="button"
                    class="button secondary"
                    data-testid="weights-reset"
                    disabled=move || !tuned()
                    on:click=move |_| weights.set(Weights::default())
                >
                    "Reset to defaults"
                </button>
            </div>
        </div>
    })
}
