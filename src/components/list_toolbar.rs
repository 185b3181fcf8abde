//! The segment switcher (ranks the list by intent in one segment, `seg=` in the URL) and
//! the sort picker.
//!
//! Test hooks: `segment-select`, `sort-select`.

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine_bridge::edit;
use crate::engine_bridge::{Catalog, ListQuery, SORTS, Sort, sort_label};

/// The value of the segment select that stands for "no segment".
const STRONGEST: &str = "";

/// Segment switcher and sort.
#[component]
pub fn ListToolbar(
    /// The list in the URL.
    #[prop(into)]
    query: Signal<ListQuery>,
    /// The dataset's segments.
    catalog: Arc<Catalog>,
    /// Receives the next list on every edit.
    on_change: Callback<ListQuery>,
) -> impl IntoView {
    // Memos: a filter click changes the list but rarely its segment or sort, and each of
    // the hundreds of options follows the segment.
    let segment = Memo::new(move |_| query.with(|q| q.segment.clone()));
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    let options = catalog
        .segments
        .iter()
        .map(|choice| {
            let slug = choice.slug.clone();
            let selected = {
                let slug = slug.clone();
                move || segment.with(|segment| segment.as_deref() == Some(slug.as_str()))
            };
            view! { <option value=slug selected=selected>{choice.label.clone()}</option> }
        })
        .collect_view();
    let sorts = SORTS
        .into_iter()
        .map(|s| {
            view! {
                <option value=s.slug() selected=move || sort.get() == s>
                    {sort_label(s)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="toolbar">
            <label class="toolbar-field">
                <span>"Rank by segment"</span>
                <select
                    data-testid="segment-select"
                    prop:value=move || segment.get().unwrap_or_default()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let value = (value != STRONGEST).then_some(value);
                        on_change.run(query.with_untracked(|q| edit::with_segment(q, value)));
                    }
                >
                    <option value=STRONGEST>"Strongest segment"</option>
                    {options}
                </select>
            </label>
            <label class="toolbar-field">
                <span>"Sort by"</span>
                <select
                    data-testid="sort-select"
                    prop:value=move || sort.get().slug()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let sort = Sort::from_slug(&value).unwrap_or_default();
                        on_change.run(query.with_untracked(|q| edit::with_sort(q, sort)));
                    }
                >
                    {sorts}
                </select>
            </label>
        </div>
    }
}
