//! The browser's half of the oblivious PRF, callable from the worker script (exported to
//! JavaScript) and from the page: blind a batch of emails, keeping the blinding secrets
//! here under a batch id, then unblind the server's answer into pseudonyms.
//!
//! Elements travel as base64url (no padding) of their 32 bytes, as `/api/prf/evaluate`
//! takes and gives them.

use std::cell::RefCell;
use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clearlist_engine::pseudonym::{self, BlindedEmails};
use wasm_bindgen::prelude::*;

thread_local! {
    /// Blinding secrets per batch id, until the batch is unblinded.
    static PENDING: RefCell<HashMap<u32, BlindedEmails>> = RefCell::new(HashMap::new());
}

/// Blinds `emails` (normalised) as batch `batch`; returns the blinded elements in order.
///
/// # Errors
/// The protocol's message for an email it cannot take.
pub fn blind(batch: u32, emails: &[String]) -> Result<Vec<String>, String> {
    let (states, blinded) =
        pseudonym::blind(emails, &mut rand_core::OsRng).map_err(|err| err.to_string())?;
    PENDING.with(|pending| pending.borrow_mut().insert(batch, states));
    Ok(blinded
        .iter()
        .map(|element| URL_SAFE_NO_PAD.encode(element))
        .collect())
}

/// Unblinds the server's answer to batch `batch` into pseudonyms, in order.
///
/// # Errors
/// For an unknown batch, an element that is not base64url, or the protocol's message
/// (wrong count, invalid point).
pub fn finalize(batch: u32, evaluated: &[String]) -> Result<Vec<u64>, String> {
    let states = PENDING
        .with(|pending| pending.borrow_mut().remove(&batch))
        .ok_or_else(|| format!("batch {batch} was not blinded"))?;
    let bytes = evaluated
        .iter()
        .enumerate()
        .map(|(index, text)| {
            URL_SAFE_NO_PAD
                .decode(text)
                .map_err(|_| format!("evaluated element {index} is not base64url"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pseudonyms = pseudonym::finalize(&states, &bytes).map_err(|err| err.to_string())?;
    Ok(pseudonyms.into_iter().map(|p| p.0).collect())
}

/// [`blind`], for the worker script.
///
/// # Errors
/// A JavaScript error with the message of [`blind`].
#[wasm_bindgen(js_name = clearlistOprfBlind)]
pub fn blind_js(batch: u32, emails: Vec<String>) -> Result<Vec<String>, JsError> {
    blind(batch, &emails).map_err(|message| JsError::new(&message))
}

/// [`finalize`], for the worker script; pseudonyms as 16 hex digits (a JavaScript number
/// cannot hold 64 bits).
///
/// # Errors
/// A JavaScript error with the message of [`finalize`].
#[wasm_bindgen(js_name = clearlistOprfFinalize)]
pub fn finalize_js(batch: u32, evaluated: Vec<String>) -> Result<Vec<String>, JsError> {
    finalize(batch, &evaluated)
        .map(|pseudonyms| pseudonyms.iter().map(|p| format!("{p:016x}")).collect())
        .map_err(|message| JsError::new(&message))
}
