//! What is wrong with the list URL: one line per problem, naming the parameter it
//! concerns. The rest of the list still shows (unless the URL's version is unknown).
//!
//! Test hooks: `url-error` (`role="alert"`, `data-fatal`), items carry `data-parameter`.

use leptos::prelude::*;

use crate::engine_bridge::UrlProblem;

/// The URL problems; nothing when there are none.
#[component]
pub fn UrlProblems(
    /// The problems, URL and dataset ones together.
    #[prop(into)]
    problems: Signal<Vec<UrlProblem>>,
    /// Whether no list is shown because of them.
    #[prop(into)]
    fatal: Signal<bool>,
    /// Where "show all accounts" leads (a fragment, with `#`).
    #[prop(into)]
    reset_href: String,
) -> impl IntoView {
    move || {
        let problems = problems.get();
        let fatal = fatal.get();
        (!problems.is_empty()).then(|| {
            let heading = if fatal {
                "This list link is not valid, so no list is shown"
            } else {
                "Parts of this list link are not valid and are left out"
            };
            let items = problems
                .into_iter()
                .map(|problem| {
                    let parameter = problem.parameter.clone().unwrap_or_default();
                    view! {
                        <li data-parameter=parameter>
                            {problem.parameter.map(|p| view! { <code class="parameter">{p}</code> })}
                            <span>{problem.message}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section
                    class="card error url-problems"
                    role="alert"
                    data-testid="url-error"
                    data-fatal=fatal.to_string()
                >
                    <h2>{heading}</h2>
                    <ul class="problems">{items}</ul>
                    <p>
                        <a href=reset_href.clone()>"Show all accounts instead"</a>
                    </p>
                </section>
            }
        })
    }
}
