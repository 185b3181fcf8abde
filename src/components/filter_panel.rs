//! The filter panel (left column): one collapsible group per facet with its values, their
//! live counts (each facet counted without its own filter, most frequent first), a
//! type-ahead box for long vocabularies, checkboxes and a mode switch (any / all / exclude);
//! then the buying team (whom at the accounts: see `team_filters`) and the advanced filters
//! (last-touch range, in / not in a saved list).
//!
//! Test hooks: `filter-panel`; per facet `facet-{slug}` (the group, with `data-mode`),
//! `facet-toggle-{slug}`, `facet-search-{slug}`, `mode-{slug}-{any|all|not}`,
//! `facet-more-{slug}`; value rows carry `data-value` and their count `data-count`;
//! `touch-from`, `touch-to`, `saved-list-pick`, `saved-list-in`, `saved-list-not`. The panel's `data-counted` is the canonical URL of the list
//! its counts are for (they follow the list by a task).

use leptos::prelude::*;

use crate::components::Shared;
use crate::components::team_filters::TeamFilters;
use crate::engine_bridge::edit;
use crate::engine_bridge::{
    Choice, Counts, Facet, ListQuery, Mode, ValueCount, facet_label, mode_label,
};
use crate::format;

/// Values shown per facet before "Show more".
pub const COLLAPSED_VALUES: usize = 8;
/// Values shown at most (expanded or filtered): typing narrows longer vocabularies.
pub const MAX_VALUES: usize = 60;

/// The facets in the panel, in groups: heading and facets.
const SECTIONS: [(&str, &[Facet]); 3] = [
    (
        "Firmographic",
        &[
            Facet::Industry,
            Facet::Country,
            Facet::Region,
            Facet::Employees,
            Facet::Revenue,
        ],
    ),
    ("Technographic", &[Facet::Tech]),
    (
        "Intent",
        &[
            Facet::Segment,
            Facet::Topic,
            Facet::Vendor,
            Facet::Signal,
            Facet::Gauge,
        ],
    ),
];

/// Facets whose vocabularies are long enough to need a type-ahead box.
fn searchable(facet: Facet) -> bool {
    matches!(
        facet,
        Facet::Industry | Facet::Country | Facet::Tech | Facet::Topic | Facet::Vendor
    )
}

/// Facets open when the page opens (others open by a click, or when filtered).
fn open_by_default(facet: Facet) -> bool {
    matches!(
        facet,
        Facet::Industry | Facet::Country | Facet::Employees | Facet::Signal
    )
}

/// The filter panel.
#[component]
pub fn FilterPanel(
    /// The list in the URL.
    #[prop(into)]
    query: Signal<ListQuery>,
    /// The list's live counts.
    #[prop(into)]
    counts: Signal<Shared<Counts>>,
    /// Receives the next list on every edit.
    on_change: Callback<ListQuery>,
    /// The countries contacts work in, for the buying-team filters.
    #[prop(optional)]
    contact_countries: Vec<Choice>,
) -> impl IntoView {
    let sections = SECTIONS
        .into_iter()
        .map(|(heading, facets)| {
            let groups = facets
                .iter()
                .map(|&facet| view! { <FacetGroup facet query counts on_change /> })
                .collect_view();
            view! {
                <section class="filter-section">
                    <h2 class="filter-section-heading">{heading}</h2>
                    {groups}
                </section>
            }
        })
        .collect_view();
    view! {
        <nav
            class="filter-panel"
            aria-label="Filters"
            data-testid="filter-panel"
            data-counted=move || counts.with(|c| c.list.clone())
        >
            // First: building on a saved list (in it, or not in it) is how a list often starts.
            <SavedListFilter query on_change />
            {sections}
            <TeamFilters query counts countries=contact_countries on_change />
            <section class="filter-section">
                <h2 class="filter-section-heading">"Advanced"</h2>
                <TouchFilter query on_change />
            </section>
        </nav>
    }
}

/// One facet's group: header, mode switch, type-ahead, values with counts.
#[component]
pub fn FacetGroup(
    /// The facet.
    facet: Facet,
    /// The list in the URL.
    #[prop(into)]
    query: Signal<ListQuery>,
    /// The list's live counts.
    #[prop(into)]
    counts: Signal<Shared<Counts>>,
    /// Receives the next list on every edit.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let slug = facet.slug();
    let label = facet_label(facet);
    // Filtered facets open on arrival, so a restored URL shows its checked values.
    let filtered = query.with_untracked(|q| q.facets.contains_key(&facet));
    let open = RwSignal::new(open_by_default(facet) || filtered);
    // The mode the user picked; until then, the mode of the facet's filter in the URL.
    let picked = RwSignal::new(None::<Mode>);
    let mode = Memo::new(move |_| {
        picked
            .get()
            .or_else(|| query.with(|q| edit::mode_of(q, facet)))
            .unwrap_or(Mode::Any)
    });
    let checked = Memo::new(move |_| query.with(|q| edit::checked(q, facet, mode.get())));
    let active = Memo::new(move |_| {
        query.with(|q| {
            q.facets.get(&facet).map_or(0, |clauses| {
                clauses.iter().map(|c| c.values.len()).sum::<usize>()
            })
        })
    });
    // Once the facet's filter is gone (unchecked, chip removed, "Clear all"), the group
    // falls back to the default mode rather than keep a mode nothing uses.
    Effect::new(move |was_active: Option<bool>| {
        let is_active = active.get() > 0;
        if was_active == Some(true) && !is_active {
            picked.set(None);
        }
        is_active
    });
    let needle = RwSignal::new(String::new());
    let show_all = RwSignal::new(false);
    let body_id = format!("facet-body-{slug}");

    let switch = move |to: Mode| {
        let from = mode.get_untracked();
        if from != to && !checked.get_untracked().is_empty() {
            on_change.run(query.with_untracked(|q| edit::switch_mode(q, facet, from, to)));
        }
        picked.set(Some(to));
    };
    let modes = edit::modes(facet)
        .into_iter()
        .map(|m| {
            view! {
                <button
                    type="button"
                    role="radio"
                    class="mode"
                    aria-checked=move || (mode.get() == m).to_string()
                    data-testid=format!("mode-{slug}-{}", m.slug())
                    on:click=move |_| switch(m)
                >
                    {mode_label(m)}
                </button>
            }
        })
        .collect_view();

    let search = searchable(facet).then(|| {
        view! {
            <input
                type="search"
                class="facet-search"
                placeholder=format!("Filter {}…", label.to_lowercase())
                aria-label=format!("Filter {} values", label.to_lowercase())
                data-testid=format!("facet-search-{slug}")
                prop:value=move || needle.get()
                on:input=move |ev| needle.set(event_target_value(&ev))
            />
        }
    });

    // The values shown: the most frequent (all of them, up to a limit, while typing or
    // after "Show more"), and every checked one however rare. A click only flips its
    // checkbox: the rows are keyed by value and count, so they are rebuilt only when the
    // counts change.
    let listing = Memo::new(move |_| {
        let wanted = needle.get().trim().to_lowercase();
        let limit = if show_all.get() || !wanted.is_empty() {
            MAX_VALUES
        } else {
            COLLAPSED_VALUES
        };
        checked.with(|checked| {
            counts.with(|counts| {
                let all: &[ValueCount] = counts.facet(facet).map_or(&[], |f| &f.values);
                let matching: Vec<&ValueCount> = all
                    .iter()
                    .filter(|value| {
                        wanted.is_empty()
                            || value.label.to_lowercase().contains(&wanted)
                            || value.slug.contains(&wanted)
                    })
                    .collect();
                let hidden = matching.len().saturating_sub(limit);
                let shown: Vec<ValueCount> = matching
                    .iter()
                    .enumerate()
                    .filter(|(position, value)| *position < limit || checked.contains(&value.slug))
                    .map(|(_, value)| (*value).clone())
                    .collect();
                Listing {
                    shown,
                    hidden,
                    expanded: limit == MAX_VALUES,
                    none: matching.is_empty(),
                }
            })
        })
    });
    let value_row = move |value: ValueCount| {
        let ValueCount { slug, label, count } = value;
        let is_checked = {
            let slug = slug.clone();
            move || checked.with(|checked| checked.contains(&slug))
        };
        let toggled = slug.clone();
        view! {
            <li class="facet-value" data-value=slug data-count=count.to_string()>
                <label>
                    <input
                        type="checkbox"
                        prop:checked=is_checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let current = mode.get_untracked();
                            on_change.run(query.with_untracked(|q| {
                                edit::toggle(q, facet, current, &toggled, on)
                            }));
                        }
                    />
                    <span class="value-label" title=label.clone()>{label.clone()}</span>
                    <span class="value-count">{format::count(count)}</span>
                </label>
            </li>
        }
    };
    let values = move || {
        view! {
            <ul class="facet-values" aria-label=format!("{label} values")>
                <For
                    each=move || listing.with(|listing| listing.shown.clone())
                    key=|value| (value.slug.clone(), value.count)
                    children=value_row
                />
                {move || {
                    listing.with(|listing| listing.none).then(|| {
                        view! { <li class="facet-empty muted">"No matching value"</li> }
                    })
                }}
            </ul>
            {move || {
                let Listing { hidden, expanded, .. } = *listing.read();
                (hidden > 0 && !expanded).then(|| {
                    view! {
                        <button
                            type="button"
                            class="link-button facet-more"
                            data-testid=format!("facet-more-{slug}")
                            on:click=move |_| show_all.set(true)
                        >
                            {format!("Show {} more", format::count(hidden as u64))}
                        </button>
                    }
                })
            }}
            {move || {
                let Listing { hidden, expanded, .. } = *listing.read();
                (hidden > 0 && expanded).then(|| {
                    view! {
                        <p class="facet-hint muted">
                            {format!("{} more: type to narrow", format::count(hidden as u64))}
                        </p>
                    }
                })
            }}
        }
    };

    // Always in the heading, hidden while nothing is selected: a click that selects a
    // facet's first value changes a text and an attribute instead of inserting an element
    // into the heading's flex row, which the list's frame would lay out again.
    let badge = view! {
        <span
            class="facet-badge"
            hidden=move || active.get() == 0
            aria-label=move || format!("{} selected", active.get())
        >
            {move || active.get()}
        </span>
    };
    let body_id_attr = body_id.clone();
    view! {
        <div
            class="facet"
            class:open=move || open.get()
            data-testid=format!("facet-{slug}")
            data-mode=move || mode.get().slug()
        >
            <h3 class="facet-heading">
                <button
                    type="button"
                    class="facet-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=body_id_attr
                    data-testid=format!("facet-toggle-{slug}")
                    on:click=move |_| open.update(|open| *open = !*open)
                >
                    <span class="chevron" aria-hidden="true"></span>
                    <span class="facet-name">{label}</span>
                    {badge}
                </button>
            </h3>
            <Show when=move || open.get()>
                <div class="facet-body" id=body_id.clone()>
                    <div class="modes" role="radiogroup" aria-label=format!("How {} values combine", label.to_lowercase())>
                        {modes.clone()}
                    </div>
                    {search.clone()}
                    {values}
                </div>
            </Show>
        </div>
    }
}

/// What a facet group lists: the values shown, and how many matching ones are not.
#[derive(Clone, Debug, PartialEq)]
struct Listing {
    shown: Vec<ValueCount>,
    hidden: usize,
    /// Whether the longer limit applies (typing, or "Show more" was used).
    expanded: bool,
    /// No value matches what was typed.
    none: bool,
}

/// The last-touch date range (advanced).
#[component]
pub fn TouchFilter(
    /// The list in the URL.
    #[prop(into)]
    query: Signal<ListQuery>,
    /// Receives the next list on every edit.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let end = move |from: bool| {
        query.with(|q| {
            q.touch
                .and_then(|range| if from { range.from } else { range.to })
                .map(|date| date.to_string())
                .unwrap_or_default()
        })
    };
    let set = move |from: bool, text: String| {
        let date = edit::parse_date(&text);
        let next = query.with_untracked(|q| {
            let range = q.touch.unwrap_or(crate::engine_bridge::DateRange {
                from: None,
                to: None,
            });
            if from {
                edit::with_touch(q, date, range.to)
            } else {
                edit::with_touch(q, range.from, date)
            }
        });
        on_change.run(next);
    };
    view! {
        <fieldset class="facet touch" data-testid="facet-touch">
            <legend class="facet-name">"Last touch"</legend>
            <div class="touch-fields">
                <label>
                    <span>"From"</span>
                    <input
                        type="date"
                        data-testid="touch-from"
                        prop:value=move || end(true)
                        on:change=move |ev| set(true, event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>"To"</span>
                    <input
                        type="date"
                        data-testid="touch-to"
                        prop:value=move || end(false)
                        on:change=move |ev| set(false, event_target_value(&ev))
                    />
                </label>
            </div>
        </fieldset>
    }
}

/// In / not in a saved list: pick one of the lists the user can see and add it as a
/// filter (several add up: every list clause must hold). Shown when the view knows the
/// saved lists (not in component tests that mount the panel alone).
#[component]
pub fn SavedListFilter(
    /// The list in the URL.
    #[prop(into)]
    query: Signal<ListQuery>,
    /// Receives the next list on every edit.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let saved = use_context::<crate::saved_lists::SavedListsState>()?;
    let picked = RwSignal::new(None::<u64>);
    let add = move |include: bool| {
        if let Some(id) = picked.get_untracked() {
            on_change.run(query.with_untracked(|q| edit::with_list(q, id, include)));
        }
    };
    let options = crate::saved_lists::list_options(saved);
    Some(view! {
        <section class="filter-section">
        <h2 class="filter-section-heading">"Saved lists"</h2>
        <fieldset class="facet saved-list-filter" data-testid="facet-lists">
            <legend class="visually-hidden">"In or not in a saved list"</legend>
            <select
                class="select"
                aria-label="Saved list"
                data-testid="saved-list-pick"
                on:change=move |ev| picked.set(event_target_value(&ev).parse().ok())
            >
                <option value="">"Choose a list…"</option>
                {options}
            </select>
            <div class="modes">
                {[(true, "saved-list-in", "In list"), (false, "saved-list-not", "Not in list")]
                    .into_iter()
                    .map(|(include, testid, label)| view! {
                        <button type="button" class="mode" data-testid=testid
                            disabled=move || picked.get().is_none() on:click=move |_| add(include)>
                            {label}
                        </button>
                    })
                    .collect_view()}
            </div>
        </fieldset>
        </section>
    })
}
