//! People (`/organisation/people`): the organisation's users with role, status and last
//! sign-in; add a user, who gets a one-time sign-in link to set their own password; change
//! a role; disable and re-enable; send a new link for a forgotten password. The server
//! refuses what would leave no Administrator, and says so; this page shows its message.
//!
//! Test hooks: `people-page`, `person` rows (with `data-email`, `data-status`),
//! `person-role`, `person-toggle`, `person-link`, `invite-name`, `invite-email`,
//! `invite-role`, `invite-submit`, `issued-link` (with `data-path`), `people-error`.

use leptos::ev::SubmitEvent;
use leptos::html;
use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{OrgFrame, OrgPage};
use crate::api::{self, ApiError, IssuedLink, Person, PersonChange, Role};
use crate::format;
use crate::pages::login::sign_in_error;
use crate::session::SessionState;

/// What an Administrator may do to a person from their row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowActions {
    /// The role can be changed (not one's own: another Administrator must do that).
    pub change_role: bool,
    /// `Some(true)` disable, `Some(false)` enable, `None` neither (oneself).
    pub toggle: Option<bool>,
    /// A new sign-in link can be sent (not to a disabled user).
    pub link: bool,
}

impl RowActions {
    /// The actions on `person`'s row for the signed-in user `me`.
    #[must_use]
    pub fn for_person(person: &Person, me: u64) -> RowActions {
        let oneself = person.id == me;
        let disabled = person.status == "disabled";
        RowActions {
            change_role: !oneself,
            toggle: (!oneself).then_some(!disabled),
            link: !disabled,
        }
    }
}

/// A link as the Administrator passes it on: the full address on this site.
#[must_use]
pub fn link_address(origin: &str, link: &IssuedLink) -> String {
    format!("{}{}", origin.trim_end_matches('/'), link.path)
}

/// The People page.
#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <OrgFrame current=OrgPage::People>
            <People />
        </OrgFrame>
    }
}

/// Shared by the page's parts: the users, the last link issued and the last error.
#[derive(Clone, Copy)]
struct PeopleState {
    people: RwSignal<Option<Result<Vec<Person>, String>>>,
    /// Email pseudonyms each user had evaluated: (today, last 7 days), by user id.
    prf: RwSignal<HashMap<u64, (u64, u64)>>,
    issued: RwSignal<Option<(String, IssuedLink)>>,
    error: RwSignal<Option<String>>,
    me: u64,
}

impl PeopleState {
    fn reload(self) {
        spawn_local(async move {
            let loaded = api::people().await.map_err(|error| sign_in_error(&error));
            self.people.try_set(Some(loaded));
            if let Ok(usage) = api::prf_usage().await {
                let usage = usage
                    .into_iter()
                    .map(|row| (row.user_id, (row.today, row.last_7_days)))
                    .collect();
                self.prf.try_set(usage);
            }
        });
    }

    /// Reports the outcome of a change and reloads the list either way (a refusal may
    /// come from a change made in another tab).
    fn settle<T>(self, outcome: Result<T, ApiError>) -> Option<T> {
        self.reload();
        match outcome {
            Ok(value) => {
                self.error.set(None);
                Some(value)
            }
            Err(error) => {
                self.error.set(Some(sign_in_error(&error)));
                None
            }
        }
    }

    fn change(self, person: Person, change: PersonChange) {
        spawn_local(async move {
            let outcome = api::change_person(person.id, &change).await;
            self.settle(outcome);
        });
    }

    fn new_link(self, person: Person) {
        spawn_local(async move {
            let outcome = api::issue_link(person.id).await;
            if let Some(link) = self.settle(outcome) {
                self.issued.set(Some((person.name, link)));
            }
        });
    }
}

#[component]
fn People() -> impl IntoView {
    let session = expect_context::<SessionState>().current();
    let state = PeopleState {
        people: RwSignal::new(None),
        prf: RwSignal::new(HashMap::new()),
        issued: RwSignal::new(None),
        error: RwSignal::new(None),
        me: session.map_or(0, |s| s.user.id),
    };
    state.reload();
    let table = move || {
        state.people.get().map(|loaded| match loaded {
            Err(message) => {
                view! { <p class="status failed" role="alert">{message}</p> }.into_any()
            }
            Ok(people) => view! { <PeopleTable people=people state=state /> }.into_any(),
        })
    };
    let error = move || {
        state.error.get().map(|message| {
            view! { <p class="form-error" role="alert" data-testid="people-error">{message}</p> }
        })
    };
    view! {
        <section class="card" data-testid="people-page">
            <h1>"People"</h1>
            <p class="muted">
                "Who can sign in to your organisation, and with which role. Disabling someone \
                 ends their sessions at once."
            </p>
            {error}
            <IssuedLinkNotice state=state />
            {table}
        </section>
        <InviteForm state=state />
    }
}

#[component]
fn PeopleTable(people: Vec<Person>, state: PeopleState) -> impl IntoView {
    let rows = people
        .into_iter()
        .map(|person| view! { <PersonRow person=person state=state /> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="people">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Last sign-in"</th>
                        <th scope="col" class="num" title="Emails of suppression files turned into pseudonyms">
                            "Pseudonyms today · 7 days"
                        </th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn PersonRow(person: Person, state: PeopleState) -> impl IntoView {
    let person_id = person.id;
    let actions = RowActions::for_person(&person, state.me);
    let current = person.role;
    let role_picker = {
        let person = person.clone();
        let options = Role::ALL
            .into_iter()
            .map(|role| {
                view! { <option value=role.slug() selected=current == role>{role.label()}</option> }
            })
            .collect_view();
        view! {
            <select
                aria-label=format!("Role of {}", person.name)
                data-testid="person-role"
                disabled=!actions.change_role
                on:change=move |event| {
                    let change = PersonChange {
                        role: Role::from_slug(&event_target_value(&event)).map(Role::slug),
                        disabled: None,
                    };
                    state.change(person.clone(), change);
                }
            >
                {options}
            </select>
        }
    };
    let toggle = actions.toggle.map(|disable| {
        let person = person.clone();
        view! {
            <button
                type="button"
                class="button secondary small"
                data-testid="person-toggle"
                on:click=move |_| {
                    state.change(person.clone(), PersonChange { role: None, disabled: Some(disable) })
                }
            >
                {if disable { "Disable" } else { "Enable" }}
            </button>
        }
    });
    let link = actions.link.then(|| {
        let person = person.clone();
        let label = if person.status == "invited" {
            "New invitation link"
        } else {
            "Password reset link"
        };
        view! {
            <button
                type="button"
                class="button secondary small"
                data-testid="person-link"
                on:click=move |_| state.new_link(person.clone())
            >
                {label}
            </button>
        }
    });
    let status_label = match person.status.as_str() {
        "invited" => "Invited",
        "disabled" => "Disabled",
        _ => "Active",
    };
    view! {
        <tr data-testid="person" data-email=person.email.clone() data-status=person.status.clone()>
            <td>{person.name.clone()}{(person.id == state.me).then_some(" (you)")}</td>
            <td>{person.email.clone()}</td>
            <td>{role_picker}</td>
            <td>
                <span class=format!("status-pill status-{}", person.status)>{status_label}</span>
            </td>
            <td>
                {person.last_sign_in_at.map_or_else(|| "Never".to_owned(), format::date_time)}
            </td>
            <td class="num" data-testid="person-prf">
                {move || state.prf.with(|usage| {
                    let (today, week) = usage.get(&person_id).copied().unwrap_or_default();
                    format!("{} · {}", format::count(today), format::count(week))
                })}
            </td>
            <td class="actions">
                <div class="row-buttons">{toggle}{link}</div>
            </td>
        </tr>
    }
}

/// The link just issued, to copy and pass on.
#[component]
fn IssuedLinkNotice(state: PeopleState) -> impl IntoView {
    move || {
        state.issued.get().map(|(name, link)| {
            let origin = window().location().origin().unwrap_or_default();
            let address = link_address(&origin, &link);
            let copy = address.clone();
            view! {
                <div class="notice issued-link" role="status" data-testid="issued-link" data-path=link.path.clone()>
                    <p>
                        {format!("Send {name} this sign-in link; it works once, until {}:", format::date_time(link.expires_at))}
                    </p>
                    <div class="copy-field">
                        <input type="text" readonly value=address aria-label="Sign-in link" />
                        <button
                            type="button"
                            class="button secondary small"
                            on:click=move |_| {
                                let _ = window().navigator().clipboard().write_text(&copy);
                            }
                        >
                            "Copy"
                        </button>
                    </div>
                </div>
            }
        })
    }
}

/// Adds a user by name, email and role.
#[component]
fn InviteForm(state: PeopleState) -> impl IntoView {
    let name = NodeRef::<html::Input>::new();
    let email = NodeRef::<html::Input>::new();
    let role = NodeRef::<html::Select>::new();
    let pending = RwSignal::new(false);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let (Some(name_input), Some(email_input), Some(role_input)) =
            (name.get(), email.get(), role.get())
        else {
            return;
        };
        let chosen = Role::from_slug(&role_input.value()).unwrap_or(Role::ReadOnly);
        pending.set(true);
        spawn_local(async move {
            let outcome = api::invite(&email_input.value(), &name_input.value(), chosen).await;
            pending.set(false);
            if let Some(invited) = state.settle(outcome) {
                name_input.set_value("");
                email_input.set_value("");
                if let Some(link) = invited.sign_in_link {
                    state.issued.set(Some((invited.person.name, link)));
                }
            }
        });
    };
    let roles = Role::ALL
        .into_iter()
        .map(|role| view! { <option value=role.slug() selected=role == Role::ListBuilder>{role.label()}</option> })
        .collect_view();
    view! {
        <form class="card invite" on:submit=submit aria-labelledby="invite-heading">
            <h2 id="invite-heading">"Add a person"</h2>
            <p class="muted">"They receive a sign-in link, valid 72 hours, to set their own password."</p>
            <div class="invite-fields">
                <div class="field">
                    <label for="invite-name">"Name"</label>
                    <input id="invite-name" type="text" required maxlength="200" node_ref=name data-testid="invite-name" />
                </div>
                <div class="field">
                    <label for="invite-email">"Email"</label>
                    <input id="invite-email" type="email" required node_ref=email data-testid="invite-email" />
                </div>
                <div class="field">
                    <label for="invite-role">"Role"</label>
                    <select id="invite-role" node_ref=role data-testid="invite-role">{roles}</select>
                </div>
                <button type="submit" class="button primary" disabled=pending data-testid="invite-submit">
                    "Add and create link"
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn person(id: u64, status: &str) -> Person {
        Person {
            id,
            email: format!("p{id}@acme.test"),
            name: format!("P{id}"),
            role: Role::Administrator,
            status: status.to_owned(),
            last_sign_in_at: None,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn nobody_demotes_or_disables_themselves_here() {
        let mine = RowActions::for_person(&person(1, "active"), 1);
        assert_eq!(
            mine,
            RowActions {
                change_role: false,
                toggle: None,
                link: true
            }
        );
        let other = RowActions::for_person(&person(2, "active"), 1);
        assert_eq!(
            other,
            RowActions {
                change_role: true,
                toggle: Some(true),
                link: true
            }
        );
        let disabled = RowActions::for_person(&person(3, "disabled"), 1);
        assert_eq!(
            disabled,
            RowActions {
                change_role: true,
                toggle: Some(false),
                link: false
            }
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_link_is_given_as_a_full_address() {
        let link = IssuedLink {
            path: "/welcome#token=abc".to_owned(),
            expires_at: 0,
        };
        assert_eq!(
            link_address("https://app.example/", &link),
            "https://app.example/welcome#token=abc"
        );
    }
}
