//! Data-subject requests (`/organisation/requests`): an Administrator enters the person's
//! exact email (the server looks it up; the browser never lists the vault) and carries out
//! an access request (a report to download: the records held, lawful basis, source, and
//! every export that contained them), an erasure (after a confirmation) or an objection;
//! or records a request as received to carry out later. The log below lists every request
//! with its due date, one month after receipt (GDPR Art. 12(3)), by pseudonym only.
//!
//! Test hooks: `requests-page`, `dsr-email`, `dsr-kind`, `dsr-received`, `dsr-run`,
//! `dsr-record`, `dsr-confirm` (erasure), `dsr-result` (with `data-kind`), `dsr-download`,
//! `dsr-error`, `dsr-request` rows (with `data-kind`, `data-status`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{OrgFrame, OrgPage};
use crate::api::{self, LoggedRequest};
use crate::format;
use crate::pages::login::sign_in_error;

/// What a carried-out request did, in a sentence.
#[must_use]
pub fn outcome_line(kind: &str, result: &serde_json::Value) -> String {
    let count = |key: &str| {
        result
            .get(key)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    let length = |key: &str| {
        result
            .get(key)
            .and_then(serde_json::Value::as_array)
            .map_or(0, Vec::len)
    };
    match kind {
        "access" if result.get("erased").and_then(serde_json::Value::as_bool) == Some(true) => {
            format!(
                "This person was erased: only their pseudonym is kept. {} of your exports contained them.",
                length("exports")
            )
        }
        "access" => format!(
            "{} held, in {} of your exports and {} of your suppression lists. Download the report to send them.",
            if length("contacts") == 1 {
                "1 record".to_owned()
            } else {
                format!("{} records", length("contacts"))
            },
            length("exports"),
            length("suppression_lists"),
        ),
        "erasure" => format!(
            "{} erased; {} of your exports that contained them are now flagged “erased”. Only the pseudonym stays, so no import adds them again.",
            format::count(count("erased_contacts")),
            count("flagged_exports"),
        ),
        _ => format!(
            "{} opted out; {} of your exports that contained them are now flagged “opted out”.",
            format::count(count("opted_out_contacts")),
            count("flagged_exports"),
        ),
    }
}

/// Today as `YYYY-MM-DD` (UTC), the default receipt date.
fn today() -> String {
    let days = (js_sys::Date::now() / 86_400_000.0).floor() as i32;
    let (year, month, day) = crate::engine_bridge::Date(days).ymd();
    format!("{year:04}-{month:02}-{day:02}")
}

/// The requests page.
#[component]
pub fn RequestsPage() -> impl IntoView {
    view! {
        <OrgFrame current=OrgPage::Requests>
            <Requests />
        </OrgFrame>
    }
}

#[component]
fn Requests() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let kind = RwSignal::new("access".to_owned());
    let received = RwSignal::new(today());
    let confirming = RwSignal::new(false);
    let result = RwSignal::new(None::<(String, serde_json::Value)>);
    let error = RwSignal::new(None::<String>);
    let log_version = RwSignal::new(0u32);
    let log = LocalResource::new(move || {
        log_version.get();
        async move { api::dsr_requests().await.map_err(|e| sign_in_error(&e)) }
    });
    let run = move |record_only: bool| {
        let (address, chosen, day) = (
            email.get_untracked(),
            kind.get_untracked(),
            received.get_untracked(),
        );
        if !record_only && chosen == "erasure" && !confirming.get_untracked() {
            result.set(None);
            confirming.set(true);
            return;
        }
        confirming.set(false);
        error.set(None);
        result.set(None);
        spawn_local(async move {
            let outcome = if record_only {
                api::record_dsr(&address, &chosen, &day)
                    .await
                    .map(|()| None)
            } else {
                api::carry_out_dsr(&chosen, &address, &day).await.map(Some)
            };
            match outcome {
                Ok(Some(value)) => result.set(Some((chosen, value))),
                Ok(None) => result.set(Some(("recorded".to_owned(), serde_json::Value::Null))),
                Err(failure) => error.set(Some(sign_in_error(&failure))),
            }
            log_version.update(|v| *v += 1);
        });
    };
    view! {
        <section class="card" data-testid="requests-page">
            <h1>"Data-subject requests"</h1>
            <p class="muted">
                "Enter the person's exact email address. The server looks them up; only the \
                 pseudonym of their email is kept in the log."
            </p>
            <div class="dsr-form">
                <div class="field">
                    <label for="dsr-email">"Email"</label>
                    <input id="dsr-email" type="email" data-testid="dsr-email" prop:value=email on:input=move |e| { email.set(event_target_value(&e)); confirming.set(false); } />
                </div>
                <div class="field">
                    <label for="dsr-kind">"Request"</label>
                    <select id="dsr-kind" data-testid="dsr-kind" on:change=move |e| { kind.set(event_target_value(&e)); confirming.set(false); }>
                        <option value="access">"Access: a copy of what is held"</option>
                        <option value="erasure">"Erasure"</option>
                        <option value="objection">"Objection to direct marketing"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="dsr-received">"Received on"</label>
                    <input id="dsr-received" type="date" data-testid="dsr-received" prop:value=received on:change=move |e| received.set(event_target_value(&e)) />
                </div>
            </div>
            <div class="row-buttons">
                <button type="button" class="button primary" data-testid="dsr-run" on:click=move |_| run(false)>"Carry out now"</button>
                <button type="button" class="button secondary" data-testid="dsr-record" on:click=move |_| run(true)>"Record as received"</button>
            </div>
            {move || confirming.get().then(|| view! {
                <div class="notice confirm" role="alertdialog" aria-label="Confirm the erasure">
                    <p>{format!("Erase {}? Their records are deleted for good; only the pseudonym of the email stays, so no import adds them again, and every export that contained them is flagged.", email.get())}</p>
                    <div class="row-buttons">
                        <button type="button" class="button primary danger" data-testid="dsr-confirm" on:click=move |_| run(false)>"Erase"</button>
                        <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                </div>
            })}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert" data-testid="dsr-error">{message}</p> })}
            {move || result.get().map(|(done, value)| view! { <Outcome kind=done value=value /> })}
        </section>
        <section class="card">
            <h2>"Request log"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || log.get().map(|loaded| match loaded {
                    Err(message) => view! { <p class="status failed" role="alert">{message}</p> }.into_any(),
                    Ok(requests) => view! { <RequestLog requests=requests /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// What the request did, and the access report to download.
#[component]
fn Outcome(kind: String, value: serde_json::Value) -> impl IntoView {
    let line = if kind == "recorded" {
        "Recorded as received. Carry it out from this page before its due date.".to_owned()
    } else {
        outcome_line(&kind, &value)
    };
    let download = (kind == "access").then(|| {
        let report = serde_json::to_string_pretty(&value).unwrap_or_default();
        view! {
            <button
                type="button"
                class="button secondary small"
                data-testid="dsr-download"
                on:click=move |_| { let _ = api::download_text("clearlist-access-report.json", "application/json", &report); }
            >
                "Download the report"
            </button>
        }
    });
    view! {
        <div class="notice dsr-result" role="status" data-testid="dsr-result" data-kind=kind>
            <p>{line}</p>
            {download}
        </div>
    }
}

#[component]
fn RequestLog(requests: Vec<LoggedRequest>) -> impl IntoView {
    if requests.is_empty() {
        return view! { <p class="muted">"No request yet."</p> }.into_any();
    }
    let rows = requests
        .into_iter()
        .map(|request| {
            let status = match (request.status.as_str(), request.overdue) {
                ("open", true) => "Overdue",
                ("open", false) => "Open",
                _ => "Completed",
            };
            let done = request.completed_at.map(|at| format!("{} by {}", format::date_time(at), request.completed_by.clone().unwrap_or_default()));
            view! {
                <tr data-testid="dsr-request" data-kind=request.kind.clone() data-status=request.status.clone()>
                    <td>{request.kind.clone()}</td>
                    <td><code title=request.pseudonym.clone()>{request.pseudonym.chars().take(8).collect::<String>()}</code></td>
                    <td class="nowrap">{format::date_time(request.received_at)}</td>
                    <td class="nowrap">{format::date_time(request.due_at)}</td>
                    <td><span class=format!("status-pill dsr-{}", status.to_lowercase())>{status}</span></td>
                    <td>{done.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="org-table">
                <thead>
                    <tr>
                        <th scope="col">"Request"</th>
                        <th scope="col">"Person (pseudonym)"</th>
                        <th scope="col">"Received"</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Carried out"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test(unsupported = test)]
    fn outcomes_read_as_sentences() {
        let access = serde_json::json!({ "contacts": [{}], "exports": [{}, {}], "suppression_lists": [], "erased": false });
        assert!(
            outcome_line("access", &access)
                .starts_with("1 record held, in 2 of your exports and 0")
        );
        let erased = serde_json::json!({ "contacts": [], "exports": [{}], "erased": true });
        assert!(outcome_line("access", &erased).contains("was erased"));
        let erasure = serde_json::json!({ "erased_contacts": 1, "flagged_exports": 3 });
        assert!(outcome_line("erasure", &erasure).starts_with("1 erased; 3 of your exports"));
        let objection = serde_json::json!({ "opted_out_contacts": 2, "flagged_exports": 0 });
        assert!(outcome_line("objection", &objection).starts_with("2 opted out; 0"));
    }
}
