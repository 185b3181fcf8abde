//! "Save account": each user's hand-picked accounts are a saved list of their own, named
//! after them ([`list_name`]), whose definition names the accounts (`account=` in the
//! list URL).
//! The server keeps it like any list (snapshot, sharing, exports), so saved accounts can be
//! filtered on (`list=in:…`), assigned and exported.

use crate::engine_bridge::list_url;

use crate::api::{self, ApiError, Role, Session};

/// The start of every saved-accounts list's name.
pub const SAVED_ACCOUNTS: &str = "Saved accounts";

/// The name of `session`'s user's saved-accounts list: lists are visible tenant-wide, so
/// each names its owner (`Saved accounts · Bo Builder`).
#[must_use]
pub fn list_name(session: &Session) -> String {
    format!("{SAVED_ACCOUNTS} · {}", session.user.name)
        .chars()
        .take(100)
        .collect()
}

/// Why saving is not offered to a role, if it is not.
#[must_use]
pub fn refusal(role: Role) -> Option<&'static str> {
    match role {
        Role::ReadOnly => Some("Read-Only users cannot save accounts: ask a List Builder."),
        Role::Administrator | Role::ListBuilder => None,
    }
}

/// What saving did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// The account was added.
    Added,
    /// It was already there.
    AlreadySaved,
}

/// Adds account `id` to the signed-in user's saved accounts (creating the list at the
/// first save); also returns the list's id, whose snapshot changed.
///
/// # Errors
/// An [`ApiError`] when a request fails; a list whose definition cannot be read or holds
/// the most accounts a list URL may name is reported as [`ApiError::Malformed`].
pub async fn save(session: &Session, id: u32) -> Result<(Saved, u64), ApiError> {
    let name = list_name(session);
    let lists = api::lists().await?;
    let mine = lists
        .into_iter()
        .find(|list| list.owner_id == session.user.id && list.name == name);
    let Some(list) = mine else {
        let query = crate::engine_bridge::ListQuery {
            accounts: vec![id],
            ..Default::default()
        };
        let created = api::create_list(&name, &list_url::encode(&query)).await?;
        return Ok((Saved::Added, created.id));
    };
    let mut query = list_url::decode(&list.definition)
        .map_err(|err| ApiError::Malformed(format!("“{name}”: {err}")))?;
    if query.accounts.contains(&id) {
        return Ok((Saved::AlreadySaved, list.id));
    }
    if query.accounts.len() >= list_url::MAX_ACCOUNTS {
        return Err(ApiError::Malformed(format!(
            "“{name}” holds {} accounts, the most a list can name",
            list_url::MAX_ACCOUNTS
        )));
    }
    query.accounts.push(id);
    api::redefine_list(list.id, &list_url::encode(&query)).await?;
    Ok((Saved::Added, list.id))
}
