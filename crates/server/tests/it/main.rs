//! Integration tests of the HTTP server: the real router on an ephemeral port of
//! 127.0.0.1, a temporary dist directory and a temporary dataset file.

mod api;
mod assets;

use std::path::PathBuf;

use clearlist_server::{AppState, Config};
use reqwest::header::HeaderMap;
use tempfile::TempDir;

/// The fingerprinted script of the fake app build.
const APP_JS: &str = "/clearlist-app-0123456789abcdef.js";
/// The fake app's `index.html`.
const INDEX_HTML: &str = "<!doctype html><html><head><title>Clearlist test</title></head>\
    <body><script type=\"module\" src=\"/boot.js\"></script></body></html>";

/// A server running on 127.0.0.1 for the length of one test.
struct TestServer {
    /// `http://127.0.0.1:<port>` without a trailing slash.
    base: String,
    /// The dataset file being served; tests may rewrite it.
    dataset: PathBuf,
    client: reqwest::Client,
    /// Keeps the dist directory and dataset alive until the test ends.
    _dir: TempDir,
}

impl TestServer {
    /// Starts a server whose dataset file holds `dataset`.
    async fn start(dataset: &[u8]) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let dist = dir.path().join("dist");
        std::fs::create_dir(&dist).expect("dist dir");
        std::fs::write(dist.join("index.html"), INDEX_HTML).expect("index.html");
        std::fs::write(dist.join("boot.js"), "import('/clearlist-app.js');\n").expect("boot.js");
        std::fs::write(
            dist.join(APP_JS.trim_start_matches('/')),
            "export default function init() {}\n".repeat(20),
        )
        .expect("app js");
        let dataset_path = dir.path().join("dataset.clds");
        std::fs::write(&dataset_path, dataset).expect("dataset");

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let state = AppState::new(Config {
            dist_dir: dist,
            dataset_path: dataset_path.clone(),
        });
        tokio::spawn(clearlist_server::serve(
            listener,
            state,
            std::future::pending(),
        ));
        TestServer {
            base: format!("http://{addr}"),
            dataset: dataset_path,
            // No default features: the client neither asks for nor decodes compression, so
            // tests see exactly what the server sends.
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(format!("{}{path}", self.base))
    }
}

/// A dataset stand-in: a few kilobytes of compressible, non-text bytes.
fn sample_dataset() -> Vec<u8> {
    (0..40_000u32)
        .map(|i| (i % 251) as u8 ^ (i / 997) as u8)
        .collect()
}

/// The header as a string, or a panic naming the missing header.
#[track_caller]
fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_str()
        .expect("ASCII header")
}

/// Every response carries the security headers.
#[track_caller]
fn assert_security_headers(headers: &HeaderMap) {
    assert_eq!(
        header(headers, "content-security-policy"),
        clearlist_server::CONTENT_SECURITY_POLICY
    );
    let csp = header(headers, "content-security-policy");
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors *",
    ] {
        assert!(csp.contains(directive), "CSP lacks {directive}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(header(headers, "x-content-type-options"), "nosniff");
    assert_eq!(header(headers, "referrer-policy"), "no-referrer");
}
