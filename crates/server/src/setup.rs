//! Writing the vault and setting up tenants and users: used by the command line
//! (`clearlist import`, `clearlist demo`, `clearlist user add`) and by the tests.
//!
//! Pseudonyms are computed here, on the server, with the key stored in the database, on
//! every core: one PRF evaluation costs tens of microseconds and a vault holds millions of
//! contacts.

use std::thread;

use anyhow::{Context as _, Result, anyhow};
use clearlist_engine::pseudonym::PseudonymKey;
use clearlist_engine::suppression::normalise_email;
use clearlist_engine::vault::Vault;
use clearlist_vault_io::generate::{GenerateConfig, generate};
use clearlist_vault_io::vault_csv::{Rejections, VaultRead};
use serde::Serialize;

use crate::auth::password;
use crate::import::{self, ImportOutcome, Progress};
use crate::roles::Role;
use crate::store::Store;
use crate::store::tenants::Tenant;
use crate::store::users::User;

/// Imports a generated or already checked vault (accounts, contacts, intent) in one
/// transaction: either all of it is committed or, if the process dies or anything fails,
/// none. Contacts who were erased are left out and counted.
///
/// # Errors
/// When the database cannot be written, the pseudonym key is unreadable or an email does
/// not normalise.
pub fn import_vault(store: &Store, vault: Vault, source: &str) -> Result<ImportOutcome> {
    let read = VaultRead {
        vault,
        contact_lines: Vec::new(),
        rejected: Rejections::default(),
    };
    Ok(import::import_read(
        store,
        read,
        source,
        false,
        &Progress::default(),
    )?)
}

/// The pseudonym of every contact's email, in order. Every email must normalise.
pub(crate) fn pseudonyms(key: &PseudonymKey, vault: &Vault) -> Result<Vec<u64>> {
    let contacts = &vault.contacts;
    let threads = thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = contacts.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        let workers: Vec<_> = contacts
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|contact| {
                            let email = normalise_email(&contact.email)
                                .ok_or_else(|| anyhow!("contact {}: invalid email", contact.id))?;
                            Ok(key.pseudonym(&email)?.0)
                        })
                        .collect::<Result<Vec<u64>>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(contacts.len());
        for worker in workers {
            all.extend(
                worker
                    .join()
                    .map_err(|_| anyhow!("a pseudonym worker panicked"))??,
            );
        }
        Ok(all)
    })
}

/// Creates a tenant licensing `segments` (segment names as the vault spells them).
///
/// # Errors
/// When the name is taken or the database cannot be written.
pub fn create_tenant(store: &Store, name: &str, segments: &[String]) -> Result<Tenant> {
    Ok(store.create_tenant_blocking(name, segments)?)
}

/// Creates a user with a password.
///
/// # Errors
/// When the email is taken or the database cannot be written.
pub fn create_user(
    store: &Store,
    tenant: i64,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<User> {
    let hash = password::hash(password)?;
    Ok(store.create_user_blocking(tenant, email, name, role, &hash)?)
}

/// The `n` segments with the most intent records in the vault, most first.
///
/// # Errors
/// When the database cannot be read.
pub fn top_segments(store: &Store, n: usize) -> Result<Vec<String>> {
    Ok(store.top_segments_blocking(n)?)
}

/// A demo user's sign-in.
#[derive(Clone, Debug, Serialize)]
pub struct Credential {
    /// Sign-in email.
    pub email: String,
    /// The generated password.
    pub password: String,
    /// Role.
    pub role: Role,
    /// Display name.
    pub name: String,
}

/// Segments the demo tenant licenses.
pub const DEMO_SEGMENTS: usize = 5;

/// Fills an empty database with a synthetic vault of `accounts` accounts from `seed`, a
/// tenant "Demo Co" licensing the five busiest segments, and one user of each role with a
/// random password.
///
/// # Errors
/// When the database already holds tenants or cannot be written.
pub fn demo(store: &Store, accounts: u32, seed: u64) -> Result<Demo> {
    let existing = store.tenant_ids_blocking()?;
    anyhow::ensure!(
        existing.is_empty(),
        "{} already holds tenants; `demo` only fills an empty database",
        store.path().display()
    );
    let vault = generate(&GenerateConfig::new(accounts, seed));
    let suppression_sample = suppression_sample(&vault);
    import_vault(store, vault, &format!("synthetic demo data (seed {seed})"))
        .context("importing the generated vault")?;
    let segments = top_segments(store, DEMO_SEGMENTS)?;
    let tenant = create_tenant(store, "Demo Co", &segments)?;
    let people = [
        (Role::Administrator, "admin", "Ada Admin"),
        (Role::ListBuilder, "builder", "Bo Builder"),
        (Role::ReadOnly, "reader", "Rae Reader"),
    ];
    let mut credentials = Vec::new();
    for (role, local, name) in people {
        let email = format!("{local}@demo.clearlist.test");
        let password = crate::auth::random_token();
        create_user(store, tenant.id, &email, name, role, &password)?;
        credentials.push(Credential {
            email,
            password,
            role,
            name: name.to_owned(),
        });
    }
    Ok(Demo {
        tenant,
        credentials,
        suppression_sample,
    })
}

/// What [`demo`] created.
#[derive(Debug)]
pub struct Demo {
    /// The organisation.
    pub tenant: Tenant,
    /// One user of each role.
    pub credentials: Vec<Credential>,
    /// A suppression file to try the app's suppression matching with (see
    /// [`suppression_sample`]).
    pub suppression_sample: String,
}

/// A suppression file over a vault, as a customer's CRM export would look: a header, the
/// emails of the first 200 contacts (one in upper case, as exports have them), the domains
/// of 10 accounts, and two lines holding neither (which the app reports by line number).
#[must_use]
pub fn suppression_sample(vault: &Vault) -> String {
    let mut file = String::from("email\n");
    for (index, contact) in vault.contacts.iter().take(200).enumerate() {
        if index == 0 {
            file.push_str(&contact.email.to_uppercase());
        } else {
            file.push_str(&contact.email);
        }
        file.push('\n');
    }
    file.push_str("not an address\n");
    for account in vault.accounts.iter().rev().take(10) {
        file.push_str(&account.domain);
        file.push('\n');
    }
    file.push_str("someone@\n");
    file
}
