//! The active filters as removable chips above the results, and "Clear all".
//!
//! Test hooks: `active-filters` (the list; absent without filters), chips carry
//! `data-chip` (`facet:mode:value`, `touch`, `name`, `list`, `account`), `clear-filters`.

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine_bridge::edit::{self, Chip};
use crate::engine_bridge::{Catalog, ListQuery};

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
    let chips = Memo::new(move |_| query.with(|q| edit::chips(q, &catalog)));
    move || {
        let chips = chips.get();
        (!chips.is_empty()).then(|| {
            let items = chips
                .into_iter()
                .map(|Chip { kind, text, key, target }| {
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
                })
                .collect_view();
            view! {
                <div class="active-filters">
                    <ul class="chips" aria-label="Active filters" data-testid="active-filters">
                        {items}
                    </ul>
                    <button
                        type="button"
                        class="link-button"
                        data-testid="clear-filters"
                        on:click=move |_| on_change.run(query.with_untracked(edit::clear_filters))
                    >
                        "Clear all"
                    </button>
                </div>
            }
        })
    }
}
