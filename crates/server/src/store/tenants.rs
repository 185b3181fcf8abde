//! Tenants and the segments each licenses.

use rusqlite::{Connection, params};

use super::{OptionalRow as _, StoreResult, now};

/// A subscribing organisation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Tenant {
    /// Id.
    pub id: i64,
    /// Display name.
    pub name: String,
}

/// Creates a tenant licensing `segments` (slugs or names as the vault spells them).
pub(crate) fn create(conn: &Connection, name: &str, segments: &[String]) -> StoreResult<Tenant> {
    // The deployment's first organisation looks after the vault (see migration 7).
    conn.execute(
        "INSERT INTO tenants (name, created_at, vault_steward)
         VALUES (?1, ?2, NOT EXISTS (SELECT 1 FROM tenants))",
        params![name, now()],
    )?;
    let id = conn.last_insert_rowid();
    set_segments(conn, id, segments)?;
    Ok(Tenant {
        id,
        name: name.to_owned(),
    })
}

/// Whether the tenant looks after the deployment's vault (its Administrators import).
pub(crate) fn is_vault_steward(conn: &Connection, tenant: i64) -> StoreResult<bool> {
    Ok(conn.query_row(
        "SELECT vault_steward FROM tenants WHERE id = ?1",
        [tenant],
        |r| r.get(0),
    )?)
}

/// Replaces a tenant's licensed segments.
pub(crate) fn set_segments(conn: &Connection, tenant: i64, segments: &[String]) -> StoreResult<()> {
    conn.execute("DELETE FROM tenant_segments WHERE tenant_id = ?1", [tenant])?;
    let mut insert =
        conn.prepare("INSERT OR IGNORE INTO tenant_segments (tenant_id, segment) VALUES (?1, ?2)")?;
    for segment in segments {
        insert.execute(params![tenant, segment])?;
    }
    Ok(())
}

/// A tenant by id.
pub(crate) fn get(conn: &Connection, id: i64) -> StoreResult<Tenant> {
    conn.query_row("SELECT id, name FROM tenants WHERE id = ?1", [id], |r| {
        Ok(Tenant {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })
    .found()
}

/// The most rows one export of `tenant` may hold.
fn export_max_rows(conn: &Connection, tenant: i64) -> StoreResult<u64> {
    let max: i64 = conn
        .query_row(
            "SELECT export_max_rows FROM tenants WHERE id = ?1",
            [tenant],
            |r| r.get(0),
        )
        .found()?;
    Ok(u64::try_from(max).unwrap_or(1))
}

impl super::Store {
    /// The most rows one export of `tenant` may hold.
    pub(crate) async fn export_max_rows(&self, tenant: i64) -> StoreResult<u64> {
        self.read(move |conn| export_max_rows(conn, tenant)).await
    }

    /// Sets the most rows one export of `tenant` may hold (at least 1), audited with `user`
    /// (none when the operator sets it from the command line).
    pub async fn set_export_max_rows(
        &self,
        tenant: i64,
        user: Option<i64>,
        max_rows: u64,
    ) -> StoreResult<u64> {
        let max = i64::try_from(max_rows.max(1)).unwrap_or(i64::MAX);
        self.write(move |tx| {
            let before = export_max_rows(tx, tenant)?;
            tx.execute(
                "UPDATE tenants SET export_max_rows = ?2 WHERE id = ?1",
                params![tenant, max],
            )?;
            super::audit::record(
                tx,
                Some(tenant),
                user,
                "export_limit.update",
                &serde_json::json!({ "from": before, "to": max }),
            )?;
            export_max_rows(tx, tenant)
        })
        .await
    }
}

/// A tenant's licensed segments, sorted.
pub(crate) fn segments(conn: &Connection, tenant: i64) -> StoreResult<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT segment FROM tenant_segments WHERE tenant_id = ?1 ORDER BY segment")?;
    let rows = statement
        .query_map([tenant], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Every tenant id.
pub(crate) fn ids(conn: &Connection) -> StoreResult<Vec<i64>> {
    let mut statement = conn.prepare("SELECT id FROM tenants ORDER BY id")?;
    let rows = statement
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// What a tenant's dataset is built from (see [`super::Store::dataset_key`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DatasetKey {
    /// The vault version.
    pub(crate) vault_version: i64,
    /// The licensed segments.
    pub(crate) segments: Vec<String>,
    /// The opt-out countries of the email rules in force, lower case, ascending.
    pub(crate) opt_out: Vec<String>,
}

impl super::Store {
    /// Whether the tenant looks after the deployment's vault.
    pub(crate) async fn is_vault_steward(&self, tenant: i64) -> StoreResult<bool> {
        self.read(move |conn| is_vault_steward(conn, tenant)).await
    }

    /// A tenant by id.
    pub(crate) async fn tenant(&self, id: i64) -> StoreResult<Tenant> {
        self.read(move |conn| get(conn, id)).await
    }

    /// What a tenant's dataset is built from besides the vault's contents: the vault
    /// version, the licensed segments and the opt-out countries of the email rules in
    /// force (any change to one of them makes a new dataset).
    pub(crate) async fn dataset_key(&self, tenant: i64) -> StoreResult<DatasetKey> {
        self.read(move |conn| {
            Ok(DatasetKey {
                vault_version: super::vault::version(conn)?,
                segments: segments(conn, tenant)?,
                opt_out: super::rules::in_force(conn, tenant)?.opt_out_countries(),
            })
        })
        .await
    }

    /// Every tenant id, for callers outside the async runtime.
    ///
    /// # Errors
    /// A [`super::StoreError`] from SQLite.
    pub fn tenant_ids_blocking(&self) -> StoreResult<Vec<i64>> {
        self.read_blocking(ids)
    }

    /// Creates a tenant licensing `segments`.
    ///
    /// # Errors
    /// A [`super::StoreError`] when the name is taken or SQLite fails.
    pub fn create_tenant_blocking(&self, name: &str, segments: &[String]) -> StoreResult<Tenant> {
        self.write_blocking(|tx| create(tx, name, segments))
    }

    /// The `n` segments with the most intent records in the vault, most first.
    ///
    /// # Errors
    /// A [`super::StoreError`] from SQLite.
    pub fn top_segments_blocking(&self, n: usize) -> StoreResult<Vec<String>> {
        self.read_blocking(|conn| {
            let mut statement = conn.prepare(
                "SELECT segment FROM intent GROUP BY segment ORDER BY count(*) DESC, segment
                 LIMIT ?1",
            )?;
            let rows = statement
                .query_map([i64::try_from(n).unwrap_or(i64::MAX)], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
    }
    /// Every tenant id.
    pub(crate) async fn tenant_ids(&self) -> StoreResult<Vec<i64>> {
        self.read(ids).await
    }
}
