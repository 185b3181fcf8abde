//! The API's endpoints, one module per resource. Each module's `routes` lists its paths;
//! every handler takes a [`crate::auth::Caller`] (except signing in), checks the caller's
//! permission first, and scopes every query to the caller's tenant.

pub(crate) mod audit;
pub(crate) mod dataset;
pub(crate) mod dsr;
pub(crate) mod embeds;
pub(crate) mod exports;
pub(crate) mod import;
pub(crate) mod links;
pub(crate) mod lists;
pub(crate) mod notifications;
pub(crate) mod prf;
pub(crate) mod rules;
pub(crate) mod searches;
pub(crate) mod session;
pub(crate) mod suppression;
pub(crate) mod users;

use crate::AppError;
use crate::store::StoreError;

/// Longest name of a user, list, search or suppression list.
const MAX_NAME_CHARS: usize = 100;

/// A name as stored: trimmed, 1 to [`MAX_NAME_CHARS`] characters.
pub(crate) fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::bad_request(
            "invalid_name",
            format!("a name has 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    Ok(name.to_owned())
}

/// A store `NotFound` as "no such `what`"; other errors unchanged.
pub(crate) fn not_found_as(err: StoreError, what: &'static str) -> AppError {
    match err {
        StoreError::NotFound => AppError::NoSuch(what),
        other => other.into(),
    }
}
