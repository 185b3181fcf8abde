//! The per-country email rules: the deployment's defaults (`email_rules`, seeded from
//! `data/b2b-email-rules.csv`) and each tenant's own rules on top of them.

use rusqlite::{Connection, params};

use serde_json::json;

use super::{StoreError, StoreResult, audit, now};
use crate::email_rules::{B2bRule, CountryRule, DEFAULT_RULES_CSV, EmailRules, parse_rules_csv};

/// Fills the rules table with the shipped defaults when it is empty (first start).
pub(super) fn seed_defaults(conn: &mut Connection) -> StoreResult<()> {
    let count: i64 = conn.query_row("SELECT count(*) FROM email_rules", [], |r| r.get(0))?;
    if count > 0 {
        return Ok(());
    }
    let rows = parse_rules_csv(DEFAULT_RULES_CSV)
        .map_err(|err| StoreError::Corrupt(format!("default email rules: {err}")))?;
    let tx = conn.transaction()?;
    for row in &rows {
        insert(&tx, row)?;
    }
    tx.commit()?;
    Ok(())
}

fn insert(conn: &Connection, row: &CountryRule) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO email_rules (country, rule, sources, notes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (country) DO UPDATE SET rule = ?2, sources = ?3, notes = ?4, updated_at = ?5",
        params![row.country, row.rule.slug(), row.sources, row.notes, now()],
    )?;
    Ok(())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CountryRule> {
    let rule: String = r.get(1)?;
    Ok(CountryRule {
        country: r.get(0)?,
        rule: B2bRule::from_slug(&rule).unwrap_or(B2bRule::OptIn),
        sources: r.get(2)?,
        notes: r.get(3)?,
    })
}

/// A rule as a tenant sees it: the deployment default or the tenant's own.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct TenantRule {
    /// The rule.
    #[serde(flatten)]
    pub(crate) rule: CountryRule,
    /// `"tenant"` when the tenant set it, `"default"` otherwise.
    pub(crate) origin: &'static str,
}

/// The rules in force for a tenant, by country: its own where it has one, the defaults
/// elsewhere.
pub(crate) fn for_tenant(conn: &Connection, tenant: i64) -> StoreResult<Vec<TenantRule>> {
    let mut statement = conn.prepare(
        "SELECT country, rule, sources, notes, 'tenant' FROM tenant_email_rules WHERE tenant_id = ?1
         UNION ALL
         SELECT country, rule, sources, notes, 'default' FROM email_rules
         WHERE country NOT IN (SELECT country FROM tenant_email_rules WHERE tenant_id = ?1)
         ORDER BY 1",
    )?;
    let rows = statement
        .query_map([tenant], |r| {
            let origin: String = r.get(4)?;
            Ok(TenantRule {
                rule: row(r)?,
                origin: if origin == "tenant" {
                    "tenant"
                } else {
                    "default"
                },
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The rules in force for a tenant, for evaluating contacts.
pub(crate) fn in_force(conn: &Connection, tenant: i64) -> StoreResult<EmailRules> {
    Ok(EmailRules::new(
        for_tenant(conn, tenant)?
            .into_iter()
            .map(|rule| (rule.rule.country, rule.rule.rule)),
    ))
}

impl super::Store {
    /// The rules in force for a tenant (defaults and its own), for callers outside the
    /// async runtime (`clearlist build-dataset`).
    ///
    /// # Errors
    /// A [`super::StoreError`] from SQLite.
    pub fn email_rules_in_force_blocking(&self, tenant: i64) -> StoreResult<EmailRules> {
        self.read_blocking(|conn| in_force(conn, tenant))
    }

    /// The rules in force for a tenant.
    pub(crate) async fn email_rules(&self, tenant: i64) -> StoreResult<Vec<TenantRule>> {
        self.read(move |conn| for_tenant(conn, tenant)).await
    }

    /// Sets a tenant's own rule for a country, audited in the same transaction.
    pub(crate) async fn set_email_rule(
        &self,
        tenant: i64,
        user: i64,
        rule: CountryRule,
    ) -> StoreResult<TenantRule> {
        self.write(move |tx| {
            tx.execute(
                "INSERT INTO tenant_email_rules
                     (tenant_id, country, rule, sources, notes, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (tenant_id, country) DO UPDATE
                 SET rule = ?3, sources = ?4, notes = ?5, updated_by = ?6, updated_at = ?7",
                params![
                    tenant,
                    rule.country,
                    rule.rule.slug(),
                    rule.sources,
                    rule.notes,
                    user,
                    now()
                ],
            )?;
            audit::record(
                tx,
                Some(tenant),
                Some(user),
                "email_rule.update",
                &json!({ "country": rule.country, "rule": rule.rule }),
            )?;
            Ok(TenantRule {
                rule,
                origin: "tenant",
            })
        })
        .await
    }

    /// Drops a tenant's own rule for a country, so the default applies again.
    pub(crate) async fn reset_email_rule(
        &self,
        tenant: i64,
        user: i64,
        country: String,
    ) -> StoreResult<()> {
        self.write(move |tx| {
            let deleted = tx.execute(
                "DELETE FROM tenant_email_rules WHERE tenant_id = ?1 AND country = ?2",
                params![tenant, country],
            )?;
            if deleted == 0 {
                return Err(StoreError::NotFound);
            }
            audit::record(
                tx,
                Some(tenant),
                Some(user),
                "email_rule.reset",
                &json!({ "country": country }),
            )?;
            Ok(())
        })
        .await
    }
}
