//! Quotas per user over a time window (exports and data-subject requests per UTC day, PRF
//! evaluations per day and per minute, writes of stored objects per minute), counted in the database so
//! they hold across restarts and across server processes sharing it.

use rusqlite::{Connection, params};

use super::{StoreError, StoreResult, now};

/// What a quota counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quota {
    /// Exports run, per day.
    Exports,
    /// Oblivious PRF elements evaluated, per day.
    PrfEvaluations,
    /// Oblivious PRF elements evaluated, per minute: the burst a dictionary probe needs.
    PrfBurst,
    /// Data-subject requests handled, per day.
    DataSubjectRequests,
    /// Writes of stored objects (lists, snapshots, searches, suppression lists), per
    /// minute: what keeps one session from filling the database in a loop.
    StoredWrites,
}

/// The length of a quota's window, in seconds. Windows are aligned to the Unix epoch, so
/// a day is a UTC day.
const DAY: i64 = 86_400;
const MINUTE: i64 = 60;

impl Quota {
    fn slug(self) -> &'static str {
        match self {
            Quota::Exports => "exports",
            Quota::PrfEvaluations => "prf",
            Quota::PrfBurst => "prf-minute",
            Quota::DataSubjectRequests => "dsr",
            Quota::StoredWrites => "writes",
        }
    }

    fn window(self) -> i64 {
        match self {
            Quota::Exports | Quota::PrfEvaluations | Quota::DataSubjectRequests => DAY,
            Quota::StoredWrites | Quota::PrfBurst => MINUTE,
        }
    }
}

/// A quota refused a charge: nothing was counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    /// Seconds until the window ends and the allowance renews (at least 1).
    pub(crate) retry_after: u64,
}

impl Refused {
    /// The store error for this refusal, with the message the person will read.
    pub(crate) fn into_error(self, message: String) -> StoreError {
        StoreError::QuotaExceeded {
            message,
            retry_after: self.retry_after,
        }
    }
}

/// Adds `amount` to the current window's count if the total stays within `limit`. Run it
/// inside the transaction of the work it pays for, so a refused or failed request costs
/// nothing.
pub(crate) fn consume(
    conn: &Connection,
    user: i64,
    quota: Quota,
    amount: u64,
    limit: u64,
) -> StoreResult<Result<(), Refused>> {
    let at = now();
    let window = quota.window();
    let period = at.div_euclid(window);
    let used: i64 = conn
        .query_row(
            "SELECT count FROM usage WHERE user_id = ?1 AND period = ?2 AND kind = ?3",
            params![user, period, quota.slug()],
            |r| r.get(0),
        )
        .or_else(|err| match err {
            rusqlite::Error::QueryReturnedNoRows => Ok(0),
            other => Err(other),
        })?;
    let used = u64::try_from(used).unwrap_or(0);
    if used.saturating_add(amount) > limit {
        let retry_after = (period + 1) * window - at;
        return Ok(Err(Refused {
            retry_after: u64::try_from(retry_after).unwrap_or(1).max(1),
        }));
    }
    if window < DAY {
        // Short windows leave a row a minute behind: keep only the current one.
        conn.execute(
            "DELETE FROM usage WHERE user_id = ?1 AND kind = ?2 AND period < ?3",
            params![user, quota.slug(), period],
        )?;
    }
    let amount = i64::try_from(amount).unwrap_or(i64::MAX);
    conn.execute(
        "INSERT INTO usage (user_id, period, kind, count) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id, period, kind) DO UPDATE SET count = count + ?4",
        params![user, period, quota.slug(), amount],
    )?;
    Ok(Ok(()))
}

/// One user's use of the oblivious PRF: elements evaluated today (UTC) and over the last
/// seven days, today included.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct PrfUse {
    /// The user.
    pub(crate) user_id: i64,
    /// Elements evaluated today.
    pub(crate) today: i64,
    /// Elements evaluated in the last seven days.
    pub(crate) last_7_days: i64,
}

impl super::Store {
    /// Every user of `tenant` with their use of the oblivious PRF, most used today first.
    pub(crate) async fn prf_use(&self, tenant: i64) -> StoreResult<Vec<PrfUse>> {
        self.read(move |conn| {
            let today = now().div_euclid(DAY);
            let mut statement = conn.prepare_cached(
                "SELECT u.id,
                        coalesce(sum(CASE WHEN g.period = ?2 THEN g.count END), 0),
                        coalesce(sum(g.count), 0)
                 FROM users u
                 LEFT JOIN usage g ON g.user_id = u.id AND g.kind = ?3 AND g.period > ?2 - 7
                 WHERE u.tenant_id = ?1
                 GROUP BY u.id
                 ORDER BY 2 DESC, 3 DESC, u.id",
            )?;
            let rows =
                statement.query_map(params![tenant, today, Quota::PrfEvaluations.slug()], |r| {
                    Ok(PrfUse {
                        user_id: r.get(0)?,
                        today: r.get(1)?,
                        last_7_days: r.get(2)?,
                    })
                })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }
}
