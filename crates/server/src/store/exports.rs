//! Export history: who exported which list when, how many rows on what basis, what was
//! left out and why, and which people (by pseudonym) each export contained.

use rusqlite::{Connection, params};

use super::{StoreResult, now, pseudonym_to_sql};

/// Flags every export (of any tenant) that contained this person, so its Administrators
/// can act on a later opt-out or erasure. Returns how many exports were newly flagged.
pub(crate) fn flag_containing(
    conn: &Connection,
    pseudonym: u64,
    reason: &str,
) -> StoreResult<usize> {
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

/// An export about to be sent, as the history records it.
#[derive(Clone, Debug)]
pub(crate) struct NewExport {
    /// Tenant.
    pub(crate) tenant: i64,
    /// The Administrator exporting.
    pub(crate) user: i64,
    /// The list.
    pub(crate) list_id: i64,
    /// Its name at export time.
    pub(crate) list_name: String,
    /// The canonical definition that was run.
    pub(crate) definition: String,
    /// The dataset version it ran on.
    pub(crate) dataset_version: String,
    /// Left-out contacts by reason.
    pub(crate) excluded: serde_json::Value,
    /// Exported rows by lawful basis.
    pub(crate) bases: serde_json::Value,
    /// The pseudonyms of the exported people.
    pub(crate) pseudonyms: Vec<u64>,
}

/// Records an export in the caller's transaction and returns its id.
fn record(conn: &Connection, export: &NewExport) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO exports (tenant_id, user_id, list_id, list_name, definition, dataset_version,
             created_at, rows, excluded, bases)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            export.tenant,
            export.user,
            export.list_id,
            export.list_name,
            export.definition,
            export.dataset_version,
            now(),
            i64::try_from(export.pseudonyms.len()).unwrap_or(i64::MAX),
            export.excluded.to_string(),
            export.bases.to_string(),
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut insert = conn
        .prepare("INSERT OR IGNORE INTO export_contacts (export_id, pseudonym) VALUES (?1, ?2)")?;
    for &pseudonym in &export.pseudonyms {
        insert.execute(params![id, pseudonym_to_sql(pseudonym)])?;
    }
    Ok(id)
}

/// An export as the history shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct ExportRecord {
    /// Id.
    pub id: i64,
    /// Who exported.
    pub user_id: i64,
    /// The list, unless deleted since.
    pub list_id: Option<i64>,
    /// The list's name at export time.
    pub list_name: String,
    /// The definition that was run.
    pub definition: String,
    /// The dataset version it ran on.
    pub dataset_version: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Contacts exported.
    pub rows: i64,
    /// Contacts left out, by reason.
    pub excluded: serde_json::Value,
    /// Contacts exported, by lawful basis.
    pub bases: serde_json::Value,
    /// When a person in it later opted out or was erased.
    pub flagged_at: Option<i64>,
    /// Why it was flagged.
    pub flag_reason: Option<String>,
}

const EXPORT_COLUMNS: &str = "id, user_id, list_id, list_name, definition, dataset_version, \
     created_at, rows, excluded, bases, flagged_at, flag_reason";

fn export_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ExportRecord> {
    let json = |i: usize| -> rusqlite::Result<serde_json::Value> {
        Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or(serde_json::Value::Null))
    };
    Ok(ExportRecord {
        id: r.get(0)?,
        user_id: r.get(1)?,
        list_id: r.get(2)?,
        list_name: r.get(3)?,
        definition: r.get(4)?,
        dataset_version: r.get(5)?,
        created_at: r.get(6)?,
        rows: r.get(7)?,
        excluded: json(8)?,
        bases: json(9)?,
        flagged_at: r.get(10)?,
        flag_reason: r.get(11)?,
    })
}

/// What deciding an export's contents needs from the store.
#[derive(Debug)]
pub(crate) struct ExportInputs {
    /// The contacts at the list's accounts, in list order.
    pub(crate) contacts: Vec<super::vault::VaultContact>,
    /// The tenant's email rules in force.
    pub(crate) rules: crate::email_rules::EmailRules,
}

impl super::Store {
    /// The name and definition of a list, for exporting it.
    pub(crate) async fn list_for_export(
        &self,
        tenant: i64,
        list: i64,
    ) -> StoreResult<(String, String)> {
        self.read(move |conn| list_for_export(conn, tenant, list))
            .await
    }

    /// The vault records and rules an export of these accounts depends on, read in one
    /// snapshot.
    pub(crate) async fn export_inputs(
        &self,
        tenant: i64,
        account_ids: Vec<u32>,
    ) -> StoreResult<ExportInputs> {
        self.read(move |conn| {
            Ok(ExportInputs {
                contacts: super::vault::contacts_at(conn, &account_ids)?,
                rules: super::rules::in_force(conn, tenant)?,
            })
        })
        .await
    }

    /// Records an export, the people in it and its audit entry in one transaction, after
    /// charging the user's daily quota. Nothing is written when any step fails.
    pub(crate) async fn record_export(
        &self,
        export: NewExport,
        daily_limit: u64,
    ) -> StoreResult<i64> {
        self.write(move |tx| {
            super::usage::consume(
                tx,
                export.user,
                super::usage::Quota::Exports,
                1,
                daily_limit,
            )?
            .map_err(|refused| {
                refused.into_error(format!(
                    "you have used today's {daily_limit} exports; more tomorrow (UTC)"
                ))
            })?;
            let id = record(tx, &export)?;
            super::audit::record(
                tx,
                Some(export.tenant),
                Some(export.user),
                "export",
                &serde_json::json!({
                    "export": id,
                    "list": export.list_id,
                    "rows": export.pseudonyms.len(),
                    "excluded": export.excluded,
                    "bases": export.bases,
                    "dataset_version": export.dataset_version,
                }),
            )?;
            Ok(id)
        })
        .await
    }

    /// A tenant's exports, newest first.
    pub(crate) async fn exports(&self, tenant: i64) -> StoreResult<Vec<ExportRecord>> {
        self.read(move |conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {EXPORT_COLUMNS} FROM exports WHERE tenant_id = ?1 ORDER BY id DESC"
            ))?;
            let rows = statement
                .query_map([tenant], export_row)?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    /// One export of a tenant.
    pub(crate) async fn export(&self, tenant: i64, id: i64) -> StoreResult<ExportRecord> {
        use super::OptionalRow as _;
        self.read(move |conn| {
            conn.query_row(
                &format!("SELECT {EXPORT_COLUMNS} FROM exports WHERE tenant_id = ?1 AND id = ?2"),
                [tenant, id],
                export_row,
            )
            .found()
        })
        .await
    }
}

/// The name and definition of a list of `tenant`, for exporting it.
fn list_for_export(conn: &Connection, tenant: i64, list: i64) -> StoreResult<(String, String)> {
    use super::OptionalRow as _;
    conn.query_row(
        "SELECT name, definition FROM lists WHERE id = ?1 AND tenant_id = ?2",
        [list, tenant],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .found()
}
