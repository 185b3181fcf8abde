//! The JSON resources of the API beyond the session: saved lists, exports, the oblivious
//! PRF and suppression lists. Bodies are (de)serialised with serde; requests go through
//! [`super::client`].

use std::collections::BTreeMap;

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use super::client::{self, EMPTY, call, get, parse, send_json, text};
use super::{ApiError, network_error};

pub use clearlist_wire::{ListAccounts, SavedList, Snapshot};

/// A suppression list in force for an export: pseudonyms (16 hex digits) and domains.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SuppressionBody {
    /// Email pseudonyms, as 16 lower-case hex digits.
    pub pseudonyms: Vec<String>,
    /// Company or email domains.
    pub domains: Vec<String>,
}

/// What an export would hold (`POST /api/lists/{id}/exports/preview`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ExportPreview {
    /// The list's name.
    pub list_name: String,
    /// Dataset version the server ran it on.
    pub dataset_version: String,
    /// Accounts in the list.
    pub accounts: u64,
    /// Contacts at those accounts.
    pub contacts: u64,
    /// Contacts that would be exported.
    pub rows: u64,
    /// The most rows one export of the organisation may hold.
    #[serde(default)]
    pub max_rows: Option<u64>,
    /// Contacts left out, by reason slug.
    pub excluded: BTreeMap<String, u64>,
    /// Every contact left out, with the rule that leaves it out (no name or email).
    #[serde(default)]
    pub left_out: Vec<LeftOutContact>,
}

/// A contact an export would leave out, as the preview names it: pseudonymous.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LeftOutContact {
    /// Contact id.
    pub contact_id: u64,
    /// Account id.
    pub account_id: u64,
    /// Company name.
    pub company: String,
    /// Function slug.
    pub function: String,
    /// Seniority slug.
    pub seniority: String,
    /// Country of work (upper-case ISO code; empty when unknown).
    pub country: String,
    /// `consent` or `legitimate-interest`.
    pub lawful_basis: String,
    /// The country's rule: `opt-in` or `opt-out`.
    pub country_rule: String,
    /// Why it is left out.
    pub reason: String,
}

/// An export that was sent: the file and the server's report of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// Export id (history).
    pub id: u64,
    /// Contacts in the file.
    pub rows: u64,
    /// Contacts left out, by reason slug.
    pub excluded: BTreeMap<String, u64>,
    /// The file name the server proposes.
    pub file_name: String,
    /// The CSV.
    pub csv: String,
}

/// One export in the history (`GET /api/exports`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ExportRecord {
    /// Id.
    pub id: u64,
    /// Who exported.
    pub user_id: u64,
    /// The list, unless deleted since.
    pub list_id: Option<u64>,
    /// The list's name then.
    pub list_name: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Contacts exported.
    pub rows: u64,
    /// Contacts left out, by reason.
    pub excluded: BTreeMap<String, u64>,
    /// Why the export was flagged later (`opted out`, `erased`), if it was.
    pub flag_reason: Option<String>,
}

/// A suppression list saved to the organisation (`GET /api/suppression-lists`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SavedSuppression {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Pseudonyms held.
    pub pseudonyms: u64,
    /// Domains held.
    pub domains: u64,
}

/// The lists the caller can see.
///
/// # Errors
/// An [`ApiError`] when the request fails.
pub async fn lists() -> Result<Vec<SavedList>, ApiError> {
    get("/api/lists").await
}

/// A list's frozen account ids.
///
/// # Errors
/// An [`ApiError`] when the request fails (404 for a list the caller cannot see).
pub async fn list_accounts(id: u64) -> Result<ListAccounts, ApiError> {
    get(&format!("/api/lists/{id}/accounts")).await
}

/// Saves a list; the server takes its snapshot.
///
/// # Errors
/// An [`ApiError`] when the request fails or the server refuses (role, name, definition).
pub async fn create_list(name: &str, definition: &str) -> Result<SavedList, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        name: &'a str,
        definition: &'a str,
    }
    call(Method::POST, "/api/lists", &Body { name, definition }).await
}

/// Changes a list's definition (the server re-takes its snapshot).
///
/// # Errors
/// An [`ApiError`] when the request fails or the server refuses.
pub async fn redefine_list(id: u64, definition: &str) -> Result<SavedList, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        definition: &'a str,
    }
    let path = format!("/api/lists/{id}");
    call(Method::PATCH, &path, &Body { definition }).await
}

/// What exporting a list would hold.
///
/// # Errors
/// An [`ApiError`] when the request fails or the caller may not export.
pub async fn preview_export(
    list_id: u64,
    suppression: &SuppressionBody,
) -> Result<ExportPreview, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        suppression: &'a SuppressionBody,
    }
    let path = format!("/api/lists/{list_id}/exports/preview");
    call(Method::POST, &path, &Body { suppression }).await
}

/// Exports a list (re-authenticated with the caller's password).
///
/// # Errors
/// An [`ApiError`]: 401 for a wrong password, 429 past the daily quota, 403 for a role
/// that may not export.
pub async fn export(
    list_id: u64,
    password: &str,
    suppression: &SuppressionBody,
) -> Result<ExportFile, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        password: &'a str,
        suppression: &'a SuppressionBody,
    }
    let path = format!("/api/lists/{list_id}/exports");
    let body = Body {
        password,
        suppression,
    };
    let response = send_json(Method::POST, &path, &body).await?;
    let headers = response.headers();
    let header = |name: &str| headers.get(name);
    let malformed = |what: &str| ApiError::Malformed(format!("the export has no {what}"));
    let id = header("x-export-id")
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| malformed("id"))?;
    let rows = header("x-export-rows")
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| malformed("row count"))?;
    let excluded = header("x-export-excluded")
        .and_then(|value| serde_json::from_str(&value).ok())
        .ok_or_else(|| malformed("report"))?;
    let file_name = header("content-disposition")
        .and_then(|value| {
            let (_, name) = value.split_once("filename=\"")?;
            name.split('"').next().map(str::to_owned)
        })
        .unwrap_or_else(|| format!("clearlist-export-{id}.csv"));
    Ok(ExportFile {
        id,
        rows,
        excluded,
        file_name,
        csv: text(&response).await?,
    })
}

/// The organisation's export history, newest first.
///
/// # Errors
/// An [`ApiError`] when the request fails or the caller is not an Administrator.
pub async fn exports() -> Result<Vec<ExportRecord>, ApiError> {
    get("/api/exports").await
}

/// What the server made of a batch for the oblivious PRF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrfAnswer {
    /// The evaluated elements, in request order.
    Evaluated(Vec<String>),
    /// The per-minute allowance is spent: send the batch again after this many seconds.
    Wait(u64),
}

/// Longest pause the server may ask for before a batch is sent again; a longer one is the
/// daily quota, which fails the file.
const LONGEST_WAIT_SECS: u64 = 120;

/// Evaluates the oblivious PRF on blinded elements (base64url, 32 bytes each).
///
/// # Errors
/// An [`ApiError`] when the request fails, the caller's role may not, or the daily quota
/// is spent (429).
pub async fn evaluate_prf(blinded: &[String]) -> Result<PrfAnswer, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        blinded: &'a [String],
    }
    #[derive(Deserialize)]
    struct Answer {
        evaluated: Vec<String>,
    }
    let request = client::request(Method::POST, "/api/prf/evaluate").json(&Body { blinded });
    let response = client::send(request).await?;
    let wait = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse::<u64>().ok())
        .filter(|&seconds| response.status() == 429 && seconds <= LONGEST_WAIT_SECS);
    if let Some(seconds) = wait {
        return Ok(PrfAnswer::Wait(seconds));
    }
    let answer: Answer = parse(&response).await?;
    Ok(PrfAnswer::Evaluated(answer.evaluated))
}

/// Saves a suppression list to the organisation (pseudonyms and domains only).
///
/// # Errors
/// An [`ApiError`] when the request fails or the server refuses.
pub async fn save_suppression(
    name: &str,
    list: &SuppressionBody,
) -> Result<SavedSuppression, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        name: &'a str,
        pseudonyms: &'a [String],
        domains: &'a [String],
    }
    let body = Body {
        name,
        pseudonyms: &list.pseudonyms,
        domains: &list.domains,
    };
    call(Method::POST, "/api/suppression-lists", &body).await
}

/// One of the organisation's suppression lists as the index shows it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SuppressionSummary {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Who saved it (user id).
    #[serde(default)]
    pub created_by: u64,
    /// Their name.
    #[serde(default)]
    pub created_by_name: String,
    /// Unix seconds.
    #[serde(default)]
    pub created_at: i64,
    /// Email pseudonyms held.
    #[serde(default)]
    pub pseudonyms: u64,
    /// Domains held.
    #[serde(default)]
    pub domains: u64,
}

/// A suppression list's entries.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SuppressionEntries {
    /// Email pseudonyms, 16 hex digits each.
    pub pseudonyms: Vec<String>,
    /// Normalised domains.
    pub domains: Vec<String>,
}

/// The organisation's suppression lists (Administrators and List Builders).
///
/// # Errors
/// An [`ApiError`] when the request fails (403 for a role that may not read them).
pub async fn suppression_lists() -> Result<Vec<SuppressionSummary>, ApiError> {
    get("/api/suppression-lists").await
}

/// The entries of one of the organisation's suppression lists.
///
/// # Errors
/// An [`ApiError`] when the request fails.
pub async fn suppression_entries(id: u64) -> Result<SuppressionEntries, ApiError> {
    get(&format!("/api/suppression-lists/{id}")).await
}

/// Offers `text` to the user as a file download named `file_name`.
///
/// # Errors
/// An [`ApiError::NoWindow`] outside a browser page.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), ApiError> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(network_error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(network_error)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or(ApiError::NoWindow)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(network_error)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A user of the organisation, as the assignment picker shows them (`GET /api/users`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TeamMember {
    /// Id.
    pub id: u64,
    /// Display name.
    pub name: String,
    /// Sign-in email.
    pub email: String,
}

/// A change to a saved list (`PATCH /api/lists/{id}`): only the fields given change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListChange {
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Share with the whole organisation, or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<bool>,
}

/// A saved search (`GET /api/searches`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SavedSearch {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Canonical list URL fragment.
    pub definition: String,
    /// Whether new matches are reported.
    pub alerts: bool,
}

/// What matches a saved search now that did not at its baseline.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SearchAlerts {
    /// New accounts in total.
    pub count: u64,
    /// The first of them, in list order.
    pub new_accounts: Vec<AlertAccount>,
}

/// An account new to a saved search.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AlertAccount {
    /// Account id.
    pub id: u32,
    /// Company name.
    pub name: String,
}

/// Changes a list's name or sharing.
///
/// # Errors
/// An [`ApiError`] when the request fails or the server refuses.
pub async fn change_list(id: u64, change: &ListChange) -> Result<SavedList, ApiError> {
    call(Method::PATCH, &format!("/api/lists/{id}"), change).await
}

/// Replaces the users a list is assigned to.
///
/// # Errors
/// An [`ApiError`] when the request fails or the server refuses (a user outside the
/// organisation).
pub async fn assign_list(id: u64, user_ids: &[u64]) -> Result<SavedList, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        user_ids: &'a [u64],
    }
    let path = format!("/api/lists/{id}/assignees");
    call(Method::PUT, &path, &Body { user_ids }).await
}

/// The organisation's users (Administrators and List Builders may list them).
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn team() -> Result<Vec<TeamMember>, ApiError> {
    get("/api/users").await
}

/// The caller's saved searches.
///
/// # Errors
/// An [`ApiError`] when the request fails or the role may not.
pub async fn searches() -> Result<Vec<SavedSearch>, ApiError> {
    get("/api/searches").await
}

/// Saves a search with alerts on; the server takes its baseline.
///
/// # Errors
/// An [`ApiError`] when the request fails or the server refuses.
pub async fn create_search(name: &str, definition: &str) -> Result<SavedSearch, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        name: &'a str,
        definition: &'a str,
        alerts: bool,
    }
    let body = Body {
        name,
        definition,
        alerts: true,
    };
    call(Method::POST, "/api/searches", &body).await
}

/// The accounts new to a saved search since its baseline.
///
/// # Errors
/// An [`ApiError`] when the request fails.
pub async fn search_alerts(id: u64) -> Result<SearchAlerts, ApiError> {
    get(&format!("/api/searches/{id}/alerts")).await
}

/// Makes the current matches of a saved search its new baseline.
///
/// # Errors
/// An [`ApiError`] when the request fails.
pub async fn acknowledge_search(id: u64) -> Result<SavedSearch, ApiError> {
    let path = format!("/api/searches/{id}/acknowledge");
    call(Method::POST, &path, &EMPTY).await
}

/// Deletes a saved list; refused, with the dependants named, while another list or a
/// saved search filters by it.
///
/// # Errors
/// An [`ApiError`] with the server's message.
pub async fn delete_list(id: u64) -> Result<(), ApiError> {
    send_json(Method::DELETE, &format!("/api/lists/{id}"), &EMPTY)
        .await
        .map(|_| ())
}

/// Re-takes a list's snapshot on the current dataset.
///
/// # Errors
/// An [`ApiError`] with the server's message.
pub async fn retake_snapshot(id: u64) -> Result<SavedList, ApiError> {
    let path = format!("/api/lists/{id}/snapshot");
    call(Method::POST, &path, &EMPTY).await
}

/// Deletes one of the organisation's suppression lists.
///
/// # Errors
/// An [`ApiError`] with the server's message.
pub async fn delete_suppression(id: u64) -> Result<(), ApiError> {
    let path = format!("/api/suppression-lists/{id}");
    send_json(Method::DELETE, &path, &EMPTY).await.map(|_| ())
}
