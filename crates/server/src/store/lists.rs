//! Saved lists: definitions (canonical list URLs), snapshots of their account ids,
//! sharing and assignment.

use rusqlite::{Connection, params};

use super::{StoreError, StoreResult};

/// The snapshots of those of `ids` that are lists of `tenant`: `(list id, account ids)`.
/// Ids of other tenants' lists, of missing lists, or of lists without a snapshot are left
/// out, so a query naming them fails as "unknown list".
pub(crate) fn snapshots(
    conn: &Connection,
    tenant: i64,
    ids: &[i64],
) -> StoreResult<Vec<(i64, Vec<u32>)>> {
    let mut statement = conn.prepare(
        "SELECT id, snapshot FROM lists WHERE id = ?1 AND tenant_id = ?2 AND snapshot IS NOT NULL",
    )?;
    let mut found = Vec::new();
    for &id in ids {
        let mut rows = statement.query(params![id, tenant])?;
        if let Some(row) = rows.next()? {
            let text: String = row.get(1)?;
            let accounts: Vec<u32> = serde_json::from_str(&text)
                .map_err(|err| StoreError::Corrupt(format!("snapshot of list {id}: {err}")))?;
            found.push((row.get(0)?, accounts));
        }
    }
    Ok(found)
}
