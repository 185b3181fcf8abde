//! "Save list": names the current list and saves its definition to the organisation (the
//! server takes the snapshot). A list already saved under the same definition says so.
//! Read-Only users see why they cannot save.
//!
//! Test hooks: `save-list` (the button), `save-list-name`, `save-list-submit`,
//! `save-list-status`.

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
) -> impl IntoView {
    let state = use_context::<SessionState>();
    let saved = use_context::<SavedListsState>();
    let session = StoredValue::new(state.and_then(|state| state.current()));
    let refusal = match session.with_value(|session| session.as_ref().map(|s| s.user.role)) {
        None => Some("Sign in to save lists."),
        Some(Role::ReadOnly) => Some("Read-Only users cannot save lists: ask a List Builder."),
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
        let (Some(state), Some(session)) = (state, session.get_value()) else {
            return;
        };
        let wanted = name.get_untracked().trim().to_owned();
        if wanted.is_empty() {
            status.set(Some(Err("Give the list a name.".to_owned())));
            return;
        }
        let definition = canonical.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let outcome = api::create_list(&session.csrf_token, &wanted, &definition).await;
            busy.try_set(false);
            match outcome {
                Ok(list) => {
                    let accounts = list.snapshot.map_or(0, |s| s.accounts);
                    status.try_set(Some(Ok(format!(
                        "Saved “{}” · {}",
                        list.name,
                        crate::format::accounts(accounts)
                    ))));
                    open.try_set(false);
                    name.try_set(String::new());
                    if let Some(saved) = saved {
                        saved.refresh();
                    }
                }
                Err(error) => {
                    state.check_unauthenticated(&error);
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
        existing().map(|list| {
            view! {
                <span class="muted small" data-testid="saved-as">
                    {format!("Saved as “{}”", list.name)}
                </span>
            }
        })
    };
    view! {
        <div class="action save-list">
            <button
                type="button"
                class="button secondary"
                data-testid="save-list"
                disabled=refusal.is_some()
                title=refusal.unwrap_or("Save this list to your organisation")
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|open| *open = !*open)
            >
                "Save list"
            </button>
            {saved_as}
            {status_view}
            <Show when=move || open.get()>
                <form class="popover" on:submit=submit>
                    <label class="field">
                        <span>"List name"</span>
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
