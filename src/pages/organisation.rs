//! The Organisation area (`/organisation/…`), Administrators only: the pages where they
//! run their organisation. Other roles never see its navigation; the server refuses them
//! its API whatever the browser does.
//!
//! Test hooks: `org-nav` with one link per page (`org-nav-people`, …), `org-forbidden`.

pub mod audit;
pub mod embeds;
pub mod import;
pub mod people;
pub mod requests;
pub mod rules;

use leptos::prelude::*;

use crate::api::Role;
use crate::session::SessionState;

/// A page of the area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgPage {
    /// Users, roles, sign-in links.
    People,
    /// The per-country email rules exports apply.
    EmailRules,
    /// Data-subject requests and their log.
    Requests,
    /// Who did what, when.
    Audit,
    /// Data into the vault.
    Import,
    /// The sites allowed to frame the embed views.
    Embeds,
}

impl OrgPage {
    const ALL: [OrgPage; 6] = [
        OrgPage::People,
        OrgPage::EmailRules,
        OrgPage::Requests,
        OrgPage::Audit,
        OrgPage::Import,
        OrgPage::Embeds,
    ];

    fn slug(self) -> &'static str {
        match self {
            OrgPage::People => "people",
            OrgPage::EmailRules => "email-rules",
            OrgPage::Requests => "requests",
            OrgPage::Audit => "audit",
            OrgPage::Import => "import",
            OrgPage::Embeds => "embeds",
        }
    }

    fn label(self) -> &'static str {
        match self {
            OrgPage::People => "People",
            OrgPage::EmailRules => "Email rules",
            OrgPage::Requests => "Requests",
            OrgPage::Audit => "Audit log",
            OrgPage::Import => "Import",
            OrgPage::Embeds => "Embeds",
        }
    }
}

/// Whether the signed-in user may see the area.
#[must_use]
pub fn is_administrator(session: SessionState) -> bool {
    session
        .current()
        .is_some_and(|session| session.user.role == Role::Administrator)
}

/// The frame of every page of the area: its navigation and the page, or a refusal for a
/// role that reached it by typing the address.
#[component]
pub fn OrgFrame(current: OrgPage, children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<SessionState>();
    if !is_administrator(session) {
        return view! {
            <main class="page">
                <section class="card error" role="alert" data-testid="org-forbidden">
                    <h1>"Administrators only"</h1>
                    <p>"The Organisation pages are for your organisation's Administrators."</p>
                </section>
            </main>
        }
        .into_any();
    }
    let links = OrgPage::ALL
        .into_iter()
        .map(|page| {
            view! {
                <a
                    href=format!("/organisation/{}", page.slug())
                    aria-current=(page == current).then_some("page")
                    data-testid=format!("org-nav-{}", page.slug())
                >
                    {page.label()}
                </a>
            }
        })
        .collect_view();
    view! {
        <main class="page org-page">
            <nav class="org-nav" aria-label="Organisation" data-testid="org-nav">
                <span class="org-nav-title">"Organisation"</span>
                {links}
            </nav>
            <div class="org-content">{children()}</div>
        </main>
    }
    .into_any()
}
