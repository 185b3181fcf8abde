//! Accounts by what a CRM record knows: `/accounts/by-domain/{domains}`, one domain or
//! several separated by commas. Domains are normalised as suppression domains are
//! (scheme, `www.`, case, a trailing dot) and looked up in the browser's dataset. One
//! domain shows that account's page (the compact card with `?embed=1`); several show one
//! row each, so a CRM's account view can ask "is this company active?"; a domain the
//! dataset does not have says so.
//!
//! Test hooks: `domain-missing` (with `data-domain`), `by-domain` (the table), `domain-row`
//! (with `data-domain` as asked, `data-account-id`, empty when not found, and `data-gauge`).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::company_search::account_href;
use crate::components::gauge_pill;
use crate::engine_bridge::account::{self, DomainMatch, MAX_DOMAINS};
use crate::format;
use crate::pages::account::AccountView;
use crate::pages::over_dataset;
use crate::state::AppState;

/// The by-domain page: waits for the dataset like the list does.
#[component]
pub fn ByDomainPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = use_params_map();
    let asked = Memo::new(move |_| {
        params.with(|params| {
            let raw = params.get_str("domains").unwrap_or_default();
            js_sys::decode_uri_component(raw)
                .ok()
                .and_then(|decoded| decoded.as_string())
                .unwrap_or_else(|| raw.to_owned())
        })
    });
    let content = over_dataset("The accounts cannot be shown", move |dataset| {
        let matches = account::by_domains(&dataset, &asked.get());
        match matches.as_slice() {
            [] => not_in_dataset(&asked.get()).into_any(),
            [single] => match &single.account {
                Some(found) => view! {
                    <AccountView dataset=dataset id=found.id fragment=state.fragment.get() />
                }
                .into_any(),
                None => not_in_dataset(&single.asked).into_any(),
            },
            _ => table(matches).into_any(),
        }
    });
    view! { <main class="page account-page by-domain-page">{content}</main> }
}

fn not_in_dataset(asked: &str) -> impl IntoView + use<> {
    view! {
        <section class="card" role="status" data-testid="domain-missing" data-domain=asked.to_owned()>
            <h1 class="h2">{format!("{asked} is not in your dataset")}</h1>
            <p class="muted">
                "No account with this domain is in your organisation's licensed segments. \
                 Check the spelling, or ask your administrator about the segments you license."
            </p>
        </section>
    }
}

fn table(matches: Vec<DomainMatch>) -> impl IntoView + use<> {
    let found = matches.iter().filter(|m| m.account.is_some()).count();
    let capped = matches.len() == MAX_DOMAINS;
    let summary = format!(
        "{} of {} domains are in your dataset",
        format::count(found as u64),
        format::count(matches.len() as u64)
    );
    let rows = matches.into_iter().map(row).collect_view();
    view! {
        <section class="card by-domain">
            <h1 class="h2">"Accounts by domain"</h1>
            <p class="muted" data-testid="by-domain-summary">{summary}</p>
            <table class="table" data-testid="by-domain">
                <thead>
                    <tr>
                        <th scope="col">"Domain"</th>
                        <th scope="col">"Company"</th>
                        <th scope="col">"Interest"</th>
                        <th scope="col" class="num">"Score"</th>
                        <th scope="col" class="num">"Buying team"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {capped.then(|| view! {
                <p class="muted small">{format!("At most {MAX_DOMAINS} domains are looked up at once.")}</p>
            })}
        </section>
    }
}

fn row(found: DomainMatch) -> impl IntoView {
    let DomainMatch {
        asked,
        domain,
        account,
    } = found;
    let label = asked.clone();
    let Some(account) = account else {
        let why = if domain.is_some() {
            "Not in your dataset"
        } else {
            "Not a domain"
        };
        return view! {
            <tr data-testid="domain-row" data-domain=asked.clone() data-account-id="" data-gauge="">
                <th scope="row">{label}</th>
                <td colspan="4" class="muted">{why}</td>
            </tr>
        }
        .into_any();
    };
    let gauge = account::gauge_of(&account.gauge);
    view! {
        <tr data-testid="domain-row" data-domain=asked.clone() data-account-id=account.id.to_string()
            data-gauge=account.gauge.clone()>
            <th scope="row">{label}</th>
            <td><a href=account_href(account.id)>{account.name.clone()}</a></td>
            <td>{gauge_pill(gauge)}</td>
            <td class="num">{format::score(account.score)}</td>
            <td class="num">{format::count(u64::from(account.contacts))}</td>
        </tr>
    }
    .into_any()
}
