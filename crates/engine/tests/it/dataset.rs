//! The dataset format: de-identification, round trips, and rejection of bad input.

use clearlist_engine::dataset::{Dataset, DecodeError};
use clearlist_engine::taxonomy::Facet;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::fixture::fixture;

/// Whether `needle` occurs in `lowercase_haystack`, ASCII-case-insensitively.
fn contains_ci(lowercase_haystack: &[u8], needle: &str) -> bool {
    memchr::memmem::find(lowercase_haystack, needle.to_ascii_lowercase().as_bytes()).is_some()
}

engine_test! {
    fn no_personal_data_in_the_dataset_bytes_or_decoded_values() {
        let fixture = fixture();
        let lower = fixture.bytes.to_ascii_lowercase();
        let decoded = format!("{:?}", fixture.dataset);
        let decoded_lower = decoded.to_ascii_lowercase();
        assert!(!fixture.vault.contacts.is_empty());
        for contact in &fixture.vault.contacts {
            let email = contact.email.to_ascii_lowercase();
            assert!(!contains_ci(&lower, &email), "email {} in dataset bytes", contact.email);
            assert!(!decoded_lower.contains(&email), "email {} in decoded dataset", contact.email);
            let local = email.split('@').next().unwrap_or_default();
            assert!(!contains_ci(&lower, &format!("{local}@")), "email local part of {} in bytes", contact.email);
            let full_name = format!("{} {}", contact.first_name, contact.last_name);
            assert!(!contains_ci(&lower, &full_name), "name {full_name} in dataset bytes");
            assert!(!decoded.contains(&full_name), "name {full_name} in decoded dataset");
        }
        // No address of any form: not a single `@` in the file's strings.
        assert!(!decoded.contains('@'), "an `@` in the decoded dataset");
    }
}

engine_test! {
    fn decoded_dataset_matches_the_vault() {
        let fixture = fixture();
        let dataset = &fixture.dataset;
        assert_eq!(dataset.len(), fixture.vault.accounts.len());
        assert_eq!(dataset.contact_count(), fixture.vault.contacts.len());
        for account in fixture.vault.accounts.iter().step_by(37) {
            let summary = dataset.summary(account.id, None).expect("account present");
            assert_eq!(summary.name, account.name);
            assert_eq!(summary.domain, account.domain);
            assert_eq!(summary.country, account.country.to_lowercase());
            let contacts = fixture.vault.contacts.iter().filter(|c| c.account_id == account.id).count();
            assert_eq!(summary.contacts as usize, contacts);
        }
        let mut pseudonyms = dataset.contact_pseudonyms().to_vec();
        let mut expected = fixture.pseudonyms.clone();
        pseudonyms.sort_unstable();
        expected.sort_unstable();
        assert_eq!(pseudonyms, expected);
        assert!(dataset.facet_values(Facet::Industry).len() >= 50);
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_built_dataset_decodes() {
    // Small vaults vary most in what ends a section; seed 30 ended the intent section
    // with entries of the smallest size, which the decoder once took for a truncation.
    for seed in 0..48 {
        let vault = clearlist_vault_io::generate::generate(
            &clearlist_vault_io::generate::GenerateConfig::new(300, seed),
        );
        let pseudonyms: Vec<u64> = (0..vault.contacts.len() as u64).collect();
        let bytes = clearlist_engine::dataset::build_with_rules(
            &vault,
            &pseudonyms,
            &crate::fixture::rules(),
        )
        .expect("build");
        let dataset = Dataset::decode(&bytes).unwrap_or_else(|error| {
            panic!("seed {seed}: the built dataset does not decode: {error}")
        });
        assert_eq!(dataset.len(), 300);
    }
}

engine_test! {
    fn truncated_input_is_rejected_with_a_typed_error() {
        let fixture = fixture();
        let bytes = &fixture.bytes;
        let mut rng = StdRng::seed_from_u64(1);
        let mut cuts: Vec<usize> = (0..64).collect();
        cuts.extend((0..200).map(|_| rng.gen_range(0..bytes.len())));
        for cut in cuts {
            let error = Dataset::decode(&bytes[..cut]).expect_err("truncated input must fail");
            assert!(
                matches!(error, DecodeError::TooShort { .. } | DecodeError::BadChecksum { .. } | DecodeError::BadMagic),
                "cut at {cut}: {error}"
            );
        }
    }
}

engine_test! {
    fn corrupted_and_wrong_version_input_is_rejected() {
        let fixture = fixture();
        let mut flipped = fixture.bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x40;
        assert!(matches!(Dataset::decode(&flipped), Err(DecodeError::BadChecksum { .. })));

        let mut version = fixture.bytes.clone();
        version[4] = 99;
        assert_eq!(Dataset::decode(&version).err(), Some(DecodeError::UnsupportedVersion { found: 99 }));

        let mut magic = fixture.bytes.clone();
        magic[0] = b'X';
        assert_eq!(Dataset::decode(&magic).err(), Some(DecodeError::BadMagic));
    }
}

engine_test! {
    fn forged_content_with_a_valid_checksum_never_panics() {
        // An attacker can recompute the checksum: the decoder must still reject garbage
        // inside sections with an error, not a panic or an enormous allocation.
        let fixture = fixture();
        let mut rng = StdRng::seed_from_u64(99);
        let body_len = fixture.bytes.len() - 4;
        for round in 0..300 {
            let mut bytes = fixture.bytes[..body_len].to_vec();
            for _ in 0..rng.gen_range(1..6) {
                let at = rng.gen_range(12..bytes.len());
                bytes[at] = rng.r#gen();
            }
            if round % 3 == 0 {
                let cut = rng.gen_range(12..bytes.len());
                bytes.truncate(cut);
            }
            let checksum = crc32fast_hash(&bytes);
            bytes.extend_from_slice(&checksum.to_le_bytes());
            let _ = Dataset::decode(&bytes);
        }
    }
}

/// CRC-32 (IEEE), as the format uses; written out so the test does not share the
/// decoder's code.
fn crc32fast_hash(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// `bytes` without the sections `tags`, re-checksummed: a dataset as a build before those
/// sections existed wrote it.
fn without_sections(bytes: &[u8], tags: &[&[u8; 4]]) -> Vec<u8> {
    let count = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
    let mut kept = Vec::new();
    let mut at = 12;
    let mut kept_count = 0u32;
    for _ in 0..count {
        let tag: &[u8] = &bytes[at..at + 4];
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        if !tags.iter().any(|t| t.as_slice() == tag) {
            kept.extend_from_slice(&bytes[at..at + 8 + len]);
            kept_count += 1;
        }
        at += 8 + len;
    }
    let mut out = bytes[..8].to_vec();
    out.extend_from_slice(&kept_count.to_le_bytes());
    out.extend_from_slice(&kept);
    let checksum = crc32fast_hash(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

engine_test! {
    fn exportable_contacts_follow_the_organisation_s_rules() {
        use clearlist_engine::email_rules::B2bRule;
        use clearlist_engine::taxonomy::LawfulBasis;
        let fixture = fixture();
        let dataset = &fixture.dataset;
        let rules = crate::fixture::rules();
        assert_eq!(dataset.email_rules(), rules);
        // Contacts are stored by account row, then contact id.
        let mut order: Vec<&clearlist_engine::vault::Contact> = fixture.vault.contacts.iter().collect();
        order.sort_by_key(|c| (c.account_id, c.id));
        let mut exportable = 0;
        for (index, contact) in order.iter().enumerate() {
            let expected = !contact.opted_out
                && contact.email_download
                && (contact.lawful_basis == LawfulBasis::Consent
                    || rules.rule_for(&contact.country) == B2bRule::OptOut);
            assert_eq!(dataset.is_exportable(index), expected, "contact {}", contact.id);
            exportable += usize::from(expected);
        }
        let per_row: u32 = (0..dataset.len() as u32).map(|row| dataset.exportable_contacts(row)).sum();
        assert_eq!(per_row as usize, exportable);
        assert!(exportable > 0 && exportable < order.len(), "{exportable} of {}", order.len());
    }
}

engine_test! {
    fn a_rule_change_effect_is_what_rebuilding_with_the_rule_gives() {
        use clearlist_engine::dataset::build_with_rules;
        use clearlist_engine::email_rules::{B2bRule, EmailRules};
        let fixture = fixture();
        let exportable = |dataset: &Dataset| (0..dataset.contact_count()).filter(|&c| dataset.is_exportable(c)).count() as i64;
        let before = exportable(&fixture.dataset);
        // DE becomes opt-out; US (opt-out in the fixture's rules) becomes opt-in.
        for (country, opt_out) in [("de", true), ("US", false)] {
            let effect = fixture.dataset.rule_change_effect(country, opt_out);
            let mut opt_out_countries = vec!["US", "GB", "FR", "NL", "AU", "IN"];
            opt_out_countries.retain(|code| !code.eq_ignore_ascii_case(country));
            if opt_out {
                opt_out_countries.push("DE");
            }
            let rules = EmailRules::new(opt_out_countries.into_iter().map(|code| (code.to_owned(), B2bRule::OptOut)));
            let rebuilt = Dataset::decode(&build_with_rules(&fixture.vault, &fixture.pseudonyms, &rules).expect("build")).expect("decode");
            assert_eq!(exportable(&rebuilt) - before, effect.gained as i64 - effect.lost as i64, "{country}");
            assert!(effect.gained + effect.lost > 0, "{country}: the fixture has contacts the rule decides");
            assert_eq!(if opt_out { effect.lost } else { effect.gained }, 0);
        }
        assert_eq!(fixture.dataset.rule_change_effect("zz", true), Default::default());
    }
}

engine_test! {
    fn a_dataset_from_before_the_rules_reads_as_all_opt_in() {
        use clearlist_engine::email_rules::EmailRules;
        let fixture = fixture();
        let old = without_sections(&fixture.bytes, &[b"RULE", b"CEMD"]);
        let dataset = Dataset::decode(&old).expect("decodes without the later sections");
        assert_eq!(dataset.email_rules(), EmailRules::default());
        assert!(dataset.contact_email_domains().is_empty());
        assert_eq!(dataset.len(), fixture.dataset.len());
        // Under all-opt-in only consent is lawful: never more exportable than with rules.
        let count = |data: &Dataset| (0..data.contact_count()).filter(|&c| data.is_exportable(c)).count();
        assert!(count(&dataset) < count(&fixture.dataset));
    }
}

engine_test! {
    fn a_contact_emailed_at_another_domain_is_suppressed_by_it() {
        use clearlist_engine::dataset::build;
        use clearlist_engine::suppression::SuppressionSet;
        let mut vault = fixture().vault.clone();
        vault.contacts.truncate(40);
        let moved = 17;
        vault.contacts[moved].email = "someone@Subsidiary.Example".to_owned();
        let pseudonyms: Vec<u64> = (1..=vault.contacts.len() as u64).collect();
        let dataset = Dataset::decode(&build(&vault, &pseudonyms).expect("build")).expect("decode");
        let mut order: Vec<(u32, u32)> = vault.contacts.iter().map(|c| (c.account_id, c.id)).collect();
        order.sort_unstable();
        let key = (vault.contacts[moved].account_id, vault.contacts[moved].id);
        let index = order.iter().position(|k| *k == key).expect("stored") as u32;
        assert_eq!(dataset.contact_email_domains(), [(index, "subsidiary.example".to_owned())]);
        let applied = dataset.apply_suppression(&SuppressionSet::new(vec!["example".to_owned(), "subsidiary.example".to_owned()], Vec::new()));
        assert!(applied.contacts.contains(index));
        assert_eq!(applied.contacts.len(), 1);
    }
}

engine_test! {
    fn accounts_are_found_by_domain_in_one_pass() {
        let dataset = &crate::fixture::fixture().dataset;
        let asked: Vec<String> = [dataset.domain(5), "not-a-customer.example", dataset.domain(5), dataset.domain(900)]
            .iter()
            .map(|domain| (*domain).to_owned())
            .collect();
        let found = dataset.rows_by_domain(&asked);
        assert_eq!(found[1], None);
        assert_eq!(found[0], found[2]);
        for at in [0, 3] {
            assert_eq!(dataset.domain(found[at].expect("found")), asked[at]);
        }
    }
}

engine_test! {
    /// The served dataset's decision on what a signed-in user can learn of a person
    /// (ARCHITECTURE.md): which choice a declined contact made — opted out, email download
    /// refused, or both — and the lawful basis on record for them are not in the file.
    /// Contacts that differ only there are served byte for byte alike; every count an export
    /// depends on stays exact (the test above).
    fn a_declined_contact_s_choices_are_not_served() {
        use clearlist_engine::dataset::build_with_rules;
        use clearlist_engine::taxonomy::LawfulBasis;
        let fixture = fixture();
        let rules = crate::fixture::rules();
        let declined = |vault: &clearlist_engine::vault::Vault| {
            build_with_rules(vault, &fixture.pseudonyms, &rules).expect("build")
        };
        let served = declined(&fixture.vault);
        let mut recast = fixture.vault.clone();
        let mut changed = 0;
        for contact in &mut recast.contacts {
            if contact.opted_out || !contact.email_download {
                // The other declining choice, the other basis.
                (contact.opted_out, contact.email_download) = if contact.opted_out {
                    (false, false)
                } else {
                    (true, true)
                };
                contact.lawful_basis = match contact.lawful_basis {
                    LawfulBasis::Consent => LawfulBasis::LegitimateInterest,
                    LawfulBasis::LegitimateInterest => LawfulBasis::Consent,
                };
                changed += 1;
            }
        }
        assert!(changed > 0);
        assert!(served == declined(&recast), "{changed} declined contacts recast changed the file");
        // A choice that does change exportability does change the file.
        let mut reachable = fixture.vault.clone();
        let contact = reachable.contacts.iter_mut().find(|c| !c.opted_out && c.email_download).expect("a reachable contact");
        contact.opted_out = true;
        assert!(served != declined(&reachable));
    }
}
