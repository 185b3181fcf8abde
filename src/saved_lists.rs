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
}

impl SavedListsState {
    /// Starts loading the lists. Call inside the signed-in view.
    #[must_use]
    pub fn new() -> Self {
        let state = Self {
            lists: RwSignal::new(None),
            snapshots: RwSignal::new(HashMap::new()),
        };
        state.refresh();
        state
    }

    /// Reloads the lists (after one was saved or changed), and forgets snapshots so a
    /// re-taken one is fetched again.
    pub fn refresh(self) {
        spawn_local(async move {
            let lists = api::lists().await.map_err(|error| error.to_string());
            self.lists.try_set(Some(lists));
        });
        self.snapshots.try_update(HashMap::clear);
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

    /// A list context holding the snapshots of `ids` fetched so far (tracked); the ones
    /// still on their way are marked pending. Call [`SavedListsState::want`] for them.
    #[must_use]
    pub fn context(self, dataset: &Dataset, ids: &BTreeSet<u64>) -> ListContext {
        let mut context = ListContext::default();
        self.snapshots.with(|snapshots| {
            for &id in ids {
                match snapshots.get(&id) {
                    Some(SnapshotState::Ready(accounts)) => {
                        context.lists.insert(dataset, id, accounts.iter().copied());
                    }
                    None | Some(SnapshotState::Loading) => {
                        context.pending.insert(id);
                    }
                    Some(SnapshotState::Failed(_)) => {}
                }
            }
        });
        context
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
