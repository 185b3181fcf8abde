//! The organisation's saved lists as the signed-in view knows them: the lists the user can
//! see (for the in / not-in list filter, saving and exporting), and the snapshots of those
//! a list URL names (`list=in:7`), fetched once each when first needed.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, SavedList};
use crate::engine_bridge::{Dataset, ListContext, ListQuery};

/// A saved list's snapshot, as far as it has come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotState {
    /// Requested.
    Loading,
    /// The account ids.
    Ready(Arc<Vec<u32>>),
    /// The server refused or failed (the list then counts as unknown).
    Failed(String),
}

/// Saved lists and snapshots; `Copy` (reactive handles).
#[derive(Clone, Copy, Debug)]
pub struct SavedListsState {
    /// The lists the user can see; `None` while loading.
    pub lists: RwSignal<Option<Result<Vec<SavedList>, String>>>,
    /// Snapshots by list id.
    pub snapshots: RwSignal<HashMap<u64, SnapshotState>>,
    /// Whether the last attempt to load the lists could not reach the server.
    pub offline: RwSignal<bool>,
}

impl SavedListsState {
    /// Starts loading the lists. Call inside the signed-in view.
    #[must_use]
    pub fn new() -> Self {
        let state = Self {
            lists: RwSignal::new(None),
            snapshots: RwSignal::new(HashMap::new()),
            offline: RwSignal::new(false),
        };
        state.refresh();
        state
    }

    /// Reloads the lists (after one was saved or changed).
    pub fn refresh(self) {
        spawn_local(async move {
            let lists = api::lists().await;
            self.offline
                .try_set(lists.as_ref().is_err_and(api::ApiError::is_network));
            self.lists
                .try_set(Some(lists.map_err(|error| error.to_string())));
        });
    }

    /// Forgets list `id`'s snapshot (the server re-took it), so it is fetched again when
    /// next wanted.
    pub fn forget(self, id: u64) {
        self.snapshots.update(|snapshots| {
            snapshots.remove(&id);
        });
    }

    /// Fetches the snapshots of `ids` not fetched yet.
    pub fn want(self, ids: &BTreeSet<u64>) {
        let missing: Vec<u64> = self.snapshots.with_untracked(|snapshots| {
            ids.iter()
                .copied()
                .filter(|id| !snapshots.contains_key(id))
                .collect()
        });
        if missing.is_empty() {
            return;
        }
        self.snapshots.update(|snapshots| {
            for &id in &missing {
                snapshots.insert(id, SnapshotState::Loading);
            }
        });
        for id in missing {
            spawn_local(async move {
                let state = match api::list_accounts(id).await {
                    Ok(accounts) => SnapshotState::Ready(Arc::new(accounts.account_ids)),
                    Err(error) => SnapshotState::Failed(error.to_string()),
                };
                self.snapshots.try_update(|snapshots| {
                    snapshots.insert(id, state);
                });
            });
        }
    }

    /// Where the snapshots of `ids` stand (tracked): compare these rather than every
    /// snapshot, so a list re-derives only when a list it names changes.
    #[must_use]
    pub fn snapshots_of(self, ids: &BTreeSet<u64>) -> Vec<(u64, Option<SnapshotState>)> {
        self.snapshots.with(|snapshots| {
            ids.iter()
                .map(|&id| (id, snapshots.get(&id).cloned()))
                .collect()
        })
    }

    /// The lists the user can see (none while loading or after a failure); tracked.
    #[must_use]
    pub fn visible(self) -> Vec<SavedList> {
        self.lists
            .with(|lists| {
                lists
                    .as_ref()
                    .and_then(|lists| lists.as_ref().ok())
                    .cloned()
            })
            .unwrap_or_default()
    }

    /// The visible list whose definition is exactly `canonical`, if one is.
    #[must_use]
    pub fn find_definition(self, canonical: &str) -> Option<SavedList> {
        self.visible()
            .into_iter()
            .find(|list| list.definition == canonical)
    }
}

/// A list context holding the fetched snapshots among `snapshots` (see
/// [`SavedListsState::snapshots_of`]); the ones still on their way are marked pending.
#[must_use]
pub fn context_of(dataset: &Dataset, snapshots: &[(u64, Option<SnapshotState>)]) -> ListContext {
    let mut context = ListContext::default();
    for (id, state) in snapshots {
        match state {
            Some(SnapshotState::Ready(accounts)) => {
                context.lists.insert(dataset, *id, accounts.iter().copied());
            }
            None | Some(SnapshotState::Loading) => {
                context.pending.insert(*id);
            }
            Some(SnapshotState::Failed(_)) => {}
        }
    }
    context
}

/// The saved lists a list definition names (`list=` clauses).
#[must_use]
pub fn named_lists(query: &ListQuery) -> BTreeSet<u64> {
    query
        .lists
        .iter()
        .flat_map(|clause| clause.ids.iter().copied())
        .collect()
}

/// `<option>`s of the lists the user can see, by name (value: the list id).
#[must_use]
pub fn list_options(saved: SavedListsState) -> impl IntoView {
    move || {
        saved
            .visible()
            .into_iter()
            .map(|list| view! { <option value=list.id.to_string()>{list.name}</option> })
            .collect_view()
    }
}

impl Default for SavedListsState {
    fn default() -> Self {
        Self::new()
    }
}
