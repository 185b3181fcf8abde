//! Tests of the generator: determinism, referential sanity, vocabularies, and the
//! distribution targets the demo and the ranking rely on.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use wasm_bindgen_test::wasm_bindgen_test;

use super::catalog::{Catalog, TECHNOLOGY_COUNT, TOPIC_COUNT, VENDOR_COUNT};
use super::geo::{Culture, PROFILES};
use super::names::{first_names, last_names, titles};
use super::products::REAL_VENDORS;
use super::words::{INDUSTRIES, POPULAR_SEGMENTS, SEGMENTS, family_vendors};
use super::{DEFAULT_AS_OF, GenerateConfig, generate};
use clearlist_engine::countries;
use clearlist_engine::date::Date;
use clearlist_engine::intent::Metrics;
use clearlist_engine::taxonomy::{Function, Gauge, LawfulBasis, Seniority, Signal, slugify};
use clearlist_engine::vault::{Vault, WeekActivity};

/// One 20,000-account vault shared by the distribution tests (generating it in a debug
/// build takes seconds, so it is made once).
fn big() -> &'static Vault {
    static VAULT: OnceLock<Vault> = OnceLock::new();
    VAULT.get_or_init(|| generate(&GenerateConfig::new(20_000, 2026)))
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

#[track_caller]
fn check_between(what: &str, value: f64, low: f64, high: f64) {
    assert!(
        (low..=high).contains(&value),
        "{what} = {value:.4}, expected {low}..={high}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn default_as_of_is_2026_11_27() {
    assert_eq!(Date::from_ymd(2026, 11, 27), Some(DEFAULT_AS_OF));
    assert_eq!(GenerateConfig::new(5, 1).as_of, DEFAULT_AS_OF);
}

#[wasm_bindgen_test(unsupported = test)]
fn same_seed_same_vault_other_seed_other_vault() {
    let first = generate(&GenerateConfig::new(300, 7));
    let again = generate(&GenerateConfig::new(300, 7));
    let other = generate(&GenerateConfig::new(300, 8));
    assert_eq!(first, again);
    assert_ne!(first.accounts, other.accounts);
    assert_ne!(first.contacts, other.contacts);
}

#[wasm_bindgen_test(unsupported = test)]
fn empty_config_gives_empty_vault() {
    let vault = generate(&GenerateConfig::new(0, 1));
    assert!(vault.accounts.is_empty() && vault.contacts.is_empty() && vault.intent.is_empty());
    assert_eq!(vault.as_of, DEFAULT_AS_OF);
}

#[wasm_bindgen_test(unsupported = test)]
fn thousand_accounts_are_consistent() {
    let vault = generate(&GenerateConfig::new(1_000, 42));
    assert_eq!(vault.accounts.len(), 1_000);

    let mut domains = HashSet::new();
    for (index, account) in vault.accounts.iter().enumerate() {
        assert_eq!(
            usize::try_from(account.id).ok(),
            Some(index + 1),
            "ids are 1..=n in order"
        );
        assert!(!account.name.trim().is_empty() && account.name.trim() == account.name);
        assert!(
            domains.insert(account.domain.as_str()),
            "duplicate domain {}",
            account.domain
        );
        assert!(
            account.domain.contains('.')
                && !account.domain.starts_with("www.")
                && account
                    .domain
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.'),
            "{}",
            account.domain
        );
        assert!(countries::country(&account.country).is_some_and(|c| c.code == account.country));
        assert!(
            !account.city.is_empty()
                && !account.industry.is_empty()
                && !account.description.is_empty()
        );
        assert!(account.employees >= 1 && account.revenue_usd >= 1000);
        for list in [&account.technologies, &account.topics, &account.vendors] {
            let distinct: HashSet<&String> = list.iter().collect();
            assert_eq!(
                distinct.len(),
                list.len(),
                "no duplicate labels in {list:?}"
            );
        }
        assert!(account.vendors.len() <= 8);
    }

    let accounts: HashMap<u32, &str> = vault
        .accounts
        .iter()
        .map(|a| (a.id, a.domain.as_str()))
        .collect();
    let mut contact_ids = HashSet::new();
    let mut emails = HashSet::new();
    for contact in &vault.contacts {
        assert!(
            contact_ids.insert(contact.id),
            "duplicate contact id {}",
            contact.id
        );
        let domain = accounts.get(&contact.account_id).copied();
        assert!(
            domain.is_some(),
            "contact {} at missing account {}",
            contact.id,
            contact.account_id
        );
        let (local, at) = contact.email.split_once('@').unwrap_or_default();
        assert_eq!(Some(at), domain, "{}", contact.email);
        assert!(
            !local.is_empty()
                && local.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'.'
                    || b == b'_'),
            "{}",
            contact.email
        );
        assert!(
            emails.insert(contact.email.as_str()),
            "duplicate email {}",
            contact.email
        );
        assert!(
            !contact.first_name.is_empty()
                && !contact.last_name.is_empty()
                && !contact.title.is_empty()
        );
        assert!(titles(contact.function, contact.seniority).contains(&contact.title.as_str()));
        assert!(contact.country.is_empty() || countries::country(&contact.country).is_some());
    }

    let window_start = vault.window_start();
    let mut pairs = HashSet::new();
    for record in &vault.intent {
        assert!(
            accounts.contains_key(&record.account_id),
            "intent of missing account {}",
            record.account_id
        );
        assert!(
            pairs.insert((record.account_id, record.segment.as_str())),
            "duplicate {record:?}"
        );
        assert!(
            record
                .weeks
                .iter()
                .all(|week| week.senior_readers <= week.readers)
        );
        let last_active = record
            .weeks
            .iter()
            .rposition(|week| *week != WeekActivity::default());
        let last_active = last_active.and_then(|index| i32::try_from(index).ok());
        match (record.last_touch, last_active) {
            (Some(day), Some(week)) => {
                let week_start = window_start.add_days(7 * week);
                assert!(
                    (week_start..=week_start.add_days(6)).contains(&day),
                    "{record:?}"
                );
                assert!(day <= vault.as_of);
            }
            (None, None) => {}
            _ => panic!("last_touch does not match the activity: {record:?}"),
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn vocabularies_are_large_and_slug_unique() {
    let catalog = Catalog::build();
    assert_eq!(catalog.technologies.len(), TECHNOLOGY_COUNT);
    assert_eq!(catalog.topics.len(), TOPIC_COUNT);
    assert_eq!(catalog.vendors.len(), VENDOR_COUNT);
    assert!(catalog.industries.len() >= 110);
    assert!((280..=360).contains(&catalog.segments.len()));
    let segment_labels: Vec<&str> = catalog
        .segments
        .iter()
        .map(|segment| segment.label)
        .collect();
    let industry_labels: Vec<&str> = catalog.industries.iter().map(|(label, _)| *label).collect();
    let vocabularies: [(&str, Vec<&str>); 5] = [
        ("industries", industry_labels),
        ("segments", segment_labels),
        (
            "technologies",
            catalog.technologies.iter().map(String::as_str).collect(),
        ),
        (
            "topics",
            catalog.topics.iter().map(String::as_str).collect(),
        ),
        (
            "vendors",
            catalog.vendors.iter().map(String::as_str).collect(),
        ),
    ];
    for (name, labels) in &vocabularies {
        let mut slugs = HashSet::new();
        for label in labels {
            let slug = slugify(label);
            assert!(!slug.is_empty(), "{name}: `{label}` has no slug");
            assert!(slugs.insert(slug), "{name}: `{label}` collides");
            assert!(
                !label.contains(';') && label.trim() == *label,
                "{name}: `{label}` cannot be a CSV list item"
            );
        }
    }
    for segment in &catalog.segments {
        assert!(
            segment.topics.len() >= 20 && segment.late_topics.len() == 3,
            "{}",
            segment.label
        );
        assert!(!segment.vendors.is_empty(), "{}", segment.label);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn word_lists_refer_to_each_other() {
    for name in POPULAR_SEGMENTS {
        assert!(SEGMENTS.iter().any(|(label, _)| label == name), "{name}");
    }
    for (_, family) in SEGMENTS {
        for vendor in family_vendors(*family) {
            assert!(REAL_VENDORS.contains(vendor), "{vendor}");
        }
    }
    let mut codes = HashSet::new();
    for profile in PROFILES {
        assert!(codes.insert(profile.code), "{}", profile.code);
        assert!(
            countries::country(profile.code).is_some(),
            "{}",
            profile.code
        );
        assert!(
            !profile.cities.is_empty() && !profile.suffixes.is_empty() && !profile.tld.is_empty()
        );
    }
    assert!(PROFILES.len() >= 60);
    for culture in Culture::ALL {
        assert!(
            first_names(culture).len() >= 10 && last_names(culture).len() >= 10,
            "{culture:?}"
        );
    }
    for function in Function::ALL {
        for seniority in Seniority::ALL {
            assert!(!titles(*function, *seniority).is_empty());
        }
    }
    assert!(INDUSTRIES.len() >= 110);
}

#[wasm_bindgen_test(unsupported = test)]
fn labels_are_diverse_at_scale() {
    let vault = big();
    let distinct = |labels: &mut dyn Iterator<Item = &str>| labels.collect::<HashSet<_>>().len();
    let accounts = &vault.accounts;
    assert!(distinct(&mut accounts.iter().map(|a| a.industry.as_str())) >= 110);
    assert!(distinct(&mut accounts.iter().map(|a| a.country.as_str())) >= 60);
    assert!(
        distinct(
            &mut accounts
                .iter()
                .flat_map(|a| a.technologies.iter().map(String::as_str))
        ) >= 1_500
    );
    assert!(
        distinct(
            &mut accounts
                .iter()
                .flat_map(|a| a.topics.iter().map(String::as_str))
        ) >= 3_000
    );
    assert!(
        distinct(
            &mut accounts
                .iter()
                .flat_map(|a| a.vendors.iter().map(String::as_str))
        ) >= 300
    );
    assert!(distinct(&mut vault.intent.iter().map(|r| r.segment.as_str())) >= 250);
    assert!(
        accounts.iter().any(|a| a.name.contains('é')),
        "accented company names"
    );
    assert!(
        accounts
            .iter()
            .any(|a| a.name.contains('ü') || a.name.contains('ö')),
        "umlauts"
    );
    assert!(
        vault
            .contacts
            .iter()
            .any(|c| c.first_name == "José" || c.first_name == "Zoë")
    );
    assert!(vault.contacts.iter().any(|c| c.last_name == "Müller"));
}

#[wasm_bindgen_test(unsupported = test)]
fn firmographics_are_skewed_like_real_data() {
    let vault = big();
    let n = vault.accounts.len();
    let mut countries: HashMap<&str, usize> = HashMap::new();
    for account in &vault.accounts {
        *countries.entry(account.country.as_str()).or_default() += 1;
    }
    let top = countries
        .iter()
        .max_by_key(|(_, count)| **count)
        .map(|(code, _)| *code);
    assert_eq!(top, Some("US"));
    check_between("US share", share(countries["US"], n), 0.25, 0.50);
    assert!(countries.get("GB") > countries.get("NL"));

    let small = vault.accounts.iter().filter(|a| a.employees <= 200).count();
    let huge = vault
        .accounts
        .iter()
        .filter(|a| a.employees > 10_000)
        .count();
    check_between("share with <= 200 employees", share(small, n), 0.6, 0.9);
    check_between(
        "share with > 10,000 employees",
        share(huge, n),
        0.0005,
        0.02,
    );
    // Revenue follows headcount.
    let revenue_of = |low: u32, high: u32| {
        let band: Vec<u64> = vault
            .accounts
            .iter()
            .filter(|a| (low..high).contains(&a.employees))
            .map(|a| a.revenue_usd)
            .collect();
        band.iter().sum::<u64>() / band.len().max(1) as u64
    };
    assert!(revenue_of(1_000, 5_000) > 10 * revenue_of(10, 50));

    let technologies: usize = vault.accounts.iter().map(|a| a.technologies.len()).sum();
    check_between(
        "technologies per account",
        share(technologies, n),
        7.0,
        13.0,
    );
    let intent_accounts: HashSet<u32> = vault.intent.iter().map(|r| r.account_id).collect();
    check_between(
        "share of accounts with intent",
        share(intent_accounts.len(), n),
        0.3,
        0.5,
    );
    let without_intent_but_topics = vault
        .accounts
        .iter()
        .filter(|a| !intent_accounts.contains(&a.id) && !a.topics.is_empty())
        .count();
    assert_eq!(without_intent_but_topics, 0);
}

#[wasm_bindgen_test(unsupported = test)]
fn contacts_follow_the_privacy_mix() {
    let vault = big();
    let contacts = &vault.contacts;
    let n = contacts.len();
    check_between(
        "contacts per account",
        share(n, vault.accounts.len()),
        4.0,
        6.0,
    );
    check_between(
        "email_download",
        share(contacts.iter().filter(|c| c.email_download).count(), n),
        0.15,
        0.35,
    );
    let consent = contacts
        .iter()
        .filter(|c| c.lawful_basis == LawfulBasis::Consent)
        .count();
    check_between("consent", share(consent, n), 0.2, 0.4);
    check_between(
        "opted out",
        share(contacts.iter().filter(|c| c.opted_out).count(), n),
        0.01,
        0.06,
    );
    check_between(
        "unknown country",
        share(contacts.iter().filter(|c| c.country.is_empty()).count(), n),
        0.005,
        0.05,
    );
    let hq: HashMap<u32, &str> = vault
        .accounts
        .iter()
        .map(|a| (a.id, a.country.as_str()))
        .collect();
    let at_hq = contacts
        .iter()
        .filter(|c| hq.get(&c.account_id) == Some(&c.country.as_str()))
        .count();
    check_between("contacts in the HQ country", share(at_hq, n), 0.8, 0.95);
    let count = |seniority: Seniority| contacts.iter().filter(|c| c.seniority == seniority).count();
    assert!(count(Seniority::Staff) > count(Seniority::Manager));
    assert!(count(Seniority::Manager) > count(Seniority::Director));
    assert!(count(Seniority::Director) > count(Seniority::CLevel));
    let per_account = contacts
        .iter()
        .fold(HashMap::<u32, usize>::new(), |mut counts, c| {
            *counts.entry(c.account_id).or_default() += 1;
            counts
        });
    assert!(per_account.values().all(|&count| count <= 200));
}

#[wasm_bindgen_test(unsupported = test)]
fn intent_lights_every_signal_and_gauge() {
    let vault = big();
    let n = vault.intent.len();
    let metrics: Vec<Metrics> = vault
        .intent
        .iter()
        .map(|record| Metrics::from_weeks(&record.weeks))
        .collect();
    for signal in Signal::ALL {
        let lit = metrics
            .iter()
            .filter(|m| m.signals().contains(*signal))
            .count();
        check_between(signal.slug(), share(lit, n), 0.02, 0.40);
    }
    for gauge in [Gauge::EvaluatingVendors, Gauge::RampingUp, Gauge::NotActive] {
        let count = metrics.iter().filter(|m| m.gauge() == gauge).count();
        assert!(share(count, n) > 0.02, "{gauge}: {count} of {n}");
    }
    // Most records are weak.
    let weak = metrics.iter().filter(|m| m.signals().is_empty()).count();
    check_between("records without signals", share(weak, n), 0.4, 0.85);
    let per_account = vault
        .intent
        .iter()
        .fold(HashMap::<u32, usize>::new(), |mut counts, r| {
            *counts.entry(r.account_id).or_default() += 1;
            counts
        });
    assert!(per_account.values().all(|&count| (1..=6).contains(&count)));
    // Popular segments are far more common than the tail.
    let mut by_segment: HashMap<&str, usize> = HashMap::new();
    for record in &vault.intent {
        *by_segment.entry(record.segment.as_str()).or_default() += 1;
    }
    assert!(
        by_segment.get("Cloud Security").copied().unwrap_or(0)
            > 10 * by_segment.values().min().copied().unwrap_or(0)
    );
}
