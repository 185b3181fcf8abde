//! The personal-data vault: accounts, contacts (with email, name, lawful basis, opt-out
//! and download choice, and the pseudonym of the email), intent, and the erasure list.
//!
//! Every write bumps the `vault_version` setting, which keys the per-tenant dataset cache.

use std::collections::HashSet;

use clearlist_engine::date::Date;
use clearlist_engine::taxonomy::{Function, LawfulBasis, Seniority};
use clearlist_engine::vault::{Account, Contact, IntentRecord, Vault, WEEKS, WeekActivity};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::{StoreError, StoreResult, now, pseudonym_from_sql, pseudonym_to_sql};

/// Bytes of one intent record's weekly activity.
const WEEK_BYTES: usize = 8;

/// What an import changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Accounts written (new or updated).
    pub accounts: usize,
    /// Contacts written.
    pub contacts: usize,
    /// Contacts left out because the person asked to be erased.
    pub skipped_erased: usize,
    /// Intent records written.
    pub intent: usize,
}

/// A contact as the vault holds it, with where the record came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VaultContact {
    /// The contact.
    pub contact: Contact,
    /// The keyed PRF of the normalised email.
    pub pseudonym: u64,
    /// Where the record came from (import file, generator run).
    pub source: String,
}

fn bump_version(conn: &Connection) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('vault_version', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
        [],
    )?;
    Ok(())
}

/// The vault's version: changes whenever the vault does.
pub(crate) fn version(conn: &Connection) -> StoreResult<i64> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'vault_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    value.map_or(Ok(0), |v| {
        v.parse()
            .map_err(|_| StoreError::Corrupt(format!("vault_version `{v}`")))
    })
}

/// A setting's value.
pub(crate) fn setting(conn: &Connection, key: &str) -> StoreResult<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Sets a setting.
pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = ?2",
        params![key, value],
    )?;
    Ok(())
}

/// Rows per write transaction of an import: each holds the vault's write lock for tens of
/// milliseconds, so other users' writes (sign-ins, audit entries, saved lists) interleave
/// with a long import instead of waiting for all of it.
pub(crate) const IMPORT_BATCH_ROWS: usize = 5_000;

/// The setting that marks an import under way (its source), set by its first batch and
/// cleared by its last.
const IMPORT_MARKER: &str = "import_in_progress";

fn insert_accounts(tx: &Transaction<'_>, accounts: &[Account]) -> StoreResult<usize> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO accounts (id, name, domain, country, city, industry, employees,
             revenue_usd, technologies, topics, vendors, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for a in accounts {
        insert.execute(params![
            a.id,
            a.name,
            a.domain,
            a.country,
            a.city,
            a.industry,
            a.employees,
            i64::try_from(a.revenue_usd).unwrap_or(i64::MAX),
            json(&a.technologies),
            json(&a.topics),
            json(&a.vendors),
            a.description,
        ])?;
    }
    Ok(accounts.len())
}

/// Writes contacts, `pseudonyms[i]` being `contacts[i]`'s; those on the erasure list
/// (read in the same transaction, so an erasure made during the import holds) are skipped.
/// Returns (written, skipped as erased).
fn insert_contacts(
    tx: &Transaction<'_>,
    contacts: &[Contact],
    pseudonyms: &[u64],
    source: &str,
) -> StoreResult<(usize, usize)> {
    let erased = pseudonym_set(tx, "SELECT pseudonym FROM erasures")?;
    let objected = pseudonym_set(tx, "SELECT pseudonym FROM objections")?;
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO contacts (id, account_id, first_name, last_name, email, title,
             function, seniority, country, lawful_basis, opted_out, email_download,
             pseudonym, source, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    let at = now();
    let mut written = 0;
    for (c, &pseudonym) in contacts.iter().zip(pseudonyms) {
        if erased.contains(&pseudonym) {
            continue;
        }
        insert.execute(params![
            c.id,
            c.account_id,
            c.first_name,
            c.last_name,
            c.email,
            c.title,
            c.function.slug(),
            c.seniority.slug(),
            c.country,
            c.lawful_basis.slug(),
            // An objection outlives any source that still lists the person as reachable.
            c.opted_out || objected.contains(&pseudonym),
            c.email_download,
            pseudonym_to_sql(pseudonym),
            source,
            at,
        ])?;
        written += 1;
    }
    Ok((written, contacts.len() - written))
}

fn insert_intent(tx: &Transaction<'_>, intent: &[IntentRecord]) -> StoreResult<usize> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO intent (account_id, segment, weeks, last_touch)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for record in intent {
        insert.execute(params![
            record.account_id,
            record.segment,
            weeks_to_blob(&record.weeks),
            record.last_touch.map(|d| d.0),
        ])?;
    }
    Ok(intent.len())
}

/// The source of an import that started and never finished (the process died), if any.
pub(crate) fn interrupted_import(conn: &Connection) -> StoreResult<Option<String>> {
    setting(conn, IMPORT_MARKER)
}

fn pseudonym_set(conn: &Connection, sql: &str) -> StoreResult<HashSet<u64>> {
    let mut statement = conn.prepare(sql)?;
    let set = statement
        .query_map([], |r| r.get::<_, i64>(0))?
        .map(|v| v.map(pseudonym_from_sql))
        .collect::<Result<_, _>>()?;
    Ok(set)
}

fn json(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".to_owned())
}

fn unjson(text: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(text).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(err))
    })
}

fn weeks_to_blob(weeks: &[WeekActivity; WEEKS]) -> Vec<u8> {
    let mut blob = Vec::with_capacity(WEEKS * WEEK_BYTES);
    for week in weeks {
        for value in [
            week.readers,
            week.senior_readers,
            week.late_stage,
            week.vendors,
        ] {
            blob.extend_from_slice(&value.to_le_bytes());
        }
    }
    blob
}

fn weeks_from_blob(blob: &[u8]) -> Option<[WeekActivity; WEEKS]> {
    if blob.len() != WEEKS * WEEK_BYTES {
        return None;
    }
    let mut weeks = [WeekActivity::default(); WEEKS];
    for (week, bytes) in weeks.iter_mut().zip(blob.chunks_exact(WEEK_BYTES)) {
        let at = |i: usize| u16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]);
        *week = WeekActivity {
            readers: at(0),
            senior_readers: at(1),
            late_stage: at(2),
            vendors: at(3),
        };
    }
    Some(weeks)
}

fn corrupt(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{what} `{value}`").into(),
    )
}

const CONTACT_COLUMNS: &str = "id, account_id, first_name, last_name, email, title, function, \
     seniority, country, lawful_basis, opted_out, email_download, pseudonym, source";

fn contact_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VaultContact> {
    let function: String = r.get(6)?;
    let seniority: String = r.get(7)?;
    let basis: String = r.get(9)?;
    Ok(VaultContact {
        contact: Contact {
            id: r.get(0)?,
            account_id: r.get(1)?,
            first_name: r.get(2)?,
            last_name: r.get(3)?,
            email: r.get(4)?,
            title: r.get(5)?,
            function: Function::from_slug(&function)
                .ok_or_else(|| corrupt("function", &function))?,
            seniority: Seniority::from_slug(&seniority)
                .ok_or_else(|| corrupt("seniority", &seniority))?,
            country: r.get(8)?,
            lawful_basis: LawfulBasis::from_slug(&basis)
                .ok_or_else(|| corrupt("lawful basis", &basis))?,
            opted_out: r.get(10)?,
            email_download: r.get(11)?,
        },
        pseudonym: pseudonym_from_sql(r.get(12)?),
        source: r.get(13)?,
    })
}

/// The vault as a tenant licenses it: every account and contact, intent only in
/// `segments`; with each contact's pseudonym, in contact order.
pub(crate) fn load(conn: &Connection, segments: &[String]) -> StoreResult<(Vault, Vec<u64>)> {
    let as_of = setting(conn, "as_of")?
        .map(|v| {
            v.parse()
                .map(Date)
                .map_err(|_| StoreError::Corrupt(format!("as_of `{v}`")))
        })
        .transpose()?
        .unwrap_or(clearlist_vault_io::generate::DEFAULT_AS_OF);
    let mut statement = conn.prepare(
        "SELECT id, name, domain, country, city, industry, employees, revenue_usd, technologies,
                topics, vendors, description FROM accounts ORDER BY id",
    )?;
    let accounts = statement
        .query_map([], |r| {
            Ok(Account {
                id: r.get(0)?,
                name: r.get(1)?,
                domain: r.get(2)?,
                country: r.get(3)?,
                city: r.get(4)?,
                industry: r.get(5)?,
                employees: r.get(6)?,
                revenue_usd: u64::try_from(r.get::<_, i64>(7)?).unwrap_or(0),
                technologies: unjson(&r.get::<_, String>(8)?)?,
                topics: unjson(&r.get::<_, String>(9)?)?,
                vendors: unjson(&r.get::<_, String>(10)?)?,
                description: r.get(11)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut statement = conn.prepare(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts ORDER BY id"
    ))?;
    let (contacts, pseudonyms): (Vec<Contact>, Vec<u64>) = statement
        .query_map([], contact_row)?
        .map(|row| row.map(|c| (c.contact, c.pseudonym)))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .unzip();
    let licensed: HashSet<&str> = segments.iter().map(String::as_str).collect();
    let mut statement = conn.prepare(
        "SELECT account_id, segment, weeks, last_touch FROM intent ORDER BY account_id, segment",
    )?;
    let intent = statement
        .query_map([], |r| {
            let blob: Vec<u8> = r.get(2)?;
            Ok(IntentRecord {
                account_id: r.get(0)?,
                segment: r.get(1)?,
                weeks: weeks_from_blob(&blob).ok_or_else(|| corrupt("weeks", "blob"))?,
                last_touch: r.get::<_, Option<i32>>(3)?.map(Date),
            })
        })?
        .filter(|record| {
            record
                .as_ref()
                .map_or(true, |r| licensed.contains(r.segment.as_str()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        Vault {
            as_of,
            accounts,
            contacts,
            intent,
        },
        pseudonyms,
    ))
}

/// The contacts at the given accounts, grouped by account in the order given, each group
/// by contact id.
pub(crate) fn contacts_at(
    conn: &Connection,
    account_ids: &[u32],
) -> StoreResult<Vec<VaultContact>> {
    let ids = serde_json::to_string(account_ids).unwrap_or_else(|_| "[]".to_owned());
    let mut statement = conn.prepare(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts
         WHERE account_id IN (SELECT value FROM json_each(?1))"
    ))?;
    let mut contacts = statement
        .query_map([ids], contact_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let position: std::collections::HashMap<u32, usize> = account_ids
        .iter()
        .enumerate()
        .map(|(i, &id)| (id, i))
        .collect();
    contacts.sort_by_key(|c| (position.get(&c.contact.account_id).copied(), c.contact.id));
    Ok(contacts)
}

/// Every contact whose email has this pseudonym (normally one).
pub(crate) fn contacts_with_pseudonym(
    conn: &Connection,
    pseudonym: u64,
) -> StoreResult<Vec<VaultContact>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts WHERE pseudonym = ?1 ORDER BY id"
    ))?;
    let rows = statement
        .query_map([pseudonym_to_sql(pseudonym)], contact_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Whether a pseudonym is on the erasure list.
pub(crate) fn is_erased(conn: &Connection, pseudonym: u64) -> StoreResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM erasures WHERE pseudonym = ?1)",
        [pseudonym_to_sql(pseudonym)],
        |r| r.get(0),
    )?)
}

/// Erases every contact with this pseudonym and records the pseudonym so no import adds
/// the person again. Returns how many contact records were deleted.
pub(crate) fn erase(tx: &Transaction<'_>, pseudonym: u64) -> StoreResult<usize> {
    let deleted = tx.execute(
        "DELETE FROM contacts WHERE pseudonym = ?1",
        [pseudonym_to_sql(pseudonym)],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO erasures (pseudonym, erased_at) VALUES (?1, ?2)",
        params![pseudonym_to_sql(pseudonym), now()],
    )?;
    bump_version(tx)?;
    Ok(deleted)
}

/// Marks every contact with this pseudonym as opted out, and records the objection so
/// that no later import undoes it. Returns how many contact records changed.
pub(crate) fn opt_out(tx: &Transaction<'_>, pseudonym: u64) -> StoreResult<usize> {
    tx.execute(
        "INSERT OR IGNORE INTO objections (pseudonym, objected_at) VALUES (?1, ?2)",
        params![pseudonym_to_sql(pseudonym), now()],
    )?;
    let changed = tx.execute(
        "UPDATE contacts SET opted_out = 1, updated_at = ?2 WHERE pseudonym = ?1 AND opted_out = 0",
        params![pseudonym_to_sql(pseudonym), now()],
    )?;
    bump_version(tx)?;
    Ok(changed)
}

/// The pseudonym key, stored hex-encoded in the settings; created on first use.
pub(crate) fn pseudonym_key(
    conn: &Connection,
) -> StoreResult<clearlist_engine::pseudonym::PseudonymKey> {
    use clearlist_engine::pseudonym::{KEY_LEN, PseudonymKey};
    if let Some(hex_key) = setting(conn, "pseudonym_key")? {
        let bytes: [u8; KEY_LEN] = hex::decode(hex_key.trim())
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| StoreError::Corrupt("pseudonym key".to_owned()))?;
        return PseudonymKey::from_bytes(&bytes)
            .map_err(|err| StoreError::Corrupt(format!("pseudonym key: {err}")));
    }
    let key = PseudonymKey::generate(&mut rand::rngs::OsRng)
        .map_err(|err| StoreError::Corrupt(format!("generating the pseudonym key: {err}")))?;
    set_setting(conn, "pseudonym_key", &hex::encode(key.to_bytes()))?;
    Ok(key)
}

impl super::Store {
    /// The pseudonym key, created on first use.
    ///
    /// # Errors
    /// A [`StoreError`] when the stored key is corrupt or SQLite fails.
    pub fn pseudonym_key_blocking(&self) -> StoreResult<clearlist_engine::pseudonym::PseudonymKey> {
        self.write_blocking(|tx| pseudonym_key(tx))
    }

    /// The pseudonyms of everyone who asked to be erased.
    ///
    /// # Errors
    /// A [`StoreError`] from SQLite.
    pub fn erased_pseudonyms_blocking(&self) -> StoreResult<HashSet<u64>> {
        self.read_blocking(|conn| pseudonym_set(conn, "SELECT pseudonym FROM erasures"))
    }

    /// Writes (inserts or replaces) a vault's records in batches of [`IMPORT_BATCH_ROWS`],
    /// each its own transaction, then moves the vault to a new version (and its window to
    /// `vault.as_of`) in a last one: datasets built from the new version see the whole
    /// import. Should the process die part way, every row is whole, the version has not
    /// moved, and running the same import again completes it (rows with the same id are
    /// replaced). `pseudonyms[i]` belongs to `vault.contacts[i]`; contacts whose pseudonym
    /// is on the erasure list are skipped.
    ///
    /// # Errors
    /// A [`StoreError`]; batches committed before it stay.
    pub fn import_blocking(
        &self,
        vault: &Vault,
        pseudonyms: &[u64],
        source: &str,
    ) -> StoreResult<ImportReport> {
        if pseudonyms.len() != vault.contacts.len() {
            return Err(StoreError::Corrupt(format!(
                "{} pseudonyms for {} contacts",
                pseudonyms.len(),
                vault.contacts.len()
            )));
        }
        self.write_blocking(|tx| set_setting(tx, IMPORT_MARKER, source))?;
        let mut report = ImportReport::default();
        for part in vault.accounts.chunks(IMPORT_BATCH_ROWS) {
            report.accounts += self.write_blocking(|tx| insert_accounts(tx, part))?;
        }
        let contacts = vault.contacts.chunks(IMPORT_BATCH_ROWS);
        for (part, keys) in contacts.zip(pseudonyms.chunks(IMPORT_BATCH_ROWS)) {
            let (written, erased) =
                self.write_blocking(|tx| insert_contacts(tx, part, keys, source))?;
            report.contacts += written;
            report.skipped_erased += erased;
        }
        for part in vault.intent.chunks(IMPORT_BATCH_ROWS) {
            report.intent += self.write_blocking(|tx| insert_intent(tx, part))?;
        }
        self.write_blocking(|tx| {
            set_setting(tx, "as_of", &vault.as_of.0.to_string())?;
            tx.execute("DELETE FROM settings WHERE key = ?1", [IMPORT_MARKER])?;
            bump_version(tx)
        })?;
        Ok(report)
    }

    /// The source of an import that started and never finished, if any.
    ///
    /// # Errors
    /// A [`StoreError`] from SQLite.
    pub fn interrupted_import_blocking(&self) -> StoreResult<Option<String>> {
        self.read_blocking(interrupted_import)
    }

    /// The vault with intent in `segments` only, and each contact's pseudonym.
    ///
    /// # Errors
    /// A [`StoreError`] from SQLite or a corrupt record.
    pub fn licensed_vault_blocking(&self, segments: &[String]) -> StoreResult<(Vault, Vec<u64>)> {
        self.read_blocking(|conn| load(conn, segments))
    }

    /// The vault as a tenant licenses it (see [`load`]).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown tenant, or a [`StoreError`] from SQLite.
    pub fn tenant_vault_blocking(&self, tenant: i64) -> StoreResult<(Vault, Vec<u64>)> {
        self.read_blocking(|conn| {
            super::tenants::get(conn, tenant)?;
            load(conn, &super::tenants::segments(conn, tenant)?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_round_trip() {
        let mut weeks = [WeekActivity::default(); WEEKS];
        weeks[3] = WeekActivity {
            readers: 7,
            senior_readers: 2,
            late_stage: 65_535,
            vendors: 1,
        };
        assert_eq!(weeks_from_blob(&weeks_to_blob(&weeks)), Some(weeks));
        assert_eq!(weeks_from_blob(&[0; 3]), None);
    }
}
