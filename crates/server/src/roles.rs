//! Roles and what each may do: the one table every endpoint consults.
//!
//! | permission            | Administrator | List Builder | Read-Only |
//! |-----------------------|:---:|:---:|:---:|
//! | read the dataset, open assigned or shared lists | ✓ | ✓ | ✓ |
//! | see every list of the tenant, build and edit lists, save searches, assign lists | ✓ | ✓ | |
//! | upload suppression lists, evaluate the email PRF | ✓ | ✓ | |
//! | export contacts, preview exports, export history | ✓ | | |
//! | manage users, email rules, data-subject requests, audit log | ✓ | | |

pub use clearlist_wire::Role;

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

/// Whether `role` may do `permission`.
#[must_use]
pub fn may(role: Role, permission: Permission) -> bool {
    match role {
        Role::Administrator => true,
        Role::ListBuilder => matches!(
            permission,
            Permission::Read | Permission::BuildLists | Permission::Suppress
        ),
        Role::ReadOnly => permission == Permission::Read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table() {
        use Permission::*;
        let all = [Read, BuildLists, Suppress, Export, Administer];
        let allowed = |role: Role| {
            all.into_iter()
                .filter(|&p| may(role, p))
                .collect::<Vec<_>>()
        };
        assert_eq!(allowed(Role::Administrator), all);
        assert_eq!(allowed(Role::ListBuilder), [Read, BuildLists, Suppress]);
        assert_eq!(allowed(Role::ReadOnly), [Read]);
    }
}
