//! Users and their sessions.

use rusqlite::{Connection, OptionalExtension as _, params};

use super::tenants::Tenant;
use super::{OptionalRow as _, StoreError, StoreResult, now};
use crate::roles::Role;

/// A user as the API shows it (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Tenant.
    #[serde(skip)]
    pub tenant_id: i64,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Disabled users cannot sign in, and their sessions end.
    pub disabled: bool,
    /// `invited` (no password yet: their sign-in link is unused), `active` or `disabled`.
    pub status: &'static str,
    /// Unix seconds of their last sign-in, if any.
    pub last_sign_in_at: Option<i64>,
}

/// A live session joined with its user and tenant, as read on every request.
#[derive(Clone, Debug)]
pub(crate) struct SessionRecord {
    /// The signed-in user (role and disabled flag as they are now).
    pub user: User,
    /// The user's tenant.
    pub tenant: Tenant,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Sign-in time.
    pub created_at: i64,
    /// Last request.
    pub last_seen_at: i64,
}

const USER_COLUMNS: &str = "users.id, users.tenant_id, users.email, users.name, users.role,
     users.disabled, users.password_hash = '', users.last_sign_in_at";

/// Columns of [`USER_COLUMNS`]: a query's further columns start here.
const USER_COLUMN_COUNT: usize = 8;

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(4)?;
    Ok(User {
        id: r.get(0)?,
        tenant_id: r.get(1)?,
        email: r.get(2)?,
        name: r.get(3)?,
        // The CHECK constraint admits only the three slugs.
        role: Role::from_slug(&role).unwrap_or(Role::ReadOnly),
        disabled: r.get(5)?,
        status: match (r.get(5)?, r.get(6)?) {
            (true, _) => "disabled",
            (false, true) => "invited",
            (false, false) => "active",
        },
        last_sign_in_at: r.get(7)?,
    })
}

/// Adds a user; the email must be unused (case-insensitively) across all tenants. An
/// empty `password_hash` makes an invited user, who cannot sign in until they set a
/// password with a sign-in link.
pub(crate) fn create(
    conn: &Connection,
    tenant: i64,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
) -> StoreResult<User> {
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE email = ?1)",
        [email],
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::Conflict(format!(
            "a user with email {email} exists"
        )));
    }
    conn.execute(
        "INSERT INTO users (tenant_id, email, name, role, password_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![tenant, email, name, role.slug(), password_hash, now()],
    )?;
    get(conn, tenant, conn.last_insert_rowid())
}

/// A user of `tenant` by id.
pub(crate) fn get(conn: &Connection, tenant: i64, id: i64) -> StoreResult<User> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1 AND tenant_id = ?2"),
        [id, tenant],
        user_row,
    )
    .found()
}

/// Refuses a change that would leave `tenant` without an enabled Administrator other
/// than `id`. Checked in the changing transaction, so two Administrators demoting each
/// other at once cannot both succeed.
fn ensure_another_administrator(conn: &Connection, tenant: i64, id: i64) -> StoreResult<()> {
    let others: i64 = conn.query_row(
        "SELECT COUNT(*) FROM users
         WHERE tenant_id = ?1 AND id <> ?2 AND role = 'administrator' AND disabled = 0",
        [tenant, id],
        |r| r.get(0),
    )?;
    if others == 0 {
        return Err(StoreError::Conflict(
            "this is the organisation's last Administrator: make someone else an \
             Administrator first"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Changes a user. Disabling ends their sessions at once; a role change applies from
/// their next request (sessions read the role afresh). Refused with a precise message:
/// disabling a user already disabled (or enabling one who is not), as a second tab would,
/// and leaving the organisation without an enabled Administrator.
fn change(tx: &Connection, tenant: i64, id: i64, change: &UserChange) -> StoreResult<User> {
    let before = get(tx, tenant, id)?;
    if let Some(disabled) = change
        .disabled
        .filter(|&disabled| disabled == before.disabled)
    {
        let state = if disabled { "disabled" } else { "enabled" };
        return Err(StoreError::Conflict(format!(
            "{} is already {state}",
            before.name
        )));
    }
    let stops_administering = change.disabled == Some(true)
        || change.role.is_some_and(|role| role != Role::Administrator);
    if before.role == Role::Administrator && !before.disabled && stops_administering {
        ensure_another_administrator(tx, tenant, id)?;
    }
    if let Some(name) = &change.name {
        tx.execute(
            "UPDATE users SET name = ?1 WHERE id = ?2",
            params![name, id],
        )?;
    }
    if let Some(role) = change.role {
        tx.execute(
            "UPDATE users SET role = ?1 WHERE id = ?2",
            params![role.slug(), id],
        )?;
    }
    if let Some(disabled) = change.disabled {
        tx.execute(
            "UPDATE users SET disabled = ?1 WHERE id = ?2",
            params![disabled, id],
        )?;
        if disabled {
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
        }
    }
    get(tx, tenant, id)
}

/// What an Administrator may change about a user; `None` leaves it as is.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UserChange {
    /// New display name.
    pub name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// Disable or re-enable.
    pub disabled: Option<bool>,
}

impl super::Store {
    /// Creates a user, for callers outside the async runtime.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the email is taken, or a [`StoreError`] from SQLite.
    pub fn create_user_blocking(
        &self,
        tenant: i64,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> StoreResult<User> {
        self.write_blocking(|tx| create(tx, tenant, email, name, role, password_hash))
    }

    /// Creates a user.
    pub(crate) async fn create_user(
        &self,
        tenant: i64,
        email: String,
        name: String,
        role: Role,
        password_hash: String,
    ) -> StoreResult<User> {
        self.write(move |tx| create(tx, tenant, &email, &name, role, &password_hash))
            .await
    }

    /// The user with this sign-in email and their password hash, if any.
    pub(crate) async fn user_for_login(
        &self,
        email: String,
    ) -> StoreResult<Option<(User, String)>> {
        self.read(move |conn| {
            Ok(conn
                .query_row(
                    &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = ?1"),
                    [&email],
                    |r| Ok((user_row(r)?, r.get(USER_COLUMN_COUNT)?)),
                )
                .optional()?)
        })
        .await
    }

    /// The password hash of a user, for re-authentication.
    pub(crate) async fn password_hash(&self, user: i64) -> StoreResult<String> {
        self.read(move |conn| {
            conn.query_row(
                "SELECT password_hash FROM users WHERE id = ?1",
                [user],
                |r| r.get(0),
            )
            .found()
        })
        .await
    }

    /// A user of `tenant`.
    pub(crate) async fn user(&self, tenant: i64, id: i64) -> StoreResult<User> {
        self.read(move |conn| get(conn, tenant, id)).await
    }

    /// The users of a tenant, by name.
    pub(crate) async fn users(&self, tenant: i64) -> StoreResult<Vec<User>> {
        self.read(move |conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {USER_COLUMNS} FROM users WHERE tenant_id = ?1 ORDER BY name, id"
            ))?;
            let rows = statement
                .query_map([tenant], user_row)?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    /// Changes a user (see [`change`]).
    pub(crate) async fn change_user(
        &self,
        tenant: i64,
        id: i64,
        user_change: UserChange,
    ) -> StoreResult<User> {
        self.write(move |tx| change(tx, tenant, id, &user_change))
            .await
    }

    /// Sets a user's password hash and ends their other sessions.
    pub(crate) async fn set_password(&self, tenant: i64, id: i64, hash: String) -> StoreResult<()> {
        self.write(move |tx| {
            get(tx, tenant, id)?;
            tx.execute(
                "UPDATE users SET password_hash = ?1 WHERE id = ?2",
                params![hash, id],
            )?;
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            Ok(())
        })
        .await
    }

    /// Starts a session, ending the one it replaces (rotation at sign-in).
    pub(crate) async fn start_session(
        &self,
        user: i64,
        token_hash: Vec<u8>,
        csrf_token: String,
        replaces: Option<Vec<u8>>,
    ) -> StoreResult<()> {
        self.write(move |tx| {
            if let Some(old) = replaces {
                tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [old])?;
            }
            let at = now();
            tx.execute(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![token_hash, user, csrf_token, at],
            )?;
            tx.execute(
                "UPDATE users SET last_sign_in_at = ?1 WHERE id = ?2",
                params![at, user],
            )?;
            Ok(())
        })
        .await
    }

    /// The session with this token hash, with its user and tenant as they are now.
    pub(crate) async fn session(&self, token_hash: Vec<u8>) -> StoreResult<Option<SessionRecord>> {
        self.read(move |conn| {
            Ok(conn
                .query_row(
                    &format!(
                        "SELECT {USER_COLUMNS}, tenants.id, tenants.name,
                                sessions.csrf_token, sessions.created_at, sessions.last_seen_at
                         FROM sessions
                         JOIN users ON users.id = sessions.user_id
                         JOIN tenants ON tenants.id = users.tenant_id
                         WHERE sessions.token_hash = ?1"
                    ),
                    [token_hash],
                    |r| {
                        let at = |i: usize| USER_COLUMN_COUNT + i;
                        Ok(SessionRecord {
                            user: user_row(r)?,
                            tenant: Tenant {
                                id: r.get(at(0))?,
                                name: r.get(at(1))?,
                            },
                            csrf_token: r.get(at(2))?,
                            created_at: r.get(at(3))?,
                            last_seen_at: r.get(at(4))?,
                        })
                    },
                )
                .optional()?)
        })
        .await
    }

    /// Records activity on a session (for idle expiry).
    pub(crate) async fn touch_session(&self, token_hash: Vec<u8>) -> StoreResult<()> {
        self.write(move |tx| {
            tx.execute(
                "UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2",
                params![now(), token_hash],
            )?;
            Ok(())
        })
        .await
    }

    /// Ends a session.
    pub(crate) async fn end_session(&self, token_hash: Vec<u8>) -> StoreResult<()> {
        self.write(move |tx| {
            tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn change_of(role: Option<Role>, disabled: Option<bool>) -> UserChange {
        UserChange {
            name: None,
            role,
            disabled,
        }
    }

    #[test]
    fn the_last_enabled_administrator_stays_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        let tenant = store.create_tenant_blocking("Acme", &[]).unwrap().id;
        let add = |email: &str, role| {
            store
                .create_user_blocking(tenant, email, "Someone", role, "")
                .unwrap()
                .id
        };
        let (first, second) = (
            add("a@acme.test", Role::Administrator),
            add("b@acme.test", Role::Administrator),
        );
        let apply = |id, c: UserChange| store.write_blocking(|tx| change(tx, tenant, id, &c));
        // Two Administrators demoting each other at once: the second change finds the
        // first applied and is refused.
        apply(second, change_of(Some(Role::ListBuilder), None)).unwrap();
        let refused = apply(first, change_of(Some(Role::ReadOnly), None));
        assert!(
            matches!(&refused, Err(StoreError::Conflict(m)) if m.contains("last Administrator")),
            "{refused:?}"
        );
        let refused = apply(first, change_of(None, Some(true)));
        assert!(
            matches!(refused, Err(StoreError::Conflict(_))),
            "{refused:?}"
        );
        // A disabled Administrator does not count.
        apply(second, change_of(Some(Role::Administrator), None)).unwrap();
        apply(second, change_of(None, Some(true))).unwrap();
        assert!(apply(first, change_of(Some(Role::ListBuilder), None)).is_err());
        // Disabling twice (a second tab) says so.
        let twice = apply(second, change_of(None, Some(true)));
        assert!(
            matches!(&twice, Err(StoreError::Conflict(m)) if m.contains("already disabled")),
            "{twice:?}"
        );
    }
}
