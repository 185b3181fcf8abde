//! The notification menu of the top bar: lists assigned to the user and saved searches
//! with new matching accounts, with the number not seen yet on the button. The page asks
//! the server once when it opens; opening the menu asks again and marks what is new seen.
//!
//! Test hooks: `notifications-button` (with `data-unread`), `notifications-menu`,
//! `notification` items (with `data-kind`, `data-unread`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Notifications};

/// The button's label: how many are unread, for screen readers too.
#[must_use]
pub fn button_label(unread: usize) -> String {
    match unread {
        0 => "Notifications".to_owned(),
        1 => "Notifications: 1 new".to_owned(),
        n => format!("Notifications: {n} new"),
    }
}

/// The menu.
#[component]
pub fn NotificationMenu() -> impl IntoView {
    let menu = RwSignal::new(Notifications::default());
    let open = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(fresh) = api::notifications().await {
            menu.try_set(fresh);
        }
    });
    let toggle = move |_| {
        let opening = !open.get_untracked();
        open.set(opening);
        if !opening {
            return;
        }
        // What is new now, then seen: the request that marks it follows the one that read it.
        spawn_local(async move {
            let Ok(fresh) = api::notifications().await else {
                return;
            };
            let unread = fresh.unread;
            menu.try_set(fresh);
            if unread > 0 && api::mark_notifications_seen().await.is_ok() {
                // Assignments are seen now; searches stay news until acknowledged.
                menu.try_update(|menu| {
                    for item in &mut menu.items {
                        item.unread &= item.kind == "search";
                    }
                    menu.unread = menu.items.iter().filter(|item| item.unread).count();
                });
            }
        });
    };
    let unread = move || menu.with(|m| m.unread);
    view! {
        <div class="notifications">
            <button type="button" class="button secondary notifications-button" data-testid="notifications-button"
                data-unread=move || unread().to_string() aria-expanded=move || open.get().to_string()
                aria-label=move || button_label(unread()) on:click=toggle>
                "Notifications"
                {move || (unread() > 0).then(|| view! { <span class="badge-count" aria-hidden="true">{unread()}</span> })}
            </button>
            <Show when=move || open.get()>
                <div class="notifications-menu" data-testid="notifications-menu" role="region" aria-label="Notifications">
                    {move || menu.with(|m| if m.items.is_empty() {
                        view! { <p class="muted">"Nothing new. Lists assigned to you and new matches of your saved searches show here."</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {m.items.iter().map(|item| view! {
                                    <li data-testid="notification" data-kind=item.kind.clone() data-unread=item.unread.to_string()>
                                        <a href=item.link.clone() on:click=move |_| open.set(false)>{item.text.clone()}</a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })}
                </div>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test(unsupported = test)]
    fn the_label_counts_what_is_new() {
        assert_eq!(button_label(0), "Notifications");
        assert_eq!(button_label(1), "Notifications: 1 new");
        assert_eq!(button_label(4), "Notifications: 4 new");
    }
}
