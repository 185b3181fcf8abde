//! The organisation's saved lists (`/lists`): open, rename, share and assign them; see what
//! changed since a list's snapshot (which accounts joined, which left, computed here on
//! the current dataset); combine two lists (A ∩ B, A ∪ B, A − B, which are list URLs with
//! `list=` filters, so the result is a list like any other); and the user's saved searches
//! with the accounts new to each since it was last seen.
//!
//! Test hooks: `lists-page`, `saved-list` rows (with `data-list-id`), `list-rename`,
//! `list-share`, `list-assign`, `list-diff` and `list-diff-result` (with `data-joined`,
//! `data-left`), `combine-a`, `combine-b`, `combine-op`, `combine-result` (with
//! `data-count`), `combine-open`, `saved-search` rows (with `data-search-id`,
//! `data-new`), `search-acknowledge`.

pub mod manage;

use std::collections::{BTreeSet, HashSet};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ListChange, Role, SavedList, SavedSearch, TeamMember};
use crate::components::Shared;
use crate::engine_bridge::{self, Dataset, ListQuery};
use crate::format;
use crate::pages::over_dataset;
use crate::saved_lists::{SavedListsState, context_of, list_options, named_lists};
use crate::session::SessionState;
use manage::{ListManagement, OpenPicker, SuppressionLists};

/// How two lists combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combination {
    /// Accounts in both.
    Both,
    /// Accounts in either.
    Either,
    /// Accounts in A but not in B.
    FirstOnly,
}

impl Combination {
    const ALL: [Combination; 3] = [
        Combination::Both,
        Combination::Either,
        Combination::FirstOnly,
    ];

    fn slug(self) -> &'static str {
        match self {
            Combination::Both => "and",
            Combination::Either => "or",
            Combination::FirstOnly => "minus",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Combination::Both => "A ∩ B: in both",
            Combination::Either => "A ∪ B: in either",
            Combination::FirstOnly => "A − B: in A, not in B",
        }
    }
}

/// The list URL of two saved lists combined.
#[must_use]
pub fn combine(a: u64, b: u64, how: Combination) -> ListQuery {
    use crate::engine_bridge::ListClause;
    let clause = |include, ids: Vec<u64>| ListClause { include, ids };
    let lists = match how {
        Combination::Both => vec![clause(true, vec![a]), clause(true, vec![b])],
        Combination::Either => vec![clause(true, vec![a, b])],
        Combination::FirstOnly => vec![clause(true, vec![a]), clause(false, vec![b])],
    };
    ListQuery {
        lists,
        ..ListQuery::default()
    }
    .canonical()
}

/// The lists page.
#[component]
pub fn ListsPage() -> impl IntoView {
    let content = over_dataset("The lists cannot be shown", |dataset| {
        view! { <Lists dataset=dataset /> }.into_any()
    });
    view! { <main class="page lists-page" data-testid="lists-page">{content}</main> }
}

#[component]
fn Lists(dataset: Rc<Dataset>) -> impl IntoView {
    let saved = expect_context::<SavedListsState>();
    // Lists change under other users' hands: opening the page shows them as they are now.
    saved.refresh();
    OpenPicker::provide();
    let session = expect_context::<SessionState>();
    let me = session.current();
    let can_edit = me.as_ref().is_some_and(|me| me.user.role != Role::ReadOnly);
    let team = RwSignal::new(Vec::<TeamMember>::new());
    if can_edit {
        spawn_local(async move {
            if let Ok(members) = api::team().await {
                team.try_set(members);
            }
        });
    }
    let dataset = StoredValue::new_local(dataset);
    let lists = move || {
        saved.lists.get().map(|lists| match lists {
            Err(message) => view! { <p class="status failed" role="alert">{message}</p> }.into_any(),
            Ok(lists) if lists.is_empty() => view! {
                <p class="muted">"No saved lists yet: build a list and use “Save list”."</p>
            }
            .into_any(),
            Ok(lists) => {
                let rows = lists
                    .into_iter()
                    .map(|list| view! { <ListRow list=list can_edit=can_edit team=team dataset=dataset.get_value() /> })
                    .collect_view();
                view! {
                    <table class="saved-lists">
                        <thead>
                            <tr>
                                <th scope="col">"List"</th>
                                <th scope="col" class="num">"Accounts (snapshot)"</th>
                                <th scope="col">"Snapshot taken"</th>
                                <th scope="col">"Owner"</th>
                                <th scope="col">"Shared"</th>
                                <th scope="col">"Assigned to"</th>
                                <th scope="col">"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
        })
    };
    view! {
        {move || saved.offline.get().then(offline_notice)}
        <section class="card">
            <h1>"Saved lists"</h1>
            {lists}
        </section>
        <Combine dataset=dataset.get_value() />
        {can_edit.then(|| view! { <Searches /> })}
        {can_edit.then(|| view! { <SuppressionLists /> })}
    }
}

/// What works without the server, and what needs it.
fn offline_notice() -> impl IntoView {
    view! {
        <section class="card notice-card" role="status" data-testid="lists-offline">
            <h2>"Offline: the server cannot be reached"</h2>
            <p>
                "The list builder works on this browser's copy of the dataset: filters, ranking,                  account pages and the company search. These need the server and wait for it:                  the saved lists and their snapshots, saving, renaming, sharing, assigning and                  deleting lists, saved searches, suppression lists, notifications and exports."
            </p>
        </section>
    }
}

/// One saved list with its actions.
#[component]
fn ListRow(
    list: SavedList,
    can_edit: bool,
    team: RwSignal<Vec<TeamMember>>,
    dataset: Rc<Dataset>,
) -> impl IntoView {
    let saved = expect_context::<SavedListsState>();
    let message = RwSignal::new(None::<String>);
    let renaming = RwSignal::new(false);
    let new_name = RwSignal::new(list.name.clone());
    let assigning = RwSignal::new(false);
    let chosen = RwSignal::new(list.assigned_to.iter().copied().collect::<BTreeSet<u64>>());
    let diff = RwSignal::new(None::<Diff>);
    let id = list.id;
    let shared = list.shared;
    let after = move |outcome: Result<SavedList, api::ApiError>| match outcome {
        Ok(_) => saved.refresh(),
        Err(error) => {
            message.try_set(Some(error.to_string()));
        }
    };
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = ListChange {
            name: Some(new_name.get_untracked().trim().to_owned()),
            shared: None,
        };
        spawn_local(async move { after(api::change_list(id, &change).await) });
    };
    let share = move |_| {
        let change = ListChange {
            name: None,
            shared: Some(!shared),
        };
        spawn_local(async move { after(api::change_list(id, &change).await) });
    };
    let assign = move |_| {
        let users: Vec<u64> = chosen.get_untracked().into_iter().collect();
        spawn_local(async move { after(api::assign_list(id, &users).await) });
    };
    let definition = list.definition.clone();
    let dataset = StoredValue::new_local(dataset);
    let show_diff = move |_| {
        let definition = definition.clone();
        spawn_local(async move {
            let computed = match api::list_accounts(id).await {
                Ok(snapshot) => dataset.with_value(|dataset| {
                    changes(dataset, saved, &definition, &snapshot.account_ids)
                }),
                Err(error) => Err(error.to_string()),
            };
            match computed {
                Ok(computed) => {
                    diff.try_set(Some(computed));
                }
                Err(error) => {
                    message.try_set(Some(error));
                }
            }
        });
    };
    let assigned_names = if list.assigned_names.is_empty() {
        "—".to_owned()
    } else {
        list.assigned_names.join(", ")
    };
    let owner_name = list.owner_name.clone();
    let managed = can_edit.then(|| {
        let list = list.clone();
        dataset.with_value(|dataset| view! { <ListManagement list=list dataset=dataset.clone() /> })
    });
    let snapshot = list.snapshot;
    view! {
        <tr data-testid="saved-list" data-list-id=id.to_string()>
            <th scope="row">
                <a href=format!("/#{}", list.definition)>{list.name.clone()}</a>
                <div class="muted small">
                    <a href=format!("/#v=1&list=in:{id}")>"filter: in"</a>
                    " · "
                    <a href=format!("/#v=1&list=not:{id}")>"not in"</a>
                </div>
            </th>
            <td class="num">{snapshot.map(|s| format::count(s.accounts)).unwrap_or_default()}</td>
            <td>{snapshot.map(|s| format::date_time(s.taken_at)).unwrap_or_default()}</td>
            <td>{owner_name}</td>
            <td>{if shared { "Everyone" } else { "Owner and assignees" }}</td>
            <td>{assigned_names}</td>
            <td><div class="row-actions">
                {can_edit.then(|| view! {
                    <button type="button" class="link-button" data-testid="list-rename"
                        on:click=move |_| renaming.update(|on| *on = !*on)>"Rename"</button>
                    <button type="button" class="link-button" data-testid="list-share" on:click=share>
                        {if shared { "Unshare" } else { "Share" }}
                    </button>
                    <button type="button" class="link-button" data-testid="list-assign"
                        on:click=move |_| assigning.update(|on| *on = !*on)>"Assign"</button>
                })}
                <button type="button" class="link-button" data-testid="list-diff" on:click=show_diff>
                    "Changes since snapshot"
                </button>
                {managed}
                <Show when=move || renaming.get()>
                    <form class="inline-form" on:submit=rename>
                        <input class="input" type="text" maxlength="100" required aria-label="New name"
                            prop:value=move || new_name.get()
                            on:input=move |ev| new_name.set(event_target_value(&ev)) />
                        <button type="submit" class="button secondary">"Rename"</button>
                    </form>
                </Show>
                <Show when=move || assigning.get()>
                    <div class="inline-form" role="group" aria-label="Assign to">
                        {move || team.get().into_iter().map(|member| {
                            let member_id = member.id;
                            view! {
                                <label class="check">
                                    <input type="checkbox"
                                        prop:checked=move || chosen.with(|c| c.contains(&member_id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| { if on { c.insert(member_id); } else { c.remove(&member_id); } });
                                        } />
                                    {member.name.clone()}
                                </label>
                            }
                        }).collect_view()}
                        <button type="button" class="button secondary" on:click=assign>"Save assignment"</button>
                    </div>
                </Show>
                {move || message.get().map(|m| view! { <p class="status failed" role="alert">{m}</p> })}
                {move || diff.get().map(diff_view)}
            </div></td>
        </tr>
    }
}

/// What changed in a list since its snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Diff {
    joined: Vec<(u32, String)>,
    left: Vec<(u32, String)>,
}

/// The list's accounts now (its definition on the current dataset) against its snapshot.
fn changes(
    dataset: &Dataset,
    saved: SavedListsState,
    definition: &str,
    snapshot: &[u32],
) -> Result<Diff, String> {
    let parsed = engine_bridge::parse_list(definition);
    if parsed.fatal || !parsed.problems.is_empty() {
        return Err(format!(
            "the list's definition cannot be read here: {definition}"
        ));
    }
    let ids = named_lists(&parsed.query);
    saved.want(&ids);
    let context = context_of(dataset, &saved.snapshots_of(&ids));
    if !context.pending.is_empty() {
        return Err("the lists it refers to are still loading; try again".to_owned());
    }
    let now = engine_bridge::evaluate(dataset, &parsed.query, Shared::new(context));
    let now_ids: Vec<u32> = now
        .all_rows(dataset)
        .iter()
        .map(|&row| dataset.id_of(row))
        .collect();
    let before: HashSet<u32> = snapshot.iter().copied().collect();
    let after: HashSet<u32> = now_ids.iter().copied().collect();
    let named = |id: u32| {
        let name = dataset.row_of(id).map_or_else(
            || format!("account {id} (no longer in the dataset)"),
            |row| dataset.name(row).to_owned(),
        );
        (id, name)
    };
    Ok(Diff {
        joined: now_ids
            .iter()
            .copied()
            .filter(|id| !before.contains(id))
            .map(named)
            .collect(),
        left: snapshot
            .iter()
            .copied()
            .filter(|id| !after.contains(id))
            .map(named)
            .collect(),
    })
}

fn diff_view(diff: Diff) -> impl IntoView {
    let names = |accounts: &[(u32, String)]| {
        accounts
            .iter()
            .take(10)
            .map(|(id, name)| view! { <li><a href=format!("/accounts/{id}")>{name.clone()}</a></li> })
            .collect_view()
    };
    view! {
        <div class="diff" data-testid="list-diff-result"
            data-joined=diff.joined.len().to_string() data-left=diff.left.len().to_string()>
            <div>
                <strong>{format!("{} joined", format::count(diff.joined.len() as u64))}</strong>
                <ul>{names(&diff.joined)}</ul>
            </div>
            <div>
                <strong>{format!("{} left", format::count(diff.left.len() as u64))}</strong>
                <ul>{names(&diff.left)}</ul>
            </div>
        </div>
    }
}

/// Two lists combined: the count on the current dataset and the link to the list.
#[component]
fn Combine(dataset: Rc<Dataset>) -> impl IntoView {
    let saved = expect_context::<SavedListsState>();
    let a = RwSignal::new(None::<u64>);
    let b = RwSignal::new(None::<u64>);
    let how = RwSignal::new(Combination::Both);
    let dataset = StoredValue::new_local(dataset);
    let query = Memo::new(move |_| match (a.get(), b.get()) {
        (Some(a), Some(b)) => Some(combine(a, b, how.get())),
        _ => None,
    });
    Effect::new(move || {
        saved.snapshots.track();
        if let Some(query) = query.get() {
            saved.want(&named_lists(&query));
        }
    });
    let result = move || {
        query.get().map(|query| {
            let (count, pending) = dataset.with_value(|dataset| {
                let context = context_of(dataset, &saved.snapshots_of(&named_lists(&query)));
                let pending = !context.pending.is_empty();
                (engine_bridge::evaluate(dataset, &query, Shared::new(context)).count, pending)
            });
            let href = format!("/#{}", engine_bridge::encode(&query));
            if pending {
                return view! { <p class="muted" aria-busy="true">"Loading the lists…"</p> }.into_any();
            }
            view! {
                <p data-testid="combine-result" data-count=count.to_string()>
                    <strong>{format::accounts(count)}</strong>
                    " "
                    <a class="button secondary" href=href data-testid="combine-open">"Open as a list"</a>
                </p>
            }
            .into_any()
        })
    };
    let pick = move |signal: RwSignal<Option<u64>>| {
        move |ev: leptos::ev::Event| signal.set(event_target_value(&ev).parse().ok())
    };
    view! {
        <section class="card combine" aria-labelledby="combine-title">
            <h2 id="combine-title">"Combine two lists"</h2>
            <div class="combine-fields">
                <label class="field"><span>"List A"</span>
                    <select class="select" data-testid="combine-a" on:change=pick(a)>
                        <option value="">"Choose…"</option>{list_options(saved)}
                    </select>
                </label>
                <label class="field"><span>"How"</span>
                    <select class="select" data-testid="combine-op" on:change=move |ev| {
                        let slug = event_target_value(&ev);
                        if let Some(found) = Combination::ALL.into_iter().find(|c| c.slug() == slug) {
                            how.set(found);
                        }
                    }>
                        {Combination::ALL.into_iter().map(|c| view! { <option value=c.slug()>{c.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>"List B"</span>
                    <select class="select" data-testid="combine-b" on:change=pick(b)>
                        <option value="">"Choose…"</option>{list_options(saved)}
                    </select>
                </label>
            </div>
            {result}
        </section>
    }
}

/// The user's saved searches with the accounts new to each.
#[component]
fn Searches() -> impl IntoView {
    let searches =
        RwSignal::new(None::<Result<Vec<(SavedSearch, Option<api::SearchAlerts>)>, String>>);
    let load = move || {
        spawn_local(async move {
            let loaded = match api::searches().await {
                Ok(found) => {
                    let mut with_alerts = Vec::new();
                    for search in found {
                        let alerts = if search.alerts {
                            api::search_alerts(search.id).await.ok()
                        } else {
                            None
                        };
                        with_alerts.push((search, alerts));
                    }
                    Ok(with_alerts)
                }
                Err(error) => Err(error.to_string()),
            };
            searches.try_set(Some(loaded));
        });
    };
    load();
    let acknowledge = move |id: u64| {
        spawn_local(async move {
            // A failure shows as the search still reporting its new accounts.
            let _ = api::acknowledge_search(id).await;
            load();
        });
    };
    let rows = move || {
        searches.get().map(|loaded| match loaded {
            Err(message) => view! { <p class="status failed">{message}</p> }.into_any(),
            Ok(found) if found.is_empty() => view! {
                <p class="muted">"No saved searches: use “Save search” in the list builder to be told about new matching accounts."</p>
            }
            .into_any(),
            Ok(found) => found.into_iter().map(|(search, alerts)| {
                let fresh = alerts.as_ref().map_or(0, |a| a.count);
                let names = alerts.map(|a| a.new_accounts.into_iter().take(5).map(|account| {
                    view! { <li><a href=format!("/accounts/{}", account.id)>{account.name}</a></li> }
                }).collect_view());
                let id = search.id;
                let has_new = fresh > 0;
                view! {
                    <div class="saved-search" data-testid="saved-search" data-search-id=id.to_string() data-new=fresh.to_string()>
                        <a href=format!("/#{}", search.definition)><strong>{search.name}</strong></a>
                        <span class="badge" class:new=has_new>
                            {format!("{} new", format::count(fresh))}
                        </span>
                        {(fresh > 0).then(|| view! {
                            <button type="button" class="link-button" data-testid="search-acknowledge"
                                on:click=move |_| acknowledge(id)>"Mark as seen"</button>
                        })}
                        <ul class="muted small">{names}</ul>
                    </div>
                }
            }).collect_view().into_any(),
        })
    };
    view! {
        <section class="card" aria-labelledby="searches-title">
            <h2 id="searches-title">"Saved searches"</h2>
            {rows}
        </section>
    }
}
