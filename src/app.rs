//! The root component: the top bar and the page.
//!
//! There is one page today, so no router: the list definition lives in the URL fragment,
//! which the state module follows. Account profiles and the embed view will add routes.

use leptos::prelude::*;

use crate::pages::list::{DEFAULT_LIST, ListPage};
use crate::state::AppState;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_context(AppState::new());
    view! {
        <header class="topbar">
            <a class="brand" href=format!("#{DEFAULT_LIST}")>
                <span class="brand-mark" aria-hidden="true"></span>
                "Clearlist"
            </a>
            <span class="tagline">"Privacy-first account lists"</span>
        </header>
        <ListPage />
    }
}
