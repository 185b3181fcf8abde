//! The sign-in page: email and password, sent to `POST /api/session`. The dataset is only
//! served to signed-in users, so this is what the app shows until someone signs in.
//!
//! Test hooks (`data-testid`): `login-email`, `login-password`, `login-submit`,
//! `login-error` (why the last attempt failed), `login-notice` (why the page shows, e.g.
//! an ended session).

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::app::use_embed_org;
use crate::session::SessionState;

/// What the user typed into the sign-in form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The email as typed (the server normalises it).
    pub email: String,
    /// The password as typed.
    pub password: String,
}

/// The sign-in page: the form, wired to the server and the session state in context.
#[component]
pub fn LoginPage(
    /// Why the page shows, when there is more to say than "sign in".
    notice: Option<String>,
) -> impl IntoView {
    let session = expect_context::<SessionState>();
    let embed_org = use_embed_org();
    let (error, set_error) = signal(None::<String>);
    let (pending, set_pending) = signal(false);
    let on_submit = Callback::new(move |credentials: Credentials| {
        set_pending.set(true);
        set_error.set(None);
        spawn_local(async move {
            let org = embed_org.get_untracked();
            match api::sign_in(&credentials.email, &credentials.password, org).await {
                // Replaces this page with the signed-in view.
                Ok(signed_in) => session.signed_in(signed_in),
                Err(err) => {
                    set_error.set(Some(sign_in_error(&err)));
                    set_pending.set(false);
                }
            }
        });
    });
    view! {
        <main class="page login-page">
            <LoginForm notice=notice error=error pending=pending on_submit=on_submit />
        </main>
    }
}

/// The sign-in form itself, without the server: it reports what was typed to `on_submit`.
#[component]
pub fn LoginForm(
    /// Why the page shows, when there is more to say than "sign in".
    notice: Option<String>,
    /// Why the last attempt failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether an attempt is under way (the button is disabled meanwhile).
    #[prop(into)]
    pending: Signal<bool>,
    /// Called with the typed credentials on submit.
    on_submit: Callback<Credentials>,
) -> impl IntoView {
    let email = NodeRef::<html::Input>::new();
    let password = NodeRef::<html::Input>::new();
    let submit = move |event: SubmitEvent| {
        // The form is handled here; the browser must not navigate with it.
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // Read from the inputs on submit, so values filled by a password manager count.
        let value = |input: NodeRef<html::Input>| input.get().map(|input| input.value());
        if let (Some(email), Some(password)) = (value(email), value(password)) {
            on_submit.run(Credentials { email, password });
        }
    };
    let notice = notice.map(|notice| {
        view! {
            <p class="notice" role="status" data-testid="login-notice">
                {notice}
            </p>
        }
    });
    let error = move || {
        error.get().map(|message| {
            view! {
                <p class="form-error" role="alert" data-testid="login-error">
                    {message}
                </p>
            }
        })
    };
    view! {
        <form class="card login" on:submit=submit aria-labelledby="login-heading">
            <h1 id="login-heading">"Sign in to Clearlist"</h1>
            <p class="muted">"Use the email and password your administrator gave you."</p>
            {notice}
            <div class="field">
                <label for="login-email">"Email"</label>
                <input
                    id="login-email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    required
                    node_ref=email
                    data-testid="login-email"
                />
            </div>
            <div class="field">
                <label for="login-password">"Password"</label>
                <input
                    id="login-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    node_ref=password
                    data-testid="login-password"
                />
            </div>
            {error}
            <button
                type="submit"
                class="button primary"
                disabled=pending
                data-testid="login-submit"
            >
                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}

/// The message shown for a failed sign-in: the server's own for refusals (wrong
/// credentials, too many attempts), otherwise what went wrong; as a sentence either way
/// (the server's messages and [`ApiError`]'s texts are lower-case fragments).
#[must_use]
pub fn sign_in_error(error: &ApiError) -> String {
    let text = match error {
        ApiError::Status { message, .. } if !message.trim().is_empty() => message.trim().to_owned(),
        other => other.to_string(),
    };
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return text;
    };
    let end = if text.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{}{}{end}", first.to_uppercase(), chars.as_str())
}
