//! The contact-level clauses of a list definition: which people at an account a list
//! targets — by function, seniority, country of work and whether the organisation may
//! export them — and how many of them an account needs to be on the list.
//!
//! A contact matches when it satisfies every clause; an account matches when at least
//! [`ContactQuery::min_team`] of its contacts match. Without any contact clause there is
//! no condition on contacts at all (`team` alone asks for at least N contacts of any kind).

use crate::taxonomy::{Function, Seniority};

/// The contact value that names contacts without a known country of work.
pub const UNKNOWN_COUNTRY: &str = "unknown";

/// The largest `team` minimum a list may ask for.
pub const MAX_TEAM: u32 = 1000;

/// Contact-level clauses.
///
/// Canonical form ([`ContactQuery::canonicalize`]): values sorted by slug and
/// deduplicated, `team` left out when it says the default (1 with a contact clause).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ContactQuery {
    /// `fn`: the contact's function is (`include`) or is not one of these.
    pub functions: Option<ContactClause<Function>>,
    /// `level`: the contact's seniority.
    pub level: Option<LevelClause>,
    /// `ccountry`: the contact's country of work (lower-case ISO 3166-1 alpha-2 codes, or
    /// [`UNKNOWN_COUNTRY`]) is or is not one of these.
    pub countries: Option<ContactClause<String>>,
    /// `reach=exportable`: only contacts the organisation may export by email.
    pub exportable: bool,
    /// `team=min:N`: how many matching contacts an account needs.
    pub team: Option<u32>,
}

/// A clause over a contact attribute: one of the values, or none of them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ContactClause<T> {
    /// `true`: the attribute is one of `values` (`any`); `false`: none of them (`not`).
    pub include: bool,
    /// Never empty; sorted by slug and deduplicated in canonical form.
    pub values: Vec<T>,
}

/// A clause over seniority.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LevelClause {
    /// `min:S`: at or above `S` (staff < manager < director < vp < c-level).
    AtLeast(Seniority),
    /// `any:…` / `not:…`.
    Set(ContactClause<Seniority>),
}

impl ContactQuery {
    /// Whether any clause about contacts is present (`team` aside).
    #[must_use]
    pub fn has_clauses(&self) -> bool {
        self.functions.is_some()
            || self.level.is_some()
            || self.countries.is_some()
            || self.exportable
    }

    /// Whether the list puts any condition on an account's contacts.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.has_clauses() || self.team.is_some()
    }

    /// How many matching contacts an account needs: `team`, else 1 with a contact clause,
    /// else 0 (no condition).
    #[must_use]
    pub fn min_team(&self) -> u32 {
        match self.team {
            Some(n) => n,
            None => u32::from(self.has_clauses()),
        }
    }

    /// Whether a function passes the `fn` clause.
    #[must_use]
    pub fn function_ok(&self, function: Function) -> bool {
        self.functions
            .as_ref()
            .is_none_or(|clause| clause.admits(&function))
    }

    /// Whether a seniority passes the `level` clause.
    #[must_use]
    pub fn level_ok(&self, seniority: Seniority) -> bool {
        match &self.level {
            None => true,
            Some(LevelClause::AtLeast(floor)) => seniority.rank() >= floor.rank(),
            Some(LevelClause::Set(clause)) => clause.admits(&seniority),
        }
    }

    /// Whether a country of work (lower-case code; `None` when unknown) passes `ccountry`.
    #[must_use]
    pub fn country_ok(&self, country: Option<&str>) -> bool {
        self.countries.as_ref().is_none_or(|clause| {
            let value = country.unwrap_or(UNKNOWN_COUNTRY);
            clause.include == clause.values.iter().any(|v| v == value)
        })
    }

    /// Whether a contact passes every clause; `exportable` says whether the organisation
    /// may export it (see `Dataset::is_exportable`).
    #[must_use]
    pub fn matches(
        &self,
        function: Function,
        seniority: Seniority,
        country: Option<&str>,
        exportable: bool,
    ) -> bool {
        self.function_ok(function)
            && self.level_ok(seniority)
            && self.country_ok(country)
            && (exportable || !self.exportable)
    }

    /// Rewrites the clauses into canonical form.
    pub fn canonicalize(&mut self) {
        if let Some(clause) = &mut self.functions {
            clause.values.sort_by_key(|value| value.slug());
            clause.values.dedup();
        }
        if let Some(LevelClause::Set(clause)) = &mut self.level {
            clause.values.sort_by_key(|value| value.slug());
            clause.values.dedup();
        }
        if let Some(clause) = &mut self.countries {
            clause.values.sort();
            clause.values.dedup();
        }
        if self.team == Some(1) && self.has_clauses() {
            self.team = None;
        }
    }

    /// The clauses in canonical form.
    #[must_use]
    pub fn canonical(mut self) -> ContactQuery {
        self.canonicalize();
        self
    }
}

impl<T: PartialEq> ContactClause<T> {
    /// Whether `value` passes the clause.
    pub fn admits(&self, value: &T) -> bool {
        self.include == self.values.contains(value)
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn any<T>(values: Vec<T>) -> ContactClause<T> {
        ContactClause {
            include: true,
            values,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn at_least_a_seniority_includes_everyone_above() {
        let query = ContactQuery {
            level: Some(LevelClause::AtLeast(Seniority::Director)),
            ..ContactQuery::default()
        };
        let admitted: Vec<&str> = Seniority::ALL
            .iter()
            .filter(|s| query.level_ok(**s))
            .map(|s| s.slug())
            .collect();
        assert_eq!(admitted, ["c-level", "vp", "director"]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_names_contacts_without_a_country() {
        let query = ContactQuery {
            countries: Some(ContactClause {
                include: false,
                values: vec![UNKNOWN_COUNTRY.to_owned(), "us".to_owned()],
            }),
            ..ContactQuery::default()
        };
        assert!(!query.country_ok(None));
        assert!(!query.country_ok(Some("us")));
        assert!(query.country_ok(Some("de")));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_clause_must_hold_and_the_team_defaults_to_one() {
        let mut query = ContactQuery {
            functions: Some(any(vec![Function::Security, Function::It, Function::It])),
            exportable: true,
            team: Some(1),
            ..ContactQuery::default()
        };
        query.canonicalize();
        assert_eq!(
            query.functions.as_ref().map(|c| c.values.clone()),
            Some(vec![Function::It, Function::Security])
        );
        assert_eq!(query.team, None);
        assert_eq!(query.min_team(), 1);
        assert!(query.matches(Function::It, Seniority::Staff, None, true));
        assert!(!query.matches(Function::It, Seniority::Staff, None, false));
        assert!(!query.matches(Function::Sales, Seniority::Staff, None, true));

        let team_alone = ContactQuery {
            team: Some(1),
            ..ContactQuery::default()
        }
        .canonical();
        assert_eq!(
            team_alone.team,
            Some(1),
            "kept: it asks for any contact at all"
        );
        assert_eq!(ContactQuery::default().min_team(), 0);
    }
}
