//! Roles and what each may do: the one table every endpoint consults.
//!
//! | permission            | Administrator | List Builder | Read-Only |
//! |-----------------------|:---:|:---:|:---:|
//! | read the dataset, open assigned or shared lists | ✓ | ✓ | ✓ |
//! | see every list of the tenant, build and edit lists, save searches, assign lists | ✓ | ✓ | |
//! | upload suppression lists, evaluate the email PRF | ✓ | ✓ | |
//! | export contacts, preview exports, export history | ✓ | | |
//! | manage users, email rules, data-subject requests, audit log | ✓ | | |

use std::fmt;

use serde::{Deserialize, Serialize};

/// A user's role within a tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Everything, including exports and user management.
    Administrator,
    /// Builds lists and searches; no export.
    ListBuilder,
    /// Opens what is assigned or shared to them.
    ReadOnly,
}

/// Something an endpoint does, checked against the caller's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Download the de-identified dataset; open lists assigned or shared to oneself.
    Read,
    /// See all of the tenant's lists, create, rename, delete, snapshot, share and assign
    /// them; save searches.
    BuildLists,
    /// Upload and delete suppression lists; evaluate the oblivious PRF.
    Suppress,
    /// Preview and run exports, read export history.
    Export,
    /// Manage users, email rules, data-subject requests; read the audit log.
    Administer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Administrator, Role::ListBuilder, Role::ReadOnly];

    /// Whether this role may do `permission`.
    #[must_use]
    pub fn may(self, permission: Permission) -> bool {
        match self {
            Role::Administrator => true,
            Role::ListBuilder => matches!(
                permission,
                Permission::Read | Permission::BuildLists | Permission::Suppress
            ),
            Role::ReadOnly => permission == Permission::Read,
        }
    }

    /// The slug stored and sent over the API.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::ListBuilder => "list-builder",
            Role::ReadOnly => "read-only",
        }
    }

    /// The role of a slug.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table() {
        use Permission::*;
        let all = [Read, BuildLists, Suppress, Export, Administer];
        let allowed = |role: Role| all.into_iter().filter(|&p| role.may(p)).collect::<Vec<_>>();
        assert_eq!(allowed(Role::Administrator), all);
        assert_eq!(allowed(Role::ListBuilder), [Read, BuildLists, Suppress]);
        assert_eq!(allowed(Role::ReadOnly), [Read]);
    }

    #[test]
    fn slugs_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_slug(role.slug()), Some(role));
        }
    }
}
