//! The root component: the top bar and the page.
//!
//! The page follows the sign-in state: nothing while the session is being checked, the
//! sign-in page when nobody is signed in, the list page otherwise. There is one list page
//! today, so no router: the list definition lives in the URL fragment, which the state
//! module follows (and which survives signing in). Account profiles and the embed view will
//! add routes.

use leptos::prelude::*;

use crate::api::Session;
use crate::format;
use crate::pages::list::{DEFAULT_LIST, ListPage};
use crate::pages::login::LoginPage;
use crate::session::{Auth, SessionState};
use crate::state::{AppState, DatasetStatus, DatasetStatusSlot, Download, Revalidation};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let session = SessionState::new();
    provide_context(session);
    // Filled by the signed-in view, shown in the top bar.
    let dataset_status = RwSignal::new(None::<DatasetStatus>);
    provide_context(DatasetStatusSlot(dataset_status));
    let user = move || match session.auth.get() {
        Auth::SignedIn(signed_in) => Some(view! { <SessionBar session=signed_in /> }),
        Auth::Checking | Auth::SignedOut { .. } => None,
    };
    let page = move || match session.auth.get() {
        // Blank rather than a flash of the sign-in form: the check takes milliseconds.
        Auth::Checking => view! { <main class="page" aria-busy="true"></main> }.into_any(),
        Auth::SignedOut { notice } => view! { <LoginPage notice=notice /> }.into_any(),
        Auth::SignedIn(_) => view! { <SignedIn session=session /> }.into_any(),
    };
    view! {
        <header class="topbar">
            <a class="brand" href=format!("#{DEFAULT_LIST}")>
                <span class="brand-mark" aria-hidden="true"></span>
                "Clearlist"
            </a>
            <span class="tagline">"Privacy-first account lists"</span>
            {move || dataset_status.get().map(|status| view! { <DatasetBadge status=status /> })}
            {user}
        </header>
        {page}
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
fn SignedIn(session: SessionState) -> impl IntoView {
    provide_context(AppState::new(session));
    view! { <ListPage /> }
}

/// Which dataset version the list uses and where it came from (the browser's copy or the
/// server), with the background check for a newer version and its download progress.
///
/// Test hooks: `dataset-status` (with `data-source` = `network` | `cache`, `data-check` =
/// `none` | `checking` | `current` | `downloading` | `offline` | `failed` | `updated`, and
/// `data-version`), `dataset-update-progress`.
#[component]
pub fn DatasetBadge(status: DatasetStatus) -> impl IntoView {
    let version = status.version().map(str::to_owned);
    let short = version.as_deref().map(short_version);
    let (source, check) = match &status {
        DatasetStatus::Loading | DatasetStatus::Downloaded { .. } => ("network", "none"),
        DatasetStatus::Updated { .. } => ("network", "updated"),
        DatasetStatus::FromCache { check, .. } => (
            "cache",
            match check {
                Revalidation::Checking => "checking",
                Revalidation::Current => "current",
                Revalidation::Downloading(_) => "downloading",
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
            named("Dataset updated to"),
            format!(
                "A newer dataset replaced version {} kept in this browser.",
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
            title=title.clone()
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
