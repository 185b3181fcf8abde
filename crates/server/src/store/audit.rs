//! The audit log: append-only, one row per security-relevant action. Details are JSON and
//! never hold an email address or a person's name (pseudonyms and ids only).

use rusqlite::{Connection, params};
use serde_json::Value;

use super::{StoreResult, now};

/// An audit entry as the API shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct AuditEntry {
    /// Id (increasing).
    pub id: i64,
    /// Acting user, if any.
    pub user_id: Option<i64>,
    /// Their name now (null for the system, or a user since removed).
    pub user_name: Option<String>,
    /// Unix seconds.
    pub at: i64,
    /// What happened (`export`, `login`, `user.update`, ...).
    pub action: String,
    /// Details.
    pub detail: Value,
}

/// Appends an entry, in the caller's transaction.
pub(crate) fn record(
    conn: &Connection,
    tenant: Option<i64>,
    user: Option<i64>,
    action: &str,
    detail: &Value,
) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO audit_log (tenant_id, user_id, at, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![tenant, user, now(), action, detail.to_string()],
    )?;
    Ok(conn.last_insert_rowid())
}

impl super::Store {
    /// Appends an entry in its own transaction.
    pub(crate) async fn audit(
        &self,
        tenant: Option<i64>,
        user: Option<i64>,
        action: &'static str,
        detail: Value,
    ) -> StoreResult<i64> {
        self.write(move |tx| record(tx, tenant, user, action, &detail))
            .await
    }

    /// A tenant's entries matching `filter`, newest first, at most `limit`.
    pub(crate) async fn audit_log(
        &self,
        tenant: i64,
        filter: AuditFilter,
        limit: u32,
    ) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |conn| entries(conn, tenant, &filter, limit))
            .await
    }

    /// The actions a tenant's log holds, for filtering by them.
    pub(crate) async fn audit_actions(&self, tenant: i64) -> StoreResult<Vec<String>> {
        self.read(move |conn| {
            let mut statement = conn.prepare(
                "SELECT DISTINCT action FROM audit_log WHERE tenant_id = ?1 ORDER BY action",
            )?;
            let rows = statement
                .query_map([tenant], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }
}

/// Which entries to read; `None` leaves a criterion out.
#[derive(Clone, Debug, Default)]
pub(crate) struct AuditFilter {
    /// The acting user.
    pub actor: Option<i64>,
    /// The action, exactly.
    pub action: Option<String>,
    /// From this Unix second on.
    pub from: Option<i64>,
    /// Before this Unix second.
    pub until: Option<i64>,
    /// Entries older than this id (the next page).
    pub before: Option<i64>,
}

fn entries(
    conn: &Connection,
    tenant: i64,
    filter: &AuditFilter,
    limit: u32,
) -> StoreResult<Vec<AuditEntry>> {
    // Each criterion is a fixed clause that holds when its parameter is NULL, so the
    // statement stays one prepared text.
    let mut statement = conn.prepare_cached(
        "SELECT audit_log.id, user_id, users.name, at, action, detail FROM audit_log
         LEFT JOIN users ON users.id = audit_log.user_id
         WHERE audit_log.tenant_id = ?1
           AND (?2 IS NULL OR user_id = ?2)
           AND (?3 IS NULL OR action = ?3)
           AND (?4 IS NULL OR at >= ?4)
           AND (?5 IS NULL OR at < ?5)
           AND (?6 IS NULL OR audit_log.id < ?6)
         ORDER BY audit_log.id DESC LIMIT ?7",
    )?;
    let rows = statement
        .query_map(
            params![
                tenant,
                filter.actor,
                filter.action,
                filter.from,
                filter.until,
                filter.before,
                limit
            ],
            |r| {
                let detail: String = r.get(5)?;
                Ok(AuditEntry {
                    id: r.get(0)?,
                    user_id: r.get(1)?,
                    user_name: r.get(2)?,
                    at: r.get(3)?,
                    action: r.get(4)?,
                    detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
                })
            },
        )?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}
