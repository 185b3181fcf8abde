//! One module per page of the app.

pub mod account;
pub mod by_domain;
pub mod list;
pub mod lists;
pub mod login;
pub mod organisation;
pub mod welcome;

use std::rc::Rc;

use leptos::prelude::*;

use crate::engine_bridge::Dataset;
use crate::pages::list::DownloadProgress;
use crate::state::AppState;

/// A page's body over the signed-in view's dataset: the download progress while it
/// loads, the reason (under `failure`) if it cannot, else `render` of it. A plain match
/// instead of `<Suspense>`: the "fallback" is a live progress bar, and the error has its
/// own test hook (`load-error`). Only the dataset is read here, so `render` runs once per
/// dataset and the page follows the URL on its own.
pub fn over_dataset(
    failure: &'static str,
    render: impl Fn(Rc<Dataset>) -> AnyView + 'static,
) -> impl Fn() -> AnyView {
    let state = expect_context::<AppState>();
    move || match state.dataset.get() {
        None => view! { <DownloadProgress download=state.download /> }.into_any(),
        Some(Err(error)) => view! {
            <section class="card error" role="alert" data-testid="load-error">
                <h2>{failure}</h2>
                <p>{error.to_string()}</p>
            </section>
        }
        .into_any(),
        Some(Ok(dataset)) => render(dataset),
    }
}
