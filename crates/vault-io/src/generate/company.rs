//! Made-up companies: where they are, what they do, how big they are, what they are called,
//! their web domain, installed technologies and a one-sentence description.

use std::collections::HashMap;

use rand::Rng;

use super::catalog::{Catalog, email_fold};
use super::geo::{Culture, Profile};
use super::names::{
    COINED_HEADS, COINED_TAILS, FRENCH_HEADS, GERMAN_REGIONS, MIDDLES, SPANISH_PLACES, local_nouns,
    sector_nouns,
};
use super::sample::{chance, log_normal, noise, pick, round_random};
use super::words::Sector;
use clearlist_engine::countries;

/// The firmographics of one company, before it becomes an [`clearlist_engine::vault::Account`].
pub(super) struct Company {
    pub(super) profile: &'static Profile,
    pub(super) city: &'static str,
    pub(super) industry: &'static str,
    pub(super) sector: Sector,
    pub(super) employees: u32,
    pub(super) revenue_usd: u64,
    pub(super) name: String,
    /// The name without legal form, the source of the domain.
    pub(super) core_name: String,
}

/// Draws a company's location, industry, size and name.
pub(super) fn company<R: Rng>(rng: &mut R, catalog: &Catalog) -> Company {
    let profile_index = catalog.profile_sampler.sample(rng);
    let profile = Catalog::profile(profile_index);
    // Bigger cities host more companies (the lists are biggest first).
    let city = catalog
        .city_samplers
        .get(profile_index)
        .and_then(|cities| profile.cities.get(cities.sample(rng)))
        .copied()
        .unwrap_or_default();
    let (industry, sector) = catalog.industries[catalog.industry_sampler.sample(rng)];
    let employees = employees(rng);
    let revenue_usd = revenue(rng, employees, sector);
    let core_name = core_name(rng, catalog, profile.culture, sector, city);
    let name = if chance(rng, 0.6) {
        let suffix = suffix(rng, profile.suffixes);
        let mut name = String::with_capacity(core_name.len() + 1 + suffix.len());
        name.push_str(&core_name);
        name.push(' ');
        name.push_str(suffix);
        name
    } else {
        core_name.clone()
    };
    Company {
        profile,
        city,
        industry,
        sector,
        employees,
        revenue_usd,
        name,
        core_name,
    }
}

/// Headcount: log-normal with a median near 37 and a long tail (about 5% above 1,000
/// employees, a fraction of a percent above 10,000), as in B2B company databases.
fn employees<R: Rng>(rng: &mut R) -> u32 {
    let size = log_normal(rng, 3.6, 2.0);
    round_random(rng, size, 400_000).max(1)
}

/// Annual revenue: headcount times a revenue per employee that depends on the sector
/// (capital-heavy sectors earn more per head) and varies by company.
fn revenue<R: Rng>(rng: &mut R, employees: u32, sector: Sector) -> u64 {
    let per_employee = match sector {
        Sector::Energy => 400_000.0,
        Sector::Finance => 300_000.0,
        Sector::Tech | Sector::Manufacturing | Sector::Consumer => 200_000.0,
        Sector::Transport | Sector::Construction | Sector::Health => 160_000.0,
        Sector::Services | Sector::Media => 130_000.0,
        Sector::Hospitality | Sector::Public => 70_000.0,
    };
    let revenue = f64::from(employees) * per_employee * noise(rng, 0.6);
    // Round to thousands: reported revenues are estimates.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "positive and far below u64::MAX"
    )]
    let thousands = (revenue / 1000.0).round().max(1.0) as u64;
    thousands * 1000
}

/// The most common legal form is the first; the others share the rest.
fn suffix<R: Rng>(rng: &mut R, suffixes: &[&'static str]) -> &'static str {
    if chance(rng, 0.6) {
        suffixes.first().copied().unwrap_or_default()
    } else {
        pick(rng, suffixes)
    }
}

/// A company name without its legal form.
fn core_name<R: Rng>(
    rng: &mut R,
    catalog: &Catalog,
    culture: Culture,
    sector: Sector,
    city: &str,
) -> String {
    let local = local_nouns(culture, sector);
    if !local.is_empty() && chance(rng, 0.5) {
        return local_name(rng, catalog, culture, local);
    }
    let nouns = sector_nouns(sector);
    let roll = rng.gen_range(0..100u8);
    match roll {
        0..40 => join(&[&coined(rng), pick(rng, nouns)]),
        40..52 => coined(rng),
        52..72 => join(&[&coined(rng), pick(rng, MIDDLES), pick(rng, nouns)]),
        72..85 => join(&[
            &capitalized(surname(rng, catalog, culture)),
            pick(rng, nouns),
        ]),
        85..90 => {
            let first = surname(rng, catalog, culture);
            let second = surname(rng, catalog, culture);
            join(&[&capitalized(first), "&", &capitalized(second)])
        }
        _ => join(&[city, pick(rng, nouns)]),
    }
}

/// Names in the culture's own language: "Müller Logistik", "Société Générale de
/// Transports", "Construcciones del Mediterráneo", "Nakamura Seiki".
fn local_name<R: Rng>(
    rng: &mut R,
    catalog: &Catalog,
    culture: Culture,
    nouns: &[&'static str],
) -> String {
    let noun = pick(rng, nouns);
    let surname = capitalized(surname(rng, catalog, culture));
    match culture {
        Culture::German if chance(rng, 0.4) => join(&[pick(rng, GERMAN_REGIONS), noun]),
        Culture::French if chance(rng, 0.5) => {
            let head = pick(rng, FRENCH_HEADS);
            // French elides "de" before a vowel or a mute h: "d'Informatique".
            let elide = email_fold(noun).starts_with(['a', 'e', 'i', 'o', 'u', 'h']);
            let mut name = String::with_capacity(head.len() + noun.len() + 4);
            name.push_str(head);
            name.push_str(if elide { " d'" } else { " de " });
            name.push_str(noun);
            name
        }
        Culture::Spanish if chance(rng, 0.3) => join(&[noun, pick(rng, SPANISH_PLACES)]),
        Culture::Spanish | Culture::Portuguese | Culture::Italian if chance(rng, 0.5) => {
            join(&[noun, &surname])
        }
        Culture::Spanish | Culture::Portuguese if chance(rng, 0.3) => join(&["Grupo", &surname]),
        _ => join(&[&surname, noun]),
    }
}

/// A coined name such as "Northwind" or "Bluepeak".
fn coined<R: Rng>(rng: &mut R) -> String {
    let head = pick(rng, COINED_HEADS);
    let mut tail = pick(rng, COINED_TAILS);
    // "Stonestone" and "Starstar" read as typos.
    if head.eq_ignore_ascii_case(tail) {
        tail = COINED_TAILS.first().copied().unwrap_or_default();
    }
    let mut name = String::with_capacity(head.len() + tail.len());
    name.push_str(head);
    name.push_str(tail);
    name
}

fn surname<'a, R: Rng>(rng: &mut R, catalog: &'a Catalog, culture: Culture) -> &'a str {
    let names = &catalog.names_of(culture).last;
    names
        .get(rng.gen_range(0..names.len().max(1)))
        .map_or("", |(name, _)| name)
}

/// "de Vries" opens a company name as "De Vries".
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn join(words: &[&str]) -> String {
    words.join(" ")
}

/// Hands out unique domains: the first company with a base name gets `base.tld`, later
/// ones `base2.tld`, `base3.tld` and so on. Bases are letters only, so a numbered domain
/// never equals another company's unnumbered one.
#[derive(Default)]
pub(super) struct Domains {
    taken: HashMap<String, u32>,
}

impl Domains {
    /// A new, unique domain for a company.
    pub(super) fn register<R: Rng>(&mut self, rng: &mut R, company: &Company) -> String {
        let base = domain_base(&company.core_name);
        // Many non-US companies use .com rather than their country's domain.
        let tld = if company.profile.tld == "com" || chance(rng, 0.3) {
            "com"
        } else {
            company.profile.tld
        };
        let mut domain = String::with_capacity(base.len() + tld.len() + 4);
        domain.push_str(&base);
        domain.push('.');
        domain.push_str(tld);
        let count = self.taken.entry(domain.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            return domain;
        }
        let number = count.to_string();
        domain.clear();
        domain.push_str(&base);
        domain.push_str(&number);
        domain.push('.');
        domain.push_str(tld);
        domain
    }
}

/// Small words that domains leave out.
const DOMAIN_STOP_WORDS: &[&str] = &[
    "de", "des", "du", "d", "del", "do", "la", "le", "les", "y", "e", "et", "and", "of", "the",
];

/// The label of a domain for a company name: ASCII letters of its significant words run
/// together while they fit in 24 letters ("Société Générale de Transports" →
/// "societegenerale").
fn domain_base(core_name: &str) -> String {
    let ascii = deunicode::deunicode(core_name).to_ascii_lowercase();
    let mut base = String::with_capacity(20);
    for word in ascii.split(|ch: char| !ch.is_ascii_alphabetic()) {
        if word.is_empty() || DOMAIN_STOP_WORDS.contains(&word) {
            continue;
        }
        if !base.is_empty() && base.len() + word.len() > 24 {
            break;
        }
        base.push_str(word);
    }
    base.truncate(24);
    if base.is_empty() {
        base.push_str("company");
    }
    base
}

/// Installed technologies: more for bigger companies (about 10 on average), popular ones
/// far more often, listed most popular first.
pub(super) fn technologies<R: Rng>(
    rng: &mut R,
    catalog: &Catalog,
    employees: u32,
    picks: &mut Vec<usize>,
) -> Vec<String> {
    let mean = 3.0 + 1.9 * f64::from(employees).ln_1p();
    let expected = mean * noise(rng, 0.45);
    let count = round_random(rng, expected, 150);
    catalog
        .technology_sampler
        .sample_distinct(rng, count as usize, picks);
    picks.sort_unstable();
    picks
        .iter()
        .map(|&index| catalog.technologies[index].clone())
        .collect()
}

/// One sentence about the company.
pub(super) fn description<R: Rng>(rng: &mut R, company: &Company) -> String {
    let country = countries::country(company.profile.code)
        .map_or(company.profile.code, |country| country.name);
    let size = match company.employees {
        0..=10 => "small",
        11..=200 => "growing",
        201..=1000 => "mid-sized",
        1001..=10_000 => "large",
        _ => "global",
    };
    let focus = pick(rng, focus(company.sector));
    if chance(rng, 0.5) {
        let year = 2024 - rng.gen_range(0..90u32).min(rng.gen_range(0..90u32));
        format!(
            "Founded in {year}, {} is a {size} {} company based in {}, {country}, focused on {focus}.",
            company.core_name, company.industry, company.city
        )
    } else {
        format!(
            "{} is a {size} {} company headquartered in {}, {country}, focused on {focus}.",
            company.core_name, company.industry, company.city
        )
    }
}

/// What companies of a sector say they focus on.
fn focus(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::Tech => &[
            "cloud software for mid-market teams",
            "secure digital infrastructure",
            "data-driven products",
            "enterprise IT services",
        ],
        Sector::Finance => &[
            "commercial lending",
            "wealth management for families",
            "insurance for small businesses",
            "payments and treasury services",
        ],
        Sector::Health => &[
            "patient-centred care",
            "clinical research",
            "medical technology",
            "diagnostics and laboratory services",
        ],
        Sector::Manufacturing => &[
            "precision components",
            "industrial equipment",
            "sustainable materials",
            "contract manufacturing",
        ],
        Sector::Consumer => &[
            "everyday consumer brands",
            "regional distribution",
            "direct-to-consumer retail",
            "fresh food and beverages",
        ],
        Sector::Services => &[
            "advisory services for growing businesses",
            "talent and workforce solutions",
            "regulatory and compliance advice",
            "outsourced business services",
        ],
        Sector::Public => &[
            "education and research",
            "public services",
            "community programmes",
            "policy and advocacy",
        ],
        Sector::Media => &[
            "brand storytelling",
            "digital content",
            "audience growth for brands",
            "independent productions",
        ],
        Sector::Energy => &[
            "the energy transition",
            "reliable utilities",
            "renewable generation",
            "responsible resource development",
        ],
        Sector::Transport => &[
            "end-to-end logistics",
            "freight and fleet services",
            "passenger mobility",
            "supply chain visibility",
        ],
        Sector::Construction => &[
            "commercial construction",
            "residential developments",
            "infrastructure projects",
            "property management",
        ],
        Sector::Hospitality => &[
            "memorable guest experiences",
            "business travel",
            "events and leisure",
            "hospitality operations",
        ],
    }
}
