//! The storage layer: every SQL statement of the server lives under this module.
//!
//! Handlers call typed async methods on [`Store`] (one submodule per area) and never see a
//! connection, so another backend (PostgreSQL) can take its place behind the same methods.
//! The embedded default is one SQLite file in WAL mode; its schema is created and migrated
//! at open time from `migrations/*.sql`, tracked by `PRAGMA user_version`.
//!
//! Blocking SQLite work runs on tokio's blocking pool. Writes use `BEGIN IMMEDIATE`
//! transactions, so a writer never fails half-way on a lock upgrade, and a crash (even
//! SIGKILL) loses nothing that was committed: WAL recovery at the next open restores the
//! last committed state.

pub(crate) mod audit;
pub(crate) mod dsr;
pub(crate) mod dsr_log;
pub(crate) mod embeds;
pub(crate) mod exports;
pub(crate) mod links;
pub(crate) mod lists;
pub(crate) mod notifications;
pub mod quota;
pub(crate) mod rules;
pub(crate) mod searches;
pub(crate) mod suppression;
pub(crate) mod tenants;
pub(crate) mod usage;
pub(crate) mod users;
pub(crate) mod vault;

use std::path::{Path, PathBuf};
use std::time::Duration;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

/// The migrations, in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: [&str; 10] = [
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_tenant_rules_objections.sql"),
    include_str!("../migrations/0003_quotas.sql"),
    include_str!("../migrations/0004_search_contacts.sql"),
    include_str!("../migrations/0005_sign_in_links.sql"),
    include_str!("../migrations/0006_dsr_requests.sql"),
    include_str!("../migrations/0007_vault_steward.sql"),
    include_str!("../migrations/0008_notifications.sql"),
    include_str!("../migrations/0009_embed_origins.sql"),
    include_str!("../migrations/0010_export_max_rows.sql"),
];

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist (or belongs to another tenant: callers cannot tell).
    #[error("not found")]
    NotFound,
    /// The change conflicts with existing data (a duplicate name, for instance).
    #[error("{0}")]
    Conflict(String),
    /// A quota over a time window is used up; nothing was changed.
    #[error("{message}")]
    QuotaExceeded {
        /// What is used up, for the person who asked.
        message: String,
        /// Seconds until the allowance renews.
        retry_after: u64,
    },
    /// A limit on what a user or organisation may keep is reached; nothing was changed.
    #[error("{0}")]
    LimitReached(String),
    /// A one-time link cannot be used (unknown, used, expired, or its user disabled).
    #[error("{message}")]
    Gone {
        /// Stable code (`link_used`, `link_expired`, ...).
        code: &'static str,
        /// What happened and what to do.
        message: String,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// No connection could be opened.
    #[error("database connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    /// The database was written by a newer Clearlist.
    #[error("the database schema is version {found}, newer than this server knows ({known})")]
    TooNew {
        /// Version in the file.
        found: u32,
        /// Highest version this build knows.
        known: u32,
    },
    /// A stored value does not parse (the file was edited by hand or is corrupt).
    #[error("corrupt record: {0}")]
    Corrupt(String),
    /// The blocking task running the operation panicked or was cancelled.
    #[error("storage task failed: {0}")]
    Task(String),
}

/// Result of a storage operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// The database: a pool of SQLite connections to one file.
#[derive(Clone, Debug)]
pub struct Store {
    pool: r2d2::Pool<SqliteConnectionManager>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to the current
    /// schema.
    ///
    /// # Errors
    /// [`StoreError`] when the file cannot be opened, is not a database, or is newer than
    /// this build.
    pub fn open(path: &Path) -> StoreResult<Store> {
        // Switching a new file to WAL takes an exclusive lock: done once here, before the
        // pool opens its connections side by side (each would race for it, and lose some
        // of the race with "database is locked" logged). On a WAL file it is a no-op.
        configure(&mut Connection::open(path)?)?;
        let manager = SqliteConnectionManager::file(path)
            .with_flags(
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .with_init(configure);
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .connection_timeout(BUSY_TIMEOUT)
            .build(manager)?;
        let store = Store {
            pool,
            path: path.to_owned(),
        };
        let mut conn = store.pool.get()?;
        let conn = &mut *conn;
        migrate(conn)?;
        rules::seed_defaults(conn)?;
        Ok(store)
    }

    /// The database file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `read` on a pooled connection, off the async threads.
    pub(super) async fn read<T, F>(&self, read: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        run_blocking(move || read(&*pool.get()?)).await
    }

    /// Runs `write` in one `BEGIN IMMEDIATE` transaction, committed when it returns `Ok`
    /// and rolled back otherwise.
    pub(super) async fn write<T, F>(&self, write: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> StoreResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        run_blocking(move || transaction(&mut *pool.get()?, write)).await
    }

    /// [`Store::write`] for synchronous callers (the command line).
    fn write_blocking<T>(
        &self,
        write: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        transaction(&mut *self.pool.get()?, write)
    }

    /// [`Store::read`] for synchronous callers (the command line).
    fn read_blocking<T>(&self, read: impl FnOnce(&Connection) -> StoreResult<T>) -> StoreResult<T> {
        read(&*self.pool.get()?)
    }
}

fn transaction<T>(
    conn: &mut Connection,
    write: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
) -> StoreResult<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = write(&tx)?;
    tx.commit()?;
    Ok(value)
}

async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| StoreError::Task(err.to_string()))?
}

/// Per-connection settings: WAL (readers never block the writer), full durability of
/// commits, foreign keys enforced.
fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;",
    )
}

/// Applies the migrations the file lacks, each in its own transaction with the version bump.
fn migrate(conn: &mut Connection) -> StoreResult<()> {
    let known = u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX);
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    for (version, sql) in (found..known).zip(&MIGRATIONS[found as usize..]) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
        tracing::info!(version = version + 1, "database migrated");
    }
    Ok(())
}

/// The UTC calendar day of a Unix second.
pub(crate) fn day_of(at: i64) -> clearlist_engine::date::Date {
    clearlist_engine::date::Date(i32::try_from(at.div_euclid(86_400)).unwrap_or(0))
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// A pseudonym as SQLite stores it (the same 64 bits, signed).
pub(crate) fn pseudonym_to_sql(pseudonym: u64) -> i64 {
    i64::from_ne_bytes(pseudonym.to_ne_bytes())
}

/// The pseudonym of a stored value.
pub(crate) fn pseudonym_from_sql(value: i64) -> u64 {
    u64::from_ne_bytes(value.to_ne_bytes())
}

/// Maps "no row" to [`StoreError::NotFound`].
pub(crate) trait OptionalRow<T> {
    /// `Ok(None)` becomes `Err(NotFound)`.
    fn found(self) -> StoreResult<T>;
}

impl<T> OptionalRow<T> for rusqlite::Result<T> {
    fn found(self) -> StoreResult<T> {
        match self {
            Err(rusqlite::Error::QueryReturnedNoRows) => Err(StoreError::NotFound),
            other => Ok(other?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_a_new_file_and_reopens_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let version: u32 = store
            .read_blocking(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
            .unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
        let mode: String = store
            .read_blocking(|c| Ok(c.pragma_query_value(None, "journal_mode", |r| r.get(0))?))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }

    #[test]
    fn pseudonyms_round_trip_through_sql_integers() {
        for value in [0, 1, u64::MAX, 1 << 63, 0x0123_4567_89ab_cdef] {
            assert_eq!(pseudonym_from_sql(pseudonym_to_sql(value)), value);
        }
    }
}
