//! The root component: the router, the top bar and the pages.
//!
//! Before sign-in there is the sign-in page only. Signed in, the router picks the page:
//! `/` is the list builder (the list itself lives in the URL fragment, see
//! [`crate::state`]), `/lists` the saved lists and searches, `/accounts/{id}` an account's
//! profile (the fragment then keeps the
//! list it was opened from, for the way back and the segment it is seen in). `?embed=1` on
//! either renders the compact view for a CRM iframe: no top bar, no filter panel.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_query_map};
use leptos_router::path;

use crate::api::Session;
use crate::app_update::AppUpdateNotice;
use crate::components::company_search::CompanySearch;
use crate::components::notification_menu::NotificationMenu;
use crate::dataset_watch::{DatasetWatch, NewerDataset};
use crate::engine_bridge::Date;
use crate::format;
use crate::org_suppression::{OrgSuppression, SuppressionInForce};
use crate::pages::account::AccountPage;
use crate::pages::by_domain::ByDomainPage;
use crate::pages::list::{DEFAULT_LIST, ListPage};
use crate::pages::lists::ListsPage;
use crate::pages::login::LoginPage;
use crate::pages::organisation::audit::AuditPage;
use crate::pages::organisation::embeds::EmbedsPage;
use crate::pages::organisation::import::ImportPage;
use crate::pages::organisation::is_administrator;
use crate::pages::organisation::people::PeoplePage;
use crate::pages::organisation::requests::RequestsPage;
use crate::pages::organisation::rules::EmailRulesPage;
use crate::pages::welcome::WelcomePage;
use crate::saved_lists::SavedListsState;
use crate::session::{Auth, SessionState};
use crate::state::{AppState, DatasetStatus, Download, Revalidation};
use crate::suppression_file::SuppressionSlot;
use crate::weights::WeightsState;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let session = SessionState::new();
    provide_context(session);
    view! {
        <Router>
            <AppUpdateNotice />
            {move || view! { <Pages session=session /> }}
        </Router>
    }
}

/// The page for the address and the sign-in state. A sign-in link's page shows whoever is
/// signed in (its user replaces them).
#[component]
fn Pages(session: SessionState) -> impl IntoView {
    let location = use_location();
    let welcome = Memo::new(move |_| location.pathname.get() == "/welcome");
    move || match session.auth.get() {
        _ if welcome.get() => view! {
            <TopBar />
            <WelcomePage />
        }
        .into_any(),
        // Blank rather than a flash of the sign-in form: the check takes milliseconds.
        Auth::Checking => view! {
            <TopBar />
            <main class="page" aria-busy="true"></main>
        }
        .into_any(),
        Auth::SignedOut { notice } => view! {
            <TopBar />
            <LoginPage notice=notice />
        }
        .into_any(),
        Auth::SignedIn(signed_in) => {
            view! { <SignedIn session=session signed_in=signed_in /> }.into_any()
        }
    }
}

/// Whether the URL asks for the embed view (`?embed=1`).
#[must_use]
pub fn use_embed() -> Memo<bool> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|query| query.get_str("embed") == Some("1")))
}

/// The organisation an embed URL names (`?embed=1&org=ID`): a CRM's frame of another site
/// signs in to an embed session of that organisation.
#[must_use]
pub fn use_embed_org() -> Memo<Option<u64>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|query| {
            (query.get_str("embed") == Some("1"))
                .then(|| query.get_str("org")?.parse().ok())
                .flatten()
        })
    })
}

/// The query that keeps a page in the embed view, for links inside it: `?embed=1` and
/// the organisation when the URL names one; empty outside the embed view.
#[must_use]
pub fn embed_query(embed: bool, org: Option<u64>) -> String {
    match (embed, org) {
        (false, _) => String::new(),
        (true, None) => "?embed=1".to_owned(),
        (true, Some(org)) => format!("?embed=1&org={org}"),
    }
}

/// The top bar: the brand, and whatever the signed-in view puts beside it.
#[component]
fn TopBar(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href=format!("/#{DEFAULT_LIST}")>
                <span class="brand-mark" aria-hidden="true"></span>
                "Clearlist"
            </a>
            <span class="tagline">"Privacy-first account lists"</span>
            {children.map(|children| children())}
        </header>
    }
}

/// The signed-in user, their role and organisation, and the sign-out button (top bar).
///
/// Test hooks: `session-user` (with the role's slug in `data-role`), `logout`.
#[component]
pub fn SessionBar(session: Session) -> impl IntoView {
    let state = expect_context::<SessionState>();
    let Session { user, tenant, .. } = session;
    let role = user.role;
    view! {
        <div class="session">
            <div class="session-user" data-testid="session-user" data-role=role.slug()>
                <div class="who">
                    <span class="user-name" title=user.email>{user.name}</span>
                    <span class="tenant">{tenant.name}</span>
                </div>
                <span class=format!("role role-{}", role.slug())>{role.label()}</span>
            </div>
            <button
                type="button"
                class="button secondary"
                data-testid="logout"
                on:click=move |_| state.sign_out()
            >
                "Sign out"
            </button>
        </div>
    }
}

/// The signed-in view. Its reactive owner holds the dataset: when the view goes (sign-out,
/// ended session), the dataset and the list state go with it.
#[component]
fn SignedIn(session: SessionState, signed_in: Session) -> impl IntoView {
    let state = AppState::new(session);
    provide_context(state);
    provide_context(SavedListsState::new());
    let file = SuppressionSlot(RwSignal::new(None));
    let org = OrgSuppression::for_role(signed_in.user.role);
    provide_context(file);
    provide_context(org);
    provide_context(SuppressionInForce::new(state, file, org));
    provide_context(WeightsState::for_session(&signed_in));
    let signed_in_tenant = signed_in.tenant.id;
    let watch = DatasetWatch::start(state);
    provide_context(watch);
    let embed = use_embed();
    let top_bar = move || {
        (!embed.get()).then(|| {
            let signed_in = signed_in.clone();
            view! {
                <TopBar>
                    <nav class="nav" aria-label="Pages">
                        <a href=format!("/#{DEFAULT_LIST}") data-testid="nav-builder">"Build"</a>
                        <a href="/lists" data-testid="nav-lists">"Lists"</a>
                        {is_administrator(session).then(|| view! {
                            <a href="/organisation/people" data-testid="nav-organisation">"Organisation"</a>
                        })}
                    </nav>
                    {move || {
                        state.dataset.get().and_then(Result::ok).map(|dataset| {
                            view! { <CompanySearch dataset=dataset /> }
                        })
                    }}
                    {move || {
                        let status = state.status.get();
                        let as_of = state
                            .dataset
                            .get()
                            .and_then(Result::ok)
                            .map(|dataset| dataset.as_of());
                        (status != DatasetStatus::Loading)
                            .then(|| view! { <DatasetBadge status=status as_of=as_of /> })
                    }}
                    <NotificationMenu />
                    <SessionBar session=signed_in />
                </TopBar>
                <NewerDataset state=state />
            }
        })
    };
    let tenant = signed_in_tenant;
    let embed_org = use_embed_org();
    let other_org = move || embed_org.get().is_some_and(|org| org != tenant);
    view! {
        {top_bar}
        <Show when=move || !other_org() fallback=|| view! { <OtherOrganisation /> }>
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("") view=ListPage />
            <Route path=path!("/accounts/by-domain/:domains") view=ByDomainPage />
            <Route path=path!("/accounts/:id") view=AccountPage />
            <Route path=path!("/lists") view=ListsPage />
            <Route path=path!("/organisation") view=PeoplePage />
            <Route path=path!("/organisation/people") view=PeoplePage />
            <Route path=path!("/organisation/email-rules") view=EmailRulesPage />
            <Route path=path!("/organisation/requests") view=RequestsPage />
            <Route path=path!("/organisation/audit") view=AuditPage />
            <Route path=path!("/organisation/import") view=ImportPage />
            <Route path=path!("/organisation/embeds") view=EmbedsPage />
        </Routes>
        </Show>
    }
}

/// An embed URL of another organisation than the signed-in user's: nothing of theirs is
/// shown under a frame that organisation allowed.
#[component]
fn OtherOrganisation() -> impl IntoView {
    view! {
        <main class="page">
            <section class="card error" role="alert" data-testid="embed-other-org">
                <h1>"This embed belongs to another organisation"</h1>
                <p>"You are signed in to a different organisation than the one this view was set up for."</p>
            </section>
        </main>
    }
}

/// A path the app does not know.
#[component]
fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <section class="card error" role="alert" data-testid="not-found">
                <h2>"This page does not exist"</h2>
                <p>
                    "The link may be mistyped or come from a newer version of Clearlist. "
                    <a href=format!("/#{DEFAULT_LIST}")>"Open the list builder"</a>
                </p>
            </section>
        </main>
    }
}

/// Which dataset the list uses, named by the day its data is of, and where it came from
/// (the browser's copy or the server), with the background check for a newer version and
/// its download progress. The version itself is in the tooltip.
///
/// Test hooks: `dataset-status` (with `data-source` = `network` | `cache`, `data-check` =
/// `none` | `checking` | `current` | `downloading` | `ready` | `offline` | `failed` | `updated`, and
/// `data-version`), `dataset-update-progress`.
#[component]
pub fn DatasetBadge(status: DatasetStatus, as_of: Option<Date>) -> impl IntoView {
    let version = status.version().map(str::to_owned);
    let short = as_of.map(|day| format!("of {}", format::day(day)));
    let (source, check) = match &status {
        DatasetStatus::Loading | DatasetStatus::Downloaded { .. } => ("network", "none"),
        DatasetStatus::Updated { .. } => ("network", "updated"),
        DatasetStatus::FromCache { check, .. } => (
            "cache",
            match check {
                Revalidation::Checking => "checking",
                Revalidation::Current => "current",
                Revalidation::Downloading(_) => "downloading",
                Revalidation::Ready => "ready",
                Revalidation::Offline => "offline",
                Revalidation::Failed(_) => "failed",
            },
        ),
    };
    let named = |prefix: &str| match &short {
        Some(short) => format!("{prefix} {short}"),
        None => prefix.to_owned(),
    };
    let (class, text, title) = match &status {
        DatasetStatus::Loading => return ().into_any(),
        DatasetStatus::Downloaded { .. } => (
            "dataset-badge",
            named("Dataset"),
            "Downloaded from the server; kept in this browser until you sign out.".to_owned(),
        ),
        DatasetStatus::Updated { previous, .. } => (
            "dataset-badge dataset-badge-updated",
            named("Dataset updated to data"),
            format!(
                "A newer dataset replaced version {}.",
                short_version(previous)
            ),
        ),
        DatasetStatus::FromCache { check, .. } => match check {
            Revalidation::Checking => (
                "dataset-badge",
                named("Dataset"),
                "Loaded from this browser's copy; checking for a newer version…".to_owned(),
            ),
            Revalidation::Current => (
                "dataset-badge",
                named("Dataset"),
                "Loaded from this browser's copy, which is the current version.".to_owned(),
            ),
            Revalidation::Downloading(_) => (
                "dataset-badge",
                named("Dataset"),
                "A newer version is downloading; the list switches to it when it is ready."
                    .to_owned(),
            ),
            Revalidation::Ready => (
                "dataset-badge",
                named("Dataset"),
                "A newer version is ready: it replaces this one when you open another page."
                    .to_owned(),
            ),
            Revalidation::Offline => (
                "dataset-badge dataset-badge-offline",
                named("Offline: dataset"),
                "The server cannot be reached: the list uses this browser's copy.".to_owned(),
            ),
            Revalidation::Failed(reason) => (
                "dataset-badge dataset-badge-failed",
                named("Dataset"),
                format!("Could not check for a newer version: {reason}."),
            ),
        },
    };
    let from_cache = matches!(status, DatasetStatus::FromCache { .. });
    let progress = match status {
        DatasetStatus::FromCache {
            check: Revalidation::Downloading(download),
            ..
        } => Some(update_progress(download)),
        _ => None,
    };
    view! {
        <span
            class=class
            role="status"
            data-testid="dataset-status"
            data-source=source
            data-check=check
            data-version=version.clone().unwrap_or_default()
            title=match &version {
                Some(version) => format!("{title} Version {}.", short_version(version)),
                None => title.clone(),
            }
        >
            {text}
            {from_cache.then_some(" · from this browser")}
        </span>
        {progress}
    }
    .into_any()
}

/// The download of a newer version, under the badge: bytes received of the total.
fn update_progress(download: Download) -> impl IntoView {
    let Download {
        received, total, ..
    } = download;
    view! {
        <progress
            data-testid="dataset-update-progress"
            aria-label="Newer dataset download"
            max=total.map(|total| total.max(1).to_string())
            value=total.map(|_| received.to_string())
            title=format::progress(received, total)
        ></progress>
    }
}

/// The first 8 characters of a version: enough to tell versions apart at a glance (the
/// full one is in `data-version`).
fn short_version(version: &str) -> String {
    version.chars().take(8).collect()
}
