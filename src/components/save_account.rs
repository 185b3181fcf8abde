//! The "Save account" button of hover cards and account pages.
//!
//! Test hooks: `save-account` (with `data-state` = `idle` | `saving` | `saved` | `failed`),
//! `save-account-message`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::saved_accounts::{self, Saved};
use crate::saved_lists::SavedListsState;
use crate::session::SessionState;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Progress {
    Idle,
    Saving,
    Saved(Saved),
    Failed(String),
}

/// Saves account `id` to the user's saved accounts; Read-Only users see why they cannot.
#[component]
pub fn SaveAccount(id: u32) -> impl IntoView {
    let state = use_context::<SessionState>();
    let session = state.and_then(|state| state.current());
    let refusal = session
        .as_ref()
        .map_or(Some("Sign in to save accounts."), |session| {
            saved_accounts::refusal(session.user.role)
        });
    let saved_lists = use_context::<SavedListsState>();
    let progress = RwSignal::new(Progress::Idle);
    let save = move |_| {
        let Some(session) = session.clone() else {
            return;
        };
        progress.set(Progress::Saving);
        spawn_local(async move {
            let outcome = saved_accounts::save(&session, id).await;
            progress.try_set(match outcome {
                Ok((saved, list)) => {
                    // The list's snapshot was re-taken: `list=` filters must fetch it again.
                    if let Some(saved_lists) = saved_lists {
                        saved_lists.forget(list);
                        saved_lists.refresh();
                    }
                    Progress::Saved(saved)
                }
                Err(error) => Progress::Failed(format!("Not saved: {error}.")),
            });
        });
    };
    let data_state = move || match progress.get() {
        Progress::Idle => "idle",
        Progress::Saving => "saving",
        Progress::Saved(_) => "saved",
        Progress::Failed(_) => "failed",
    };
    let label = move || match progress.get() {
        Progress::Idle | Progress::Failed(_) => "Save account",
        Progress::Saving => "Saving…",
        Progress::Saved(_) => "Saved",
    };
    let message = move || match progress.get() {
        Progress::Saved(Saved::Added) => Some("Added to your saved accounts.".to_owned()),
        Progress::Saved(Saved::AlreadySaved) => Some("Already in your saved accounts.".to_owned()),
        Progress::Failed(message) => Some(message),
        Progress::Idle | Progress::Saving => refusal.map(str::to_owned),
    };
    view! {
        <div class="save-account">
            <button
                type="button"
                class="button primary"
                data-testid="save-account"
                data-state=data_state
                disabled=move || {
                    refusal.is_some() || matches!(progress.get(), Progress::Saving | Progress::Saved(_))
                }
                title=refusal
                on:click=save
            >
                {label}
            </button>
            <span class="muted small" role="status" data-testid="save-account-message">
                {message}
            </span>
        </div>
    }
}
