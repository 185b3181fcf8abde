//! Contact pseudonyms: a keyed PRF of the normalised email, computed by the server
//! directly and by the browser obliviously, so that suppression lists match contacts
//! without either side showing the other its emails.
//!
//! # Protocol
//!
//! The PRF is the OPRF mode of RFC 9497 with the `ristretto255-SHA512` cipher suite
//! (the `voprf` crate). A pseudonym is the first 8 bytes of the 64-byte PRF output.
//!
//! Who holds what:
//!
//! - **Server**: the secret key ([`PseudonymKey`]), and the vault's emails. It computes every
//!   contact's pseudonym directly ([`PseudonymKey::pseudonym`]) when it builds the
//!   de-identified dataset. **The key never leaves the server**: a browser holding it could
//!   compute the pseudonym of any guessed email and so reverse the dataset by dictionary,
//!   just as unkeyed email hashes are routinely reversed.
//! - **Browser**: the dataset (pseudonyms only) and the user's suppression file (emails).
//!   To learn the pseudonyms of its own emails it runs the exchange below in batches:
//!
//! ```text
//! browser                                              server (holds key k)
//! (states, blinded) = blind(emails, rng)
//!     blinded[i] = r_i · H(email_i), r_i random  ──────►
//!                                                      evaluate_blinded(blinded)
//!                                  ◄──────  evaluated[i] = k · blinded[i]
//! finalize(states, evaluated)
//!     = SHA-512(email_i, r_i⁻¹ · evaluated[i])
//!     = the server's direct pseudonym(email_i)
//! ```
//!
//! What each side learns:
//!
//! - The server sees only uniformly random group elements: each `r_i · H(email_i)` is
//!   independent of the email because `r_i` is fresh and secret. It learns **nothing about
//!   the emails**, only how many were sent.
//! - The browser learns the pseudonyms of the emails it submitted, and so whether each of
//!   them is a contact in its dataset (the purpose of suppression), but nothing about the
//!   key: it cannot compute pseudonyms offline. Each evaluation still answers "what is the
//!   pseudonym of this email?", so the endpoint is an oracle that would reverse the dataset
//!   by dictionary if it were unlimited: **the server rate-limits evaluations per user**,
//!   with a budget sized for suppression files rather than for enumerating guessed
//!   addresses. Batch sizes and budgets are the server's policy; this module sets none.
//!
//! OPRF mode is not verifiable: a dishonest server could answer with another key, and the
//! browser would only see that nothing matches. That is acceptable because the server is the
//! party that serves the dataset in the first place.

use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use std::fmt;
use voprf::{BlindedElement, EvaluationElement, OprfClient, OprfServer, Ristretto255};

/// Length in bytes of a serialised group element (blinded or evaluated).
pub const ELEMENT_LEN: usize = 32;

/// Length in bytes of a serialised secret key.
pub const KEY_LEN: usize = 32;

/// A serialised group element as it travels between browser and server (base64 in JSON).
pub type ElementBytes = [u8; ELEMENT_LEN];

/// The server's secret PRF key. Server only: it must never be sent to a browser.
///
/// `Debug` does not print the key. The underlying scalar is zeroed when dropped; copies
/// made with [`PseudonymKey::to_bytes`] are the caller's to protect.
#[derive(Clone)]
pub struct PseudonymKey {
    /// The OPRF server state: just the secret scalar.
    server: OprfServer<Suite>,
}

/// A contact's pseudonym: the first 8 bytes (little endian) of the OPRF output of the
/// contact's normalised email.
///
/// # Why 64 bits suffice
///
/// Pseudonyms are only compared for equality, between the dataset's contacts (up to
/// 5,000,000) and one suppression list (say 100,000 emails). A PRF output behaves like a
/// uniform random value, so the expected number of wrong matches between distinct emails
/// is about `5·10⁶ × 10⁵ / 2⁶⁴ ≈ 2.7·10⁻⁸`, and the chance that any two of the 5M
/// contacts share a pseudonym is about `(5·10⁶)² / 2⁶⁵ ≈ 6.8·10⁻⁷`. A wrong match would
/// suppress a contact too many, the safe direction. Eight bytes halve the dataset's
/// pseudonym column compared with 16 and make matching a plain `u64` lookup.
///
/// # Why shortening does not weaken the protection
///
/// The protection comes from the key, not from the length: without the key, the output
/// (full or truncated) is indistinguishable from random, so nobody can test a guessed
/// email against a pseudonym offline, however short it is. A truncation of a PRF is itself
/// a PRF. What 64 bits do give up is collision resistance against someone who can evaluate
/// the PRF about 2³² times, which only the rate-limited server endpoint could offer, and a
/// collision would not reveal an email anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pseudonym(pub u64);

/// The browser's secret state between [`blind`] and [`finalize`]: the emails and the
/// blinding scalars. It never leaves the browser; `Debug` prints only the count.
#[derive(Clone)]
pub struct BlindedEmails {
    /// The emails as they were blinded; `finalize` hashes them again.
    emails: Vec<String>,
    /// One blinding state per email, same order.
    states: Vec<OprfClient<Suite>>,
}

/// Errors of the pseudonym protocol. None of them carries an email.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PseudonymError {
    /// The key bytes are not a canonical, non-zero ristretto255 scalar.
    #[error("the pseudonym key is not a valid ristretto255 scalar")]
    InvalidKey,
    /// Deriving a key from a seed failed; RFC 9497 allows this with negligible probability.
    #[error("could not derive a pseudonym key from the seed")]
    KeyDerivation,
    /// An email is empty or longer than 65,535 bytes, which the OPRF does not accept (index
    /// 0 for a single evaluation).
    #[error("email {index} is empty or too long to pseudonymise")]
    InvalidInput {
        /// Position of the email in the batch.
        index: usize,
    },
    /// A blinded element sent to the server is not 32 bytes encoding a valid, non-identity
    /// ristretto255 point.
    #[error("blinded element {index} is malformed")]
    MalformedBlinded {
        /// Position of the element in the batch.
        index: usize,
    },
    /// An evaluated element returned by the server is not 32 bytes encoding a valid,
    /// non-identity ristretto255 point.
    #[error("evaluated element {index} is malformed")]
    MalformedEvaluated {
        /// Position of the element in the batch.
        index: usize,
    },
    /// The server returned a different number of evaluated elements than were blinded.
    #[error("{received} evaluated elements received for {sent} blinded emails")]
    CountMismatch {
        /// Elements blinded and sent.
        sent: usize,
        /// Elements received.
        received: usize,
    },
}

/// Blinds a batch of normalised emails for the server to evaluate. Browser side.
///
/// Returns the secret client state, to keep for [`finalize`], and the blinded elements, to
/// send to the server's evaluation endpoint in the same order. The emails must already be
/// normalised with [`crate::suppression::normalise_email`], as the server's are.
///
/// # Errors
///
/// [`PseudonymError::InvalidInput`] if an email is empty or longer than 65,535 bytes.
pub fn blind<S, R>(
    emails: &[S],
    rng: &mut R,
) -> Result<(BlindedEmails, Vec<ElementBytes>), PseudonymError>
where
    S: AsRef<str>,
    R: RngCore + CryptoRng,
{
    let mut states = Vec::with_capacity(emails.len());
    let mut blinded = Vec::with_capacity(emails.len());
    for (index, email) in emails.iter().enumerate() {
        let input = checked_input(email.as_ref(), index)?;
        let res = OprfClient::<Suite>::blind(input, rng)
            .map_err(|_| PseudonymError::InvalidInput { index })?;
        blinded.push(res.message.serialize().into());
        states.push(res.state);
    }
    let emails = emails
        .iter()
        .map(|email| email.as_ref().to_owned())
        .collect();
    Ok((BlindedEmails { emails, states }, blinded))
}

/// Unblinds the server's answer to [`blind`] into pseudonyms, one per email, in order.
/// Browser side.
///
/// The result equals [`PseudonymKey::pseudonym`] of each email under the server's key.
///
/// # Errors
///
/// [`PseudonymError::CountMismatch`] if the answer has the wrong length;
/// [`PseudonymError::MalformedEvaluated`] naming the first element that is not a valid
/// point.
pub fn finalize<B: AsRef<[u8]>>(
    states: &BlindedEmails,
    evaluated: &[B],
) -> Result<Vec<Pseudonym>, PseudonymError> {
    if evaluated.len() != states.len() {
        return Err(PseudonymError::CountMismatch {
            sent: states.len(),
            received: evaluated.len(),
        });
    }
    let mut pseudonyms = Vec::with_capacity(evaluated.len());
    for (index, ((email, state), bytes)) in states
        .emails
        .iter()
        .zip(&states.states)
        .zip(evaluated)
        .enumerate()
    {
        let element = decode_element(bytes.as_ref(), EvaluationElement::<Suite>::deserialize)
            .ok_or(PseudonymError::MalformedEvaluated { index })?;
        let output = state
            .finalize(email.as_bytes(), &element)
            .map_err(|_| PseudonymError::InvalidInput { index })?;
        pseudonyms.push(Pseudonym::from_output(&output));
    }
    Ok(pseudonyms)
}

impl PseudonymKey {
    /// Derives a key from a 32-byte seed (RFC 9497 `DeriveKeyPair`, with a Clearlist-specific
    /// info string), so that a key can be reproduced from a seed kept in a secret store.
    ///
    /// # Errors
    ///
    /// [`PseudonymError::KeyDerivation`] with negligible probability.
    pub fn from_seed(seed: &[u8; KEY_LEN]) -> Result<Self, PseudonymError> {
        let server = OprfServer::<Suite>::new_from_seed(seed, KEY_INFO)
            .map_err(|_| PseudonymError::KeyDerivation)?;
        Ok(Self { server })
    }

    /// Generates a fresh random key.
    ///
    /// # Errors
    ///
    /// [`PseudonymError::KeyDerivation`] with negligible probability.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Result<Self, PseudonymError> {
        let mut seed = [0; KEY_LEN];
        rng.fill_bytes(&mut seed);
        Self::from_seed(&seed)
    }

    /// The secret scalar, for the server's key storage. Never send it anywhere else.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; KEY_LEN] {
        self.server.serialize().into()
    }

    /// A key from bytes produced by [`PseudonymKey::to_bytes`].
    ///
    /// # Errors
    ///
    /// [`PseudonymError::InvalidKey`] if the bytes are not a canonical, non-zero scalar.
    pub fn from_bytes(bytes: &[u8; KEY_LEN]) -> Result<Self, PseudonymError> {
        let server =
            OprfServer::<Suite>::new_with_key(bytes).map_err(|_| PseudonymError::InvalidKey)?;
        Ok(Self { server })
    }

    /// The pseudonym of a normalised email, evaluated directly with the key. Server side:
    /// this is how the dataset's pseudonym column is built. The email must already be
    /// normalised with [`crate::suppression::normalise_email`].
    ///
    /// # Errors
    ///
    /// [`PseudonymError::InvalidInput`] (index 0) if the email is empty or longer than
    /// 65,535 bytes.
    pub fn pseudonym(&self, normalised_email: &str) -> Result<Pseudonym, PseudonymError> {
        let output = self
            .server
            .evaluate(checked_input(normalised_email, 0)?)
            .map_err(|_| PseudonymError::InvalidInput { index: 0 })?;
        Ok(Pseudonym::from_output(&output))
    }

    /// Evaluates a batch of blinded elements from a browser. Server side, behind the
    /// rate-limited endpoint; the answer has the same length and order as the input.
    ///
    /// # Errors
    ///
    /// [`PseudonymError::MalformedBlinded`] naming the first element that is not 32 bytes
    /// encoding a valid, non-identity point; nothing is evaluated then.
    pub fn evaluate_blinded<B: AsRef<[u8]>>(
        &self,
        blinded: &[B],
    ) -> Result<Vec<ElementBytes>, PseudonymError> {
        // Decode everything before evaluating anything, so a bad batch costs no scalar
        // multiplications and cannot be half answered.
        let elements = blinded
            .iter()
            .enumerate()
            .map(|(index, bytes)| {
                decode_element(bytes.as_ref(), BlindedElement::<Suite>::deserialize)
                    .ok_or(PseudonymError::MalformedBlinded { index })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(elements
            .iter()
            .map(|element| self.server.blind_evaluate(element).serialize().into())
            .collect())
    }
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key is the one secret that protects every pseudonym: never print it.
        f.debug_struct("PseudonymKey").finish_non_exhaustive()
    }
}

impl Pseudonym {
    /// The pseudonym of a 64-byte OPRF output.
    fn from_output(output: &[u8]) -> Self {
        let mut first = [0; 8];
        first.copy_from_slice(&output[..8]);
        Pseudonym(u64::from_le_bytes(first))
    }
}

impl BlindedEmails {
    /// Number of emails in the batch.
    #[must_use]
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// Whether the batch is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }
}

impl fmt::Debug for BlindedEmails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The emails and blinds are the user's secrets; logs get the count only.
        f.debug_struct("BlindedEmails")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

/// The RFC 9497 cipher suite: ristretto255 with SHA-512.
type Suite = Ristretto255;

/// Domain separation for key derivation: a seed used elsewhere yields a different key here.
const KEY_INFO: &[u8] = b"clearlist contact pseudonym v1";

/// The OPRF input of an email. RFC 9497 allows inputs up to 65,535 bytes, the empty one
/// included; no normalised email is empty, and rejecting it here makes the direct and the
/// oblivious paths fail alike.
fn checked_input(email: &str, index: usize) -> Result<&[u8], PseudonymError> {
    if email.is_empty() || email.len() > usize::from(u16::MAX) {
        return Err(PseudonymError::InvalidInput { index });
    }
    Ok(email.as_bytes())
}

/// Decodes one element of exactly [`ELEMENT_LEN`] bytes. `voprf` reads the first 32 bytes
/// and ignores the rest, so the exact length is checked here.
fn decode_element<T>(bytes: &[u8], deserialize: fn(&[u8]) -> voprf::Result<T>) -> Option<T> {
    if bytes.len() != ELEMENT_LEN {
        return None;
    }
    deserialize(bytes).ok()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn key(seed: u8) -> PseudonymKey {
        PseudonymKey::from_seed(&[seed; KEY_LEN]).unwrap()
    }

    fn random_email(rng: &mut StdRng) -> String {
        use rand::Rng;
        let local: String = (0..rng.gen_range(1..20))
            .map(|_| char::from(rng.gen_range(b'a'..=b'z')))
            .collect();
        format!(
            "{local}.{}@example{}.com",
            rng.r#gen::<u32>(),
            rng.gen_range(0..100)
        )
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn oblivious_equals_direct() {
        let mut rng = StdRng::seed_from_u64(7);
        let key = key(1);
        let emails: Vec<String> = (0..50).map(|_| random_email(&mut rng)).collect();
        let (states, blinded) = blind(&emails, &mut rng).unwrap();
        assert_eq!(states.len(), emails.len());
        let evaluated = key.evaluate_blinded(&blinded).unwrap();
        let oblivious = finalize(&states, &evaluated).unwrap();
        let direct: Vec<Pseudonym> = emails
            .iter()
            .map(|email| key.pseudonym(email).unwrap())
            .collect();
        assert_eq!(oblivious, direct);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn blinding_is_randomised() {
        let mut rng = StdRng::seed_from_u64(8);
        let emails = ["a@example.com", "a@example.com"];
        let (_, blinded) = blind(&emails, &mut rng).unwrap();
        // The same email blinds to unrelated elements: the server cannot even see repeats.
        assert_ne!(blinded[0], blinded[1]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn empty_batch() {
        let mut rng = StdRng::seed_from_u64(9);
        let (states, blinded) = blind::<String, _>(&[], &mut rng).unwrap();
        assert!(states.is_empty());
        assert!(key(1).evaluate_blinded(&blinded).unwrap().is_empty());
        assert!(finalize::<ElementBytes>(&states, &[]).unwrap().is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn different_keys_give_different_pseudonyms() {
        let email = "jane.doe@example.com";
        let first = key(1).pseudonym(email).unwrap();
        assert_ne!(first, key(2).pseudonym(email).unwrap());
        assert_eq!(first, key(1).pseudonym(email).unwrap());
        assert_ne!(first, key(1).pseudonym("john.doe@example.com").unwrap());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn key_bytes_round_trip() {
        let mut rng = StdRng::seed_from_u64(10);
        let key = PseudonymKey::generate(&mut rng).unwrap();
        let restored = PseudonymKey::from_bytes(&key.to_bytes()).unwrap();
        assert_eq!(
            restored.pseudonym("a@b.co").unwrap(),
            key.pseudonym("a@b.co").unwrap()
        );
        assert_eq!(
            PseudonymKey::from_bytes(&[0; KEY_LEN]).unwrap_err(),
            PseudonymError::InvalidKey
        );
        // Not a canonical scalar: above the group order.
        assert_eq!(
            PseudonymKey::from_bytes(&[0xff; KEY_LEN]).unwrap_err(),
            PseudonymError::InvalidKey
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn debug_hides_secrets() {
        let key = key(3);
        let printed = format!("{key:?}");
        assert_eq!(printed, "PseudonymKey { .. }");
        let mut rng = StdRng::seed_from_u64(11);
        let (states, _) = blind(&["secret@example.com"], &mut rng).unwrap();
        assert!(!format!("{states:?}").contains("secret"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn malformed_blinded_elements_are_rejected_with_their_index() {
        let mut rng = StdRng::seed_from_u64(12);
        let key = key(1);
        let (_, blinded) = blind(&["a@example.com", "b@example.com"], &mut rng).unwrap();
        let good = blinded[0].to_vec();
        let cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            good[..31].to_vec(),
            [good.clone(), vec![0]].concat(),
            vec![0; ELEMENT_LEN],    // the identity
            vec![0xff; ELEMENT_LEN], // not a canonical encoding
        ];
        for bad in cases {
            let batch = vec![good.clone(), bad.clone()];
            assert_eq!(
                key.evaluate_blinded(&batch),
                Err(PseudonymError::MalformedBlinded { index: 1 }),
                "{bad:?}"
            );
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn malformed_answers_are_rejected() {
        let mut rng = StdRng::seed_from_u64(13);
        let key = key(1);
        let (states, blinded) = blind(&["a@example.com", "b@example.com"], &mut rng).unwrap();
        let evaluated = key.evaluate_blinded(&blinded).unwrap();
        assert_eq!(
            finalize(&states, &evaluated[..1]),
            Err(PseudonymError::CountMismatch {
                sent: 2,
                received: 1
            })
        );
        let truncated = vec![evaluated[0].to_vec(), evaluated[1][..16].to_vec()];
        assert_eq!(
            finalize(&states, &truncated),
            Err(PseudonymError::MalformedEvaluated { index: 1 })
        );
        let garbage = vec![vec![0xff; ELEMENT_LEN], evaluated[1].to_vec()];
        assert_eq!(
            finalize(&states, &garbage),
            Err(PseudonymError::MalformedEvaluated { index: 0 })
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn arbitrary_bytes_never_panic() {
        let mut rng = StdRng::seed_from_u64(14);
        let key = key(1);
        let (states, _) = blind(&["a@example.com"], &mut rng).unwrap();
        for len in 0..=40 {
            for _ in 0..20 {
                use rand::Rng;
                let bytes: Vec<u8> = (0..len).map(|_| rng.r#gen()).collect();
                // Random 32-byte strings are valid points about 1 time in 8; either way no
                // panic, and a valid point must be answered.
                let _ = key.evaluate_blinded(std::slice::from_ref(&bytes));
                let _ = finalize(&states, std::slice::from_ref(&bytes));
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unusable_emails_are_rejected_with_their_index() {
        let mut rng = StdRng::seed_from_u64(15);
        let key = key(1);
        let long = "a".repeat(70_000);
        assert_eq!(
            key.pseudonym(""),
            Err(PseudonymError::InvalidInput { index: 0 })
        );
        assert_eq!(
            key.pseudonym(&long),
            Err(PseudonymError::InvalidInput { index: 0 })
        );
        let batch = ["a@example.com", "", "b@example.com"];
        assert_eq!(
            blind(&batch, &mut rng).unwrap_err(),
            PseudonymError::InvalidInput { index: 1 }
        );
        let batch = ["a@example.com", &long];
        assert_eq!(
            blind(&batch, &mut rng).unwrap_err(),
            PseudonymError::InvalidInput { index: 1 }
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn pseudonym_is_first_eight_bytes_little_endian() {
        let key = key(4);
        let output = key.server.evaluate(b"a@example.com").unwrap();
        let expected = u64::from_le_bytes(output[..8].try_into().unwrap());
        assert_eq!(key.pseudonym("a@example.com").unwrap(), Pseudonym(expected));
    }
}
