//! Imports uploaded from the app (Administrators of the organisation that looks after the
//! deployment's vault):
//!
//! - `POST /api/import?dry_run=true|false` (`multipart/form-data` with the parts `meta`,
//!   `accounts`, `contacts` and `intent`, each one of the documented CSV files): streams
//!   the parts to temporary files, starts the import on the blocking pool and answers
//!   `202` with the job; `409 conflict` while another import runs;
//! - `GET /api/import/{id}`: the job: its stage, bytes read of the total, and once done
//!   the report (rows written, each row left out by file and line) or why nothing was.
//!
//! The upload is never held in memory, and the vault's writes come in short batches (see
//! `Store::import_blocking`), so other users' requests carry on during a large import.
//! A finished import (not a dry run) is audited and moves the vault to a new version; the
//! job is done once every organisation's new dataset is built, and every signed-in
//! browser is then offered it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use clearlist_vault_io::vault_csv::CsvFile;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tempfile::TempDir;
use tokio::io::AsyncWriteExt as _;

use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::import::{ImportOutcome, Progress, Stage, import_dir};
use crate::roles::Permission;
use crate::{AppError, AppState};

/// Finished jobs kept for their reports.
const KEPT_JOBS: usize = 20;

pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/import",
            post(start).layer(DefaultBodyLimit::max(state.config.limits.import_bytes)),
        )
        .route("/import/{id}", get(show))
}

/// The server's import jobs: the one running and the last finished.
#[derive(Debug, Default)]
pub(crate) struct ImportJobs {
    jobs: Mutex<VecDeque<Arc<Job>>>,
    /// The tasks running jobs, awaited by a clean stop ([`ImportJobs::finish`]).
    tasks: Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

#[derive(Debug)]
struct Job {
    id: u64,
    tenant: i64,
    dry_run: bool,
    progress: Progress,
    result: OnceLock<Result<ImportOutcome, String>>,
}

impl ImportJobs {
    /// Registers a new job unless one is running.
    fn begin(&self, tenant: i64, dry_run: bool) -> Result<Arc<Job>, AppError> {
        let mut jobs = self
            .jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if jobs.iter().any(|job| job.result.get().is_none()) {
            return Err(AppError::Conflict(
                "another import is running; wait for it to finish".to_owned(),
            ));
        }
        let id = jobs.back().map_or(1, |job| job.id + 1);
        let job = Arc::new(Job {
            id,
            tenant,
            dry_run,
            progress: Progress::default(),
            result: OnceLock::new(),
        });
        jobs.push_back(Arc::clone(&job));
        while jobs.len() > KEPT_JOBS {
            jobs.pop_front();
        }
        Ok(job)
    }

    /// Waits for every job started to end: its writes, audit entry and new datasets.
    pub(crate) async fn finish(&self) {
        let tasks = std::mem::take(
            &mut *self
                .tasks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        if !tasks.is_empty() {
            tracing::info!("waiting for the import under way to finish");
        }
        for task in tasks {
            if let Err(error) = task.await {
                tracing::error!(%error, "an import task failed");
            }
        }
    }

    fn track(&self, task: tokio::task::JoinHandle<()>) {
        let mut tasks = self
            .tasks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tasks.retain(|task| !task.is_finished());
        tasks.push(task);
    }

    fn get(&self, id: u64, tenant: i64) -> Option<Arc<Job>> {
        let jobs = self
            .jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        jobs.iter()
            .find(|job| job.id == id && job.tenant == tenant)
            .cloned()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    #[serde(default)]
    dry_run: bool,
}

/// A job as the API shows it.
#[derive(Serialize)]
struct JobView {
    id: u64,
    dry_run: bool,
    stage: Stage,
    read_bytes: u64,
    total_bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<ImportOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl From<&Job> for JobView {
    fn from(job: &Job) -> Self {
        let (read_bytes, total_bytes) = job.progress.bytes();
        let (stage, outcome, error) = match job.result.get() {
            Some(Ok(outcome)) => (Stage::Done, Some(outcome.clone()), None),
            Some(Err(error)) => (Stage::Done, None, Some(error.clone())),
            None => (job.progress.stage(), None, None),
        };
        JobView {
            id: job.id,
            dry_run: job.dry_run,
            stage,
            read_bytes,
            total_bytes,
            outcome,
            error,
        }
    }
}

async fn start(
    State(state): State<AppState>,
    caller: Caller,
    Query(options): Query<Options>,
    multipart: Multipart,
) -> Result<(StatusCode, Json<JobView>), AppError> {
    caller.require(Permission::Administer)?;
    if !state.store.is_vault_steward(caller.tenant_id()).await? {
        return Err(AppError::Forbidden);
    }
    let job = state.imports.begin(caller.tenant_id(), options.dry_run)?;
    let dir = match receive(multipart).await {
        Ok(dir) => dir,
        Err(error) => {
            let _ = job.result.set(Err(error.to_string()));
            return Err(error);
        }
    };
    let today = crate::store::day_of(crate::store::now());
    // The source travels with each contact into other organisations' exports: no name.
    let source = format!("upload {} on {today}", job.id);
    let view = JobView::from(&*job);
    let imports = Arc::clone(&state.imports);
    imports.track(tokio::spawn(run(
        state,
        caller.tenant_id(),
        caller.user.id,
        job,
        dir,
        source,
    )));
    Ok((StatusCode::ACCEPTED, Json(view)))
}

/// Streams the four parts into a temporary directory, under their file names.
async fn receive(mut multipart: Multipart) -> Result<TempDir, AppError> {
    let dir = tempfile::tempdir().map_err(|err| AppError::Internal(err.into()))?;
    let mut received = [false; CsvFile::ALL.len()];
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        let Some(index) = CsvFile::ALL
            .iter()
            .position(|file| file.file_name().trim_end_matches(".csv") == name)
        else {
            return Err(AppError::bad_request(
                "unknown_part",
                format!("unknown part `{name}`: the parts are meta, accounts, contacts and intent"),
            ));
        };
        let path = dir.path().join(CsvFile::ALL[index].file_name());
        let mut file = tokio::fs::File::create(&path)
            .await
            .map_err(|err| AppError::Internal(err.into()))?;
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            file.write_all(&chunk)
                .await
                .map_err(|err| AppError::Internal(err.into()))?;
        }
        file.flush()
            .await
            .map_err(|err| AppError::Internal(err.into()))?;
        received[index] = true;
    }
    if let Some(missing) = received.iter().position(|got| !got) {
        return Err(AppError::bad_request(
            "missing_part",
            format!("the upload lacks {}", CsvFile::ALL[missing].file_name()),
        ));
    }
    Ok(dir)
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> AppError {
    AppError::Rejected {
        status: error.status(),
        message: format!("the upload could not be read: {}", error.body_text()),
    }
}

/// Runs the import on the blocking pool and records its result (and, when it wrote, the
/// audit entry).
async fn run(state: AppState, tenant: i64, user: i64, job: Arc<Job>, dir: TempDir, source: String) {
    let store = state.store.clone();
    let worker = Arc::clone(&job);
    let result = tokio::task::spawn_blocking(move || {
        let outcome = import_dir(
            &store,
            dir.path(),
            &source,
            worker.dry_run,
            &worker.progress,
        );
        drop(dir);
        outcome.map_err(|failure| failure.to_string())
    })
    .await
    .unwrap_or_else(|_| Err("the import stopped unexpectedly".to_owned()));
    if let Ok(outcome) = &result
        && !outcome.dry_run
    {
        let detail = json!({
            "accounts": outcome.report.accounts,
            "contacts": outcome.report.contacts,
            "intent": outcome.report.intent,
            "skipped": outcome.skipped_total,
        });
        if let Err(err) = state
            .store
            .audit(Some(tenant), Some(user), "vault.import", detail)
            .await
        {
            tracing::error!(error = ?err, "auditing an import");
        }
        // Build the new datasets before the import is reported done (and the new version
        // offered), so that users' requests do not wait for the rebuild.
        if let Err(err) = state.warm_up().await {
            tracing::error!(error = ?err, "building the datasets after an import");
        }
    }
    if let Err(error) = &result {
        tracing::warn!(%error, "import refused");
    }
    let _ = job.result.set(result);
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<u64>,
) -> Result<Json<JobView>, AppError> {
    caller.require(Permission::Administer)?;
    let job = state
        .imports
        .get(id, caller.tenant_id())
        .ok_or(AppError::NoSuch("import"))?;
    Ok(Json(JobView::from(&*job)))
}
