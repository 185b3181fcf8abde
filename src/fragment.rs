//! The list in the URL fragment, as a signal the page follows, and how the page changes it.
//!
//! The fragment is the list's one source of truth: opening a URL restores its list, and
//! every control writes the next list's fragment. A control's change shows at once: the
//! signal takes the new fragment in the same task, and the address bar (a new history
//! entry, so Back undoes it) follows right after the new list is painted. Writing the URL
//! first would hold the list back: the browser's navigation work (history, address bar,
//! the fragment's `hashchange` a task later) then runs before the list's frame.
//!
//! Back, Forward, a typed fragment and the router's own page changes come back through
//! `hashchange` and the router's location.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The list fragment of the current page. `Copy`: reactive handles only.
#[derive(Clone, Copy)]
pub struct Fragment {
    fragment: ReadSignal<String>,
    set_fragment: WriteSignal<String>,
    /// History writes not yet made, oldest first.
    pending: StoredValue<Vec<PendingWrite>, LocalStorage>,
}

impl Fragment {
    /// Follows the window's URL fragment (for as long as the current reactive owner lives).
    #[must_use]
    pub fn follow_window() -> Self {
        let (fragment, set_fragment) = signal(current_fragment());
        let this = Self {
            fragment,
            set_fragment,
            pending: StoredValue::new_local(Vec::new()),
        };
        let handle =
            window_event_listener_untyped("hashchange", move |_| this.follow(current_fragment()));
        on_cleanup(move || handle.remove());
        this
    }

    /// The fragment (without `#`).
    #[must_use]
    pub fn get(&self) -> Signal<String> {
        self.fragment.into()
    }

    /// Takes `current`, the fragment of the URL the page is now at, unless a write of ours
    /// is on its way (the URL then still shows the fragment before it).
    pub fn follow(&self, current: String) {
        if self.pending.with_value(|pending| !pending.is_empty()) {
            return;
        }
        if self
            .fragment
            .with_untracked(|fragment| *fragment != current)
        {
            self.set_fragment.set(current);
        }
    }

    /// Shows `fragment` now and writes it to the URL once the next frame is painted: as a
    /// new history entry, or in place of the current one (`replace`).
    pub fn go(&self, fragment: String, replace: bool) {
        if self.fragment.with_untracked(|current| *current == fragment) {
            return;
        }
        let write = PendingWrite {
            fragment: fragment.clone(),
            replace,
            path: current_path(),
        };
        let first = self.pending.try_update_value(|pending| {
            pending.push(write);
            pending.len() == 1
        });
        self.set_fragment.set(fragment);
        if first == Some(true) {
            let this = *self;
            // A zero timeout set from an animation frame runs once that frame is painted.
            request_animation_frame(move || {
                set_timeout(move || this.write_pending(), std::time::Duration::ZERO);
            });
        }
    }

    /// Makes the history writes that are due, in order; those made on a page the user has
    /// since left are dropped (they would put the list on the new page's URL).
    fn write_pending(&self) {
        let Some(writes) = self.pending.try_update_value(std::mem::take) else {
            return;
        };
        let path = current_path();
        for write in writes.into_iter().filter(|write| write.path == path) {
            write_history(&write.fragment, write.replace);
        }
    }
}

/// A history write waiting for the next paint.
struct PendingWrite {
    fragment: String,
    /// In place of the current entry rather than a new one.
    replace: bool,
    /// The page's path when it was asked for.
    path: String,
}

/// The window's URL path.
fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// The window's URL fragment without the leading `#` (empty when there is none).
#[must_use]
pub fn current_fragment() -> String {
    let hash = window().location().hash().unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_owned()
}

/// Puts `fragment` in the URL through the History API, which fires no `hashchange`.
fn write_history(fragment: &str, replace: bool) {
    let window = window();
    let url = format!("#{fragment}");
    let written = window.history().and_then(|history| {
        if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        }
    });
    if written.is_err() {
        // Without the History API (or refused), a plain fragment navigation.
        let _ = window.location().set_hash(fragment);
    }
}
