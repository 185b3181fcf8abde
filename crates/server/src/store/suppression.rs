//! Tenants' suppression lists, and the paid oblivious PRF evaluations that give a browser
//! the pseudonyms to put in them.
//!
//! A list holds the minimum it needs to work: the pseudonyms of emails (the keyed PRF
//! values a browser obtained through the oblivious exchange, never an email or a plain
//! hash) and domains. Every function is scoped to one tenant: a list of another tenant is
//! as missing as one that never existed.

use std::collections::HashSet;
use std::sync::Arc;

use clearlist_engine::pseudonym::{ElementBytes, PseudonymError, PseudonymKey};
use rusqlite::{Connection, Transaction, TransactionBehavior, params};

use super::quota::{self, Kept, StorageLimits};
use super::{OptionalRow as _, StoreError, StoreResult, now, pseudonym_from_sql, pseudonym_to_sql};

/// A suppression list without its entries, as the index shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ListSummary {
    /// Id.
    pub(crate) id: i64,
    /// Display name.
    pub(crate) name: String,
    /// The user who uploaded it.
    pub(crate) created_by: i64,
    /// Their name.
    pub(crate) created_by_name: String,
    /// Unix seconds.
    pub(crate) created_at: i64,
    /// Number of distinct email pseudonyms.
    pub(crate) pseudonyms: i64,
    /// Number of distinct domains.
    pub(crate) domains: i64,
}

/// A suppression list with its entries, for a browser to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SuppressionList {
    /// The list's summary (its counts match the entries).
    pub(crate) summary: ListSummary,
    /// Email pseudonyms, ascending.
    pub(crate) pseudonyms: Vec<u64>,
    /// Normalised domains, sorted.
    pub(crate) domains: Vec<String>,
}

/// A new list, validated by the caller: `pseudonyms` and `domains` are distinct, and the
/// domains are normalised.
#[derive(Clone, Debug)]
pub(crate) struct NewList {
    /// Display name.
    pub(crate) name: String,
    /// Distinct email pseudonyms.
    pub(crate) pseudonyms: Vec<u64>,
    /// Distinct normalised domains.
    pub(crate) domains: Vec<String>,
}

/// A batch of blinded elements to evaluate, paid from a user's daily PRF quota.
#[derive(Clone, Debug)]
pub(crate) struct PrfBatch {
    /// The caller's tenant (for the audit log).
    pub(crate) tenant: i64,
    /// The user whose quota pays.
    pub(crate) user: i64,
    /// The user's daily quota.
    pub(crate) per_day: u64,
    /// Evaluations the user may have in one minute.
    pub(crate) per_minute: u64,
    /// The elements, each already 32 bytes.
    pub(crate) blinded: Vec<ElementBytes>,
}

/// What became of a [`PrfBatch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PrfOutcome {
    /// Evaluated, quota spent, audited: the answer in request order.
    Evaluated(Vec<ElementBytes>),
    /// The daily quota cannot pay for the batch: nothing evaluated or spent (the refusal
    /// is audited).
    OverQuota(super::usage::Refused),
    /// The batch would exceed the evaluations allowed in a minute: nothing evaluated or
    /// spent (audited); the caller may go on once the minute has passed.
    TooFast(super::usage::Refused),
    /// This element is not a valid point: nothing evaluated or spent.
    Malformed {
        /// Its position in the batch.
        index: usize,
    },
}

const SUMMARY_SELECT: &str = "SELECT l.id, l.name, l.created_by, l.created_at,
        (SELECT count(*) FROM suppression_pseudonyms p WHERE p.list_id = l.id),
        (SELECT count(*) FROM suppression_domains d WHERE d.list_id = l.id),
        (SELECT u.name FROM users u WHERE u.id = l.created_by)
     FROM suppression_lists l";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ListSummary> {
    Ok(ListSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        created_by: r.get(2)?,
        created_at: r.get(3)?,
        pseudonyms: r.get(4)?,
        domains: r.get(5)?,
        created_by_name: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
    })
}

/// The tenant's lists, oldest first.
pub(crate) fn summaries(conn: &Connection, tenant: i64) -> StoreResult<Vec<ListSummary>> {
    let mut statement = conn.prepare(&format!(
        "{SUMMARY_SELECT} WHERE l.tenant_id = ?1 ORDER BY l.id"
    ))?;
    let rows = statement
        .query_map([tenant], summary_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// One list of the tenant with its entries; [`StoreError::NotFound`] if the tenant has no
/// such list.
pub(crate) fn get(conn: &Connection, tenant: i64, id: i64) -> StoreResult<SuppressionList> {
    let summary = conn
        .query_row(
            &format!("{SUMMARY_SELECT} WHERE l.tenant_id = ?1 AND l.id = ?2"),
            [tenant, id],
            summary_row,
        )
        .found()?;
    let mut statement = conn.prepare(
        "SELECT pseudonym FROM suppression_pseudonyms WHERE list_id = ?1 ORDER BY pseudonym",
    )?;
    let mut pseudonyms: Vec<u64> = statement
        .query_map([id], |r| r.get::<_, i64>(0))?
        .map(|value| value.map(pseudonym_from_sql))
        .collect::<Result<_, _>>()?;
    // SQLite orders the signed representation; clients get the unsigned order.
    pseudonyms.sort_unstable();
    let mut statement =
        conn.prepare("SELECT domain FROM suppression_domains WHERE list_id = ?1 ORDER BY domain")?;
    let domains = statement
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(SuppressionList {
        summary,
        pseudonyms,
        domains,
    })
}

/// Creates a list for the tenant in the caller's transaction.
pub(crate) fn create(
    tx: &Transaction<'_>,
    tenant: i64,
    user: i64,
    list: &NewList,
) -> StoreResult<ListSummary> {
    let created_at = now();
    tx.execute(
        "INSERT INTO suppression_lists (tenant_id, name, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![tenant, list.name, user, created_at],
    )?;
    let id = tx.last_insert_rowid();
    // `OR IGNORE`: the caller collapses duplicates already; this keeps a stray one from
    // failing the whole upload.
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO suppression_pseudonyms (list_id, pseudonym) VALUES (?1, ?2)",
    )?;
    let mut pseudonyms = 0;
    for &pseudonym in &list.pseudonyms {
        pseudonyms += insert.execute(params![id, pseudonym_to_sql(pseudonym)])?;
    }
    let mut insert =
        tx.prepare("INSERT OR IGNORE INTO suppression_domains (list_id, domain) VALUES (?1, ?2)")?;
    let mut domains = 0;
    for domain in &list.domains {
        domains += insert.execute(params![id, domain])?;
    }
    let created_by_name =
        tx.query_row("SELECT name FROM users WHERE id = ?1", [user], |r| r.get(0))?;
    Ok(ListSummary {
        id,
        name: list.name.clone(),
        created_by: user,
        created_by_name,
        created_at,
        pseudonyms: count(pseudonyms)?,
        domains: count(domains)?,
    })
}

/// Deletes one of the tenant's lists and its entries; [`StoreError::NotFound`] if the tenant
/// has no such list.
pub(crate) fn delete(tx: &Transaction<'_>, tenant: i64, id: i64) -> StoreResult<()> {
    // Entries go by `ON DELETE CASCADE`.
    let deleted = tx.execute(
        "DELETE FROM suppression_lists WHERE tenant_id = ?1 AND id = ?2",
        [tenant, id],
    )?;
    if deleted == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Every pseudonym and every domain (sorted, distinct) of all the tenant's suppression
/// lists: what an export must leave out.
pub(crate) fn tenant_entries(
    conn: &Connection,
    tenant: i64,
) -> StoreResult<(HashSet<u64>, Vec<String>)> {
    let mut statement = conn.prepare(
        "SELECT p.pseudonym FROM suppression_pseudonyms p
         JOIN suppression_lists l ON l.id = p.list_id
         WHERE l.tenant_id = ?1",
    )?;
    let pseudonyms = statement
        .query_map([tenant], |r| r.get::<_, i64>(0))?
        .map(|value| value.map(pseudonym_from_sql))
        .collect::<Result<_, _>>()?;
    let mut statement = conn.prepare(
        "SELECT DISTINCT d.domain FROM suppression_domains d
         JOIN suppression_lists l ON l.id = d.list_id
         WHERE l.tenant_id = ?1 ORDER BY d.domain",
    )?;
    let domains = statement
        .query_map([tenant], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok((pseudonyms, domains))
}

/// The tenant's lists that hold this pseudonym, as `(id, name)`, oldest first.
pub(crate) fn lists_holding(
    conn: &Connection,
    tenant: i64,
    pseudonym: u64,
) -> StoreResult<Vec<(i64, String)>> {
    let mut statement = conn.prepare(
        "SELECT l.id, l.name FROM suppression_lists l
         JOIN suppression_pseudonyms p ON p.list_id = l.id
         WHERE l.tenant_id = ?1 AND p.pseudonym = ?2
         ORDER BY l.id",
    )?;
    let rows = statement
        .query_map(params![tenant, pseudonym_to_sql(pseudonym)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

fn count(n: usize) -> StoreResult<i64> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("{n} entries")))
}

impl super::Store {
    /// Every pseudonym and domain on the tenant's suppression lists (see [`tenant_entries`]).
    pub(crate) async fn tenant_suppression(
        &self,
        tenant: i64,
    ) -> StoreResult<(HashSet<u64>, Vec<String>)> {
        self.read(move |conn| tenant_entries(conn, tenant)).await
    }

    /// The tenant's suppression lists, oldest first.
    pub(crate) async fn suppression_lists(&self, tenant: i64) -> StoreResult<Vec<ListSummary>> {
        self.read(move |conn| summaries(conn, tenant)).await
    }

    /// One of the tenant's suppression lists with its entries.
    pub(crate) async fn suppression_list(
        &self,
        tenant: i64,
        id: i64,
    ) -> StoreResult<SuppressionList> {
        self.read(move |conn| get(conn, tenant, id)).await
    }

    /// Creates a suppression list and audits it (counts only) in one transaction.
    pub(crate) async fn create_suppression_list(
        &self,
        limits: StorageLimits,
        tenant: i64,
        user: i64,
        list: NewList,
    ) -> StoreResult<ListSummary> {
        self.write(move |tx| {
            quota::charge_write(tx, &limits, user)?;
            quota::room_for(tx, &limits, Kept::SuppressionLists, tenant, user)?;
            let entries = list.pseudonyms.len() + list.domains.len();
            quota::room_for_entries(tx, &limits, tenant, entries)?;
            let summary = create(tx, tenant, user, &list)?;
            super::audit::record(
                tx,
                Some(tenant),
                Some(user),
                "suppression.create",
                &serde_json::json!({
                    "list": summary.id,
                    "pseudonyms": summary.pseudonyms,
                    "domains": summary.domains,
                }),
            )?;
            Ok(summary)
        })
        .await
    }

    /// Deletes one of the tenant's suppression lists and audits it in one transaction.
    pub(crate) async fn delete_suppression_list(
        &self,
        tenant: i64,
        user: i64,
        id: i64,
    ) -> StoreResult<()> {
        self.write(move |tx| {
            delete(tx, tenant, id)?;
            super::audit::record(
                tx,
                Some(tenant),
                Some(user),
                "suppression.delete",
                &serde_json::json!({ "list": id }),
            )?;
            Ok(())
        })
        .await
    }
}

impl super::Store {
    /// Spends `batch`'s size from the user's PRF quota, evaluates it and audits it, in one
    /// transaction: a batch that is over quota or holds a malformed element spends nothing.
    /// The quota is checked before any scalar multiplication, so a user over quota costs
    /// the server no evaluation; the write lock is held during the evaluation, which the
    /// batch limit bounds.
    pub(crate) async fn evaluate_prf(
        &self,
        key: Arc<PseudonymKey>,
        batch: PrfBatch,
    ) -> StoreResult<PrfOutcome> {
        let pool = self.pool.clone();
        super::run_blocking(move || {
            let mut conn = pool.get()?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let count = batch.blinded.len();
            let amount = u64::try_from(count).unwrap_or(u64::MAX);
            let charges = [
                (super::usage::Quota::PrfBurst, batch.per_minute, "burst"),
                (super::usage::Quota::PrfEvaluations, batch.per_day, "quota"),
            ];
            for (quota, limit, reason) in charges {
                if let Err(refused) = super::usage::consume(&tx, batch.user, quota, amount, limit)?
                {
                    // A refusal is the signal of someone probing the oracle: keep a trace. The
                    // charge already made in this transaction is dropped with it.
                    drop(tx);
                    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                    super::audit::record(
                        &tx,
                        Some(batch.tenant),
                        Some(batch.user),
                        "prf.refused",
                        &serde_json::json!({ "count": count, "reason": reason }),
                    )?;
                    tx.commit()?;
                    return Ok(if reason == "burst" {
                        PrfOutcome::TooFast(refused)
                    } else {
                        PrfOutcome::OverQuota(refused)
                    });
                }
            }
            let evaluated = match key.evaluate_blinded(&batch.blinded) {
                Ok(evaluated) => evaluated,
                // Dropping the transaction rolls the quota back.
                Err(PseudonymError::MalformedBlinded { index }) => {
                    return Ok(PrfOutcome::Malformed { index });
                }
                Err(other) => return Err(StoreError::Task(format!("PRF evaluation: {other}"))),
            };
            super::audit::record(
                &tx,
                Some(batch.tenant),
                Some(batch.user),
                "prf.evaluate",
                &serde_json::json!({ "count": count }),
            )?;
            tx.commit()?;
            Ok(PrfOutcome::Evaluated(evaluated))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        store
            .write_blocking(|tx| {
                tx.execute_batch(
                    "INSERT INTO tenants (id, name, created_at) VALUES (1, 'A', 0), (2, 'B', 0);
                     INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at)
                     VALUES (1, 1, 'a@a.test', 'A', 'administrator', 'x', 0),
                            (2, 2, 'b@b.test', 'B', 'administrator', 'x', 0);",
                )?;
                Ok(())
            })
            .unwrap();
        (dir, store)
    }

    fn new_list(pseudonyms: &[u64], domains: &[&str]) -> NewList {
        NewList {
            name: "list".to_owned(),
            pseudonyms: pseudonyms.to_vec(),
            domains: domains.iter().map(|&d| d.to_owned()).collect(),
        }
    }

    #[test]
    fn entries_round_trip_in_unsigned_order_and_stay_in_their_tenant() {
        let (_dir, store) = store();
        let high = u64::MAX - 1;
        let list = store
            .write_blocking(|tx| create(tx, 1, 1, &new_list(&[high, 5], &["b.com", "a.com"])))
            .unwrap();
        store
            .write_blocking(|tx| create(tx, 1, 1, &new_list(&[5, 6], &["a.com"])))
            .unwrap();
        store
            .write_blocking(|tx| create(tx, 2, 2, &new_list(&[7], &["c.com"])))
            .unwrap();
        let read = store.read_blocking(|c| get(c, 1, list.id)).unwrap();
        assert_eq!(read.pseudonyms, [5, high]);
        assert_eq!(read.domains, ["a.com", "b.com"]);
        assert_eq!((read.summary.pseudonyms, read.summary.domains), (2, 2));
        assert!(matches!(
            store.read_blocking(|c| get(c, 2, list.id)),
            Err(StoreError::NotFound)
        ));
        let (pseudonyms, domains) = store.read_blocking(|c| tenant_entries(c, 1)).unwrap();
        assert_eq!(pseudonyms, HashSet::from([5, 6, high]));
        assert_eq!(domains, ["a.com", "b.com"]);
        let holding = store.read_blocking(|c| lists_holding(c, 1, 5)).unwrap();
        assert_eq!(holding.len(), 2);
        assert!(
            store
                .read_blocking(|c| lists_holding(c, 1, 7))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn delete_is_tenant_scoped_and_takes_the_entries() {
        let (_dir, store) = store();
        let list = store
            .write_blocking(|tx| create(tx, 1, 1, &new_list(&[1], &["a.com"])))
            .unwrap();
        assert!(matches!(
            store.write_blocking(|tx| delete(tx, 2, list.id)),
            Err(StoreError::NotFound)
        ));
        store.write_blocking(|tx| delete(tx, 1, list.id)).unwrap();
        let left: i64 = store
            .read_blocking(|c| {
                Ok(c.query_row(
                    "SELECT (SELECT count(*) FROM suppression_pseudonyms)
                          + (SELECT count(*) FROM suppression_domains)",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(left, 0);
    }
}
