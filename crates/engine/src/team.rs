//! One account's buying team as pseudonymous rows: each contact's function, seniority and
//! country of work, whether a list's contact clauses target it, and whether the
//! organisation may export it — or the first reason it may not, in the order an export
//! checks them. Never a name, title or email: the dataset has none.

use crate::contact_query::ContactQuery;
use crate::dataset::{Dataset, FLAG_CONSENT, FLAG_DECLINED, FLAG_EXPORTABLE};
use crate::query::AppliedSuppression;
use crate::taxonomy::{Function, Seniority};

/// Whether a contact may be exported by email, or the first reason it may not (the order
/// of the server's export checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reach {
    /// The organisation may export it.
    Exportable,
    /// On a suppression list in force (by pseudonym or email domain).
    Suppressed,
    /// The person opted out or objected, or has not allowed their email to be downloaded
    /// (the dataset does not say which: the export preview does, to Administrators).
    Declined,
    /// The country's rule needs consent and the basis on record is legitimate interest
    /// (or the country is unknown, which counts as opt-in).
    NoLawfulBasis,
}

impl Reach {
    /// The reason's slug, as the export API names it (`exportable` for none; `declined`
    /// stands for the API's `opted-out` and `download-blocked`).
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Reach::Exportable => "exportable",
            Reach::Suppressed => "suppressed",
            Reach::Declined => "declined",
            Reach::NoLawfulBasis => "no-lawful-basis",
        }
    }
}

/// One contact of a buying team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamMember {
    /// Job function.
    pub function: Function,
    /// Seniority.
    pub seniority: Seniority,
    /// Country of work, lower-case code; `None` when unknown.
    pub country: Option<String>,
    /// Whether the list's contact clauses target this contact (every contact without any).
    pub targeted: bool,
    /// Whether it may be exported, or why not.
    pub reach: Reach,
}

impl Dataset {
    /// The contacts of account `id`, in the dataset's order, judged by the list's contact
    /// clauses and the suppression in force; `None` when the account is not in the
    /// dataset.
    #[must_use]
    pub fn team(
        &self,
        id: u32,
        clauses: &ContactQuery,
        suppression: Option<&AppliedSuppression>,
    ) -> Option<Vec<TeamMember>> {
        let row = self.row_of(id)?;
        let members = self
            .contact_range(row)
            .map(|contact| {
                let c = &self.contacts;
                let flags = c.flags[contact];
                let function = Function::from_index(c.function[contact]).unwrap_or(Function::It);
                let seniority =
                    Seniority::from_index(c.seniority[contact]).unwrap_or(Seniority::Staff);
                let country_index = c.country[contact];
                let country = (country_index > 0).then(|| {
                    self.countries
                        .slug(usize::from(country_index - 1))
                        .to_owned()
                });
                let suppressed = suppression.is_some_and(|s| {
                    u32::try_from(contact).is_ok_and(|contact| s.contacts.contains(contact))
                        || s.accounts.contains(row)
                });
                let reach = if suppressed {
                    Reach::Suppressed
                } else if flags & FLAG_DECLINED != 0 {
                    Reach::Declined
                } else if flags & FLAG_EXPORTABLE == 0 {
                    debug_assert!(flags & FLAG_CONSENT == 0, "consent is lawful everywhere");
                    Reach::NoLawfulBasis
                } else {
                    Reach::Exportable
                };
                let exportable = reach == Reach::Exportable;
                TeamMember {
                    targeted: !suppressed
                        && clauses.matches(function, seniority, country.as_deref(), exportable),
                    function,
                    seniority,
                    country,
                    reach,
                }
            })
            .collect();
        Some(members)
    }
}

impl Dataset {
    /// How many contacts of `row` the clauses target, suppressed ones left out: what a
    /// list row shows beside its team size.
    #[must_use]
    pub fn targeted_contacts(
        &self,
        row: u32,
        clauses: &ContactQuery,
        suppression: Option<&AppliedSuppression>,
    ) -> u32 {
        let c = &self.contacts;
        let count = self
            .contact_range(row)
            .filter(|&contact| {
                let suppressed = suppression.is_some_and(|s| {
                    u32::try_from(contact).is_ok_and(|contact| s.contacts.contains(contact))
                });
                let country = c.country[contact];
                !suppressed
                    && clauses.matches(
                        Function::from_index(c.function[contact]).unwrap_or(Function::It),
                        Seniority::from_index(c.seniority[contact]).unwrap_or(Seniority::Staff),
                        (country > 0).then(|| self.countries.slug(usize::from(country - 1))),
                        c.flags[contact] & FLAG_EXPORTABLE != 0,
                    )
            })
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }
}
