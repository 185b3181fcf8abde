//! The filter panel's "Buying team" section: whom at the accounts the list targets. Function
//! and seniority with live contact counts (each counted without its own filter), a
//! seniority floor ("Director and above"), the contact's country of work, "exportable
//! contacts only" and how many matching contacts an account needs.
//!
//! Test hooks: `facet-fn`, `facet-level`, `facet-ccountry` (groups, with `data-mode`),
//! `mode-{key}-{any|not}`, value rows with `data-value` and `data-count`,
//! `facet-search-ccountry`, `level-floor`, `reach-exportable`, `team-size`.

use leptos::prelude::*;

use crate::components::Shared;
use crate::engine_bridge::targeting::{self, ContactFacet};
use crate::engine_bridge::{Choice, Counts, ListQuery, ValueCount};
use crate::format;

/// Country values shown before typing narrows them.
const COUNTRIES_SHOWN: usize = 8;

/// The "Buying team" section.
#[component]
pub fn TeamFilters(
    /// The list in the URL.
    #[prop(into)]
    query: Signal<ListQuery>,
    /// The list's live counts.
    #[prop(into)]
    counts: Signal<Shared<Counts>>,
    /// The countries contacts work in.
    countries: Vec<Choice>,
    /// Receives the next list on every edit.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let function_values = Signal::derive(move || counts.with(|c| c.functions.clone()));
    let seniority_values = Signal::derive(move || counts.with(|c| c.seniorities.clone()));
    let country_values = Signal::derive(move || {
        countries
            .iter()
            .map(|choice| ValueCount {
                slug: choice.slug.clone(),
                label: choice.label.clone(),
                count: 0,
            })
            .collect::<Vec<_>>()
    });
    view! {
        <section class="filter-section" data-testid="team-filters">
            <h2 class="filter-section-heading">"Buying team"</h2>
            <ContactGroup facet=ContactFacet::Function query values=function_values counted=true on_change />
            <ContactGroup facet=ContactFacet::Seniority query values=seniority_values counted=true on_change />
            <ContactGroup facet=ContactFacet::Country query values=country_values counted=false on_change />
            <TeamOptions query on_change />
        </section>
    }
}

/// One contact facet: include / exclude switch and its values.
#[component]
fn ContactGroup(
    facet: ContactFacet,
    #[prop(into)] query: Signal<ListQuery>,
    #[prop(into)] values: Signal<Vec<ValueCount>>,
    /// Whether the values carry live counts (countries do not).
    counted: bool,
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let key = facet.key();
    let label = facet.label();
    let state = Memo::new(move |_| query.with(|q| targeting::checked(q, facet)));
    let filtered = state.with_untracked(|(_, checked)| !checked.is_empty());
    let open = RwSignal::new(facet != ContactFacet::Country || filtered);
    let picked = RwSignal::new(None::<bool>);
    let include = Memo::new(move |_| {
        let (include, checked) = state.get();
        if checked.is_empty() {
            picked.get().unwrap_or(true)
        } else {
            include
        }
    });
    let needle = RwSignal::new(String::new());
    let switch = move |to: bool| {
        picked.set(Some(to));
        if include.get_untracked() != to && state.with_untracked(|(_, c)| !c.is_empty()) {
            on_change.run(query.with_untracked(|q| targeting::switch_mode(q, facet, to)));
        }
    };
    let modes = [(true, "any", "Include"), (false, "not", "Exclude")]
        .into_iter()
        .map(|(mode, slug, text)| {
            view! {
                <button type="button" role="radio" class="mode"
                    aria-checked=move || (include.get() == mode).to_string()
                    data-testid=format!("mode-{key}-{slug}")
                    on:click=move |_| switch(mode)>
                    {text}
                </button>
            }
        })
        .collect_view();
    let shown = Memo::new(move |_| {
        let wanted = needle.get().trim().to_lowercase();
        let checked = state.with(|(_, c)| c.clone());
        values.with(|values| {
            let matching = values.iter().filter(|v| {
                wanted.is_empty() || v.label.to_lowercase().contains(&wanted) || v.slug == wanted
            });
            let limit = if counted || !wanted.is_empty() {
                usize::MAX
            } else {
                COUNTRIES_SHOWN
            };
            matching
                .enumerate()
                .filter(|(position, v)| *position < limit || checked.contains(&v.slug))
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        })
    });
    let row = move |value: ValueCount| {
        let ValueCount { slug, label, count } = value;
        let checked_slug = slug.clone();
        let is_checked = move || state.with(|(_, c)| c.contains(&checked_slug));
        let toggled = slug.clone();
        view! {
            <li class="facet-value" data-value=slug data-count=count.to_string()>
                <label>
                    <input type="checkbox" prop:checked=is_checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let mode = include.get_untracked();
                            on_change.run(query.with_untracked(|q| targeting::toggle(q, facet, mode, &toggled, on)));
                        } />
                    <span class="value-label" title=label.clone()>{label.clone()}</span>
                    {counted.then(|| view! { <span class="value-count">{format::count(count)}</span> })}
                </label>
            </li>
        }
    };
    let search = (!counted).then(|| {
        view! {
            <input type="search" class="facet-search" placeholder="Filter countries…"
                aria-label="Filter contact countries" data-testid=format!("facet-search-{key}")
                prop:value=move || needle.get() on:input=move |ev| needle.set(event_target_value(&ev)) />
        }
    });
    let active = Memo::new(move |_| state.with(|(_, c)| c.len()));
    view! {
        <div class="facet" class:open=move || open.get() data-testid=format!("facet-{key}")
            data-mode=move || if include.get() { "any" } else { "not" }>
            <h3 class="facet-heading">
                <button type="button" class="facet-toggle" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|open| *open = !*open)>
                    <span class="chevron" aria-hidden="true"></span>
                    <span class="facet-name">{label}</span>
                    <span class="facet-badge" hidden=move || active.get() == 0>{move || active.get()}</span>
                </button>
            </h3>
            <Show when=move || open.get()>
                <div class="facet-body">
                    <div class="modes" role="radiogroup" aria-label=format!("How {} values combine", label.to_lowercase())>
                        {modes.clone()}
                    </div>
                    {search.clone()}
                    <ul class="facet-values" aria-label=format!("{label} values")>
                        <For each=move || shown.get() key=|v| (v.slug.clone(), v.count) children=row />
                    </ul>
                </div>
            </Show>
        </div>
    }
}

/// The seniority floor, exportable-only and team size.
#[component]
fn TeamOptions(
    #[prop(into)] query: Signal<ListQuery>,
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let floor = Memo::new(move |_| query.with(targeting::seniority_floor).unwrap_or_default());
    let exportable = Memo::new(move |_| query.with(|q| q.contacts.exportable));
    let team = Memo::new(move |_| query.with(targeting::team_size));
    let floors = targeting::seniority_choices()
        .into_iter()
        .map(|choice| {
            let slug = choice.slug.clone();
            view! {
                <option value=choice.slug selected=move || floor.get() == slug>
                    {format!("{} and above", choice.label)}
                </option>
            }
        })
        .collect_view();
    view! {
        <fieldset class="facet team-options">
            <legend class="facet-name">"Whom to reach"</legend>
            <label class="field">
                <span>"Seniority at least"</span>
                <select class="select" data-testid="level-floor"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let floor = (!value.is_empty()).then_some(value.as_str());
                        on_change.run(query.with_untracked(|q| targeting::with_seniority_floor(q, floor)));
                    }>
                    <option value="" selected=move || floor.get().is_empty()>"Any seniority"</option>
                    {floors}
                </select>
            </label>
            <label class="checkbox-field">
                <input type="checkbox" data-testid="reach-exportable" prop:checked=move || exportable.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        on_change.run(query.with_untracked(|q| targeting::with_exportable(q, on)));
                    } />
                <span>"Exportable contacts only"</span>
            </label>
            <label class="field">
                <span>"Matching contacts per account, at least"</span>
                <input type="number" min="1" max="1000" step="1" class="team-size" data-testid="team-size"
                    prop:value=move || team.get().to_string()
                    on:change=move |ev| {
                        let size = event_target_value(&ev).trim().parse::<u32>().unwrap_or(1).max(1);
                        on_change.run(query.with_untracked(|q| targeting::with_team_size(q, size)));
                    } />
            </label>
        </fieldset>
    }
}
