//! The page of a one-time sign-in link (`/welcome#token=…`): whoever holds the link sets
//! their password and is signed in. It shows whether or not someone is signed in in this
//! browser (the link's user replaces them). The token stays in the fragment, so it never
//! reaches a server log or a `Referer` header.
//!
//! Test hooks: `welcome-page`, `welcome-for` (whose password), `welcome-password`,
//! `welcome-confirm`, `welcome-submit`, `welcome-error`.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{self, LinkInfo};
use crate::dataset_cache;
use crate::format;
use crate::pages::login::sign_in_error;
use crate::session::SessionState;

/// Shortest password the server accepts.
pub const MIN_PASSWORD: usize = 12;

/// The token in a link's fragment (`#token=…`), if there is one.
#[must_use]
pub fn token_of_fragment(fragment: &str) -> Option<String> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
}

/// Why a chosen password cannot be sent, if it cannot.
#[must_use]
pub fn password_problem(password: &str, confirmation: &str) -> Option<String> {
    if password.chars().count() < MIN_PASSWORD {
        return Some(format!(
            "Choose a password of at least {MIN_PASSWORD} characters."
        ));
    }
    (password != confirmation).then(|| "The two passwords differ.".to_owned())
}

/// The welcome page.
#[component]
pub fn WelcomePage() -> impl IntoView {
    let token = token_of_fragment(&window().location().hash().unwrap_or_default());
    let info = RwSignal::new(None::<Result<LinkInfo, String>>);
    match token.clone() {
        Some(token) => spawn_local(async move {
            let found = api::look_up_link(&token)
                .await
                .map_err(|error| sign_in_error(&error));
            info.try_set(Some(found));
        }),
        None => info.set(Some(Err(
            "This address holds no sign-in link: open the whole link you were sent.".to_owned(),
        ))),
    }
    let body = move || {
        info.get().map(|found| match found {
            Ok(info) => view! { <SetPassword info=info token=token.clone().unwrap_or_default() /> }
                .into_any(),
            Err(message) => view! {
                <p class="form-error" role="alert" data-testid="welcome-error">{message}</p>
                <p><a href="/">"Go to the sign-in page"</a></p>
            }
            .into_any(),
        })
    };
    view! {
        <main class="page login-page">
            <section class="card login" data-testid="welcome-page">{body}</section>
        </main>
    }
}

#[component]
fn SetPassword(info: LinkInfo, token: String) -> impl IntoView {
    let session = expect_context::<SessionState>();
    let navigate = use_navigate();
    let password = NodeRef::<html::Input>::new();
    let confirm = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let token = StoredValue::new(token);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let value = |input: NodeRef<html::Input>| {
            input.get().map(|input| input.value()).unwrap_or_default()
        };
        let (chosen, again) = (value(password), value(confirm));
        if let Some(problem) = password_problem(&chosen, &again) {
            error.set(Some(problem));
            return;
        }
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::use_link(&token.get_value(), &chosen).await {
                Ok(signed_in) => {
                    // Whoever was signed in here before: their copy of the dataset goes.
                    dataset_cache::forget().await;
                    // Off the link's address (its token) to the list builder.
                    navigate(
                        "/",
                        NavigateOptions {
                            replace: true,
                            ..NavigateOptions::default()
                        },
                    );
                    session.signed_in(signed_in);
                }
                Err(failure) => {
                    error.set(Some(sign_in_error(&failure)));
                    pending.set(false);
                }
            }
        });
    };
    let heading = if info.purpose == "reset" {
        "Choose a new password"
    } else {
        "Welcome to Clearlist"
    };
    view! {
        <form on:submit=submit aria-labelledby="welcome-heading">
            <h1 id="welcome-heading">{heading}</h1>
            <p class="muted" data-testid="welcome-for">
                {format!("Set the password for {} ({}). This link works once, until {}.", info.name, info.email, format::date_time(info.expires_at))}
            </p>
            <input type="email" hidden readonly autocomplete="username" value=info.email.clone() />
            <div class="field">
                <label for="welcome-password">"New password"</label>
                <input id="welcome-password" type="password" autocomplete="new-password" required minlength=MIN_PASSWORD.to_string() node_ref=password data-testid="welcome-password" />
            </div>
            <div class="field">
                <label for="welcome-confirm">"The same password again"</label>
                <input id="welcome-confirm" type="password" autocomplete="new-password" required node_ref=confirm data-testid="welcome-confirm" />
            </div>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert" data-testid="welcome-error">{message}</p> })}
            <button type="submit" class="button primary" disabled=pending data-testid="welcome-submit">
                {move || if pending.get() { "Saving…" } else { "Set password and sign in" }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test(unsupported = test)]
    fn the_token_is_read_from_the_fragment() {
        assert_eq!(
            token_of_fragment("#token=abc-_1").as_deref(),
            Some("abc-_1")
        );
        assert_eq!(token_of_fragment("#x=1&token=t").as_deref(), Some("t"));
        assert_eq!(token_of_fragment("#token="), None);
        assert_eq!(token_of_fragment(""), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_short_or_mistyped_password_is_caught_before_sending() {
        assert!(password_problem("short", "short").is_some_and(|p| p.contains("12")));
        assert!(
            password_problem("long enough password", "long enough passwort")
                .is_some_and(|p| p.contains("differ"))
        );
        assert_eq!(
            password_problem("long enough password", "long enough password"),
            None
        );
    }
}
