//! The organisation's saved suppression lists in the browser: fetched once per signed-in
//! view (Administrators and List Builders may read them) and, with a loaded suppression
//! file, applied to every list and buying team ([`SuppressionInForce`]) as an export
//! applies them — so the exportable count the builder shows is what an export holds.
//!
//! What arrives is what the server stores: email pseudonyms and domains, never an email.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Role};
use crate::components::Shared;
use crate::engine_bridge::{self, AppliedSuppression, SuppressionSet};
use crate::state::AppState;
use crate::suppression_file::SuppressionSlot;

/// The organisation's lists, compiled: `None` until fetched (or for a role that may not
/// read them: its lists then apply on the server only).
#[derive(Clone, Copy, Debug)]
pub struct OrgSuppression(pub RwSignal<Option<Shared<SuppressionSet>>>);

impl OrgSuppression {
    /// State for a signed-in user of `role`, fetching the lists when the role may read
    /// them.
    #[must_use]
    pub fn for_role(role: Role) -> Self {
        let state = OrgSuppression(RwSignal::new(None));
        if matches!(role, Role::Administrator | Role::ListBuilder) {
            state.refresh();
        }
        state
    }

    /// Fetches the lists again (after one was saved or deleted). A failure leaves what
    /// was there: the server applies the lists to exports in any case.
    pub fn refresh(self) {
        spawn_local(async move {
            match fetch().await {
                Ok(set) => {
                    self.0.try_set(Some(Shared::new(set)));
                }
                Err(err) => leptos::logging::warn!("organisation suppression lists: {err}"),
            }
        });
    }
}

async fn fetch() -> Result<SuppressionSet, api::ApiError> {
    let mut domains = Vec::new();
    let mut pseudonyms = Vec::new();
    for list in api::suppression_lists().await? {
        let entries = api::suppression_entries(list.id).await?;
        domains.extend(entries.domains);
        pseudonyms.extend(entries.pseudonyms);
    }
    Ok(engine_bridge::suppression_set(domains, &pseudonyms))
}

/// What every list leaves out: the loaded file's suppression and the organisation's lists,
/// applied to the current dataset (the organisation's once per fetch and dataset).
#[derive(Clone, Copy, Debug)]
pub struct SuppressionInForce(pub Memo<Option<Shared<AppliedSuppression>>>);

impl SuppressionInForce {
    /// Follows the dataset, the loaded file and the organisation's lists.
    #[must_use]
    pub fn new(state: AppState, file: SuppressionSlot, org: OrgSuppression) -> Self {
        let org_applied = Memo::new(move |_| {
            let set = org.0.get()?;
            let dataset = state.dataset.get()?.ok()?;
            Some(Shared::new(engine_bridge::apply_suppression(
                &dataset, &set,
            )))
        });
        SuppressionInForce(Memo::new(move |_| {
            let loaded = file.0.get();
            engine_bridge::combined_suppression(
                loaded.as_deref().map(|loaded| &loaded.applied),
                org_applied.get().as_deref(),
            )
            .map(Shared::new)
        }))
    }
}

/// The suppression in force for this view: [`SuppressionInForce`] when the signed-in view
/// provides it, else a loaded file's alone (a builder mounted without the app, as in the
/// component tests), else none.
#[must_use]
pub fn suppression_in_force() -> Signal<Option<Shared<AppliedSuppression>>> {
    if let Some(SuppressionInForce(applied)) = use_context::<SuppressionInForce>() {
        return applied.into();
    }
    let file = use_context::<SuppressionSlot>();
    Signal::derive(move || {
        let loaded = file.and_then(|SuppressionSlot(slot)| slot.get())?;
        Some(Shared::new(loaded.applied.clone()))
    })
}
