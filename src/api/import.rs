//! Imports (`/api/import`): the upload of the four CSV files, with the bytes sent so far
//! (an `XMLHttpRequest`, since `fetch` reports no upload progress), and the job's state;
//! and the dataset version the server would send now (`/api/dataset/version`).

use serde::Deserialize;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FormData, ProgressEvent, XmlHttpRequest};

use super::client::{self, get};
use super::{ApiError, network_error};

/// A row the import left out.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SkippedRow {
    /// `accounts.csv`, `contacts.csv` or `intent.csv`.
    pub file: String,
    /// Line (the header is line 1).
    pub line: u64,
    /// Why, naming file, line and column.
    pub reason: String,
}

/// What an import wrote (or, dry run, would write).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ImportOutcome {
    /// Accounts.
    pub accounts: u64,
    /// Contacts.
    pub contacts: u64,
    /// Intent records.
    pub intent: u64,
    /// The first rows left out, in file order.
    pub skipped: Vec<SkippedRow>,
    /// Every row left out.
    pub skipped_total: u64,
    /// Nothing was written.
    pub dry_run: bool,
}

/// An import job as the server reports it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ImportJob {
    /// Id.
    pub id: u64,
    /// A dry run.
    pub dry_run: bool,
    /// `reading`, `pseudonymising`, `writing` or `done`.
    pub stage: String,
    /// Bytes of the files read so far.
    pub read_bytes: u64,
    /// Bytes of the files.
    pub total_bytes: u64,
    /// The report, once done.
    pub outcome: Option<ImportOutcome>,
    /// Why nothing was imported, once done.
    pub error: Option<String>,
}

/// `GET /api/import/{id}`.
///
/// # Errors
/// An [`ApiError`].
pub async fn import_job(id: u64) -> Result<ImportJob, ApiError> {
    get(&format!("/api/import/{id}")).await
}

#[derive(Deserialize)]
struct Version {
    version: String,
}

/// `GET /api/dataset/version`: the version a download would have now.
///
/// # Errors
/// An [`ApiError`].
pub async fn dataset_version() -> Result<String, ApiError> {
    Ok(get::<Version>("/api/dataset/version").await?.version)
}

/// `POST /api/import`: uploads `files` (part name, file), calling `progress(sent, total)`
/// as the bytes go; the started job.
///
/// # Errors
/// An [`ApiError`]: the network, or the server's refusal with its message.
pub async fn start_import(
    files: &[(&str, File)],
    dry_run: bool,
    progress: impl Fn(f64, f64) + 'static,
) -> Result<ImportJob, ApiError> {
    let form = FormData::new().map_err(network_error)?;
    for (name, file) in files {
        form.append_with_blob_and_filename(name, file, &file.name())
            .map_err(network_error)?;
    }
    let request = XmlHttpRequest::new().map_err(network_error)?;
    request
        .open_with_async("POST", &format!("/api/import?dry_run={dry_run}"), true)
        .map_err(network_error)?;
    if let Some((name, token)) = client::csrf_header() {
        request
            .set_request_header(name, &token)
            .map_err(network_error)?;
    }
    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() {
            progress(event.loaded(), event.total());
        }
    });
    request
        .upload()
        .map_err(network_error)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    // `loadend` follows success, error and abort alike.
    let finished = js_sys::Promise::new(&mut |resolve, _| request.set_onloadend(Some(&resolve)));
    request
        .send_with_opt_form_data(Some(&form))
        .map_err(network_error)?;
    let _ = JsFuture::from(finished).await;
    // The progress callback lives until the request has ended.
    drop(on_progress);
    answer(&request).inspect_err(client::notice)
}

/// The job from the upload's answer, or the server's refusal.
fn answer(request: &XmlHttpRequest) -> Result<ImportJob, ApiError> {
    let status = request.status().map_err(network_error)?;
    let body = request
        .response_text()
        .map_err(network_error)?
        .unwrap_or_default();
    if status == 0 {
        return Err(ApiError::Network("the upload was interrupted".to_owned()));
    }
    if (200..300).contains(&status) {
        return serde_json::from_str(&body).map_err(|err| ApiError::Malformed(err.to_string()));
    }
    let status_text = request.status_text().unwrap_or_default();
    Err(client::status_error(status, &status_text, &body))
}
