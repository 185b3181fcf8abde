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

const USER_COLUMNS: &str =
    "users.id, users.tenant_id, users.email, users.name, users.role, users.disabled";

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
    })
}

/// Adds a user; the email must be unused (case-insensitively) across all tenants.
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
                    |r| Ok((user_row(r)?, r.get(6)?)),
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

    /// Changes a user. Disabling ends their sessions at once; a role change applies from
    /// their next request (sessions read the role afresh).
    pub(crate) async fn change_user(
        &self,
        tenant: i64,
        id: i64,
        change: UserChange,
    ) -> StoreResult<User> {
        self.write(move |tx| {
            get(tx, tenant, id)?;
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
        })
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
                        Ok(SessionRecord {
                            user: user_row(r)?,
                            tenant: Tenant {
                                id: r.get(6)?,
                                name: r.get(7)?,
                            },
                            csrf_token: r.get(8)?,
                            created_at: r.get(9)?,
                            last_seen_at: r.get(10)?,
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
