//! Embeds (`/organisation/embeds`): the sites allowed to frame the organisation's embed
//! views (its CRM), and the embed URLs to paste into a CRM's custom tab or card. A site
//! not on the list cannot frame Clearlist at all (`frame-ancestors`); on it, a user signs
//! in inside the frame once and sees what their role allows.
//!
//! Test hooks: `embeds-page`, `embed-origin` rows (with `data-origin`),
//! `embed-origin-remove`, `embed-origin-input`, `embed-origin-add`, `embed-error`,
//! `embed-url` (with `data-kind`: `list`, `domain`, `domains`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{OrgFrame, OrgPage};
use crate::api::{self, EmbedOrigins};
use crate::pages::login::sign_in_error;

/// The origin list after adding `typed` (trimmed, without a trailing slash; unchanged when
/// it is empty or already there). The server checks and normalises each origin.
#[must_use]
pub fn with_origin(origins: &[String], typed: &str) -> Vec<String> {
    let typed = typed.trim().trim_end_matches('/');
    let mut next = origins.to_vec();
    if !typed.is_empty() && !origins.iter().any(|o| o.eq_ignore_ascii_case(typed)) {
        next.push(typed.to_owned());
    }
    next
}

/// The origin list without `origin`.
#[must_use]
pub fn without_origin(origins: &[String], origin: &str) -> Vec<String> {
    origins.iter().filter(|o| *o != origin).cloned().collect()
}

/// The embed URLs of organisation `org` on this deployment (`base`, e.g.
/// `https://clearlist.example`): (kind, what it shows, URL pattern).
#[must_use]
pub fn embed_urls(base: &str, org: u64) -> [(&'static str, &'static str, String); 3] {
    let query = format!("?embed=1&org={org}");
    [
        (
            "list",
            "A list: its URL from the list builder's address bar, with the query before the #",
            format!("{base}/{query}#v=1&seg=…"),
        ),
        (
            "domain",
            "One account, by the domain the CRM record holds",
            format!("{base}/accounts/by-domain/{{domain}}{query}"),
        ),
        (
            "domains",
            "Several accounts at once (is each company active?), comma-separated",
            format!("{base}/accounts/by-domain/{{domain}},{{domain}}{query}"),
        ),
    ]
}

/// The Embeds page.
#[component]
pub fn EmbedsPage() -> impl IntoView {
    view! {
        <OrgFrame current=OrgPage::Embeds>
            <Embeds />
        </OrgFrame>
    }
}

#[component]
fn Embeds() -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<EmbedOrigins, String>>);
    let error = RwSignal::new(None::<String>);
    let typed = RwSignal::new(String::new());
    spawn_local(async move {
        let answer = api::embed_origins().await.map_err(|e| sign_in_error(&e));
        loaded.try_set(Some(answer));
    });
    let save = move |origins: Vec<String>| {
        spawn_local(async move {
            match api::set_embed_origins(&origins).await {
                Ok(saved) => {
                    error.try_set(None);
                    typed.try_set(String::new());
                    loaded.try_set(Some(Ok(saved)));
                }
                Err(failure) => {
                    error.try_set(Some(sign_in_error(&failure)));
                }
            }
        });
    };
    let current = move || {
        loaded.with_untracked(|l| {
            l.as_ref()
                .and_then(|l| l.as_ref().ok())
                .map(|l| l.origins.clone())
        })
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(origins) = current() {
            save(with_origin(&origins, &typed.get_untracked()));
        }
    };
    let body = move || {
        loaded.get().map(|answer| match answer {
            Err(message) => view! { <p class="status failed" role="alert">{message}</p> }.into_any(),
            Ok(EmbedOrigins { org, origins }) => {
                let rows = origins
                    .iter()
                    .map(|origin| {
                        let remove = origin.clone();
                        view! {
                            <li data-testid="embed-origin" data-origin=origin.clone()>
                                <code>{origin.clone()}</code>
                                <button type="button" class="link-button danger" data-testid="embed-origin-remove"
                                    on:click=move |_| {
                                        if let Some(all) = current() {
                                            save(without_origin(&all, &remove));
                                        }
                                    }>
                                    "Remove"
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                let empty = origins.is_empty().then(|| view! {
                    <p class="muted" data-testid="embed-origins-empty">
                        "No site may frame Clearlist yet: embed views open only inside Clearlist itself."
                    </p>
                });
                view! {
                    <ul class="origin-list">{rows}</ul>
                    {empty}
                    <EmbedUrls org=org />
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="card" data-testid="embeds-page">
            <h1>"Embeds"</h1>
            <p class="muted">
                "Show a list or an account inside your CRM. Only the sites listed here may frame \
                 Clearlist; there, each user signs in once inside the frame and sees what their \
                 role allows."
            </p>
            <h2>"Sites allowed to embed Clearlist"</h2>
            {body}
            <form class="inline-form" on:submit=add>
                <label for="embed-origin-input">"Add a site"</label>
                <input id="embed-origin-input" type="url" class="input" required
                    placeholder="https://yourcompany.lightning.force.com"
                    data-testid="embed-origin-input"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev)) />
                <button type="submit" class="button primary" data-testid="embed-origin-add">"Add"</button>
            </form>
            <p class="muted small">
                "An origin: https, the host (a leading *. allows its subdomains) and a port if not the default; no path."
            </p>
            {move || error.get().map(|message| view! {
                <p class="form-error" role="alert" data-testid="embed-error">{message}</p>
            })}
        </section>
    }
}

#[component]
fn EmbedUrls(org: u64) -> impl IntoView {
    let base = window().location().origin().unwrap_or_default();
    let rows = embed_urls(&base, org)
        .into_iter()
        .map(|(kind, what, url)| {
            view! {
                <dt>{what}</dt>
                <dd><code data-testid="embed-url" data-kind=kind>{url}</code></dd>
            }
        })
        .collect_view();
    view! {
        <h2>"Embed URLs"</h2>
        <dl class="embed-urls">{rows}</dl>
        <p class="muted small">
            "In Salesforce, use the account-by-domain URL with the record's website in a Lightning \
             Web tab or a Visualforce iframe; in HubSpot, in a CRM card or custom tab with the \
             company's domain. The README lists both."
        </p>
    }
}
