//! An account's page (`/accounts/{id}`): summary, HQ, size, links, the interest gauge, the
//! five signals with the numbers behind them, the buying team by function and seniority,
//! vendor and topic interests, the most-influencing vendor of the last 90 days, and the
//! account seen in each segment it shows intent in. The fragment keeps the list the page
//! was opened from: its segment is the one shown first, and "Back to the list" returns to
//! it. With `?embed=1` the page is a compact card for a CRM iframe.
//!
//! Test hooks: `account-page` (with `data-account-id`), `account-name`, `account-segment`
//! (the segment shown, in `data-segment`), `segment-choice-{slug}`, `signal-fact` (with
//! `data-signal`, `data-lit`), `team-function`, `team-seniority`, `top-vendor`,
//! `account-missing`, `embed-account`, `back-to-list`.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::app::use_embed;
use crate::components::buying_team::BuyingTeam;
use crate::components::gauge_pill;
use crate::components::save_account::SaveAccount;
use crate::engine_bridge::account::{self, AccountProfile, Labelled, SegmentProfile};
use crate::engine_bridge::{self, Dataset, ListContext};
use crate::format;
use crate::org_suppression::suppression_in_force;
use crate::pages::over_dataset;
use crate::state::AppState;
use crate::weights::WeightsState;

/// The account page: waits for the dataset like the list does.
#[component]
pub fn AccountPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|params| params.get_str("id").and_then(|id| id.parse::<u32>().ok()))
    });
    let content = over_dataset("The account cannot be shown", move |dataset| {
        match id.get() {
            Some(id) => {
                view! { <AccountView dataset=dataset id=id fragment=state.fragment.get() /> }
                    .into_any()
            }
            None => missing().into_any(),
        }
    });
    view! { <main class="page account-page">{content}</main> }
}

fn missing() -> impl IntoView {
    view! {
        <section class="card error" role="alert" data-testid="account-missing">
            <h2>"No such account"</h2>
            <p>"This account is not in your organisation's dataset (it may have left it)."</p>
            <a class="button secondary" href=back_href(&crate::fragment::current_fragment())>
                "Back to the list"
            </a>
        </section>
    }
}

fn back_href(fragment: &str) -> String {
    format!("/#{fragment}")
}

/// One account's profile over a loaded dataset.
#[component]
pub fn AccountView(
    /// The dataset.
    dataset: Rc<Dataset>,
    /// The account id.
    id: u32,
    /// The URL fragment: the list the page was opened from.
    #[prop(into)]
    fragment: Signal<String>,
) -> impl IntoView {
    let weights = use_context::<WeightsState>()
        .map(|WeightsState(weights)| weights.get_untracked())
        .unwrap_or_default();
    let Some(profile) = account::profile(&dataset, id, &weights) else {
        return missing().into_any();
    };
    let embed = use_embed();
    // The list's segment first, when the account shows intent in it; else its strongest.
    let list_segment = fragment.with_untracked(|f| engine_bridge::parse_list(f).query.segment);
    let initial = list_segment
        .filter(|slug| profile.segments.iter().any(|s| s.slug == *slug))
        .or_else(|| profile.segments.first().map(|s| s.slug.clone()));
    let chosen = RwSignal::new(initial);
    let profile = Arc::new(profile);
    if embed.get_untracked() {
        return embed_view(&profile, chosen).into_any();
    }
    let summary = profile.summary.clone();
    let back = move || back_href(&fragment.get());
    let website = format!("https://{}", summary.domain);
    let location = account::place(&summary);
    let region = profile.region.map(|region| format!(" · {region}"));
    let last_touch = summary
        .last_touch
        .map_or_else(|| "never".to_owned(), |date| date.to_string());
    let top_vendor = profile.vendors.first().map(|(_, label)| label.clone());
    let segments_view = segment_picker(&profile, chosen);
    let team = people_card(&dataset, id, fragment);
    let signals_profile = Arc::clone(&profile);
    let signals = move || {
        let slug = chosen.get();
        let segment =
            slug.and_then(|slug| signals_profile.segments.iter().find(|s| s.slug == slug));
        signals_card(segment)
    };
    view! {
        <div class="account" data-testid="account-page" data-account-id=id.to_string()>
            <nav class="breadcrumb">
                <a href=back data-testid="back-to-list">"← Back to the list"</a>
            </nav>
            <section class="card account-header">
                <div class="account-title">
                    <h1 data-testid="account-name">{summary.name.clone()}</h1>
                    <p class="muted">
                        <a href=website.clone() target="_blank" rel="noopener noreferrer external">
                            {summary.domain.clone()}
                        </a>
                        " · "
                        {summary.industry.clone()}
                    </p>
                </div>
                <dl class="facts">
                    <div><dt>"HQ"</dt><dd>{location}{region}</dd></div>
                    <div><dt>"Employees"</dt><dd>{summary.employees.clone()}</dd></div>
                    <div><dt>"Revenue"</dt><dd>{summary.revenue.clone()}</dd></div>
                    <div><dt>"Buying team"</dt><dd>{format::contacts(u64::from(summary.contacts))}</dd></div>
                    <div><dt>"Last touch"</dt><dd>{last_touch}</dd></div>
                    <div>
                        <dt>"Interest"</dt>
                        <dd>
                            {gauge_pill(account::gauge_of(&summary.gauge))}
                            " "
                            <span class="score" title="Intent score in the strongest segment">
                                {format::score(summary.score)}
                            </span>
                        </dd>
                    </div>
                </dl>
                <SaveAccount id=id />
            </section>
            <div class="account-cards">
                {signals}
                {team_card(&profile)}
                {team}
                <section class="card" aria-labelledby="interests-title">
                    <h2 id="interests-title">"Interests"</h2>
                    <p data-testid="top-vendor">
                        <span class="muted">"Most-influencing vendor, last 90 days: "</span>
                        <strong>{top_vendor.unwrap_or_else(|| "none".to_owned())}</strong>
                    </p>
                    <h3>"Top interests"</h3>
                    {chips(&profile.topics, "topics")}
                    <h3>"Vendor interests"</h3>
                    {chips(&profile.vendors, "vendors")}
                </section>
                <section class="card" aria-labelledby="tech-title">
                    <h2 id="tech-title">"Technologies"</h2>
                    {chips(&profile.technologies, "technologies")}
                </section>
                {segments_view}
            </div>
        </div>
    }
    .into_any()
}

/// The compact card of the embed view.
fn embed_view(profile: &AccountProfile, chosen: RwSignal<Option<String>>) -> impl IntoView + use<> {
    let summary = &profile.summary;
    let segment = chosen
        .get_untracked()
        .and_then(|slug| profile.segments.iter().find(|s| s.slug == slug).cloned());
    let signals = signals_card(segment.as_ref());
    let open = format!("/accounts/{}", summary.id);
    view! {
        <div class="embed-account" data-testid="embed-account" data-account-id=summary.id.to_string()>
            <h1 data-testid="account-name">{summary.name.clone()}</h1>
            <p class="muted">
                {format!("{} · {} · {}", summary.domain, summary.country_name, summary.employees)}
            </p>
            {signals}
            <p class="muted">{format!("Buying team: {}", format::contacts(u64::from(summary.contacts)))}</p>
            <a href=open target="_blank" rel="noopener">"Open in Clearlist"</a>
        </div>
    }
}

/// The signals of one segment with the numbers behind them.
fn signals_card(segment: Option<&SegmentProfile>) -> impl IntoView + use<> {
    let Some(segment) = segment else {
        return view! {
            <section class="card" data-testid="account-segment" data-segment="">
                <h2>"Intent signals"</h2>
                <p class="muted">"No intent activity in the last 13 weeks."</p>
            </section>
        }
        .into_any();
    };
    let facts = account::signal_facts(segment)
        .into_iter()
        .map(|fact| {
            view! {
                <li class="signal-fact" data-testid="signal-fact" data-signal=fact.slug data-lit=fact.lit.to_string()>
                    <span
                        class=if fact.lit { "signal lit" } else { "signal" }
                        role="img"
                        aria-label=if fact.lit { "lit" } else { "not lit" }
                    ></span>
                    <span class="fact-label">{fact.label}</span>
                    <span class="fact-evidence">{fact.evidence}</span>
                    <span class="fact-points" title="Points added to the score">
                        {format!("+{:.2}", fact.points)}
                    </span>
                    <span class="fact-rule muted">{fact.rule}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="account-segment" data-segment=segment.slug.clone()>
            <h2>{format!("Intent signals · {}", segment.label)}</h2>
            <p>
                {gauge_pill(segment.gauge)}
                " "
                <span class="score">
                    {format!("score {}", format::score(f64::from(segment.explanation.centi_score) / 100.0))}
                </span>
            </p>
            <ul class="signal-facts">{facts}</ul>
            <p class="muted small">
                {format!(
                    "Score = the points above × recency {:.2} (activity in the last 4 weeks).",
                    segment.explanation.recency
                )}
            </p>
        </section>
    }
    .into_any()
}

/// The buying team as pseudonymous rows, judged by the list the page was opened from and
/// the suppression in force.
fn people_card(dataset: &Dataset, id: u32, fragment: Signal<String>) -> impl IntoView + use<> {
    let query = fragment.with_untracked(|f| engine_bridge::parse_list(f).query);
    let suppression = suppression_in_force()
        .get_untracked()
        .map(|applied| (*applied).clone());
    let context = ListContext {
        suppression,
        ..ListContext::default()
    };
    let targeting = engine_bridge::targeting::is_targeting(&query);
    let team = engine_bridge::targeting::team(dataset, id, &query, &context)?;
    let heading = if targeting {
        "People this list targets"
    } else {
        "People"
    };
    Some(view! {
        <section class="card people wide" aria-labelledby="people-title">
            <h2 id="people-title">{heading}</h2>
            <BuyingTeam team=team targeting=targeting />
        </section>
    })
}

/// Buying-team counts by function and seniority, as bars.
fn team_card(profile: &AccountProfile) -> impl IntoView + use<> {
    let bars = |counts: Vec<Labelled>, testid: &'static str| {
        let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
        counts
            .into_iter()
            .map(|Labelled { label, count }| {
                let width = f64::from(count) * 100.0 / f64::from(max);
                view! {
                    <li class="bar" data-testid=testid data-count=count.to_string()>
                        <span class="bar-label">{label}</span>
                        <span class="bar-track" aria-hidden="true">
                            <span class="bar-fill" style:width=format!("{width:.0}%")></span>
                        </span>
                        <span class="bar-count">{format::count(u64::from(count))}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let team = &profile.buying_team;
    view! {
        <section class="card" aria-labelledby="team-title">
            <h2 id="team-title">
                {format!("Buying team · {}", format::contacts(u64::from(profile.summary.contacts)))}
            </h2>
            <p class="muted small">
                {format!(
                    "{} on consent · {} opted out or without email download. Pseudonymous: names and emails stay on the server.",
                    format::count(u64::from(team.consent)),
                    format::count(u64::from(team.declined)),
                )}
            </p>
            <div class="team-columns">
                <div>
                    <h3>"By function"</h3>
                    <ul class="bars">{bars(account::team_by_function(profile), "team-function")}</ul>
                </div>
                <div>
                    <h3>"By seniority"</h3>
                    <ul class="bars">{bars(account::team_by_seniority(profile), "team-seniority")}</ul>
                </div>
            </div>
        </section>
    }
}

/// Labels as chips; "none" when empty.
fn chips(values: &[(String, String)], what: &'static str) -> impl IntoView + use<> {
    if values.is_empty() {
        return view! { <p class="muted">{format!("No {what} known.")}</p> }.into_any();
    }
    let items = values
        .iter()
        .map(|(slug, label)| view! { <li class="chip static" data-slug=slug.clone()>{label.clone()}</li> })
        .collect_view();
    view! { <ul class="chips">{items}</ul> }.into_any()
}

/// Every segment the account shows intent in: gauge, score, lit signals; choosing one
/// shows its signals above.
fn segment_picker(
    profile: &AccountProfile,
    chosen: RwSignal<Option<String>>,
) -> impl IntoView + use<> {
    if profile.segments.is_empty() {
        return ().into_any();
    }
    let rows = profile
        .segments
        .iter()
        .map(|segment| {
            let slug = segment.slug.clone();
            let is_chosen = {
                let slug = slug.clone();
                Signal::derive(move || chosen.get().as_deref() == Some(slug.as_str()))
            };
            let choose = {
                let slug = slug.clone();
                move |_| chosen.set(Some(slug.clone()))
            };
            let lit = segment.signals.len();
            view! {
                <tr class:chosen=is_chosen>
                    <th scope="row">
                        <button
                            type="button"
                            class="link-button"
                            aria-pressed=move || is_chosen.get().to_string()
                            data-testid=format!("segment-choice-{slug}")
                            on:click=choose
                        >
                            {segment.label.clone()}
                        </button>
                    </th>
                    <td>
                        {gauge_pill(segment.gauge)}
                    </td>
                    <td class="num">
                        {format::score(f64::from(segment.explanation.centi_score) / 100.0)}
                    </td>
                    <td class="num">{format!("{lit} of 5")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card wide" aria-labelledby="segments-title">
            <h2 id="segments-title">"By segment"</h2>
            <table class="segments">
                <thead>
                    <tr>
                        <th scope="col">"Segment"</th>
                        <th scope="col">"Gauge"</th>
                        <th scope="col" class="num">"Score"</th>
                        <th scope="col" class="num">"Signals"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}
