//! Vault → dataset bytes: de-identification happens here. Contacts leave this function as
//! function, seniority, country, a standing (declined, consent or legitimate interest) and
//! a pseudonym; their names, emails and titles are never read, and which choice a declined
//! contact made (opted out, or no email download) stays in the vault.
//!
//! # Section payloads (version 2)
//! ```text
//! META := ivarint(as_of days since 1970) varint(n_accounts) varint(n_contacts)
//! DIND | DCTY | DTEC | DSEG | DTOP | DVEN := varint(n) (string(slug) string(label)){n}
//!         dictionaries in descending frequency, so frequent values get short varints
//! AIDS := varint(n) varint(delta id){n}            ascending ids; first delta from 0
//! ANAM | ADOM | ACIT := varint(n) string{n}        name, domain, city per row
//! AIND | ACTY := varint(index){n}                  dictionary index per row
//! AEMP | AREV := u8{n}                             band index per row
//! ATCH := varint{n}                                0: never; else zigzag(as_of - day) + 1
//! ATEC := (varint(k) varint(delta index){k}){n}    ascending technology indexes
//! ATOP | AVEN := (varint(k) varint(index){k}){n}   most read first
//! AINT := (varint(k) entry{k}){n}                  ascending segment
//! entry:= varint(delta segment) varint(readers) u8(active_weeks) u8(recent_weeks)
//!         varint(late_stage) varint(senior_readers) varint(vendors) varint(centi_score)
//! CONT := varint(count){n} u8(function){c} u8(seniority){c} varint(country+1 | 0){c}
//!         u8(standing){c} u64le(pseudonym){c}      columns, contacts grouped by row;
//!                                                  standing 0: legitimate interest,
//!                                                  1: consent, 2: declined
//! NORD := varint(row){n}                           rows in folded-name order
//! RULE := varint(k) string(code){k}                opt-out countries (lower-case ISO codes);
//!                                                  every other country is opt-in
//! CEMD := varint(k) (varint(delta contact) string(domain)){k}
//!         contacts whose email domain (lower case) differs from their account's, by
//!         ascending contact index; the first delta from 0
//! ```
//!
//! `RULE` and `CEMD` were added after the first release: a file without them decodes as
//! "every country opt-in" and "every email at its account's domain".

use std::collections::HashMap;

use thiserror::Error;

use super::fold_name;
use super::format::{HEADER_LEN, MAGIC, VERSION, Writer};
use crate::countries;
use crate::email_rules::EmailRules;
use crate::intent::Metrics;
use crate::taxonomy::{EmployeeBand, LawfulBasis, RevenueBand, slugify};
use crate::vault::{Contact, Vault};

/// Why a vault cannot become a dataset.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BuildError {
    /// Two accounts share an id.
    #[error("account id {0} appears twice")]
    DuplicateAccount(u32),
    /// A contact or intent record names an account that does not exist.
    #[error("{what} refers to account {account_id}, which does not exist")]
    UnknownAccount {
        /// What refers to it.
        what: String,
        /// The missing account id.
        account_id: u32,
    },
    /// A country code is not ISO 3166-1 alpha-2.
    #[error("`{0}` is not an ISO 3166-1 alpha-2 country code")]
    UnknownCountry(String),
    /// A label has no letters or digits, so no slug.
    #[error("{facet} label `{label}` has no letters or digits")]
    EmptySlug {
        /// The facet of the label.
        facet: &'static str,
        /// The label.
        label: String,
    },
    /// Two different labels give the same slug.
    #[error("{facet} labels `{first}` and `{second}` both have the slug `{slug}`")]
    SlugCollision {
        /// The facet of the labels.
        facet: &'static str,
        /// The slug.
        slug: String,
        /// The first label seen.
        first: String,
        /// The other label.
        second: String,
    },
    /// The pseudonym column does not line up with the contacts.
    #[error("{pseudonyms} pseudonyms given for {contacts} contacts")]
    PseudonymCount {
        /// Pseudonyms given.
        pseudonyms: usize,
        /// Contacts in the vault.
        contacts: usize,
    },
    /// More values than the format addresses.
    #[error("too many {0} for the dataset format")]
    TooMany(&'static str),
}

/// Builds the dataset bytes of a vault under the default email rules (every country
/// opt-in). `pseudonyms[i]` is the pseudonym of `vault.contacts[i]` (computed by the key
/// holder; see `pseudonym`).
///
/// # Errors
/// A [`BuildError`] for inconsistent vaults.
pub fn build(vault: &Vault, pseudonyms: &[u64]) -> Result<Vec<u8>, BuildError> {
    build_with_rules(vault, pseudonyms, &EmailRules::default())
}

/// Builds the dataset bytes of a vault for an organisation whose email `rules` decide
/// which contacts it may export (written into the dataset, so the browser applies them).
///
/// # Errors
/// A [`BuildError`] for inconsistent vaults.
pub fn build_with_rules(
    vault: &Vault,
    pseudonyms: &[u64],
    rules: &EmailRules,
) -> Result<Vec<u8>, BuildError> {
    if pseudonyms.len() != vault.contacts.len() {
        return Err(BuildError::PseudonymCount {
            pseudonyms: pseudonyms.len(),
            contacts: vault.contacts.len(),
        });
    }
    let mut order: Vec<usize> = (0..vault.accounts.len()).collect();
    order.sort_unstable_by_key(|&i| vault.accounts[i].id);
    let mut row_of: HashMap<u32, usize> = HashMap::with_capacity(order.len());
    for (row, &i) in order.iter().enumerate() {
        if row_of.insert(vault.accounts[i].id, row).is_some() {
            return Err(BuildError::DuplicateAccount(vault.accounts[i].id));
        }
    }
    let accounts: Vec<_> = order.iter().map(|&i| &vault.accounts[i]).collect();
    let n = accounts.len();

    let industries = Vocabulary::collect("industry", accounts.iter().map(|a| a.industry.as_str()))?;
    let technologies = Vocabulary::collect(
        "tech",
        accounts
            .iter()
            .flat_map(|a| a.technologies.iter().map(String::as_str)),
    )?;
    let topics = Vocabulary::collect(
        "topic",
        accounts
            .iter()
            .flat_map(|a| a.topics.iter().map(String::as_str)),
    )?;
    let vendors = Vocabulary::collect(
        "vendor",
        accounts
            .iter()
            .flat_map(|a| a.vendors.iter().map(String::as_str)),
    )?;
    let segments = Vocabulary::collect("segment", vault.intent.iter().map(|r| r.segment.as_str()))?;
    let countries = Vocabulary::countries(
        accounts
            .iter()
            .map(|a| a.country.as_str())
            .chain(vault.contacts.iter().map(|c| c.country.as_str())),
    )?;

    // Intent and contacts grouped by row.
    let mut intent: Vec<Vec<(u32, Metrics)>> = vec![Vec::new(); n];
    for record in &vault.intent {
        let row = *row_of
            .get(&record.account_id)
            .ok_or_else(|| BuildError::UnknownAccount {
                what: format!("intent in segment `{}`", record.segment),
                account_id: record.account_id,
            })?;
        intent[row].push((
            segments.index(&record.segment),
            Metrics::from_weeks(&record.weeks),
        ));
    }
    let mut last_touch: Vec<Option<crate::Date>> = vec![None; n];
    for record in &vault.intent {
        let row = row_of[&record.account_id];
        last_touch[row] = last_touch[row].max(record.last_touch);
    }
    let mut contacts: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
    for (i, contact) in vault.contacts.iter().enumerate() {
        let row = *row_of
            .get(&contact.account_id)
            .ok_or_else(|| BuildError::UnknownAccount {
                what: format!("contact {}", contact.id),
                account_id: contact.account_id,
            })?;
        contacts[row].push((contact.id, i));
    }

    let mut sections: Vec<([u8; 4], Writer)> = Vec::new();
    let mut section = |tag: &[u8; 4], fill: &mut dyn FnMut(&mut Writer)| {
        let mut writer = Writer::default();
        fill(&mut writer);
        sections.push((*tag, writer));
    };

    section(b"META", &mut |w| {
        w.ivarint(i64::from(vault.as_of.0));
        w.usize(n);
        w.usize(vault.contacts.len());
    });
    for (tag, vocabulary) in [
        (b"DIND", &industries),
        (b"DCTY", &countries),
        (b"DTEC", &technologies),
        (b"DSEG", &segments),
        (b"DTOP", &topics),
        (b"DVEN", &vendors),
    ] {
        section(tag, &mut |w| {
            w.usize(vocabulary.slugs.len());
            for (slug, label) in vocabulary.slugs.iter().zip(&vocabulary.labels) {
                w.string(slug);
                w.string(label);
            }
        });
    }
    section(b"AIDS", &mut |w| {
        w.usize(n);
        let mut previous = 0;
        for account in &accounts {
            w.varint(u64::from(account.id - previous));
            previous = account.id;
        }
    });
    for (tag, get) in [
        (
            b"ANAM",
            (|a: &crate::vault::Account| a.name.as_str()) as fn(&crate::vault::Account) -> &str,
        ),
        (b"ADOM", |a| a.domain.as_str()),
        (b"ACIT", |a| a.city.as_str()),
    ] {
        section(tag, &mut |w| {
            w.usize(n);
            for account in &accounts {
                w.string(get(account));
            }
        });
    }
    section(b"AIND", &mut |w| {
        accounts
            .iter()
            .for_each(|a| w.varint(u64::from(industries.index(&a.industry))))
    });
    section(b"ACTY", &mut |w| {
        accounts
            .iter()
            .for_each(|a| w.varint(u64::from(countries.index(&a.country))))
    });
    section(b"AEMP", &mut |w| {
        accounts
            .iter()
            .for_each(|a| w.u8(EmployeeBand::of(a.employees).index()))
    });
    section(b"AREV", &mut |w| {
        accounts
            .iter()
            .for_each(|a| w.u8(RevenueBand::of(a.revenue_usd).index()))
    });
    section(b"ATCH", &mut |w| {
        for touch in &last_touch {
            match touch {
                None => w.varint(0),
                Some(day) => {
                    let delta = i64::from(vault.as_of.0) - i64::from(day.0);
                    #[allow(clippy::cast_sign_loss, reason = "zig-zag coding")]
                    w.varint((((delta << 1) ^ (delta >> 63)) as u64) + 1);
                }
            }
        }
    });
    section(b"ATEC", &mut |w| {
        for account in &accounts {
            let mut values: Vec<u32> = account
                .technologies
                .iter()
                .map(|t| technologies.index(t))
                .collect();
            values.sort_unstable();
            values.dedup();
            w.usize(values.len());
            let mut previous = 0;
            for value in values {
                w.varint(u64::from(value - previous));
                previous = value;
            }
        }
    });
    for (tag, vocabulary, get) in [
        (
            b"ATOP",
            &topics,
            (|a: &crate::vault::Account| &a.topics) as fn(&crate::vault::Account) -> &Vec<String>,
        ),
        (b"AVEN", &vendors, |a| &a.vendors),
    ] {
        section(tag, &mut |w| {
            for account in &accounts {
                let mut seen = Vec::new();
                for label in get(account) {
                    let value = vocabulary.index(label);
                    if !seen.contains(&value) {
                        seen.push(value);
                    }
                }
                w.usize(seen.len());
                seen.into_iter()
                    .for_each(|value| w.varint(u64::from(value)));
            }
        });
    }
    section(b"AINT", &mut |w| {
        for entries in &mut intent {
            entries.sort_unstable_by_key(|&(segment, _)| segment);
            entries.dedup_by_key(|&mut (segment, _)| segment);
            w.usize(entries.len());
            let mut previous = 0;
            for (segment, metrics) in entries.iter() {
                w.varint(u64::from(segment - previous));
                previous = *segment;
                w.varint(u64::from(metrics.readers));
                w.u8(metrics.active_weeks);
                w.u8(metrics.recent_weeks);
                w.varint(u64::from(metrics.late_stage));
                w.varint(u64::from(metrics.senior_readers));
                w.varint(u64::from(metrics.vendors));
                w.varint(u64::from(metrics.centi_score()));
            }
        }
    });
    section(b"CONT", &mut |w| {
        for group in &mut contacts {
            group.sort_unstable();
            w.usize(group.len());
        }
        let ordered: Vec<&Contact> = contacts
            .iter()
            .flatten()
            .map(|&(_, i)| &vault.contacts[i])
            .collect();
        ordered.iter().for_each(|c| w.u8(c.function.index()));
        ordered.iter().for_each(|c| w.u8(c.seniority.index()));
        ordered.iter().for_each(|c| {
            w.varint(if c.country.is_empty() {
                0
            } else {
                u64::from(countries.index(&c.country)) + 1
            });
        });
        ordered.iter().for_each(|c| w.u8(contact_flags(c)));
        contacts
            .iter()
            .flatten()
            .for_each(|&(_, i)| w.u64_le(pseudonyms[i]));
    });
    section(b"RULE", &mut |w| {
        let codes = rules.opt_out_countries();
        w.usize(codes.len());
        codes.iter().for_each(|code| w.string(code));
    });
    section(b"CEMD", &mut |w| {
        // Email domains that differ from the account's: an export suppresses a contact by
        // either, so the browser needs both to count exactly what an export holds.
        let differing: Vec<(usize, String)> = contacts
            .iter()
            .enumerate()
            .flat_map(|(row, group)| group.iter().map(move |&(_, i)| (row, i)))
            .enumerate()
            .filter_map(|(index, (row, i))| {
                let email = &vault.contacts[i].email;
                let domain = email
                    .rsplit_once('@')
                    .map_or("", |(_, d)| d)
                    .to_ascii_lowercase();
                let account = accounts[row].domain.to_ascii_lowercase();
                (!domain.is_empty() && domain != account).then_some((index, domain))
            })
            .collect();
        w.usize(differing.len());
        let mut previous = 0;
        for (index, domain) in &differing {
            w.usize(index - previous);
            previous = *index;
            w.string(domain);
        }
    });
    section(b"NORD", &mut |w| {
        let mut keyed: Vec<(String, usize)> = accounts
            .iter()
            .enumerate()
            .map(|(row, a)| (fold_name(&a.name), row))
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().for_each(|(_, row)| w.usize(row));
    });

    let body_len: usize = sections.iter().map(|(_, w)| 8 + w.bytes.len()).sum();
    let mut out = Writer {
        bytes: Vec::with_capacity(HEADER_LEN + body_len + 4),
    };
    out.bytes.extend_from_slice(MAGIC);
    out.bytes.extend_from_slice(&VERSION.to_le_bytes());
    out.bytes.extend_from_slice(&0u16.to_le_bytes());
    out.u32_le(u32::try_from(sections.len()).map_err(|_| BuildError::TooMany("sections"))?);
    for (tag, writer) in sections {
        out.bytes.extend_from_slice(&tag);
        out.u32_le(
            u32::try_from(writer.bytes.len())
                .map_err(|_| BuildError::TooMany("bytes in a section"))?,
        );
        out.bytes.extend_from_slice(&writer.bytes);
    }
    let checksum = crc32fast::hash(&out.bytes);
    out.u32_le(checksum);
    Ok(out.bytes)
}

/// A contact's standing: whether it declined (either choice, not which), else its lawful
/// basis. That is all exportability needs, under any country rule.
fn contact_flags(contact: &Contact) -> u8 {
    if contact.opted_out || !contact.email_download {
        super::FLAG_DECLINED
    } else if contact.lawful_basis == LawfulBasis::Consent {
        super::FLAG_CONSENT
    } else {
        0
    }
}

/// A dictionary under construction: labels by slug, ordered by descending frequency.
struct Vocabulary {
    slugs: Vec<String>,
    labels: Vec<String>,
    /// Index by label, so that every later lookup is by the exact label seen.
    by_label: HashMap<String, u32>,
}

impl Vocabulary {
    fn collect<'a>(
        facet: &'static str,
        labels: impl Iterator<Item = &'a str>,
    ) -> Result<Vocabulary, BuildError> {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for label in labels {
            *counts.entry(label).or_default() += 1;
        }
        let mut by_slug: HashMap<String, (&str, u64)> = HashMap::new();
        for (label, count) in counts {
            let slug = slugify(label);
            if slug.is_empty() {
                return Err(BuildError::EmptySlug {
                    facet,
                    label: label.to_owned(),
                });
            }
            if let Some((first, _)) = by_slug.get(&slug) {
                let (first, second) = if *first < label {
                    (*first, label)
                } else {
                    (label, *first)
                };
                return Err(BuildError::SlugCollision {
                    facet,
                    slug,
                    first: first.to_owned(),
                    second: second.to_owned(),
                });
            }
            by_slug.insert(slug, (label, count));
        }
        let mut entries: Vec<(String, &str, u64)> = by_slug
            .into_iter()
            .map(|(slug, (label, count))| (slug, label, count))
            .collect();
        entries.sort_unstable_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        Self::from_entries(
            facet,
            entries
                .into_iter()
                .map(|(slug, label, _)| (slug, label.to_owned())),
        )
    }

    fn countries<'a>(codes: impl Iterator<Item = &'a str>) -> Result<Vocabulary, BuildError> {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for code in codes.filter(|code| !code.is_empty()) {
            *counts.entry(code).or_default() += 1;
        }
        let mut entries = Vec::with_capacity(counts.len());
        for (code, count) in counts {
            let country = countries::country(code)
                .ok_or_else(|| BuildError::UnknownCountry(code.to_owned()))?;
            entries.push((code, country, count));
        }
        entries.sort_unstable_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.code.cmp(b.1.code)));
        let mut vocabulary = Self::from_entries(
            "country",
            entries.iter().map(|(_, country, _)| {
                (country.code.to_ascii_lowercase(), country.name.to_owned())
            }),
        )?;
        // Accounts and contacts may spell a code in either case: look up by what they wrote.
        for (code, country, _) in &entries {
            let index = vocabulary.by_label[country.name];
            vocabulary.by_label.insert((*code).to_owned(), index);
        }
        Ok(vocabulary)
    }

    fn from_entries(
        facet: &'static str,
        entries: impl Iterator<Item = (String, String)>,
    ) -> Result<Vocabulary, BuildError> {
        let mut vocabulary = Vocabulary {
            slugs: Vec::new(),
            labels: Vec::new(),
            by_label: HashMap::new(),
        };
        for (slug, label) in entries {
            let index =
                u32::try_from(vocabulary.slugs.len()).map_err(|_| BuildError::TooMany(facet))?;
            if index > u32::from(u16::MAX) {
                return Err(BuildError::TooMany(facet));
            }
            vocabulary.by_label.insert(label.clone(), index);
            vocabulary.slugs.push(slug);
            vocabulary.labels.push(label);
        }
        Ok(vocabulary)
    }

    /// The index of a label collected earlier.
    fn index(&self, label: &str) -> u32 {
        self.by_label[label]
    }
}
