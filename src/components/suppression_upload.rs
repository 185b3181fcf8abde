//! Picking a suppression file (CSV or text, one email or domain per line or cell). The file
//! is read and matched in the browser (see [`crate::suppression_file`]): the page shows
//! the progress of the PRF exchange, then entries read, bad lines with their numbers, and
//! the accounts and contacts it removes from every list while loaded. The user may save it
//! to the organisation (pseudonyms and domains only) or remove it.
//!
//! Test hooks: `suppression-file` (the file input), `suppression-progress`,
//! `suppression-summary` (with `data-entries`, `data-bad`, `data-accounts`,
//! `data-contacts`), `suppression-bad-line` (with `data-line`), `suppression-remove`,
//! `suppression-save`, `suppression-saved`, `suppression-error`, `suppression-refusal`.

use std::rc::Rc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, Role};
use crate::components::Shared;
use crate::engine_bridge::Dataset;
use crate::format;
use crate::org_suppression::OrgSuppression;
use crate::session::SessionState;
use crate::suppression_file::{self, LoadedSuppression, Loading, SuppressionSlot};

/// Bad lines listed one by one; more are summarised.
const SHOWN_BAD_LINES: usize = 20;

/// The file picker and the loaded file's summary.
#[component]
pub fn SuppressionUpload(
    /// The dataset the file is matched against.
    dataset: Rc<Dataset>,
) -> impl IntoView {
    let slot =
        use_context::<SuppressionSlot>().unwrap_or_else(|| SuppressionSlot(RwSignal::new(None)));
    let state = use_context::<SessionState>();
    let session = state.and_then(|state| state.current());
    let role = session.as_ref().map(|s| s.user.role);
    let dataset = StoredValue::new_local(dataset);
    let loading = RwSignal::new(None::<Loading>);
    let error = RwSignal::new(None::<String>);

    let on_change = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // The same file may be picked again after removing it.
        input.set_value("");
        error.set(None);
        loading.set(Some(Loading::Reading));
        spawn_local(async move {
            let outcome = async {
                let buffer = JsFuture::from(file.array_buffer())
                    .await
                    .map_err(|err| suppression_file::SuppressionError::Read(format!("{err:?}")))?;
                let bytes = Uint8Array::new(&buffer).to_vec();
                let dataset = dataset.get_value();
                suppression_file::load(&dataset, file.name(), &bytes, |step| {
                    loading.try_set(Some(step));
                })
                .await
            }
            .await;
            loading.try_set(None);
            match outcome {
                Ok(loaded) => {
                    slot.0.try_set(Some(Shared::new(loaded)));
                }
                Err(err) => {
                    error.try_set(Some(format!("The file was not loaded: {err}.")));
                }
            }
        });
    };

    let refusal = match role {
        Some(Role::Administrator | Role::ListBuilder) => None,
        Some(Role::ReadOnly) => Some("Read-Only users cannot match suppression files."),
        None => Some("Sign in to match suppression files."),
    };
    let progress =
        move || {
            loading.get().map(|step| {
            let (text, value, max) = match step {
                Loading::Reading => ("Reading the file…".to_owned(), None, None),
                Loading::Pseudonymising { done, total } => (
                    format!(
                        "Pseudonymising emails: {} of {}",
                        format::count(done as u64),
                        format::count(total as u64)
                    ),
                    Some(done.to_string()),
                    Some(total.max(1).to_string()),
                ),
                Loading::Waiting { done, total, seconds } => (
                    format!(
                        "{} of {} emails: the server paces pseudonyms, next batch in {seconds} s",
                        format::count(done as u64),
                        format::count(total as u64)
                    ),
                    Some(done.to_string()),
                    Some(total.max(1).to_string()),
                ),
                Loading::Matching => ("Matching accounts and contacts…".to_owned(), None, None),
            };
            view! {
                <div class="suppression-progress" aria-live="polite">
                    <progress
                        data-testid="suppression-progress"
                        aria-label="Suppression file"
                        max=max
                        value=value
                    ></progress>
                    <span class="muted small">{text}</span>
                </div>
            }
        })
        };
    let summary = move || {
        slot.0
            .get()
            .map(|loaded| view! { <SuppressionSummary loaded=loaded target=slot /> })
    };
    view! {
        <div class="action suppression-upload">
            <label
                class="button secondary file-button"
                class:disabled=refusal.is_some()
                title=refusal.unwrap_or(
                    "Pick a CSV or text file of emails and domains: it is matched in this browser and never uploaded",
                )
            >
                "Suppression file…"
                <input
                    type="file"
                    class="visually-hidden"
                    accept=".csv,.txt,text/csv,text/plain"
                    data-testid="suppression-file"
                    aria-describedby=refusal.map(|_| "suppression-refusal")
                    disabled=refusal.is_some() || loading.get_untracked().is_some()
                    on:change=on_change
                />
            </label>
            {refusal.map(|reason| view! {
                <span id="suppression-refusal" class="muted small" data-testid="suppression-refusal">{reason}</span>
            })}
            {progress}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <span class="status failed" role="alert" data-testid="suppression-error">
                                {message}
                            </span>
                        }
                    })
            }}
        </div>
        {summary}
    }
}

/// What a loaded file holds and removes.
#[component]
fn SuppressionSummary(loaded: Shared<LoadedSuppression>, target: SuppressionSlot) -> impl IntoView {
    let state = use_context::<SessionState>();
    let org = use_context::<OrgSuppression>();
    let can_save = state
        .and_then(|state| state.current())
        .is_some_and(|s| s.user.role != Role::ReadOnly);
    let saved = RwSignal::new(None::<Result<String, String>>);
    let entries = loaded.emails + loaded.domains;
    let bad = loaded.invalid.len();
    let bad_lines = loaded
        .invalid
        .iter()
        .take(SHOWN_BAD_LINES)
        .map(|line| {
            view! {
                <li data-testid="suppression-bad-line" data-line=line.line.to_string()>
                    <span class="line-number">{format!("line {}", line.line)}</span>
                    <code>{line.text.clone()}</code>
                    <span class="muted">{line.reason.to_string()}</span>
                </li>
            }
        })
        .collect_view();
    let more = (bad > SHOWN_BAD_LINES).then(|| {
        view! { <li class="muted">{format!("and {} more", format::count((bad - SHOWN_BAD_LINES) as u64))}</li> }
    });
    let save_body = loaded.body.clone();
    let save_name = loaded.file_name.clone();
    let save = move |_| {
        let body = save_body.clone();
        let name: String = save_name.chars().take(100).collect();
        spawn_local(async move {
            let outcome = api::save_suppression(&name, &body).await;
            // The organisation's lists now hold these entries: every list applies them.
            if let (Ok(_), Some(org)) = (&outcome, org) {
                org.refresh();
            }
            saved.try_set(Some(
                outcome
                    .map(|list| format!("Saved to your organisation as “{}”.", list.name))
                    .map_err(|error| format!("Not saved: {error}.")),
            ));
        });
    };
    let header = loaded
        .header_line
        .map(|line| format!(" · header on line {line} skipped"));
    view! {
        <section
            class="suppression-summary"
            aria-label="Suppression file in force"
            data-testid="suppression-summary"
            data-entries=entries.to_string()
            data-bad=bad.to_string()
            data-accounts=loaded.accounts_suppressed.to_string()
            data-contacts=loaded.contacts_suppressed.to_string()
        >
            <div class="summary-line">
                <strong>{loaded.file_name.clone()}</strong>
                <span>
                    {format!(
                        "{} lines read: {} emails, {} domains",
                        format::count(loaded.lines_read as u64),
                        format::count(loaded.emails as u64),
                        format::count(loaded.domains as u64),
                    )}
                    {(loaded.duplicates > 0)
                        .then(|| format!(" · {} repeats dropped", format::count(loaded.duplicates as u64)))}
                    {header}
                </span>
                <span class="suppressed">
                    {format!(
                        "Suppressed: {} · {}",
                        format::accounts(loaded.accounts_suppressed),
                        format::contacts(loaded.contacts_suppressed),
                    )}
                </span>
                <span class="summary-actions">
                    {can_save.then(|| view! {
                        <button type="button" class="button secondary" data-testid="suppression-save"
                            disabled=move || saved.get().is_some_and(|s| s.is_ok())
                            on:click=save>
                            "Save to organisation"
                        </button>
                    })}
                    <button
                        type="button"
                        class="button secondary"
                        data-testid="suppression-remove"
                        on:click=move |_| target.0.set(None)
                    >
                        "Remove"
                    </button>
                </span>
            </div>
            {move || saved.get().map(|outcome| match outcome {
                Ok(message) => view! { <p class="status ok" data-testid="suppression-saved">{message}</p> }.into_any(),
                Err(message) => view! { <p class="status failed" role="alert" data-testid="suppression-saved">{message}</p> }.into_any(),
            })}
            {(bad > 0).then(|| view! {
                <details class="bad-lines">
                    <summary>{format!("{} lines without an email or domain", format::count(bad as u64))}</summary>
                    <ul>{bad_lines}{more}</ul>
                </details>
            })}
        </section>
    }
}
