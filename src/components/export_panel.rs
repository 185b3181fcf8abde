//! Exporting the contacts of the current list. Only Administrators may: everyone else sees
//! the button disabled with the reason beside it. An export runs on a saved list (the
//! server re-runs its definition with the same engine and never takes ids from the
//! browser), so an unsaved list is saved first; then the server's preview says how many
//! contacts the file would hold and how many it leaves out, by reason; the Administrator
//! confirms with their password, the file downloads, and the server's report and the
//! organisation's export history show. A suppression file in force goes with the request
//! (as pseudonyms and domains).
//!
//! Test hooks: `export-button`, `export-refusal`, `export-panel`, `export-list-name`,
//! `export-save-list`, `export-preview` (with `data-rows`), `export-password`,
//! `export-confirm`, `export-report` (with `data-rows`, `data-export-id`), `export-error`,
//! `export-history` (rows carry `data-export-id`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{
    self, ExportFile, ExportPreview, ExportRecord, LeftOutContact, Role, SavedList, SuppressionBody,
};
use crate::engine_bridge::{self, ListQuery};
use crate::format;
use crate::saved_lists::SavedListsState;
use crate::session::SessionState;
use crate::suppression_file::SuppressionSlot;

/// What a reason slug of the server means.
#[must_use]
pub fn reason_label(reason: &str) -> &str {
    match reason {
        "suppressed" => "On a suppression list",
        "opted-out" => "Opted out or objected",
        "download-blocked" => "Email download not allowed",
        "no-lawful-basis" => "No lawful basis under the country's email rule",
        other => other,
    }
}

/// Why a role may not export, if it may not.
#[must_use]
pub fn refusal(role: Option<Role>) -> Option<String> {
    match role {
        Some(Role::Administrator) => None,
        Some(role) => Some(format!(
            "Only Administrators can export contacts; you are {}.",
            role.label()
        )),
        None => Some("Sign in to export contacts.".to_owned()),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Closed,
    /// The list must be saved first.
    NeedsSave,
    Previewing(SavedList),
    Ready(SavedList, ExportPreview),
    Exporting(SavedList, ExportPreview),
    Done(ExportFile),
}

/// The export button and panel.
#[component]
pub fn ExportPanel(
    /// The list shown.
    #[prop(into)]
    query: Signal<ListQuery>,
) -> impl IntoView {
    let state = use_context::<SessionState>();
    let saved = use_context::<SavedListsState>();
    let suppression = use_context::<SuppressionSlot>();
    let session = state.and_then(|state| state.current());
    let refusal = refusal(session.as_ref().map(|s| s.user.role));
    let step = RwSignal::new(Step::Closed);
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let history = RwSignal::new(None::<Result<Vec<ExportRecord>, String>>);
    let canonical = Memo::new(move |_| query.with(engine_bridge::encode));
    // Another list closes the panel: a preview is only good for the list it was made for.
    Effect::new(move |previous: Option<String>| {
        let current = canonical.get();
        if previous.is_some_and(|previous| previous != current) {
            step.set(Step::Closed);
            error.set(None);
        }
        current
    });

    let suppression_body = move || {
        suppression
            .and_then(|SuppressionSlot(slot)| slot.get_untracked())
            .map(|loaded| loaded.body.clone())
            .unwrap_or_default()
    };
    let fail = move |err: api::ApiError| {
        error.try_set(Some(err.to_string()));
    };
    let load_history = move || {
        spawn_local(async move {
            let loaded = api::exports().await.map_err(|err| err.to_string());
            history.try_set(Some(loaded));
        });
    };
    let preview = move |list: SavedList| {
        step.set(Step::Previewing(list.clone()));
        let body: SuppressionBody = suppression_body();
        spawn_local(async move {
            match api::preview_export(list.id, &body).await {
                Ok(preview) => {
                    step.try_set(Step::Ready(list, preview));
                }
                Err(err) => {
                    step.try_set(Step::Closed);
                    fail(err);
                }
            }
        });
    };
    let open = move |_| {
        error.set(None);
        load_history();
        match saved.and_then(|saved| saved.find_definition(&canonical.get_untracked())) {
            Some(list) => preview(list),
            None => step.set(Step::NeedsSave),
        }
    };
    let save_then_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = name.get_untracked().trim().to_owned();
        if wanted.is_empty() {
            error.set(Some("Give the list a name.".to_owned()));
            return;
        }
        let definition = canonical.get_untracked();
        spawn_local(async move {
            match api::create_list(&wanted, &definition).await {
                Ok(list) => {
                    if let Some(saved) = saved {
                        saved.refresh();
                    }
                    preview(list);
                }
                Err(err) => fail(err),
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Step::Ready(list, preview) = step.get_untracked() else {
            return;
        };
        let secret = password.get_untracked();
        let body = suppression_body();
        step.set(Step::Exporting(list.clone(), preview.clone()));
        spawn_local(async move {
            match api::export(list.id, &secret, &body).await {
                Ok(file) => {
                    password.try_set(String::new());
                    if let Err(err) = api::download_text(&file.file_name, "text/csv", &file.csv) {
                        error.try_set(Some(format!("The file could not be offered: {err}")));
                    }
                    step.try_set(Step::Done(file));
                    load_history();
                }
                Err(err) if err.is_wrong_password() => {
                    step.try_set(Step::Ready(list, preview));
                    error.try_set(Some(WRONG_PASSWORD.to_owned()));
                }
                Err(err) => {
                    step.try_set(Step::Ready(list, preview));
                    fail(err);
                }
            }
        });
    };

    let body = move || {
        match step.get() {
        Step::Closed => ().into_any(),
        Step::NeedsSave => view! {
            <form class="export-step" on:submit=save_then_preview>
                <p>"Exports run on a saved list, so the server can re-run it. Save this list first:"</p>
                <label class="field">
                    <span>"List name"</span>
                    <input class="input" type="text" maxlength="100" required
                        data-testid="export-list-name"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="button primary" data-testid="export-save-list">
                    "Save and preview"
                </button>
            </form>
        }
        .into_any(),
        Step::Previewing(list) => view! {
            <p class="muted" aria-busy="true">{format!("Asking the server what “{}” would export…", list.name)}</p>
        }
        .into_any(),
        Step::Ready(list, preview) | Step::Exporting(list, preview) => {
            let exporting = matches!(step.get_untracked(), Step::Exporting(..));
            let too_large = preview.max_rows.filter(|&max| preview.rows > max);
            view! {
                <div class="export-step">
                    {preview_view(&list, &preview)}
                    {too_large.map(|max| view! {
                        <p class="status failed" role="alert" data-testid="export-too-large">
                            {format!(
                                "{} rows are more than your organisation's maximum of {} per export: \
                                 narrow the list, or an Administrator raises the maximum.",
                                format::count(preview.rows),
                                format::count(max)
                            )}
                        </p>
                    })}
                    <form class="confirm" on:submit=confirm>
                        <label class="field">
                            <span>"Your password, to confirm"</span>
                            <input class="input" type="password" required autocomplete="current-password"
                                data-testid="export-password"
                                prop:value=move || password.get()
                                on:input=move |ev| password.set(event_target_value(&ev)) />
                        </label>
                        <button type="submit" class="button primary" data-testid="export-confirm"
                            disabled=exporting || preview.rows == 0 || too_large.is_some()>
                            {if exporting { "Exporting…".to_owned() } else { format!("Export {} contacts", format::count(preview.rows)) }}
                        </button>
                    </form>
                </div>
            }
            .into_any()
        }
        Step::Done(file) => view! {
            <div class="export-step" data-testid="export-report"
                data-rows=file.rows.to_string() data-export-id=file.id.to_string() role="status">
                <p>
                    <strong>{format!("Exported {} contacts", format::count(file.rows))}</strong>
                    {format!(" to {} (export #{}).", file.file_name, file.id)}
                </p>
                {excluded_view(&file.excluded)}
            </div>
        }
        .into_any(),
    }
    };
    let history_view = move || {
        history.get().map(|loaded| match loaded {
            Err(message) => view! { <p class="status failed">{format!("History unavailable: {message}")}</p> }.into_any(),
            Ok(records) if records.is_empty() => view! { <p class="muted" data-testid="export-history">"No exports yet."</p> }.into_any(),
            Ok(records) => {
                let rows = records.into_iter().take(10).map(|record| {
                    let left_out: u64 = record.excluded.values().sum();
                    view! {
                        <tr data-export-id=record.id.to_string()>
                            <td>{format!("#{}", record.id)}</td>
                            <td>{record.list_name.clone()}</td>
                            <td>{format::date_time(record.created_at)}</td>
                            <td class="num">{format::count(record.rows)}</td>
                            <td class="num">{format::count(left_out)}</td>
                            <td>{record.flag_reason.clone().map(|reason| format!("Flagged: {reason}")).unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <table class="history" data-testid="export-history">
                        <caption>"Recent exports of your organisation"</caption>
                        <thead><tr>
                            <th scope="col">"Export"</th><th scope="col">"List"</th><th scope="col">"When (UTC)"</th>
                            <th scope="col" class="num">"Rows"</th><th scope="col" class="num">"Left out"</th><th scope="col">"Follow-up"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }
        })
    };
    let is_open = move || step.with(|step| *step != Step::Closed);
    view! {
        <div class="action export">
            <button
                type="button"
                class="button primary"
                data-testid="export-button"
                disabled=refusal.is_some()
                aria-describedby=refusal.as_ref().map(|_| "export-refusal")
                aria-expanded=move || is_open().to_string()
                on:click=open
            >
                "Export contacts…"
            </button>
            {refusal.clone().map(|reason| view! {
                <span id="export-refusal" class="muted small" data-testid="export-refusal">{reason}</span>
            })}
        </div>
        <Show when=move || is_open() || error.with(Option::is_some)>
            <section class="export-panel card" aria-label="Export contacts" data-testid="export-panel">
                <div class="panel-head">
                    <h2>"Export contacts"</h2>
                    <button type="button" class="button secondary" on:click=move |_| { step.set(Step::Closed); error.set(None); }>
                        "Close"
                    </button>
                </div>
                {move || error.get().map(|message| view! {
                    <p class="status failed" role="alert" data-testid="export-error">{message}</p>
                })}
                {body}
                {history_view}
            </section>
        </Show>
    }
}

fn preview_view(list: &SavedList, preview: &ExportPreview) -> impl IntoView + use<> {
    view! {
        <div data-testid="export-preview" data-rows=preview.rows.to_string()>
            <p>
                {format!(
                    "“{}”: {} · {} contacts at them. The file would hold ",
                    list.name,
                    format::accounts(preview.accounts),
                    format::count(preview.contacts),
                )}
                <strong>{format!("{} contacts", format::count(preview.rows))}</strong>
                "."
            </p>
            {excluded_view(&preview.excluded)}
            <LeftOutTable contacts=preview.left_out.clone() />
        </div>
    }
}

/// Left-out contacts per page of the preview's table.
const LEFT_OUT_PAGE: usize = 25;

/// What the panel says when the confirming password is wrong (the session stands).
const WRONG_PASSWORD: &str = "Wrong password. Nothing was exported; try again.";

/// Every contact the export leaves out and why, a page at a time.
#[component]
fn LeftOutTable(contacts: Vec<LeftOutContact>) -> impl IntoView {
    let total = contacts.len();
    if total == 0 {
        return ().into_any();
    }
    let pages = total.div_ceil(LEFT_OUT_PAGE);
    let page = RwSignal::new(0_usize);
    let contacts = StoredValue::new(contacts);
    let rows = move || {
        let first = page.get() * LEFT_OUT_PAGE;
        contacts.with_value(|contacts| {
            contacts
                .iter()
                .skip(first)
                .take(LEFT_OUT_PAGE)
                .map(|c| {
                    view! {
                        <tr data-testid="left-out-contact" data-reason=c.reason.clone()>
                            <td>{c.company.clone()}</td>
                            <td>{label_of(&c.function, engine_bridge::targeting::function_choices())}</td>
                            <td>{label_of(&c.seniority, engine_bridge::targeting::seniority_choices())}</td>
                            <td>{if c.country.is_empty() { "Unknown".to_owned() } else { c.country.clone() }}</td>
                            <td>{format!("{} ({})", c.lawful_basis.replace('-', " "), c.country_rule)}</td>
                            <td>{reason_label(&c.reason).to_owned()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let status = move || {
        let first = page.get() * LEFT_OUT_PAGE;
        format!(
            "{}–{} of {}",
            format::count((first + 1) as u64),
            format::count((first + LEFT_OUT_PAGE).min(total) as u64),
            format::count(total as u64)
        )
    };
    view! {
        <div class="left-out" data-testid="left-out">
            <table class="left-out-table">
                <caption>"Contacts left out"</caption>
                <thead><tr>
                    <th scope="col">"Company"</th><th scope="col">"Function"</th><th scope="col">"Seniority"</th>
                    <th scope="col">"Country"</th><th scope="col">"Basis (country rule)"</th><th scope="col">"Why"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="pager">
                <button type="button" class="button secondary" data-testid="left-out-previous"
                    disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                    "Previous"
                </button>
                <span class="muted small" data-testid="left-out-status">{status}</span>
                <button type="button" class="button secondary" data-testid="left-out-next"
                    disabled=move || { page.get() + 1 >= pages } on:click=move |_| page.update(|p| *p += 1)>
                    "Next"
                </button>
            </div>
        </div>
    }
    .into_any()
}

/// The label of a slug among `choices`; the slug itself when unknown.
fn label_of(slug: &str, choices: Vec<engine_bridge::Choice>) -> String {
    choices
        .into_iter()
        .find(|choice| choice.slug == slug)
        .map_or_else(|| slug.to_owned(), |choice| choice.label)
}

fn excluded_view(excluded: &std::collections::BTreeMap<String, u64>) -> impl IntoView + use<> {
    let total: u64 = excluded.values().sum();
    if total == 0 {
        return view! { <p class="muted">"No contact is left out."</p> }.into_any();
    }
    let rows = excluded
        .iter()
        .filter(|(_, count)| **count > 0)
        .map(|(reason, count)| {
            view! {
                <tr data-reason=reason.clone()>
                    <th scope="row">{reason_label(reason).to_owned()}</th>
                    <td class="num">{format::count(*count)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="excluded">
            <caption>{format!("{} contacts left out, by reason", format::count(total))}</caption>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
