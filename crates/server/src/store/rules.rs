//! The per-country email rules table.

use rusqlite::{Connection, params};

use super::{OptionalRow as _, StoreError, StoreResult, now};
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

/// Every rule, by country code.
pub(crate) fn all(conn: &Connection) -> StoreResult<Vec<CountryRule>> {
    let mut statement =
        conn.prepare("SELECT country, rule, sources, notes FROM email_rules ORDER BY country")?;
    let rows = statement.query_map([], row)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The rules in force, for evaluating contacts.
pub(crate) fn in_force(conn: &Connection) -> StoreResult<EmailRules> {
    Ok(EmailRules::new(
        all(conn)?.into_iter().map(|rule| (rule.country, rule.rule)),
    ))
}

impl super::Store {
    /// Every country rule.
    pub(crate) async fn email_rules(&self) -> StoreResult<Vec<CountryRule>> {
        self.read(all).await
    }

    /// Sets one country's rule (an Administrator's edit), returning the stored row.
    pub(crate) async fn set_email_rule(&self, rule: CountryRule) -> StoreResult<CountryRule> {
        self.write(move |tx| {
            insert(tx, &rule)?;
            tx.query_row(
                "SELECT country, rule, sources, notes FROM email_rules WHERE country = ?1",
                [&rule.country],
                row,
            )
            .found()
        })
        .await
    }
}
