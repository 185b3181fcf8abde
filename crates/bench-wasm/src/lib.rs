//! Benchmark entry points for the engine compiled to WebAssembly. A JS host (Node, see
//! `run.mjs`) loads a dataset file, then times each call with `performance.now()`, so the
//! figures are those of the WASM build, not of native code.

use clearlist_engine::dataset::Dataset;
use clearlist_engine::list_query::ListQuery;
use clearlist_engine::pseudonym::{Pseudonym, PseudonymKey, blind, finalize};
use clearlist_engine::query::{Context, QueryOptions, ResolvedQuery, run};
use clearlist_engine::suppression::SuppressionSet;
use clearlist_engine::workload;
use wasm_bindgen::prelude::*;

/// A decoded dataset and the workload prepared from it.
#[wasm_bindgen]
pub struct Bench {
    dataset: Dataset,
    queries: Vec<(&'static str, ListQuery, QueryOptions)>,
    pseudonyms: Vec<u64>,
    domains: Vec<String>,
    prefixes: Vec<String>,
    next_prefix: usize,
    keystrokes: Vec<String>,
    next_keystroke: usize,
}

#[wasm_bindgen]
impl Bench {
    /// Decodes and indexes a dataset file (the "decode + index" figure).
    ///
    /// # Errors
    /// The decoder's message for a bad file.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<Bench, JsError> {
        let dataset = Dataset::decode(bytes).map_err(|error| JsError::new(&error.to_string()))?;
        let queries = workload::queries(&dataset);
        let pseudonyms = workload::suppression_pseudonyms(&dataset, 100_000);
        let domains = workload::suppression_domains(&dataset, 1_000);
        let prefixes = workload::typeahead_prefixes(&dataset, 64);
        let keystrokes = workload::typeahead_keystrokes(&dataset, 64);
        Ok(Bench {
            dataset,
            queries,
            pseudonyms,
            domains,
            prefixes,
            next_prefix: 0,
            keystrokes,
            next_keystroke: 0,
        })
    }

    /// Accounts in the dataset.
    #[must_use]
    pub fn accounts(&self) -> usize {
        self.dataset.len()
    }

    /// Builds the contact bitmaps (the app does it once the list is on screen).
    pub fn prepare_contacts(&self) {
        self.dataset.prepare_contacts();
    }

    /// Builds the type-ahead's word index (the app does it once the list is on screen).
    pub fn prepare_search(&self) {
        self.dataset.prepare_search();
    }

    /// Approximate heap bytes the decoded dataset holds.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        self.dataset.heap_bytes()
    }

    /// Names of the list queries (Q1–Q3, Q6, Q7), by index.
    #[must_use]
    pub fn query_names(&self) -> Vec<String> {
        self.queries
            .iter()
            .map(|(name, _, _)| (*name).to_owned())
            .collect()
    }

    /// Runs list query `index`; returns its match count.
    #[must_use]
    pub fn run_query(&self, index: usize) -> f64 {
        let (_, query, options) = &self.queries[index % self.queries.len()];
        run(&self.dataset, query, options).map_or(-1.0, |result| result.count as f64)
    }

    /// Q9: the function and seniority facet counts of Q6 (the list with contact clauses)
    /// alone, the definition resolved first; returns the contacts counted for the first
    /// function.
    #[must_use]
    pub fn run_contact_facets(&self) -> f64 {
        let Some((_, query, _)) = self.queries.iter().find(|(name, _, _)| *name == "Q6") else {
            return -1.0;
        };
        ResolvedQuery::resolve(&self.dataset, query, Context::default()).map_or(-1.0, |resolved| {
            let [(_, functions), _] = resolved.contact_facet_counts();
            functions.first().map_or(0.0, |value| value.count as f64)
        })
    }

    /// Q4: builds the suppression matcher and applies it; returns suppressed contacts.
    #[must_use]
    pub fn run_suppression(&self) -> f64 {
        let set = SuppressionSet::new(
            self.domains.clone(),
            self.pseudonyms.iter().copied().map(Pseudonym).collect(),
        );
        f64::from(
            u32::try_from(self.dataset.apply_suppression(&set).contacts.len()).unwrap_or(u32::MAX),
        )
    }

    /// Q5: one type-ahead keystroke; returns the number of suggestions.
    pub fn run_typeahead(&mut self) -> usize {
        self.next_prefix = (self.next_prefix + 1) % self.prefixes.len();
        self.dataset
            .suggest(&self.prefixes[self.next_prefix], 8)
            .len()
    }

    /// Q8: one keystroke of typing a part from inside a name; returns the number of
    /// suggestions.
    pub fn run_typeahead_inside(&mut self) -> usize {
        self.next_keystroke = (self.next_keystroke + 1) % self.keystrokes.len();
        self.dataset
            .suggest(&self.keystrokes[self.next_keystroke], 8)
            .len()
    }
}

/// Client-side oblivious PRF cost: blinds `n` emails, has a local key evaluate them (the
/// server's share, measured natively), and finalizes. Returns `[blind_ms, finalize_ms]`
/// measured with the host's clock via `now`.
///
/// # Errors
/// A message if the exchange fails.
#[wasm_bindgen]
pub fn oprf_client_cost(n: usize, now: &js_sys_now::Now) -> Result<Vec<f64>, JsError> {
    let key = PseudonymKey::from_seed(&[5; 32]).map_err(|e| JsError::new(&e.to_string()))?;
    let emails: Vec<String> = (0..n).map(|i| format!("person{i}@example.com")).collect();
    let start = now.now();
    let (state, blinded) =
        blind(&emails, &mut rand_core::OsRng).map_err(|e| JsError::new(&e.to_string()))?;
    let blinded_at = now.now();
    let evaluated = key
        .evaluate_blinded(&blinded)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let finalize_start = now.now();
    finalize(&state, &evaluated).map_err(|e| JsError::new(&e.to_string()))?;
    let end = now.now();
    Ok(vec![blinded_at - start, end - finalize_start])
}

/// The host clock, passed in from JS so this crate needs no web-sys.
pub mod js_sys_now {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// An object with a `now()` method returning milliseconds (e.g. `performance`).
        pub type Now;

        /// Milliseconds.
        #[wasm_bindgen(method)]
        pub fn now(this: &Now) -> f64;
    }
}
