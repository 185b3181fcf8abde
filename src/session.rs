//! Who is signed in, shared through context.
//!
//! The app starts by asking the server (`GET /api/session`). The list page, and with it the
//! dataset, exists only while [`Auth::SignedIn`]: signing out, or the server ending the
//! session, replaces it with the sign-in page, which drops the downloaded dataset and every
//! piece of list state with it. The session cookie is `HttpOnly`, so the browser, not this
//! code, holds the credential; this module keeps only what the server said about it.
//!
//! The browser's copy of the dataset ([`dataset_cache`]) follows the session: it is deleted
//! on sign-out (before asking the server, so it goes even offline) and whenever the server
//! says nobody is signed in. When the server cannot be reached at start, the session the
//! copy was stored under is used, so the app starts offline with the list.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Session};
use crate::dataset_cache;

/// What the sign-in page says after the server refused a request for want of a session.
pub const SESSION_ENDED: &str = "Your session has ended. Sign in again.";

/// Where the sign-in stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Waiting for the server: at start, and while signing out.
    Checking,
    /// Nobody is signed in; the sign-in page shows, with `notice` saying why if there is
    /// more to say than "sign in".
    SignedOut {
        /// A message for the sign-in page, e.g. [`SESSION_ENDED`].
        notice: Option<String>,
    },
    /// A user is signed in.
    SignedIn(Session),
}

/// Shared sign-in state. `Copy`: both fields are reactive handles.
#[derive(Clone, Copy)]
pub struct SessionState {
    /// The current sign-in state.
    pub auth: ReadSignal<Auth>,
    set_auth: WriteSignal<Auth>,
}

impl SessionState {
    /// Starts at [`Auth::Checking`] and asks the server who is signed in. Call once, inside
    /// the root component (the signal belongs to the current reactive owner).
    #[must_use]
    pub fn new() -> Self {
        let state = Self::from_auth(Auth::Checking);
        api::client::on_session_ended(move || {
            if !state.auth.is_disposed() {
                state.expire();
            }
        });
        spawn_local(async move {
            let auth = match api::fetch_session().await {
                Ok(Some(session)) => Auth::SignedIn(session),
                Ok(None) => {
                    // Signed out elsewhere, or the session expired: the copy must go too.
                    dataset_cache::forget().await;
                    Auth::SignedOut { notice: None }
                }
                Err(error) => match offline_session(&error).await {
                    Some(session) => {
                        api::client::begin(&session);
                        Auth::SignedIn(session)
                    }
                    None => Auth::SignedOut {
                        notice: Some(format!("Your session could not be checked: {error}.")),
                    },
                },
            };
            state.set_auth.set(auth);
        });
        state
    }

    /// A state that starts at `auth` without asking the server (for component tests).
    #[must_use]
    pub fn from_auth(auth: Auth) -> Self {
        let (auth, set_auth) = signal(auth);
        Self { auth, set_auth }
    }

    /// The signed-in session, if someone is signed in (read without tracking).
    #[must_use]
    pub fn current(self) -> Option<Session> {
        match self.auth.get_untracked() {
            Auth::SignedIn(session) => Some(session),
            Auth::Checking | Auth::SignedOut { .. } => None,
        }
    }

    /// Records a successful sign-in.
    pub fn signed_in(self, session: Session) {
        self.set_auth.set(Auth::SignedIn(session));
    }

    /// The server refused a request for want of a session (it expired, or was ended
    /// elsewhere): back to the sign-in page, saying so. The API client calls this on the
    /// first such refusal (see [`api::client::on_session_ended`]), having forgotten the
    /// session's token.
    pub fn expire(self) {
        self.set_auth.set(Auth::SignedOut {
            notice: Some(SESSION_ENDED.to_owned()),
        });
        spawn_local(dataset_cache::forget());
    }

    /// Signs out. The signed-in view (and the dataset) goes at once; the sign-in page shows
    /// when the server has ended the session, with a notice if it could not confirm that.
    pub fn sign_out(self) {
        let Auth::SignedIn(_) = self.auth.get_untracked() else {
            return;
        };
        self.set_auth.set(Auth::Checking);
        spawn_local(async move {
            // First, so the copy goes even when the server cannot be reached; the server's
            // `Clear-Site-Data` would also delete it, but only if its answer arrives.
            dataset_cache::forget().await;
            let notice = api::sign_out()
                .await
                .err()
                .map(|error| format!("Signing out could not be confirmed: {error}."));
            self.set_auth.set(Auth::SignedOut { notice });
        });
    }
}

/// The session of the browser's copy of the dataset, when `error` means the server cannot
/// be reached (not when it answered): the user did not sign out, so the app may start
/// offline with their copy. The next answer from the server decides (a 401 ends it).
async fn offline_session(error: &api::ApiError) -> Option<Session> {
    if !error.is_network() {
        return None;
    }
    dataset_cache::cached_session()
        .await
        .inspect_err(|cache_error| dataset_cache::warn(&format!("Clearlist: {cache_error}")))
        .ok()
        .flatten()
}

impl Default for SessionState {
    fn default() -> Self {
        Self::new()
    }
}
