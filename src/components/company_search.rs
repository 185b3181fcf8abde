//! The top bar's company search: type-ahead over company names (case- and
//! accent-insensitive prefixes, larger companies first), opening the account's page.
//! An ARIA combobox: arrows move through the suggestions, Enter opens one, Escape closes.
//!
//! Test hooks: `company-search` (the input), `company-suggestions`, suggestions carry
//! `data-account-id`.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::engine_bridge::Dataset;
use crate::engine_bridge::account::{self, Suggestion};
use crate::fragment::current_fragment;

/// Suggestions shown at most.
const LIMIT: usize = 8;

/// The path of an account's page, keeping the current list in the fragment (and the
/// embed view, inside a CRM iframe).
#[must_use]
pub fn account_href(id: u32) -> String {
    let search = window().location().search().unwrap_or_default();
    let pairs: Vec<&str> = search.trim_start_matches('?').split('&').collect();
    let embed = pairs.contains(&"embed=1");
    let org = pairs
        .iter()
        .find_map(|pair| pair.strip_prefix("org=")?.parse().ok());
    let query = crate::app::embed_query(embed, org);
    format!("/accounts/{id}{query}#{}", current_fragment())
}

/// The company search box.
#[component]
pub fn CompanySearch(dataset: Rc<Dataset>) -> impl IntoView {
    let dataset = StoredValue::new_local(dataset);
    let text = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0_usize);
    let suggestions: Memo<Vec<Suggestion>> = Memo::new(move |_| {
        text.with(|text| dataset.with_value(|dataset| account::suggest(dataset, text, LIMIT)))
    });
    let navigate = use_navigate();
    let go = move |id: u32| {
        open.set(false);
        text.set(String::new());
        navigate(&account_href(id), NavigateOptions::default());
    };
    let go_key = go.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = suggestions.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|i| *i = (*i + 1).min(count - 1));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|i| *i = i.saturating_sub(1));
            }
            "Enter" => {
                let chosen =
                    suggestions.with_untracked(|all| all.get(active.get_untracked()).map(|s| s.id));
                if let Some(id) = chosen {
                    ev.prevent_default();
                    go_key(id);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    let expanded = move || open.get() && suggestions.with(|all| !all.is_empty());
    let options = move || {
        suggestions.with(|all| {
            all.iter()
                .enumerate()
                .map(|(index, suggestion)| {
                    let id = suggestion.id;
                    let go = go.clone();
                    view! {
                        <li
                            id=format!("company-option-{index}")
                            role="option"
                            class="suggestion"
                            class:active=move || active.get() == index
                            aria-selected=move || (active.get() == index).to_string()
                            data-account-id=id.to_string()
                            // mousedown, not click: the input's blur would close the list first.
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                go(id);
                            }
                        >
                            <span class="suggestion-name">{suggestion.name.clone()}</span>
                            <span class="suggestion-domain muted">{suggestion.domain.clone()}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="company-search" role="search">
            <input
                type="search"
                class="input"
                placeholder="Find a company…"
                aria-label="Find a company"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="company-suggestions"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || {
                    expanded().then(|| format!("company-option-{}", active.get()))
                }
                autocomplete="off"
                data-testid="company-search"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    active.set(0);
                    open.set(true);
                }
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
                on:keydown=on_keydown
            />
            <ul
                id="company-suggestions"
                role="listbox"
                aria-label="Companies"
                class="suggestions"
                data-testid="company-suggestions"
                hidden=move || !expanded()
            >
                {options}
            </ul>
        </div>
    }
}
