//! The Clearlist engine: one implementation of the data model, the de-identified dataset,
//! list queries, ranking, suppression matching and list URLs, compiled both into the
//! browser app (WebAssembly) and into the server, which re-runs the browser's queries for
//! exports.
//!
//! The engine does no IO: callers hand it bytes and readers and get values back.

mod bitset;
pub mod contact_query;
pub mod countries;
pub mod dataset;
pub mod date;
pub mod email_rules;
pub mod intent;
pub mod list_query;
pub mod list_url;
pub mod profile;
pub mod pseudonym;
pub mod query;
pub mod suppression;
pub mod taxonomy;
pub mod team;
pub mod typeahead;
pub mod vault;
pub mod workload;

pub use contact_query::{ContactClause, ContactQuery, LevelClause};
pub use date::Date;
pub use list_query::{Clause, DateRange, ListClause, ListQuery, Sort};
pub use taxonomy::{Facet, Mode};
