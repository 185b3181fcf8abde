//! Saved searches: a user's own list definitions with an alert baseline (the account ids
//! that matched, and the dataset version they matched on).
//!
//! A search belongs to the user who saved it: every function is scoped to the tenant and
//! the owner, so anyone else's search is as missing as one that never existed.

use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use super::quota::{self, Kept, StorageLimits};
use super::{OptionalRow as _, StoreError, StoreResult, now};

/// A saved search as the API shows it (the baseline's ids stay on the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct SearchRecord {
    /// Id.
    pub(crate) id: i64,
    /// Display name, 1 to 100 characters.
    pub(crate) name: String,
    /// Canonical list URL (without `#`).
    pub(crate) definition: String,
    /// Whether the owner wants to hear about new matches.
    pub(crate) alerts: bool,
    /// What the alerts compare against, if a baseline was taken.
    pub(crate) baseline: Option<BaselineInfo>,
    /// Unix seconds.
    pub(crate) created_at: i64,
    /// Unix seconds of the last change (name, alerts flag, baseline).
    pub(crate) updated_at: i64,
}

/// The size and dataset version of a search's baseline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct BaselineInfo {
    /// Accounts that matched.
    pub(crate) accounts: u64,
    /// Contacts that matched, for a search with contact clauses.
    pub(crate) contacts: Option<u64>,
    /// The dataset version they matched on.
    pub(crate) dataset_version: String,
}

/// A search's definition and full baseline, for computing alerts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Baseline {
    /// Canonical list URL.
    pub(crate) definition: String,
    /// The dataset version of `account_ids`; `None` if no baseline was ever taken.
    pub(crate) version: Option<String>,
    /// The account ids that matched, ascending.
    pub(crate) account_ids: Vec<u32>,
    /// The pseudonyms of the contacts that matched, ascending, for a search with contact
    /// clauses.
    pub(crate) contacts: Option<Vec<u64>>,
}

/// A new search, validated by the caller.
#[derive(Clone, Debug)]
pub(crate) struct NewSearch {
    /// Display name, trimmed.
    pub(crate) name: String,
    /// Canonical list URL.
    pub(crate) definition: String,
    /// Alerts wanted.
    pub(crate) alerts: bool,
    /// The dataset version `matches` was computed on.
    pub(crate) version: String,
    /// The matches.
    pub(crate) matches: Matches,
}

/// What a search matched: account ids (any order) and, with contact clauses, the
/// pseudonyms of the matching contacts.
#[derive(Clone, Debug, Default)]
pub(crate) struct Matches {
    /// Matching account ids.
    pub(crate) accounts: Vec<u32>,
    /// Matching contacts' pseudonyms, for a search with contact clauses.
    pub(crate) contacts: Option<Vec<u64>>,
}

impl Matches {
    /// Ids the baseline keeps: accounts and contacts (the storage budget's unit).
    fn stored_ids(&self) -> usize {
        self.accounts.len() + self.contacts.as_ref().map_or(0, Vec::len)
    }
}

/// A change of name or alerts flag; `None` leaves it as it is.
#[derive(Clone, Debug, Default)]
pub(crate) struct SearchChange {
    /// New display name, trimmed.
    pub(crate) name: Option<String>,
    /// Turn alerts on or off.
    pub(crate) alerts: Option<bool>,
}

const SEARCH_SELECT: &str = "SELECT id, name, definition, alerts, json_array_length(baseline),
        baseline_version, created_at, updated_at, json_array_length(baseline_contacts)
     FROM searches";

fn search_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SearchRecord> {
    let accounts: Option<i64> = r.get(4)?;
    let version: Option<String> = r.get(5)?;
    let contacts: Option<i64> = r.get(8)?;
    Ok(SearchRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        definition: r.get(2)?,
        alerts: r.get(3)?,
        baseline: accounts
            .zip(version)
            .map(|(accounts, dataset_version)| BaselineInfo {
                accounts: u64::try_from(accounts).unwrap_or(0),
                contacts: contacts.map(|n| u64::try_from(n).unwrap_or(0)),
                dataset_version,
            }),
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

/// The owner's searches, by name.
pub(crate) fn all(conn: &Connection, tenant: i64, owner: i64) -> StoreResult<Vec<SearchRecord>> {
    let mut statement = conn.prepare(&format!(
        "{SEARCH_SELECT} WHERE tenant_id = ?1 AND owner_id = ?2 ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = statement
        .query_map([tenant, owner], search_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// One search of the owner; [`StoreError::NotFound`] otherwise.
pub(crate) fn get(
    conn: &Connection,
    tenant: i64,
    owner: i64,
    id: i64,
) -> StoreResult<SearchRecord> {
    conn.query_row(
        &format!("{SEARCH_SELECT} WHERE tenant_id = ?1 AND owner_id = ?2 AND id = ?3"),
        [tenant, owner, id],
        search_row,
    )
    .found()
}

/// The definition and baseline of a search of the owner.
pub(crate) fn baseline(
    conn: &Connection,
    tenant: i64,
    owner: i64,
    id: i64,
) -> StoreResult<Baseline> {
    let (definition, version, text, contacts): (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = conn
        .query_row(
            "SELECT definition, baseline_version, baseline, baseline_contacts FROM searches
             WHERE tenant_id = ?1 AND owner_id = ?2 AND id = ?3",
            [tenant, owner, id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .found()?;
    let corrupt =
        |err: serde_json::Error| StoreError::Corrupt(format!("baseline of search {id}: {err}"));
    // A version without ids (or ids without a version) is no usable baseline.
    let (version, account_ids) = match (version, text) {
        (Some(version), Some(text)) => {
            (Some(version), serde_json::from_str(&text).map_err(corrupt)?)
        }
        _ => (None, Vec::new()),
    };
    let contacts = match contacts {
        Some(text) => Some(pseudonyms_from_json(&text).map_err(corrupt)?),
        None => None,
    };
    Ok(Baseline {
        definition,
        version,
        account_ids,
        contacts,
    })
}

/// Saves a search with its baseline, if the owner and the organisation have room for it.
pub(crate) fn create(
    tx: &Transaction<'_>,
    limits: &StorageLimits,
    tenant: i64,
    owner: i64,
    search: &NewSearch,
) -> StoreResult<SearchRecord> {
    quota::charge_write(tx, limits, owner)?;
    quota::room_for(tx, limits, Kept::Searches, tenant, owner)?;
    let matches = &search.matches;
    quota::room_for_accounts(tx, limits, tenant, matches.stored_ids(), 0)?;
    let at = now();
    tx.execute(
        "INSERT INTO searches (tenant_id, owner_id, name, definition, alerts, baseline_version,
             baseline, baseline_contacts, baseline_size, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            tenant,
            owner,
            search.name,
            search.definition,
            search.alerts,
            search.version,
            baseline_json(&baseline_ids(&matches.accounts))?,
            matches.contacts.as_deref().map(pseudonyms_json),
            matches.stored_ids(),
            at
        ],
    )?;
    get(tx, tenant, owner, tx.last_insert_rowid())
}

/// Renames a search or turns its alerts on or off.
pub(crate) fn change(
    tx: &Transaction<'_>,
    limits: &StorageLimits,
    tenant: i64,
    owner: i64,
    id: i64,
    change: &SearchChange,
) -> StoreResult<SearchRecord> {
    get(tx, tenant, owner, id)?;
    quota::charge_write(tx, limits, owner)?;
    let at = now();
    if let Some(name) = &change.name {
        tx.execute(
            "UPDATE searches SET name = ?1, updated_at = ?2 WHERE id = ?3",
            params![name, at, id],
        )?;
    }
    if let Some(alerts) = change.alerts {
        tx.execute(
            "UPDATE searches SET alerts = ?1, updated_at = ?2 WHERE id = ?3",
            params![alerts, at, id],
        )?;
    }
    get(tx, tenant, owner, id)
}

/// Replaces a search's baseline with `matches` on dataset `version`.
pub(crate) fn set_baseline(
    tx: &Transaction<'_>,
    limits: &StorageLimits,
    tenant: i64,
    owner: i64,
    id: i64,
    version: &str,
    matches: &Matches,
) -> StoreResult<SearchRecord> {
    get(tx, tenant, owner, id)?;
    quota::charge_write(tx, limits, owner)?;
    let held: i64 = tx.query_row(
        "SELECT baseline_size FROM searches WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    quota::room_for_accounts(
        tx,
        limits,
        tenant,
        matches.stored_ids(),
        u64::try_from(held).unwrap_or(0),
    )?;
    tx.execute(
        "UPDATE searches SET baseline_version = ?1, baseline = ?2, baseline_contacts = ?3,
             baseline_size = ?4, updated_at = ?5
         WHERE id = ?6",
        params![
            version,
            baseline_json(&baseline_ids(&matches.accounts))?,
            matches.contacts.as_deref().map(pseudonyms_json),
            matches.stored_ids(),
            now(),
            id
        ],
    )?;
    get(tx, tenant, owner, id)
}

/// Deletes a search of the owner.
pub(crate) fn delete(tx: &Transaction<'_>, tenant: i64, owner: i64, id: i64) -> StoreResult<()> {
    let deleted = tx.execute(
        "DELETE FROM searches WHERE tenant_id = ?1 AND owner_id = ?2 AND id = ?3",
        [tenant, owner, id],
    )?;
    if deleted == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// A baseline as stored: the ids ascending, so membership is a binary search.
fn baseline_ids(matches: &[u32]) -> Vec<u32> {
    let mut sorted = matches.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
}

fn baseline_json(baseline: &[u32]) -> StoreResult<String> {
    serde_json::to_string(baseline).map_err(|err| StoreError::Corrupt(err.to_string()))
}

/// Pseudonyms as stored: a JSON array of 16-hex-digit strings (JSON numbers cannot carry
/// 64 bits exactly everywhere), in the order given.
fn pseudonyms_json(pseudonyms: &[u64]) -> String {
    let texts: Vec<String> = pseudonyms
        .iter()
        .map(|&p| crate::pseudonym_text::format(p))
        .collect();
    serde_json::Value::from(texts).to_string()
}

fn pseudonyms_from_json(text: &str) -> Result<Vec<u64>, serde_json::Error> {
    let texts: Vec<String> = serde_json::from_str(text)?;
    texts
        .iter()
        .map(|hex| {
            crate::pseudonym_text::parse(hex)
                .ok_or_else(|| serde::de::Error::custom(format!("`{hex}` is not a pseudonym")))
        })
        .collect()
}

impl super::Store {
    /// The owner's searches.
    pub(crate) async fn searches(&self, tenant: i64, owner: i64) -> StoreResult<Vec<SearchRecord>> {
        self.read(move |conn| all(conn, tenant, owner)).await
    }

    /// One search of the owner.
    pub(crate) async fn search(
        &self,
        tenant: i64,
        owner: i64,
        id: i64,
    ) -> StoreResult<SearchRecord> {
        self.read(move |conn| get(conn, tenant, owner, id)).await
    }

    /// The definition and baseline of a search of the owner.
    pub(crate) async fn search_baseline(
        &self,
        tenant: i64,
        owner: i64,
        id: i64,
    ) -> StoreResult<Baseline> {
        self.read(move |conn| baseline(conn, tenant, owner, id))
            .await
    }

    /// Saves a search, within `limits`.
    pub(crate) async fn create_search(
        &self,
        limits: StorageLimits,
        tenant: i64,
        owner: i64,
        search: NewSearch,
    ) -> StoreResult<SearchRecord> {
        self.write(move |tx| create(tx, &limits, tenant, owner, &search))
            .await
    }

    /// Changes a search, within `limits`.
    pub(crate) async fn change_search(
        &self,
        limits: StorageLimits,
        tenant: i64,
        owner: i64,
        id: i64,
        search_change: SearchChange,
    ) -> StoreResult<SearchRecord> {
        self.write(move |tx| change(tx, &limits, tenant, owner, id, &search_change))
            .await
    }

    /// Resets a search's baseline, within `limits`.
    pub(crate) async fn set_search_baseline(
        &self,
        limits: StorageLimits,
        tenant: i64,
        owner: i64,
        id: i64,
        version: String,
        matches: Matches,
    ) -> StoreResult<SearchRecord> {
        self.write(move |tx| set_baseline(tx, &limits, tenant, owner, id, &version, &matches))
            .await
    }

    /// Deletes a search.
    pub(crate) async fn delete_search(&self, tenant: i64, owner: i64, id: i64) -> StoreResult<()> {
        self.write(move |tx| delete(tx, tenant, owner, id)).await
    }
}
