//! "Save list" and "Save search": names the current list and saves its definition, as a
//! list of the organisation (the server takes the snapshot; a list already saved under
//! the same definition says so) or as the user's saved search with alerts (the server
//! takes the baseline; new matching accounts show on the lists page). Read-Only users see
//! why they cannot save.
//!
//! Test hooks: `save-list` / `save-search` (the buttons), `save-list-name`,
//! `save-list-submit`, `save-list-status` (inside the form's container).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Role};
use crate::engine_bridge::{self, ListQuery};
use crate::saved_lists::SavedListsState;
use crate::session::SessionState;

/// The save-list control.
#[component]
pub fn SaveList(
    /// The list shown.
    #[prop(into)]
    query: Signal<ListQuery>,
    /// Save a search (with alerts) instead of a list.
    #[prop(optional)]
    search: bool,
) -> impl IntoView {
    let (noun, testid) = if search {
        ("search", "save-search")
    } else {
        ("list", "save-list")
    };
    let state = use_context::<SessionState>();
    let saved = use_context::<SavedListsState>();
    let session = StoredValue::new(state.and_then(|state| state.current()));
    let refusal = match session.with_value(|session| session.as_ref().map(|s| s.user.role)) {
        None => Some("Sign in to save lists."),
        Some(Role::ReadOnly) => Some("Read-Only users cannot save lists or searches."),
        Some(Role::Administrator | Role::ListBuilder) => None,
    };
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let canonical = Memo::new(move |_| query.with(engine_bridge::encode));
    let existing = move || saved.and_then(|saved| saved.find_definition(&canonical.get()));
    // A new list resets the form's outcome.
    Effect::new(move |previous: Option<String>| {
        let current = canonical.get();
        if previous.is_some_and(|previous| previous != current) {
            status.set(None);
        }
        current
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if session.get_value().is_none() {
            return;
        }
        let wanted = name.get_untracked().trim().to_owned();
        if wanted.is_empty() {
            status.set(Some(Err("Give the list a name.".to_owned())));
            return;
        }
        let definition = canonical.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let outcome = if search {
                api::create_search(&wanted, &definition).await.map(|saved| {
                    format!(
                        "Saved search “{}”: new matching accounts will show on the lists page",
                        saved.name
                    )
                })
            } else {
                api::create_list(&wanted, &definition).await.map(|list| {
                    let accounts = list.snapshot.map_or(0, |s| s.accounts);
                    format!(
                        "Saved “{}” · {}",
                        list.name,
                        crate::format::accounts(accounts)
                    )
                })
            };
            busy.try_set(false);
            match outcome {
                Ok(message) => {
                    status.try_set(Some(Ok(message)));
                    open.try_set(false);
                    name.try_set(String::new());
                    if let Some(saved) = saved {
                        saved.refresh();
                    }
                }
                Err(error) => {
                    status.try_set(Some(Err(format!("Not saved: {error}."))));
                }
            }
        });
    };
    let status_view = move || {
        status.get().map(|status| match status {
            Ok(message) => view! { <span class="status ok" role="status" data-testid="save-list-status">{message}</span> }.into_any(),
            Err(message) => view! { <span class="status failed" role="alert" data-testid="save-list-status">{message}</span> }.into_any(),
        })
    };
    let saved_as = move || {
        (!search).then(existing).flatten().map(|list| {
            view! {
                <span class="muted small" data-testid="saved-as">
                    {format!("Saved as “{}”", list.name)}
                </span>
            }
        })
    };
    view! {
        <div class=format!("action save-{noun}")>
            <button
                type="button"
                class="button secondary"
                data-testid=testid
                disabled=refusal.is_some()
                title=refusal.unwrap_or(if search {
                    "Save this search and be told about new matching accounts"
                } else {
                    "Save this list to your organisation"
                })
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|open| *open = !*open)
            >
                {if search { "Save search" } else { "Save list" }}
            </button>
            {saved_as}
            {status_view}
            <Show when=move || open.get()>
                <form class="popover" on:submit=submit>
                    <label class="field">
                        <span>{if search { "Search name" } else { "List name" }}</span>
                        <input
                            class="input"
                            type="text"
                            maxlength="100"
                            required
                            data-testid="save-list-name"
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                    </label>
                    <button
                        type="submit"
                        class="button primary"
                        data-testid="save-list-submit"
                        disabled=move || busy.get()
                    >
                        {move || if busy.get() { "Saving…" } else { "Save" }}
                    </button>
                </form>
            </Show>
        </div>
    }
}
