//! Export history: who exported which list when, how many rows on what basis, what was
//! left out and why, and which people (by pseudonym) each export contained.

use rusqlite::{Connection, params};

use super::{StoreResult, now, pseudonym_to_sql};

/// Flags every export (of any tenant) that contained this person, so its Administrators
/// can act on a later opt-out or erasure. Returns how many exports were newly flagged.
pub(crate) fn flag_containing(conn: &Connection, pseudonym: u64, reason: &str) -> StoreResult<usize> {
    Ok(conn.execute(
        "UPDATE exports SET flagged_at = ?2, flag_reason = ?3
         WHERE flagged_at IS NULL
           AND id IN (SELECT export_id FROM export_contacts WHERE pseudonym = ?1)",
        params![pseudonym_to_sql(pseudonym), now(), reason],
    )?)
}

/// The ids of `tenant`'s exports that contained this person.
pub(crate) fn containing(conn: &Connection, tenant: i64, pseudonym: u64) -> StoreResult<Vec<i64>> {
    let mut statement = conn.prepare(
        "SELECT exports.id FROM exports
         JOIN export_contacts ON export_contacts.export_id = exports.id
         WHERE exports.tenant_id = ?1 AND export_contacts.pseudonym = ?2
         ORDER BY exports.id",
    )?;
    let ids = statement
        .query_map(params![tenant, pseudonym_to_sql(pseudonym)], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}
