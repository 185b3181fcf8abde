//! Why a contact is left out of an export. The checks run in a fixed order and the first
//! that applies is the reason reported, so every left-out contact has exactly one reason
//! and the counts by reason add up.

use std::collections::BTreeMap;

use clearlist_engine::pseudonym::Pseudonym;
use clearlist_engine::suppression::SuppressionSet;
use clearlist_engine::vault::Contact;
use serde::Serialize;

use crate::email_rules::{B2bRule, EmailRules};

/// The reason a contact is not exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Exclusion {
    /// On a suppression list: the tenant's, or the one sent with the request (email
    /// pseudonym, email domain, or company domain).
    Suppressed,
    /// The person opted out of marketing (or objected).
    OptedOut,
    /// The person has not allowed their email to be downloaded.
    DownloadBlocked,
    /// The lawful basis on record does not meet the country's B2B email rule (an opt-in
    /// country without consent; unknown countries count as opt-in).
    NoLawfulBasis,
}

impl Exclusion {
    /// Every reason, in the order they are checked.
    pub(crate) const ALL: [Exclusion; 4] = [
        Exclusion::Suppressed,
        Exclusion::OptedOut,
        Exclusion::DownloadBlocked,
        Exclusion::NoLawfulBasis,
    ];

    /// The reason's slug, as in the API.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Exclusion::Suppressed => "suppressed",
            Exclusion::OptedOut => "opted-out",
            Exclusion::DownloadBlocked => "download-blocked",
            Exclusion::NoLawfulBasis => "no-lawful-basis",
        }
    }
}

/// What decides exclusions: suppression in force and the country rules.
pub(crate) struct Rules<'a> {
    /// Tenant and request suppression, combined.
    pub(crate) suppression: &'a SuppressionSet,
    /// Per-country email rules.
    pub(crate) email: &'a EmailRules,
}

impl Rules<'_> {
    /// Why `contact` (at a company with `account_domain`, email pseudonym `pseudonym`)
    /// must be left out, or `None` when it may be exported.
    pub(crate) fn exclusion(
        &self,
        contact: &Contact,
        pseudonym: u64,
        account_domain: &str,
    ) -> Option<Exclusion> {
        let email_domain = contact
            .email
            .rsplit_once('@')
            .map_or("", |(_, domain)| domain);
        if self.suppression.contains_pseudonym(Pseudonym(pseudonym))
            || self
                .suppression
                .contains_domain(&email_domain.to_ascii_lowercase())
            || self
                .suppression
                .contains_domain(&account_domain.to_ascii_lowercase())
        {
            Some(Exclusion::Suppressed)
        } else if contact.opted_out {
            Some(Exclusion::OptedOut)
        } else if !contact.email_download {
            Some(Exclusion::DownloadBlocked)
        } else if !self.rule(contact).allows(contact.lawful_basis) {
            Some(Exclusion::NoLawfulBasis)
        } else {
            None
        }
    }

    /// The email rule of the contact's country.
    pub(crate) fn rule(&self, contact: &Contact) -> B2bRule {
        self.email.rule_for(&contact.country)
    }
}

/// Left-out counts by reason, every reason present (zero when none).
pub(crate) fn counts(reasons: impl IntoIterator<Item = Exclusion>) -> BTreeMap<&'static str, u64> {
    let mut counts: BTreeMap<&'static str, u64> = Exclusion::ALL
        .iter()
        .map(|reason| (reason.slug(), 0))
        .collect();
    for reason in reasons {
        *counts.entry(reason.slug()).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use clearlist_engine::taxonomy::{Function, LawfulBasis, Seniority};

    fn contact() -> Contact {
        Contact {
            id: 1,
            account_id: 1,
            first_name: "Ana".into(),
            last_name: "Lima".into(),
            email: "ana.lima@example.fr".into(),
            title: "CTO".into(),
            function: Function::It,
            seniority: Seniority::CLevel,
            country: "FR".into(),
            lawful_basis: LawfulBasis::LegitimateInterest,
            opted_out: false,
            email_download: true,
        }
    }

    fn check(contact: &Contact, suppression: &SuppressionSet) -> Option<Exclusion> {
        let email = EmailRules::new([("FR".to_owned(), B2bRule::OptOut)]);
        Rules {
            suppression,
            email: &email,
        }
        .exclusion(contact, 42, "example.fr")
    }

    #[test]
    fn each_reason_in_order() {
        let none = SuppressionSet::new(vec![], vec![]);
        assert_eq!(check(&contact(), &none), None);
        let by_pseudonym = SuppressionSet::new(vec![], vec![Pseudonym(42)]);
        assert_eq!(
            check(&contact(), &by_pseudonym),
            Some(Exclusion::Suppressed)
        );
        let by_domain = SuppressionSet::new(vec!["example.fr".into()], vec![]);
        assert_eq!(check(&contact(), &by_domain), Some(Exclusion::Suppressed));
        let mut c = contact();
        c.opted_out = true;
        c.email_download = false;
        assert_eq!(
            check(&c, &none),
            Some(Exclusion::OptedOut),
            "first reason wins"
        );
        let mut c = contact();
        c.email_download = false;
        assert_eq!(check(&c, &none), Some(Exclusion::DownloadBlocked));
        let mut c = contact();
        c.country = "DE".into();
        assert_eq!(
            check(&c, &none),
            Some(Exclusion::NoLawfulBasis),
            "unknown → opt-in"
        );
        c.lawful_basis = LawfulBasis::Consent;
        assert_eq!(check(&c, &none), None);
    }

    #[test]
    fn counts_name_every_reason() {
        let counts = counts([Exclusion::OptedOut, Exclusion::OptedOut]);
        assert_eq!(counts["opted-out"], 2);
        assert_eq!(counts["suppressed"], 0);
        assert_eq!(counts.len(), 4);
    }
}
