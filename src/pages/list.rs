//! The list page: downloads the dataset with a progress bar, then shows how many accounts
//! match the list in the URL fragment and the top ranked ones.
//!
//! Test hooks (`data-testid`): `download-progress`, `match-count` (with the plain number in
//! `data-count`), `top-accounts` (items carry `data-account-id`), `url-error`, `load-error`.

use leptos::prelude::*;

use crate::engine_bridge::{self, AccountRow, ListError, ListView};
use crate::format;
use crate::state::{AppState, Download, Phase};

/// The list shown when the URL has no fragment: every account, ranked by intent.
pub const DEFAULT_LIST: &str = "v=1";

/// The list page.
#[component]
pub fn ListPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A plain match instead of <Suspense>: the "fallback" is a live progress bar, and the
    // error cases need their own test hooks.
    let content = move || match state.dataset.get() {
        None => view! { <DownloadProgress download=state.download /> }.into_any(),
        Some(Err(error)) => view! {
            <section class="card error" role="alert" data-testid="load-error">
                <h2>"The list cannot be loaded"</h2>
                <p>{error.to_string()}</p>
            </section>
        }
        .into_any(),
        Some(Ok(dataset)) => {
            let fragment = state.fragment.get();
            let fragment = if fragment.trim().is_empty() {
                DEFAULT_LIST.to_owned()
            } else {
                fragment
            };
            match engine_bridge::run_list(&dataset, &fragment) {
                Ok(list) => view! { <ListResults list=list /> }.into_any(),
                Err(error) => view! { <ListProblem error=error /> }.into_any(),
            }
        }
    };
    view! {
        <main class="page">
            <div class="page-heading">
                <h1>"Account list"</h1>
                <p class="muted">"Ranked by intent. Filters live in the link: share it to share the list."</p>
            </div>
            {content}
        </main>
    }
}

/// The download progress bar, with bytes received and expected.
#[component]
pub fn DownloadProgress(download: ReadSignal<Download>) -> impl IntoView {
    let heading = move || match download.get().phase {
        Phase::Connecting => "Connecting…",
        Phase::Downloading => "Downloading the dataset…",
        Phase::Indexing => "Preparing the list…",
    };
    // No `value` while the size is unknown: the bar is then indeterminate.
    let max = move || download.get().total.map(|total| total.max(1).to_string());
    let value = move || {
        let Download {
            received, total, ..
        } = download.get();
        total.map(|_| received.to_string())
    };
    let status = move || {
        let Download {
            received, total, ..
        } = download.get();
        format::progress(received, total)
    };
    view! {
        <section class="card loading" aria-busy="true">
            <h2>{heading}</h2>
            <progress
                data-testid="download-progress"
                aria-label="Dataset download"
                max=max
                value=value
            ></progress>
            <p class="muted" data-testid="download-status" aria-live="polite">
                {status}
            </p>
        </section>
    }
}

/// The match count and the top accounts of a list.
#[component]
pub fn ListResults(list: ListView) -> impl IntoView {
    let ListView { count, top } = list;
    let noun = if count == 1 {
        " matching account"
    } else {
        " matching accounts"
    };
    let empty = top.is_empty();
    view! {
        <section class="card summary">
            <p class="match-count" data-testid="match-count" data-count=count.to_string()>
                <strong>{format::count(count)}</strong>
                {noun}
            </p>
        </section>
        <section class="card">
            <h2>"Top accounts"</h2>
            <ol class="accounts" data-testid="top-accounts">
                {top
                    .into_iter()
                    .enumerate()
                    .map(|(index, row)| view! { <AccountItem rank=index + 1 row=row /> })
                    .collect_view()}
            </ol>
            {empty.then(|| view! { <p class="muted empty">"No account matches this list."</p> })}
        </section>
    }
}

/// One ranked account.
#[component]
pub fn AccountItem(rank: usize, row: AccountRow) -> impl IntoView {
    let AccountRow {
        id,
        name,
        domain,
        country,
        industry,
        employees,
        gauge,
        score,
        signals,
    } = row;
    // Long values are cut with an ellipsis; the title shows them in full. (The macro moves
    // the text into the children first, so the titles are cloned up front.)
    let (name_title, country_title, industry_title, employees_title) = (
        name.clone(),
        country.clone(),
        industry.clone(),
        employees.clone(),
    );
    let gauge = gauge.map(|gauge| {
        view! {
            <span class=format!("gauge gauge-{}", gauge.slug) data-field="gauge">
                {gauge.label}
            </span>
        }
    });
    let dots = signals
        .into_iter()
        .map(|signal| {
            let state = if signal.lit { "on" } else { "off" };
            view! {
                <span
                    class=if signal.lit { "signal lit" } else { "signal" }
                    role="img"
                    aria-label=format!("{}: {state}", signal.label)
                    title=signal.label
                    data-signal=signal.slug
                    data-lit=signal.lit.to_string()
                ></span>
            }
        })
        .collect_view();
    view! {
        <li class="account" data-account-id=id.to_string()>
            <span class="rank" aria-hidden="true">{rank}</span>
            <div class="identity">
                <h3 class="name" data-field="name" title=name_title>
                    {name}
                </h3>
                <span class="domain" data-field="domain">{domain}</span>
            </div>
            <dl class="facts">
                <div>
                    <dt>"Country"</dt>
                    <dd data-field="country" title=country_title>{country}</dd>
                </div>
                <div>
                    <dt>"Industry"</dt>
                    <dd data-field="industry" title=industry_title>{industry}</dd>
                </div>
                <div>
                    <dt>"Employees"</dt>
                    <dd data-field="employees" title=employees_title>{employees}</dd>
                </div>
            </dl>
            <div class="intent">
                {gauge}
                <div class="signals" role="group" aria-label="Intent signals">
                    {dots}
                </div>
                <span class="score" data-field="score" title="Intent score">
                    {format::score(score)}
                </span>
            </div>
        </li>
    }
}

/// A list URL that cannot be shown: malformed, or naming values the dataset lacks.
#[component]
pub fn ListProblem(error: ListError) -> impl IntoView {
    let kind = match error {
        ListError::Url(_) => "url",
        ListError::Query(_) => "query",
    };
    view! {
        <section class="card error" role="alert" data-testid="url-error" data-kind=kind>
            <h2>"This list cannot be shown"</h2>
            <p class="message">{error.to_string()}</p>
            <p>
                <a href=format!("#{DEFAULT_LIST}")>"Show all accounts instead"</a>
            </p>
        </section>
    }
}
