//! The list page: downloads the dataset with a progress bar, then the list builder (or,
//! with `?embed=1`, the compact list for a CRM iframe).
//!
//! The URL fragment is the single source of truth for the list: the builder reads the list
//! from it (leniently: bad parameters are shown and left out), every control builds the
//! next list and writes its canonical URL (a new history entry, so Back undoes; see
//! [`crate::fragment`]). One evaluation per distinct list ([`Memo`]); rows are
//! summarised only for the visible window; the live counts follow in the next task.
//!
//! Test hooks (`data-testid`): `download-progress`, `download-status`, `load-error`,
//! `list-builder`, `match-count`, `contact-count`, `exportable-count` (plain numbers in
//! `data-count`), and those
//! of the components in [`crate::components`].

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::use_embed;
use crate::background::after_next_paint;
use crate::components::Shared;
use crate::components::account_table::AccountTable;
use crate::components::active_filters::ActiveFilters;
use crate::components::buying_team::TeamScope;
use crate::components::export_panel::ExportPanel;
use crate::components::filter_panel::FilterPanel;
use crate::components::list_toolbar::ListToolbar;
use crate::components::save_list::SaveList;
use crate::components::suppression_upload::SuppressionUpload;
use crate::components::url_problems::UrlProblems;
use crate::components::weights_panel::WeightsPanel;
use crate::engine_bridge::{
    self, Counts, Dataset, Evaluation, ListContext, ListQuery, ParsedList, edit,
};
use crate::format;
use crate::fragment::Fragment;
use crate::org_suppression::suppression_in_force;
use crate::pages::over_dataset;
use crate::saved_lists::{SavedListsState, context_of, named_lists};
use crate::state::{AppState, Download, Phase};
use crate::weights::WeightsState;

/// The list shown when the URL has no fragment: every account, ranked by intent.
pub const DEFAULT_LIST: &str = "v=1";

/// The list page.
#[component]
pub fn ListPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let embed = use_embed();
    let content = over_dataset("The list cannot be loaded", move |dataset| {
        view! { <ListBuilder dataset=dataset url=state.fragment embed=embed.get_untracked() /> }
            .into_any()
    });
    view! { <main class="page builder-page" class:embed=move || embed.get()>{content}</main> }
}

/// The list builder over a loaded dataset, following the list in `fragment`.
#[component]
pub fn ListBuilder(
    /// The dataset.
    dataset: Rc<Dataset>,
    /// The list in the URL fragment.
    url: Fragment,
    /// The compact view for a CRM iframe (`?embed=1`): the count and the accounts only.
    #[prop(optional)]
    embed: bool,
) -> impl IntoView {
    let fragment = url.get();
    let catalog = Arc::new(engine_bridge::catalog(&dataset));
    let stored = StoredValue::new_local(Rc::clone(&dataset));
    let parsed = Memo::new(move |_| fragment.with(|f| engine_bridge::parse_list(f)));
    let query: Memo<ListQuery> = Memo::new(move |_| parsed.with(|p| p.query.clone()));

    // A valid but non-canonical URL is rewritten in place, so the address bar always shows
    // the one spelling of the list. URLs with problems stay as typed, so the user sees what
    // the error messages talk about.
    Effect::new(move || {
        let current = fragment.get();
        parsed.with(
            |ParsedList {
                 problems,
                 canonical,
                 ..
             }| {
                if problems.is_empty() && !current.trim().is_empty() && *canonical != current {
                    url.go(canonical.clone(), true);
                }
            },
        );
    });

    // Saved lists named by `list=` and a loaded suppression file, when the view has them
    // (component tests mount the builder without).
    let saved = use_context::<SavedListsState>();
    let weights = use_context::<WeightsState>();
    let list_ids = Memo::new(move |_| query.with(named_lists));
    if let Some(saved) = saved {
        // Tracks the snapshots too: one forgotten (re-taken on the server) is fetched again.
        Effect::new(move || {
            saved.snapshots.track();
            list_ids.with(|ids| saved.want(ids));
        });
    }
    let snapshots =
        Memo::new(move |_| saved.map(|saved| list_ids.with(|ids| saved.snapshots_of(ids))));
    // What the loaded file and the organisation's lists leave out (none in component
    // tests that mount the builder alone).
    let in_force = suppression_in_force();
    let context: Memo<Shared<ListContext>> = Memo::new(move |_| {
        let lists = snapshots.with(|snapshots| {
            snapshots
                .as_ref()
                .map(|snapshots| stored.with_value(|dataset| context_of(dataset, snapshots)))
        });
        Shared::new(ListContext {
            weights: weights.map(|WeightsState(w)| w.get()).unwrap_or_default(),
            suppression: in_force.get().map(|applied| (*applied).clone()),
            ..lists.unwrap_or_default()
        })
    });
    // Hover cards and expanded rows judge buying teams by this list.
    provide_context(TeamScope {
        query: query.into(),
        context: context.into(),
    });
    let evaluation: Memo<Shared<Evaluation>> = Memo::new(move |_| {
        let context = context.get();
        query.with(|query| {
            stored.with_value(|dataset| {
                Shared::new(engine_bridge::evaluate(dataset, query, context.clone()))
            })
        })
    });
    // The live counts follow in a task of their own, posted after the next paint at
    // background priority, so a click paints the new list first and input and rendering
    // go before the counting: counting every facet costs more than filtering. A newer list
    // supersedes a pending count: only the count of the current list is kept.
    let counts = RwSignal::new(Shared::new(Counts::default()));
    let counts_catalog = Arc::clone(&catalog);
    Effect::new(move || {
        let wanted = query.get();
        let wanted_context = context.get();
        let catalog = Arc::clone(&counts_catalog);
        let count_now = move || {
            let current = query.try_with_untracked(|current| *current == wanted) == Some(true)
                && context.try_get_untracked() == Some(wanted_context.clone());
            if !current {
                return;
            }
            let next = stored.try_with_value(|dataset| {
                engine_bridge::count(dataset, &catalog, &wanted, &wanted_context)
            });
            if let Some(next) = next {
                counts.try_set(Shared::new(next));
            }
        };
        after_next_paint(count_now);
    });
    let fatal = Memo::new(move |_| parsed.with(|p| p.fatal));
    let problems = Memo::new(move |_| {
        let mut all = parsed.with(|p| p.problems.clone());
        all.extend(evaluation.with(|e| e.problems.clone()));
        all
    });
    let on_change =
        Callback::new(move |next: ListQuery| url.go(engine_bridge::encode(&next), false));

    let total_accounts = catalog.accounts as u64;
    let count = Memo::new(move |_| evaluation.with(|e| e.count));
    let contacts = Memo::new(move |_| evaluation.with(|e| (e.contacts, e.exportable)));
    let targeting = Memo::new(move |_| query.with(engine_bridge::targeting::is_targeting));
    let summary = move || {
        let count = count.get();
        let noun = if count == 1 {
            " matching account"
        } else {
            " matching accounts"
        };
        let (people, exportable) = contacts.get();
        let who = if targeting.get() {
            "targeted contacts"
        } else {
            "contacts"
        };
        view! {
            <p class="match-count" data-testid="match-count" data-count=count.to_string()>
                <strong>{format::count(count)}</strong>
                {noun}
            </p>
            <p class="muted contact-count">
                <span data-testid="contact-count" data-count=people.to_string()>
                    {format!("{} {who}", format::count(people))}
                </span>
                " · "
                <span class="exportable-count" data-testid="exportable-count" data-count=exportable.to_string()>
                    {format!("{} exportable", format::count(exportable))}
                </span>
                {format!(" · of {}", format::accounts(total_accounts))}
            </p>
        }
    };
    let toolbar_catalog = Arc::clone(&catalog);
    let panel_catalog = Arc::clone(&catalog);
    let chips_catalog = Arc::clone(&catalog);
    let list = move || {
        (!fatal.get()).then(|| {
            if embed {
                let open = format!("/#{}", fragment.get_untracked());
                return view! {
                    <div class="embed-list" data-testid="embed-list">
                        <div class="results-head">
                            <div class="results-count">{summary}</div>
                            <a class="button secondary" href=open target="_blank" rel="noopener">
                                "Open in Clearlist"
                            </a>
                        </div>
                        <AccountTable dataset=stored.get_value() evaluation=evaluation />
                    </div>
                }
                .into_any();
            }
            view! {
                <div class="builder" data-testid="list-builder">
                    <h1 class="visually-hidden">"List builder"</h1>
                    <aside class="filter-column">
                        <FilterPanel query=query counts=counts on_change=on_change
                            contact_countries=panel_catalog.contact_countries.clone() />
                    </aside>
                    <section class="results" aria-label="Accounts">
                        <div class="results-head">
                            <div class="results-count">{summary}</div>
                            <ListToolbar query=query catalog=Arc::clone(&toolbar_catalog) on_change=on_change />
                        </div>
                        <div class="list-actions" role="toolbar" aria-label="List actions">
                            <SaveList query=query />
                            <SaveList query=query search=true />
                            <SuppressionUpload dataset=stored.get_value() />
                            <WeightsPanel />
                            <ExportPanel query=query />
                        </div>
                        <ActiveFilters query=query catalog=Arc::clone(&chips_catalog) on_change=on_change />
                        <AccountTable dataset=stored.get_value() evaluation=evaluation
                            sort=Signal::derive(move || query.with(|q| q.sort))
                            on_sort=Callback::new(move |sort| {
                                on_change.run(query.with_untracked(|q| edit::with_sort(q, sort)));
                            }) />
                    </section>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <UrlProblems problems=problems fatal=fatal reset_href=format!("#{DEFAULT_LIST}") />
        {list}
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
