//! The active filters as removable chips above the results, and "Clear all".
//!
//! The bar keeps its place when the last filter goes (it then says so), so the first
//! filter does not push the accounts table down; chips are keyed by what they show, so an
//! edit adds or removes one chip and leaves the others as they are.
//!
//! Test hooks: `active-filters` (the list), chips carry `data-chip` (`facet:mode:value`,
//! `touch`, `name`, `list`, `account`), `clear-filters` (while there are chips),
//! `no-filters`.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::engine_bridge::edit::{self, Chip};
use crate::engine_bridge::{Catalog, ListQuery};
use crate::saved_lists::SavedListsState;

/// The chips of the active filters.
#[component]
pub fn ActiveFilters(
    /// The list in the URL.
    #[prop(into)]
    query: Signal<ListQuery>,
    /// Labels of the dataset's values.
    catalog: Arc<Catalog>,
    /// Receives the next list on every edit.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    let saved = use_context::<SavedListsState>();
    let chips = Memo::new(move |_| {
        let names: HashMap<u64, String> = saved
            .and_then(|saved| saved.lists.get())
            .and_then(Result::ok)
            .map(|lists| lists.into_iter().map(|list| (list.id, list.name)).collect())
            .unwrap_or_default();
        query.with(|q| edit::chips(q, &catalog, &|id| names.get(&id).cloned()))
    });
    let empty = Memo::new(move |_| chips.with(Vec::is_empty));
    let chip = move |Chip {
                         kind,
                         text,
                         key,
                         target,
                     }| {
        let remove_label = format!("Remove filter {kind}: {text}");
        view! {
            <li class="chip" data-chip=key>
                <span class="chip-kind">{kind}</span>
                <span class="chip-text">{text}</span>
                <button
                    type="button"
                    class="chip-remove"
                    aria-label=remove_label.clone()
                    title=remove_label
                    on:click=move |_| {
                        on_change.run(query.with_untracked(|q| edit::remove_chip(q, &target)));
                    }
                >
                    "×"
                </button>
            </li>
        }
    };
    view! {
        <div class="active-filters">
            <ul class="chips" aria-label="Active filters" data-testid="active-filters">
                <For
                    each=move || chips.get()
                    key=|chip| (chip.key.clone(), chip.kind.clone(), chip.text.clone())
                    children=chip
                />
            </ul>
            {move || {
                if empty.get() {
                    view! {
                        <p class="muted no-filters" data-testid="no-filters">
                            "No filters: every account in the dataset"
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="link-button"
                            data-testid="clear-filters"
                            on:click=move |_| on_change.run(query.with_untracked(edit::clear_filters))
                        >
                            "Clear all"
                        </button>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
