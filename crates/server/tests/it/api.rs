//! `/api`: the dataset download, its caching, the health check and JSON errors.

use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::{TestServer, assert_security_headers, header, sample_dataset};

fn expected_etag(bytes: &[u8]) -> String {
    let hex: String = Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("\"{hex}\"")
}

#[tokio::test]
async fn dataset_is_served_byte_for_byte() {
    let bytes = sample_dataset();
    let server = TestServer::start(&bytes).await;

    let response = server.get("/api/dataset").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(header(&headers, "content-type"), "application/octet-stream");
    assert_eq!(header(&headers, "content-length"), bytes.len().to_string());
    assert_eq!(
        header(&headers, "x-uncompressed-length"),
        bytes.len().to_string()
    );
    assert_eq!(header(&headers, "etag"), expected_etag(&bytes));
    assert_eq!(header(&headers, "cache-control"), "private, no-cache");
    assert!(headers.get("content-encoding").is_none());
    assert_security_headers(&headers);
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
}

#[tokio::test]
async fn matching_etag_gives_not_modified() {
    let bytes = sample_dataset();
    let server = TestServer::start(&bytes).await;
    let etag = expected_etag(&bytes);

    let response = server
        .get("/api/dataset")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    let headers = response.headers().clone();
    assert_eq!(header(&headers, "etag"), etag);
    assert_eq!(header(&headers, "cache-control"), "private, no-cache");
    assert_security_headers(&headers);
    assert!(response.bytes().await.unwrap().is_empty());

    let response = server
        .get("/api/dataset")
        .header("if-none-match", "\"stale\", W/\"older\"")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
}

#[tokio::test]
async fn a_rebuilt_dataset_is_picked_up() {
    let server = TestServer::start(&sample_dataset()).await;
    let first = server.get("/api/dataset").send().await.unwrap();
    let first_etag = header(first.headers(), "etag").to_owned();

    let rebuilt: Vec<u8> = sample_dataset()
        .into_iter()
        .rev()
        .chain([1, 2, 3])
        .collect();
    std::fs::write(&server.dataset, &rebuilt).unwrap();
    let response = server
        .get("/api/dataset")
        .header("if-none-match", &first_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(response.headers(), "etag"), expected_etag(&rebuilt));
    assert_eq!(response.bytes().await.unwrap().as_ref(), rebuilt.as_slice());
}

#[tokio::test]
async fn compressed_dataset_has_its_own_etag() {
    let bytes = sample_dataset();
    let server = TestServer::start(&bytes).await;
    let plain_etag = expected_etag(&bytes);

    for (encoding, suffix) in [("br", "-br\""), ("gzip", "-gzip\"")] {
        let response = server
            .get("/api/dataset")
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert_eq!(header(&headers, "content-encoding"), encoding);
        let etag = header(&headers, "etag").to_owned();
        assert_eq!(
            etag,
            format!("{}{suffix}", plain_etag.trim_end_matches('"'))
        );
        // The progress bar's total survives compression.
        assert_eq!(
            header(&headers, "x-uncompressed-length"),
            bytes.len().to_string()
        );
        assert!(
            header(&headers, "vary")
                .to_ascii_lowercase()
                .contains("accept-encoding")
        );
        let body = response.bytes().await.unwrap();
        assert!(body.len() < bytes.len(), "{encoding}: {} bytes", body.len());

        let response = server
            .get("/api/dataset")
            .header("accept-encoding", encoding)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{encoding}");
    }
}

#[tokio::test]
async fn missing_dataset_is_a_json_503() {
    let server = TestServer::start(&sample_dataset()).await;
    std::fs::remove_file(&server.dataset).unwrap();
    let response = server.get("/api/dataset").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "dataset_unavailable");
    // The file system path is an internal detail and stays out of the message.
    assert!(!body.to_string().contains("dataset.clds"), "{body}");
}

#[tokio::test]
async fn health() {
    let server = TestServer::start(&sample_dataset()).await;
    let response = server.get("/api/health").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_security_headers(response.headers());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ok" }));
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let server = TestServer::start(&sample_dataset()).await;
    for path in ["/api/nope", "/api/dataset/extra", "/api"] {
        let response = server.get(path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_security_headers(response.headers());
        assert!(header(response.headers(), "content-type").starts_with("application/json"));
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
        assert!(body["error"]["message"].is_string(), "{path}");
    }
}

#[tokio::test]
async fn wrong_method_is_a_json_405() {
    let server = TestServer::start(&sample_dataset()).await;
    let response = server
        .client
        .post(format!("{}/api/dataset", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}
