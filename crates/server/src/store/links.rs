//! One-time sign-in links: how a new user, or one who forgot their password, sets their
//! own password. The Administrator passes the link on (or the server mails it); only a
//! hash of its token is kept, it works once, until it expires, and issuing a new link for
//! the same user voids the ones before.

use rusqlite::{Connection, OptionalExtension as _, params};

use super::users::{self, User};
use super::{StoreError, StoreResult, now};

/// How long a link works: 72 hours.
pub(crate) const LINK_LIFETIME_SECS: i64 = 72 * 3600;

/// Why a link was issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Purpose {
    /// A new user's first password.
    Welcome,
    /// A new password for an existing user.
    Reset,
}

impl Purpose {
    fn slug(self) -> &'static str {
        match self {
            Purpose::Welcome => "welcome",
            Purpose::Reset => "reset",
        }
    }
}

/// A link as its holder may see it before using it.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct LinkInfo {
    /// Whose password the link sets.
    pub email: String,
    /// Their name.
    pub name: String,
    /// Why it was issued.
    pub purpose: Purpose,
    /// Unix seconds.
    pub expires_at: i64,
}

/// Issues a link for `user` (of `tenant`), voiding their unused ones.
pub(crate) fn issue(
    tx: &Connection,
    tenant: i64,
    user: i64,
    purpose: Purpose,
    by: Option<i64>,
    token_hash: &[u8],
) -> StoreResult<i64> {
    users::get(tx, tenant, user)?;
    tx.execute(
        "DELETE FROM sign_in_links WHERE user_id = ?1 AND used_at IS NULL",
        [user],
    )?;
    let at = now();
    let expires_at = at + LINK_LIFETIME_SECS;
    tx.execute(
        "INSERT INTO sign_in_links (token_hash, user_id, purpose, created_by, created_at,
             expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![token_hash, user, purpose.slug(), by, at, expires_at],
    )?;
    Ok(expires_at)
}

/// The link with this token hash and its user, if it can still be used.
fn usable(conn: &Connection, token_hash: &[u8]) -> StoreResult<(User, LinkInfo)> {
    let found = conn
        .query_row(
            "SELECT user_id, purpose, expires_at, used_at,
                    (SELECT tenant_id FROM users WHERE users.id = user_id)
             FROM sign_in_links WHERE token_hash = ?1",
            [token_hash],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((user_id, purpose, expires_at, used_at, tenant)) = found else {
        return Err(StoreError::Gone {
            code: "link_unknown",
            message: "this sign-in link is not valid: it may be mistyped, or a newer link \
                      replaced it; ask an Administrator for a new one"
                .to_owned(),
        });
    };
    if used_at.is_some() {
        return Err(StoreError::Gone {
            code: "link_used",
            message: "this sign-in link was already used; sign in with your password, or \
                      ask an Administrator for a new link"
                .to_owned(),
        });
    }
    if expires_at <= now() {
        return Err(StoreError::Gone {
            code: "link_expired",
            message: "this sign-in link has expired (links work for 72 hours); ask an \
                      Administrator for a new one"
                .to_owned(),
        });
    }
    let user = users::get(conn, tenant, user_id)?;
    if user.disabled {
        return Err(StoreError::Gone {
            code: "user_disabled",
            message: "this user is disabled; ask an Administrator".to_owned(),
        });
    }
    let purpose = if purpose == "reset" {
        Purpose::Reset
    } else {
        Purpose::Welcome
    };
    let info = LinkInfo {
        email: user.email.clone(),
        name: user.name.clone(),
        purpose,
        expires_at,
    };
    Ok((user, info))
}

impl super::Store {
    /// Issues a sign-in link for a user of `tenant`; answers when it expires.
    pub(crate) async fn issue_link(
        &self,
        tenant: i64,
        user: i64,
        purpose: Purpose,
        by: i64,
        token_hash: Vec<u8>,
    ) -> StoreResult<i64> {
        self.write(move |tx| issue(tx, tenant, user, purpose, Some(by), &token_hash))
            .await
    }

    /// What a usable link is for.
    pub(crate) async fn link(&self, token_hash: Vec<u8>) -> StoreResult<LinkInfo> {
        self.read(move |conn| usable(conn, &token_hash).map(|(_, info)| info))
            .await
    }

    /// Uses a link: sets the user's password, ends their sessions and marks the link used,
    /// in one transaction, so two tabs using the same link cannot both succeed.
    pub(crate) async fn use_link(
        &self,
        token_hash: Vec<u8>,
        password_hash: String,
    ) -> StoreResult<User> {
        self.write(move |tx| {
            let (user, _) = usable(tx, &token_hash)?;
            tx.execute(
                "UPDATE sign_in_links SET used_at = ?1 WHERE token_hash = ?2",
                params![now(), token_hash],
            )?;
            tx.execute(
                "UPDATE users SET password_hash = ?1 WHERE id = ?2",
                params![password_hash, user.id],
            )?;
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user.id])?;
            users::get(tx, user.tenant_id, user.id)
        })
        .await
    }
}
