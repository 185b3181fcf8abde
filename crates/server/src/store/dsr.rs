//! Data-subject requests (GDPR access, erasure, objection), keyed by the pseudonym of the
//! person's email: the pseudonym is the only trace of the request the audit log keeps.
//!
//! Each request runs in one transaction together with its audit entry, so a request is
//! either carried out and recorded, or neither.

use rusqlite::{Connection, Transaction, params};
use serde_json::json;

use super::dsr_log::{self, Kind};
use super::usage::{self, Quota};
use super::vault::{self, VaultContact};
use super::{StoreResult, audit, exports, pseudonym_to_sql, suppression};

/// A vault contact with the name of the company they work at.
#[derive(Clone, Debug)]
pub(crate) struct HeldContact {
    /// The contact record.
    pub(crate) record: VaultContact,
    /// The account's name (empty if the account is missing).
    pub(crate) account_name: String,
}

/// One of the tenant's exports that contained the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExportMention {
    /// Export id.
    pub(crate) id: i64,
    /// Unix seconds.
    pub(crate) created_at: i64,
    /// The list's name at export time.
    pub(crate) list_name: String,
    /// When the export was flagged for a later opt-out or erasure.
    pub(crate) flagged_at: Option<i64>,
    /// Why.
    pub(crate) flag_reason: Option<String>,
}

/// Everything held on one person, as one tenant's Administrator may see it.
#[derive(Clone, Debug)]
pub(crate) struct AccessReport {
    /// Vault records with this email (normally one; none once erased).
    pub(crate) contacts: Vec<HeldContact>,
    /// Whether the pseudonym is on the erasure list.
    pub(crate) erased: bool,
    /// The tenant's exports that contained the person, oldest first.
    pub(crate) exports: Vec<ExportMention>,
    /// The tenant's suppression lists holding the pseudonym, as `(id, name)`.
    pub(crate) suppression_lists: Vec<(i64, String)>,
}

/// What an erasure or an objection changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// Contact records deleted (erasure) or newly opted out (objection).
    pub(crate) contacts: usize,
    /// The requesting tenant's exports newly flagged. Other tenants' exports are flagged
    /// too, but their number is not theirs to tell.
    pub(crate) flagged_exports: usize,
}

/// What the vault and the tenant's records hold on the person with this pseudonym.
pub(crate) fn access(conn: &Connection, tenant: i64, pseudonym: u64) -> StoreResult<AccessReport> {
    let mut account_name = conn.prepare("SELECT name FROM accounts WHERE id = ?1")?;
    let contacts = vault::contacts_with_pseudonym(conn, pseudonym)?
        .into_iter()
        .map(|record| {
            let mut rows = account_name.query([record.contact.account_id])?;
            let name = match rows.next()? {
                Some(row) => row.get(0)?,
                None => String::new(),
            };
            Ok(HeldContact {
                record,
                account_name: name,
            })
        })
        .collect::<StoreResult<_>>()?;
    let mut details = conn.prepare(
        "SELECT id, created_at, list_name, flagged_at, flag_reason FROM exports WHERE id = ?1",
    )?;
    let exports = exports::containing(conn, tenant, pseudonym)?
        .into_iter()
        .map(|id| {
            details.query_row([id], |r| {
                Ok(ExportMention {
                    id: r.get(0)?,
                    created_at: r.get(1)?,
                    list_name: r.get(2)?,
                    flagged_at: r.get(3)?,
                    flag_reason: r.get(4)?,
                })
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(AccessReport {
        contacts,
        erased: vault::is_erased(conn, pseudonym)?,
        exports,
        suppression_lists: suppression::lists_holding(conn, tenant, pseudonym)?,
    })
}

/// How many of the tenant's exports that contained the person are not flagged yet.
fn unflagged_exports(conn: &Connection, tenant: i64, pseudonym: u64) -> StoreResult<usize> {
    Ok(conn.query_row(
        "SELECT count(*) FROM exports
         WHERE tenant_id = ?1 AND flagged_at IS NULL
           AND id IN (SELECT export_id FROM export_contacts WHERE pseudonym = ?2)",
        params![tenant, pseudonym_to_sql(pseudonym)],
        |r| r.get(0),
    )?)
}

/// The requests that change the vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    /// Delete the person's records and remember the pseudonym.
    Erasure,
    /// Opt the person's records out of direct marketing.
    Objection,
}

/// Runs an erasure or objection: the vault changes, every export (of any tenant) that
/// contained the person is flagged, and the request is audited.
fn carry_out(tx: &Transaction<'_>, request: Request, change: Change) -> StoreResult<Outcome> {
    charge(tx, &request)?;
    let Request {
        tenant,
        user,
        pseudonym,
        ..
    } = request;
    let flagged_here = unflagged_exports(tx, tenant, pseudonym)?;
    let (contacts, action, reason) = match change {
        Change::Erasure => (vault::erase(tx, pseudonym)?, "dsr.erasure", "erased"),
        Change::Objection => (vault::opt_out(tx, pseudonym)?, "dsr.objection", "opted out"),
    };
    let kind = match change {
        Change::Erasure => Kind::Erasure,
        Change::Objection => Kind::Objection,
    };
    complete_in_log(tx, &request, kind)?;
    exports::flag_containing(tx, pseudonym, reason)?;
    audit::record(
        tx,
        Some(tenant),
        Some(user),
        action,
        &json!({
            "pseudonym": crate::pseudonym_text::format(pseudonym),
            "contacts": contacts,
            "flagged_exports": flagged_here,
        }),
    )?;
    Ok(Outcome {
        contacts,
        flagged_exports: flagged_here,
    })
}

/// Who asks about whom.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Request {
    /// The Administrator's tenant.
    pub(crate) tenant: i64,
    /// The Administrator.
    pub(crate) user: i64,
    /// The person's pseudonym.
    pub(crate) pseudonym: u64,
    /// Requests the Administrator may make per UTC day: the vault is shared by every
    /// tenant, so a lookup must not become a way round the export controls.
    pub(crate) daily_limit: u64,
    /// When the person's request arrived (Unix seconds), for its due date in the log.
    pub(crate) received_at: i64,
}

/// Marks the request carried out in the tenant's log.
fn complete_in_log(tx: &Transaction<'_>, request: &Request, kind: Kind) -> StoreResult<()> {
    dsr_log::complete(
        tx,
        request.tenant,
        kind,
        request.pseudonym,
        request.received_at,
        request.user,
    )
}

/// Charges one request to the Administrator's daily quota.
fn charge(tx: &Transaction<'_>, request: &Request) -> StoreResult<()> {
    usage::consume(
        tx,
        request.user,
        Quota::DataSubjectRequests,
        1,
        request.daily_limit,
    )?
    .map_err(|refused| {
        refused.into_error(format!(
            "you have made today's {} data-subject requests; more tomorrow (UTC)",
            request.daily_limit
        ))
    })
}

impl super::Store {
    /// A subject access request: what is held on the person, audited.
    pub(crate) async fn dsr_access(&self, request: Request) -> StoreResult<AccessReport> {
        self.write(move |tx| {
            charge(tx, &request)?;
            let report = access(tx, request.tenant, request.pseudonym)?;
            complete_in_log(tx, &request, Kind::Access)?;
            audit::record(
                tx,
                Some(request.tenant),
                Some(request.user),
                "dsr.access",
                &json!({
                    "pseudonym": crate::pseudonym_text::format(request.pseudonym),
                    "contacts": report.contacts.len(),
                    "exports": report.exports.len(),
                    "suppression_lists": report.suppression_lists.len(),
                }),
            )?;
            Ok(report)
        })
        .await
    }

    /// Erasure: the person's contact records are deleted, the pseudonym goes on the erasure
    /// list so no import adds them again, and every export that contained them is flagged.
    pub(crate) async fn dsr_erase(&self, request: Request) -> StoreResult<Outcome> {
        self.write(move |tx| carry_out(tx, request, Change::Erasure))
            .await
    }

    /// Objection to direct marketing: the person's records are opted out and every export
    /// that contained them is flagged.
    pub(crate) async fn dsr_object(&self, request: Request) -> StoreResult<Outcome> {
        self.write(move |tx| carry_out(tx, request, Change::Objection))
            .await
    }
}
