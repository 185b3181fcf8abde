//! The parts of the list builder, each a component with props, so each can be mounted and
//! tested on its own: the filter panel, the active-filter chips, the segment and sort
//! toolbar, the URL problems and the virtualised accounts table.
//!
//! They never change the URL themselves: every edit goes out through an `on_change`
//! callback with the next list, and the page writes it to the URL (the single source of
//! truth), which flows back in as the `query` prop.

pub mod account_table;
pub mod active_filters;
pub mod buying_team;
pub mod company_search;
pub mod export_panel;
pub mod filter_panel;
pub mod hover_card;
pub mod list_toolbar;
pub mod notification_menu;
pub mod save_account;
pub mod save_list;
pub mod suppression_upload;
pub mod team_filters;
pub mod url_problems;
pub mod weights_panel;

use std::sync::Arc;

/// A shared, immutable value whose equality is identity: memos holding one notify on every
/// recomputation without comparing a million rows.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Shared<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// An interest gauge as a pill (styled per gauge by `.gauge-{slug}`).
pub fn gauge_pill(gauge: crate::engine_bridge::Gauge) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    view! { <span class=format!("gauge gauge-{}", gauge.slug())>{gauge.label()}</span> }
}
