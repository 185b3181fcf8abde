//! What a user is told about: lists assigned to them (with who assigned them and when),
//! what they have seen of it, and when their last digest email went out.

use rusqlite::{Connection, params};

use super::{StoreResult, now};

/// A list assigned to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Assignment {
    /// Its name.
    pub(crate) list_name: String,
    /// Who assigned it.
    pub(crate) by: String,
    /// Unix seconds.
    pub(crate) at: i64,
}

/// A time kept per user.
#[derive(Clone, Copy)]
enum Mark {
    /// The notifications were last opened.
    Seen,
    /// The last digest went out.
    DigestSent,
}

/// Most assignments one answer lists.
const LISTED: i64 = 20;

/// The user's assignments made after `since`, newest first.
fn assignments(
    conn: &Connection,
    tenant: i64,
    user: i64,
    since: i64,
) -> StoreResult<Vec<Assignment>> {
    let mut statement = conn.prepare_cached(
        "SELECT l.name, u.name, a.assigned_at
         FROM list_assignments a
         JOIN lists l ON l.id = a.list_id
         JOIN users u ON u.id = a.assigned_by
         WHERE a.user_id = ?1 AND l.tenant_id = ?2 AND a.assigned_at > ?3 AND a.assigned_by <> ?1
         ORDER BY a.assigned_at DESC, l.id DESC
         LIMIT ?4",
    )?;
    let rows = statement.query_map(params![user, tenant, since, LISTED], |r| {
        Ok(Assignment {
            list_name: r.get(0)?,
            by: r.get(1)?,
            at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// (notifications seen at, digest sent at) of a user, Unix seconds.
fn marks(conn: &Connection, user: i64) -> StoreResult<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT notifications_seen_at, digest_sent_at FROM users WHERE id = ?1",
        [user],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

impl super::Store {
    /// The user's assignments made after `since`, newest first (at most 20).
    pub(crate) async fn assignments_since(
        &self,
        tenant: i64,
        user: i64,
        since: i64,
    ) -> StoreResult<Vec<Assignment>> {
        self.read(move |conn| assignments(conn, tenant, user, since))
            .await
    }

    /// When the user last opened their notifications, and when their last digest went out.
    pub(crate) async fn notification_marks(&self, user: i64) -> StoreResult<(i64, i64)> {
        self.read(move |conn| marks(conn, user)).await
    }

    /// Records that the user has seen their notifications.
    pub(crate) async fn mark_notifications_seen(&self, user: i64) -> StoreResult<()> {
        self.set_mark(user, Mark::Seen).await
    }

    /// Records that a digest went out to the user.
    pub(crate) async fn mark_digest_sent(&self, user: i64) -> StoreResult<()> {
        self.set_mark(user, Mark::DigestSent).await
    }

    async fn set_mark(&self, user: i64, mark: Mark) -> StoreResult<()> {
        let sql = match mark {
            Mark::Seen => "UPDATE users SET notifications_seen_at = ?2 WHERE id = ?1",
            Mark::DigestSent => "UPDATE users SET digest_sent_at = ?2 WHERE id = ?1",
        };
        self.write(move |tx| {
            tx.execute(sql, params![user, now()])?;
            Ok(())
        })
        .await
    }
}
