//! The root component: the top bar and the page.
//!
//! The page follows the sign-in state: nothing while the session is being checked, the
//! sign-in page when nobody is signed in, the list page otherwise. There is one list page
//! today, so no router: the list definition lives in the URL fragment, which the state
//! module follows (and which survives signing in). Account profiles and the embed view will
//! add routes.

use leptos::prelude::*;

use crate::api::Session;
use crate::pages::list::{DEFAULT_LIST, ListPage};
use crate::pages::login::LoginPage;
use crate::session::{Auth, SessionState};
use crate::state::AppState;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let session = SessionState::new();
    provide_context(session);
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
