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
/// Room the card needs below a name; with less, it opens above.
const CARD_HEIGHT: f64 = 320.0;

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
    let viewport = window()
        .inner_height()
        .ok()
        .and_then(|height| height.as_f64())
        .unwrap_or(900.0);
    let above = at.bottom + CARD_HEIGHT > viewport && at.top > CARD_HEIGHT;
    let top = if above { at.top - 6.0 } else { at.bottom + 6.0 };
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
            class:above=above
            role="dialog"
            aria-label=format!("{} at a glance", summary.name)
            data-testid="hover-card"
            data-account-id=at.id.to_string()
            style:top=format!("{top}px")
            style:left=format!("{}px", at.left.max(8.0))
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
                <div>
                    <dt>"Interest"</dt>
                    <dd>
                        {gauge_pill(account::gauge_of(&summary.gauge))}
                        {format!(" {} · {lit} of 5 signals", format::score(score))}
                    </dd>
                </div>
                <div class="wide">
                    <dt>"Buying team"</dt>
                    <dd data-testid="hover-team">{team_line}</dd>
                </div>
                <div class="wide"><dt>"Functions"</dt><dd>{functions}</dd></div>
                <div class="wide"><dt>"Interests"</dt><dd>{summary.top_topics.join(", ")}</dd></div>
                <div><dt>"Top vendor"</dt><dd>{top_vendor.unwrap_or_else(|| "none".to_owned())}</dd></div>
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
