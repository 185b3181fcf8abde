//! The full records, personal data included: what the server keeps in its vault and what
//! the generator and the CSV import produce. Nothing here is ever sent to a browser; the
//! dataset module derives the de-identified client dataset from it.

use crate::date::Date;
use crate::taxonomy::{Function, LawfulBasis, Seniority};

/// Number of weeks of intent activity kept per account and segment.
pub const WEEKS: usize = 13;

/// Everything the server knows: accounts, their contacts, and intent activity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vault {
    /// The last day of the 13-week intent window.
    pub as_of: Date,
    /// Companies. Ids are unique.
    pub accounts: Vec<Account>,
    /// People at those companies (personal data). Ids are unique; `account_id` names an
    /// account of `accounts`.
    pub contacts: Vec<Contact>,
    /// Weekly intent activity per account and segment; at most one record per pair.
    pub intent: Vec<IntentRecord>,
}

/// A company. Companies are not personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Stable account id, used in URLs and list snapshots.
    pub id: u32,
    /// Company name as displayed.
    pub name: String,
    /// Primary web domain, lower case, without `www.`.
    pub domain: String,
    /// Headquarters country, ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// Headquarters city.
    pub city: String,
    /// Industry label (its slug is the facet value).
    pub industry: String,
    /// Headcount.
    pub employees: u32,
    /// Annual revenue in US dollars.
    pub revenue_usd: u64,
    /// Installed technology labels.
    pub technologies: Vec<String>,
    /// Intent topic labels the account read about, most read first.
    pub topics: Vec<String>,
    /// Vendor labels whose content the account read, most read first.
    pub vendors: Vec<String>,
    /// A one-paragraph company description.
    pub description: String,
}

/// A person at an account. Personal data: it stays in the vault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// Stable contact id.
    pub id: u32,
    /// The account this person works at.
    pub account_id: u32,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Work email address as recorded.
    pub email: String,
    /// Free-text job title.
    pub title: String,
    /// Job function.
    pub function: Function,
    /// Seniority.
    pub seniority: Seniority,
    /// Country of work, ISO 3166-1 alpha-2, upper case; empty when unknown.
    pub country: String,
    /// Lawful basis for processing.
    pub lawful_basis: LawfulBasis,
    /// The person objected to direct marketing.
    pub opted_out: bool,
    /// The person allows their email to be downloaded (exported). Defaults to false.
    pub email_download: bool,
}

/// One week of intent activity of an account in a segment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WeekActivity {
    /// Distinct people of the account who read segment content that week.
    pub readers: u16,
    /// Of those, readers at director level or above.
    pub senior_readers: u16,
    /// Late-stage content events (comparisons, pricing, trials).
    pub late_stage: u16,
    /// Distinct vendors whose content was read.
    pub vendors: u16,
}

/// Thirteen weeks of intent activity of an account in one segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntentRecord {
    /// The account.
    pub account_id: u32,
    /// Segment label (its slug is the facet value).
    pub segment: String,
    /// Weekly activity, oldest first; the last week ends on [`Vault::as_of`].
    pub weeks: [WeekActivity; WEEKS],
    /// The most recent day with any activity in this segment, if any.
    pub last_touch: Option<Date>,
}

impl Vault {
    /// The first day of the 13-week window that ends on `as_of`.
    #[must_use]
    pub fn window_start(&self) -> Date {
        self.as_of.add_days(-(7 * 13 - 1))
    }
}
