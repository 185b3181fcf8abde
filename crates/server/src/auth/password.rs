//! Password hashing with Argon2id at the OWASP-recommended cost (19 MiB, 2 passes, 1 lane).
//! Hashing takes tens of milliseconds by design, so it runs on the blocking pool.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Shortest password accepted when a user is created or changes it.
pub(crate) const MIN_LENGTH: usize = 12;

fn hasher() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: m = 19456 KiB, t = 2, p = 1.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password (PHC string with a random salt).
///
/// # Errors
/// Only if Argon2 rejects its own parameters.
pub(crate) fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|err| anyhow::anyhow!("hashing a password: {err}"))?
        .to_string())
}

/// Whether `password` matches the stored hash. A malformed hash matches nothing.
pub(crate) fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Verifies against a fixed hash: sign-in with an unknown email costs the same time as with
/// a known one, so timing does not reveal which emails have accounts.
pub(crate) fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not a password of anyone").unwrap_or_default());
    let _ = verify(password, stored);
}

/// [`hash`] on the blocking pool.
pub(crate) async fn hash_async(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

/// [`verify`] on the blocking pool; `None` as the hash verifies against a dummy and fails.
pub(crate) async fn verify_async(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            verify_dummy(&password);
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_use_argon2id_at_owasp_cost() {
        let stored = hash("correct horse battery").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterY", &stored));
        assert!(!verify("anything", "not a hash"));
        assert_ne!(stored, hash("correct horse battery").unwrap(), "salted");
    }
}
