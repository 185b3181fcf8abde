//! The server under load: cheap requests stay fast while many browsers download the
//! dataset compressed, because each dataset version is compressed once, off the threads
//! that answer requests.
//!
//! These are the only tests here that look at a clock. Their bounds are far from both
//! sides: a request to `/api/health` takes well under a millisecond on an idle server, and
//! compressing the large template's dataset per download took, with 40 downloads in
//! flight on two worker threads, seconds per health request.

use std::time::{Duration, Instant};

use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};

use crate::{TestServer, header};

/// Concurrent downloads, as on a Monday morning when a team signs in.
const DOWNLOADS: usize = 40;

/// Health requests are sent one after the other until every download is complete, and at
/// least this many.
const MIN_PROBES: usize = 5;

/// Not one health request may take this long while the downloads run.
const BOUND: Duration = Duration::from_millis(250);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_at_once_while_many_compressed_datasets_download() {
    let server = TestServer::start_large().await;
    let client = server.sign_in(Role::ReadOnly).await;
    let download = || {
        let request = client
            .request(Method::GET, "/api/dataset")
            .header("accept-encoding", "br");
        async move {
            let response = request.send().await.expect("dataset request");
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(header(response.headers(), "content-encoding"), "br");
            response.bytes().await.expect("dataset body")
        }
    };
    // The first download builds the dataset; the ones measured find it built.
    let reference = download().await;

    let started = Instant::now();
    let downloads: Vec<_> = (0..DOWNLOADS).map(|_| tokio::spawn(download())).collect();
    let mut latencies = Vec::new();
    while latencies.len() < MIN_PROBES || downloads.iter().any(|task| !task.is_finished()) {
        let sent = Instant::now();
        let response = server.get("/api/health").send().await.expect("health");
        assert_eq!(response.status(), StatusCode::OK);
        latencies.push(sent.elapsed());
    }
    let elapsed = started.elapsed();
    for finished in downloads {
        let body = finished.await.expect("download task");
        // Every download got the one compressed copy.
        assert_eq!(body, reference);
    }
    let slowest = latencies.iter().max().copied().unwrap_or_default();
    assert!(
        slowest < BOUND,
        "a health request took {slowest:?} ({} requests) while {DOWNLOADS} datasets of {} \
         compressed bytes downloaded in {elapsed:?}",
        latencies.len(),
        reference.len()
    );
}
