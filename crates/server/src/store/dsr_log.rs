//! The log of data-subject requests: what each tenant received, when each is due (one
//! calendar month after receipt, GDPR Art. 12(3)) and when it was carried out. The person
//! appears by pseudonym only.

use clearlist_engine::date::Date;
use rusqlite::{Connection, params};

use super::{StoreError, StoreResult, day_of, now, pseudonym_from_sql, pseudonym_to_sql};

/// The kinds of request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// A copy of what is held.
    Access,
    /// Deletion.
    Erasure,
    /// An objection to direct marketing.
    Objection,
}

impl Kind {
    fn slug(self) -> &'static str {
        match self {
            Kind::Access => "access",
            Kind::Erasure => "erasure",
            Kind::Objection => "objection",
        }
    }
}

/// A logged request as the API shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct LoggedRequest {
    /// Id.
    pub id: i64,
    /// `access`, `erasure` or `objection`.
    pub kind: String,
    /// The person's pseudonym, 16 hex digits.
    pub pseudonym: String,
    /// Unix seconds.
    pub received_at: i64,
    /// Unix seconds: one calendar month after receipt.
    pub due_at: i64,
    /// `open` or `completed`.
    pub status: String,
    /// Open past its due date.
    pub overdue: bool,
    /// Unix seconds.
    pub completed_at: Option<i64>,
    /// Who carried it out, by name.
    pub completed_by: Option<String>,
}

/// One calendar month after `at` (the same day of the next month, or its last day).
pub(crate) fn one_month_after(at: i64) -> i64 {
    let (year, month, day) = day_of(at).ymd();
    let (year, month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let due = (1..=day)
        .rev()
        .find_map(|day| Date::from_ymd(year, month, day))
        .unwrap_or(Date(0));
    i64::from(due.0) * 86_400 + at.rem_euclid(86_400)
}

/// Records a request received at `received_at`; open, or completed by `by` now.
pub(crate) fn record(
    conn: &Connection,
    tenant: i64,
    kind: Kind,
    pseudonym: u64,
    received_at: i64,
    by: i64,
    completed: bool,
) -> StoreResult<i64> {
    if received_at > now() + 86_400 {
        return Err(StoreError::Conflict(
            "a request cannot be received in the future".to_owned(),
        ));
    }
    conn.execute(
        "INSERT INTO dsr_requests (tenant_id, kind, pseudonym, received_at, due_at, status,
             recorded_by, completed_at, completed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            tenant,
            kind.slug(),
            pseudonym_to_sql(pseudonym),
            received_at,
            one_month_after(received_at),
            if completed { "completed" } else { "open" },
            by,
            completed.then(now),
            completed.then_some(by),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Completes the tenant's open requests of this kind about this person, or, when there
/// are none, records one received `received_at` and completed now.
pub(crate) fn complete(
    conn: &Connection,
    tenant: i64,
    kind: Kind,
    pseudonym: u64,
    received_at: i64,
    by: i64,
) -> StoreResult<()> {
    let completed = conn.execute(
        "UPDATE dsr_requests SET status = 'completed', completed_at = ?1, completed_by = ?2
         WHERE tenant_id = ?3 AND kind = ?4 AND pseudonym = ?5 AND status = 'open'",
        params![now(), by, tenant, kind.slug(), pseudonym_to_sql(pseudonym)],
    )?;
    if completed == 0 {
        record(conn, tenant, kind, pseudonym, received_at, by, true)?;
    }
    Ok(())
}

impl super::Store {
    /// Records a request as received and open.
    pub(crate) async fn record_dsr(
        &self,
        tenant: i64,
        kind: Kind,
        pseudonym: u64,
        received_at: i64,
        by: i64,
    ) -> StoreResult<i64> {
        self.write(move |tx| {
            let id = record(tx, tenant, kind, pseudonym, received_at, by, false)?;
            super::audit::record(
                tx,
                Some(tenant),
                Some(by),
                "dsr.received",
                &serde_json::json!({
                    "kind": kind,
                    "pseudonym": crate::pseudonym_text::format(pseudonym),
                    "request": id,
                }),
            )?;
            Ok(id)
        })
        .await
    }

    /// The tenant's requests, the most recently logged first.
    pub(crate) async fn dsr_requests(&self, tenant: i64) -> StoreResult<Vec<LoggedRequest>> {
        self.read(move |conn| {
            let mut statement = conn.prepare(
                "SELECT dsr_requests.id, kind, pseudonym, received_at, due_at, status,
                        completed_at, users.name
                 FROM dsr_requests LEFT JOIN users ON users.id = completed_by
                 WHERE dsr_requests.tenant_id = ?1
                 ORDER BY dsr_requests.id DESC",
            )?;
            let at = now();
            let rows = statement
                .query_map([tenant], |r| {
                    let status: String = r.get(5)?;
                    let due_at: i64 = r.get(4)?;
                    Ok(LoggedRequest {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        pseudonym: crate::pseudonym_text::format(pseudonym_from_sql(r.get(2)?)),
                        received_at: r.get(3)?,
                        due_at,
                        overdue: status == "open" && due_at < at,
                        status,
                        completed_at: r.get(6)?,
                        completed_by: r.get(7)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(year: i32, month: u32, day: u32) -> i64 {
        i64::from(Date::from_ymd(year, month, day).unwrap().0) * 86_400 + 3_600
    }

    #[test]
    fn a_month_later_is_the_same_day_or_the_month_s_last() {
        assert_eq!(one_month_after(at(2026, 12, 4)), at(2027, 1, 4));
        assert_eq!(one_month_after(at(2026, 1, 31)), at(2026, 2, 28));
        assert_eq!(one_month_after(at(2028, 1, 30)), at(2028, 2, 29));
        assert_eq!(one_month_after(at(2026, 3, 15)), at(2026, 4, 15));
    }
}
