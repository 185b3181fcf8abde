//! The sign-in form and the signed-in top bar render the hooks the end-to-end tests and
//! users rely on, and the session JSON of the API contract parses into typed values.

use std::sync::{Arc, Mutex};

use std::cell::Cell;
use std::rc::Rc;

use clearlist_app::api::{ApiError, Role, Session, Tenant, User, client};
use clearlist_app::app::SessionBar;
use clearlist_app::pages::login::{Credentials, LoginForm, sign_in_error};
use clearlist_app::session::{Auth, SessionState};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Event, EventInit, HtmlButtonElement, HtmlInputElement};

use crate::{container, query};

/// A signed-in session of `role` (made up: no server is involved).
pub(crate) fn session(role: Role) -> Session {
    Session {
        user: User {
            id: 1,
            email: "admin@demo.clearlist.test".to_owned(),
            name: "Ada Admin".to_owned(),
            role,
        },
        tenant: Tenant {
            id: 1,
            name: "Demo Co".to_owned(),
        },
        csrf_token: "token".to_owned(),
    }
}

#[wasm_bindgen_test]
fn the_form_has_labelled_fields_and_a_submit_button() {
    let root = container();
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <LoginForm
                notice=None
                error=Signal::stored(None::<String>)
                pending=Signal::stored(false)
                on_submit=Callback::new(|_: Credentials| {})
            />
        }
    });

    for (testid, kind, autocomplete, label) in [
        ("login-email", "email", "username", "Email"),
        ("login-password", "password", "current-password", "Password"),
    ] {
        let input = query(&root, &format!("[data-testid={testid}]"));
        assert_eq!(input.get_attribute("type").as_deref(), Some(kind));
        assert_eq!(
            input.get_attribute("autocomplete").as_deref(),
            Some(autocomplete)
        );
        assert!(input.has_attribute("required"), "{testid} is required");
        let id = input.id();
        let for_input = query(&root, &format!("label[for={id}]"));
        assert_eq!(for_input.text_content().unwrap().trim(), label);
    }
    let submit = query(&root, "[data-testid=login-submit]");
    assert_eq!(submit.get_attribute("type").as_deref(), Some("submit"));
    assert_eq!(submit.text_content().unwrap().trim(), "Sign in");
    assert!(
        root.query_selector("[data-testid=login-error]")
            .unwrap()
            .is_none(),
        "no error before an attempt"
    );
    assert!(
        root.query_selector("[data-testid=login-notice]")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn submitting_reports_the_credentials_and_stays_on_the_page() {
    let root = container();
    let submitted = Arc::new(Mutex::new(Vec::<Credentials>::new()));
    let record = Arc::clone(&submitted);
    let _mounted = mount_to(root.clone(), move || {
        let record = Arc::clone(&record);
        view! {
            <LoginForm
                notice=None
                error=Signal::stored(None::<String>)
                pending=Signal::stored(false)
                on_submit=Callback::new(move |credentials| record.lock().unwrap().push(credentials))
            />
        }
    });

    let input = |testid: &str| -> HtmlInputElement {
        query(&root, &format!("[data-testid={testid}]")).unchecked_into()
    };
    input("login-email").set_value("admin@demo.clearlist.test");
    input("login-password").set_value("p\"w'd<&>");

    let init = EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = Event::new_with_event_init_dict("submit", &init).unwrap();
    let not_cancelled = query(&root, "form").dispatch_event(&event).unwrap();
    tick().await;

    assert!(
        !not_cancelled,
        "the submit's default (navigation) is prevented"
    );
    assert_eq!(
        *submitted.lock().unwrap(),
        [Credentials {
            email: "admin@demo.clearlist.test".to_owned(),
            password: "p\"w'd<&>".to_owned(),
        }]
    );
}

#[wasm_bindgen_test]
async fn errors_and_notices_are_shown_and_pending_disables_the_button() {
    let root = container();
    let (error, set_error) = signal(None::<String>);
    let (pending, set_pending) = signal(false);
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <LoginForm
                notice=Some("Your session has ended. Sign in again.".to_owned())
                error=error
                pending=pending
                on_submit=Callback::new(|_: Credentials| {})
            />
        }
    });

    let notice = query(&root, "[data-testid=login-notice]");
    assert_eq!(
        notice.text_content().unwrap().trim(),
        "Your session has ended. Sign in again."
    );

    set_pending.set(true);
    tick().await;
    let submit: HtmlButtonElement = query(&root, "[data-testid=login-submit]").unchecked_into();
    assert!(submit.disabled());
    assert_eq!(submit.text_content().unwrap().trim(), "Signing in…");

    set_pending.set(false);
    set_error.set(Some("Wrong email or password.".to_owned()));
    tick().await;
    assert!(!submit.disabled());
    let error = query(&root, "[data-testid=login-error]");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        error.text_content().unwrap().trim(),
        "Wrong email or password."
    );
}

#[wasm_bindgen_test]
fn sign_in_errors_read_as_sentences() {
    let refused = ApiError::Status {
        status: 429,
        code: "rate_limited".to_owned(),
        message: "Too many attempts. Try again in 60 seconds.".to_owned(),
    };
    assert_eq!(
        sign_in_error(&refused),
        "Too many attempts. Try again in 60 seconds."
    );
    let wrong = ApiError::Status {
        status: 401,
        code: "unauthenticated".to_owned(),
        message: "wrong email or password".to_owned(),
    };
    assert_eq!(sign_in_error(&wrong), "Wrong email or password.");
    let offline = ApiError::Network("Failed to fetch".to_owned());
    assert_eq!(
        sign_in_error(&offline),
        "The server cannot be reached (Failed to fetch)."
    );
}

#[wasm_bindgen_test]
fn the_top_bar_shows_user_role_and_organisation() {
    let root = container();
    let _mounted = mount_to(root.clone(), move || {
        provide_context(SessionState::from_auth(Auth::SignedIn(session(
            Role::ListBuilder,
        ))));
        view! { <SessionBar session=session(Role::ListBuilder) /> }
    });
    let user = query(&root, "[data-testid=session-user]");
    assert_eq!(
        user.get_attribute("data-role").as_deref(),
        Some("list-builder")
    );
    let text = user.text_content().unwrap();
    for expected in ["Ada Admin", "List Builder", "Demo Co"] {
        assert!(text.contains(expected), "{expected:?} in {text:?}");
    }
    let logout = query(&root, "[data-testid=logout]");
    assert_eq!(logout.tag_name(), "BUTTON");
    assert_eq!(logout.text_content().unwrap().trim(), "Sign out");
}

#[wasm_bindgen_test]
fn session_json_parses_into_typed_values() {
    let json = r#"{"user":{"id":1,"email":"admin@demo.clearlist.test","name":"Ada Admin",
        "role":"administrator"},"tenant":{"id":1,"name":"Demo Co"},"csrf_token":"token"}"#;
    let parsed: Session = serde_json::from_str(json).unwrap();
    assert_eq!(parsed, session(Role::Administrator));
    // The dataset cache's marker is the same JSON.
    let written = serde_json::to_string(&parsed).unwrap();
    assert_eq!(serde_json::from_str::<Session>(&written).unwrap(), parsed);
    for role in Role::ALL {
        assert_eq!(Role::from_slug(role.slug()), Some(role));
    }
}

#[wasm_bindgen_test]
fn malformed_session_json_names_the_field() {
    let check = |json: &str, expected: &str| {
        let error = serde_json::from_str::<Session>(json)
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{expected:?} in {error:?}");
    };
    check(
        r#"{"user":{"id":1,"email":"a@b.test","name":"A","role":"root"},
            "tenant":{"id":1,"name":"T"},"csrf_token":"t"}"#,
        "unknown variant `root`",
    );
    check(
        r#"{"user":{"id":1,"email":"a@b.test","name":"A","role":"read-only"},
            "tenant":{"id":1,"name":"T"}}"#,
        "missing field `csrf_token`",
    );
    check(
        r#"{"user":{"id":-1,"email":"a@b.test","name":"A","role":"read-only"},
            "tenant":{"id":1,"name":"T"},"csrf_token":"t"}"#,
        "invalid value: integer `-1`",
    );
    check(r#"{"tenant":null}"#, "invalid type: null");
}

/// A 401 while signed in ends the session once, through the hook the session state
/// registers; a refused password, or a 401 while signed out (a wrong sign-in), does not.
#[wasm_bindgen_test]
fn the_client_reports_an_ended_session_once() {
    let ended = Rc::new(Cell::new(0));
    let count = Rc::clone(&ended);
    client::on_session_ended(move || count.set(count.get() + 1));
    let status = |code: &str| ApiError::Status {
        status: 401,
        code: code.to_owned(),
        message: String::new(),
    };

    client::begin(&session(Role::ListBuilder));
    client::notice(&status("reauthentication_failed"));
    client::notice(&ApiError::Status {
        status: 403,
        code: "forbidden".to_owned(),
        message: String::new(),
    });
    assert_eq!(
        ended.get(),
        0,
        "a refused password or role leaves the session"
    );
    client::notice(&status("unauthenticated"));
    assert_eq!(ended.get(), 1);
    client::notice(&status("unauthenticated"));
    assert_eq!(ended.get(), 1, "reported once: the client forgot the token");
    assert_eq!(client::end(), None);

    client::notice(&status("invalid_credentials"));
    assert_eq!(ended.get(), 1, "signed out, a 401 is a wrong sign-in");
    client::begin(&session(Role::ListBuilder));
    assert_eq!(client::end().as_deref(), Some("token"));
    client::on_session_ended(|| {});
}
