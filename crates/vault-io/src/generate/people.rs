//! Made-up people: the contacts of an account with names from its country's culture,
//! work emails at its domain, titles that match function and seniority, and the privacy
//! attributes (country, lawful basis, opt-out, email-download choice) the export honours.

use rand::Rng;

use super::catalog::Catalog;
use super::company::Company;
use super::names::titles;
use super::sample::{Weighted, chance, noise, pick, round_random};
use clearlist_engine::taxonomy::{Function, LawfulBasis, Seniority};
use clearlist_engine::vault::Contact;

/// Most contacts per account.
const MAX_CONTACTS: u32 = 200;

/// The samplers of people's attributes, built once per run.
pub(super) struct PeopleTables {
    /// Over [`Function::ALL`]: technical functions dominate B2B technology audiences.
    functions: Weighted,
    /// Over [`Seniority::ALL`] for companies above 50 employees: a pyramid.
    seniority: Weighted,
    /// Over [`Seniority::ALL`] for small companies, where founders and owners are a
    /// bigger share of the people.
    seniority_small: Weighted,
}

impl PeopleTables {
    pub(super) fn new() -> PeopleTables {
        PeopleTables {
            // It, Engineering, Security, Data, Finance, Marketing, Sales, Operations, HR,
            // Legal, Procurement, Executive.
            functions: Weighted::new([
                16.0, 14.0, 7.0, 7.0, 9.0, 10.0, 12.0, 10.0, 5.0, 3.0, 3.0, 4.0,
            ]),
            // C-Level, VP, Director, Manager, Staff.
            seniority: Weighted::new([3.0, 6.0, 12.0, 25.0, 54.0]),
            seniority_small: Weighted::new([8.0, 4.0, 8.0, 22.0, 58.0]),
        }
    }
}

/// Draws the contacts of one account, appending them to `out` with ids from `next_id`.
pub(super) fn contacts<R: Rng>(
    rng: &mut R,
    catalog: &Catalog,
    account_id: u32,
    company: &Company,
    domain: &str,
    next_id: &mut u32,
    out: &mut Vec<Contact>,
) {
    // About five per account on average, growing slowly with headcount; never more people
    // than the company employs.
    let mean = 1.6 * f64::from(company.employees).powf(0.28);
    let expected = mean * noise(rng, 0.7);
    let count = round_random(rng, expected, MAX_CONTACTS.min(company.employees));
    let start = out.len();
    for _ in 0..count {
        let country = contact_country(rng, catalog, company);
        // Names follow the contact's country, with some diversity at every company.
        let culture = if country != company.profile.code || chance(rng, 0.15) {
            Catalog::profile(catalog.profile_sampler.sample(rng)).culture
        } else {
            company.profile.culture
        };
        let names = catalog.names_of(culture);
        let Some((first_name, first_ascii)) =
            names.first.get(rng.gen_range(0..names.first.len().max(1)))
        else {
            continue;
        };
        let Some((last_name, last_ascii)) =
            names.last.get(rng.gen_range(0..names.last.len().max(1)))
        else {
            continue;
        };
        let tables = &catalog.people;
        let function =
            Function::from_index(u8::try_from(tables.functions.sample(rng)).unwrap_or(0))
                .unwrap_or(Function::It);
        let seniority_table = if company.employees <= 50 {
            &tables.seniority_small
        } else {
            &tables.seniority
        };
        let seniority =
            Seniority::from_index(u8::try_from(seniority_table.sample(rng)).unwrap_or(0))
                .unwrap_or(Seniority::Staff);
        let email = email(rng, first_ascii, last_ascii, domain, &out[start..]);
        out.push(Contact {
            id: *next_id,
            account_id,
            first_name: (*first_name).to_owned(),
            last_name: (*last_name).to_owned(),
            email,
            title: pick(rng, titles(function, seniority)).to_owned(),
            function,
            seniority,
            country: country.to_owned(),
            lawful_basis: if chance(rng, 0.3) {
                LawfulBasis::Consent
            } else {
                LawfulBasis::LegitimateInterest
            },
            opted_out: chance(rng, 0.03),
            email_download: chance(rng, 0.25),
        });
        *next_id += 1;
    }
}

/// Mostly the HQ country; 10% work elsewhere; 2% unknown (empty).
fn contact_country<R: Rng>(rng: &mut R, catalog: &Catalog, company: &Company) -> &'static str {
    let roll = rng.r#gen::<f64>();
    if roll < 0.02 {
        ""
    } else if roll < 0.12 {
        // Another country: redraw a few times when the draw lands on the HQ country.
        let mut code = company.profile.code;
        for _ in 0..4 {
            code = Catalog::profile(catalog.profile_sampler.sample(rng)).code;
            if code != company.profile.code {
                break;
            }
        }
        code
    } else {
        company.profile.code
    }
}

/// A work email in one of the common patterns, unique within the account (a digit is
/// appended on collision, as mail admins do).
fn email<R: Rng>(
    rng: &mut R,
    first: &str,
    last: &str,
    domain: &str,
    colleagues: &[Contact],
) -> String {
    let first = if first.is_empty() { "contact" } else { first };
    let initial = first.get(..1).unwrap_or(first);
    let last_initial = last.get(..1).unwrap_or(last);
    let parts: [&str; 3] = match rng.gen_range(0..100u8) {
        0..55 => [first, ".", last],
        55..70 => [initial, "", last],
        70..80 => [first, "", ""],
        80..88 => [first, "_", last],
        88..95 => [first, "", last_initial],
        _ => [last, ".", first],
    };
    let mut local = String::with_capacity(first.len() + last.len() + 2);
    for part in parts {
        local.push_str(part);
    }
    if local.is_empty() {
        local.push_str("contact");
    }
    let mut email = String::with_capacity(local.len() + domain.len() + 3);
    let mut number = 1u32;
    loop {
        email.clear();
        email.push_str(&local);
        if number > 1 {
            email.push_str(&number.to_string());
        }
        email.push('@');
        email.push_str(domain);
        if !colleagues.iter().any(|contact| contact.email == email) {
            return email;
        }
        number += 1;
    }
}
