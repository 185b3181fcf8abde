//! The audit log (`/organisation/audit`): who did what and when, newest first, filtered by
//! person, action and dates, a page at a time, and downloadable as CSV with the same
//! filters. An export's entry opens its report: rows exported and contacts left out by
//! reason.
//!
//! Test hooks: `audit-page`, `audit-actor`, `audit-action`, `audit-from`, `audit-until`,
//! `audit-entry` rows (with `data-action`, `data-id`), `audit-older`, `audit-newest`,
//! `audit-csv` (its `href`), `audit-report` buttons and `export-report`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{OrgFrame, OrgPage};
use crate::api::{self, AuditEntry, ExportRecord, Person};
use crate::format;
use crate::pages::login::sign_in_error;

/// Entries per page.
pub const PAGE: usize = 50;

/// The filters of the page; empty fields filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilters {
    /// Acting user id.
    pub actor: String,
    /// Action, exactly.
    pub action: String,
    /// First day, `YYYY-MM-DD` (UTC).
    pub from: String,
    /// Last day, `YYYY-MM-DD` (UTC), included.
    pub until: String,
}

/// The Unix second a `YYYY-MM-DD` day starts (UTC).
fn day_start(day: &str) -> Option<i64> {
    let mut parts = day.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let date = parts.next()?.parse().ok()?;
    let date = crate::engine_bridge::Date::from_ymd(year, month, date)?;
    Some(i64::from(date.0) * 86_400)
}

impl AuditFilters {
    /// The query string of these filters, without a page.
    #[must_use]
    pub fn query(&self) -> String {
        let mut pairs: Vec<String> = Vec::new();
        if let Ok(actor) = self.actor.parse::<u64>() {
            pairs.push(format!("actor={actor}"));
        }
        if !self.action.is_empty() {
            pairs.push(format!(
                "action={}",
                js_sys::encode_uri_component(&self.action)
            ));
        }
        if let Some(from) = day_start(&self.from) {
            pairs.push(format!("from={from}"));
        }
        if let Some(until) = day_start(&self.until) {
            // The last day is included: up to the start of the next.
            pairs.push(format!("until={}", until + 86_400));
        }
        pairs.join("&")
    }

    /// The query string of a page: the newest entries, or those before entry `before`.
    #[must_use]
    pub fn page_query(&self, before: Option<u64>) -> String {
        let mut query = format!("limit={PAGE}");
        if let Some(before) = before {
            query.push_str(&format!("&before={before}"));
        }
        let filters = self.query();
        if !filters.is_empty() {
            query.push('&');
            query.push_str(&filters);
        }
        query
    }
}

/// An entry's details as a short line: `key: value` pairs, nested counts inline, long
/// versions and pseudonyms cut to their first 8 characters (the CSV has them whole).
#[must_use]
pub fn detail_line(detail: &serde_json::Value) -> String {
    use serde_json::Value;
    fn value(value: &Value) -> String {
        match value {
            Value::String(text) if text.chars().count() > 16 => {
                format!("{}…", text.chars().take(8).collect::<String>())
            }
            Value::String(text) => text.clone(),
            Value::Object(map) => map
                .iter()
                .map(|(key, inner)| format!("{key} {}", self::value_text(inner)))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    }
    match detail {
        Value::Object(map) => map
            .iter()
            .map(|(key, inner)| format!("{key}: {}", value(inner)))
            .collect::<Vec<_>>()
            .join(" · "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A nested value, flat.
fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The audit log page.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <OrgFrame current=OrgPage::Audit>
            <Audit />
        </OrgFrame>
    }
}

#[component]
fn Audit() -> impl IntoView {
    let filters = RwSignal::new(AuditFilters::default());
    let before = RwSignal::new(None::<u64>);
    let people = RwSignal::new(Vec::<Person>::new());
    let actions = RwSignal::new(Vec::<String>::new());
    spawn_local(async move {
        if let Ok(found) = api::people().await {
            people.try_set(found);
        }
        if let Ok(found) = api::audit_actions().await {
            actions.try_set(found);
        }
    });
    let entries = LocalResource::new(move || {
        let query = filters.with(|filters| filters.page_query(before.get()));
        async move {
            api::audit_log(&query)
                .await
                .map_err(|error| sign_in_error(&error))
        }
    });
    let set = move |change: fn(&mut AuditFilters, String)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            filters.update(|filters| change(filters, value));
            before.set(None);
        }
    };
    let actor_options = move || {
        people
            .get()
            .into_iter()
            .map(|person| view! { <option value=person.id.to_string()>{person.name}</option> })
            .collect_view()
    };
    let action_options = move || {
        actions
            .get()
            .into_iter()
            .map(|action| view! { <option value=action.clone()>{action.clone()}</option> })
            .collect_view()
    };
    let csv = move || {
        let query = filters.with(AuditFilters::query);
        format!("/api/audit/csv?{query}")
    };
    view! {
        <section class="card" data-testid="audit-page">
            <h1>"Audit log"</h1>
            <p class="muted">"Every sign-in, change and export in your organisation, newest first."</p>
            <div class="org-filters">
                <select aria-label="Who" data-testid="audit-actor" on:change=set(|f, v| f.actor = v)>
                    <option value="">"Everyone"</option>
                    {actor_options}
                </select>
                <select aria-label="Action" data-testid="audit-action" on:change=set(|f, v| f.action = v)>
                    <option value="">"Every action"</option>
                    {action_options}
                </select>
                <label class="inline-label">"From" <input type="date" data-testid="audit-from" on:change=set(|f, v| f.from = v) /></label>
                <label class="inline-label">"To" <input type="date" data-testid="audit-until" on:change=set(|f, v| f.until = v) /></label>
                <span class="org-filters-gap"></span>
                <a class="button secondary small" data-testid="audit-csv" href=csv download="clearlist-audit-log.csv">"Download CSV"</a>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || entries.get().map(|loaded| match loaded {
                    Err(message) => view! { <p class="status failed" role="alert">{message}</p> }.into_any(),
                    Ok(entries) => view! { <AuditTable entries=entries before=before /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>, before: RwSignal<Option<u64>>) -> impl IntoView {
    let last = (entries.len() == PAGE)
        .then(|| entries.last().map(|entry| entry.id))
        .flatten();
    let empty = entries.is_empty();
    let rows = entries
        .into_iter()
        .map(|entry| view! { <AuditRow entry=entry /> })
        .collect_view();
    view! {
        {empty.then(|| view! { <p class="muted">"No entry matches these filters."</p> })}
        <div class="table-scroll">
            <table class="org-table audit">
                <thead>
                    <tr>
                        <th scope="col">"When (your time)"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Details"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="row-buttons pager">
            {move || before.get().map(|_| view! {
                <button type="button" class="button secondary small" data-testid="audit-newest" on:click=move |_| before.set(None)>"Newest"</button>
            })}
            {last.map(|last| view! {
                <button type="button" class="button secondary small" data-testid="audit-older" on:click=move |_| before.set(Some(last))>"Older entries"</button>
            })}
        </div>
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let export = (entry.action == "export")
        .then(|| {
            entry
                .detail
                .get("export")
                .and_then(serde_json::Value::as_u64)
        })
        .flatten();
    let report = RwSignal::new(None::<Result<ExportRecord, String>>);
    let open = move |_| {
        if let Some(id) = export {
            spawn_local(async move {
                let loaded = api::export_record(id)
                    .await
                    .map_err(|error| sign_in_error(&error));
                report.try_set(Some(loaded));
            });
        }
    };
    let who = entry
        .user_name
        .clone()
        .unwrap_or_else(|| "System".to_owned());
    view! {
        <tr data-testid="audit-entry" data-action=entry.action.clone() data-id=entry.id>
            <td class="nowrap">{format::date_time(entry.at)}</td>
            <td>{who}</td>
            <td><code>{entry.action.clone()}</code></td>
            <td>
                {detail_line(&entry.detail)}
                {export.map(|_| view! {
                    " "
                    <button type="button" class="link-button" data-testid="audit-report" on:click=open>"Report"</button>
                })}
                {move || report.get().map(|loaded| match loaded {
                    Err(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                    Ok(record) => view! { <ExportReport record=record /> }.into_any(),
                })}
            </td>
        </tr>
    }
}

/// An export's report: rows, and contacts left out by reason.
#[component]
fn ExportReport(record: ExportRecord) -> impl IntoView {
    let reasons = record
        .excluded
        .iter()
        .map(|(reason, count)| view! { <li>{format!("{reason}: {}", format::count(*count))}</li> })
        .collect_view();
    view! {
        <div class="export-report" data-testid="export-report">
            <strong>{format!("“{}”: {} exported", record.list_name, format::contacts(record.rows))}</strong>
            <ul>{reasons}</ul>
            {record.flag_reason.map(|reason| view! { <p class="form-error">{format!("Flagged later: {reason}")}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn filters_make_the_query_string() {
        let none = AuditFilters::default();
        assert_eq!(none.page_query(None), "limit=50");
        let some = AuditFilters {
            actor: "3".to_owned(),
            action: "user.update".to_owned(),
            from: "2026-12-01".to_owned(),
            until: "2026-12-01".to_owned(),
        };
        assert_eq!(
            some.query(),
            "actor=3&action=user.update&from=1796083200&until=1796169600"
        );
        assert_eq!(
            some.page_query(Some(9)),
            format!("limit=50&before=9&{}", some.query())
        );
        let broken = AuditFilters {
            actor: "x".to_owned(),
            from: "2026-13-01".to_owned(),
            ..AuditFilters::default()
        };
        assert_eq!(broken.query(), "");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn details_read_as_a_line() {
        let detail = serde_json::json!({ "list": 3, "name": "Q4", "excluded": { "opted-out": 2 }, "dataset_version": "4afbed085766dfdcb52158ec" });
        assert_eq!(
            detail_line(&detail),
            "dataset_version: 4afbed08… · excluded: opted-out 2 · list: 3 · name: Q4"
        );
        assert_eq!(detail_line(&serde_json::Value::Null), "");
    }
}
