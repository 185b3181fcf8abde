//! The API's JSON shapes that both sides name, defined once: the server serialises them
//! and the browser app deserialises the same types, so a field renamed or retyped on one
//! side cannot silently stop matching the other. Ids are `u64` on the wire (the server's
//! SQLite rowids are positive).
//!
//! What only one side reads (the app's view of an export preview, the server's request
//! bodies) stays with that side.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A user's role within an organisation (see ARCHITECTURE.md's role table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Everything, including exports and the organisation's administration.
    Administrator,
    /// Builds, shares and assigns lists and searches; no export.
    ListBuilder,
    /// Opens what is assigned or shared to them; no edits, no export.
    ReadOnly,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 3] = [Role::Administrator, Role::ListBuilder, Role::ReadOnly];

    /// The role's name on the wire and in the database, e.g. `list-builder`.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::ListBuilder => "list-builder",
            Role::ReadOnly => "read-only",
        }
    }

    /// The role as people read it, e.g. `List Builder`.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::ListBuilder => "List Builder",
            Role::ReadOnly => "Read-Only",
        }
    }

    /// The role named `slug`, if there is one.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.slug() == slug)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// A saved list as the API shows it (`GET /api/lists`, `GET /api/lists/{id}`, and the
/// answer to every change): ids and counts, never personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedList {
    /// Id (never reused, so a `list=` clause keeps meaning the same list).
    pub id: u64,
    /// Display name, 1 to 100 characters.
    pub name: String,
    /// Canonical list URL (without `#`).
    pub definition: String,
    /// The user who created it.
    pub owner_id: u64,
    /// Whether every user of the organisation (Read-Only users too) may open it.
    pub shared: bool,
    /// Users it is assigned to, ascending.
    pub assigned_to: Vec<u64>,
    /// The owner's name.
    pub owner_name: String,
    /// The names of the users it is assigned to, in the order of `assigned_to`.
    pub assigned_names: Vec<String>,
    /// The frozen accounts, when a snapshot was taken.
    pub snapshot: Option<Snapshot>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of the last change (name, definition, sharing, assignment, snapshot).
    pub updated_at: i64,
}

/// What a saved list says about its snapshot (the ids come with [`ListAccounts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Accounts in it.
    pub accounts: u64,
    /// Unix seconds.
    pub taken_at: i64,
}

/// A list's frozen account ids (`GET /api/lists/{id}/accounts`), for a browser's
/// `in list` / `not in list` filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListAccounts {
    /// The list.
    pub list_id: u64,
    /// Account ids in list order.
    pub account_ids: Vec<u32>,
    /// Unix seconds.
    pub taken_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_kebab_case_slugs_both_ways() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).expect("serialises");
            assert_eq!(json, format!("\"{}\"", role.slug()));
            assert_eq!(serde_json::from_str::<Role>(&json).expect("parses"), role);
            assert_eq!(Role::from_slug(role.slug()), Some(role));
        }
        assert_eq!(Role::from_slug("owner"), None);
        assert!(serde_json::from_str::<Role>("\"owner\"").is_err());
    }

    #[test]
    fn a_saved_list_round_trips() {
        let list = SavedList {
            id: 7,
            name: "Security leaders".to_owned(),
            definition: "v=1&fn=any:security".to_owned(),
            owner_id: 2,
            shared: true,
            assigned_to: vec![3, 5],
            owner_name: "Ada Admin".to_owned(),
            assigned_names: vec!["Rae Reader".to_owned(), "Lee Builder".to_owned()],
            snapshot: Some(Snapshot {
                accounts: 63,
                taken_at: 1_796_469_847,
            }),
            created_at: 1_796_469_800,
            updated_at: 1_796_469_847,
        };
        let json = serde_json::to_value(&list).expect("serialises");
        assert_eq!(json["snapshot"]["accounts"], 63);
        assert_eq!(json["assigned_to"], serde_json::json!([3, 5]));
        assert_eq!(
            serde_json::from_value::<SavedList>(json).expect("parses"),
            list
        );
    }
}
