//! Limits on what users and organisations keep: how many lists, saved searches and
//! suppression lists each user and each organisation may hold, how many account ids their
//! snapshots and baselines may hold together, how many suppression entries, and how many
//! writes of stored objects one user may make per minute.
//!
//! Every check runs inside the transaction of the write it guards (`BEGIN IMMEDIATE`
//! serialises writers), so concurrent requests cannot slip past a limit together. A full
//! store is refused with [`StoreError::LimitReached`] (409: delete something first); a
//! burst of writes with [`StoreError::QuotaExceeded`] (429 with `Retry-After`).

use rusqlite::Connection;

use super::usage::{self, Quota};
use super::{StoreError, StoreResult};

/// What one user and one organisation may keep, and how fast they may write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageLimits {
    /// Saved lists one user may own (their saved accounts list is one of them).
    pub lists_per_user: u64,
    /// Saved lists of one organisation.
    pub lists_per_tenant: u64,
    /// Saved searches one user may keep.
    pub searches_per_user: u64,
    /// Saved searches of one organisation.
    pub searches_per_tenant: u64,
    /// Suppression lists one user may create.
    pub suppression_lists_per_user: u64,
    /// Suppression lists of one organisation.
    pub suppression_lists_per_tenant: u64,
    /// Pseudonyms and domains on all of an organisation's suppression lists together.
    pub suppression_entries_per_tenant: u64,
    /// Account ids held by an organisation's list snapshots and search baselines together
    /// (about 7 bytes each as stored).
    pub stored_accounts_per_tenant: u64,
    /// Writes of lists, snapshots, searches and suppression lists one user may make per
    /// minute (deletions are free).
    pub writes_per_minute: u64,
}

impl Default for StorageLimits {
    fn default() -> Self {
        StorageLimits {
            lists_per_user: 500,
            lists_per_tenant: 5_000,
            searches_per_user: 100,
            searches_per_tenant: 1_000,
            suppression_lists_per_user: 50,
            suppression_lists_per_tenant: 200,
            suppression_entries_per_tenant: 2_000_000,
            stored_accounts_per_tenant: 25_000_000,
            writes_per_minute: 60,
        }
    }
}

/// A kind of stored object with a count limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kept {
    /// Saved lists.
    Lists,
    /// Saved searches.
    Searches,
    /// Suppression lists.
    SuppressionLists,
}

impl Kept {
    fn noun(self) -> &'static str {
        match self {
            Kept::Lists => "saved lists",
            Kept::Searches => "saved searches",
            Kept::SuppressionLists => "suppression lists",
        }
    }

    /// The count per user (`?1` tenant, `?2` user) and per organisation (`?1`).
    fn counts(self) -> (&'static str, &'static str) {
        match self {
            Kept::Lists => (
                "SELECT count(*) FROM lists WHERE tenant_id = ?1 AND owner_id = ?2",
                "SELECT count(*) FROM lists WHERE tenant_id = ?1",
            ),
            Kept::Searches => (
                "SELECT count(*) FROM searches WHERE tenant_id = ?1 AND owner_id = ?2",
                "SELECT count(*) FROM searches WHERE tenant_id = ?1",
            ),
            Kept::SuppressionLists => (
                "SELECT count(*) FROM suppression_lists WHERE tenant_id = ?1 AND created_by = ?2",
                "SELECT count(*) FROM suppression_lists WHERE tenant_id = ?1",
            ),
        }
    }

    fn limits(self, limits: &StorageLimits) -> (u64, u64) {
        match self {
            Kept::Lists => (limits.lists_per_user, limits.lists_per_tenant),
            Kept::Searches => (limits.searches_per_user, limits.searches_per_tenant),
            Kept::SuppressionLists => (
                limits.suppression_lists_per_user,
                limits.suppression_lists_per_tenant,
            ),
        }
    }
}

/// Refuses a new object of `kind` when `user` or their organisation holds the most it may.
pub(crate) fn room_for(
    conn: &Connection,
    limits: &StorageLimits,
    kind: Kept,
    tenant: i64,
    user: i64,
) -> StoreResult<()> {
    let (per_user_sql, per_tenant_sql) = kind.counts();
    let (per_user, per_tenant) = kind.limits(limits);
    let mine = count(conn.query_row(per_user_sql, [tenant, user], |r| r.get(0))?);
    if mine >= per_user {
        return Err(StoreError::LimitReached(format!(
            "you keep {mine} {}, the most one user may; delete some to save another",
            kind.noun()
        )));
    }
    let ours = count(conn.query_row(per_tenant_sql, [tenant], |r| r.get(0))?);
    if ours >= per_tenant {
        return Err(StoreError::LimitReached(format!(
            "your organisation keeps {ours} {}, the most it may; delete some to save another",
            kind.noun()
        )));
    }
    Ok(())
}

/// Refuses to store `added` account ids in place of `removed` ones when the organisation's
/// snapshots and baselines would then hold more than their budget.
pub(crate) fn room_for_accounts(
    conn: &Connection,
    limits: &StorageLimits,
    tenant: i64,
    added: usize,
    removed: u64,
) -> StoreResult<()> {
    let held = count(conn.query_row(
        "SELECT (SELECT coalesce(sum(snapshot_size), 0) FROM lists WHERE tenant_id = ?1)
              + (SELECT coalesce(sum(baseline_size), 0) FROM searches WHERE tenant_id = ?1)",
        [tenant],
        |r| r.get(0),
    )?);
    let after = held.saturating_sub(removed).saturating_add(as_u64(added));
    if after > limits.stored_accounts_per_tenant && after > held {
        return Err(StoreError::LimitReached(format!(
            "this would bring your organisation's list snapshots and search baselines to \
             {after} accounts, above the {} it may keep; delete lists or searches it no \
             longer needs",
            limits.stored_accounts_per_tenant
        )));
    }
    Ok(())
}

/// Refuses `added` suppression entries when the organisation's lists would then hold more
/// than their budget.
pub(crate) fn room_for_entries(
    conn: &Connection,
    limits: &StorageLimits,
    tenant: i64,
    added: usize,
) -> StoreResult<()> {
    let held = count(conn.query_row(
        "SELECT (SELECT count(*) FROM suppression_pseudonyms p
                   JOIN suppression_lists l ON l.id = p.list_id WHERE l.tenant_id = ?1)
              + (SELECT count(*) FROM suppression_domains d
                   JOIN suppression_lists l ON l.id = d.list_id WHERE l.tenant_id = ?1)",
        [tenant],
        |r| r.get(0),
    )?);
    let after = held.saturating_add(as_u64(added));
    if after > limits.suppression_entries_per_tenant {
        return Err(StoreError::LimitReached(format!(
            "your organisation's suppression lists hold {held} entries; {added} more would \
             pass the {} it may keep; delete a list it no longer needs",
            limits.suppression_entries_per_tenant
        )));
    }
    Ok(())
}

/// Charges one write to `user`'s allowance for this minute.
pub(crate) fn charge_write(
    conn: &Connection,
    limits: &StorageLimits,
    user: i64,
) -> StoreResult<()> {
    usage::consume(conn, user, Quota::StoredWrites, 1, limits.writes_per_minute)?.map_err(
        |refused| {
            refused.into_error(format!(
                "you have saved {} changes this minute, the most one user may; try again in \
                 {} s",
                limits.writes_per_minute, refused.retry_after
            ))
        },
    )
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn as_u64(value: usize) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}
