//! Golden files: a committed dataset of the current format version (as a browser caches
//! it) and a corpus of list URLs with what each means on it — its canonical form or its
//! error, its count, contacts, exportable contacts and top ten with scores. A change that
//! alters what an existing link or a cached dataset means fails here. The files of earlier
//! versions stay too: each must be refused by its version (the app then downloads anew),
//! never read with another meaning.
//!
//! To accept an intended change of meaning, run the native test with
//! `CLEARLIST_BLESS_GOLDEN=1` and review the diff of `urls.expected.jsonl`. A dataset file
//! is never rewritten: it stands for every copy already in browsers. The same run writes the
//! current version's file when it is missing (a new format version), from
//! `fixture::fixture_of(300, 30)` (generator seed 30, pseudonyms under the fixture's key,
//! the fixture's email rules), a vault whose intent section ends in entries of the smallest
//! size; version 1 was built from the same fixture. Version 2 means the same as version 1
//! for every URL of the corpus (`urls.expected.jsonl` changed only in its version line).

use clearlist_engine::dataset::{Dataset, DecodeError};
use clearlist_engine::list_url;
use clearlist_engine::query::{QueryOptions, run};
use serde_json::{Value, json};

const DATASET: &[u8] = include_bytes!("../golden/dataset-v2.clds");
/// Datasets of earlier format versions, with their version.
const EARLIER: &[(u16, &[u8])] = &[(1, include_bytes!("../golden/dataset-v1.clds"))];
const URLS: &str = include_str!("../golden/urls.txt");
const EXPECTED: &str = include_str!("../golden/urls.expected.jsonl");

/// What `url` means on `dataset`, as one JSON object.
fn meaning(dataset: &Dataset, url: &str) -> Value {
    let query = match list_url::decode(url) {
        Ok(query) => query,
        Err(error) => return json!({ "url": url, "error": error.to_string() }),
    };
    let canonical = list_url::encode(&query);
    let options = QueryOptions {
        top: 10,
        contacts: true,
        ..QueryOptions::default()
    };
    match run(dataset, &query, &options) {
        Ok(result) => json!({
            "url": url,
            "canonical": canonical,
            "count": result.count,
            "contacts": result.contacts,
            "exportable": result.exportable,
            "top": result.top.iter().map(|ranked| json!([ranked.id, ranked.score])).collect::<Vec<_>>(),
        }),
        Err(error) => json!({ "url": url, "canonical": canonical, "error": error.to_string() }),
    }
}

fn meanings() -> Vec<Value> {
    let dataset = Dataset::decode(DATASET).expect("the golden dataset decodes");
    let mut lines = vec![json!({ "dataset": dataset.version(), "accounts": dataset.len() })];
    lines.extend(
        URLS.lines()
            .filter(|line| !line.is_empty())
            .map(|url| meaning(&dataset, url)),
    );
    lines
}

engine_test! {
    fn datasets_of_earlier_versions_are_refused_by_version() {
        for &(version, bytes) in EARLIER {
            assert!(matches!(
                Dataset::decode(bytes),
                Err(DecodeError::UnsupportedVersion { found }) if found == version
            ));
        }
    }
}

engine_test! {
    fn existing_links_and_cached_datasets_keep_their_meaning() {
        let actual = meanings();
        #[cfg(not(target_arch = "wasm32"))]
        if std::env::var_os("CLEARLIST_BLESS_GOLDEN").is_some() {
            let text: String = actual.iter().map(|line| format!("{line}\n")).collect();
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/urls.expected.jsonl");
            std::fs::write(path, text).expect("write the expected meanings");
            return;
        }
        let expected: Vec<Value> = EXPECTED
            .lines()
            .map(|line| serde_json::from_str(line).expect("an expected line is JSON"))
            .collect();
        assert_eq!(actual.len(), expected.len(), "the corpus and its expectations differ in length");
        for (actual, expected) in actual.iter().zip(&expected) {
            assert_eq!(actual, expected);
        }
    }
}
