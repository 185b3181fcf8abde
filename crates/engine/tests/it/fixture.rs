//! A small generated vault and its dataset, shared by the tests.

use clearlist_engine::dataset::{Dataset, build_with_rules};
use clearlist_engine::email_rules::{B2bRule, EmailRules};
use clearlist_engine::pseudonym::PseudonymKey;
use clearlist_engine::vault::Vault;
use clearlist_vault_io::generate::{GenerateConfig, generate};

/// The fixture's PRF key seed.
pub(crate) const KEY_SEED: [u8; 32] = [7; 32];

pub(crate) struct Fixture {
    pub(crate) vault: Vault,
    pub(crate) bytes: Vec<u8>,
    pub(crate) dataset: Dataset,
    pub(crate) pseudonyms: Vec<u64>,
}

/// The fixture organisation's email rules: these countries opt-out, every other opt-in.
pub(crate) fn rules() -> EmailRules {
    EmailRules::new(
        ["US", "GB", "FR", "NL", "AU", "IN"]
            .into_iter()
            .map(|code| (code.to_owned(), B2bRule::OptOut)),
    )
}

/// A 1,500-account vault (seed 11) and its dataset, built once per test binary.
pub(crate) fn fixture() -> &'static Fixture {
    static FIXTURE: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| fixture_of(1_500, 11))
}

pub(crate) fn fixture_of(accounts: u32, seed: u64) -> Fixture {
    let vault = generate(&GenerateConfig::new(accounts, seed));
    let key = PseudonymKey::from_seed(&KEY_SEED).expect("key from seed");
    let pseudonyms: Vec<u64> = vault
        .contacts
        .iter()
        .map(|contact| {
            let email = clearlist_engine::suppression::normalise_email(&contact.email)
                .expect("generated emails are valid");
            key.pseudonym(&email).expect("pseudonym").0
        })
        .collect();
    with_pseudonyms(vault, pseudonyms)
}

/// A vault of `accounts` accounts whose pseudonyms are stand-ins (the contact's position),
/// for tests where the PRF would dominate and suppression by pseudonym is not under test.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn large_fixture(accounts: u32) -> Fixture {
    let vault = generate(&GenerateConfig::new(accounts, 5));
    let pseudonyms = (0..vault.contacts.len() as u64).collect();
    with_pseudonyms(vault, pseudonyms)
}

fn with_pseudonyms(vault: Vault, pseudonyms: Vec<u64>) -> Fixture {
    let bytes = build_with_rules(&vault, &pseudonyms, &rules()).expect("build");
    let dataset = Dataset::decode(&bytes).expect("decode");
    Fixture {
        vault,
        bytes,
        dataset,
        pseudonyms,
    }
}
