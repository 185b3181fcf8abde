//! Per-country B2B email rules: may a business contact in this country be emailed on
//! legitimate interest (opt-out country), or only with consent (opt-in country)?
//!
//! The rules are data, editable by Administrators; the defaults come from
//! `data/b2b-email-rules.csv` (compiled from public summaries, sources per row). A country
//! that is unknown or missing counts as opt-in: without a rule, only consent is lawful.
//! The rule types themselves live in the engine, which applies them in the browser too.

pub use clearlist_engine::email_rules::{B2bRule, EmailRules};
use serde::{Deserialize, Serialize};

/// The shipped defaults.
pub(crate) const DEFAULT_RULES_CSV: &str = include_str!("../data/b2b-email-rules.csv");

/// One country's rule with where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRule {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country: String,
    /// The rule.
    pub rule: B2bRule,
    /// Where the rule comes from.
    pub sources: String,
    /// Caveats.
    pub notes: String,
}

/// Why a rules file cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RulesError {
    /// A CSV line is malformed.
    #[error("line {line}: {message}")]
    Line {
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
}

/// Reads a rules CSV (`country,b2b_email_rule,confidence,sources,notes`).
///
/// # Errors
/// [`RulesError::Line`] naming the first bad line: a missing column, a country that is not
/// two letters, or a rule other than `opt-in` / `opt-out`.
pub fn parse_rules_csv(text: &str) -> Result<Vec<CountryRule>, RulesError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| RulesError::Line {
            line: err.position().map_or(0, csv::Position::line),
            message: err.to_string(),
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let bad = |message: String| RulesError::Line { line, message };
        let field = |index: usize| record.get(index).unwrap_or_default();
        let country = field(0);
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(bad(format!("`{country}` is not a two-letter country code")));
        }
        let rule = B2bRule::from_slug(field(1))
            .ok_or_else(|| bad(format!("rule `{}` is neither opt-in nor opt-out", field(1))))?;
        rows.push(CountryRule {
            country: country.to_ascii_uppercase(),
            rule,
            sources: field(3).to_owned(),
            notes: field(4).to_owned(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_cover_the_eu() {
        let rows = parse_rules_csv(DEFAULT_RULES_CSV).unwrap();
        let rules = EmailRules::new(rows.iter().map(|r| (r.country.clone(), r.rule)));
        assert_eq!(rules.rule_for("DE"), B2bRule::OptIn);
        assert_eq!(rules.rule_for("fr"), B2bRule::OptOut);
        assert!(rows.len() >= 27, "{} rows", rows.len());
    }

    #[test]
    fn bad_lines_are_named() {
        let csv =
            "country,b2b_email_rule,confidence,sources,notes\nFR,opt-out,x,y,\nGER,opt-in,x,y,\n";
        assert!(matches!(
            parse_rules_csv(csv),
            Err(RulesError::Line { line: 3, .. })
        ));
        let csv = "country,b2b_email_rule,confidence,sources,notes\nFR,maybe,x,y,\n";
        assert!(matches!(
            parse_rules_csv(csv),
            Err(RulesError::Line { line: 2, .. })
        ));
    }
}
