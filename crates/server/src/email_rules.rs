//! Per-country B2B email rules: may a business contact in this country be emailed on
//! legitimate interest (opt-out country), or only with consent (opt-in country)?
//!
//! The rules are data, editable by Administrators; the defaults come from
//! `data/b2b-email-rules.csv` (compiled from public summaries, sources per row). A country
//! that is unknown or missing counts as opt-in: without a rule, only consent is lawful.

use std::collections::HashMap;
use std::fmt;

use clearlist_engine::taxonomy::LawfulBasis;
use serde::{Deserialize, Serialize};

/// The shipped defaults.
pub(crate) const DEFAULT_RULES_CSV: &str = include_str!("../data/b2b-email-rules.csv");

/// A country's rule for marketing email to a named business address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum B2bRule {
    /// Prior consent needed.
    OptIn,
    /// Allowed on legitimate interest until the person objects.
    OptOut,
}

impl B2bRule {
    /// The slug used in the CSV, the database and the API.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            B2bRule::OptIn => "opt-in",
            B2bRule::OptOut => "opt-out",
        }
    }

    /// The rule of a slug.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<B2bRule> {
        match slug {
            "opt-in" => Some(B2bRule::OptIn),
            "opt-out" => Some(B2bRule::OptOut),
            _ => None,
        }
    }

    /// Whether a contact held on `basis` may be emailed under this rule.
    #[must_use]
    pub fn allows(self, basis: LawfulBasis) -> bool {
        match self {
            B2bRule::OptIn => basis == LawfulBasis::Consent,
            B2bRule::OptOut => true,
        }
    }
}

impl fmt::Display for B2bRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

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

/// The rules in force, by country.
#[derive(Clone, Debug, Default)]
pub struct EmailRules {
    by_country: HashMap<String, B2bRule>,
}

impl EmailRules {
    /// Rules from their rows.
    #[must_use]
    pub fn new(rows: impl IntoIterator<Item = (String, B2bRule)>) -> Self {
        EmailRules {
            by_country: rows
                .into_iter()
                .map(|(country, rule)| (country.to_ascii_uppercase(), rule))
                .collect(),
        }
    }

    /// The rule for a country code (any case); unknown or empty → opt-in.
    #[must_use]
    pub fn rule_for(&self, country: &str) -> B2bRule {
        self.by_country
            .get(&country.trim().to_ascii_uppercase())
            .copied()
            .unwrap_or(B2bRule::OptIn)
    }
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
    fn unknown_and_missing_countries_are_opt_in() {
        let rules = EmailRules::new([("FR".to_owned(), B2bRule::OptOut)]);
        assert_eq!(rules.rule_for("ZZ"), B2bRule::OptIn);
        assert_eq!(rules.rule_for(""), B2bRule::OptIn);
    }

    #[test]
    fn opt_in_needs_consent_and_opt_out_takes_either_basis() {
        assert!(B2bRule::OptIn.allows(LawfulBasis::Consent));
        assert!(!B2bRule::OptIn.allows(LawfulBasis::LegitimateInterest));
        assert!(B2bRule::OptOut.allows(LawfulBasis::LegitimateInterest));
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
