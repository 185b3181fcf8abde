//! A realistic synthetic vault from a seed: companies, their people and 13 weeks of
//! intent activity, at any size (a thousand accounts for tests, a million for benchmarks).
//! It is the demo dataset and the fixture of every test above the unit level, so its
//! shapes follow real B2B data: Zipf-skewed countries, industries, technologies and
//! segments; log-normal company sizes; bursty intent where a minority of accounts is hot.
//!
//! The same seed gives the same vault (for a given version of `rand`, whose `StdRng`
//! algorithm may change between releases). Vocabularies do not depend on the seed: see
//! `catalog`.
//!
//! Accounts get ids `1..=accounts` and contacts ids `1..` in account order. Names include
//! accented spellings ("Société Générale de Transports", "José Müller") so that
//! accent-insensitive search and email normalisation are exercised.

mod activity;
mod catalog;
mod company;
mod geo;
mod names;
mod people;
mod products;
mod sample;
#[cfg(test)]
mod tests;
mod words;

use rand::SeedableRng;
use rand::rngs::StdRng;

use clearlist_engine::date::Date;
use clearlist_engine::vault::{Account, Vault};

use self::activity::Scratch;
use self::catalog::Catalog;
use self::company::Domains;

/// The default last day of the intent window: 2026-11-27, a Friday (the window's weeks
/// then run Saturday to Friday).
pub const DEFAULT_AS_OF: Date = Date(20_784);

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenerateConfig {
    /// Number of accounts (contacts are about five per account).
    pub accounts: u32,
    /// Seed of the random generator: the same config gives the same vault.
    pub seed: u64,
    /// Last day of the 13-week intent window.
    pub as_of: Date,
}

impl GenerateConfig {
    /// `accounts` accounts from `seed`, with the window ending on [`DEFAULT_AS_OF`].
    #[must_use]
    pub fn new(accounts: u32, seed: u64) -> GenerateConfig {
        GenerateConfig {
            accounts,
            seed,
            as_of: DEFAULT_AS_OF,
        }
    }
}

/// Generates a vault.
///
/// Runs in one pass with precomputed vocabularies; a million accounts (about five million
/// contacts) take well under a minute in a release build and about 3 GB of memory, most of
/// it the contacts' strings.
#[must_use]
pub fn generate(config: &GenerateConfig) -> Vault {
    let catalog = Catalog::build();
    let mut rng = StdRng::seed_from_u64(config.seed);
    let n = usize::try_from(config.accounts).unwrap_or(usize::MAX);

    // Sized from the measured means (5 contacts and 0.8 intent records per account) with
    // some headroom, so that the big vectors are allocated once.
    let mut vault = Vault {
        as_of: config.as_of,
        accounts: Vec::with_capacity(n),
        contacts: Vec::with_capacity(n.saturating_mul(11) / 2),
        intent: Vec::with_capacity(n),
    };
    let mut domains = Domains::default();
    let mut scratch = Scratch::default();
    let mut picks = Vec::new();
    let mut next_contact_id = 1;
    for id in 1..=config.accounts {
        let company = company::company(&mut rng, &catalog);
        let domain = domains.register(&mut rng, &company);
        let technologies = company::technologies(&mut rng, &catalog, company.employees, &mut picks);
        let interests = activity::intent(
            &mut rng,
            &catalog,
            id,
            company.employees,
            config.as_of,
            &mut vault.intent,
            &mut scratch,
        );
        people::contacts(
            &mut rng,
            &catalog,
            id,
            &company,
            &domain,
            &mut next_contact_id,
            &mut vault.contacts,
        );
        let description = company::description(&mut rng, &company);
        vault.accounts.push(Account {
            id,
            name: company.name,
            domain,
            country: company.profile.code.to_owned(),
            city: company.city.to_owned(),
            industry: company.industry.to_owned(),
            employees: company.employees,
            revenue_usd: company.revenue_usd,
            technologies,
            topics: interests.topics,
            vendors: interests.vendors,
            description,
        });
    }
    vault
}
