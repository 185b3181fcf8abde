//! A suppression file picked by the user, matched in the browser: the file is parsed here
//! (never uploaded), its emails become pseudonyms through the oblivious PRF exchange with
//! the server (which sees only blinded points, and the browser only the pseudonyms), and
//! the resulting set removes accounts (by domain) and contacts (by pseudonym) from every
//! list while it is loaded. The blinding runs in a web worker ([`worker`]) so the page
//! stays responsive; where no worker can start, it runs in the page between frames.
//!
//! What stays loaded ([`LoadedSuppression`]) holds pseudonyms and domains only, which is
//! also what an export or "save to the organisation" sends.

pub mod oprf;
pub mod worker;

use std::collections::BTreeMap;

use clearlist_engine::pseudonym::Pseudonym;
use clearlist_engine::query::AppliedSuppression;
use clearlist_engine::suppression::{self, InvalidLine, SuppressionSet};
use leptos::prelude::*;

use crate::api::{self, ApiError, PrfAnswer, SuppressionBody};
use crate::engine_bridge::Dataset;
use crate::suppression_file::worker::Pseudonymiser;

/// Emails per PRF request (the server accepts up to 5,000).
pub const BATCH: usize = 1_000;

/// Where loading a file stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loading {
    /// The file is being read and parsed.
    Reading,
    /// Emails are being pseudonymised: done of total.
    Pseudonymising {
        /// Emails done.
        done: usize,
        /// Emails in the file.
        total: usize,
    },
    /// The server paces pseudonyms per minute: waiting before the next batch.
    Waiting {
        /// Emails done.
        done: usize,
        /// Emails in the file.
        total: usize,
        /// Seconds left to wait.
        seconds: u64,
    },
    /// The set is being matched against the dataset.
    Matching,
}

/// Why a file could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SuppressionError {
    /// The file could not be read.
    #[error("the file could not be read: {0}")]
    Read(String),
    /// A PRF request failed.
    #[error("the emails could not be pseudonymised: {0}")]
    Server(#[from] ApiError),
    /// The blinding or unblinding failed (worker or in-page).
    #[error("the emails could not be pseudonymised: {0}")]
    Oprf(String),
}

/// A loaded suppression file: what was read, and what it removes.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedSuppression {
    /// The file's name.
    pub file_name: String,
    /// Lines in the file.
    pub lines_read: usize,
    /// The header line skipped, if any.
    pub header_line: Option<usize>,
    /// Distinct emails read.
    pub emails: usize,
    /// Distinct domains read.
    pub domains: usize,
    /// Entries dropped as repeats.
    pub duplicates: usize,
    /// Lines with nothing usable, with their numbers.
    pub invalid: Vec<InvalidLine>,
    /// Accounts of the dataset removed (suppressed domains).
    pub accounts_suppressed: u64,
    /// Contacts of the dataset removed (suppressed pseudonyms).
    pub contacts_suppressed: u64,
    /// What the engine removes from lists.
    pub applied: AppliedSuppression,
    /// Pseudonyms and domains, as exports and the organisation's lists take them.
    pub body: SuppressionBody,
}

/// The loaded file of the signed-in view, shared through context: lists read it, the
/// upload sets it.
#[derive(Clone, Copy, Debug)]
pub struct SuppressionSlot(pub RwSignal<Option<crate::components::Shared<LoadedSuppression>>>);

/// Loads a file's bytes: parse, pseudonymise the emails (reporting progress), match.
///
/// # Errors
/// A [`SuppressionError`] when the PRF exchange fails; nothing is kept then.
pub async fn load(
    dataset: &Dataset,
    file_name: String,
    bytes: &[u8],
    progress: impl Fn(Loading),
) -> Result<LoadedSuppression, SuppressionError> {
    progress(Loading::Reading);
    let parsed = suppression::parse_suppression(bytes);
    let pseudonyms = pseudonymise(&parsed.emails, &progress).await?;
    progress(Loading::Matching);
    let body = SuppressionBody {
        pseudonyms: pseudonyms.iter().map(|p| format!("{p:016x}")).collect(),
        domains: parsed.domains.clone(),
    };
    let set = SuppressionSet::new(
        parsed.domains.clone(),
        pseudonyms.into_iter().map(Pseudonym).collect(),
    );
    let applied = dataset.apply_suppression(&set);
    Ok(LoadedSuppression {
        file_name,
        lines_read: parsed.lines_read,
        header_line: parsed.header_line,
        emails: parsed.emails.len(),
        domains: parsed.domains.len(),
        duplicates: parsed.duplicates,
        invalid: parsed.invalid,
        accounts_suppressed: applied.accounts.len(),
        contacts_suppressed: applied.contacts.len(),
        applied,
        body,
    })
}

/// The pseudonyms of `emails` (same order), batch by batch: blind (worker), evaluate
/// (server), unblind (worker). When the server paces the batches (its per-minute
/// allowance), the batch is sent again after the wait it names.
async fn pseudonymise(
    emails: &[String],
    progress: &impl Fn(Loading),
) -> Result<Vec<u64>, SuppressionError> {
    let total = emails.len();
    progress(Loading::Pseudonymising { done: 0, total });
    if emails.is_empty() {
        return Ok(Vec::new());
    }
    let pseudonymiser = Pseudonymiser::start().await;
    let mut pseudonyms = Vec::with_capacity(total);
    for (index, batch) in emails.chunks(BATCH).enumerate() {
        let id = u32::try_from(index).unwrap_or(u32::MAX);
        let blinded = pseudonymiser.blind(id, batch).await?;
        let evaluated = loop {
            match api::evaluate_prf(&blinded).await? {
                PrfAnswer::Evaluated(evaluated) => break evaluated,
                PrfAnswer::Wait(seconds) => {
                    let done = pseudonyms.len();
                    for left in (1..=seconds).rev() {
                        progress(Loading::Waiting {
                            done,
                            total,
                            seconds: left,
                        });
                        gloo_timers::future::sleep(std::time::Duration::from_secs(1)).await;
                    }
                }
            }
        };
        pseudonyms.extend(pseudonymiser.finalize(id, evaluated).await?);
        progress(Loading::Pseudonymising {
            done: pseudonyms.len(),
            total,
        });
    }
    Ok(pseudonyms)
}

/// Invalid lines grouped by reason, for the summary: reason → line numbers.
#[must_use]
pub fn invalid_by_reason(invalid: &[InvalidLine]) -> BTreeMap<String, Vec<usize>> {
    let mut grouped: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for line in invalid {
        grouped
            .entry(line.reason.to_string())
            .or_default()
            .push(line.line);
    }
    grouped
}
