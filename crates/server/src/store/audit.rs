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

    /// A tenant's most recent entries, newest first.
    pub(crate) async fn audit_log(&self, tenant: i64, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |conn| {
            let mut statement = conn.prepare(
                "SELECT id, user_id, at, action, detail FROM audit_log
                 WHERE tenant_id = ?1 ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = statement
                .query_map(params![tenant, limit], |r| {
                    let detail: String = r.get(4)?;
                    Ok(AuditEntry {
                        id: r.get(0)?,
                        user_id: r.get(1)?,
                        at: r.get(2)?,
                        action: r.get(3)?,
                        detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }
}
