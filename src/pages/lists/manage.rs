//! Managing a saved list from its row: re-take the snapshot, duplicate, delete (the server
//! refuses, naming them, while other lists or searches filter by it), and add or remove
//! hand-picked accounts (the `account=` ids of its definition; the server re-takes the
//! snapshot when the definition changes). The organisation's saved suppression lists, with
//! their size and who saved them, removable.
//!
//! Test hooks: `list-snapshot`, `list-duplicate`, `list-delete`, `list-delete-confirm`,
//! `list-accounts`, `picked-account` (with `data-id`), `picked-remove`, `pick-search`,
//! `pick-add` (with `data-id`), `suppression-lists`, `saved-suppression` rows (with
//! `data-id`), `suppression-remove`, `manage-error`.

use std::rc::Rc;

use crate::engine_bridge::list_url;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, SavedList, SuppressionSummary};
use crate::engine_bridge::Dataset;
use crate::format;
use crate::pages::login::sign_in_error;
use crate::saved_lists::SavedListsState;

/// `definition` with account `id` added to (`add`) or removed from its hand-picked
/// accounts, in canonical form.
///
/// # Errors
/// The parser's message when the definition cannot be read.
pub fn with_account(definition: &str, id: u32, add: bool) -> Result<String, String> {
    let mut query = list_url::decode(definition).map_err(|error| error.to_string())?;
    if add {
        query.accounts.push(id);
    } else {
        query.accounts.retain(|&picked| picked != id);
    }
    Ok(list_url::encode(&query.canonical()))
}

/// The hand-picked account ids of a definition.
#[must_use]
pub fn picked_accounts(definition: &str) -> Vec<u32> {
    list_url::decode(definition)
        .map(|query| query.accounts)
        .unwrap_or_default()
}

/// The name of a duplicate of the list named `name` (at most 100 characters).
#[must_use]
pub fn copy_name(name: &str) -> String {
    format!("Copy of {name}").chars().take(100).collect()
}

/// Runs a change and reports it: the lists refresh once it is made (and the snapshot of
/// `changed`, a list whose snapshot the server re-took, is fetched anew); a refusal shows
/// its reason (a refresh would re-draw the row, and the reason with it).
fn apply<T: 'static>(
    message: RwSignal<Option<String>>,
    changed: Option<u64>,
    change: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
) {
    let saved = expect_context::<SavedListsState>();
    spawn_local(async move {
        match change.await {
            Ok(_) => {
                message.try_set(None);
                if let Some(id) = changed {
                    saved.forget(id);
                }
                saved.refresh();
            }
            Err(error) => {
                message.try_set(Some(sign_in_error(&error)));
            }
        }
    });
}

/// The list whose hand-picked accounts are open: the page's, since a change re-draws every
/// row and the panel should stay open for the next account.
#[derive(Clone, Copy)]
pub struct OpenPicker(RwSignal<Option<u64>>);

impl OpenPicker {
    /// Provides the page's (none open).
    pub fn provide() {
        provide_context(Self(RwSignal::new(None)));
    }
}

/// The management actions of a list row, for those who may edit lists.
#[component]
pub fn ListManagement(list: SavedList, dataset: Rc<Dataset>) -> impl IntoView {
    let dataset = StoredValue::new_local(dataset);
    let message = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let open = expect_context::<OpenPicker>().0;
    let id = list.id;
    let toggle =
        move |_| open.update(|open| *open = if *open == Some(id) { None } else { Some(id) });
    let name = list.name.clone();
    let definition = list.definition.clone();
    let snapshot = move |_| {
        apply(
            message,
            Some(id),
            async move { api::retake_snapshot(id).await },
        )
    };
    let duplicate = {
        let (name, definition) = (name.clone(), definition.clone());
        move |_| {
            let (name, definition) = (copy_name(&name), definition.clone());
            apply(message, None, async move {
                api::create_list(&name, &definition).await
            });
        }
    };
    let delete = move |_| {
        if !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        confirming.set(false);
        apply(message, None, async move { api::delete_list(id).await });
    };
    view! {
        <button type="button" class="link-button" data-testid="list-snapshot" on:click=snapshot>"Re-take snapshot"</button>
        <button type="button" class="link-button" data-testid="list-duplicate" on:click=duplicate>"Duplicate"</button>
        <button type="button" class="link-button" data-testid="list-accounts" on:click=toggle>"Hand-picked accounts"</button>
        <button type="button" class="link-button danger" data-testid="list-delete" on:click=delete>"Delete"</button>
        {move || confirming.get().then(|| view! {
            <div class="inline-form" role="alertdialog" aria-label="Confirm deletion">
                <span>{format!("Delete “{name}”? Its export history keeps its name and definition.")}</span>
                <button type="button" class="button primary danger" data-testid="list-delete-confirm" on:click=delete>"Delete"</button>
                <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
            </div>
        })}
        <Show when=move || open.get() == Some(id)>
            <PickedAccounts id=id definition=definition.clone() dataset=dataset.get_value() message=message />
        </Show>
        {move || message.get().map(|m| view! { <p class="status failed" role="alert" data-testid="manage-error">{m}</p> })}
    }
}

/// The list's hand-picked accounts, each removable, and a search to add more.
#[component]
fn PickedAccounts(
    id: u64,
    definition: String,
    dataset: Rc<Dataset>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let dataset = StoredValue::new_local(dataset);
    let definition = StoredValue::new(definition);
    let change =
        move |account: u32, add: bool| match with_account(&definition.get_value(), account, add) {
            Ok(new) => apply(message, Some(id), async move {
                api::redefine_list(id, &new).await
            }),
            Err(error) => message.set(Some(error)),
        };
    let picked = picked_accounts(&definition.get_value())
        .into_iter()
        .map(|account| {
            let name = dataset.with_value(|d| d.row_of(account).map_or_else(|| format!("account {account}"), |row| d.name(row).to_owned()));
            view! {
                <li data-testid="picked-account" data-id=account>
                    {name}
                    <button type="button" class="link-button" data-testid="picked-remove" aria-label="Remove from the list" on:click=move |_| change(account, false)>"Remove"</button>
                </li>
            }
        })
        .collect_view();
    let search = RwSignal::new(String::new());
    let suggestions = move || {
        let prefix = search.get();
        dataset.with_value(|d| d.suggest(&prefix, 6)).into_iter().map(|suggestion| {
            let account = suggestion.id;
            view! {
                <li>
                    <button type="button" class="link-button" data-testid="pick-add" data-id=account on:click=move |_| change(account, true)>
                        {format!("Add {} ({})", suggestion.name, suggestion.domain)}
                    </button>
                </li>
            }
        }).collect_view()
    };
    view! {
        <div class="picked-accounts">
            <p class="muted small">"When a list names accounts, only those accounts can match its filters."</p>
            <ul>{picked}</ul>
            <input class="input" type="search" placeholder="Add an account by name" aria-label="Add an account by name" data-testid="pick-search"
                prop:value=search on:input=move |e| search.set(event_target_value(&e)) />
            <ul class="suggestions">{suggestions}</ul>
        </div>
    }
}

/// The organisation's saved suppression lists: size, who saved them and when; removable.
#[component]
pub fn SuppressionLists() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let message = RwSignal::new(None::<String>);
    let lists = LocalResource::new(move || {
        version.get();
        async move {
            api::suppression_lists()
                .await
                .map_err(|error| sign_in_error(&error))
        }
    });
    let remove = move |id: u64| {
        spawn_local(async move {
            if let Err(error) = api::delete_suppression(id).await {
                message.try_set(Some(sign_in_error(&error)));
            }
            version.update(|v| *v += 1);
        });
    };
    let row = move |list: SuppressionSummary| {
        let by = list.created_by_name.clone();
        let id = list.id;
        view! {
            <tr data-testid="saved-suppression" data-id=id>
                <th scope="row">{list.name.clone()}</th>
                <td class="num">{format::count(list.pseudonyms)}</td>
                <td class="num">{format::count(list.domains)}</td>
                <td>{by}</td>
                <td>{format::date_time(list.created_at)}</td>
                <td><button type="button" class="link-button danger" data-testid="suppression-remove" on:click=move |_| remove(id)>"Remove"</button></td>
            </tr>
        }
    };
    view! {
        <section class="card" data-testid="suppression-lists">
            <h2>"Suppression lists"</h2>
            <p class="muted">"Saved for the whole organisation: every export and exportable count leaves their people and domains out."</p>
            {move || message.get().map(|m| view! { <p class="status failed" role="alert">{m}</p> })}
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || lists.get().map(|loaded| match loaded {
                    Err(m) => view! { <p class="status failed" role="alert">{m}</p> }.into_any(),
                    Ok(lists) if lists.is_empty() => view! { <p class="muted">"None saved: load a file in the list builder and save it."</p> }.into_any(),
                    Ok(lists) => view! {
                        <div class="table-scroll">
                            <table class="saved-lists">
                                <thead><tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col" class="num">"Emails"</th>
                                    <th scope="col" class="num">"Domains"</th>
                                    <th scope="col">"Saved by"</th>
                                    <th scope="col">"Saved"</th>
                                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                </tr></thead>
                                <tbody>{lists.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test(unsupported = test)]
    fn hand_picked_accounts_are_added_and_removed_in_canonical_form() {
        let added = with_account("v=1&country=any:de", 42, true).unwrap();
        assert_eq!(picked_accounts(&added), vec![42]);
        let both = with_account(&added, 7, true).unwrap();
        assert_eq!(picked_accounts(&both), vec![7, 42]);
        assert_eq!(
            with_account(&both, 7, true).unwrap(),
            both,
            "adding twice changes nothing"
        );
        let removed = with_account(&both, 42, false).unwrap();
        assert_eq!(picked_accounts(&removed), vec![7]);
        assert!(removed.contains("country=any:de"));
        assert!(with_account("v=9", 1, true).is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_copy_is_named_after_its_original() {
        assert_eq!(copy_name("Q4"), "Copy of Q4");
        assert_eq!(copy_name(&"x".repeat(200)).chars().count(), 100);
    }
}
