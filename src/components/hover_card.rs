//! The hover card of a company name in the accounts table: company intelligence at a
//! glance (HQ, size, revenue, the gauge and signals in the list's segment, the buying team
//! under the list — targeted and exportable contacts — and by function, top interests, the
//! most-influencing vendor), why it ranks where it does under
//! the user's weights, and "Open profile" and "Save account". It opens after a short hover, or at once when the name link gets keyboard
//! focus, and stays while the pointer is over it; Escape closes it.
//!
//! Test hooks: `hover-card` (with `data-account-id`), `hover-open-profile`, `why-ranked`
//! (with `data-score`).

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::components::buying_team::{TeamScope, summary_text};
use crate::components::company_search::account_href;
use crate::components::gauge_pill;
use crate::components::save_account::SaveAccount;
use crate::engine_bridge::account;
use crate::engine_bridge::{self, Dataset, Weights};
use crate::format;
use crate::weights::WeightsState;

/// How long the pointer rests on a name before the card opens.
pub const OPEN_DELAY: Duration = Duration::from_millis(350);
/// How long the card stays after the pointer leaves it or the name.
pub const CLOSE_DELAY: Duration = Duration::from_millis(250);
/// Room the card needs below a name; with less, it opens above (where there is more).
const CARD_HEIGHT: f64 = 280.0;
/// The card's width (the stylesheet's `.hover-card`), to keep it inside the window.
const CARD_WIDTH: f64 = 540.0;
/// Space kept between the card and the window's edges.
const MARGIN: f64 = 8.0;

/// Where the card goes for a name's box: below it, or above when the room below is short
/// and there is more above; as tall as that room allows (it scrolls inside beyond), and
/// moved left to stay in the window.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Placement {
    above: bool,
    top: f64,
    left: f64,
    max_height: f64,
}

impl Placement {
    fn of(at: &HoverAt) -> Self {
        let size = |value: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>, default| {
            value.ok().and_then(|v| v.as_f64()).unwrap_or(default)
        };
        let height = size(window().inner_height(), 900.0);
        let width = size(window().inner_width(), 1440.0);
        Self::within(at, width, height)
    }

    fn within(at: &HoverAt, width: f64, height: f64) -> Self {
        let below = height - at.bottom - 2.0 * MARGIN;
        let room_above = at.top - 2.0 * MARGIN;
        let above = below < CARD_HEIGHT && room_above > below;
        Self {
            above,
            top: if above {
                at.top - MARGIN
            } else {
                at.bottom + MARGIN
            },
            left: at.left.min(width - CARD_WIDTH - MARGIN).max(MARGIN),
            max_height: if above { room_above } else { below }.max(160.0),
        }
    }
}

/// Where a card shows: the account and the name's box in viewport pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HoverAt {
    /// Account id.
    pub id: u32,
    /// Top of the name's box.
    pub top: f64,
    /// Bottom of the name's box.
    pub bottom: f64,
    /// Left of the name's box.
    pub left: f64,
}

/// Opens and closes the card with delays; a newer request cancels a pending one.
#[derive(Clone, Copy)]
pub struct HoverControl {
    /// The card shown, if any.
    pub shown: RwSignal<Option<HoverAt>>,
    generation: StoredValue<u64>,
}

impl HoverControl {
    /// A control with no card shown.
    #[must_use]
    pub fn new() -> Self {
        Self {
            shown: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Shows `next` (or closes, for `None`) after `delay`, unless something else is asked
    /// for first.
    pub fn request(self, next: Option<HoverAt>, delay: Duration) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        if delay.is_zero() {
            self.shown.set(next);
            return;
        }
        set_timeout(
            move || {
                if self.generation.try_get_value() == Some(generation) {
                    self.shown.try_set(next);
                }
            },
            delay,
        );
    }

    /// Cancels a pending change (the pointer came back).
    pub fn hold(self) {
        self.generation.update_value(|generation| *generation += 1);
    }
}

impl Default for HoverControl {
    fn default() -> Self {
        Self::new()
    }
}

/// The card, positioned by the viewport (so the table's clipping never cuts it).
#[component]
pub fn HoverCard(
    /// The dataset.
    dataset: Rc<Dataset>,
    /// The list's ranking segment (gauge and signals are those of this segment).
    segment: Option<u16>,
    /// Where and whom.
    at: HoverAt,
    /// The control, so the card holds itself open while hovered.
    control: HoverControl,
) -> impl IntoView {
    let Some(summary) = dataset.summary(at.id, segment) else {
        return ().into_any();
    };
    let profile = account::profile(&dataset, at.id, &Weights::default());
    let place_at = Placement::of(&at);
    let functions = profile
        .as_ref()
        .map(|profile| {
            let mut team = account::team_by_function(profile);
            team.sort_by_key(|entry| std::cmp::Reverse(entry.count));
            team.into_iter()
                .filter(|entry| entry.count > 0)
                .take(3)
                .map(|entry| format!("{} {}", entry.count, entry.label))
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default();
    let top_vendor = profile
        .as_ref()
        .and_then(|profile| profile.vendors.first())
        .map(|(_, label)| label.clone());
    let lit = summary.signals.len();
    let weights = use_context::<WeightsState>()
        .map(|WeightsState(weights)| weights.get_untracked())
        .unwrap_or_default();
    // Explained once: the score the row shows (under the user's weights) and its parts.
    let explained = engine_bridge::why_ranked(&dataset, at.id, segment, &weights);
    let score = explained.as_ref().map_or(0.0, |(_, _, score)| *score);
    let why = explained.map(|explained| why_ranked_view(explained, &weights));
    let place = account::place(&summary);
    // Judged by the list the card was opened from: whom it targets, who may be exported.
    let team_line = use_context::<TeamScope>()
        .and_then(|scope| {
            let targeting = scope
                .query
                .with_untracked(engine_bridge::targeting::is_targeting);
            scope
                .team(&dataset, at.id)
                .map(|team| summary_text(&team, targeting))
        })
        .unwrap_or_else(|| format::contacts(u64::from(summary.contacts)));
    view! {
        <div
            class="hover-card"
            class:above=place_at.above
            role="dialog"
            aria-label=format!("{} at a glance", summary.name)
            data-testid="hover-card"
            data-account-id=at.id.to_string()
            style:top=format!("{}px", place_at.top)
            style:left=format!("{}px", place_at.left)
            style:max-height=format!("{}px", place_at.max_height)
            on:mouseenter=move |_| control.hold()
            on:mouseleave=move |_| control.request(None, CLOSE_DELAY)
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    control.request(None, Duration::ZERO);
                }
            }
        >
            <h3>{summary.name.clone()}</h3>
            <p class="muted">{format!("{} · {}", summary.domain, summary.industry)}</p>
            <dl class="facts compact">
                <div><dt>"HQ"</dt><dd>{place}</dd></div>
                <div><dt>"Employees"</dt><dd>{summary.employees.clone()}</dd></div>
                <div><dt>"Revenue"</dt><dd>{summary.revenue.clone()}</dd></div>
                <div class="two">
                    <dt>"Interest"</dt>
                    <dd>
                        {gauge_pill(account::gauge_of(&summary.gauge))}
                        {format!(" {} · {lit} of 5 signals", format::score(score))}
                    </dd>
                </div>
                <div><dt>"Top vendor"</dt><dd>{top_vendor.unwrap_or_else(|| "none".to_owned())}</dd></div>
                <div class="two">
                    <dt>"Buying team"</dt>
                    <dd data-testid="hover-team">{team_line}</dd>
                </div>
                <div><dt>"Functions"</dt><dd>{functions}</dd></div>
                <div class="wide"><dt>"Interests"</dt><dd>{summary.top_topics.join(", ")}</dd></div>
            </dl>
            {why}
            <div class="hover-actions">
                <a class="button secondary" href=account_href(at.id) data-testid="hover-open-profile">
                    "Open profile"
                </a>
                <SaveAccount id=at.id />
            </div>
        </div>
    }
    .into_any()
}

/// "Why ranked here": each signal's metric and points, the recency multiplier, the score.
fn why_ranked_view(
    (lines, recency, score): (Vec<engine_bridge::ScoreLine>, f64, f64),
    weights: &Weights,
) -> impl IntoView + use<> {
    let rows = lines
        .into_iter()
        .map(|line| {
            view! {
                <tr>
                    <th scope="row">{line.label}</th>
                    <td class="num">{format!("{}", line.metric)}</td>
                    <td class="num">{format!("+{:.2}", line.points)}</td>
                </tr>
            }
        })
        .collect_view();
    let tuned = *weights != Weights::default();
    view! {
        <details class="why-ranked" data-testid="why-ranked" data-score=format::score(score)>
            <summary>
                {format!("Why ranked here: score {}", format::score(score))}
                {tuned.then_some(" (your weights)")}
            </summary>
            <table>
                <thead><tr><th scope="col">"Signal"</th><th scope="col" class="num">"Metric"</th><th scope="col" class="num">"Points"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted small">{format!("Sum × recency {recency:.2} (activity in the last 4 weeks) = {}", format::score(score))}</p>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn at(top: f64, left: f64) -> HoverAt {
        HoverAt {
            id: 1,
            top,
            bottom: top + 20.0,
            left,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_card_opens_where_there_is_room_and_stays_in_the_window() {
        let below = Placement::within(&at(200.0, 400.0), 1440.0, 900.0);
        assert!(!below.above);
        assert_eq!(below.top, 228.0);
        assert_eq!(below.max_height, 900.0 - 220.0 - 16.0);
        // Near the bottom: above, no taller than the room above.
        let above = Placement::within(&at(760.0, 400.0), 1440.0, 900.0);
        assert!(above.above);
        assert_eq!(above.max_height, 760.0 - 16.0);
        // Near the right edge: moved left so the whole card shows.
        let right = Placement::within(&at(200.0, 1300.0), 1440.0, 900.0);
        assert_eq!(right.left, 1440.0 - CARD_WIDTH - MARGIN);
        // A phone: never off the left edge.
        assert_eq!(
            Placement::within(&at(200.0, 20.0), 390.0, 844.0).left,
            MARGIN
        );
    }
}
