//! Daily quotas per user (exports, PRF evaluations), counted in the database so they hold
//! across restarts and across server processes sharing the file.

use rusqlite::{Connection, params};

use super::{StoreResult, now};

/// What a quota counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quota {
    /// Exports run.
    Exports,
    /// Oblivious PRF elements evaluated.
    PrfEvaluations,
    /// Data-subject requests handled.
    DataSubjectRequests,
}

impl Quota {
    fn slug(self) -> &'static str {
        match self {
            Quota::Exports => "exports",
            Quota::PrfEvaluations => "prf",
            Quota::DataSubjectRequests => "dsr",
        }
    }
}

/// The current UTC day number.
fn today() -> i64 {
    now().div_euclid(86_400)
}

/// Adds `amount` to today's count if the total stays within `limit`; returns whether it
/// did. Run it inside the transaction of the work it pays for, so a refused or failed
/// request costs nothing.
pub(crate) fn consume(
    conn: &Connection,
    user: i64,
    quota: Quota,
    amount: u64,
    limit: u64,
) -> StoreResult<bool> {
    let day = today();
    let used: i64 = conn
        .query_row(
            "SELECT count FROM usage WHERE user_id = ?1 AND day = ?2 AND kind = ?3",
            params![user, day, quota.slug()],
            |r| r.get(0),
        )
        .or_else(|err| match err {
            rusqlite::Error::QueryReturnedNoRows => Ok(0),
            other => Err(other),
        })?;
    let used = u64::try_from(used).unwrap_or(0);
    if used.saturating_add(amount) > limit {
        return Ok(false);
    }
    let amount = i64::try_from(amount).unwrap_or(i64::MAX);
    conn.execute(
        "INSERT INTO usage (user_id, day, kind, count) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id, day, kind) DO UPDATE SET count = count + ?4",
        params![user, day, quota.slug(), amount],
    )?;
    Ok(true)
}
