//! Saved lists: definitions (canonical list URLs), snapshots of their account ids,
//! sharing and assignment.
//!
//! Every function is scoped to one tenant, and reads are scoped to what the viewer may see
//! ([`Viewer`]): a list of another tenant, or one a Read-Only user was neither assigned nor
//! shared, is as missing as one that never existed. Changes write their audit entries in
//! the same transaction, so the log holds exactly the changes that were committed.
//!
//! List ids are never reused (see [`next_id`]): a `list=` clause in a bookmarked or
//! embedded list URL must not start to mean another list after a deletion.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};
use serde_json::json;

use super::quota::{self, Kept, StorageLimits};
use super::{OptionalRow as _, StoreError, StoreResult, audit, now};

pub(crate) use clearlist_wire::{ListAccounts, SavedList, Snapshot};

/// Whose view of the tenant's lists a read takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Viewer {
    /// Administrators and List Builders: every list of the tenant.
    Everything,
    /// A Read-Only user: lists assigned to this user id, and shared lists.
    AssignedOrShared(i64),
}

/// A new list, validated by the caller: `definition` is canonical and `snapshot` is what
/// it matched, in list order.
#[derive(Clone, Debug)]
pub(crate) struct NewList {
    /// Display name, trimmed.
    pub(crate) name: String,
    /// Canonical list URL.
    pub(crate) definition: String,
    /// Matching account ids in list order.
    pub(crate) snapshot: Vec<u32>,
}

/// A change to a list, validated by the caller; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub(crate) struct ListChange {
    /// New display name, trimmed.
    pub(crate) name: Option<String>,
    /// Share with the whole tenant, or stop sharing.
    pub(crate) shared: Option<bool>,
    /// New canonical definition with its fresh snapshot.
    pub(crate) definition: Option<(String, Vec<u32>)>,
}

/// What became of an assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Assignment {
    /// The set was replaced: the list as it is now.
    Done(SavedList),
    /// This id is not a user of the tenant: nothing changed.
    UnknownUser(i64),
}

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

/// Columns of [`list_row`]; a snapshot's size is kept beside it, so listing lists parses
/// none of them.
const LIST_SELECT: &str = "SELECT l.id, l.name, l.definition, l.owner_id, l.shared,
        CASE WHEN l.snapshot IS NULL THEN NULL ELSE l.snapshot_size END, l.snapshot_at,
        l.created_at, l.updated_at, (SELECT name FROM users WHERE users.id = l.owner_id)
     FROM lists l";

/// The visibility condition for `?1` = tenant, `?2` = the Read-Only viewer's id (or NULL
/// for a viewer who sees everything).
const VISIBLE: &str = "l.tenant_id = ?1 AND (?2 IS NULL OR l.shared = 1 OR EXISTS
        (SELECT 1 FROM list_assignments a WHERE a.list_id = l.id AND a.user_id = ?2))";

fn list_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedList> {
    let accounts: Option<i64> = r.get(5)?;
    let taken_at: Option<i64> = r.get(6)?;
    Ok(SavedList {
        id: r.get(0)?,
        name: r.get(1)?,
        definition: r.get(2)?,
        owner_id: r.get(3)?,
        shared: r.get(4)?,
        assigned_to: Vec::new(),
        owner_name: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        assigned_names: Vec::new(),
        snapshot: accounts.zip(taken_at).map(|(accounts, taken_at)| Snapshot {
            accounts: u64::try_from(accounts).unwrap_or(0),
            taken_at,
        }),
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

impl Viewer {
    /// The `?2` parameter of [`VISIBLE`].
    fn restricted_to(self) -> Option<i64> {
        match self {
            Viewer::Everything => None,
            Viewer::AssignedOrShared(user) => Some(user),
        }
    }
}

/// The lists of `tenant` that `viewer` sees, by name.
pub(crate) fn all(conn: &Connection, tenant: i64, viewer: Viewer) -> StoreResult<Vec<SavedList>> {
    let mut statement = conn.prepare(&format!(
        "{LIST_SELECT} WHERE {VISIBLE} ORDER BY l.name COLLATE NOCASE, l.id"
    ))?;
    let mut lists: Vec<SavedList> = statement
        .query_map(params![tenant, viewer.restricted_to()], list_row)?
        .collect::<Result<_, _>>()?;
    let mut statement = conn.prepare(
        "SELECT a.list_id, a.user_id, u.name FROM list_assignments a
         JOIN lists l ON l.id = a.list_id JOIN users u ON u.id = a.user_id
         WHERE l.tenant_id = ?1 ORDER BY a.user_id",
    )?;
    let mut assigned: BTreeMap<u64, Vec<(u64, String)>> = BTreeMap::new();
    let mut rows = statement.query([tenant])?;
    while let Some(row) = rows.next()? {
        assigned
            .entry(row.get(0)?)
            .or_default()
            .push((row.get(1)?, row.get(2)?));
    }
    for list in &mut lists {
        (list.assigned_to, list.assigned_names) = assigned
            .remove(&list.id)
            .unwrap_or_default()
            .into_iter()
            .unzip();
    }
    Ok(lists)
}

/// One list of `tenant` that `viewer` sees; [`StoreError::NotFound`] otherwise.
pub(crate) fn get(
    conn: &Connection,
    tenant: i64,
    viewer: Viewer,
    id: i64,
) -> StoreResult<SavedList> {
    let mut list = conn
        .query_row(
            &format!("{LIST_SELECT} WHERE {VISIBLE} AND l.id = ?3"),
            params![tenant, viewer.restricted_to(), id],
            list_row,
        )
        .found()?;
    let mut statement = conn.prepare(
        "SELECT a.user_id, u.name FROM list_assignments a JOIN users u ON u.id = a.user_id
         WHERE a.list_id = ?1 ORDER BY a.user_id",
    )?;
    (list.assigned_to, list.assigned_names) = statement
        .query_map([id], |r| Ok((r.get::<_, u64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .unzip();
    Ok(list)
}

/// The frozen account ids of a list `viewer` sees. [`StoreError::NotFound`] if there is no
/// such list, [`StoreError::Conflict`] if it has no snapshot yet.
pub(crate) fn accounts(
    conn: &Connection,
    tenant: i64,
    viewer: Viewer,
    id: i64,
) -> StoreResult<ListAccounts> {
    let (text, taken_at): (Option<String>, Option<i64>) = conn
        .query_row(
            &format!("SELECT l.snapshot, l.snapshot_at FROM lists l WHERE {VISIBLE} AND l.id = ?3"),
            params![tenant, viewer.restricted_to(), id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .found()?;
    let (Some(text), Some(taken_at)) = (text, taken_at) else {
        return Err(StoreError::Conflict(format!(
            "list {id} has no snapshot yet; take one with POST /api/lists/{id}/snapshot"
        )));
    };
    let account_ids = serde_json::from_str(&text)
        .map_err(|err| StoreError::Corrupt(format!("snapshot of list {id}: {err}")))?;
    Ok(ListAccounts {
        list_id: u64::try_from(id).map_err(|_| StoreError::NotFound)?,
        account_ids,
        taken_at,
    })
}

/// The definition of a list of `tenant` (any viewer who may rebuild it sees every list).
pub(crate) fn definition(conn: &Connection, tenant: i64, id: i64) -> StoreResult<String> {
    conn.query_row(
        "SELECT definition FROM lists WHERE id = ?1 AND tenant_id = ?2",
        [id, tenant],
        |r| r.get(0),
    )
    .found()
}

/// Creates a list with its snapshot, and audits it, if the owner and the organisation
/// have room for it.
pub(crate) fn create(
    tx: &Transaction<'_>,
    limits: &StorageLimits,
    tenant: i64,
    owner: i64,
    list: &NewList,
) -> StoreResult<SavedList> {
    quota::charge_write(tx, limits, owner)?;
    quota::room_for(tx, limits, Kept::Lists, tenant, owner)?;
    quota::room_for_accounts(tx, limits, tenant, list.snapshot.len(), 0)?;
    let id = next_id(tx)?;
    let at = now();
    tx.execute(
        "INSERT INTO lists (id, tenant_id, owner_id, name, definition, shared, snapshot,
             snapshot_size, snapshot_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?8, ?8)",
        params![
            id,
            tenant,
            owner,
            list.name,
            list.definition,
            snapshot_json(&list.snapshot)?,
            list.snapshot.len(),
            at
        ],
    )?;
    audit::record(
        tx,
        Some(tenant),
        Some(owner),
        "list.create",
        &json!({ "list": id }),
    )?;
    get(tx, tenant, Viewer::Everything, id)
}

/// Applies a change to a list of `tenant`, with one audit entry per kind of change
/// (`list.rename`, `list.redefine`, `list.share`).
pub(crate) fn change(
    tx: &Transaction<'_>,
    limits: &StorageLimits,
    tenant: i64,
    actor: i64,
    id: i64,
    change: &ListChange,
) -> StoreResult<SavedList> {
    let before = get(tx, tenant, Viewer::Everything, id)?;
    quota::charge_write(tx, limits, actor)?;
    let at = now();
    let record = |action: &str, detail: serde_json::Value| {
        audit::record(tx, Some(tenant), Some(actor), action, &detail)
    };
    if let Some(name) = change.name.as_ref().filter(|name| **name != before.name) {
        tx.execute(
            "UPDATE lists SET name = ?1, updated_at = ?2 WHERE id = ?3",
            params![name, at, id],
        )?;
        record("list.rename", json!({ "list": id }))?;
    }
    if let Some((definition, snapshot)) = &change.definition {
        let removed = before.snapshot.map_or(0, |info| info.accounts);
        quota::room_for_accounts(tx, limits, tenant, snapshot.len(), removed)?;
        tx.execute(
            "UPDATE lists SET definition = ?1, snapshot = ?2, snapshot_size = ?3,
                 snapshot_at = ?4, updated_at = ?4
             WHERE id = ?5",
            params![definition, snapshot_json(snapshot)?, snapshot.len(), at, id],
        )?;
        if *definition != before.definition {
            record("list.redefine", json!({ "list": id }))?;
        }
    }
    if let Some(shared) = change.shared.filter(|shared| *shared != before.shared) {
        tx.execute(
            "UPDATE lists SET shared = ?1, updated_at = ?2 WHERE id = ?3",
            params![shared, at, id],
        )?;
        record("list.share", json!({ "list": id, "shared": shared }))?;
    }
    get(tx, tenant, Viewer::Everything, id)
}

/// Replaces a list's snapshot, provided its definition is still `definition` (the one the
/// snapshot was computed from); [`StoreError::Conflict`] if it changed meanwhile.
pub(crate) fn set_snapshot(
    tx: &Transaction<'_>,
    limits: &StorageLimits,
    actor: i64,
    tenant: i64,
    id: i64,
    definition: &str,
    snapshot: &[u32],
) -> StoreResult<SavedList> {
    let before = get(tx, tenant, Viewer::Everything, id)?;
    if before.definition != definition {
        return Err(StoreError::Conflict(
            "the list's definition changed while its snapshot was taken; try again".to_owned(),
        ));
    }
    quota::charge_write(tx, limits, actor)?;
    let removed = before.snapshot.map_or(0, |info| info.accounts);
    quota::room_for_accounts(tx, limits, tenant, snapshot.len(), removed)?;
    let at = now();
    tx.execute(
        "UPDATE lists SET snapshot = ?1, snapshot_size = ?2, snapshot_at = ?3, updated_at = ?3
         WHERE id = ?4",
        params![snapshot_json(snapshot)?, snapshot.len(), at, id],
    )?;
    get(tx, tenant, Viewer::Everything, id)
}

/// Replaces the set of users a list is assigned to, if every one is a user of `tenant`.
pub(crate) fn assign(
    tx: &Transaction<'_>,
    limits: &StorageLimits,
    tenant: i64,
    actor: i64,
    id: i64,
    users: &[i64],
) -> StoreResult<Assignment> {
    get(tx, tenant, Viewer::Everything, id)?;
    quota::charge_write(tx, limits, actor)?;
    let mut is_user = tx.prepare("SELECT 1 FROM users WHERE id = ?1 AND tenant_id = ?2")?;
    for &user in users {
        if is_user
            .query_row([user, tenant], |_| Ok(()))
            .optional()?
            .is_none()
        {
            return Ok(Assignment::UnknownUser(user));
        }
    }
    let at = now();
    // Those who stay assigned keep the time they were assigned (their notice is not new).
    let assigned: Vec<i64> = tx
        .prepare("SELECT user_id FROM list_assignments WHERE list_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for user in assigned.iter().filter(|user| !users.contains(user)) {
        tx.execute(
            "DELETE FROM list_assignments WHERE list_id = ?1 AND user_id = ?2",
            params![id, user],
        )?;
    }
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO list_assignments (list_id, user_id, assigned_by, assigned_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for &user in users {
        insert.execute(params![id, user, actor, at])?;
    }
    tx.execute(
        "UPDATE lists SET updated_at = ?1 WHERE id = ?2",
        params![at, id],
    )?;
    let list = get(tx, tenant, Viewer::Everything, id)?;
    audit::record(
        tx,
        Some(tenant),
        Some(actor),
        "list.assign",
        &json!({ "list": id, "users": list.assigned_to }),
    )?;
    Ok(Assignment::Done(list))
}

/// Deletes a list of `tenant` (its assignments go by cascade) and audits it. Export
/// history keeps its own copy of the name and definition; its link to the list is cleared
/// as the schema documents.
pub(crate) fn delete(tx: &Transaction<'_>, tenant: i64, actor: i64, id: i64) -> StoreResult<()> {
    let dependants = dependants(tx, tenant, id)?;
    if !dependants.is_empty() {
        return Err(StoreError::Conflict(format!(
            "this list is used by {}: their definitions filter by it; change or delete them first",
            dependants.join(", ")
        )));
    }
    let deleted = tx.execute(
        "DELETE FROM lists WHERE id = ?1 AND tenant_id = ?2",
        [id, tenant],
    )?;
    if deleted == 0 {
        return Err(StoreError::NotFound);
    }
    tx.execute(
        "UPDATE exports SET list_id = NULL WHERE list_id = ?1 AND tenant_id = ?2",
        [id, tenant],
    )?;
    audit::record(
        tx,
        Some(tenant),
        Some(actor),
        "list.delete",
        &json!({ "list": id }),
    )?;
    Ok(())
}

/// The tenant's saved lists and searches whose definitions filter by list `id`
/// (`list=in:…` or `list=not:…`), named for a person to find them.
fn dependants(conn: &Connection, tenant: i64, id: i64) -> StoreResult<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT 'list', name, definition FROM lists WHERE tenant_id = ?1 AND id <> ?2
         UNION ALL
         SELECT 'saved search', name, definition FROM searches WHERE tenant_id = ?1
         ORDER BY 1, 2",
    )?;
    let uses = |definition: &str| {
        clearlist_engine::list_url::decode(definition).is_ok_and(|query| {
            query
                .lists
                .iter()
                .any(|clause| clause.ids.iter().any(|&list| i64::try_from(list) == Ok(id)))
        })
    };
    let mut named = Vec::new();
    let mut rows = statement.query(params![tenant, id])?;
    while let Some(row) = rows.next()? {
        let (kind, name, definition): (String, String, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?);
        if uses(&definition) {
            named.push(format!("the {kind} “{name}”"));
        }
    }
    Ok(named)
}

/// The `settings` key holding the highest list id ever given out.
const LAST_ID_KEY: &str = "lists.last_id";

/// The id of a new list: above every id ever given out, so a deleted list's id never comes
/// back (SQLite would reuse the highest rowid after its row is deleted). Runs in the
/// creating transaction, which `BEGIN IMMEDIATE` serialises.
fn next_id(tx: &Transaction<'_>) -> StoreResult<i64> {
    let last: Option<String> = tx
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [LAST_ID_KEY],
            |r| r.get(0),
        )
        .optional()?;
    let last = match last {
        Some(text) => text
            .parse::<i64>()
            .map_err(|_| StoreError::Corrupt(format!("{LAST_ID_KEY} `{text}`")))?,
        None => 0,
    };
    let highest: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM lists", [], |r| r.get(0))?;
    let id = last.max(highest) + 1;
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![LAST_ID_KEY, id.to_string()],
    )?;
    Ok(id)
}

fn snapshot_json(snapshot: &[u32]) -> StoreResult<String> {
    serde_json::to_string(snapshot).map_err(|err| StoreError::Corrupt(err.to_string()))
}

impl super::Store {
    /// The snapshots of those of `ids` that are lists of `tenant` (see [`snapshots`]).
    pub(crate) async fn list_snapshots(
        &self,
        tenant: i64,
        ids: Vec<i64>,
    ) -> StoreResult<Vec<(i64, Vec<u32>)>> {
        self.read(move |conn| snapshots(conn, tenant, &ids)).await
    }

    /// The lists of a tenant that `viewer` sees, by name.
    pub(crate) async fn lists(&self, tenant: i64, viewer: Viewer) -> StoreResult<Vec<SavedList>> {
        self.read(move |conn| all(conn, tenant, viewer)).await
    }

    /// One list `viewer` sees.
    pub(crate) async fn list(
        &self,
        tenant: i64,
        viewer: Viewer,
        id: i64,
    ) -> StoreResult<SavedList> {
        self.read(move |conn| get(conn, tenant, viewer, id)).await
    }

    /// The snapshot of a list `viewer` sees.
    pub(crate) async fn list_accounts(
        &self,
        tenant: i64,
        viewer: Viewer,
        id: i64,
    ) -> StoreResult<ListAccounts> {
        self.read(move |conn| accounts(conn, tenant, viewer, id))
            .await
    }

    /// The definition of a list of the tenant.
    pub(crate) async fn list_definition(&self, tenant: i64, id: i64) -> StoreResult<String> {
        self.read(move |conn| definition(conn, tenant, id)).await
    }

    /// Creates a list, within `limits`.
    pub(crate) async fn create_list(
        &self,
        limits: StorageLimits,
        tenant: i64,
        owner: i64,
        list: NewList,
    ) -> StoreResult<SavedList> {
        self.write(move |tx| create(tx, &limits, tenant, owner, &list))
            .await
    }

    /// Changes a list, within `limits`.
    pub(crate) async fn change_list(
        &self,
        limits: StorageLimits,
        tenant: i64,
        actor: i64,
        id: i64,
        list_change: ListChange,
    ) -> StoreResult<SavedList> {
        self.write(move |tx| change(tx, &limits, tenant, actor, id, &list_change))
            .await
    }

    /// Replaces a list's snapshot if its definition is unchanged, within `limits`.
    pub(crate) async fn set_list_snapshot(
        &self,
        limits: StorageLimits,
        actor: i64,
        tenant: i64,
        id: i64,
        definition: String,
        snapshot: Vec<u32>,
    ) -> StoreResult<SavedList> {
        self.write(move |tx| set_snapshot(tx, &limits, actor, tenant, id, &definition, &snapshot))
            .await
    }

    /// Replaces a list's assignees, within `limits`.
    pub(crate) async fn assign_list(
        &self,
        limits: StorageLimits,
        tenant: i64,
        actor: i64,
        id: i64,
        users: Vec<i64>,
    ) -> StoreResult<Assignment> {
        self.write(move |tx| assign(tx, &limits, tenant, actor, id, &users))
            .await
    }

    /// Deletes a list.
    pub(crate) async fn delete_list(&self, tenant: i64, actor: i64, id: i64) -> StoreResult<()> {
        self.write(move |tx| delete(tx, tenant, actor, id)).await
    }
}
