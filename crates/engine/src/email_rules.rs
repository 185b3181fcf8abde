//! Per-country B2B email rules: may a business contact in this country be emailed on
//! legitimate interest (opt-out country), or only with consent (opt-in country)? A country
//! that is unknown or missing counts as opt-in: without a rule, only consent is lawful.
//!
//! The rules are not personal data. The server keeps them (defaults and each
//! organisation's own) and writes the organisation's into its dataset, so the browser
//! decides which contacts are exportable by exactly the rules an export applies.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::taxonomy::LawfulBasis;

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

/// The rules in force, by country.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmailRules {
    by_country: HashMap<String, B2bRule>,
}

impl EmailRules {
    /// Rules from their rows (codes in any case).
    #[must_use]
    pub fn new(rows: impl IntoIterator<Item = (String, B2bRule)>) -> Self {
        EmailRules {
            by_country: rows
                .into_iter()
                .map(|(country, rule)| (country.trim().to_ascii_uppercase(), rule))
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

    /// The countries whose rule is opt-out, as lower-case codes, sorted: with "everything
    /// else is opt-in" this is the whole of the rules.
    #[must_use]
    pub fn opt_out_countries(&self) -> Vec<String> {
        let mut codes: Vec<String> = self
            .by_country
            .iter()
            .filter(|(_, rule)| **rule == B2bRule::OptOut)
            .map(|(code, _)| code.to_ascii_lowercase())
            .collect();
        codes.sort();
        codes
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_and_missing_countries_are_opt_in() {
        let rules = EmailRules::new([("FR".to_owned(), B2bRule::OptOut)]);
        assert_eq!(rules.rule_for("fr"), B2bRule::OptOut);
        assert_eq!(rules.rule_for("ZZ"), B2bRule::OptIn);
        assert_eq!(rules.rule_for(""), B2bRule::OptIn);
        assert_eq!(rules.opt_out_countries(), ["fr"]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn opt_in_needs_consent_and_opt_out_takes_either_basis() {
        assert!(B2bRule::OptIn.allows(LawfulBasis::Consent));
        assert!(!B2bRule::OptIn.allows(LawfulBasis::LegitimateInterest));
        assert!(B2bRule::OptOut.allows(LawfulBasis::LegitimateInterest));
    }
}
