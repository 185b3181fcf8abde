//! The origins each organisation allows to frame its embed views.

use rusqlite::{Connection, params};
use serde_json::json;

use super::{StoreResult, audit, now};

fn origins(conn: &Connection, tenant: i64) -> StoreResult<Vec<String>> {
    let mut statement = conn
        .prepare_cached("SELECT origin FROM embed_origins WHERE tenant_id = ?1 ORDER BY origin")?;
    let rows = statement.query_map([tenant], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl super::Store {
    /// The origins allowed to frame `tenant`'s embed views, sorted.
    pub(crate) async fn embed_origins(&self, tenant: i64) -> StoreResult<Vec<String>> {
        self.read(move |conn| origins(conn, tenant)).await
    }

    /// Replaces `tenant`'s allowed origins with `list` (already checked and distinct) and
    /// audits the change with what was added and removed.
    pub(crate) async fn set_embed_origins(
        &self,
        tenant: i64,
        user: i64,
        list: Vec<String>,
    ) -> StoreResult<Vec<String>> {
        self.write(move |tx| {
            let before = origins(tx, tenant)?;
            tx.execute("DELETE FROM embed_origins WHERE tenant_id = ?1", [tenant])?;
            let at = now();
            for origin in &list {
                tx.execute(
                    "INSERT INTO embed_origins (tenant_id, origin, added_by, added_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![tenant, origin, user, at],
                )?;
            }
            let after = origins(tx, tenant)?;
            let added: Vec<&String> = after.iter().filter(|o| !before.contains(o)).collect();
            let removed: Vec<&String> = before.iter().filter(|o| !after.contains(o)).collect();
            audit::record(
                tx,
                Some(tenant),
                Some(user),
                "embed_origins.update",
                &json!({ "added": added, "removed": removed }),
            )?;
            Ok(after)
        })
        .await
    }
}
