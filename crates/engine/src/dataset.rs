//! The de-identified client dataset: what a browser downloads and queries.
//!
//! It holds accounts (companies are not personal data), their intent aggregates per
//! segment, and contacts only as pseudonymous rows: function, seniority, country, consent
//! flags and the keyed pseudonym of the email. **Architecture invariant: no name, email,
//! phone or free-text title of a person is ever written into a dataset.** `build` derives
//! the bytes from a [`Vault`](crate::vault::Vault); `decode` reads them back into columns
//! and builds the facet indexes.

mod build;
mod decode;
pub mod format;
mod index;

use std::collections::HashMap;

use crate::date::Date;
use crate::email_rules::{B2bRule, EmailRules};
use crate::intent::{Metrics, SignalSet};
use crate::taxonomy::{EmployeeBand, Facet, Function, Gauge, Region, RevenueBand, Seniority};

pub use build::{BuildError, build, build_with_rules};
pub use format::DecodeError;
pub(crate) use index::FacetIndex;

/// A decoded, indexed dataset. Rows are accounts in ascending id order; every per-account
/// column has one entry per row.
#[derive(Debug)]
pub struct Dataset {
    /// Last day of the intent window.
    pub(crate) as_of: Date,
    /// CRC-32 of the file: identifies the dataset version.
    pub(crate) checksum: u32,
    pub(crate) industries: Dictionary,
    pub(crate) countries: Dictionary,
    pub(crate) technologies: Dictionary,
    pub(crate) segments: Dictionary,
    pub(crate) topics: Dictionary,
    pub(crate) vendors: Dictionary,
    /// Account ids, strictly ascending.
    pub(crate) ids: Vec<u32>,
    pub(crate) names: Strings,
    pub(crate) domains: Strings,
    pub(crate) cities: Strings,
    /// Index into `industries`.
    pub(crate) industry: Vec<u16>,
    /// Index into `countries`.
    pub(crate) country: Vec<u16>,
    /// [`Region::index`] of the country.
    pub(crate) region: Vec<u8>,
    /// [`EmployeeBand::index`].
    pub(crate) employees: Vec<u8>,
    /// [`RevenueBand::index`].
    pub(crate) revenue: Vec<u8>,
    /// Last touch over all segments, as days since 1970; `i32::MIN` when never touched.
    pub(crate) last_touch: Vec<i32>,
    /// Indexes into `technologies`, ascending per row.
    pub(crate) techs: Csr<u16>,
    /// Indexes into `topics`, most read first.
    pub(crate) account_topics: Csr<u16>,
    /// Indexes into `vendors`, most read first.
    pub(crate) account_vendors: Csr<u16>,
    /// Intent per segment, ascending segment per row.
    pub(crate) intent: Csr<SegmentIntent>,
    /// Each row's strongest segment (highest score, then lowest segment index).
    pub(crate) best: Vec<Option<SegmentIntent>>,
    /// Pseudonymous contacts, grouped by row.
    pub(crate) contacts: Contacts,
    /// The organisation's opt-out countries (lower-case codes, ascending); every other
    /// country is opt-in.
    pub(crate) opt_out: Vec<String>,
    /// Contacts whose email domain differs from their account's: (contact, domain).
    pub(crate) email_domains: Vec<(u32, String)>,
    /// Rows in company-name order (folded, then row).
    pub(crate) name_order: Vec<u32>,
    /// Facet bitmaps over rows.
    pub(crate) index: FacetIndex,
    /// The type-ahead's trigram index, built on first use.
    pub(crate) words: std::sync::OnceLock<crate::typeahead::SearchIndex>,
}

/// A vocabulary of the dataset: slugs with their labels, addressed by index.
#[derive(Debug, Default)]
pub struct Dictionary {
    slugs: Vec<String>,
    labels: Vec<String>,
    by_slug: HashMap<String, u32>,
}

/// Strings stored back to back.
#[derive(Debug, Default)]
pub(crate) struct Strings {
    bytes: String,
    ends: Vec<u32>,
}

/// Compressed sparse rows: the values of row `r` are `values[offsets[r]..offsets[r + 1]]`.
#[derive(Debug)]
pub(crate) struct Csr<T> {
    pub(crate) offsets: Vec<u32>,
    pub(crate) values: Vec<T>,
}

/// An account's intent in one segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentIntent {
    /// Index into the segment dictionary.
    pub segment: u16,
    /// The numbers behind the signals.
    pub metrics: Metrics,
    /// Score in hundredths under the default weights.
    pub centi_score: u16,
    /// Lit signals.
    pub signals: SignalSet,
    /// Interest gauge.
    pub gauge: Gauge,
}

/// Pseudonymous contacts in columns, grouped by account row.
#[derive(Debug, Default)]
pub(crate) struct Contacts {
    /// Contacts of row `r` are `offsets[r]..offsets[r + 1]`.
    pub(crate) offsets: Vec<u32>,
    /// Keyed PRF of the normalised email (see `pseudonym`).
    pub(crate) pseudonym: Vec<u64>,
    pub(crate) function: Vec<u8>,
    pub(crate) seniority: Vec<u8>,
    /// Index into `countries` plus one; 0 when unknown.
    pub(crate) country: Vec<u16>,
    /// The contact's standing, as served: [`FLAG_DECLINED`] (opted out or refused email
    /// download), else [`FLAG_CONSENT`] or neither (legitimate interest); bit 3
    /// ([`FLAG_EXPORTABLE`]), derived at decode: the organisation may export the contact
    /// by email (before any suppression).
    pub(crate) flags: Vec<u8>,
    /// Contacts of rows `..r` that are exportable: `exportable_before[r]` (length rows + 1).
    pub(crate) exportable_before: Vec<u32>,
}

impl Contacts {
    /// Sets [`FLAG_EXPORTABLE`] on every contact that has not declined (opted out or
    /// refused email download) and has a lawful basis in its country (`opt_out[country]`:
    /// the country, index 0 unknown, is opt-out, so legitimate interest suffices), and
    /// counts them per row. The server applies the same rule to an export
    /// (`Rules::exclusion`).
    pub(crate) fn mark_exportable(&mut self, opt_out: &[bool]) {
        let mut total = 0u32;
        self.exportable_before = Vec::with_capacity(self.offsets.len());
        self.exportable_before.push(0);
        for row in self.offsets.windows(2) {
            for contact in row[0] as usize..row[1] as usize {
                let flags = self.flags[contact];
                let lawful = flags & FLAG_CONSENT != 0
                    || opt_out
                        .get(usize::from(self.country[contact]))
                        .copied()
                        .unwrap_or(false);
                let exportable = flags & FLAG_DECLINED == 0 && lawful;
                if exportable {
                    self.flags[contact] = flags | FLAG_EXPORTABLE;
                    total += 1;
                }
            }
            self.exportable_before.push(total);
        }
    }
}

/// What a change of one country's email rule would do to exportability.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleChangeEffect {
    /// Contacts that would become exportable.
    pub gained: u64,
    /// Contacts that would stop being exportable.
    pub lost: u64,
}

/// Contact flag: the person has not declined, and the lawful basis on record is consent
/// (without it, legitimate interest). Never set with [`FLAG_DECLINED`].
pub const FLAG_CONSENT: u8 = 1;
/// Contact flag: the person opted out or did not allow email download. Which of the two,
/// and the lawful basis on record, stay in the vault: the browser needs only that the
/// contact can never be exported (see ARCHITECTURE.md, "What a signed-in user can learn").
pub const FLAG_DECLINED: u8 = 2;
/// The contact standings a dataset file holds: legitimate interest (0), consent
/// ([`FLAG_CONSENT`]), declined ([`FLAG_DECLINED`]).
pub(crate) const STANDINGS: usize = 3;
/// Contact flag, derived when the dataset is decoded: the organisation may export the
/// contact by email under its rules (not opted out, download allowed, lawful basis for
/// the country), suppression aside.
pub const FLAG_EXPORTABLE: u8 = 8;

/// A displayable account: what a list row or a hover card shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AccountSummary {
    /// Account id.
    pub id: u32,
    /// Company name.
    pub name: String,
    /// Web domain.
    pub domain: String,
    /// HQ country code, lower case.
    pub country: String,
    /// HQ country name.
    pub country_name: String,
    /// HQ city.
    pub city: String,
    /// Industry label.
    pub industry: String,
    /// Employee band label.
    pub employees: String,
    /// Revenue band label.
    pub revenue: String,
    /// Score in the ranking segment (0 without intent there).
    pub score: f64,
    /// Gauge slug in the ranking segment.
    pub gauge: String,
    /// Lit signal slugs in the ranking segment.
    pub signals: Vec<String>,
    /// Pseudonymous contacts (buying-team size).
    pub contacts: u32,
    /// Top topic labels (at most three).
    pub top_topics: Vec<String>,
    /// Last touch, if any.
    pub last_touch: Option<Date>,
}

/// Counts of an account's pseudonymous contacts by function and seniority.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct BuyingTeam {
    /// Contacts per function slug, in [`Function::ALL`] order, zeros included.
    pub by_function: Vec<(String, u32)>,
    /// Contacts per seniority slug, in [`Seniority::ALL`] order, zeros included.
    pub by_seniority: Vec<(String, u32)>,
    /// Contacts who consented (and have not declined).
    pub consent: u32,
    /// Contacts who declined: opted out or did not allow email download.
    pub declined: u32,
}

impl Dataset {
    /// Decodes and indexes a dataset file.
    ///
    /// # Errors
    /// A [`DecodeError`] for truncated, corrupted, wrong-version or inconsistent input.
    pub fn decode(bytes: &[u8]) -> Result<Dataset, DecodeError> {
        decode::decode(bytes)
    }

    /// Number of accounts.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the dataset has no account.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Number of pseudonymous contacts.
    #[must_use]
    pub fn contact_count(&self) -> usize {
        self.contacts.pseudonym.len()
    }

    /// Last day of the intent window.
    #[must_use]
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The dataset version: the file's checksum in hex.
    #[must_use]
    pub fn version(&self) -> String {
        format!("{:08x}", self.checksum)
    }

    /// The dictionary of a dictionary-backed facet (industry, country, tech, segment,
    /// topic, vendor); `None` for facets with a closed vocabulary.
    #[must_use]
    pub fn dictionary(&self, facet: Facet) -> Option<&Dictionary> {
        match facet {
            Facet::Industry => Some(&self.industries),
            Facet::Country => Some(&self.countries),
            Facet::Tech => Some(&self.technologies),
            Facet::Segment => Some(&self.segments),
            Facet::Topic => Some(&self.topics),
            Facet::Vendor => Some(&self.vendors),
            Facet::Region | Facet::Employees | Facet::Revenue | Facet::Signal | Facet::Gauge => {
                None
            }
        }
    }

    /// Slug and label of every value of a facet, by value index.
    #[must_use]
    pub fn facet_values(&self, facet: Facet) -> Vec<(&str, &str)> {
        fn closed<T: Copy>(
            all: &[T],
            slug: fn(T) -> &'static str,
            label: fn(T) -> &'static str,
        ) -> Vec<(&'static str, &'static str)> {
            all.iter()
                .map(|&value| (slug(value), label(value)))
                .collect()
        }
        match facet {
            Facet::Region => closed(Region::ALL, Region::slug, Region::label),
            Facet::Employees => closed(EmployeeBand::ALL, EmployeeBand::slug, EmployeeBand::label),
            Facet::Revenue => closed(RevenueBand::ALL, RevenueBand::slug, RevenueBand::label),
            Facet::Signal => closed(
                crate::taxonomy::Signal::ALL,
                crate::taxonomy::Signal::slug,
                crate::taxonomy::Signal::label,
            ),
            Facet::Gauge => closed(Gauge::ALL, Gauge::slug, Gauge::label),
            _ => self
                .dictionary(facet)
                .map(|dictionary| dictionary.iter().collect())
                .unwrap_or_default(),
        }
    }

    /// The row of an account id.
    #[must_use]
    pub fn row_of(&self, id: u32) -> Option<u32> {
        self.ids
            .binary_search(&id)
            .ok()
            .and_then(|row| u32::try_from(row).ok())
    }

    /// The account id of a row.
    #[must_use]
    pub fn id_of(&self, row: u32) -> u32 {
        self.ids[row as usize]
    }

    /// The row of the account with each of `domains` (normalised as account domains are,
    /// by [`crate::suppression::normalise_domain`]), in one pass over the accounts;
    /// `None` where no account has it.
    #[must_use]
    pub fn rows_by_domain(&self, domains: &[String]) -> Vec<Option<u32>> {
        let wanted: HashMap<&str, usize> = domains
            .iter()
            .enumerate()
            .map(|(at, domain)| (domain.as_str(), at))
            .collect();
        let mut found = vec![None; domains.len()];
        let mut left = wanted.len();
        for row in 0..u32::try_from(self.len()).unwrap_or(u32::MAX) {
            if left == 0 {
                break;
            }
            if let Some(&at) = wanted.get(self.domain(row))
                && found[at].is_none()
            {
                found[at] = Some(row);
                left -= 1;
            }
        }
        // A domain asked twice shares the first one's answer.
        for (at, domain) in domains.iter().enumerate() {
            found[at] = found[wanted[domain.as_str()]];
        }
        found
    }

    /// Company name of a row.
    #[must_use]
    pub fn name(&self, row: u32) -> &str {
        self.names.get(row as usize)
    }

    /// Domain of a row.
    #[must_use]
    pub fn domain(&self, row: u32) -> &str {
        self.domains.get(row as usize)
    }

    /// The row's intent in a segment, if it has any.
    #[must_use]
    pub fn intent(&self, row: u32, segment: u16) -> Option<&SegmentIntent> {
        let entries = self.intent.row(row as usize);
        entries
            .binary_search_by_key(&segment, |entry| entry.segment)
            .ok()
            .map(|at| &entries[at])
    }

    /// The row's intent in the ranking segment: the given one, or its strongest.
    #[must_use]
    pub fn ranking_intent(&self, row: u32, segment: Option<u16>) -> Option<&SegmentIntent> {
        match segment {
            Some(segment) => self.intent(row, segment),
            None => self.best[row as usize].as_ref(),
        }
    }

    /// Every segment the row has intent in.
    #[must_use]
    pub fn intents(&self, row: u32) -> &[SegmentIntent] {
        self.intent.row(row as usize)
    }

    /// A displayable summary of an account, ranked in `segment` (strongest when `None`).
    #[must_use]
    pub fn summary(&self, id: u32, segment: Option<u16>) -> Option<AccountSummary> {
        let row = self.row_of(id)?;
        let r = row as usize;
        let intent = self.ranking_intent(row, segment);
        let employees = EmployeeBand::from_index(self.employees[r]).unwrap_or(EmployeeBand::E1);
        let revenue = RevenueBand::from_index(self.revenue[r]).unwrap_or(RevenueBand::R0);
        let country = usize::from(self.country[r]);
        Some(AccountSummary {
            id,
            name: self.names.get(r).to_owned(),
            domain: self.domains.get(r).to_owned(),
            country: self.countries.slug(country).to_owned(),
            country_name: self.countries.label(country).to_owned(),
            city: self.cities.get(r).to_owned(),
            industry: self
                .industries
                .label(usize::from(self.industry[r]))
                .to_owned(),
            employees: employees.label().to_owned(),
            revenue: revenue.label().to_owned(),
            score: intent.map_or(0.0, |intent| f64::from(intent.centi_score) / 100.0),
            gauge: intent
                .map_or(Gauge::NotActive, |intent| intent.gauge)
                .slug()
                .to_owned(),
            signals: intent
                .map(|intent| {
                    intent
                        .signals
                        .iter()
                        .map(|signal| signal.slug().to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            contacts: self.contacts.offsets[r + 1] - self.contacts.offsets[r],
            top_topics: self
                .account_topics
                .row(r)
                .iter()
                .take(3)
                .map(|&topic| self.topics.label(usize::from(topic)).to_owned())
                .collect(),
            last_touch: (self.last_touch[r] != i32::MIN).then_some(Date(self.last_touch[r])),
        })
    }

    /// Buying-team counts of a row's pseudonymous contacts.
    #[must_use]
    pub fn buying_team(&self, row: u32) -> BuyingTeam {
        let r = row as usize;
        let range = self.contacts.offsets[r] as usize..self.contacts.offsets[r + 1] as usize;
        let mut by_function = vec![0u32; Function::ALL.len()];
        let mut by_seniority = vec![0u32; Seniority::ALL.len()];
        let mut team = BuyingTeam::default();
        for contact in range {
            by_function[usize::from(self.contacts.function[contact])] += 1;
            by_seniority[usize::from(self.contacts.seniority[contact])] += 1;
            let flags = self.contacts.flags[contact];
            team.consent += u32::from(flags & FLAG_CONSENT != 0);
            team.declined += u32::from(flags & FLAG_DECLINED != 0);
        }
        team.by_function = Function::ALL
            .iter()
            .map(|f| f.slug().to_owned())
            .zip(by_function)
            .collect();
        team.by_seniority = Seniority::ALL
            .iter()
            .map(|s| s.slug().to_owned())
            .zip(by_seniority)
            .collect();
        team
    }

    /// The range of contact indexes of a row.
    pub(crate) fn contact_range(&self, row: u32) -> std::ops::Range<usize> {
        let r = row as usize;
        self.contacts.offsets[r] as usize..self.contacts.offsets[r + 1] as usize
    }

    /// The row a contact index belongs to.
    pub(crate) fn row_of_contact(&self, contact: usize) -> u32 {
        let contact = u32::try_from(contact).unwrap_or(u32::MAX);
        let row = self
            .contacts
            .offsets
            .partition_point(|&offset| offset <= contact)
            - 1;
        u32::try_from(row).unwrap_or(u32::MAX)
    }

    /// The column of contact pseudonyms, for suppression matching.
    #[must_use]
    pub fn contact_pseudonyms(&self) -> &[u64] {
        &self.contacts.pseudonym
    }

    /// Functions, seniorities, country codes and flags of a row's contacts, for tests and
    /// for checking de-identification: nothing else about a contact is held.
    pub fn contact_rows(
        &self,
        row: u32,
    ) -> impl Iterator<Item = (Function, Seniority, Option<&str>, u8, u64)> + '_ {
        self.contact_range(row).map(move |contact| {
            let country = self.contacts.country[contact];
            (
                Function::from_index(self.contacts.function[contact]).unwrap_or(Function::It),
                Seniority::from_index(self.contacts.seniority[contact]).unwrap_or(Seniority::Staff),
                (country > 0).then(|| self.countries.slug(usize::from(country - 1))),
                self.contacts.flags[contact],
                self.contacts.pseudonym[contact],
            )
        })
    }

    /// Whether the organisation may export contact `contact` by email under the rules in
    /// the dataset (not opted out, download allowed, lawful for its country), before any
    /// suppression.
    #[must_use]
    pub fn is_exportable(&self, contact: usize) -> bool {
        self.contacts
            .flags
            .get(contact)
            .is_some_and(|flags| flags & FLAG_EXPORTABLE != 0)
    }

    /// How many of a row's contacts are exportable (suppression aside).
    #[must_use]
    pub fn exportable_contacts(&self, row: u32) -> u32 {
        let before = &self.contacts.exportable_before;
        before[row as usize + 1] - before[row as usize]
    }

    /// The countries (lower-case codes) at least one contact works in, ascending.
    #[must_use]
    pub fn contact_countries(&self) -> Vec<&str> {
        let mut seen = vec![false; self.countries.len() + 1];
        for &country in &self.contacts.country {
            seen[usize::from(country)] = true;
        }
        let mut codes: Vec<&str> = (0..self.countries.len())
            .filter(|&index| seen[index + 1])
            .map(|index| self.countries.slug(index))
            .collect();
        codes.sort_unstable();
        codes
    }

    /// What setting the rule of `country` (ISO code, any case) to opt-out (`true`) or
    /// opt-in would change: how many contacts working there would become exportable and
    /// how many would stop being, suppression aside. Only contacts without consent who
    /// have not declined depend on the rule.
    #[must_use]
    pub fn rule_change_effect(&self, country: &str, opt_out: bool) -> RuleChangeEffect {
        let mut effect = RuleChangeEffect::default();
        let Some(index) = (0..self.countries.len())
            .find(|&i| self.countries.slug(i).eq_ignore_ascii_case(country))
        else {
            return effect;
        };
        let code = u16::try_from(index + 1).unwrap_or(u16::MAX);
        let mask = FLAG_CONSENT | FLAG_DECLINED;
        for (&flags, _) in self
            .contacts
            .flags
            .iter()
            .zip(&self.contacts.country)
            .filter(|&(&flags, &c)| c == code && flags & mask == 0)
        {
            match (flags & FLAG_EXPORTABLE != 0, opt_out) {
                (false, true) => effect.gained += 1,
                (true, false) => effect.lost += 1,
                _ => {}
            }
        }
        effect
    }

    /// The organisation's email rules, as written into the dataset.
    #[must_use]
    pub fn email_rules(&self) -> EmailRules {
        EmailRules::new(
            self.opt_out
                .iter()
                .map(|code| (code.clone(), B2bRule::OptOut)),
        )
    }

    /// Contacts whose email domain differs from their account's, with that domain (lower
    /// case), by ascending contact index: an export suppresses a contact by either domain.
    #[must_use]
    pub fn contact_email_domains(&self) -> &[(u32, String)] {
        &self.email_domains
    }
}

impl Dictionary {
    /// Builds a dictionary from `(slug, label)` pairs in index order.
    ///
    /// # Errors
    /// The first duplicate slug.
    pub fn from_pairs(
        pairs: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Dictionary, String> {
        let mut dictionary = Dictionary::default();
        for (slug, label) in pairs {
            let index = u32::try_from(dictionary.slugs.len()).map_err(|_| slug.clone())?;
            if dictionary.by_slug.insert(slug.clone(), index).is_some() {
                return Err(slug);
            }
            dictionary.slugs.push(slug);
            dictionary.labels.push(label);
        }
        Ok(dictionary)
    }

    /// Number of values.
    #[must_use]
    pub fn len(&self) -> usize {
        self.slugs.len()
    }

    /// Whether there is no value.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slugs.is_empty()
    }

    /// The index of a slug.
    #[must_use]
    pub fn index(&self, slug: &str) -> Option<u32> {
        self.by_slug.get(slug).copied()
    }

    /// The slug at `index`.
    #[must_use]
    pub fn slug(&self, index: usize) -> &str {
        &self.slugs[index]
    }

    /// The label at `index`.
    #[must_use]
    pub fn label(&self, index: usize) -> &str {
        &self.labels[index]
    }

    /// `(slug, label)` pairs in index order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.slugs
            .iter()
            .map(String::as_str)
            .zip(self.labels.iter().map(String::as_str))
    }
}

impl Strings {
    pub(crate) fn push(&mut self, text: &str) {
        self.bytes.push_str(text);
        self.ends
            .push(u32::try_from(self.bytes.len()).unwrap_or(u32::MAX));
    }

    pub(crate) fn get(&self, index: usize) -> &str {
        let start = if index == 0 {
            0
        } else {
            self.ends[index - 1] as usize
        };
        &self.bytes[start..self.ends[index] as usize]
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 4
    }
}

impl<T> Csr<T> {
    pub(crate) fn row(&self, row: usize) -> &[T] {
        &self.values[self.offsets[row] as usize..self.offsets[row + 1] as usize]
    }
}

impl<T> Default for Csr<T> {
    fn default() -> Self {
        Csr {
            offsets: vec![0],
            values: Vec::new(),
        }
    }
}

/// Folds a company name for sorting and prefix search: ASCII transliteration, lower case.
#[must_use]
pub fn fold_name(name: &str) -> String {
    let mut folded = deunicode::deunicode(name);
    folded.make_ascii_lowercase();
    folded
}

impl Dataset {
    /// The value slugs a row holds for a facet; signal and gauge are those of `segment`
    /// (the strongest segment when `None`). This is what `clearlist dump` prints.
    #[must_use]
    pub fn facet_slugs(&self, row: u32, facet: Facet, segment: Option<u16>) -> Vec<&str> {
        let r = row as usize;
        match facet {
            Facet::Industry => vec![self.industries.slug(usize::from(self.industry[r]))],
            Facet::Country => vec![self.countries.slug(usize::from(self.country[r]))],
            Facet::Region => Region::from_index(self.region[r])
                .map(Region::slug)
                .into_iter()
                .collect(),
            Facet::Employees => EmployeeBand::from_index(self.employees[r])
                .map(EmployeeBand::slug)
                .into_iter()
                .collect(),
            Facet::Revenue => RevenueBand::from_index(self.revenue[r])
                .map(RevenueBand::slug)
                .into_iter()
                .collect(),
            Facet::Tech => dictionary_slugs(&self.technologies, self.techs.row(r)),
            Facet::Topic => dictionary_slugs(&self.topics, self.account_topics.row(r)),
            Facet::Vendor => dictionary_slugs(&self.vendors, self.account_vendors.row(r)),
            Facet::Segment => self
                .intent
                .row(r)
                .iter()
                .map(|entry| self.segments.slug(usize::from(entry.segment)))
                .collect(),
            Facet::Signal => self
                .ranking_intent(row, segment)
                .map(|intent| {
                    intent
                        .signals
                        .iter()
                        .map(crate::taxonomy::Signal::slug)
                        .collect()
                })
                .unwrap_or_default(),
            Facet::Gauge => vec![
                self.ranking_intent(row, segment)
                    .map_or(Gauge::NotActive, |intent| intent.gauge)
                    .slug(),
            ],
        }
    }

    /// Whether a facet is stored as one value per row (a column).
    #[must_use]
    pub(crate) const fn is_column(facet: Facet) -> bool {
        matches!(
            facet,
            Facet::Industry | Facet::Country | Facet::Region | Facet::Employees | Facet::Revenue
        )
    }

    /// A row's value index of a column facet ([`Dataset::is_column`]); `None` otherwise.
    #[must_use]
    pub(crate) fn column_value(&self, facet: Facet, row: usize) -> Option<usize> {
        match facet {
            Facet::Industry => Some(usize::from(self.industry[row])),
            Facet::Country => Some(usize::from(self.country[row])),
            Facet::Region => Some(usize::from(self.region[row])),
            Facet::Employees => Some(usize::from(self.employees[row])),
            Facet::Revenue => Some(usize::from(self.revenue[row])),
            _ => None,
        }
    }

    /// The slug of a segment index.
    #[must_use]
    pub fn segment_slug(&self, segment: u16) -> &str {
        self.segments.slug(usize::from(segment))
    }

    /// Last touch of a row.
    #[must_use]
    pub fn last_touch(&self, row: u32) -> Option<Date> {
        let day = self.last_touch[row as usize];
        (day != i32::MIN).then_some(Date(day))
    }

    /// Approximate heap bytes held, for the memory benchmark.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        let contacts = &self.contacts;
        self.ids.capacity() * 4
            + self.names.heap_bytes()
            + self.domains.heap_bytes()
            + self.cities.heap_bytes()
            + (self.industry.capacity() + self.country.capacity()) * 2
            + self.region.capacity()
            + self.employees.capacity()
            + self.revenue.capacity()
            + self.last_touch.capacity() * 4
            + [&self.techs, &self.account_topics, &self.account_vendors]
                .iter()
                .map(|csr| csr.offsets.capacity() * 4 + csr.values.capacity() * 2)
                .sum::<usize>()
            + self.intent.offsets.capacity() * 4
            + self.intent.values.capacity() * std::mem::size_of::<SegmentIntent>()
            + self.best.capacity() * std::mem::size_of::<Option<SegmentIntent>>()
            + contacts.offsets.capacity() * 4
            + contacts.pseudonym.capacity() * 8
            + contacts.function.capacity()
            + contacts.seniority.capacity()
            + contacts.country.capacity() * 2
            + contacts.flags.capacity()
            + contacts.exportable_before.capacity() * 4
            + self
                .email_domains
                .iter()
                .map(|(_, domain)| 4 + std::mem::size_of::<String>() + domain.capacity())
                .sum::<usize>()
            + self.name_order.capacity() * 4
            + self.index.heap_bytes()
            + self
                .words
                .get()
                .map_or(0, crate::typeahead::SearchIndex::heap_bytes)
    }
}

fn dictionary_slugs<'a>(dictionary: &'a Dictionary, values: &[u16]) -> Vec<&'a str> {
    values
        .iter()
        .map(|&value| dictionary.slug(usize::from(value)))
        .collect()
}
