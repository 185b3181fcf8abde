//! Import (`/organisation/import`): an Administrator of the organisation that looks after
//! the vault picks the four documented CSV files, checks them (a dry run) or imports them,
//! with a progress bar through the upload and the server's reading, and gets a report
//! naming each row left out by file, line and reason. Everyone signed in is then offered
//! the new dataset.
//!
//! Test hooks: `import-page`, `import-files`, `import-file` rows (with `data-part`,
//! `data-found`), `import-check`, `import-run`, `import-progress` (with `data-stage`),
//! `import-report` (with `data-dry-run`, `data-accounts`, `data-contacts`,
//! `data-skipped`), `import-skipped` rows (with `data-file`, `data-line`), `import-error`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast as _;
use web_sys::{File, HtmlInputElement};

use super::{OrgFrame, OrgPage};
use crate::api::{self, ImportJob, ImportOutcome, SkippedRow};
use crate::dataset_watch::DatasetWatch;
use crate::format;
use crate::pages::login::sign_in_error;

/// The upload's parts, each one documented file.
pub const PARTS: [&str; 4] = ["meta", "accounts", "contacts", "intent"];

/// Skipped rows listed on the page; the report counts the rest.
const LISTED_ROWS: usize = 500;

/// For each part, the index in `names` of the file named after it (`accounts.csv`,
/// any case), if one was picked.
#[must_use]
pub fn match_parts(names: &[String]) -> [Option<usize>; 4] {
    PARTS.map(|part| {
        names
            .iter()
            .position(|name| name.to_ascii_lowercase() == format!("{part}.csv"))
    })
}

/// Where an import stands, as the progress bar shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nothing started.
    Idle,
    /// The files are on their way: bytes sent of the total.
    Uploading(f64, f64),
    /// The server works on it.
    Running(ImportJob),
    /// Finished: the report.
    Done(ImportOutcome),
    /// Nothing was imported, and why.
    Failed(String),
}

impl Phase {
    /// The bar: what it says, and how far along it is (none: no measure yet).
    #[must_use]
    pub fn bar(&self) -> Option<(String, Option<f64>)> {
        let part = |done: f64, total: f64| (total > 0.0).then(|| (done / total).clamp(0.0, 1.0));
        match self {
            Phase::Uploading(sent, total) => Some((
                format!(
                    "Uploading: {} of {}",
                    format::bytes(*sent as u64),
                    format::bytes(*total as u64)
                ),
                part(*sent, *total),
            )),
            Phase::Running(job) => Some(match job.stage.as_str() {
                "reading" => (
                    format!(
                        "Checking the files: {} of {}",
                        format::bytes(job.read_bytes),
                        format::bytes(job.total_bytes)
                    ),
                    part(job.read_bytes as f64, job.total_bytes as f64),
                ),
                "pseudonymising" => ("Computing the contacts' pseudonyms".to_owned(), None),
                "writing" => ("Writing into the vault".to_owned(), None),
                _ => ("Finishing".to_owned(), Some(1.0)),
            }),
            Phase::Idle | Phase::Done(_) | Phase::Failed(_) => None,
        }
    }

    /// Whether an import is under way.
    #[must_use]
    pub fn busy(&self) -> bool {
        matches!(self, Phase::Uploading(..) | Phase::Running(_))
    }
}

/// The page.
#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <OrgFrame current=OrgPage::Import>
            <ImportForm />
        </OrgFrame>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let watch = use_context::<DatasetWatch>();
    let files = RwSignal::new_local(Vec::<File>::new());
    let phase = RwSignal::new(Phase::Idle);
    let parts = Memo::new(move |_| {
        files.with(|files| match_parts(&files.iter().map(File::name).collect::<Vec<_>>()))
    });
    let ready = move || parts.get().iter().all(Option::is_some) && !phase.with(Phase::busy);
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let list = input.files();
        let picked = (0..list.as_ref().map_or(0, web_sys::FileList::length))
            .filter_map(|i| list.as_ref().and_then(|list| list.item(i)))
            .collect();
        files.set(picked);
        phase.set(Phase::Idle);
    };
    let start = move |dry_run: bool| {
        let chosen: Vec<(&'static str, File)> = files.with_untracked(|files| {
            PARTS
                .iter()
                .zip(parts.get_untracked())
                .filter_map(|(part, index)| Some((*part, files.get(index?)?.clone())))
                .collect()
        });
        phase.set(Phase::Uploading(0.0, 1.0));
        spawn_local(async move {
            let progress = move |sent, total| {
                phase.try_set(Phase::Uploading(sent, total));
            };
            match api::start_import(&chosen, dry_run, progress).await {
                Ok(job) => follow(job, phase, watch).await,
                Err(error) => {
                    phase.try_set(Phase::Failed(sign_in_error(&error)));
                }
            }
        });
    };
    view! {
        <section class="card" data-testid="import-page" aria-labelledby="import-title">
            <h1 id="import-title">"Import data"</h1>
            <p class="muted">
                "Accounts, contacts and intent activity in the documented CSV files. A row that "
                "cannot be used is left out and listed below with its file and line; every other "
                "row is imported. Check the files first to see the report without importing."
            </p>
            <label class="field">
                <span>"The four files: meta.csv, accounts.csv, contacts.csv and intent.csv"</span>
                <input type="file" multiple accept=".csv,text/csv" data-testid="import-files" on:change=pick />
            </label>
            <ul class="import-files">
                {move || {
                    let found = parts.get();
                    PARTS.iter().zip(found).map(|(part, index)| {
                        let size = index.and_then(|i| files.with(|files| files.get(i).map(|f| f.size())));
                        view! {
                            <li data-testid="import-file" data-part=*part data-found=size.is_some().to_string()>
                                <strong>{format!("{part}.csv")}</strong>
                                " "
                                {size.map_or_else(|| "not chosen yet".to_owned(), |bytes| format::bytes(bytes as u64))}
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            <div class="import-actions">
                <button type="button" class="button secondary" data-testid="import-check"
                    disabled=move || !ready() on:click=move |_| start(true)>"Check without importing"</button>
                <button type="button" class="button primary" data-testid="import-run"
                    disabled=move || !ready() on:click=move |_| start(false)>"Import"</button>
            </div>
            <ProgressBar phase=phase />
        </section>
        <Report phase=phase />
    }
}

/// Polls the job until it is done, showing each state.
async fn follow(mut job: ImportJob, phase: RwSignal<Phase>, watch: Option<DatasetWatch>) {
    loop {
        if let Some(outcome) = job.outcome.take() {
            if !outcome.dry_run
                && let Some(watch) = watch
            {
                watch.check_now();
            }
            phase.try_set(Phase::Done(outcome));
            return;
        }
        if let Some(error) = job.error.take() {
            phase.try_set(Phase::Failed(error));
            return;
        }
        phase.try_set(Phase::Running(job.clone()));
        gloo_timers::future::TimeoutFuture::new(400).await;
        match api::import_job(job.id).await {
            Ok(next) => job = next,
            Err(error) => {
                phase.try_set(Phase::Failed(sign_in_error(&error)));
                return;
            }
        }
    }
}

#[component]
fn ProgressBar(phase: RwSignal<Phase>) -> impl IntoView {
    move || {
        phase.with(Phase::bar).map(|(label, fraction)| {
            let stage = phase.with(|p| match p {
                Phase::Running(job) => job.stage.clone(),
                _ => "uploading".to_owned(),
            });
            view! {
                <div class="import-progress" role="status" aria-live="polite">
                    <progress max="1" value=fraction data-testid="import-progress" data-stage=stage
                        aria-label=label.clone()></progress>
                    <span>{label}</span>
                </div>
            }
        })
    }
}

#[component]
fn Report(phase: RwSignal<Phase>) -> impl IntoView {
    move || match phase.get() {
        Phase::Failed(message) => Some(
            view! {
                <section class="card error" role="alert" data-testid="import-error">
                    <h2>"Nothing was imported"</h2>
                    <p>{message}</p>
                </section>
            }
            .into_any(),
        ),
        Phase::Done(outcome) => Some(report_view(&outcome).into_any()),
        _ => None,
    }
}

fn report_view(outcome: &ImportOutcome) -> impl IntoView {
    let verb = if outcome.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    let summary = format!(
        "{verb} {} accounts, {} contacts and {} intent records.",
        format::count(outcome.accounts),
        format::count(outcome.contacts),
        format::count(outcome.intent)
    );
    let rows = outcome
        .skipped
        .iter()
        .take(LISTED_ROWS)
        .map(|row| {
            view! {
                <tr data-testid="import-skipped" data-file=row.file.clone() data-line=row.line.to_string()>
                    <td>{row.file.clone()}</td>
                    <td class="num">{row.line.to_string()}</td>
                    <td>{why(row).to_owned()}</td>
                </tr>
            }
        })
        .collect_view();
    let unlisted = outcome
        .skipped_total
        .saturating_sub(LISTED_ROWS.min(outcome.skipped.len()) as u64);
    view! {
        <section class="card" data-testid="import-report" data-dry-run=outcome.dry_run.to_string()
            data-accounts=outcome.accounts.to_string() data-contacts=outcome.contacts.to_string()
            data-skipped=outcome.skipped_total.to_string() aria-labelledby="import-report-title">
            <h2 id="import-report-title">{if outcome.dry_run { "Check" } else { "Import" }}" report"</h2>
            <p><strong>{summary}</strong></p>
            {(!outcome.dry_run).then(|| view! {
                <p class="muted">"Everyone signed in is offered the new dataset."</p>
            })}
            {if outcome.skipped_total == 0 {
                view! { <p>"Every row could be used."</p> }.into_any()
            } else {
                view! {
                    <p>{format!("{} rows left out:", format::count(outcome.skipped_total))}</p>
                    <div class="table-scroll">
                        <table class="org-table">
                            <thead><tr><th scope="col">"File"</th><th scope="col" class="num">"Line"</th><th scope="col">"Why"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {(unlisted > 0).then(|| view! { <p class="muted">{format!("… and {} more.", format::count(unlisted))}</p> })}
                }
                .into_any()
            }}
        </section>
    }
}

/// A skipped row's reason without the file and line its own columns show.
fn why(row: &SkippedRow) -> &str {
    let place = format!("{}, line {}, ", row.file, row.line);
    row.reason.strip_prefix(&place).unwrap_or(&row.reason)
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test(unsupported = test)]
    fn the_reason_column_leaves_out_what_the_file_and_line_columns_say() {
        let row = |reason: &str| SkippedRow {
            file: "contacts.csv".to_owned(),
            line: 106,
            reason: reason.to_owned(),
        };
        let named = row("contacts.csv, line 106, column `email`: `x` is not an email address");
        assert_eq!(why(&named), "column `email`: `x` is not an email address");
        let other = row("accounts.csv, line 2, column `id`: duplicate");
        assert_eq!(why(&other), other.reason);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn files_are_matched_to_parts_by_name() {
        let names = ["Contacts.CSV", "notes.txt", "meta.csv", "accounts.csv"].map(str::to_owned);
        assert_eq!(match_parts(&names), [Some(2), Some(3), Some(0), None]);
        assert_eq!(match_parts(&[]), [None; 4]);
    }

    fn job(stage: &str, read: u64, total: u64) -> ImportJob {
        ImportJob {
            id: 1,
            dry_run: false,
            stage: stage.to_owned(),
            read_bytes: read,
            total_bytes: total,
            outcome: None,
            error: None,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_bar_follows_the_upload_then_the_server() {
        let (label, fraction) = Phase::Uploading(25.0, 100.0).bar().unwrap();
        assert!(label.starts_with("Uploading"), "{label}");
        assert_eq!(fraction, Some(0.25));
        let (label, fraction) = Phase::Running(job("reading", 50, 200)).bar().unwrap();
        assert!(label.starts_with("Checking the files"), "{label}");
        assert_eq!(fraction, Some(0.25));
        // Stages without a measure show an indeterminate bar.
        assert_eq!(Phase::Running(job("writing", 0, 0)).bar().unwrap().1, None);
        assert_eq!(Phase::Uploading(0.0, 0.0).bar().unwrap().1, None);
        assert!(Phase::Idle.bar().is_none());
        assert!(Phase::Running(job("reading", 0, 1)).busy());
        assert!(!Phase::Failed("no".into()).busy());
    }
}
